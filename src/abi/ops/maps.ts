// `map<K, V>` as a JS Map (lowering also takes an array of [key, value] pairs). In the ABI it is
// `list<tuple<K, V>>` (CanonicalABI.md "Despecialization").
import type { ListType, MapType } from '../../types/index.js';
import { describe, ValueTypeError } from '../errors.js';
import { despecialize, type AddrType } from '../layout.js';
import type { OpsFor, ValueOps } from './core.js';
import { liftMap, mapToEntries } from '../map-entries.js';

export function mapOps(t: MapType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const entries = opsFor(despecialize(t) as ListType, addrType);
  const toMap = (a: unknown): Map<unknown, unknown> => liftMap(a as unknown[]);
  const toEntries = (v: unknown): unknown => {
    if (v instanceof Map) return mapToEntries(v);
    if (Array.isArray(v)) return v;
    throw new ValueTypeError(`expected a map (a Map or an array of [key, value] pairs), got ${describe(v)}`);
  };
  return {
    type: t, size: entries.size, align: entries.align, flat: entries.flat,
    load: (cx, p) => toMap(entries.load(cx, p)),
    store: (cx, v, p) => entries.store(cx, toEntries(v), p),
    liftFlat: (cx, vi) => toMap(entries.liftFlat(cx, vi)),
    lowerFlat: (cx, v, out) => entries.lowerFlat(cx, toEntries(v), out),
  };
}
