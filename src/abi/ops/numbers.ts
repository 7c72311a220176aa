// Scalars: bool, integers, floats, char (CanonicalABI.md "Loading"/"Storing"/"Flat Lifting"/"Flat Lowering").
import type { PrimitiveKind, ValType } from '../../types/index.js';
import { primitive } from '../../types/index.js';
import { valueTrap } from '../errors.js';
import { invalidChar } from '../trap-texts.js';
import { checkBigInt, checkBool, checkChar, checkFloat, checkInt, INT_LIMITS } from '../checks.js';

export { checkBigInt, checkBool, checkChar, checkFloat, checkInt };
import { u32, u64, type Flat, type ValueOps } from './core.js';
import { INT_WRAP } from '../int-wrap.js';

// CanonicalABI.md "Loading": CANONICAL_FLOAT32_NAN / CANONICAL_FLOAT64_NAN (we store NaNs canonically: the
// deterministic profile of maybe_scramble_nan).
const CANONICAL_F32_NAN = 0x7fc00000;
const CANONICAL_F64_NAN = 0x7ff8000000000000n;

const f32Scratch = new DataView(new ArrayBuffer(8));

/** Bits of an f32 (NaN canonical). */
export function f32Bits(f: number): number {
  if (f !== f) return CANONICAL_F32_NAN;
  f32Scratch.setFloat32(0, f, true);
  return f32Scratch.getUint32(0, true);
}
/** Bits of an f64 as u64 (NaN canonical). */
export function f64Bits(f: number): bigint {
  if (f !== f) return CANONICAL_F64_NAN;
  f32Scratch.setFloat64(0, f, true);
  return f32Scratch.getBigUint64(0, true);
}
// CanonicalABI.md "Loading": decode_i32_as_float.
export function decodeI32AsFloat(i: number): number {
  f32Scratch.setUint32(0, i, true);
  return f32Scratch.getFloat32(0, true);
}
// CanonicalABI.md "Loading": decode_i64_as_float.
export function decodeI64AsFloat(i: bigint): number {
  f32Scratch.setBigUint64(0, i, true);
  return f32Scratch.getFloat64(0, true);
}

interface IntSpec {
  readonly size: 1 | 2 | 4;
  readonly min: number;
  readonly max: number;
  /** Wraps a (possibly signed or wider) i32 core value to this type (CanonicalABI.md lift_flat_(un)signed). */
  readonly wrap: (x: number) => number;
  readonly get: (dv: DataView, p: number) => number;
  readonly set: (dv: DataView, p: number, v: number) => void;
}

const INT32: Readonly<Record<string, IntSpec>> = {
  u8: { size: 1, ...INT_LIMITS.u8!, wrap: INT_WRAP.u8.fn, get: (dv, p) => dv.getUint8(p), set: (dv, p, v) => dv.setUint8(p, v) },
  s8: { size: 1, ...INT_LIMITS.s8!, wrap: INT_WRAP.s8.fn, get: (dv, p) => dv.getInt8(p), set: (dv, p, v) => dv.setInt8(p, v) },
  u16: { size: 2, ...INT_LIMITS.u16!, wrap: INT_WRAP.u16.fn, get: (dv, p) => dv.getUint16(p, true), set: (dv, p, v) => dv.setUint16(p, v, true) },
  s16: { size: 2, ...INT_LIMITS.s16!, wrap: INT_WRAP.s16.fn, get: (dv, p) => dv.getInt16(p, true), set: (dv, p, v) => dv.setInt16(p, v, true) },
  u32: { size: 4, ...INT_LIMITS.u32!, wrap: INT_WRAP.u32.fn, get: (dv, p) => dv.getUint32(p, true), set: (dv, p, v) => dv.setUint32(p, v, true) },
  s32: { size: 4, ...INT_LIMITS.s32!, wrap: INT_WRAP.s32.fn, get: (dv, p) => dv.getInt32(p, true), set: (dv, p, v) => dv.setInt32(p, v, true) },
};

// CanonicalABI.md "Loading": convert_i32_to_char.
export function convertI32ToChar(i: number): string {
  if (i >= 0x110000 || (i >= 0xd800 && i <= 0xdfff)) valueTrap('', invalidChar(i));
  return String.fromCodePoint(i);
}

/** A scalar's ops: one flat value, so lift_flat/lower_flat are liftOne/lowerOne on the next value. */
type ScalarSpec = Omit<ValueOps, 'liftFlat' | 'lowerFlat' | 'liftOne' | 'lowerOne'> &
  Required<Pick<ValueOps, 'liftOne' | 'lowerOne'>>;

function scalar(spec: ScalarSpec): ValueOps {
  const { liftOne, lowerOne } = spec;
  return {
    ...spec,
    liftSafe: spec.type.kind !== 'char', // convert_i32_to_char traps; every other scalar bit pattern is a value
    liftFlat: (cx, vi) => liftOne(cx, vi.next()),
    lowerFlat: (cx, v, out) => { out.push(lowerOne(cx, v)); },
  };
}

function intOps(kind: string, s: IntSpec): ValueOps {
  const t = primitive(kind as PrimitiveKind);
  return scalar({
    type: t, size: s.size, align: s.size, flat: ['i32'],
    load: (cx, p) => s.get(cx.dv, p),
    store: (cx, v, p) => s.set(cx.dv, p, checkInt(kind, s, v)),
    liftOne: (_cx, x) => s.wrap(u32(x)),
    lowerOne: (_cx, v) => checkInt(kind, s, v),
  });
}

const boolOps = scalar({
  type: primitive('bool'), size: 1, align: 1, flat: ['i32'],
  // CanonicalABI.md "Loading": convert_int_to_bool (any non-zero byte is true; no trap).
  load: (cx, p) => cx.u8[p] !== 0,
  store: (cx, v, p) => { cx.u8[p] = checkBool(v) ? 1 : 0; },
  liftOne: (_cx, x) => u32(x) !== 0,
  lowerOne: (_cx, v) => (checkBool(v) ? 1 : 0),
});

const u64Ops = scalar({
  type: primitive('u64'), size: 8, align: 8, flat: ['i64'],
  load: (cx, p) => cx.dv.getBigUint64(p, true),
  store: (cx, v, p) => cx.dv.setBigUint64(p, checkBigInt('u64', v), true),
  liftOne: (_cx, x) => u64(x),
  lowerOne: (_cx, v) => checkBigInt('u64', v),
});

const s64Ops = scalar({
  type: primitive('s64'), size: 8, align: 8, flat: ['i64'],
  load: (cx, p) => cx.dv.getBigInt64(p, true),
  store: (cx, v, p) => cx.dv.setBigInt64(p, checkBigInt('s64', v), true),
  liftOne: (_cx, x) => BigInt.asIntN(64, u64(x)),
  lowerOne: (_cx, v) => checkBigInt('s64', v),
});

function flatFloat(x: Flat): number {
  return typeof x === 'number' ? x : Number(x);
}

const f32Ops = scalar({
  type: primitive('f32'), size: 4, align: 4, flat: ['f32'],
  load: (cx, p) => cx.dv.getFloat32(p, true),
  store: (cx, v, p) => cx.dv.setUint32(p, f32Bits(checkFloat('f32', v)), true),
  liftOne: (_cx, x) => Math.fround(flatFloat(x)),
  lowerOne: (_cx, v) => Math.fround(checkFloat('f32', v)),
});

const f64Ops = scalar({
  type: primitive('f64'), size: 8, align: 8, flat: ['f64'],
  load: (cx, p) => cx.dv.getFloat64(p, true),
  store: (cx, v, p) => {
    const f = checkFloat('f64', v);
    if (f !== f) cx.dv.setBigUint64(p, CANONICAL_F64_NAN, true);
    else cx.dv.setFloat64(p, f, true);
  },
  liftOne: (_cx, x) => flatFloat(x),
  lowerOne: (_cx, v) => checkFloat('f64', v),
});

const charOps = scalar({
  type: primitive('char'), size: 4, align: 4, flat: ['i32'],
  load: (cx, p) => convertI32ToChar(cx.dv.getUint32(p, true)),
  store: (cx, v, p) => cx.dv.setUint32(p, checkChar(v), true),
  liftOne: (_cx, x) => convertI32ToChar(u32(x)),
  lowerOne: (_cx, v) => checkChar(v),
});

const SCALARS: ReadonlyMap<string, ValueOps> = new Map<string, ValueOps>([
  ...Object.entries(INT32).map(([k, s]): [string, ValueOps] => [k, intOps(k, s)]),
  ['bool', boolOps], ['u64', u64Ops], ['s64', s64Ops], ['f32', f32Ops], ['f64', f64Ops], ['char', charOps],
]);

/** The ops of a scalar type (bool, integers, floats, char), or undefined for any other type. */
export function scalarOps(t: ValType): ValueOps | undefined {
  return SCALARS.get(t.kind);
}

