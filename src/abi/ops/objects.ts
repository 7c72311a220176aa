// Creating JS objects whose keys are known per type (records, flags) without eval: per-arity unrolled builders.
// One store site per position sees one key per type, where a loop's single site sees every key of every type and
// goes megamorphic (several times slower in bench/engine's interp column).
import type { AbiContext } from '../context.js';

/** Reads one field from its source: a flat-value cursor (lift_flat), a bit set (flags), an address (load). */
export type Get<S> = (cx: AbiContext, src: S) => unknown;

type O = Record<string, unknown>;

/** `{ [keys[i]]: gets[i](cx, src) }`, fields read and keys added in order. */
export function objectMaker<S>(keys: readonly string[], gets: readonly Get<S>[]): (cx: AbiContext, src: S) => O {
  const [k0, k1, k2, k3] = keys as [string, string, string, string];
  const [g0, g1, g2, g3] = gets as [Get<S>, Get<S>, Get<S>, Get<S>];
  switch (keys.length) {
    case 1: return (cx, s) => { const o: O = {}; o[k0] = g0(cx, s); return o; };
    case 2: return (cx, s) => { const o: O = {}; o[k0] = g0(cx, s); o[k1] = g1(cx, s); return o; };
    case 3: return (cx, s) => { const o: O = {}; o[k0] = g0(cx, s); o[k1] = g1(cx, s); o[k2] = g2(cx, s); return o; };
    case 4: return (cx, s) => { const o: O = {}; o[k0] = g0(cx, s); o[k1] = g1(cx, s); o[k2] = g2(cx, s); o[k3] = g3(cx, s); return o; };
    default: return (cx, s) => {
      const o: O = {};
      for (let i = 0; i < keys.length; i++) o[keys[i]!] = gets[i]!(cx, s);
      return o;
    };
  }
}

/** `{ [keys[i]]: loads[i](cx, p + offsets[i]) }`: a record loaded from memory, without a wrapper per field. */
export function objectAt(keys: readonly string[], loads: readonly Get<number>[], offsets: readonly number[]): (cx: AbiContext, p: number) => O {
  const [k0, k1, k2, k3] = keys as [string, string, string, string];
  const [l0, l1, l2, l3] = loads as [Get<number>, Get<number>, Get<number>, Get<number>];
  const [o0, o1, o2, o3] = offsets as [number, number, number, number];
  switch (keys.length) {
    case 1: return (cx, p) => { const o: O = {}; o[k0] = l0(cx, p + o0); return o; };
    case 2: return (cx, p) => { const o: O = {}; o[k0] = l0(cx, p + o0); o[k1] = l1(cx, p + o1); return o; };
    case 3: return (cx, p) => { const o: O = {}; o[k0] = l0(cx, p + o0); o[k1] = l1(cx, p + o1); o[k2] = l2(cx, p + o2); return o; };
    case 4: return (cx, p) => { const o: O = {}; o[k0] = l0(cx, p + o0); o[k1] = l1(cx, p + o1); o[k2] = l2(cx, p + o2); o[k3] = l3(cx, p + o3); return o; };
    default: return (cx, p) => {
      const o: O = {};
      for (let i = 0; i < keys.length; i++) o[keys[i]!] = loads[i]!(cx, p + offsets[i]!);
      return o;
    };
  }
}
