// Limits on the size of value types: fixed-length list lengths (wasmparser) and the spec's maximum value size
// (CanonicalABI.md "Element Size": every defvaltype's elem_size with 64-bit pointers is below 2^28 bytes).
import { elemSize } from '../abi/layout.js';
import type { ValType } from '../types/index.js';
import { valChildren } from './model.js';

/** wasmparser MAX_WASM_FIXED_LENGTH_LIST_ELEMENTS. */
export const MAX_FIXED_LENGTH = 1_073_741_824;
/** CanonicalABI.md: MAX_VALUE_SIZE (2^28 bytes). */
export const MAX_VALUE_SIZE = 2 ** 28;
const hasFixed = new WeakMap<ValType, boolean>();

/** elem_size (64-bit pointers) is below MAX_VALUE_SIZE. Only fixed-length lists can make a type that large,
 *  so the exact (uncached) `elemSize` runs only for types containing one. */
export function sizeUnderLimit(t: ValType): boolean {
  return !containsFixed(t) || elemSize(t, 'i64') < MAX_VALUE_SIZE;
}

function containsFixed(t: ValType): boolean {
  const hit = hasFixed.get(t);
  if (hit !== undefined) return hit;
  const r = t.kind === 'list' ? t.length !== undefined || containsFixed(t.element)
    : t.kind !== 'future' && t.kind !== 'stream' && valChildren(t).some(containsFixed);
  hasFixed.set(t, r);
  return r;
}
