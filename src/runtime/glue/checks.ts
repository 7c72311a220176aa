// Argument checks for values crossing into the guest (DESIGN.md §4: stricter than jco, errors name function+parameter).
import { atLocation, describe, isValueError, trap, ValueRangeError, ValueTypeError } from '../../abi/errors.js';
import { checkChar, checkScalar, packFlags } from '../../abi/checks.js';
import { invalidChar, invalidDiscriminant } from '../../abi/trap-texts.js';
import { mapToEntries } from '../../abi/map-entries.js';

type NumKind = 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64' | 'f32' | 'f64';

/** Throws the Canonical ABI's error (abi/ops/numbers.ts) for a bad value `x` of WIT kind `kind` at `where`. */
export function badValue(kind: string, x: unknown, where: string): never {
  try { checkScalar(kind, x); } catch (e) { throw atLocation(e, where); }
  // Only when an emitted check is stricter than the ABI's (a codegen bug): still a clear error.
  throw atLocation(new ValueRangeError(`${describe(x)} is out of range for ${kind}`), where);
}

/** Checks one number element (`list<T>` given as an array). */
export function checkNumber(kind: NumKind, x: unknown, where: string): void {
  try { checkScalar(kind, x); } catch (e) { throw atLocation(e, where); }
}

/** Code point of a one-code-point string (a WIT `char`), or throws. */
export function charCode(x: unknown, where: string): number {
  try { return checkChar(x); } catch (e) { throw atLocation(e, where); }
}

// CanonicalABI.md "Loading": convert_i32_to_char (trap on surrogates and values past 0x10FFFF).
export function liftChar(i: number, what: string): string {
  i >>>= 0;
  if (i >= 0x110000 || (i >= 0xd800 && i < 0xe000)) trap(`${what}: ${invalidChar(i)}`);
  return String.fromCodePoint(i);
}

export function typeError(reason: string, x: unknown, where: string): never {
  throw atLocation(new ValueTypeError(`${reason}, got ${describe(x)}`), where);
}

export function rangeError(reason: string, x: unknown, where: string): never {
  throw atLocation(new ValueRangeError(`${reason}, got ${describe(x)}`), where);
}

/** A discriminant past the last case (CanonicalABI.md "Loading": load_variant trap_if). */
export function badDisc(d: number, n: number, what: string): never {
  return trap(`${what}: ${invalidDiscriminant(d >>> 0, n)}`);
}

// Bit reinterpretation for variant join coercions: abi/join.ts, the one definition (generated code calls them as h.*).
export { f32ToI32, i32ToF32, f64ToI64, i64ToF64 } from '../../abi/join.js';

/** An enum value that is not one of the labels. */
export function badEnum(x: unknown, names: readonly string[], where: string): never {
  if (typeof x !== 'string') typeError(`expected one of ${names.map((n) => JSON.stringify(n)).join(', ')} for an enum`, x, where);
  return rangeError(`expected one of ${names.map((n) => JSON.stringify(n)).join(', ')} for an enum`, x, where);
}

/** A `{ tag, val }` whose tag names no case. */
export function badTag(tag: unknown, tags: readonly string[], where: string): never {
  return rangeError(`expected tag ${tags.map((n) => JSON.stringify(n)).join(' | ')}`, tag, `${where}.tag`);
}

/** A `map<K, V>` value as `[key, value]` pairs: a `Map` (a lifted one with its repeated keys), or an array of pairs. */
export function mapEntries(x: unknown, where: string): unknown[] {
  if (x instanceof Map) return mapToEntries(x);
  if (Array.isArray(x)) return x;
  return typeError('expected a map (a Map or an array of [key, value] pairs)', x, where);
}

/** CanonicalABI.md "Storing": pack_flags_into_int (abi/checks.ts packFlags), naming `where` on a bad value. */
export function flagsBits(x: unknown, keys: readonly string[], where: string, lenient?: boolean): number {
  try { return packFlags(x, keys, lenient === true) | 0; } catch (e) { throw atLocation(e, where); }
}

/**
 * Names the element index of a list element's value error: generated code names an element `<where>[]` (its index
 * is known only at run time); `at` is the length of `<where>`, so nested lists fill their own `[]` from the inside.
 */
export function atIndex(e: unknown, at: number, i: number): unknown {
  if (isValueError(e) && e.where.startsWith('[]', at)) atLocation(e, `${e.where.slice(0, at)}[${i}]${e.where.slice(at + 2)}`);
  return e;
}
