// Integer wrap of a flat core value to its WIT type (CanonicalABI.md "Flat Lifting": lift_flat_unsigned /
// lift_flat_signed), one definition for every mode: `fn` for the ABI and the fused interpreter, `expr` for generated
// code. ≤32-bit kinds take a wasm i32 as JS gives it (a signed number), 64-bit kinds an i64 (a bigint).
export type IntKind = 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64';

export interface IntWrap { readonly fn: (x: number) => number; readonly expr: (x: string) => string }

export const INT_WRAP: Readonly<Record<'s8' | 'u8' | 's16' | 'u16' | 's32' | 'u32', IntWrap>> = {
  s8: { fn: (x) => (x << 24) >> 24, expr: (x) => `((${x} << 24) >> 24)` },
  u8: { fn: (x) => x & 0xff, expr: (x) => `(${x} & 0xff)` },
  s16: { fn: (x) => (x << 16) >> 16, expr: (x) => `((${x} << 16) >> 16)` },
  u16: { fn: (x) => x & 0xffff, expr: (x) => `(${x} & 0xffff)` },
  s32: { fn: (x) => x | 0, expr: (x) => `(${x} | 0)` },
  u32: { fn: (x) => x >>> 0, expr: (x) => `(${x} >>> 0)` },
};

/** The JS expression lifting flat `x` as `kind` (64-bit kinds wrap a bigint). */
export function intWrapExpr(kind: IntKind, x: string): string {
  if (kind === 's64') return `BigInt.asIntN(64, ${x})`;
  if (kind === 'u64') return `BigInt.asUintN(64, ${x})`;
  return INT_WRAP[kind].expr(x);
}
