// Cached views of one linear memory, shared by every adapter of an instance that names it. A view is refreshed
// only when the buffer detached (`memory.grow`): detached views report length 0, a one-load check per access group.
import { atLocation, trap } from '../../abi/errors.js';
import { DEFAULT_MAX_LIFT_BYTES, liftCapTrap } from '../../abi/lift-cap.js';
import { checkListBytes, MAX_LIST_BYTE_LENGTH } from '../../abi/checks.js';
import { outOfBounds, reallocOutOfBounds, reallocUnaligned, stringOutOfBounds, unalignedPointer, type AllocContent } from '../../abi/trap-texts.js';

const EMPTY = new ArrayBuffer(0);

/** Typed-array constructors the list adapters use, by index in `MemView.tv`. */
export const VIEW_CTORS = [
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array, Float32Array, Float64Array,
] as const;
export type ViewCtor = (typeof VIEW_CTORS)[number];
export type AnyView = InstanceType<ViewCtor>;

export class MemView {
  /** Bytes lifted into JS values since the current adapter call began, and their cap (`countLift`, issue 10). */
  n = 0;
  cap = DEFAULT_MAX_LIFT_BYTES;
  u8 = new Uint8Array(EMPTY);
  dv = new DataView(EMPTY);
  /** Lazily created typed views, indexed like `VIEW_CTORS`. */
  tv: (AnyView | undefined)[] = [];
  constructor(readonly mem: WebAssembly.Memory | undefined) {
    this.r();
  }

  /** Re-reads the buffer (call when `u8.length === 0`). */
  r(): void {
    if (this.mem === undefined) return;
    const b = this.mem.buffer as ArrayBuffer;
    if (b === this.u8.buffer && b.byteLength === this.u8.byteLength) return;
    this.u8 = new Uint8Array(b);
    this.dv = new DataView(b);
    this.tv = [];
  }

  /** The typed view `VIEW_CTORS[k]` over the whole memory (buffer length is a page multiple, so it divides). */
  view(k: number): AnyView {
    if (this.u8.length === 0) this.r();
    let v = this.tv[k];
    if (v === undefined) {
      const C = VIEW_CTORS[k]!;
      v = new C(this.u8.buffer as ArrayBuffer, 0, this.u8.byteLength / C.BYTES_PER_ELEMENT) as AnyView;
      this.tv[k] = v;
    }
    return v;
  }

  /** Traps unless `[p, p+size)` is in bounds and `p` is aligned (CanonicalABI.md "Loading": trap_if). */
  check(p: number, size: number, align: number, what: string): void {
    if (this.u8.length === 0) this.r();
    if (this.mem === undefined) trap(`${what} needs a memory, but the canonical options name none`);
    if ((p & (align - 1)) !== 0) trap(`${what}: ${unalignedPointer(p, align)}`);
    if (p + size > this.u8.length) trap(`${what}: ${outOfBounds(p, size, this.u8.length)}`);
  }

  /** `check` for a string's bytes (CanonicalABI.md "Loading": load_string_from_range), trapping in its words. */
  checkString(p: number, bytes: number, align: number, what: string): void {
    if (this.u8.length === 0) this.r();
    if ((p & (align - 1)) === 0 && p + bytes <= this.u8.length) return;
    if ((p & (align - 1)) === 0 && this.mem !== undefined) trap(`${what}: ${stringOutOfBounds(p, bytes, this.u8.length)}`);
    this.check(p, bytes, align, what); // no memory, or misaligned: check's words
  }
}

/** Counts `bytes` lifted into JS for `what`; traps past the view's cap in this call (adapters reset `m.n`). */
export function countLift(m: MemView, bytes: number, what: string): void {
  if ((m.n += bytes) > m.cap) liftCapTrap(m.cap, what);
}

/** Second result of the lowering helpers (string byte/code-unit length, list element count): no tuple allocated. */
export const out = { len: 0 };

/** A guest `cabi_realloc` as a JS function. */
export type ReallocFn = (oldPtr: number, oldSize: number, align: number, newSize: number) => number;

// CanonicalABI.md "Lifting and Lowering Context": allocate/reallocate, then trap on a misaligned or out-of-bounds result.
// `content` only words the trap (what the memory was for).
export function alloc(m: MemView, realloc: ReallocFn | undefined, oldPtr: number, oldSize: number, align: number, size: number, what: string, content: AllocContent = 'value'): number {
  // A JS list past the limit is the caller's error, found before anything is allocated (as abi/ops/lists.ts does).
  if (content === 'list' && size > MAX_LIST_BYTE_LENGTH) { try { checkListBytes(size, 1); } catch (e) { throw atLocation(e, what); } }
  if (realloc === undefined) trap(`${what} needs a realloc function, but the canonical options name none`);
  if (size > 0x7fffffff) trap(`${what}: allocation of ${size} bytes is too large`);
  const p = realloc(oldPtr, oldSize, align, size) >>> 0;
  if (m.u8.length === 0) m.r();
  if ((p & (align - 1)) !== 0 || p + size > m.u8.length) reallocFault(m, p, size, align, what, content);
  return p;
}

function reallocFault(m: MemView, p: number, size: number, align: number, what: string, content: AllocContent): void {
  if ((p & (align - 1)) !== 0) trap(`${what}: ${reallocUnaligned(p, align)}`);
  if (p + size > m.u8.length) trap(`${what}: ${reallocOutOfBounds(p, size, m.u8.length, content)}`);
}
