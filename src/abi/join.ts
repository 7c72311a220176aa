// Variant join coercions (CanonicalABI.md "Flattening": a variant's payload slots join its cases' flat types;
// lower_flat_variant coerces a case's value into the joined slot, lift_flat_variant's CoerceValueIter back), one
// definition for every mode: `fn` for the ABI and the fused interpreter, `expr` for generated code (which reaches
// the bit helpers as `h.*`, runtime/glue re-exports them).
import type { FlatType } from './flatten.js';

type Flat = number | bigint;
export interface Coercion { readonly fn: (x: Flat) => Flat; readonly expr: (x: string) => string }

// Bit reinterpretation through one scratch buffer (CanonicalABI.md reinterpret_float_as_i32 / _i64 and back).
const scratch = new ArrayBuffer(8);
const f32 = new Float32Array(scratch);
const f64 = new Float64Array(scratch);
const i32 = new Int32Array(scratch);
const i64 = new BigInt64Array(scratch);
export function f32ToI32(x: number): number { f32[0] = x; return i32[0]!; }
export function i32ToF32(x: number): number { i32[0] = x; return f32[0]!; }
export function f64ToI64(x: bigint | number): bigint { f64[0] = x as number; return i64[0]!; }
export function i64ToF64(x: bigint): number { i64[0] = x; return f64[0]!; }

/** lower_flat_variant: a case's flat value of type `have` into a joined slot of type `want`. */
const IN: Readonly<Record<string, Coercion>> = {
  'i32>i64': { fn: (x) => BigInt((x as number) >>> 0), expr: (x) => `BigInt(${x} >>> 0)` },
  'f32>i32': { fn: (x) => f32ToI32(x as number), expr: (x) => `h.f32ToI32(${x})` },
  'f32>i64': { fn: (x) => BigInt(f32ToI32(x as number) >>> 0), expr: (x) => `BigInt(h.f32ToI32(${x}) >>> 0)` },
  'f64>i64': { fn: (x) => f64ToI64(x as number), expr: (x) => `h.f64ToI64(${x})` },
};

/** lift_flat_variant: a joined slot of type `have` back to the case's flat type `want`. */
const OUT: Readonly<Record<string, Coercion>> = {
  'i64>i32': { fn: (x) => Number(BigInt.asIntN(32, x as bigint)), expr: (x) => `Number(BigInt.asIntN(32, ${x}))` },
  'i32>f32': { fn: (x) => i32ToF32(x as number), expr: (x) => `h.i32ToF32(${x})` },
  'i64>f32': { fn: (x) => i32ToF32(Number(BigInt.asIntN(32, x as bigint))), expr: (x) => `h.i32ToF32(Number(BigInt.asIntN(32, ${x})))` },
  'i64>f64': { fn: (x) => i64ToF64(x as bigint), expr: (x) => `h.i64ToF64(${x})` },
};

function find(table: Readonly<Record<string, Coercion>>, have: FlatType, want: FlatType): Coercion | undefined {
  if (have === want) return undefined;
  const c = table[`${have}>${want}`];
  if (c === undefined) throw new TypeError(`no join coercion from ${have} to ${want}`);
  return c;
}

/** The coercion into a joined slot, or undefined when the types are equal. */
export function joinIn(have: FlatType, want: FlatType): Coercion | undefined { return find(IN, have, want); }
/** The coercion out of a joined slot, or undefined when the types are equal. */
export function joinOut(have: FlatType, want: FlatType): Coercion | undefined { return find(OUT, have, want); }
