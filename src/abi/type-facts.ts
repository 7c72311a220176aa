// Per-type facts in one table (CanonicalABI.md "Alignment", "Element Size", "Flattening"; DESIGN.md §4 for the JS
// side): for every fixed-size kind its size and alignment in memory, its flat core type, its integer range, and the
// typed array a list of it becomes. layout.ts, flatten.ts, plan.ts and the backends read it; nothing restates it.
// (The string/list byte limit, MAX_STRING_BYTE_LENGTH, is abi/strings.ts's, with the code that checks it.)

/** The core value types of a flattened value: only the four numeric ones (CanonicalABI.md "Flattening"). */
export type FlatType = 'i32' | 'i64' | 'f32' | 'f64';

/** Typed-array constructor names for `list<number>` (DESIGN.md §4). */
export type TypedArrayName =
  | 'Int8Array' | 'Uint8Array' | 'Int16Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array'
  | 'BigInt64Array' | 'BigUint64Array' | 'Float32Array' | 'Float64Array';

export interface KindFacts {
  /** CanonicalABI.md elem_size and alignment (equal for every fixed-size kind). */
  readonly size: 1 | 2 | 4 | 8;
  /** CanonicalABI.md flatten_type. */
  readonly flat: FlatType;
  /** Integers: width and signedness (the range is [-2^(bits-1), 2^(bits-1)) or [0, 2^bits)). */
  readonly int?: { readonly bits: 8 | 16 | 32 | 64; readonly signed: boolean };
  /** What a `list<kind>` is in JS, and its index in runtime/glue/memview.ts `VIEW_CTORS`. */
  readonly typed?: { readonly name: TypedArrayName; readonly view: number };
}

function int(size: 1 | 2 | 4 | 8, signed: boolean, name: TypedArrayName, view: number): KindFacts {
  return { size, flat: size === 8 ? 'i64' : 'i32', int: { bits: (size * 8) as 8 | 16 | 32 | 64, signed }, typed: { name, view } };
}

/** The fixed-size kinds. Handles and async handles are i32 indices in memory and flat. */
export const KIND_FACTS: Readonly<Record<string, KindFacts>> = {
  bool: { size: 1, flat: 'i32' },
  s8: /* @__PURE__ */ int(1, true, 'Int8Array', 0), u8: /* @__PURE__ */ int(1, false, 'Uint8Array', 1),
  s16: /* @__PURE__ */ int(2, true, 'Int16Array', 2), u16: /* @__PURE__ */ int(2, false, 'Uint16Array', 3),
  s32: /* @__PURE__ */ int(4, true, 'Int32Array', 4), u32: /* @__PURE__ */ int(4, false, 'Uint32Array', 5),
  s64: /* @__PURE__ */ int(8, true, 'BigInt64Array', 6), u64: /* @__PURE__ */ int(8, false, 'BigUint64Array', 7),
  f32: { size: 4, flat: 'f32', typed: { name: 'Float32Array', view: 8 } },
  f64: { size: 8, flat: 'f64', typed: { name: 'Float64Array', view: 9 } },
  char: { size: 4, flat: 'i32' },
  'error-context': { size: 4, flat: 'i32' }, own: { size: 4, flat: 'i32' }, borrow: { size: 4, flat: 'i32' },
  stream: { size: 4, flat: 'i32' }, future: { size: 4, flat: 'i32' },
};

/** Index of a typed array in runtime/glue/memview.ts `VIEW_CTORS`, by constructor name. */
export function viewIndex(name: TypedArrayName): number {
  for (const f of Object.values(KIND_FACTS)) if (f.typed?.name === name) return f.typed.view;
  throw new TypeError(`unreachable: no typed array ${name}`);
}

/** Byte size in memory of an integer kind (`s8` … `u64`: its width in the name; KIND_FACTS has the same). */
export function intSize(kind: string): number {
  return Number(kind.slice(1)) / 8;
}

/** Most labels a `flags` type may have today (CanonicalABI.md "Alignment": alignment_flags asserts 0 < n <= 32). */
export const MAX_FLAGS = 32;
