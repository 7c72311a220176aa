// Lists of numbers as typed arrays (DESIGN.md §4): one `TypedArray#set` in, one `TypedArray#slice` out (both emitted
// inline by codegen, so their call sites stay monomorphic); here the shared checks.
import { atLocation, trap, ValueTypeError, describe } from '../../abi/errors.js';
import { countLift, VIEW_CTORS, type AnyView, type MemView } from './memview.js';
import { checkNumber } from './checks.js';
import { checkListBytes, MAX_LIST_BYTE_LENGTH } from '../../abi/checks.js';
import { listTooLong } from '../../abi/trap-texts.js';

/** Element kinds, indexed like `VIEW_CTORS`. */
export const TYPED_KINDS = ['s8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64'] as const;

/**
 * A `list<number>` argument given as an array, before its memory is allocated: an array of a representable byte
 * length; returns its length (read once: the allocation and the copy use this count).
 */
export function typedLength(k: number, x: unknown, where: string): number {
  const C = VIEW_CTORS[k]!;
  if (!Array.isArray(x)) throw atLocation(new ValueTypeError(`expected a ${C.name} or an array for list<${TYPED_KINDS[k]}>, got ${describe(x)}`), where);
  const n = x.length;
  try { checkListBytes(n, C.BYTES_PER_ELEMENT); } catch (e) { throw atLocation(e, where); }
  return n;
}

/**
 * The first `n` elements of an array checked and stored one by one at element index `at` of `view` (the list's
 * memory, after its realloc). CanonicalABI.md "Storing" (store_list_into_range): realloc, then each element's store
 * in order, so a bad element fails after the same allocations and with the elements before it written, in every mode.
 */
export function storeTyped(k: number, view: AnyView, at: number, x: readonly unknown[], n: number, where: string): void {
  const kind = TYPED_KINDS[k]!;
  const v = view as unknown as unknown[];
  for (let i = 0; i < n; i++) {
    const e = x[i];
    checkNumber(kind, e, `${where}[${i}]`);
    v[at + i] = e;
  }
}

/** `checkList` for a list lifted into JS, counted against the call's cap (zero-size elements cost a slot each). */
export function liftList(m: MemView, p: number, n: number, size: number, align: number, what: string): void {
  checkList(m, p, n, size, align, what);
  countLift(m, size > 0 ? n * size : n, what);
}

/** Traps when a list of `n` elements of `size` bytes at `p` is not in bounds or not aligned. */
export function checkList(m: MemView, p: number, n: number, size: number, align: number, what: string): void {
  if (n * size > MAX_LIST_BYTE_LENGTH) trap(`${what}: ${listTooLong(n, n * size, MAX_LIST_BYTE_LENGTH)}`);
  m.check(p, n * size, align, what);
}
