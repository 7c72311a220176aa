// stream<T> and future<T> on the JS side (README "Async"): a stream JS receives is an async iterable of chunks
// (`Uint8Array` for stream<u8>, the matching typed array for other number types, a count of elements for
// stream<_>) with `toReadableStream()`; a future is a Promise-like. JS passes an async iterable or a ReadableStream
// (of such chunks, or arrays of numbers) where a stream is expected, and a Promise or value where a future is.
// Chunks of numbers cross as bytes, one copy each way (CanonicalABI.md "Stream State": the host is one end of the
// rendezvous); other elements (strings, lists, records, variants, handles, streams...) are chunks that are arrays of
// JS values, converted by the instance's element codec (copy.ts ElemCodec: the adapter plans of list<T>).
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

/** How JS holds a stream's elements: a typed array kind (numbers), none (`stream<_>`: counts) or 'values' (arrays
 *  of JS values, converted by the instance's element codec: copy.ts ElemCodec). */
type ChunkType = TypedArrayCtor | undefined | 'values';

function chunkType(key: string): ChunkType {
  if (key === '') return undefined;
  return TYPED[key] ?? 'values';
}

/** A JS-side buffer: elements as bytes (numbers, none) or as JS values. */
class HostBuffer implements CopyBuffer {
  progress = 0;
  private at = 0;
  /** A value JS gave that could not be lowered into the reader (the copy took none of it). */
  error: unknown;
  /** JS ends its side with this copy (CopyBuffer.last): the source's last chunk, or a read with `dropAfterCopy`. */
  last = false;
  readonly asValues: boolean;
  constructor(readonly bytes: Uint8Array, readonly length: number, readonly size: number, readonly values?: unknown[]) {
    this.asValues = values !== undefined;
  }
  remain(): number { return this.length - this.progress; }
  isZeroLength(): boolean { return this.length === 0; }
  takeFrom(src: CopyBuffer, n: number): void {
    if (this.values !== undefined) { for (const v of src.readValues(n)) this.values.push(v); }
    else if (this.size > 0) { this.bytes.set(src.readBytes(n), this.at); this.at += n * this.size; } else src.progress += n;
    this.progress += n;
  }
  readBytes(n: number): Uint8Array {
    const out = this.bytes.subarray(this.at, this.at + n * this.size);
    this.at += n * this.size;
    this.progress += n;
    return out;
  }
  readValues(n: number): unknown[] {
    const out = this.values!.slice(this.at, this.at + n);
    this.at += n;
    this.progress += n;
    return out;
  }
  fail(e: unknown): void { this.error = e; }
}

/** A JS buffer for `n` elements of `t` (reading: empty; values stay to be pushed). */
function hostBuffer(t: ChunkType, n: number): HostBuffer {
  if (t === 'values') return new HostBuffer(EMPTY, n, 0, []);
  const size = t?.BYTES_PER_ELEMENT ?? 0;
  return new HostBuffer(new Uint8Array(n * size), n, size);
}

const EMPTY = new Uint8Array(0);

/** One copy from JS's side: resolves with the copy result once the other end took part (or dropped). */
function hostCopy(shared: SharedStream, buf: HostBuffer, reading: boolean): Promise<number> {
  // The guest holding the other end trapped (SharedStream.fail): a reader gets the trap, a writer stops.
  if (shared.error !== undefined) return reading ? Promise.reject(shared.error) : Promise.resolve(COPY_DROPPED);
  // JS awaits the guest meanwhile: its yield rounds keep the process alive (scheduler.ts jsWaiting).
  jsWaiting(1);
  return new Promise<number>((resolve, reject) => {
    // A reader whose writer's instance trapped gets the trap (SharedStream.fail), not a quiet end of the stream.
    const done = (r: number): void => {
      if (buf.error !== undefined) reject(buf.error);
      else if (reading && r === COPY_DROPPED && shared.error !== undefined) reject(shared.error);
      else resolve(r);
    };
    shared.copy(buf, reading, (reclaim) => { reclaim(); done(COPY_COMPLETED); }, done);
    notify();
  }).finally(() => jsWaiting(-1));
}

/** Elements JS reads per chunk (the guest's writes may be smaller). */
const CHUNK_BYTES = 64 * 1024;
/** Elements JS reads per chunk of `stream<_>` and of elements that are JS values. */
const VALUES_PER_CHUNK = 1024;

/** What `StreamValue.read` takes (jco's shape): at most `count` elements; `dropAfterCopy` ends JS's side with the
 *  copy that delivers them, so the guest's write completes with DROPPED and its count (as a wasmtime host consumer
 *  that drops within its poll) instead of COMPLETED and a drop it learns of later. */
export interface StreamReadOptions {
  readonly count?: number;
  readonly dropAfterCopy?: boolean;
}

/** A readable stream<T> as JS holds it: an async iterator of chunks (also `read()` with options, jco's shape). */
export class StreamValue implements AsyncIterable<unknown>, AsyncIterator<unknown, undefined> {
  /** JS's side has ended (the writer dropped, JS dropped after a copy, or returned): later reads are done. */
  private ended = false;
  /** Reads run one after another (a copy per read: the spec allows one pending copy per end). */
  private queue: Promise<unknown> = Promise.resolve();
  private reads = 0;
  constructor(readonly shared: SharedStream) {}

  [Symbol.asyncIterator](): AsyncIterator<unknown, undefined> { return this; }

  /** The next chunk (one copy of up to 64 KiB, or 1024 elements; empty copies are skipped), or done at the end. */
  next(): Promise<IteratorResult<unknown, undefined>> { return this.read(); }

  /** The next chunk of at most `count` elements; with `dropAfterCopy` JS's side ends with it (StreamReadOptions). */
  read(options?: StreamReadOptions): Promise<IteratorResult<unknown, undefined>> {
    const count = options?.count;
    if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
      return Promise.reject(new RangeError(`stream read: count must be a positive integer, got ${String(count)}`));
    }
    const dropAfter = options?.dropAfterCopy === true;
    // No read in flight (the usual case): start the copy now, without a microtask hop.
    const r = this.reads === 0 ? this.readNow(count, dropAfter) : this.queue.then(() => this.readNow(count, dropAfter));
    this.reads++;
    const settled = r.then(() => { this.reads--; }, () => { this.reads--; });
    this.queue = settled;
    return r;
  }

  /** JS is done with the stream: the guest's writer sees its end dropped. */
  return(): Promise<IteratorResult<unknown, undefined>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  private end(): void {
    this.ended = true;
    this.shared.drop();
  }

  private async readNow(count: number | undefined, dropAfter: boolean): Promise<IteratorResult<unknown, undefined>> {
    if (this.ended) return { value: undefined, done: true };
    const t = chunkType(this.shared.typeId as string);
    const size = t === 'values' ? 0 : t?.BYTES_PER_ELEMENT ?? 0;
    const n = count ?? (size === 0 ? VALUES_PER_CHUNK : Math.max(1, CHUNK_BYTES / size));
    try {
      for (;;) {
        const buf = hostBuffer(t, n);
        buf.last = dropAfter;
        const result = await hostCopy(this.shared, buf, true);
        // With dropAfterCopy, the copy that delivered elements ended the stream (copy.ts SharedStream.copy).
        if (result === COPY_DROPPED || (dropAfter && buf.progress > 0)) this.end();
        if (buf.progress > 0) return { value: t === undefined ? buf.progress : t === 'values' ? buf.values : new t(buf.bytes.buffer as ArrayBuffer, 0, buf.progress), done: false };
        if (this.ended) return { value: undefined, done: true };
      }
    } catch (e) {
      this.end();
      throw e;
    }
  }

  /** Writes the chunks into a web WritableStream (closed at the end, aborted if this stream fails). */
  pipeTo(dest: WritableStream<unknown>, options?: StreamPipeOptions): Promise<void> {
    return this.toReadableStream().pipeTo(dest, options);
  }

  /** A web ReadableStream of the same chunks. */
  toReadableStream(): ReadableStream<unknown> {
    return new ReadableStream({
      pull: async (c) => { const r = await this.next(); if (r.done === true) c.close(); else c.enqueue(r.value); },
      cancel: async () => { await this.return(); },
    });
  }
}

/** A readable future<T> as JS holds it: Promise-like. */
export class FutureValue implements PromiseLike<unknown> {
  private p: Promise<unknown> | undefined;
  constructor(readonly shared: SharedFuture) {}

  then<A = unknown, B = never>(ok?: ((v: unknown) => A | PromiseLike<A>) | null, err?: ((e: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    this.p ??= new Promise((resolve, reject) => {
      // The guest holding the writable end trapped (SharedFuture.fail): it will never write.
      if (this.shared.error !== undefined) { reject(this.shared.error); return; }
      const t = chunkType(this.shared.typeId as string);
      const buf = hostBuffer(t, 1);
      // JS awaits the guest meanwhile: its yield rounds keep the process alive (scheduler.ts jsWaiting).
      jsWaiting(1);
      let waiting = true;
      const unwait = (): void => { if (waiting) { waiting = false; jsWaiting(-1); } };
      try {
        this.shared.copy(buf, true, (result) => {
          unwait();
          this.shared.drop();
          if (result !== COPY_COMPLETED) reject(this.shared.error ?? new Error('future: the writer dropped its end without writing a value'));
          else resolve(t === undefined ? undefined : t === 'values' ? buf.values![0] : new t(buf.bytes.buffer as ArrayBuffer, 0, 1)[0]);
        });
      } catch (e) {
        // The guest's value could not be lifted (a trap: its instance is poisoned).
        unwait();
        this.shared.drop();
        reject(e);
      }
      notify();
    });
    return this.p.then(ok, err);
  }
}

/** Where a JS-side failure of a stream or future the guest reads goes (values.ts `errorSink`: README "Async"). */
export type ErrorSink = (e: unknown) => void;

/** JS values (async iterable or ReadableStream of chunks) pumped into a new stream the guest reads; a source that
 *  throws or a chunk that cannot be lowered ends it (the guest sees its writer drop) and goes to `onError`. */
export function streamFromJs(v: unknown, key: string, where: string, onError: ErrorSink): SharedStream | undefined {
  const src = v instanceof StreamValue ? undefined : sourceOf(v);
  if (src === undefined) return undefined;
  const t = chunkType(key);
  const size = t === 'values' ? 0 : t?.BYTES_PER_ELEMENT ?? 0;
  const shared = new SharedStream(key);
  void (async () => {
    let open = false;
    try {
      for (;;) {
        const r = await src.next();
        // jco's shape: `{ value, done: true }` with a value is the last chunk, and JS's end drops with its copy.
        if (r.done === true && r.value === undefined) return;
        open = true;
        let buf: HostBuffer;
        if (t === 'values') { const vs = chunkValues(r.value, where); buf = new HostBuffer(EMPTY, vs.length, 0, vs); }
        else { const bytes = chunkBytes(r.value, t, where); buf = new HostBuffer(bytes, size === 0 ? Number(r.value) : bytes.length / size, size); }
        // The last chunk (known to the source, or the end of an array): the guest's read that drains it completes
        // with DROPPED and its count (copy.ts SharedStream.copy), as from wasmtime's host producers.
        buf.last = r.done === true || r.last === true;
        while (buf.remain() > 0) {
          if (await hostCopy(shared, buf, false) === COPY_DROPPED) { await src.return(); return; }
        }
        if (buf.last) return;
        open = false;
      }
    } catch (e) {
      shared.drop();
      notify();
      onError(e);
      // A chunk JS gave could not be copied: its source is closed (as `for await` does), not left open.
      if (open) void src.return().catch(() => undefined);
    } finally {
      shared.drop();
      notify();
    }
  })();
  return shared;
}

/** One pull of a JS stream source: `last` marks the end of an array without another pull. */
type SourceStep = { readonly done?: boolean; readonly value: unknown; readonly last?: boolean };

/** A JS stream source, pulled chunk by chunk (`return` closes it early). */
interface Source {
  next(): Promise<SourceStep>;
  return(): Promise<unknown>;
}

/** A JS Promise or value written into a new future the guest reads; a Promise that rejects, or a value that cannot
 *  be lowered, makes the guest see its writer drop (never a read that waits forever) and goes to `onError`. */
export function futureFromJs(v: unknown, key: string, where: string, onError: ErrorSink): SharedFuture {
  const t = chunkType(key);
  const shared = new SharedFuture(key);
  void Promise.resolve(v).then((x) => {
    let buf: HostBuffer;
    if (t === 'values') buf = new HostBuffer(EMPTY, 1, 0, [x]);
    else {
      buf = hostBuffer(t, 1);
      if (t !== undefined) {
        try { checkNumber(x, t, `${at(where)}the future's value`); } catch (e) { shared.drop(); notify(); onError(e); return; }
        (new t(buf.bytes.buffer as ArrayBuffer) as unknown as unknown[])[0] = x;
      }
    }
    shared.copy(buf, false, () => {
      if (buf.error !== undefined) onError(buf.error);
    });
    notify();
  }, (e: unknown) => {
    shared.drop();
    notify();
    onError(e);
  });
  return shared;
}

/** The ranges of the integer element types (by typed array), so a JS number is never silently wrapped. */
const INT_RANGE = new Map<TypedArrayCtor, readonly [number | bigint, number | bigint]>([
  [Uint8Array, [0, 0xff]], [Int8Array, [-0x80, 0x7f]], [Uint16Array, [0, 0xffff]], [Int16Array, [-0x8000, 0x7fff]],
  [Uint32Array, [0, 0xffffffff]], [Int32Array, [-0x80000000, 0x7fffffff]],
  [BigUint64Array, [0n, 2n ** 64n - 1n]], [BigInt64Array, [-(2n ** 63n), 2n ** 63n - 1n]],
]);

/** Checks one JS element of a number stream or future (README "Async"; the same rule as arguments: DESIGN §4). */
function checkNumber(v: unknown, ctor: TypedArrayCtor, what: string): void {
  const big = ctor === BigUint64Array || ctor === BigInt64Array;
  if (big ? typeof v !== 'bigint' : typeof v !== 'number') throw new TypeError(`${what}: expected a ${big ? 'bigint' : 'number'}, got ${v === null ? 'null' : typeof v}`);
  const r = INT_RANGE.get(ctor);
  if (r === undefined) return;
  if ((!big && !Number.isInteger(v)) || (v as number) < (r[0] as number) || (v as number) > (r[1] as number)) {
    throw new RangeError(`${what}: ${String(v)} is not an integer in [${String(r[0])}, ${String(r[1])}]`);
  }
}

/** The location prefix of a message (`f(x): `), or none where the adapter gives none. */
function at(where: string): string {
  return where === '' ? '' : `${where}: `;
}

function sourceOf(v: unknown): Source | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (Symbol.asyncIterator in v) {
    const it = (v as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    return { next: () => Promise.resolve(it.next()), return: async () => await it.return?.() };
  }
  if (typeof (v as { getReader?: unknown }).getReader === 'function') {
    const reader = (v as ReadableStream<unknown>).getReader();
    return { next: () => reader.read(), return: () => reader.cancel() };
  }
  if (Symbol.iterator in v && !ArrayBuffer.isView(v)) {
    // An iterable of chunks (an array): one step ahead, so its last chunk is known as the last.
    const it = (v as Iterable<unknown>)[Symbol.iterator]();
    let cur = it.next();
    return {
      next: async () => {
        if (cur.done === true) return { value: undefined, done: true };
        const value = cur.value;
        cur = it.next();
        return { value, done: false, last: cur.done === true };
      },
      return: async () => it.return?.(),
    };
  }
  return undefined;
}

/** A chunk of elements that are JS values: an array (or any iterable) of them. */
function chunkValues(chunk: unknown, where: string): unknown[] {
  if (Array.isArray(chunk)) return chunk;
  if (chunk !== null && typeof chunk === 'object' && Symbol.iterator in chunk) return [...chunk as Iterable<unknown>];
  throw new TypeError(`${at(where)}a stream chunk must be an array of elements, got ${chunk === null ? 'null' : typeof chunk}`);
}

function chunkBytes(chunk: unknown, ctor: TypedArrayCtor | undefined, where: string): Uint8Array {
  if (ctor === undefined) return new Uint8Array(0);
  if (chunk instanceof ctor) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (Array.isArray(chunk)) {
    for (let i = 0; i < chunk.length; i++) checkNumber(chunk[i], ctor, `${at(where)}a stream chunk's element ${i}`);
    return new Uint8Array((ctor.from as (a: unknown[]) => { buffer: ArrayBuffer }).call(ctor, chunk).buffer);
  }
  throw new TypeError(`${at(where)}a stream chunk must be a ${ctor.name} or an array, got ${chunk === null ? 'null' : typeof chunk}`);
}
