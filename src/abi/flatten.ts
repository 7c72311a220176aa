// Flattening component types to core types (CanonicalABI.md "Flattening").
import type { CoreFuncType, CoreValType, FuncType, ValType } from '../types/index.js';
import { DepthGuard, despecialize, discriminantSize, type AddrType } from './layout.js';
import { KIND_FACTS, type FlatType } from './type-facts.js';

// CanonicalABI.md "Flattening": MAX_FLAT_PARAMS.
export const MAX_FLAT_PARAMS = 16;
// CanonicalABI.md "Flattening": MAX_FLAT_ASYNC_PARAMS (async lowered imports).
export const MAX_FLAT_ASYNC_PARAMS = 4;
// CanonicalABI.md "Flattening": MAX_FLAT_RESULTS.
export const MAX_FLAT_RESULTS = 1;

/** The canonical options that change a flattened signature (CanonicalABI.md "Canonical ABI Options"). */
export interface FlattenOptions {
  /** The memory's address type (`i64` for memory64); pointers and lengths take it. Default `i32`. */
  readonly addrType?: AddrType;
  /** The `async` canonical option. */
  readonly async?: boolean;
  /** The `callback` canonical option is present (async lift only). */
  readonly callback?: boolean;
}

export type { FlatType } from './type-facts.js';

/** The flat types of each fixed-size kind (abi/type-facts.ts), as shared frozen arrays. */
const FLAT_PRIMITIVE: Readonly<Record<string, readonly FlatType[]>> = Object.fromEntries([
  ...Object.entries(KIND_FACTS).map(([k, f]): [string, readonly FlatType[]] => [k, Object.freeze([f.flat])]),
  ['flags', Object.freeze<FlatType[]>(['i32'])],
]);

/**
 * Flat lists are cut after this many values: a value with more is never passed flat (the limits above are all
 * smaller), and callers only compare the length with them. Without the cut, nested fixed-length lists would flatten
 * to exponentially many values.
 */
export const FLAT_CAP = MAX_FLAT_PARAMS + 1;

const flatDepth = new DepthGuard('flattening');
const flatCache32 = new WeakMap<ValType, readonly FlatType[]>();
const flatCache64 = new WeakMap<ValType, readonly FlatType[]>();

// CanonicalABI.md "Flattening": flatten_type (cut after FLAT_CAP values).
export function flattenType(t: ValType, addrType: AddrType = 'i32'): FlatType[] {
  return flattenTypeShared(t, addrType).slice();
}

/** Like `flattenType` but returns a cached, shared (do not mutate) array. */
export function flattenTypeShared(t: ValType, addrType: AddrType = 'i32'): readonly FlatType[] {
  const fixed = FLAT_PRIMITIVE[t.kind];
  if (fixed !== undefined) return fixed;
  const cache = addrType === 'i64' ? flatCache64 : flatCache32;
  let flat = cache.get(t);
  if (flat === undefined) {
    flatDepth.enter();
    try { flat = Object.freeze(computeFlat(t, addrType)); } finally { flatDepth.leave(); }
    cache.set(t, flat);
  }
  return flat;
}

function computeFlat(t: ValType, addrType: AddrType): FlatType[] {
  const d = despecialize(t);
  switch (d.kind) {
    case 'string': return [addrType, addrType];
    case 'list': {
      // CanonicalABI.md "Flattening": flatten_list (fixed-length lists flatten element by element).
      if (d.length === undefined) return [addrType, addrType];
      const e = flattenTypeShared(d.element, addrType);
      const out: FlatType[] = [];
      for (let i = 0; i < d.length && out.length < FLAT_CAP; i++) for (const x of e) out.push(x);
      return out.slice(0, FLAT_CAP);
    }
    case 'record': return flattenTypes(d.fields.map((f) => f.type), addrType);
    case 'variant': {
      // CanonicalABI.md "Flattening": flatten_variant joins the cases' flat types position by position.
      const flat: FlatType[] = [];
      for (const c of d.cases) {
        if (c.type === undefined) continue;
        const cf = flattenTypeShared(c.type, addrType);
        for (let i = 0; i < cf.length; i++) flat[i] = i < flat.length ? join(flat[i]!, cf[i]!) : cf[i]!;
      }
      discriminantSize(d.cases); // validates the case count
      return (['i32', ...flat] as FlatType[]).slice(0, FLAT_CAP);
    }
    default: {
      const fixed = FLAT_PRIMITIVE[d.kind];
      if (fixed === undefined) throw new TypeError(`cannot flatten type kind '${d.kind}'`);
      return fixed.slice();
    }
  }
}

// CanonicalABI.md "Flattening": flatten_types.
export function flattenTypes(ts: readonly ValType[], addrType: AddrType = 'i32'): FlatType[] {
  const out: FlatType[] = [];
  for (const t of ts) {
    for (const x of flattenTypeShared(t, addrType)) out.push(x);
    if (out.length >= FLAT_CAP) break;
  }
  return out;
}

// CanonicalABI.md "Flattening": join (the widest core type that can carry both).
export function join(a: FlatType, b: FlatType): FlatType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

// CanonicalABI.md "Flattening": flatten_functype; past the limits, params go through memory (one pointer) and
// results through a return area (returned pointer when lifting, extra out-pointer parameter when lowering).
export function flattenFunctype(ft: FuncType, context: 'lift' | 'lower', opts: FlattenOptions = {}): CoreFuncType {
  const ptr = opts.addrType ?? 'i32';
  let params: CoreValType[] = flattenTypes(ft.params.map((p) => p.type), ptr);
  let results: CoreValType[] = ft.result === undefined ? [] : flattenType(ft.result, ptr);
  if (!opts.async) {
    if (params.length > MAX_FLAT_PARAMS) params = [ptr];
    if (results.length > MAX_FLAT_RESULTS) {
      if (context === 'lift') results = [ptr];
      else { params.push(ptr); results = []; }
    }
  } else if (context === 'lift') {
    if (params.length > MAX_FLAT_PARAMS) params = [ptr];
    results = opts.callback ? ['i32'] : [];
  } else {
    if (params.length > MAX_FLAT_ASYNC_PARAMS) params = [ptr];
    if (results.length > 0) params.push(ptr);
    results = ['i32'];
  }
  return { kind: 'func', params, results };
}
