// Variants and their specialisations — enum, option, result — (CanonicalABI.md "Loading": load_variant,
// "Storing": store_variant, "Flat Lifting": lift_flat_variant, "Flat Lowering": lower_flat_variant).
// One engine, parameterised by how the JS value looks (DESIGN.md §4): `{ tag, val }`, a label string,
// `T | undefined`, or `{ tag: 'ok' | 'err', val }`.
import type { Case, EnumType, OptionType, ResultType, ValType, VariantType } from '../../types/index.js';
import { describe, prependPath, valueTrap, ValueRangeError, ValueTypeError } from '../errors.js';
import { flattenTypeShared, type FlatType } from '../flatten.js';
import { alignment, despecialize, discriminantSize, elemSize, variantPayloadOffset, type AddrType } from '../layout.js';
import { CoreValueIter, flatZero, locating, u32, u64, type Flat, type OpsFor, type ValueOps } from './core.js';
import { decodeI32AsFloat, decodeI64AsFloat } from './numbers.js';
import { joinIn, joinOut } from '../join.js';
import { invalidDiscriminant } from '../trap-texts.js';

/** How a variant-like value is represented in JS. */
interface Repr {
  /** The case index of a JS value; throws ValueTypeError/ValueRangeError. */
  index(v: unknown): number;
  /** The payload of a JS value known to be of case `i`. */
  payload(v: unknown): unknown;
  /** Path segment from the value to its payload (`.val`, or '' when the value is its payload). */
  readonly segment: string;
  make(i: number, payload: unknown): unknown;
}

function labelIndex(labels: readonly string[]): Map<string, number> {
  return new Map(labels.map((l, i) => [l, i]));
}

/**
 * `{ tag, val }` with the given tags (variant cases, `ok`/`err`, or `some`/`none` for an option of an option),
 * `form` naming the kind in messages. A case without a payload type lifts as `{ tag }` for a variant and as
 * `{ tag, val: undefined }` for a result (jco's shapes); lowering ignores `val` there.
 */
function taggedRepr(form: string, tags: readonly string[], cases: readonly Case[], valKey = false): Repr {
  const byTag = labelIndex(tags);
  const expected = tags.map((n) => JSON.stringify(n)).join(' | ');
  // One maker per case, so each lifted value is created with all its keys at once (a stable object shape).
  const makers = tags.map((tag, i) => (cases[i]!.type === undefined && !valKey ? () => ({ tag }) : (val: unknown) => ({ tag, val })));
  return {
    index(v) {
      if (typeof v !== 'object' || v === null) throw new ValueTypeError(`expected an object { tag, val } for a ${form}, got ${describe(v)}`);
      const tag = (v as { tag?: unknown }).tag;
      const i = typeof tag === 'string' ? byTag.get(tag) : undefined;
      if (i === undefined) throw new ValueRangeError(`expected tag ${expected}, got ${describe(tag)}`, '.tag');
      return i;
    },
    payload: (v) => (v as { val?: unknown }).val,
    segment: '.val',
    make: (i, val) => makers[i]!(val),
  };
}

function enumRepr(t: EnumType): Repr {
  const byName = labelIndex(t.names);
  const expected = `expected one of ${t.names.map((n) => JSON.stringify(n)).join(', ')} for an enum`;
  return {
    index(v) {
      const i = typeof v === 'string' ? byName.get(v) : undefined;
      if (i !== undefined) return i;
      if (typeof v !== 'string') throw new ValueTypeError(`${expected}, got ${describe(v)}`);
      throw new ValueRangeError(`${expected}, got ${describe(v)}`);
    },
    payload: () => undefined,
    segment: '',
    make: (i) => t.names[i]!,
  };
}

/** `option<T>` as `T | undefined` (null is accepted as none when lowering). */
const optionRepr: Repr = {
  index: (v) => (v === undefined || v === null ? 0 : 1),
  payload: (v) => v,
  segment: '',
  make: (i, val) => (i === 0 ? undefined : val),
};

// CanonicalABI.md "Flat Lifting": lift_flat_variant's CoerceValueIter (a joined core type back to the case's;
// abi/join.ts, the one definition). Core values are normalised first (an i64 may arrive as a number).
function coerceLift(x: Flat, have: FlatType, want: FlatType): Flat {
  const c = joinOut(have, want);
  if (c === undefined) return x;
  return c.fn(have === 'i64' ? u64(x) : have === 'i32' ? u32(x) | 0 : x);
}

// CanonicalABI.md "Flat Lowering": lower_flat_variant's coercion of a case's value to the joined type.
function coerceLower(x: Flat, have: FlatType, want: FlatType): Flat {
  const c = joinIn(have, want);
  return c === undefined ? x : c.fn(have === 'f32' || have === 'f64' ? canonicalNaN(x as number, have) : x);
}

/** NaN stored canonically (CanonicalABI.md maybe_scramble_nan, deterministic profile), as ops/numbers.ts stores it. */
function canonicalNaN(f: number, t: 'f32' | 'f64'): number {
  return f !== f ? (t === 'f32' ? decodeI32AsFloat(0x7fc00000) : decodeI64AsFloat(0x7ff8000000000000n)) : f;
}

function variantLike(t: ValType, cases: readonly Case[], repr: Repr, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const n = cases.length;
  const caseOps = cases.map((c) => (c.type === undefined ? undefined : opsFor(c.type, addrType)));
  const joined = flattenTypeShared(t, addrType).slice(1);
  const coerce = caseOps.map((o) => o !== undefined && o.flat.some((f, j) => f !== joined[j]));
  const ds = discriminantSize(cases);
  const payloadAt = variantPayloadOffset(cases, addrType);
  const seg = repr.segment;
  // A lifted payload is located at `.val` in every form, as generated adapters locate it.
  // Located as lowering locates them: `.val`, nothing for an option's payload (the value itself in JS).
  const caseLoads = caseOps.map((o) => o && locating(o.load, o.liftSafe, seg));
  const caseLifts = caseOps.map((o) => o && locating(o.liftFlat, o.liftSafe, seg));

  function badDiscriminant(i: number): never {
    return valueTrap('', invalidDiscriminant(i, n));
  }
  return {
    type: t, size: elemSize(t, addrType), align: alignment(t, addrType), flat: flattenTypeShared(t, addrType),
    load: (cx, p) => {
      const dv = cx.dv;
      const i = ds === 1 ? dv.getUint8(p) : ds === 2 ? dv.getUint16(p, true) : dv.getUint32(p, true);
      if (i >= n) badDiscriminant(i);
      const c = caseLoads[i];
      return repr.make(i, c === undefined ? undefined : c(cx, p + payloadAt));
    },
    store: (cx, v, p) => {
      const i = repr.index(v);
      const dv = cx.dv;
      if (ds === 1) dv.setUint8(p, i); else if (ds === 2) dv.setUint16(p, i, true); else dv.setUint32(p, i, true);
      const c = caseOps[i];
      if (c !== undefined) {
        try { c.store(cx, repr.payload(v), p + payloadAt); } catch (e) { prependPath(e, seg); }
      }
    },
    liftFlat: (cx, vi) => {
      const i = u32(vi.next());
      if (i >= n) badDiscriminant(i);
      const c = caseOps[i];
      let payload: unknown;
      let used = 0;
      if (c !== undefined) {
        used = c.flat.length;
        const lift = caseLifts[i]!;
        if (!coerce[i]) payload = lift(cx, vi);
        else {
          const vals: Flat[] = new Array(used);
          for (let j = 0; j < used; j++) vals[j] = coerceLift(vi.next(), joined[j]!, c.flat[j]!);
          payload = lift(cx, new CoreValueIter(vals));
        }
      }
      for (let j = used; j < joined.length; j++) vi.next();
      return repr.make(i, payload);
    },
    lowerFlat: (cx, v, out) => {
      const i = repr.index(v);
      out.push(i);
      const c = caseOps[i];
      let used = 0;
      if (c !== undefined) {
        used = c.flat.length;
        try {
          if (!coerce[i]) c.lowerFlat(cx, repr.payload(v), out);
          else {
            const tmp: Flat[] = [];
            c.lowerFlat(cx, repr.payload(v), tmp);
            for (let j = 0; j < used; j++) out.push(coerceLower(tmp[j]!, c.flat[j]!, joined[j]!));
          }
        } catch (e) { prependPath(e, seg); }
      }
      for (let j = used; j < joined.length; j++) out.push(flatZero(joined[j]!));
    },
  };
}

export function variantOps(t: VariantType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  return variantLike(t, t.cases, taggedRepr('variant', t.cases.map((c) => c.name), t.cases), addrType, opsFor);
}

export function enumOps(t: EnumType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  return variantLike(t, (despecialize(t) as VariantType).cases, enumRepr(t), addrType, opsFor);
}

/**
 * `option<T>`: `T | undefined`; an option whose payload is itself an option is `{ tag: 'some' | 'none', val }`
 * (DESIGN.md §4, as jco: the *outer* option is tagged, its payload keeps the `T | undefined` form).
 */
export function optionOps(t: OptionType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const cases = (despecialize(t) as VariantType).cases;
  const repr = t.type.kind === 'option' ? taggedRepr('option', ['none', 'some'], cases) : optionRepr;
  return variantLike(t, cases, repr, addrType, opsFor);
}

export function resultOps(t: ResultType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const cases = (despecialize(t) as VariantType).cases;
  return variantLike(t, cases, taggedRepr('result', ['ok', 'err'], cases, true), addrType, opsFor);
}
