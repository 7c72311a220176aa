// CanonicalABI.md "Buffer State", "Stream State", "Future State": the two ends of a stream or future and the
// rendezvous of a reader's and a writer's buffer. Element values of pointer-free types are copied memory to memory
// (their bytes are their value in every instance); `none` elements carry no bytes.
import { COPY_CANCELLED, COPY_COMPLETED, COPY_DROPPED } from './codes.js';
import { asyncTrap } from './trap.js';
import { UnsupportedError } from '../../errors.js';
import { Waitable } from './waitables.js';

/** A guest buffer: `length` elements of `size` bytes at `ptr` in `mem` (CanonicalABI.md BufferGuestImpl). */
export class GuestBuffer {
  static readonly MAX_LENGTH = 2 ** 28 - 1;
  progress = 0;
  /** The elements hold pointers or handles (strings, lists, resources): only a host end may copy them (below). */
  nonPlain = false;
  /** A host's buffer (kumiki/wasi): its bytes are written or read by host code that encodes them itself. */
  host = false;
  /** The reader's realloc (canon stream.read's option), for values a host writes that hold strings or lists. */
  realloc: ((...a: number[]) => number) | undefined;
  /** A host writer's encoder: stores its next `n` elements into `dst` (with `dst.realloc` for their strings). */
  encode: ((dst: GuestBuffer, n: number) => void) | undefined;
  constructor(readonly mem: WebAssembly.Memory | undefined, public ptr: number, readonly length: number, readonly size: number, align: number, readonly owner: unknown) {
    if (length > GuestBuffer.MAX_LENGTH) asyncTrap(`buffer length ${length} is over the limit of 2^28-1 elements`);
    if (size > 0 && length > 0) {
      if (ptr % align !== 0) asyncTrap(`buffer pointer ${ptr} is not aligned to ${align}`);
      if (ptr + length * size > (mem?.buffer.byteLength ?? 0)) asyncTrap(`buffer of ${length} elements at ${ptr} is out of bounds of memory`);
    }
  }

  remain(): number { return this.length - this.progress; }
  isZeroLength(): boolean { return this.length === 0; }

  /** Moves `n` elements from `src` into this buffer. */
  takeFrom(src: GuestBuffer, n: number): void {
    if ((this.nonPlain || src.nonPlain) && !this.host && !src.host) {
      throw new UnsupportedError('stream/future copy: elements holding strings, lists or handles are not copied between instances yet');
    }
    if (src.encode !== undefined && n > 0) {
      src.encode(this, n);
      this.ptr += n * this.size;
    } else if (this.size > 0 && n > 0) {
      const bytes = n * this.size;
      new Uint8Array(this.mem!.buffer).set(new Uint8Array(src.mem!.buffer, src.ptr, bytes), this.ptr);
      src.ptr += bytes;
      this.ptr += bytes;
    }
    src.progress += n;
    this.progress += n;
  }
}

type OnCopy = (reclaim: () => void) => void;
type OnCopyDone = (result: number) => void;

/** The shared state of one stream (CanonicalABI.md SharedStreamImpl). */
export class SharedStream {
  dropped = false;
  private pending: { buf: GuestBuffer; onCopy: OnCopy; onDone: OnCopyDone; reading: boolean } | undefined;
  /** undefined for an end a host created: it takes the type of the first instance it is lowered into. */
  constructor(public typeId: unknown) {}

  private resetAndNotify(result: number): void {
    const p = this.pending!;
    this.pending = undefined;
    p.onDone(result);
  }

  cancel(): void { if (this.pending !== undefined) this.resetAndNotify(COPY_CANCELLED); }

  /** True while `buf` is the copy waiting for the other end (after a partial copy too, until the event is taken). */
  isPending(buf: GuestBuffer | undefined): boolean { return buf !== undefined && this.pending?.buf === buf; }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    if (this.pending !== undefined) this.resetAndNotify(COPY_DROPPED);
  }

  /** A read (`reading`) or a write of `buf` (CanonicalABI.md SharedStreamImpl.read / .write). */
  copy(buf: GuestBuffer, reading: boolean, onCopy: OnCopy, onDone: OnCopyDone): void {
    if (this.dropped) { onDone(COPY_DROPPED); return; }
    const p = this.pending;
    if (p === undefined) { this.pending = { buf, onCopy, onDone, reading }; return; }
    if (p.buf.remain() > 0) {
      if (buf.remain() > 0) {
        const n = Math.min(buf.remain(), p.buf.remain());
        if (reading) buf.takeFrom(p.buf, n); else p.buf.takeFrom(buf, n);
        p.onCopy(() => { this.pending = undefined; });
      }
      onDone(COPY_COMPLETED);
    } else if (!reading && buf.isZeroLength() && p.buf.isZeroLength()) {
      onDone(COPY_COMPLETED);
    } else {
      this.resetAndNotify(COPY_COMPLETED);
      this.pending = { buf, onCopy, onDone, reading };
    }
  }
}

/** The shared state of one future (CanonicalABI.md SharedFutureImpl). */
export class SharedFuture {
  dropped = false;
  private pending: { buf: GuestBuffer; onDone: OnCopyDone } | undefined;
  /** undefined for an end a host created: it takes the type of the first instance it is lowered into. */
  constructor(public typeId: unknown) {}

  cancel(): void {
    const p = this.pending;
    if (p !== undefined) { this.pending = undefined; p.onDone(COPY_CANCELLED); }
  }

  isPending(buf: GuestBuffer | undefined): boolean { return buf !== undefined && this.pending?.buf === buf; }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    const p = this.pending;
    if (p !== undefined) { this.pending = undefined; p.onDone(COPY_DROPPED); }
  }

  copy(buf: GuestBuffer, reading: boolean, onDone: OnCopyDone): void {
    if (!reading && this.dropped) { onDone(COPY_DROPPED); return; }
    const p = this.pending;
    if (p === undefined) { this.pending = { buf, onDone }; return; }
    if (reading) buf.takeFrom(p.buf, 1); else p.buf.takeFrom(buf, 1);
    this.pending = undefined;
    p.onDone(COPY_COMPLETED);
    onDone(COPY_COMPLETED);
  }
}

export const IDLE = 1, COPYING = 2, CANCELLING = 3, DONE = 4;

/** One end of a stream or future in an instance's table (CanonicalABI.md CopyEnd). */
export class CopyEnd extends Waitable {
  state = IDLE;
  /** The buffer of the copy in progress. */
  buf: GuestBuffer | undefined;
  constructor(readonly shared: SharedStream | SharedFuture, readonly readable: boolean) { super(); }

  copying(): boolean { return this.state === COPYING || this.state === CANCELLING; }

  override drop(): void {
    const future = this.shared instanceof SharedFuture;
    if (this.copying()) asyncTrap(`cannot drop busy ${future ? 'future' : 'stream'}`);
    if (future && !this.readable && this.state !== DONE) asyncTrap('cannot drop future write end without first writing a value');
    this.shared.drop();
    super.drop();
  }
}
