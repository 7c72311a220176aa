// Adapter plans: the booklet (a function type + canon options) as adapter instructions, in the spirit of the
// original Interface Types proposal (`arg.get`, `string-to-memory`, `call-export`, `memory-to-string`,
// `defer post-return`). CanonicalABI.md "canon lift" / "canon lower". A plan's `steps` are the IR: the printer
// (plan-print.ts), codegen/ (and so `kumiki transpile`) and interp/ all walk them; value conversions are `ValueOp`
// trees, one per type object, carrying the layout (per-type facts: type-facts.ts). Fused pairs: fuse-plan.ts.
import type { CoreFuncType, FuncType, ResourceType, ValType } from '../types/index.js';
import { UnsupportedError } from '../errors.js';
import { valTypeToString } from '../types/print.js';
import { toCamelCase as camelCase } from './names.js';
import type { StringEncoding } from './context.js';
import { flattenFunctype, flattenTypeShared, type FlatType } from './flatten.js';
import { paramsAllocate, resultAllocates } from './allocates.js';

/** Value kinds whose JS values are primitives: reading one runs no host code. */
const SCALAR_KINDS: ReadonlySet<string> = new Set(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'enum']);
import { KIND_FACTS, type TypedArrayName } from './type-facts.js';
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
  /** Flat parameters past which they pass through memory: MAX_FLAT_PARAMS (16), or MAX_FLAT_ASYNC_PARAMS (4) for
   *  the argument half of an async lower (CanonicalABI.md "canon lower"). */
  readonly maxFlatParams?: number;
  /** The result always goes to an out-pointer (the result half of an async lower: CanonicalABI.md "canon lower"). */
  readonly resultToMemory?: boolean;
}

export type { TypedArrayName };

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
  | { readonly op: 'map'; readonly entries: ValueOp & { op: 'list' } }
  /** `stream<T>` / `future<T>` / `error-context`: an i32 handle index on the guest side, a kumiki stream/future/
   *  error-context object on the JS side (runtime/async/values.ts); `key` names the element type. */
  | { readonly op: 'async-handle'; readonly kind: 'stream' | 'future' | 'error-context'; readonly key: string };

/** JS shape of a variant-like value: `{tag,val}`, enum string, `T | undefined`, or a (nested) result. */
export type VariantForm = 'variant' | 'enum' | 'option' | 'option-tagged' | 'result';

export interface FieldOp { readonly name: string; readonly key: string; readonly op: ValueOp; readonly offset: number }
export interface CaseOp { readonly name: string; readonly op?: ValueOp; /** The case's flat types (for join coercions). */ readonly flat: readonly FlatType[] }

/** One parameter of a plan. */
export interface ParamPlan { readonly name: string; readonly type: ValType; readonly op: ValueOp }

/**
 * One adapter instruction: the call sequence of a canon lift/lower as data (DESIGN.md §2, "the plan is the IR").
 * The printer, codegen, the interpreter and the AOT transpiler all walk `AdapterPlan.steps`; none re-derives the
 * sequence (spilled parameters, return areas, realloc windows, journaling, borrow scopes, post-return, the
 * ComponentError of a top-level result). Values are converted by `lower`/`lift` steps, whose `op` trees carry the
 * per-type layout (the `<x>-to-memory` / `memory-to-<x>` instruction pairs).
 */
export type Instr =
  // canon lift (JS calls a guest export): CanonicalABI.md "canon lift".
  /** may_enter: trap when the instance is poisoned or already inside a call (and the nesting rules). */
  | { readonly i: 'enter' }
  /** may_leave cleared (`false`) or set again: around realloc calls while values are lowered into the guest
   *  (CanonicalABI.md "Lifting and Lowering Context": reallocate). */
  | { readonly i: 'may-leave'; readonly value: boolean }
  /** More than MAX_FLAT_PARAMS flat values: the arguments go to a tuple allocated with realloc. */
  | { readonly i: 'alloc-args-tuple'; readonly size: number; readonly align: number; readonly where: string }
  /** The next JS argument. */
  | { readonly i: 'arg.get'; readonly index: number; readonly name: string }
  /** Lowers the value at hand: to flat core values, or stored at `offset` in the argument tuple / return area.
   *  `journal`: handles lowered are recorded, and taken back if a later argument fails (the call never starts). */
  | { readonly i: 'lower'; readonly type: ValType; readonly op: ValueOp; readonly into: 'flat' | 'memory'; readonly offset: number; readonly where: string; readonly journal: boolean }
  /** The journal of lowered handles is committed (the core call is about to start). */
  | { readonly i: 'journal-commit' }
  | { readonly i: 'call-export'; readonly core: CoreFuncType }
  /** Lifts the core result: the flat value, or the value at the returned pointer (checked: size, alignment). */
  | { readonly i: 'lift-result'; readonly type: ValType; readonly op: ValueOp; readonly from: 'flat' | 'memory'; readonly size: number; readonly align: number; readonly where: string }
  /** A top-level `result<T, E>`: `ok` returns T, `err` throws `ComponentError(E)`. */
  | { readonly i: 'result-err-to-throw' }
  /** CanonicalABI.md "canon lift": every borrow lent to the call must have been dropped. */
  | { readonly i: 'check-borrows' }
  /** CanonicalABI.md "canon lift": post-return, with may_leave false while it runs. */
  | { readonly i: 'post-return' }
  | { readonly i: 'exit' }
  | { readonly i: 'return' }
  // canon lower (the guest calls a JS/host import): CanonicalABI.md "canon lower".
  /** trap_if(not may_leave). */
  | { readonly i: 'check-may-leave' }
  /** Borrowed handles lifted for this call are lent to the callee and released when it returns. */
  | { readonly i: 'lend-scope' }
  /** More than MAX_FLAT_PARAMS flat values: the arguments are a tuple at the pointer passed (checked). */
  | { readonly i: 'args-tuple'; readonly size: number; readonly align: number; readonly where: string }
  /** The next core argument(s), lifted: from flat values, or loaded at `offset` in the argument tuple. */
  | { readonly i: 'lift'; readonly index: number; readonly name: string; readonly type: ValType; readonly op: ValueOp; readonly from: 'flat' | 'memory'; readonly offset: number; readonly where: string }
  /** `syncResult`: the host's result must not be a thenable (the function is not async). */
  | { readonly i: 'call-import'; readonly name: string; readonly syncResult: boolean }
  /** A top-level `result<T, E>`: a value returned is `ok`; a thrown error's payload (`.payload`, or a thrown
   *  non-Error value) is `err`; other throws pass. */
  | { readonly i: 'catch-payload-to-err' }
  /** Lowers the callee's result back into the guest: the flat value, or stored at the out-pointer (the last core
   *  argument, checked). A failure is the import's error (`importFail`). */
  | { readonly i: 'lower-result'; readonly type: ValType; readonly op: ValueOp; readonly into: 'flat' | 'memory'; readonly size: number; readonly align: number; readonly where: string }
  | { readonly i: 'return-core'; readonly core: CoreFuncType };

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
  /** An async function type lifted without `async`: the adapter also gives its result half alone (`env.resume`), for
   *  a core call that suspended under JSPI (runtime/async/calls.ts stackfulCore). */
  readonly resumable?: true;
  /** The adapter as instructions, in order (what every consumer runs). */
  readonly steps: readonly Instr[];
  /** A lift plan that lowers into an instance that may be running, without entering it (stream/future elements a
   *  reader's built-in takes: program.ts elemCodecPlans); fused with it, no enter or exit either. */
  readonly running?: true;
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
      const typed = KIND_FACTS[t.element.kind]?.typed?.name;
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
    case 'stream': case 'future': return { op: 'async-handle', kind: t.kind, key: asyncKey(t) };
    case 'error-context': return { op: 'async-handle', kind: 'error-context', key: '' };
    default: throw new UnsupportedError(`unsupported: ${(t as ValType).kind} type`);
  }
}

/** The identity of a stream/future type across instances: its element type, printed. */
export function asyncKey(t: ValType): string {
  const e = (t as { type?: ValType }).type;
  return e === undefined ? '' : valTypeToString(e);
}

/** Builds the adapter plan for `func` under `options` (CanonicalABI.md "canon lift" / "canon lower"). */
export function buildPlan(name: string, func: FuncType, options: PlanOptions, direction: Direction): AdapterPlan {
  // An async function type lifted or lowered without `async` is an ordinary synchronous call (its async halves are
  // separate plans: runtime/async/calls.ts); the plan is that of the same type without `async`.
  const resumable = func.async === true && direction === 'lift';
  if (func.async) func = { ...func, async: false };
  const addr = options.addrType ?? 'i32';
  const params = func.params.map((p) => ({ name: p.name, type: p.type, op: valueOp(p.type, addr) }));
  const result = func.result === undefined ? undefined : valueOp(func.result, addr);
  const flatParams = params.reduce((n, p) => n + flattenTypeShared(p.type, addr).length, 0);
  const paramsInMemory = flatParams > (options.maxFlatParams ?? 16);
  const resultInMemory = func.result !== undefined && (options.resultToMemory === true || flattenTypeShared(func.result, addr).length > 1);
  let core = flattenFunctype(func, direction, { addrType: addr });
  if (options.maxFlatParams !== undefined || options.resultToMemory === true) {
    // The async halves' own signatures (CanonicalABI.md flatten_functype, async lower): params or one pointer, then
    // the out-pointer.
    const ps = paramsInMemory ? [addr] : core.params.slice(0, flatParams > 16 ? 1 : flatParams);
    core = { kind: 'func', params: resultInMemory && direction === 'lower' ? [...ps, addr] : ps, results: resultInMemory ? [] : core.results };
  }
  const throwsResult = func.result !== undefined && func.result.kind === 'result';
  const resources: ResourceType[] = [];
  for (const p of params) handlesIn(p.op, resources);
  const borrowParams = params.some((p) => hasBorrow(p.op));
  if (result !== undefined) {
    handlesIn(result, resources);
    if (hasBorrow(result)) throw new UnsupportedError(`${name}: borrow handles cannot be returned`);
  }
  const facts = {
    direction, name, func, options, core, params, paramsInMemory, resultInMemory, throwsResult, resources, borrowParams,
    ...(paramsInMemory ? { paramsTuple: valueOp({ kind: 'tuple', types: func.params.map((p) => p.type) }, addr) as ValueOp & { op: 'record' } } : {}),
    ...(result !== undefined ? { result, resultType: func.result! } : {}),
    ...(resumable ? { resumable: true as const } : {}),
  };
  const plan: AdapterPlan = { ...facts, steps: direction === 'lift' ? liftSteps(facts) : lowerSteps(facts) };
  checkOptions(plan);
  return plan;
}

type PlanFacts = Omit<AdapterPlan, 'steps'>;

/** CanonicalABI.md "canon lift" as instructions. */
function liftSteps(p: PlanFacts): Instr[] {
  const out: Instr[] = [{ i: 'enter' }];
  // may_leave is cleared while realloc runs; lowering the arguments runs no other guest code, so it stays cleared
  // for all of the lowering (and is set again by the failure path). It is also cleared while non-scalar arguments
  // are read: that may run host code (getters, proxies), and a failure then is the host's, not the guest's.
  const reallocs = (p.options.realloc && paramsAllocate(p)) || p.params.some((x) => !SCALAR_KINDS.has(x.type.kind));
  if (reallocs) out.push({ i: 'may-leave', value: false });
  // Handles lowered are journaled only when a later failure could leave them in the table: not for one bare handle
  // that is the last argument (its lowering adds the handle as its last action, or fails before it).
  const withHandles = p.params.filter((x) => facts(x.op).resources.length > 0);
  const journal = withHandles.length > 1 || (withHandles.length === 1 && (withHandles[0] !== p.params[p.params.length - 1] || withHandles[0]!.op.op !== 'handle'));
  const t = p.paramsTuple;
  if (t !== undefined) out.push({ i: 'alloc-args-tuple', size: t.size, align: t.align, where: p.name });
  p.params.forEach((x, index) => {
    out.push({ i: 'arg.get', index, name: x.name });
    out.push({ i: 'lower', type: x.type, op: x.op, into: t !== undefined ? 'memory' : 'flat', offset: t !== undefined ? t.fields[index]!.offset : 0, where: `${p.name}(${x.name})`, journal });
  });
  if (reallocs) out.push({ i: 'may-leave', value: true });
  if (journal) out.push({ i: 'journal-commit' });
  out.push({ i: 'call-export', core: p.core });
  if (p.result !== undefined) {
    const addr = p.options.addrType;
    out.push({ i: 'lift-result', type: p.resultType!, op: p.result, from: p.resultInMemory ? 'memory' : 'flat', size: elemSize(p.resultType!, addr), align: alignment(p.resultType!, addr), where: `result of ${p.name}` });
    if (p.throwsResult) out.push({ i: 'result-err-to-throw' });
  }
  if (p.borrowParams) out.push({ i: 'check-borrows' });
  if (p.options.postReturn) out.push({ i: 'post-return' });
  out.push({ i: 'exit' }, { i: 'return' });
  return out;
}

/** CanonicalABI.md "canon lower" as instructions. */
function lowerSteps(p: PlanFacts): Instr[] {
  const out: Instr[] = [{ i: 'check-may-leave' }];
  if (p.borrowParams) out.push({ i: 'lend-scope' });
  const t = p.paramsTuple;
  if (t !== undefined) out.push({ i: 'args-tuple', size: t.size, align: t.align, where: p.name });
  p.params.forEach((x, index) => {
    out.push({ i: 'lift', index, name: x.name, type: x.type, op: x.op, from: t !== undefined ? 'memory' : 'flat', offset: t !== undefined ? t.fields[index]!.offset : 0, where: `${p.name}(${x.name})` });
  });
  // A thenable from the host of a non-async function is a TypeError naming the import (handles may have `then`;
  // a `future<T>` result is Promise-like: the host may return a Promise or a future for it).
  const rk = p.resultType?.kind;
  out.push({ i: 'call-import', name: p.name, syncResult: rk !== 'own' && rk !== 'borrow' && rk !== 'future' });
  if (p.result !== undefined) {
    if (p.throwsResult) out.push({ i: 'catch-payload-to-err' });
    // The caller may not leave while its realloc runs.
    const reallocs = p.options.realloc && resultAllocates(p);
    if (reallocs) out.push({ i: 'may-leave', value: false });
    const addr = p.options.addrType;
    out.push({ i: 'lower-result', type: p.resultType!, op: p.result, into: p.resultInMemory ? 'memory' : 'flat', size: elemSize(p.resultType!, addr), align: alignment(p.resultType!, addr), where: `result of import ${p.name}` });
    if (reallocs) out.push({ i: 'may-leave', value: true });
  }
  out.push({ i: 'return-core', core: p.core });
  return out;
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
  /** A stream, future or error-context appears in it. */
  readonly async: boolean;
}

const NO_FACTS: OpFacts = { memory: false, resources: [], borrow: false, async: false };
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

/** Whether lifting a value of `op` reads a string, list or map out of memory (bytes counted against the cap). */
export function liftsBytes(op: ValueOp): boolean {
  return facts(op).memory;
}

function facts(op: ValueOp): OpFacts {
  let f = factsCache.get(op);
  if (f !== undefined) return f;
  if (op.op === 'handle') f = { memory: false, resources: [op.resource], borrow: op.kind === 'borrow', async: false };
  else if (op.op === 'async-handle') f = { ...NO_FACTS, async: true };
  else if (op.op === 'string' || op.op === 'map' || (op.op === 'list' && op.fixed === undefined)) f = { ...merge(children(op)), memory: true };
  else f = merge(children(op));
  factsCache.set(op, f);
  return f;
}

function merge(ops: readonly ValueOp[]): OpFacts {
  if (ops.length === 0) return NO_FACTS;
  const resources: ResourceType[] = [];
  let memory = false, borrow = false, async = false;
  for (const c of ops) {
    const f = facts(c);
    memory ||= f.memory;
    borrow ||= f.borrow;
    async ||= f.async;
    for (const r of f.resources) if (!resources.includes(r)) resources.push(r);
  }
  return { memory, resources, borrow, async };
}

/** True when a stream, future or error-context appears in `op` (its adapter needs the instance's table). */
export function hasAsyncHandle(op: ValueOp): boolean {
  return facts(op).async;
}

/** True when a stream, future or error-context crosses in a parameter or the result of `plan` (needs the async runtime). */
export function planHasAsyncHandles(plan: AdapterPlan): boolean {
  return plan.params.some((p) => hasAsyncHandle(p.op)) || (plan.result !== undefined && hasAsyncHandle(plan.result));
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
