// The compiled form of a value type: its layout plus load/store/liftFlat/lowerFlat closures (CanonicalABI.md
// "Loading", "Storing", "Flat Lifting", "Flat Lowering"), built once per type and memory address type.
import type { ValType } from '../../types/index.js';
import type { AbiContext } from '../context.js';
import { prependPath, trap } from '../errors.js';
import type { AddrType } from '../layout.js';
import type { FlatType } from '../flatten.js';

/** A core value: i32/f32/f64 as numbers, i64 as bigint (as the JS API of WebAssembly passes them). */
export type Flat = number | bigint;

// CanonicalABI.md "Flat Lifting": CoreValueIter (a cursor over the flat core values being lifted).
export class CoreValueIter {
  constructor(public values: readonly Flat[], public i = 0) {}

  next(): Flat {
    const i = this.i;
    if (i >= this.values.length) trap(`expected more core values: only ${this.values.length} were given`);
    this.i = i + 1;
    return this.values[i]!;
  }

  done(): boolean {
    return this.i === this.values.length;
  }
}

/** Everything the ABI does with values of one type, specialised once (the interpreted fallback of codegen). */
export interface ValueOps {
  readonly type: ValType;
  /** CanonicalABI.md "Element Size". */
  readonly size: number;
  /** CanonicalABI.md "Alignment". */
  readonly align: number;
  /** CanonicalABI.md "Flattening": flatten_type. */
  readonly flat: readonly FlatType[];
  /** CanonicalABI.md "Loading": load (ptr already checked in bounds and aligned). */
  load(cx: AbiContext, ptr: number): unknown;
  /** CanonicalABI.md "Storing": store (ptr already checked); throws ValueTypeError/ValueRangeError on bad JS values. */
  store(cx: AbiContext, v: unknown, ptr: number): void;
  /** CanonicalABI.md "Flat Lifting": lift_flat. */
  liftFlat(cx: AbiContext, vi: CoreValueIter): unknown;
  /** CanonicalABI.md "Flat Lowering": lower_flat, appending to `out`. */
  lowerFlat(cx: AbiContext, v: unknown, out: Flat[]): void;
  /** lower_flat for types of exactly one flat value (scalars): the value, with no array (interp's fast path). */
  readonly lowerOne?: (cx: AbiContext, v: unknown) => Flat;
  /** lift_flat for types of exactly one flat value (scalars), from that value (no CoreValueIter). */
  readonly liftOne?: (cx: AbiContext, x: Flat) => unknown;
  /** Lifting (load, liftFlat) never traps: every bit pattern is a value, so enclosing values need not locate traps. */
  readonly liftSafe?: boolean;
}

/**
 * `get` locating its traps at `segment` inside the enclosing value (`.name`, `.val`, as generated adapters name
 * them); `get` itself when its lifting cannot trap. The path is built only when a trap passes.
 */
export function locating<S, R>(get: (cx: AbiContext, src: S) => R, safe: boolean | undefined, segment: string): (cx: AbiContext, src: S) => R {
  if (safe === true) return get;
  return (cx, src) => {
    try { return get(cx, src); } catch (e) { return prependPath(e, segment); }
  };
}

/** Resolves the ops of a component type (lets compound builders recurse without import cycles). */
export type OpsFor = (t: ValType, addrType: AddrType) => ValueOps;

/** An i32 core value as an unsigned number (wasm hands i32 to JS signed). */
export function u32(x: Flat): number {
  return typeof x === 'number' ? x >>> 0 : Number(BigInt.asUintN(32, x));
}

/** An i64 core value as an unsigned bigint. */
export function u64(x: Flat): bigint {
  if (typeof x === 'bigint') return BigInt.asUintN(64, x);
  if (!Number.isFinite(x)) trap(`core value ${x} given where an i64 is expected`);
  return BigInt.asUintN(64, BigInt(Math.trunc(x)));
}

/** A pointer-typed core value (i32, or i64 for memory64) as a number; huge values stay huge (then fail bounds). */
export function flatPtr(cx: AbiContext, x: Flat): number {
  return cx.addrType === 'i64' ? Number(u64(x)) : u32(x);
}

/** A length-typed core value; memory64 lengths stay bigint so the latin1+utf16 tag bit (63) survives. */
export function flatLength(cx: AbiContext, x: Flat): number | bigint {
  return cx.addrType === 'i64' ? u64(x) : u32(x);
}

/** The zero of a flat type (padding of shorter variant cases). */
export function flatZero(t: FlatType): Flat {
  return t === 'i64' ? 0n : 0;
}
