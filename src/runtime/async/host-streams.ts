// stream<T> and future<T> on the JS side (README "Async"): a stream JS receives is an async iterable of chunks
// (`Uint8Array` for stream<u8>, the matching typed array for other number types, a count of elements for
// stream<_>) with `toReadableStream()`; a future is a Promise-like. JS passes an async iterable or a ReadableStream
// (of such chunks, or arrays of numbers) where a stream is expected, and a Promise or value where a future is.
// Chunks cross as bytes, one copy each way (CanonicalABI.md "Stream State": the host is one end of the rendezvous).
import { UnsupportedError } from '../../errors.js';
import { COPY_COMPLETED, COPY_DROPPED } from './codes.js';
import { SharedFuture, SharedStream, type CopyBuffer } from './copy.js';
import { jsWaiting, notify } from './scheduler.js';

type TypedArrayCtor = Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor | Uint32ArrayConstructor
  | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor | BigUint64ArrayConstructor | BigInt64ArrayConstructor;

/** The chunk type of a stream of numbers, by element type (as `asyncKey` prints it). */
const TYPED: Readonly<Record<string, TypedArrayCtor>> = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array,
  f32: Float32Array, f64: Float64Array, u64: BigUint64Array, s64: BigInt64Array,
};

/** How JS values of a stream's elements look: a typed array kind, or none (`stream<_>`). */
function chunkType(key: string): TypedArrayCtor | undefined {
  if (key === '') return undefined;
  const c = TYPED[key];
  if (c === undefined) throw new UnsupportedError(`stream<${key}> / future<${key}> values in JS: only streams and futures of numbers (and of nothing) are supported yet`);
  return c;
}

/** A JS-side buffer: elements as bytes. */
class HostBuffer implements CopyBuffer {
  progress = 0;
  private at = 0;
  constructor(readonly bytes: Uint8Array, readonly length: number, readonly size: number) {}
  remain(): number { return this.length - this.progress; }
  isZeroLength(): boolean { return this.length === 0; }
  takeFrom(src: CopyBuffer, n: number): void {
    if (this.size > 0) { this.bytes.set(src.readBytes(n), this.at); this.at += n * this.size; } else src.progress += n;
    this.progress += n;
  }
  readBytes(n: number): Uint8Array {
    const out = this.bytes.subarray(this.at, this.at + n * this.size);
    this.at += n * this.size;
    this.progress += n;
    return out;
  }
}

/** One copy from JS's side: resolves with the copy result once the other end took part (or dropped). */
function hostCopy(shared: SharedStream, buf: HostBuffer, reading: boolean): Promise<number> {
  // JS awaits the guest meanwhile: its yield rounds keep the process alive (scheduler.ts jsWaiting).
  jsWaiting(1);
  return new Promise<number>((resolve) => {
    shared.copy(buf, reading, (reclaim) => { reclaim(); resolve(COPY_COMPLETED); }, resolve);
    notify();
  }).finally(() => jsWaiting(-1));
}

/** Elements JS reads per chunk (the guest's writes may be smaller). */
const CHUNK_BYTES = 64 * 1024;

/** A readable stream<T> as JS holds it. */
export class StreamValue implements AsyncIterable<unknown> {
  constructor(readonly shared: SharedStream) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<unknown, void, undefined> {
    const ctor = chunkType(this.shared.typeId as string);
    const size = ctor?.BYTES_PER_ELEMENT ?? 0;
    const n = size === 0 ? 1024 : Math.max(1, CHUNK_BYTES / size);
    try {
      for (;;) {
        const buf = new HostBuffer(new Uint8Array(n * size), n, size);
        const result = await hostCopy(this.shared, buf, true);
        if (buf.progress > 0) yield ctor === undefined ? buf.progress : new ctor(buf.bytes.buffer as ArrayBuffer, 0, buf.progress);
        if (result === COPY_DROPPED) return;
      }
    } finally {
      this.shared.drop();
    }
  }

  /** A web ReadableStream of the same chunks. */
  toReadableStream(): ReadableStream<unknown> {
    const it = this[Symbol.asyncIterator]();
    return new ReadableStream({
      async pull(c) { const r = await it.next(); if (r.done === true) c.close(); else c.enqueue(r.value); },
      async cancel() { await it.return(undefined); },
    });
  }
}

/** A readable future<T> as JS holds it: Promise-like. */
export class FutureValue implements PromiseLike<unknown> {
  private p: Promise<unknown> | undefined;
  constructor(readonly shared: SharedFuture) {}

  then<A = unknown, B = never>(ok?: ((v: unknown) => A | PromiseLike<A>) | null, err?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.p ??= new Promise((resolve, reject) => {
      const ctor = chunkType(this.shared.typeId as string);
      const size = ctor?.BYTES_PER_ELEMENT ?? 0;
      const buf = new HostBuffer(new Uint8Array(size), 1, size);
      jsWaiting(1);
      this.shared.copy(buf, true, (result) => {
        jsWaiting(-1);
        this.shared.drop();
        if (result !== COPY_COMPLETED) reject(new Error('future: the writer dropped its end without writing a value'));
        else resolve(ctor === undefined ? undefined : new ctor(buf.bytes.buffer as ArrayBuffer, 0, 1)[0]);
      });
      notify();
    });
    return this.p.then(ok, err);
  }
}

/** JS values (async iterable or ReadableStream of chunks) pumped into a new stream the guest reads. */
export function streamFromJs(v: unknown, key: string, where: string): SharedStream | undefined {
  const src = v instanceof StreamValue ? undefined : asyncIterableOf(v);
  if (src === undefined) return undefined;
  const ctor = chunkType(key);
  const size = ctor?.BYTES_PER_ELEMENT ?? 0;
  const shared = new SharedStream(key);
  void (async () => {
    try {
      for await (const chunk of src) {
        const bytes = chunkBytes(chunk, ctor, where);
        const count = size === 0 ? Number(chunk) : bytes.length / size;
        const buf = new HostBuffer(bytes, count, size);
        while (buf.remain() > 0) {
          if (await hostCopy(shared, buf, false) === COPY_DROPPED) return;
        }
      }
    } finally {
      shared.drop();
    }
  })();
  return shared;
}

/** A JS Promise or value written into a new future the guest reads. */
export function futureFromJs(v: unknown, key: string): SharedFuture {
  const ctor = chunkType(key);
  const size = ctor?.BYTES_PER_ELEMENT ?? 0;
  const shared = new SharedFuture(key);
  void Promise.resolve(v).then((x) => {
    const bytes = new Uint8Array(size);
    if (ctor !== undefined) (new ctor(bytes.buffer) as unknown as unknown[])[0] = x;
    shared.copy(new HostBuffer(bytes, 1, size), false, () => {});
    notify();
  });
  return shared;
}

function asyncIterableOf(v: unknown): AsyncIterable<unknown> | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (Symbol.asyncIterator in v) return v as AsyncIterable<unknown>;
  if (typeof (v as { getReader?: unknown }).getReader === 'function') {
    const reader = (v as ReadableStream<unknown>).getReader();
    return { async *[Symbol.asyncIterator]() { for (;;) { const r = await reader.read(); if (r.done) return; yield r.value; } } };
  }
  if (Symbol.iterator in v && !ArrayBuffer.isView(v)) return (async function* () { yield* v as Iterable<unknown>; })();
  return undefined;
}

function chunkBytes(chunk: unknown, ctor: TypedArrayCtor | undefined, where: string): Uint8Array {
  if (ctor === undefined) return new Uint8Array(0);
  if (chunk instanceof ctor) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (Array.isArray(chunk)) return new Uint8Array((ctor.from as (a: unknown[]) => { buffer: ArrayBuffer }).call(ctor, chunk).buffer);
  throw new TypeError(`${where}: a stream chunk must be a ${ctor.name} or an array, got ${chunk === null ? 'null' : typeof chunk}`);
}
