// Lists of numbers as typed arrays (DESIGN.md §4): one `TypedArray#set` in, one `TypedArray#slice` out.
import { atLocation, trap, ValueTypeError, describe } from '../../abi/errors.js';
import { alloc, out, VIEW_CTORS, type AnyView, type MemView, type ReallocFn } from './memview.js';
import { checkNumber } from './checks.js';

/** Element kinds, indexed like `VIEW_CTORS`. */
export const TYPED_KINDS = ['s8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64'] as const;

/** A `list<number>` argument given as an array: checks every element, then copies it into a typed array. */
export function toTyped(k: number, x: unknown, where: string): AnyView {
  const C = VIEW_CTORS[k]!;
  if (!Array.isArray(x)) throw atLocation(new ValueTypeError(`expected a ${C.name} or an array for list<${TYPED_KINDS[k]}>, got ${describe(x)}`), where);
  for (let i = 0; i < x.length; i++) checkNumber(TYPED_KINDS[k]!, x[i], `${where}[${i}]`);
  return (C as unknown as { from(a: unknown[]): AnyView }).from(x);
}

// CanonicalABI.md "Storing": store_list_into_range, for number elements (element kind `k`, see VIEW_CTORS).
export function lowerTyped(m: MemView, realloc: ReallocFn | undefined, k: number, x: unknown, where: string): number {
  const C = VIEW_CTORS[k]!;
  let src: AnyView;
  if (x instanceof C) src = x as AnyView;
  else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) checkNumber(TYPED_KINDS[k]!, x[i], `${where}[${i}]`);
    src = (C as unknown as { from(a: unknown[]): AnyView }).from(x);
  } else throw atLocation(new ValueTypeError(`expected a ${C.name} or an array for list<${TYPED_KINDS[k]}>, got ${describe(x)}`), where);
  const size = C.BYTES_PER_ELEMENT;
  const n = src.length;
  const p = alloc(m, realloc, 0, 0, size, n * size, where);
  if (n > 0) (m.view(k) as { set(a: AnyView, o: number): void }).set(src, p / size);
  out.len = n;
  return p;
}

// CanonicalABI.md "Loading": load_list_from_range, for number elements.
export function liftTyped(m: MemView, k: number, p: number, n: number, what: string): AnyView {
  p >>>= 0; n >>>= 0;
  const size = VIEW_CTORS[k]!.BYTES_PER_ELEMENT;
  m.check(p, n * size, size, what);
  const i = p / size;
  return (m.view(k) as { slice(a: number, b: number): AnyView }).slice(i, i + n);
}

/** Traps when a list of `n` elements of `size` bytes at `p` is not in bounds or not aligned. */
export function checkList(m: MemView, p: number, n: number, size: number, align: number, what: string): void {
  if (n * size > 0x7fffffff) trap(`${what}: list too long`);
  m.check(p, n * size, align, what);
}
