// CanonicalABI.md "Buffer State", "Stream State", "Future State": the two ends of a stream or future and the
// rendezvous of a reader's and a writer's buffer. Element values of pointer-free types are copied memory to memory
// (their bytes are their value in every instance); `none` elements carry no bytes.
import { COPY_CANCELLED, COPY_COMPLETED, COPY_DROPPED } from './codes.js';
import { asyncTrap } from './trap.js';
import { poisonState, type InstanceState } from '../instance-state.js';
import { Trap, UnsupportedError } from '../../errors.js';
import { HandleEntry, type HandleTable } from '../resources.js';
import { Waitable } from './waitables.js';

/** Either side of a copy: a guest's linear memory, or JS (host-streams.ts). Elements are `size` bytes each. */
export interface CopyBuffer {
  progress: number;
  readonly length: number;
  readonly size: number;
  /** A JS end whose elements are JS values (ElemCodec), not bytes. */
  readonly asValues?: boolean;
  remain(): number;
  isZeroLength(): boolean;
  /** Moves `n` elements from `src` into this buffer (both advance). */
  takeFrom(src: CopyBuffer, n: number): void;
  /** Hands out the bytes of the next `n` elements (and advances). */
  readBytes(n: number): Uint8Array;
  /** Hands out the next `n` elements as JS values (and advances): for elements whose JS form is not bytes. */
  readValues(n: number): unknown[];
  /** A JS end: a value it gave could not be lowered (its copy took none). */
  fail?(e: unknown): void;
  /** A host end that ends its side with this copy: a writer once the buffer is drained, a reader once it took any
   *  element (SharedStream.copy: the guest's copy then completes with DROPPED and its count). */
  readonly last?: boolean;
}

/**
 * How one instance's stream/future built-in moves elements that are not bytes to JS (strings, lists, records,
 * variants, handles, nested streams...): the adapter plans of `list<T>` over the buffer (CanonicalABI.md
 * load/store of the element type), so every mode converts them as its calls do (link/link-async.ts makes them).
 */
export interface ElemCodec {
  /** Lifts `n` elements at `ptr` (the writer's buffer): a lower plan of `func(elements: list<T>)`. */
  readonly lift?: (ptr: number, n: number) => unknown[];
  /** Lowers `values` at `ptr` (the reader's buffer): a lift plan of the same, its list placed at `ptr`. */
  readonly lower?: (values: readonly unknown[], ptr: number) => void;
  /** A writer's side of a fused copy (its lower plan's tag and environment: runtime/fuse-link.ts). */
  readonly writer?: { readonly tag: unknown; readonly env: unknown };
  /** A reader's: copies `n` elements at `sp` in `w`'s memory to `dp` in its own, memory to memory (a fused adapter
   *  of the two plans); false when the pair does not fuse. */
  readonly copyFrom?: (w: ElemCodec, sp: number, n: number, dp: number) => boolean;
}

/** A guest buffer: `length` elements of `size` bytes at `ptr` in `mem` (CanonicalABI.md BufferGuestImpl). */
export class GuestBuffer implements CopyBuffer {
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
  /** A host reader's decoder: takes the next `n` elements from `src` (a guest's buffer: its memory and owner). */
  decode: ((src: GuestBuffer, n: number) => void) | undefined;
  /** Elements are `own<R>` handles of this table: they move between tables (CanonicalABI.md lift_own/lower_own). */
  handles: HandleTable | undefined;
  /** Elements to and from JS values (ElemCodec), when the element type is not a number type. */
  codec: ElemCodec | undefined;
  constructor(readonly mem: WebAssembly.Memory | undefined, public ptr: number, readonly length: number, readonly size: number, align: number, readonly owner: unknown) {
    if (length > GuestBuffer.MAX_LENGTH) asyncTrap(`buffer length ${length} is over the limit of 2^28-1 elements`);
    if (size > 0 && length > 0) {
      if (ptr % align !== 0) asyncTrap(`buffer pointer ${ptr} is not aligned to ${align}`);
      if (ptr + length * size > (mem?.buffer.byteLength ?? 0)) asyncTrap(`buffer of ${length} elements at ${ptr} is out of bounds of memory`);
    }
  }

  remain(): number { return this.length - this.progress; }
  isZeroLength(): boolean { return this.length === 0; }

  /** Moves `n` elements from `src` into this buffer: memory to memory, or from a host end (JS bytes or values, an encoder). */
  takeFrom(src: CopyBuffer, n: number): void {
    const g = src instanceof GuestBuffer ? src : undefined;
    if (this.handles !== undefined && g !== undefined && g.handles !== undefined) {
      moveHandles(g, this, n);
      return;
    }
    if (n > 0 && g !== undefined && g.codec !== undefined && this.codec?.copyFrom !== undefined && (this.nonPlain || g.nonPlain) && !this.host && !g.host
      && this.codec.copyFrom(g.codec, g.ptr, n, this.ptr)) {
      // Guest → guest, fused: strings and lists copied into the reader's memory, handles moved between tables.
      g.ptr += n * g.size; g.progress += n;
      this.ptr += n * this.size; this.progress += n;
      return;
    }
    if (n > 0 && this.codec?.lower !== undefined && g?.encode === undefined && (g === undefined ? src.asValues === true : (this.nonPlain || g.nonPlain) && !this.host && !g.host)) {
      // Elements as JS values: from JS (a values buffer), or lifted out of the writer's memory (pointers or handles
      // mean something only in their own instance: strings and lists are copied, handles move between tables).
      const values = src.readValues(n);
      if (g === undefined) {
        try {
          this.codec.lower(values, this.ptr);
        } catch (e) {
          // A bad value from JS is JS's error (its end rejects); the guest's buffer took none of it. A trap (the
          // guest's realloc failed) is the guest's.
          if (e instanceof Trap) throw poisonOwner(this.owner, e);
          src.progress -= n;
          src.fail?.(e);
          return;
        }
      } else this.codec.lower(values, this.ptr);
      this.ptr += n * this.size;
      this.progress += n;
      return;
    }
    if ((this.nonPlain || g?.nonPlain === true) && !this.host && g?.host !== true) {
      throw new UnsupportedError('stream/future copy: elements holding strings, lists or handles are copied only by built-ins that carry their element type');
    }
    if (this.decode !== undefined && g !== undefined && n > 0) {
      this.decode(g, n);
      g.ptr += n * g.size;
      g.progress += n;
    } else if (g?.encode !== undefined && n > 0) {
      g.encode(this, n);
      this.ptr += n * this.size;
      g.progress += n;
    } else if (this.size > 0 && n > 0) {
      const bytes = n * this.size;
      if (src instanceof GuestBuffer) {
        new Uint8Array(this.mem!.buffer).set(new Uint8Array(src.mem!.buffer, src.ptr, bytes), this.ptr);
        src.ptr += bytes;
        src.progress += n;
      } else new Uint8Array(this.mem!.buffer).set(src.readBytes(n), this.ptr);
      this.ptr += bytes;
    } else src.progress += n;
    this.progress += n;
  }

  readBytes(n: number): Uint8Array {
    // JS's end of a stream (host-streams.ts) takes bytes: elements with pointers or handles are not bytes.
    if (this.nonPlain) throw new UnsupportedError('stream/future copy: elements holding strings, lists or handles are not bytes');
    const bytes = n * this.size;
    const out = new Uint8Array(this.mem!.buffer).slice(this.ptr, this.ptr + bytes);
    this.ptr += bytes;
    this.progress += n;
    return out;
  }

  readValues(n: number): unknown[] {
    if (this.codec?.lift === undefined) throw new UnsupportedError('stream/future copy: this built-in carries no element type to lift its elements with');
    let out: unknown[];
    try {
      out = n === 0 ? [] : this.codec.lift(this.ptr, n);
    } catch (e) {
      // The writer's elements do not lift (bad guest data): a trap of the writer's instance, which it poisons even
      // where JS's read runs the copy, outside the guest's code (CanonicalABI.md: a trap makes the instance unusable).
      throw poisonOwner(this.owner, e);
    }
    this.ptr += n * this.size;
    this.progress += n;
    return out;
  }
}

/**
 * A trap while a host end copies `owner`'s elements (a GuestBuffer's owner: its AsyncInstance) poisons that instance
 * (an instance poisoned already keeps its first cause). Other errors pass unchanged.
 */
function poisonOwner(owner: unknown, e: unknown): unknown {
  const st = (owner as { st?: InstanceState } | undefined)?.st;
  // Its words stay (no function runs a host end's copy); a guest's copy built-in names its function on the way out.
  if (e instanceof Trap && st !== undefined && st.f !== 2) poisonState(st, e, e);
  return e;
}

/** `n` own handles from `src`'s table to `dst`'s (each removed there, added here). */
function moveHandles(src: GuestBuffer, dst: GuestBuffer, n: number): void {
  const sv = new DataView(src.mem!.buffer), dv = new DataView(dst.mem!.buffer);
  for (let k = 0; k < n; k++) {
    const h = sv.getUint32(src.ptr + 4 * k, true);
    const e = src.handles!.get(h, 'stream element') as unknown;
    if (!(e instanceof HandleEntry) || !e.own) asyncTrap(`stream element: handle ${h} is not an owned resource handle`);
    if (e.lends !== 0) asyncTrap(`stream element: cannot remove owned resource while borrowed (handle ${h} is lent out)`);
    src.handles!.remove(h);
    dv.setUint32(dst.ptr + 4 * k, dst.handles!.add(new HandleEntry(e.rt, e.rep, true, undefined)), true);
  }
  src.ptr += 4 * n; dst.ptr += 4 * n;
  src.progress += n; dst.progress += n;
}

type OnCopy = (reclaim: () => void) => void;
type OnCopyDone = (result: number) => void;

/** The shared state of one stream (CanonicalABI.md SharedStreamImpl). */
/** A host's side of a copy (JS, host-streams.ts; or a kumiki/wasi encoder), not a guest's memory. */
function isHost(b: CopyBuffer): boolean {
  return !(b instanceof GuestBuffer) || b.host;
}

export class SharedStream {
  dropped = false;
  /** Why the end went away when its instance trapped (a JS reader or writer rejects with it). */
  error: unknown;
  /** A host end's watcher (kumiki/wasi): told when the other end drops while the host waits on something else. */
  onDrop: (() => void) | undefined;
  private pending: { buf: CopyBuffer; onCopy: OnCopy; onDone: OnCopyDone; reading: boolean } | undefined;
  /** undefined for an end a host created: it takes the type of the first instance it is lowered into. */
  constructor(public typeId: unknown) {}

  private resetAndNotify(result: number): void {
    const p = this.pending!;
    this.pending = undefined;
    p.onDone(result);
  }

  cancel(): void { if (this.pending !== undefined) this.resetAndNotify(COPY_CANCELLED); }

  /** True while `buf` is the copy waiting for the other end (after a partial copy too, until the event is taken). */
  isPending(buf: CopyBuffer | undefined): boolean { return buf !== undefined && this.pending?.buf === buf; }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    if (this.pending !== undefined) this.resetAndNotify(COPY_DROPPED);
    this.onDrop?.();
  }

  /**
   * The instance holding an end trapped: a host (JS) copy waiting on it ends, and later host copies fail with
   * `cause`. A guest's copies are left as the spec has them (no drop: a poisoned instance simply never runs again).
   */
  fail(cause: unknown): void {
    if (this.dropped || this.error !== undefined) return;
    this.error = cause;
    if (this.pending !== undefined && isHost(this.pending.buf)) this.resetAndNotify(COPY_DROPPED);
  }

  /** A read (`reading`) or a write of `buf` (CanonicalABI.md SharedStreamImpl.read / .write). */
  copy(buf: CopyBuffer, reading: boolean, onCopy: OnCopy, onDone: OnCopyDone): void {
    if (this.dropped) { onDone(COPY_DROPPED); return; }
    const p = this.pending;
    if (p === undefined) { this.pending = { buf, onCopy, onDone, reading }; return; }
    if (p.buf.remain() > 0) {
      if (buf.remain() > 0) {
        const n = Math.min(buf.remain(), p.buf.remain());
        if (reading) buf.takeFrom(p.buf, n); else p.buf.takeFrom(buf, n);
        // A host end that is done with this copy drops its side within it: the guest's copy completes with
        // DROPPED and the count (CanonicalABI.md: a host's on_copy_done may report DROPPED with progress; what
        // wasmtime's StreamResult::Dropped does), not COMPLETED and a drop it learns of later.
        if (ends(p.buf, !reading)) {
          this.pending = undefined;
          this.dropped = true;
          p.onDone(COPY_COMPLETED);
          onDone(COPY_DROPPED);
          return;
        }
        if (ends(buf, reading)) {
          this.dropped = true;
          this.resetAndNotify(COPY_DROPPED);
          onDone(COPY_COMPLETED);
          return;
        }
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

/** Whether host buffer `b` (the reader's when `reading`) ends its side now: CopyBuffer.last. */
function ends(b: CopyBuffer, reading: boolean): boolean {
  return b.last === true && (reading ? b.progress > 0 : b.remain() === 0);
}

/** The shared state of one future (CanonicalABI.md SharedFutureImpl). */
export class SharedFuture {
  dropped = false;
  /** Why the end went away when its instance trapped (a JS reader or writer rejects with it). */
  error: unknown;
  private pending: { buf: CopyBuffer; onDone: OnCopyDone } | undefined;
  /** undefined for an end a host created: it takes the type of the first instance it is lowered into. */
  constructor(public typeId: unknown) {}

  cancel(): void {
    const p = this.pending;
    if (p !== undefined) { this.pending = undefined; p.onDone(COPY_CANCELLED); }
  }

  isPending(buf: CopyBuffer | undefined): boolean { return buf !== undefined && this.pending?.buf === buf; }

  drop(): void {
    if (this.dropped) return;
    this.dropped = true;
    const p = this.pending;
    if (p !== undefined) { this.pending = undefined; p.onDone(COPY_DROPPED); }
  }

  /** As SharedStream.fail. */
  fail(cause: unknown): void {
    if (this.dropped || this.error !== undefined) return;
    this.error = cause;
    const p = this.pending;
    if (p !== undefined && isHost(p.buf)) { this.pending = undefined; p.onDone(COPY_DROPPED); }
  }

  copy(buf: CopyBuffer, reading: boolean, onDone: OnCopyDone): void {
    if (!reading && this.dropped) { onDone(COPY_DROPPED); return; }
    const p = this.pending;
    if (p === undefined) { this.pending = { buf, onDone }; return; }
    const reader = reading ? buf : p.buf;
    if (reading) buf.takeFrom(p.buf, 1); else p.buf.takeFrom(buf, 1);
    this.pending = undefined;
    // A value JS gave that could not be lowered: the reader sees the writer drop (the writer, JS, gets the error).
    const r = reader.progress === 0 ? COPY_DROPPED : COPY_COMPLETED;
    if (r === COPY_DROPPED) this.dropped = true;
    if (reading) { p.onDone(COPY_COMPLETED); onDone(r); } else { p.onDone(r); onDone(COPY_COMPLETED); }
  }
}

export const IDLE = 1, COPYING = 2, CANCELLING = 3, DONE = 4;

/** One end of a stream or future in an instance's table (CanonicalABI.md CopyEnd). */
export class CopyEnd extends Waitable {
  state = IDLE;
  /** The buffer of the copy in progress. */
  buf: CopyBuffer | undefined;
  constructor(readonly shared: SharedStream | SharedFuture, readonly readable: boolean) { super(); }

  copying(): boolean { return this.state === COPYING || this.state === CANCELLING; }

  /** Its instance trapped: a JS peer of this end is told (with the trap); a guest peer is left as the spec has it. */
  override poisoned(cause: unknown): void { this.shared.fail(cause); }

  override drop(): void {
    const future = this.shared instanceof SharedFuture;
    if (this.copying()) asyncTrap(`cannot drop busy ${future ? 'future' : 'stream'}`);
    if (future && !this.readable && this.state !== DONE) asyncTrap('cannot drop future write end without first writing a value');
    this.shared.drop();
    super.drop();
  }
}
