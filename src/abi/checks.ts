// Checks of JS values for scalar WIT types (DESIGN.md §4: stricter than jco), throwing ValueTypeError/ValueRangeError.
// Apart from the scalar ops (ops/numbers.ts) and free of top-level effects, so the generated adapters' error paths
// (runtime/glue/checks.ts) share them without pulling the ops into a bundle.
import { describe, ValueRangeError, ValueTypeError } from './errors.js';

// CanonicalABI.md "Loading": MAX_LIST_BYTE_LENGTH (the same limit as strings').
export const MAX_LIST_BYTE_LENGTH = 2 ** 28 - 1;

/** A JS list of `n` elements of `size` bytes must fit the limit; checked before anything is allocated or read. */
export function checkListBytes(n: number, size: number): void {
  if (n * size > MAX_LIST_BYTE_LENGTH) throw new ValueRangeError(`list too long for the canonical ABI (at most ${MAX_LIST_BYTE_LENGTH} bytes)`);
}

/** Domains of the ≤32-bit integer types (kept apart from the ops so that checks alone don't pull them in). */
export const INT_LIMITS: Readonly<Record<string, { readonly min: number; readonly max: number }>> = {
  u8: { min: 0, max: 0xff }, s8: { min: -0x80, max: 0x7f }, u16: { min: 0, max: 0xffff }, s16: { min: -0x8000, max: 0x7fff },
  u32: { min: 0, max: 0xffffffff }, s32: { min: -0x80000000, max: 0x7fffffff },
};

/** Checks a JS value for a ≤32-bit integer type; returns it. */
export function checkInt(kind: string, spec: { min: number; max: number }, v: unknown): number {
  if (typeof v !== 'number') throw new ValueTypeError(`expected ${kind} (a number), got ${describe(v)}`);
  if (!(v >= spec.min && v <= spec.max) || !Number.isInteger(v)) {
    throw new ValueRangeError(`expected ${kind} (an integer in ${spec.min}..${spec.max}), got ${v}`);
  }
  return v;
}

/** Checks a JS value for s64/u64: a bigint in range. */
export function checkBigInt(kind: 's64' | 'u64', v: unknown): bigint {
  if (typeof v !== 'bigint') throw new ValueTypeError(`expected ${kind} (a bigint), got ${describe(v)}`);
  if ((kind === 'u64' ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v)) !== v) {
    throw new ValueRangeError(`expected ${kind} (a bigint in ${kind === 'u64' ? '0..2^64-1' : '-2^63..2^63-1'}), got ${v}n`);
  }
  return v;
}

export function checkFloat(kind: 'f32' | 'f64', v: unknown): number {
  if (typeof v !== 'number') throw new ValueTypeError(`expected ${kind} (a number), got ${describe(v)}`);
  return v;
}

export function checkBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ValueTypeError(`expected bool (a boolean), got ${describe(v)}`);
  return v;
}

// CanonicalABI.md "Storing": char_to_i32 (the JS side must give exactly one Unicode scalar value).
export function checkChar(v: unknown): number {
  if (typeof v !== 'string') throw new ValueTypeError(`expected char (a one-code-point string), got ${describe(v)}`);
  const c = v.codePointAt(0);
  if (c === undefined || v.length !== (c > 0xffff ? 2 : 1)) {
    throw new ValueRangeError(`expected char (exactly one code point), got a string of ${v.length > 1000 ? `${v.length} code units` : `${[...v].length} code points`}`);
  }
  if (c >= 0xd800 && c <= 0xdfff) throw new ValueRangeError(`expected char, got the lone surrogate U+${c.toString(16).toUpperCase()}`);
  return c;
}

/**
 * Checks a JS value for a scalar type or `string` (named by kind), throwing the ABI's ValueTypeError/ValueRangeError;
 * shared with the generated adapters' error paths (runtime/glue/checks.ts), without pulling in the scalar ops.
 */
export function checkScalar(kind: string, v: unknown): void {
  const lim = INT_LIMITS[kind];
  if (lim !== undefined) checkInt(kind, lim, v);
  else if (kind === 'u64' || kind === 's64') checkBigInt(kind, v);
  else if (kind === 'f32' || kind === 'f64') checkFloat(kind, v);
  else if (kind === 'bool') checkBool(v);
  else if (kind === 'char') checkChar(v);
  else if (typeof v !== 'string') throw new ValueTypeError(`expected ${kind}, got ${describe(v)}`);
}


const OBJECT_PROTO = Object.prototype;

// CanonicalABI.md "Storing": pack_flags_into_int, for a JS object of booleans with camelCase keys (DESIGN.md §4).
// One definition for every mode: a flag is set by `true`, clear by `false` or absence; any other value is a TypeError
// naming the flag, an own key that names no flag a RangeError. `lenient` (values a host import returns, as jco takes
// them): `undefined` and `null` mean no flags set.
export function packFlags(v: unknown, keys: readonly string[], lenient = false): number {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) {
    if (lenient && (v === undefined || v === null)) return 0;
    throw new ValueTypeError(`expected an object of booleans for flags, got ${describe(v)}`);
  }
  const o = v as Record<string, unknown>;
  let bits = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const b = o[k];
    if (b === true) bits |= 1 << i;
    // A flag named like an Object.prototype member (`to-string` → toString) is absent unless the object sets it.
    else if (b !== undefined && b === (OBJECT_PROTO as Record<string, unknown>)[k]) continue;
    else if (b !== false && b !== undefined) throw new ValueTypeError(`expected a boolean for a flag, got ${describe(b)}`, `.${keys[i]}`);
  }
  for (const k in o) {
    if (Object.prototype.hasOwnProperty.call(o, k) && !keys.includes(k)) {
      throw new ValueRangeError(`unknown flag ${JSON.stringify(k)} (the flags are ${keys.map((n) => JSON.stringify(n)).join(', ')})`);
    }
  }
  return bits >>> 0;
}
