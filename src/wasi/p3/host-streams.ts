// The host's ends of WASI 0.3 streams and futures (CanonicalABI.md "Stream State", "Future State"): a host buffer
// is a GuestBuffer over a JS byte array, so a copy between the guest and the host is the runtime's own rendezvous,
// one chunk at a time (nothing reads a whole payload first). Only elements whose bytes are their value (u8, enums,
// results of them) cross here; the host encodes them itself.
import { GuestBuffer, SharedFuture, SharedStream } from '../../runtime/async/copy.js';
import { COPY_DROPPED } from '../../runtime/async/codes.js';
import { FutureValue, StreamValue } from '../../runtime/async/values.js';
import { HandleEntry, hostResource } from '../../runtime/resources.js';

/** The owner of host buffers (the runtime only compares owners). */
const HOST = Symbol('kumiki/wasi host');

/** A host buffer of `length` elements of `size` bytes at `bytes`. */
function hostBuffer(bytes: Uint8Array, length: number, size: number): GuestBuffer {
  const b = new GuestBuffer(memOf(bytes), bytes.byteOffset, length, size, 1, HOST);
  b.host = true;
  return b;
}

/** A memory-shaped view of `bytes` for GuestBuffer (it reads `.buffer` only). */
function memOf(bytes: Uint8Array): WebAssembly.Memory {
  return { buffer: bytes.buffer } as unknown as WebAssembly.Memory;
}

/** The largest chunk one host read takes from a guest stream. */
export const CHUNK = 64 * 1024;
/** A host read's first buffer: one small body's worth. */
const FIRST_CHUNK = 4 * 1024;

/** One copy of `buf` with the other end; resolves with the elements moved and whether the other end is gone. */
function copyOnce(sh: SharedStream, buf: GuestBuffer, reading: boolean): Promise<{ n: number; dropped: boolean }> {
  return new Promise((resolve) => {
    sh.copy(buf, reading, (reclaim) => { reclaim(); resolve({ n: buf.progress, dropped: false }); },
      (result) => resolve({ n: buf.progress, dropped: result === COPY_DROPPED }));
  });
}

/** The bytes a guest writes into a `stream<u8>` it gave the host, chunk by chunk; the host's end drops at the end. */
export async function* readBytes(v: StreamValue, max = CHUNK): AsyncGenerator<Uint8Array, void, undefined> {
  const sh = v.shared;
  // One buffer per stream, small first (most bodies are; a 64 KiB one per request was a tenth of serve's time in
  // allocation and GC), doubled while writes fill it; each chunk is a copy of what arrived.
  let size = Math.min(max, FIRST_CHUNK);
  let buf = new Uint8Array(size);
  try {
    for (;;) {
      const r = await copyOnce(sh, hostBuffer(buf, size, 1), true);
      if (r.n > 0) yield buf.slice(0, r.n);
      if (r.dropped) return;
      if (r.n === size && size < max) { size = Math.min(max, size * 4); buf = new Uint8Array(size); }
    }
  } finally {
    sh.drop();
  }
}

/** The host is done with a guest's stream without reading (more of) it: the writer sees its end dropped. */
export function dropStream(v: StreamValue): void {
  v.shared.drop();
}

/** Whether `v` is a stream the runtime lifted (what a `stream<T>` parameter gives a host function). */
export function isStream(v: unknown): v is StreamValue {
  return v instanceof StreamValue;
}

/**
 * A `stream<u8>` the host writes from `source` (chunks as they come); `done` learns how it ended: `undefined`
 * (all written, or the reader dropped its end) or the error `source` threw.
 */
export function byteStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, done?: (error: unknown) => void, first: readonly Uint8Array[] = []): StreamValue {
  return produce(async (sh) => {
    // `first` (bytes the host has already): the first write is offered before this returns, so a guest's read finds
    // it waiting and completes at once instead of blocking (wit-bindgen's blocked read is the costlier path).
    for (const chunk of first) if (!(await writeAll(sh, chunk))) return;
    for await (const chunk of untilDropped(sh, source)) if (!(await writeAll(sh, chunk))) return;
  }, done);
}

/**
 * A `stream<u8>` of bytes the host has in full: each chunk is offered as soon as the reader took the last, and the
 * end is dropped the moment the last byte is taken, so a reader never blocks on it (wit-bindgen's blocked read is
 * the costlier path) and sees the end on its next read.
 */
export function knownBytes(chunks: readonly Uint8Array[]): StreamValue {
  const sh = new SharedStream(undefined);
  let i = 0;
  let off = 0;
  const next = (): void => {
    while (i < chunks.length && off >= chunks[i]!.length) { i++; off = 0; }
    if (i >= chunks.length) { sh.drop(); return; }
    const part = chunks[i]!.subarray(off);
    const buf = hostBuffer(part, part.length, 1);
    // Taken (part or all): on at once. Completed otherwise (a zero-length read): after this copy has settled.
    sh.copy(buf, false, (reclaim) => { reclaim(); off += buf.progress; next(); }, (result) => {
      if (result === COPY_DROPPED) return;
      off += buf.progress;
      queueMicrotask(next);
    });
  };
  next();
  return new StreamValue(sh);
}

/** Writes all of `chunk`; false when the reader dropped its end. */
async function writeAll(sh: SharedStream, chunk: Uint8Array): Promise<boolean> {
  for (let off = 0; off < chunk.length;) {
    const part = chunk.subarray(off);
    const r = await copyOnce(sh, hostBuffer(part, part.length, 1), false);
    if (r.dropped) return false;
    off += r.n;
  }
  return true;
}

/**
 * `source`, ended as soon as the reader drops its end (its iterator's `return()`), not at the next element: a
 * socket's receive stream dropped while no bytes come ends then (its future resolves), as a shutdown would.
 */
function untilDropped<T>(sh: SharedStream, source: AsyncIterable<T> | Iterable<T>): AsyncIterable<T> {
  const it: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  sh.onDrop = () => { void it.return?.(); };
  return { [Symbol.asyncIterator]: () => ({ next: async () => it.next(), return: async () => (await it.return?.()) ?? { done: true, value: undefined } }) };
}

/**
 * A `stream<own<R>>` of host objects of the resource class `cls` (wasi:sockets' accepted connections): each
 * element enters the reader's handle table as an owned handle (CanonicalABI.md lower_own).
 */
export function resourceStream<T extends object>(source: AsyncIterable<T>, cls: object, name: string, done?: (error: unknown) => void): StreamValue {
  const rt = hostResource(name, cls);
  return produce(async (sh) => {
    for await (const item of untilDropped(sh, source)) {
      const b = new GuestBuffer(undefined, 0, 1, 0, 1, HOST);
      b.host = true;
      // One element per copy (this buffer's length): its handle is stored where the reader's buffer is.
      b.encode = (dst) => {
        if (dst.handles === undefined || dst.mem === undefined) throw new TypeError(`kumiki/wasi: the reader of a stream of ${name} is not a stream of owned handles`);
        new DataView(dst.mem.buffer).setUint32(dst.ptr, dst.handles.add(new HandleEntry(rt, item, true, undefined)), true);
      };
      const r = await copyOnce(sh, b, false);
      // Not taken: the reader dropped its end; the object is the host's to close.
      if (r.dropped) { (item as { [Symbol.dispose]?: () => void })[Symbol.dispose]?.(); return; }
    }
  }, done);
}

/** A stream the host writes with `write` in the background (started before this returns); its end is dropped when
 *  `write` ends, and `done` learns how: `undefined`, or the error `write` threw. */
function produce(write: (sh: SharedStream) => Promise<void>, done?: (error: unknown) => void): StreamValue {
  const sh = new SharedStream(undefined);
  void (async () => {
    let error: unknown;
    try {
      await write(sh);
    } catch (e) {
      error = e;
    } finally {
      sh.drop();
    }
    done?.(error);
  })();
  return new StreamValue(sh);
}

/** Stores one element at `ptr` of `mem` (the reader's memory), allocating with `realloc` what it points to. */
export type Encoder<T> = (mem: WebAssembly.Memory, ptr: number, value: T, realloc: (...a: number[]) => number) => void;

/**
 * A `stream<T>` of elements holding strings or lists (wasi:filesystem directory entries): each copy encodes the
 * elements the reader takes straight into its buffer, allocating with the reader's realloc.
 */
export function encodedStream<T>(source: AsyncIterable<T> | Iterable<T>, encode: Encoder<T>, done?: (error: unknown) => void): StreamValue {
  return produce(async (sh) => {
    for await (const item of source) {
      const b = new GuestBuffer(undefined, 0, 1, 0, 1, HOST);
      b.host = true;
      b.encode = (dst, n) => {
        if (dst.realloc === undefined || dst.mem === undefined) throw new TypeError('kumiki/wasi: the reader of a stream of strings has no realloc or memory option');
        for (let k = 0; k < n; k++) encode(dst.mem, dst.ptr + k * dst.size, item, dst.realloc);
      };
      const r = await copyOnce(sh, b, false);
      if (r.dropped) return;
    }
  }, done);
}

/** A `future<T>` the host resolves with `value`'s encoding (the element's bytes in the canonical layout). */
export function byteFuture(value: Promise<Uint8Array>): FutureValue {
  const sh = new SharedFuture(undefined);
  void value.then((bytes) => {
    sh.copy(hostBuffer(bytes, 1, bytes.length), false, () => {});
  });
  return new FutureValue(sh);
}

/** The layout of `result<_, E>` for a future: E's case names (its discriminant is one byte), where E sits, the size. */
export interface ResultLayout {
  readonly cases: readonly string[];
  readonly payloadOffset: number;
  readonly size: number;
}

/**
 * A `future<result<_, E>>` (E an enum, or a variant whose payload-free cases are the ones used): `ok` when `p`
 * fulfils, else the case named by its rejection (a string, or `{ payload }`), else `fallback`.
 */
export function resultFuture(p: Promise<unknown>, layout: ResultLayout, fallback: string): FutureValue {
  return byteFuture(p.then(() => new Uint8Array(layout.size), (e: unknown) => {
    const v = e !== null && typeof e === 'object' && 'payload' in e ? (e as { payload: unknown }).payload : e;
    const i = layout.cases.indexOf(typeof v === 'string' ? v : v !== null && typeof v === 'object' && 'tag' in v ? String((v as { tag: unknown }).tag) : fallback);
    const bytes = new Uint8Array(layout.size);
    bytes[0] = 1;
    bytes[layout.payloadOffset] = i < 0 ? layout.cases.indexOf(fallback) : i;
    return bytes;
  }));
}

/** A `future<T>` the host resolves with `value`, stored by `encode` into the reader's buffer (its memory and owner:
 *  strings via its realloc, handles into its table); `size` bytes are zeroed first. */
export function encodedFuture<T>(value: Promise<T>, encode: (dst: GuestBuffer, value: T) => void): FutureValue {
  const sh = new SharedFuture(undefined);
  void value.then((v) => {
    const b = new GuestBuffer(undefined, 0, 1, 0, 1, HOST);
    b.host = true;
    b.encode = (dst) => {
      new Uint8Array(dst.mem!.buffer, dst.ptr, dst.size).fill(0);
      encode(dst, v);
    };
    sh.copy(b, false, () => {});
  });
  return new FutureValue(sh);
}

/**
 * The value a guest writes into a `future<T>` it gave the host, read by `decode` from the writer's buffer (its
 * memory, and its table for handles it moves out); undefined when the writer drops its end without writing.
 */
export function readFuture<T>(v: FutureValue, decode: (src: GuestBuffer) => T): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    let out: { value: T } | undefined;
    const b = new GuestBuffer(undefined, 0, 1, 0, 1, HOST);
    b.host = true;
    b.decode = (src) => {
      try { out = { value: decode(src) }; } catch (e) { reject(e); }
    };
    v.shared.copy(b, true, () => { v.shared.drop(); resolve(out?.value); });
  });
}
