// The state a lift or lower needs (CanonicalABI.md "Canonical ABI Options", "Lifting and Lowering Context").
import type { BorrowType, OwnType, ValType } from '../types/index.js';
import { trap, valueTrap } from './errors.js';
import { DEFAULT_MAX_LIFT_BYTES, liftCapReason } from './lift-cap.js';
import { outOfBounds, reallocOutOfBounds, reallocUnaligned, stringOutOfBounds, unalignedPointer } from './trap-texts.js';
import type { AddrType } from './layout.js';

/** CanonicalABI.md "Canonical ABI Options": the `string-encoding` option. */
export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** What the ABI needs of a linear memory: its current buffer (a `WebAssembly.Memory` fits). */
export interface MemoryLike { readonly buffer: ArrayBuffer | SharedArrayBuffer }

/** The guest's `cabi_realloc(old_ptr, old_size, align, new_size) -> ptr`; i64 memories take and return bigints. */
export type Realloc = (oldPtr: number | bigint, oldSize: number | bigint, align: number | bigint, newSize: number | bigint) => number | bigint;

/**
 * Handle hooks the runtime implements (CanonicalABI.md "Loading": lift_own/lift_borrow, "Storing": lower_own/
 * lower_borrow). Lifting receives the i32 handle index and returns the JS value (a resource class instance);
 * lowering receives the JS value and returns the i32 handle index. Hooks trap (throw `Trap`) for bad handles and
 * throw a `ValueTypeError` for a JS value of the wrong class.
 */
export interface HandleHooks {
  liftOwn(handle: number, t: OwnType): unknown;
  liftBorrow(handle: number, t: BorrowType): unknown;
  lowerOwn(value: unknown, t: OwnType): number;
  lowerBorrow(value: unknown, t: BorrowType): number;
  /** `error-context`, `stream`, `future` handles (feature `cm-async`); absent means unsupported. */
  liftOther?(handle: number, t: ValType): unknown;
  lowerOther?(value: unknown, t: ValType): number;
}

export interface AbiOptions {
  readonly memory?: MemoryLike;
  readonly realloc?: Realloc;
  readonly encoding?: StringEncoding;
  /** The memory's address type; `i64` for memory64. Default `i32`. */
  readonly addrType?: AddrType;
  readonly hooks?: HandleHooks;
}

/** The typed arrays that carry numeric lists. */
export type TypedArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;
type TypedArrayCtor = abstract new (...args: never[]) => TypedArray;

/**
 * The location a check's `what` names: `list` and `string` only say what the ops were reading (the enclosing value
 * and the adapter name the location on the way out); anything else is an adapter's own location (`f`, `result of f`).
 */
function whereOf(what: string): string {
  return what === 'list' || what === 'string' ? '' : what;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const EMPTY = new ArrayBuffer(0);
// Shared by every context until its first read of memory (zero-length: nothing can be written through them).
const EMPTY_U8 = new Uint8Array(EMPTY);
const EMPTY_DV = new DataView(EMPTY);

/**
 * A lifting/lowering context (CanonicalABI.md "Lifting and Lowering Context"): one per canonical function (its
 * options don't change between calls), reused across calls. Views over memory are cached and refreshed when the
 * buffer changes (`memory.grow` detaches it): call `refresh()` after guest code ran; the ABI does it after `realloc`.
 */
export class AbiContext {
  /** Bytes lifted into JS values since the adapter's call began, and their cap (`countLift`). */
  liftedBytes = 0;
  maxLiftBytes = DEFAULT_MAX_LIFT_BYTES;
  readonly memory: MemoryLike | undefined;
  readonly encoding: StringEncoding;
  readonly addrType: AddrType;
  readonly hooks: HandleHooks | undefined;
  private readonly reallocFn: Realloc | undefined;
  /** True when typed-array views may be used for multi-byte values (host is little-endian like wasm). */
  static readonly littleEndian = LITTLE_ENDIAN;

  buffer: ArrayBuffer | SharedArrayBuffer = EMPTY;
  u8: Uint8Array<ArrayBuffer | SharedArrayBuffer> = EMPTY_U8;
  dv: DataView<ArrayBuffer | SharedArrayBuffer> = EMPTY_DV;
  /** The memory is shared (TextDecoder refuses views of a SharedArrayBuffer: decode a copy). */
  shared = false;
  /**
   * Lowering values a host import returned (DESIGN.md §4 host conventions): accept what jco accepts where kumiki is
   * otherwise strict (`undefined`/`null` flags as none set). Arguments of JS callers are never lowered leniently.
   */
  lenient = false;
  /** Second result of `storeStringIntoRange` (the tagged code units), to avoid allocating a pair per string. */
  scratchLength: number | bigint = 0;
  /**
   * The memory is a non-shared `WebAssembly.Memory`: growth detaches its buffer, so a non-empty view proves the
   * cached buffer current and `refresh` costs one length load instead of the (slow) `buffer` getter.
   */
  private readonly detaches: boolean;
  /** Made on the first `view` (most contexts never need one). */
  private views: Map<TypedArrayCtor, TypedArray> | undefined = undefined;
  /** The last view handed out (lists of one element type ask for the same view on every call). */
  private lastCtor: unknown = undefined;
  private lastView: TypedArray | undefined = undefined;

  constructor(opts: AbiOptions = {}) {
    this.memory = opts.memory;
    this.reallocFn = opts.realloc;
    this.encoding = opts.encoding ?? 'utf8';
    this.addrType = opts.addrType ?? 'i32';
    this.hooks = opts.hooks;
    const m = opts.memory;
    this.reread();
    // After `reread`: `shared` is read from the buffer it fetched (the `buffer` getter is slow; read it once).
    this.detaches = typeof WebAssembly === 'object' && m instanceof WebAssembly.Memory && !this.shared;
  }

  /** Counts `bytes` lifted into JS for `what`; traps past `maxLiftBytes` in this call. */
  countLift(bytes: number, what: string): void {
    if ((this.liftedBytes += bytes) > this.maxLiftBytes) valueTrap(what, liftCapReason(this.maxLiftBytes), whereOf(what));
  }

  /** Re-reads the memory's buffer if it changed (after growth); cheap when it did not (`length`: a Uint8Array's
   * element count is its byte count, and reads faster than `byteLength`). */
  refresh(): void {
    if (this.detaches && this.u8.length !== 0) return;
    this.reread();
  }

  /** Re-reads the memory's buffer if it is another one, or the same (shared) one grown. */
  private reread(): void {
    const m = this.memory;
    if (m === undefined) return;
    const b = m.buffer;
    if (b !== this.buffer || b.byteLength !== this.u8.length) {
      this.buffer = b;
      this.u8 = new Uint8Array(b);
      this.dv = new DataView(b);
      this.shared = !(b instanceof ArrayBuffer);
      if (this.views !== undefined && this.views.size !== 0) this.views = undefined;
      this.lastCtor = undefined;
      this.lastView = undefined;
    }
  }

  /** A cached view of the whole memory as `ctor` elements (little-endian hosts only; see `littleEndian`). */
  view<T extends TypedArray>(ctor: { new (b: ArrayBuffer | SharedArrayBuffer, offset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }): T {
    if (ctor === this.lastCtor) return this.lastView as T;
    const views = this.views ??= new Map();
    let v = views.get(ctor as unknown as TypedArrayCtor);
    if (v === undefined) {
      v = new ctor(this.buffer, 0, Math.floor(this.buffer.byteLength / ctor.BYTES_PER_ELEMENT));
      views.set(ctor as unknown as TypedArrayCtor, v);
    }
    this.lastCtor = ctor;
    this.lastView = v;
    return v as T;
  }

  /** Loads a pointer or length at `at` (u32, or u64 for memory64; values past 2^53 stay too big for any memory). */
  loadPtr(at: number): number {
    return this.addrType === 'i64' ? Number(this.dv.getBigUint64(at, true)) : this.dv.getUint32(at, true);
  }

  /** Stores a pointer or (tagged) length at `at`. */
  storePtr(at: number, v: number | bigint): void {
    if (this.addrType === 'i64') this.dv.setBigUint64(at, BigInt(v), true);
    else this.dv.setUint32(at, Number(v), true);
  }

  /** A pointer or length as the flat core value of this memory's address type. */
  flatPtr(v: number): number | bigint {
    return this.addrType === 'i64' ? BigInt(v) : v;
  }

  /** Byte length of memory now (after a refresh). */
  get memoryLength(): number {
    return this.u8.length;
  }

  /** Traps unless `[ptr, ptr + size)` lies in memory and `ptr` is a multiple of `align`. */
  checkRange(ptr: number, size: number, align: number, what: string): void {
    if (ptr % align === 0 && ptr + size <= this.u8.length && this.memory !== undefined) return;
    this.rangeFault(ptr, size, align, what);
  }

  /** The slow half of `checkRange`: re-reads a (shared) memory that may have grown, else traps precisely. */
  private rangeFault(ptr: number, size: number, align: number, what: string): void {
    if (this.memory === undefined) trap(`${what} needs a memory, but the canonical options name none`);
    if (ptr % align !== 0) valueTrap(what, unalignedPointer(ptr, align), whereOf(what));
    this.reread(); // a shared memory may have grown without detaching our view
    if (ptr + size > this.u8.length) valueTrap(what, what === 'string' ? stringOutOfBounds(ptr, size, this.u8.length) : outOfBounds(ptr, size, this.u8.length), whereOf(what));
  }

  // CanonicalABI.md "Lifting and Lowering Context": reallocate (calls the guest's realloc, then traps on a bad result).
  reallocate(oldPtr: number, oldSize: number, align: number, newSize: number, what: string): number {
    const f = this.reallocFn;
    if (f === undefined) trap(`${what} needs a realloc function, but the canonical options name none`);
    let r: number | bigint;
    if (this.addrType === 'i64') {
      r = f(BigInt(oldPtr), BigInt(oldSize), BigInt(align), BigInt(newSize));
      r = typeof r === 'bigint' ? Number(BigInt.asUintN(64, r)) : Number.NaN;
    } else {
      r = f(oldPtr, oldSize, align, newSize);
      r = typeof r === 'number' ? r >>> 0 : Number.NaN;
    }
    if (r !== r) trap(`realloc returned a value of the wrong type for ${what}`);
    this.refresh();
    if (r % align !== 0 || r + newSize > this.u8.length) this.reallocFault(r, newSize, align, what);
    return r;
  }

  /** A realloc result that is misaligned or out of bounds (the bounds are checked even for zero bytes). */
  private reallocFault(ptr: number, size: number, align: number, what: string): void {
    if (ptr % align !== 0) valueTrap(what, reallocUnaligned(ptr, align), whereOf(what));
    this.reread(); // a shared memory may have grown without detaching our view
    if (ptr + size > this.u8.length) valueTrap(what, reallocOutOfBounds(ptr, size, this.u8.length, what === 'list' || what === 'string' ? what : 'value'), whereOf(what));
  }

  // CanonicalABI.md "Lifting and Lowering Context": allocate.
  allocate(align: number, size: number, what: string): number {
    return this.reallocate(0, 0, align, size, what);
  }
}
