// Adapter plans: the booklet (a function type + canon options) as adapter instructions, in the spirit of the
// original Interface Types proposal (`arg.get`, `string-to-memory`, `call-export`, `memory-to-string`,
// `defer post-return`). CanonicalABI.md "canon lift" / "canon lower". codegen/ and interp/ both run these plans.
import type { CoreFuncType, FuncType, ResourceType, ValType } from '../types/index.js';
import { UnsupportedError } from '../errors.js';
import { toCamelCase as camelCase } from './names.js';
import type { StringEncoding } from './context.js';
import { flattenFunctype, flattenTypeShared, type FlatType } from './flatten.js';
import {
  DepthGuard, alignment, despecialize, discriminantType, elemSize, fieldOffsets, variantPayloadOffset, type AddrType, type DiscriminantKind,
} from './layout.js';

/** `lift`: JS calls a guest export (canon lift); `lower`: the guest calls a JS/host import (canon lower). */
export type Direction = 'lift' | 'lower';

/** The canonical options a plan depends on (CanonicalABI.md "Canonical ABI Options"). */
export interface PlanOptions {
  readonly encoding: StringEncoding;
  readonly memory: boolean;
  readonly realloc: boolean;
  readonly postReturn: boolean;
  /** The memory's address type (`i64`: memory64, feature cm64); pointers and lengths take it. Default `i32`. */
  readonly addrType?: AddrType;
}

/** Typed-array constructor names for `list<number>` (DESIGN.md §4). */
export type TypedArrayName =
  | 'Int8Array' | 'Uint8Array' | 'Int16Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array'
  | 'BigInt64Array' | 'BigUint64Array' | 'Float32Array' | 'Float64Array';

const TYPED_ARRAYS: Readonly<Record<string, TypedArrayName>> = {
  s8: 'Int8Array', u8: 'Uint8Array', s16: 'Int16Array', u16: 'Uint16Array', s32: 'Int32Array', u32: 'Uint32Array',
  s64: 'BigInt64Array', u64: 'BigUint64Array', f32: 'Float32Array', f64: 'Float64Array',
};

export type IntKind = 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64';

/**
 * How one value crosses: a tree shaped like its type, annotated with the layout the ABI needs. Each node names its
 * adapter instruction pair: lowering runs `<x>-to-memory`/`<x>-to-flat`, lifting `memory-to-<x>`/`flat-to-<x>`.
 */
export type ValueOp =
  | { readonly op: 'bool' }
  | { readonly op: 'int'; readonly kind: IntKind }
  | { readonly op: 'float'; readonly kind: 'f32' | 'f64' }
  | { readonly op: 'char' }
  | { readonly op: 'string' }
  | { readonly op: 'list'; readonly elem: ValueOp; readonly size: number; readonly align: number; readonly typed?: TypedArrayName; readonly fixed?: number }
  | { readonly op: 'record'; readonly fields: readonly FieldOp[]; readonly size: number; readonly align: number; readonly tuple: boolean }
  | { readonly op: 'variant'; readonly form: VariantForm; readonly cases: readonly CaseOp[]; readonly disc: DiscriminantKind; readonly payloadOffset: number; readonly size: number; readonly align: number; readonly flat: readonly FlatType[] }
  | { readonly op: 'flags'; readonly names: readonly string[]; readonly keys: readonly string[]; readonly size: 1 | 2 | 4 }
  /** `own<R>` / `borrow<R>`: an i32 handle index on the guest side, a resource object on the JS side. */
  | { readonly op: 'handle'; readonly kind: 'own' | 'borrow'; readonly resource: ResourceType }
  /** `map<K, V>`: a JS `Map` (lowering also takes `[key, value]` pairs); in the ABI a `list<tuple<K, V>>`. */
  | { readonly op: 'map'; readonly entries: ValueOp & { op: 'list' } };

/** JS shape of a variant-like value: `{tag,val}`, enum string, `T | undefined`, or a (nested) result. */
export type VariantForm = 'variant' | 'enum' | 'option' | 'option-tagged' | 'result';

export interface FieldOp { readonly name: string; readonly key: string; readonly op: ValueOp; readonly offset: number }
export interface CaseOp { readonly name: string; readonly op?: ValueOp; /** The case's flat types (for join coercions). */ readonly flat: readonly FlatType[] }

/** One parameter of a plan. */
export interface ParamPlan { readonly name: string; readonly type: ValType; readonly op: ValueOp }

/** A whole function's adapter. */
export interface AdapterPlan {
  readonly direction: Direction;
  readonly name: string;
  readonly func: FuncType;
  readonly options: PlanOptions;
  /** The core signature of the guest side (flattenFunctype in `direction`). */
  readonly core: CoreFuncType;
  readonly params: readonly ParamPlan[];
  /** Params pass through memory as a tuple (more than MAX_FLAT_PARAMS flat values). */
  readonly paramsInMemory: boolean;
  /** Tuple layout of the params when `paramsInMemory`. */
  readonly paramsTuple?: ValueOp & { op: 'record' };
  readonly result?: ValueOp;
  readonly resultType?: ValType;
  /** The result passes through memory (a returned pointer when lifting, an out-pointer param when lowering). */
  readonly resultInMemory: boolean;
  /** Top-level `result<T, E>`: exports throw `ComponentError(E)`, hosts throw an error with `.payload`. */
  readonly throwsResult: boolean;
  /** Resource types whose handles cross (resolved per instance); empty for the common, handle-free case. */
  readonly resources: readonly ResourceType[];
  /** Some parameter holds a `borrow` (lift: a borrow scope to check on return; lower: loans to release). */
  readonly borrowParams: boolean;
}

/** Converts a WIT label to its JS name (`foo-bar` → `fooBar`), as jco does: one definition, in ./names.ts. */
export { camelCase };

const opCache32 = new WeakMap<ValType, ValueOp>();
const opCache64 = new WeakMap<ValType, ValueOp>();

/** The value op for `t` in a memory of address type `addr` (cached per type object). Throws `UnsupportedError`
 *  for async types. */
export function valueOp(t: ValType, addr: AddrType = 'i32'): ValueOp {
  const cache = addr === 'i64' ? opCache64 : opCache32;
  let op = cache.get(t);
  if (op === undefined) {
    planDepth.enter();
    try { op = buildValueOp(t, addr); } finally { planDepth.leave(); }
    cache.set(t, op);
  }
  return op;
}

const planDepth = new DepthGuard('adapter plan');

function buildValueOp(t: ValType, addr: AddrType): ValueOp {
  const valueOp1 = (u: ValType): ValueOp => valueOp(u, addr);
  switch (t.kind) {
    case 'bool': return { op: 'bool' };
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64':
      return { op: 'int', kind: t.kind };
    case 'f32': case 'f64': return { op: 'float', kind: t.kind };
    case 'char': return { op: 'char' };
    case 'string': return { op: 'string' };
    case 'list': {
      const typed = TYPED_ARRAYS[t.element.kind];
      const base = { op: 'list' as const, elem: valueOp1(t.element), size: elemSize(t.element, addr), align: alignment(t.element, addr) };
      const withTyped = typed === undefined ? base : { ...base, typed };
      return t.length === undefined ? withTyped : { ...withTyped, fixed: t.length };
    }
    case 'record': case 'tuple': {
      const d = despecialize(t);
      if (d.kind !== 'record') throw new TypeError('unreachable');
      const offs = fieldOffsets(d.fields, addr);
      return {
        op: 'record', tuple: t.kind === 'tuple', size: elemSize(t, addr), align: alignment(t, addr),
        fields: d.fields.map((f, i) => ({ name: f.name, key: t.kind === 'tuple' ? String(i) : camelCase(f.name), op: valueOp1(f.type), offset: offs[i]! })),
      };
    }
    case 'variant': case 'enum': case 'option': case 'result': {
      const d = despecialize(t);
      if (d.kind !== 'variant') throw new TypeError('unreachable');
      const form: VariantForm = t.kind === 'option'
        ? (despecialize(t.type).kind === 'variant' && t.type.kind === 'option' ? 'option-tagged' : 'option')
        : t.kind;
      return {
        op: 'variant', form, disc: discriminantType(d.cases), payloadOffset: variantPayloadOffset(d.cases, addr),
        size: elemSize(t, addr), align: alignment(t, addr), flat: flattenTypeShared(t, addr).slice(1),
        cases: d.cases.map((c) => (c.type === undefined
          ? { name: c.name, flat: [] }
          : { name: c.name, op: valueOp1(c.type), flat: flattenTypeShared(c.type, addr) })),
      };
    }
    case 'flags': {
      const size = elemSize(t) as 1 | 2 | 4;
      return { op: 'flags', names: t.names, keys: t.names.map(camelCase), size };
    }
    case 'own': case 'borrow': return { op: 'handle', kind: t.kind, resource: t.resource };
    case 'map': return { op: 'map', entries: valueOp1(despecialize(t)) as ValueOp & { op: 'list' } };
    default: throw new UnsupportedError(`unsupported: ${t.kind} type`);
  }
}

/** Builds the adapter plan for `func` under `options` (CanonicalABI.md "canon lift" / "canon lower"). */
export function buildPlan(name: string, func: FuncType, options: PlanOptions, direction: Direction): AdapterPlan {
  if (func.async) throw new UnsupportedError(`unsupported: async function ${name}`);
  const addr = options.addrType ?? 'i32';
  const params = func.params.map((p) => ({ name: p.name, type: p.type, op: valueOp(p.type, addr) }));
  const result = func.result === undefined ? undefined : valueOp(func.result, addr);
  const core = flattenFunctype(func, direction, { addrType: addr });
  const flatParams = params.reduce((n, p) => n + flattenTypeShared(p.type, addr).length, 0);
  const paramsInMemory = flatParams > 16;
  const resultInMemory = func.result !== undefined && flattenTypeShared(func.result, addr).length > 1;
  const throwsResult = func.result !== undefined && func.result.kind === 'result';
  const resources: ResourceType[] = [];
  for (const p of params) handlesIn(p.op, resources);
  const borrowParams = params.some((p) => hasBorrow(p.op));
  if (result !== undefined) {
    handlesIn(result, resources);
    if (hasBorrow(result)) throw new UnsupportedError(`${name}: borrow handles cannot be returned`);
  }
  const plan: AdapterPlan = {
    direction, name, func, options, core, params, paramsInMemory, resultInMemory, throwsResult, resources, borrowParams,
    ...(paramsInMemory ? { paramsTuple: valueOp({ kind: 'tuple', types: func.params.map((p) => p.type) }, addr) as ValueOp & { op: 'record' } } : {}),
    ...(result !== undefined ? { result, resultType: func.result! } : {}),
  };
  checkOptions(plan);
  return plan;
}

/** CanonicalABI.md "canon lift"/"canon lower" validation: memory and realloc must be present when needed. */
function checkOptions(plan: AdapterPlan): void {
  const needsMemory = plan.paramsInMemory || plan.resultInMemory || plan.params.some((p) => usesMemory(p.op)) || (plan.result !== undefined && usesMemory(plan.result));
  if (needsMemory && !plan.options.memory) throw new UnsupportedError(`${plan.name}: canonical options need a memory for this function type`);
}

/** What a plan needs to know of a value op's subtree, computed once per op (a type used twice is walked once). */
interface OpFacts {
  /** Values of this op live (partly) in linear memory. */
  readonly memory: boolean;
  /** Resource types whose handles appear in it. */
  readonly resources: readonly ResourceType[];
  /** A `borrow` handle appears in it. */
  readonly borrow: boolean;
}

const NO_FACTS: OpFacts = { memory: false, resources: [], borrow: false };
const factsCache = new WeakMap<ValueOp, OpFacts>();

function children(op: ValueOp): ValueOp[] {
  switch (op.op) {
    case 'list': return [op.elem];
    case 'map': return [op.entries];
    case 'record': return op.fields.map((f) => f.op);
    case 'variant': return op.cases.flatMap((c) => (c.op === undefined ? [] : [c.op]));
    default: return [];
  }
}

function facts(op: ValueOp): OpFacts {
  let f = factsCache.get(op);
  if (f !== undefined) return f;
  if (op.op === 'handle') f = { memory: false, resources: [op.resource], borrow: op.kind === 'borrow' };
  else if (op.op === 'string' || op.op === 'map' || (op.op === 'list' && op.fixed === undefined)) f = { ...merge(children(op)), memory: true };
  else f = merge(children(op));
  factsCache.set(op, f);
  return f;
}

function merge(ops: readonly ValueOp[]): OpFacts {
  if (ops.length === 0) return NO_FACTS;
  const resources: ResourceType[] = [];
  let memory = false, borrow = false;
  for (const c of ops) {
    const f = facts(c);
    memory ||= f.memory;
    borrow ||= f.borrow;
    for (const r of f.resources) if (!resources.includes(r)) resources.push(r);
  }
  return { memory, resources, borrow };
}

/** True when values of this op live (partly) in linear memory. */
export function usesMemory(op: ValueOp): boolean {
  return facts(op).memory;
}

/** Collects the resource types whose handles appear in `op`. */
function handlesIn(op: ValueOp, out: ResourceType[]): void {
  for (const r of facts(op).resources) if (!out.includes(r)) out.push(r);
}

/** True when `op` holds a `borrow` handle somewhere. */
export function hasBorrow(op: ValueOp): boolean {
  return facts(op).borrow;
}
