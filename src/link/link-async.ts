// Linking the async ops of a program description (program/desc.ts): async lifts and lowers composed of
// their synchronous halves' adapters (whatever the mode made them: generated, interpreted or transpiled), task.return,
// and the other built-ins (runtime/async). Called by link/link.ts.
import type { InstanceState, MemView, ReallocFn } from '../runtime/glue/index.js';
import type { BorrowScope, HandleEntry, HandleTable, ResourceResolver } from '../runtime/resources.js';
import { borrowLog } from '../runtime/resources.js';
import type { AsyncEntryFactory } from '../abi/adapter-types.js';
import type { AdapterFn, FuseHooks, LinkAdapter, LiftedEnv } from '../runtime/adapter-env.js';
import type { FuseTag } from '../runtime/fuse-link.js';
import type { AdapterPlan } from '../abi/plan.js';
import type { Op } from '../program/desc.js';
import { makeBuiltin, taskReturn } from '../runtime/async/builtins.js';
import { FUSED_RESULT, hostThrew, idle, liftAsync, offersTo, takesCaller, lowerAsync, lowerBegin, lowerEnd, lowerFused, lowerOffer, lowerRest, offerTo, type FusedCallee, resumableLower, returnSink, returnsNow, settleNow, suspendableLower, syncCallOfAsync, type CallerHooks, type LiftAsyncEnv, type LowerAsyncEnv, type LowerCallee, type ResultSink } from '../runtime/async/calls.js';
import { flatCount, storeFlat } from '../runtime/async/store-flat.js';
import { opLayout } from '../abi/fuse-plan.js';
import { sameShape } from '../abi/fuse-shape.js';
import { RESOLVED, TASK_STARTED, asyncInstance, runningTask, swapTask } from '../runtime/async/task.js';
import { CALLBACK_EXIT, RETURNED } from '../runtime/async/codes.js';
import type { ElemCodec } from '../runtime/async/copy.js';
import { Trap } from '../errors.js';
import { realloc64 } from '../runtime/addr64.js';

/** The parts of an instance context the async steps read and fill. */
export interface AsyncCtx {
  readonly coreFuncs: unknown[];
  readonly memories: unknown[];
  readonly tables: unknown[];
  readonly funcs: AdapterFn[];
  readonly st: InstanceState;
  readonly table: HandleTable;
  readonly res: ResourceResolver;
}

type AsyncOp = Extract<Op, { op: 'lift-async' | 'lower-async' | 'lower-sync-of-async' | 'task.return' | 'async-builtin' }>;
type Fn = (...args: never[]) => unknown;
const NONE: unknown[] = [];
/** An async lower env's offer until lowerOffer makes it. */
const NO_OFFER: LowerCallee = { call: () => { throw new Trap('kumiki internal: an async lower called before it was linked'); } };

/** Calls `f` with `args`: no spread for the usual arities (a spread call is a slow path in V8). */
function lowerN(f: AdapterFn, args: readonly unknown[]): void {
  const k = args.length;
  if (k === 0) f(); else if (k === 1) f(args[0]); else if (k === 2) f(args[0], args[1]);
  else if (k === 3) f(args[0], args[1], args[2]); else f(...args);
}

/**
 * The core callback of an async lift's argument plan without borrows, and where it leaves the flat arguments: for a
 * known core signature of up to four parameters, in `buf`, one array per lift refilled each call (calls.ts reads it
 * before anything else can lower arguments of the same lift: the task's core function is called with them at once),
 * so a call allocates no rest array; otherwise through `set`.
 */
function capture(sig: string | undefined, set: (flat: unknown[]) => void): { readonly core: Fn; readonly buf: unknown[] | undefined } {
  const n = sig === undefined ? -1 : sig.indexOf(':');
  const b: unknown[] = new Array<unknown>(Math.max(n, 0)).fill(undefined);
  switch (n) {
    case 0: return { core: (() => {}) as Fn, buf: b };
    case 1: return { core: ((a: unknown) => { b[0] = a; }) as Fn, buf: b };
    case 2: return { core: ((a: unknown, c: unknown) => { b[0] = a; b[1] = c; }) as Fn, buf: b };
    case 3: return { core: ((a: unknown, c: unknown, d: unknown) => { b[0] = a; b[1] = c; b[2] = d; }) as Fn, buf: b };
    case 4: return { core: ((a: unknown, c: unknown, d: unknown, e: unknown) => { b[0] = a; b[1] = c; b[2] = d; b[3] = e; }) as Fn, buf: b };
    default: return { core: ((...flat: unknown[]) => { set(flat); }) as Fn, buf: undefined };
  }
}

/** Calls an async lift's core function with its flat arguments (`sig`: its core signature): a caller per lift. */
function coreCaller(core: Fn, sig: string | undefined): (b: readonly unknown[]) => unknown {
  const f = core as (...a: unknown[]) => unknown;
  switch (sig === undefined ? -1 : sig.indexOf(':')) {
    case 0: return () => f();
    case 1: return (b) => f(b[0]);
    case 2: return (b) => f(b[0], b[1]);
    case 3: return (b) => f(b[0], b[1], b[2]);
    case 4: return (b) => f(b[0], b[1], b[2], b[3]);
    default: return (b) => f(...b);
  }
}

/**
 * The JS function of an async lift: with the WIT function's parameters (`n`), so a call makes one array literal
 * rather than a rest array (extra arguments are ignored, as a synchronous export's adapter ignores them).
 */
function liftEntry(n: number | undefined, e: LiftAsyncEnv): AdapterFn {
  switch (n) {
    // A fused caller's FusedArgs comes as the first argument even without parameters.
    case 0: return ((a?: unknown) => liftAsync(e, FusedArgs.is(a) ? [a] : NONE)) as AdapterFn;
    case 1: return ((a: unknown) => liftAsync(e, [a])) as AdapterFn;
    case 2: return ((a: unknown, b: unknown) => liftAsync(e, [a, b])) as AdapterFn;
    case 3: return ((a: unknown, b: unknown, c: unknown) => liftAsync(e, [a, b, c])) as AdapterFn;
    case 4: return ((a: unknown, b: unknown, c: unknown, d: unknown) => liftAsync(e, [a, b, c, d])) as AdapterFn;
    default: return ((...args: unknown[]) => liftAsync(e, args)) as AdapterFn;
  }
}

/** Calls an async lower's callee with the JS arguments: a caller per lower (no spread for the usual arities). */
function invoker(callee: Fn): (a: readonly unknown[]) => unknown {
  const f = callee as (...a: unknown[]) => unknown;
  return (a) => {
    const n = a.length;
    return n === 0 ? f() : n === 1 ? f(a[0]) : n === 2 ? f(a[0], a[1]) : n === 3 ? f(a[0], a[1], a[2]) : f(...a);
  };
}

/** Calls an async lift's callback with an event (code, index, payload): a caller per lift. */
function callbackCaller(cb: ((c: number, i: number, p: number) => number) | undefined): (ev: readonly [number, number, number]) => unknown {
  if (cb === undefined) return () => { throw new Trap('kumiki internal: a stackful async lift has no callback'); };
  return (ev) => cb(ev[0], ev[1], ev[2]);
}

/**
 * The core function of an async lower: with as many parameters as the core type has (up to four flat values and
 * the result pointer), so core code calls it as a plain JS function of its arity (a rest-parameter function is a
 * slower import call in V8, costing more than the rest of a synchronously finished call).
 */
function lowerEntry(n: number | undefined, e: LowerAsyncEnv): Fn {
  if (e.storeResult !== undefined) {
    // The last parameter is the result pointer.
    switch (n) {
      case 1: return ((p: unknown) => lowerAsync(e, NONE, p)) as Fn;
      case 2: return ((a: unknown, p: unknown) => lowerAsync(e, [a], p)) as Fn;
      case 3: return ((a: unknown, b: unknown, p: unknown) => lowerAsync(e, [a, b], p)) as Fn;
      case 4: return ((a: unknown, b: unknown, c: unknown, p: unknown) => lowerAsync(e, [a, b, c], p)) as Fn;
      case 5: return ((a: unknown, b: unknown, c: unknown, d: unknown, p: unknown) => lowerAsync(e, [a, b, c, d], p)) as Fn;
      default: return ((...flat: unknown[]) => lowerAsync(e, flat.slice(0, -1), flat[flat.length - 1])) as Fn;
    }
  }
  switch (n) {
    case 0: return (() => lowerAsync(e, NONE)) as Fn;
    case 1: return ((a: unknown) => lowerAsync(e, [a])) as Fn;
    case 2: return ((a: unknown, b: unknown) => lowerAsync(e, [a, b])) as Fn;
    case 3: return ((a: unknown, b: unknown, c: unknown) => lowerAsync(e, [a, b, c])) as Fn;
    case 4: return ((a: unknown, b: unknown, c: unknown, d: unknown) => lowerAsync(e, [a, b, c, d])) as Fn;
    default: return ((...flat: unknown[]) => lowerAsync(e, flat)) as Fn;
  }
}

/** lowerEntry for a lower fused with an async lift of another kumiki instance (calls.ts lowerFused). */
function fusedEntry(n: number | undefined, e: LowerAsyncEnv, d: FusedCallee): Fn {
  // The flat arguments go through one array per lower, refilled each call: the task reads them as it starts (the
  // fused copy takes them as its arguments) and keeps none; a task that cannot start at once keeps a copy of them
  // (calls.ts startTask), and a poisoned instance traps before the task reads them.
  const b1: unknown[] = [undefined], b2: unknown[] = [undefined, undefined];
  const two = (x: unknown, y: unknown): unknown[] => {
    b2[0] = x; b2[1] = y;
    return b2;
  };
  const one = (x: unknown): unknown[] => {
    b1[0] = x;
    return b1;
  };
  if (e.storeResult !== undefined) {
    switch (n) {
      case 1: return ((p: unknown) => lowerFused(e, d, NONE, p)) as Fn;
      case 2: return ((a: unknown, p: unknown) => lowerFused(e, d, one(a), p)) as Fn;
      case 3: return ((a: unknown, c: unknown, p: unknown) => lowerFused(e, d, two(a, c), p)) as Fn;
      case 4: return ((a: unknown, c: unknown, f: unknown, p: unknown) => lowerFused(e, d, [a, c, f], p)) as Fn;
      default: return ((...flat: unknown[]) => lowerFused(e, d, flat.slice(0, -1), flat[flat.length - 1])) as Fn;
    }
  }
  switch (n) {
    case 0: return (() => lowerFused(e, d, NONE, undefined)) as Fn;
    case 1: return ((a: unknown) => lowerFused(e, d, one(a), undefined)) as Fn;
    case 2: return ((a: unknown, c: unknown) => lowerFused(e, d, two(a, c), undefined)) as Fn;
    case 3: return ((a: unknown, c: unknown, f: unknown) => lowerFused(e, d, [a, c, f], undefined)) as Fn;
    default: return ((...flat: unknown[]) => lowerFused(e, d, flat, undefined)) as Fn;
  }
}

/**
 * The arguments an async lower passes to an async lift of another kumiki instance when the pair fuses (DESIGN.md §1):
 * the caller's flat core arguments and the fused adapter that copies them memory to memory into the callee's flat
 * arguments when its task starts (the caller keeps them alive until then: CanonicalABI.md Subtask STARTING).
 */
class FusedArgs {
  #brand = true;
  constructor(readonly copy: AdapterFn, readonly flat: readonly unknown[]) {}
  /** A brand check that runs no trap of a host's Proxy (`instanceof` calls getPrototypeOf, which a revoked one throws from). */
  static is(x: unknown): x is FusedArgs {
    return typeof x === 'object' && x !== null && #brand in x;
  }
}

/**
 * The JS function of one async lift, or the core import of one task.return whose result may fuse (`flat`: its core
 * parameter count), when it has one of its own (codegen/async-entry.ts: compiled by the codegen entry, written into
 * the module by `kumiki transpile`); undefined, and always in interp mode: the closures below, whose steps are the
 * same calls at sites that every lift (every task.return) shares.
 */
export type AsyncEntryCompiler = (op: LiftAsyncOp | TaskReturnOp | LowerAsyncOp, flat: number, plan?: AdapterPlan) => AsyncEntryFactory | undefined;


type LiftAsyncOp = Extract<Op, { op: 'lift-async' }>;
type LowerAsyncOp = Extract<Op, { op: 'lower-async' }>;
type TaskReturnOp = Extract<Op, { op: 'task.return' }>;

/** What a generated entry's fast path needs from the runtime (`H`: codegen/async-entry.ts fastPath). */
const FAST = { idle, swap: swapTask, S: TASK_STARTED, R: RESOLVED, X: CALLBACK_EXIT };
/** An async lower's steps, as its generated core function calls them (`H`: codegen/lower-entry.ts lowerEntrySource). */
const LOWER = { lowerBegin, lowerEnd, offerTo, hostThrew, lowerRest, R: RETURNED };
/** task.return's paths, as its generated core import calls them (`H`: codegen/async-entry.ts returnEntrySource). */
const RETURN = { running: runningTask, sink: returnSink, R: RESOLVED };

/** An adapter's whole plan where its tag holds it (the JIT's; transpiled modules carry FusePlan data only). */
function wholePlan(a: LinkAdapter): AdapterPlan | undefined {
  const p = (a.tag as FuseTag | undefined)?.plan;
  return p !== undefined && 'steps' in p ? p as AdapterPlan : undefined;
}

/** Async lifts whose argument adapter can fuse: the lifted function → that adapter (registered with the fuser). */
const fusableArgs = new WeakMap<object, AdapterFn>();
/** Fusable async lifts: the lifted function → its env (an async lower fused with it calls it directly: lowerFused). */
const liftEnvs = new WeakMap<object, LiftAsyncEnv>();
/** Async lifts of kumiki instances (their task.return may fuse with the caller's result: ResultSink). */
const asyncLifts = new WeakSet<object>();

/**
 * An async lower's ResultSink (calls.ts): the lift adapter of `func(result)` into the caller (program.ts `fres`,
 * not entering it), registered with the fuser. A fused copy from the callee's task.return ends in its core: the
 * flat values stored at the out-pointer (store-flat.ts); spilled ones are one tuple, allocated at the out-pointer
 * (its first realloc; strings and lists inside get the caller's realloc).
 */
function resultSink(op: Extract<AsyncOp, { op: 'lower-async' }>, a: LinkAdapter, x: AsyncCtx, m: MemView, real: ReallocFn | undefined, fuse: FuseHooks): ResultSink | undefined {
  const tag = a.tag as FuseTag | undefined;
  if (tag === undefined) return undefined;
  const rop = tag.plan.params[0]!.op;
  // Results fusion cannot copy (streams, futures, error contexts: abi/fuse-shape.ts) keep the JS path.
  if (!sameShape(rop, rop)) return undefined;
  const wide = tag.plan.options.addrType === 'i64';
  const { size, align } = opLayout(rop, tag.plan.options.addrType);
  let at = -1;
  let out = -1;
  const ra: ReallocFn = ((o: unknown, os: unknown, al: unknown, sz: unknown) => {
    if (at >= 0) { const p = at; at = -1; return (wide ? BigInt(p) : p) as number; }
    if (real === undefined) throw new Trap(`${op.name}: the result needs a realloc function, but the canonical options name none`);
    return (real as (...w: unknown[]) => unknown)(o, os, al, sz) as number;
  }) as ReallocFn;
  const store = (flat: readonly unknown[]): void => {
    // The view's DataView, refreshed when the buffer detached (a realloc in the copy may have grown the memory).
    if (m.u8.length === 0) m.r();
    storeFlat(m.dv, rop, flat, 0, out, wide);
  };
  // The flat values through one array per sink, refilled each call (storeFlat reads them at once).
  const k = flatCount(rop);
  const fb: unknown[] = new Array<unknown>(Math.min(k, 4)).fill(undefined);
  // A 32-bit scalar (the common result) stored in line: storeFlat's case for it, without its dispatch.
  const word = k === 1 && !wide && (rop.op === 'char' || rop.op === 'handle' || rop.op === 'async-handle' || (rop.op === 'int' && (rop.kind === 'u32' || rop.kind === 's32')));
  const core = (op.fresTuple === true ? () => {}
    : word ? (a: unknown) => { if (m.u8.length === 0) m.r(); m.dv.setUint32(out, (a as number) >>> 0, true); }
    : k === 1 ? (a: unknown) => { fb[0] = a; store(fb); }
    : k === 2 ? (a: unknown, b: unknown) => { fb[0] = a; fb[1] = b; store(fb); }
    : (...flat: unknown[]) => { store(flat); }) as Fn;
  const env: LiftedEnv = { core, m, ra, pr: undefined, st: x.st, t: x.table, res: x.res, tag, fn: undefined };
  const fn = a.create(env);
  fuse.register(fn, env as LiftedEnv & { fn: AdapterFn | undefined });
  return {
    fn,
    run(copy, flat, retptr) {
      // CanonicalABI.md: the out-pointer is checked where the value is stored (as the result plan's store does).
      const p = Number(retptr);
      m.check(p, size, align, `result of import ${op.name} [async result]`);
      const f0 = x.st.f;
      if (op.fresTuple === true) at = p; else out = p;
      try { lowerN(copy as AdapterFn, flat); } catch (e) { if (x.st.f === 0) x.st.f = f0; throw e; } finally { at = -1; out = -1; }
    },
  };
}

/** A step for one async op; `view` gives the memory view adapters share per memory. */
export function asyncStep(op: AsyncOp, adapters: readonly LinkAdapter[], view: (x: AsyncCtx, mem: unknown) => MemView, fuse?: FuseHooks, entry?: AsyncEntryCompiler): (x: AsyncCtx) => void {
  const mem = (x: AsyncCtx, i: number | undefined): MemView => view(x, i === undefined ? undefined : x.memories[i]);
  const ra = (x: AsyncCtx, i: number | undefined): ReallocFn | undefined => (i === undefined ? undefined : x.coreFuncs[i] as ReallocFn);
  switch (op.op) {
    case 'lift-async': {
      const adapter = adapters[op.a]!;
      // A generated entry (one per lift of the compiled component) where the fast path applies (codegen/async-entry.ts
      // entryLift): a JS caller's arguments without borrows, streams or futures, at most four flat values (`buf`).
      // Its argument plan where the tag holds the whole plan (the JIT's; transpiled modules carry FusePlan data only).
      const make = entry?.(op, -1, wholePlan(adapter));
      return (x) => {
        let captured = NONE;
        let scope: BorrowScope = x.st;
        const log: HandleEntry[] = [];
        const cap = op.borrows !== true ? capture(op.sig, (flat) => { captured = flat; }) : undefined;
        const buf = cap?.buf;
        const env: LiftedEnv = {
          // CanonicalABI.md canon lift (async): borrows in the arguments are the task's (dropped by any of its
          // instance's code before it returns), not the argument plan's call's.
          core: cap !== undefined ? cap.core : ((...flat: unknown[]) => {
            captured = flat;
            if (log.length !== 0) {
              for (let i = 0; i < log.length; i++) { log[i]!.scope = scope; x.st.b--; scope.b++; }
              log.length = 0;
            }
          }) as Fn, m: mem(x, op.memory), ra: ra(x, op.realloc), pr: undefined,
          st: x.st, t: x.table, res: x.res, tag: adapter.tag, fn: undefined,
        };
        const lowerArgs = adapter.create(env);
        // Fusable unless borrows cross: they belong to the task (borrowLog above), which a fused copy does not see.
        const fusable = fuse !== undefined && op.borrows !== true && (adapter.tag as FuseTag | undefined)?.plan.borrowParams === false;
        if (fusable) fuse.register(lowerArgs, env);
        const callback = op.callback === undefined ? undefined : x.coreFuncs[op.callback] as (c: number, i: number, p: number) => number;
        const core = x.coreFuncs[op.core] as Fn;
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, core, sig: op.sig,
          callCore: coreCaller(core, op.sig), callCallback: callbackCaller(callback),
          opts: { fnAsync: op.fnAsync, async: true, callback }, borrows: op.borrows === true, streams: op.streams === true || op.params === undefined, spare: undefined, throwsResult: op.throwsResult === true,
          lowerArgs: op.borrows === true
            ? (args: readonly unknown[], s: BorrowScope): unknown[] => {
              const prev = borrowLog.entries;
              scope = s;
              borrowLog.entries = log;
              try {
                lowerN(lowerArgs, args);
              } finally {
                borrowLog.entries = prev;
                if (log.length !== 0) log.length = 0;
              }
              const c = captured;
              captured = NONE;
              return c;
            }
            // No borrows in the parameters: no borrow scope to set (the common case, kept free).
            // A fused caller's FusedArgs: its flat arguments copy memory to memory (only without borrows: fusable).
            : (args: readonly unknown[]): unknown[] => {
              const k = args.length;
              // A fused caller passes its FusedArgs alone, first (liftEntry: the other parameters undefined).
              const fused = k !== 0 ? args[0] : undefined;
              if (FusedArgs.is(fused)) lowerN(fused.copy, fused.flat);
              // lowerN written out: this closure's call site sees only this lift's adapter.
              else if (k === 0) lowerArgs(); else if (k === 1) lowerArgs(args[0]); else if (k === 2) lowerArgs(args[0], args[1]);
              else if (k === 3) lowerArgs(args[0], args[1], args[2]); else lowerArgs(...args);
              if (buf !== undefined) return buf;
              const c = captured;
              captured = NONE;
              return c;
            },
          lowerFused: op.borrows === true ? undefined : (copy: Fn, flat: readonly unknown[]): unknown[] => {
            lowerN(copy as AdapterFn, flat);
            if (buf !== undefined) return buf;
            const c = captured;
            captured = NONE;
            return c;
          },
        };
        const general = liftEntry(op.params, e);
        const fn = make !== undefined && buf !== undefined ? make(FAST, e, general, lowerArgs, core, buf) as AdapterFn : general;
        // A kumiki caller's lower that calls it directly offers it its call (calls.ts takesCaller).
        takesCaller(fn);
        if (fusable) { fusableArgs.set(fn, lowerArgs); liftEnvs.set(fn, e); }
        if (fuse !== undefined) asyncLifts.add(fn);
        x.funcs.push(fn);
      };
    }
    case 'lower-async': {
      const adapter = adapters[op.a]!;
      const resAdapter = op.res === undefined ? undefined : adapters[op.res]!;
      // A generated core function (codegen/lower-entry.ts: codegen, and transpiled modules), unless the lower fuses.
      const make = entry?.(op, op.arity ?? -1, wholePlan(adapter));
      return (x) => {
        const caller = { m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res };
        // The adapter calls the callee (`c.call`, set per call) inside its borrow scope: a borrow lent to the callee
        // stays live while the callee starts (drop-cross-task-borrow.wast).
        let c: LowerCallee | undefined;
        let result: unknown;
        let captured: unknown[] = NONE;
        const liftArgs = adapter.create({ ...caller, callee: (op.borrows === true ? (...args: unknown[]) => { result = c!.call(args); } : (...args: unknown[]) => { captured = args; }) as Fn });
        // The callee an async lift of another kumiki instance: its arguments copy memory to memory when it starts.
        const callee = x.funcs[op.func] as unknown;
        const target = fuse !== undefined && op.borrows !== true && typeof callee === 'function' ? fusableArgs.get(callee) : undefined;
        const copy = target === undefined ? undefined : fuse!.tryFuse(adapter.tag, target, caller);
        let value: unknown;
        let thrown = false;
        const store = resAdapter?.create({ ...caller, callee: (() => { if (thrown) throw value; return value; }) as Fn });
        const sink = fuse !== undefined && op.fres !== undefined && asyncLifts.has(callee as object) ? resultSink(op, adapters[op.fres]!, x, caller.m, caller.ra, fuse) : undefined;
        const e: LowerAsyncEnv = {
          inst: asyncInstance(x.st, x.table), name: op.name, callee: x.funcs[op.func] as Fn, invoke: invoker(x.funcs[op.func] as Fn), offer: NO_OFFER, throwsResult: op.throwsResult === true,
          takes: offersTo(callee),
          liftArgs: copy !== undefined ? (flat: readonly unknown[], k: LowerCallee): unknown => k.call([new FusedArgs(copy, flat)])
            : op.borrows === true
            ? (flat: readonly unknown[], k: LowerCallee): unknown => {
              const prev = c;
              c = k;
              try { lowerN(liftArgs, flat); } finally { c = prev; }
              const r = result;
              result = undefined;
              return r;
            }
            // No borrows to keep live: the plan only captures the arguments, the callee is called after it.
            : (flat: readonly unknown[], k: LowerCallee): unknown => {
              lowerN(liftArgs, flat);
              const a = captured;
              captured = NONE;
              return k.call(a);
            },
          storeResult: store === undefined ? undefined : (v: unknown, ptr: unknown, t?: boolean): void => { value = v; thrown = t === true; try { store(ptr); } finally { value = undefined; thrown = false; } },
          ...(sink !== undefined ? { sink } : {}),
        };
        e.offer = lowerOffer(e);
        // Fused with an async lift of another kumiki instance: its task is started directly (calls.ts lowerFused).
        const le = copy !== undefined ? liftEnvs.get(callee as object) : undefined;
        if (le !== undefined) x.coreFuncs.push(fusedEntry(op.arity, e, { env: le, copy: copy as Fn }));
        else if (make !== undefined) {
          const A = (c: Fn): AdapterFn => adapter.create({ ...caller, callee: c });
          const B = resAdapter === undefined ? undefined : (c: Fn): AdapterFn => resAdapter.create({ ...caller, callee: c });
          x.coreFuncs.push(make(LOWER, e, undefined, A, callee, B as never) as Fn);
        } else x.coreFuncs.push(lowerEntry(op.arity, e));
      };
    }
    case 'lower-sync-of-async': {
      const adapter = adapters[op.a]!;
      return (x) => {
        const a = asyncInstance(x.st, x.table);
        const callee = syncCallOfAsync(x.funcs[op.func] as Fn, a, op.name, op.replay === true, op.resumes === true);
        const env = { m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res };
        const core = adapter.create({ ...env, callee });
        // The caller blocks until the callee returns: with JSPI, a point where its stack may suspend.
        if (op.resumes === true) {
          // Its result half: the outcome lowered as the adapter would have (into the out-pointer, the last core
          // argument, when the core signature returns nothing), or the callee's error thrown into the caller.
          let outcome: { value: unknown } | { error: unknown } = { value: undefined };
          const half = op.res === undefined ? undefined : adapters[op.res]!.create({ ...env, callee: (() => { if ('error' in outcome) throw outcome.error; return outcome.value; }) as Fn });
          const outPtr = op.sig !== undefined && op.sig.endsWith(':');
          x.coreFuncs.push(resumableLower(core as Fn, a, op.sig, (o, flat) => {
            if (half === undefined) { if ('error' in o) throw o.error; return undefined; }
            outcome = o;
            try { return (half as (...w: unknown[]) => unknown)(...(outPtr ? [flat[flat.length - 1]] : [])); } finally { outcome = { value: undefined }; }
          }));
        } else x.coreFuncs.push(op.replay === true ? suspendableLower(core as Fn, a, op.sig) : core);
      };
    }
    case 'task.return': {
      const adapter = adapters[op.a]!;
      // Its own core import where its result may fuse (below), as for a lift's entry (AsyncEntryCompiler).
      const make = fuse === undefined || adapter.tag === undefined ? undefined : entry?.(op, (adapter.tag as FuseTag).plan.core.params.length, wholePlan(adapter));
      return (x) => {
        const env = { m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res };
        const tr = taskReturn(x.st, x.table) as Fn;
        const plain = adapter.create({ ...env, callee: tr });
        if (fuse === undefined || adapter.tag === undefined) { x.coreFuncs.push(plain); return; }
        // Guest → guest (issue 12, Build 5): when the task's caller is an async lower of another kumiki instance
        // whose result plan fuses with this one, the result is copied into the caller's out-pointer memory to
        // memory (one fused adapter per caller plan; null where the pair does not fuse: then as a JS value).
        const a = asyncInstance(x.st, x.table);
        const fused = new WeakMap<object, AdapterFn | null>();
        const p = plain as (...w: unknown[]) => unknown;
        // The last caller plan's fused adapter, before the map (a task.return mostly returns to one caller).
        let lastFn: unknown, lastG: AdapterFn | null = null;
        const viaFlat = (h: CallerHooks, flat: unknown[]): unknown => {
          const sk = h.sink!;
          let g: AdapterFn | null | undefined = lastFn === sk.fn ? lastG : fused.get(sk.fn as object);
          if (g === undefined) { g = fuse.tryFuse(adapter.tag, sk.fn, env) ?? null; fused.set(sk.fn as object, g); }
          lastFn = sk.fn;
          lastG = g;
          if (g === null) return p(...flat);
          sk.run(g as (...w: unknown[]) => unknown, flat, h.retptr);
          return (tr as (v: unknown) => unknown)(FUSED_RESULT);
        };
        // The same with up to four flat values passed one by one, through one array per task.return (read before any
        // code can run: the fused copy takes them as its arguments).
        const n = (adapter.tag as FuseTag).plan.core.params.length;
        const fl: unknown[] = new Array<unknown>(Math.min(n, 4)).fill(undefined);
        const viaSink = (h: CallerHooks, w0?: unknown, w1?: unknown, w2?: unknown, w3?: unknown): unknown => {
          if (n > 0) fl[0] = w0;
          if (n > 1) fl[1] = w1;
          if (n > 2) fl[2] = w2;
          if (n > 3) fl[3] = w3;
          return viaFlat(h, fl);
        };
        // A JS call's task that may return now (calls.ts returnsNow): the same adapter, settling the task directly
        // (the generated import gives its own copy of settleNow, and may lift the result itself).
        const settling = (callee: Fn): unknown => adapter.create({ ...env, callee });
        if (make !== undefined) { x.coreFuncs.push(make(RETURN, a, viaSink, p, settling, NONE) as Fn); return; }
        const q = settling(settleNow as Fn) as (...w: unknown[]) => unknown;
        // Per arity (no rest arguments on the path of a JS caller's task, which has no sink): the result's flat values.
        const w = n === 0 ? () => { if (returnsNow(a)) return q(); const h = returnSink(a); return h === undefined ? p() : viaSink(h); }
          : n === 1 ? (w0: unknown) => { if (returnsNow(a)) return q(w0); const h = returnSink(a); return h === undefined ? p(w0) : viaSink(h, w0); }
          : n === 2 ? (w0: unknown, w1: unknown) => { if (returnsNow(a)) return q(w0, w1); const h = returnSink(a); return h === undefined ? p(w0, w1) : viaSink(h, w0, w1); }
          : (...flat: unknown[]) => { if (returnsNow(a)) return q(...flat); const h = returnSink(a); return h === undefined ? p(...flat) : viaFlat(h, flat); };
        x.coreFuncs.push(w as Fn);
      };
    }
    case 'async-builtin': {
      const { d, memory, realloc, sig, table } = op;
      return (x) => {
        const real = realloc === undefined ? undefined : x.coreFuncs[realloc] as (...a: number[]) => number;
        x.coreFuncs.push(makeBuiltin(d, {
          // The built-ins' own realloc takes and returns numbers (a 64-bit guest's is wrapped: cm64).
          st: x.st, table: x.table, memory: memory === undefined ? undefined : x.memories[memory] as WebAssembly.Memory,
          realloc: d.addr64 === true ? realloc64(real) : real,
          codec: op.lift !== undefined || op.lower !== undefined ? elemCodec(op, adapters, x, mem(x, memory), real, fuse) : undefined,
          sig, coreTable: table === undefined ? undefined : x.tables[table] as WebAssembly.Table,
        }));
      };
    }
  }
}

/**
 * The element codec of a stream/future built-in (runtime/async/copy.ts ElemCodec) from its plans (program.ts
 * elemCodecPlans): `lift` calls the lower adapter of `func(elements: list<T>)` with the buffer as the list; `lower`
 * calls the lift adapter of the same with the JS values, its list allocation placed at the reader's buffer (the
 * first realloc: the list's own; strings and lists inside the elements get the reader's realloc).
 */
function elemCodec(op: Extract<AsyncOp, { op: 'async-builtin' }>, adapters: readonly LinkAdapter[], x: AsyncCtx, m: MemView, real: ReallocFn | undefined, fuse: FuseHooks | undefined): ElemCodec {
  let lift: ElemCodec['lift'];
  let writer: ElemCodec['writer'];
  if (op.lift !== undefined) {
    let got: unknown[] = NONE;
    const a = adapters[op.lift]!;
    const caller = { m, ra: real, st: x.st, t: x.table, res: x.res };
    const f = a.create({ ...caller, callee: ((v: unknown[]) => { got = v; }) as Fn });
    // The writer's side of a fused copy: its lower plan's tag and environment (a reader fuses with them, below).
    if (fuse !== undefined && a.tag !== undefined) writer = { tag: a.tag, env: caller };
    // A 64-bit memory's plan takes its list's pointer and length as i64 (cm64).
    lift = op.d.addr64 === true ? (ptr, n) => { f(BigInt(ptr), BigInt(n)); const v = got; got = NONE; return v; }
      : (ptr, n) => { f(ptr, n); const v = got; got = NONE; return v; };
  }
  let lower: ElemCodec['lower'];
  let copyFrom: ElemCodec['copyFrom'];
  if (op.lower !== undefined) {
    let at = -1;
    const wide = op.d.addr64 === true;
    const ra: ReallocFn = (o, os, al, sz) => {
      if (at >= 0) { const p = at; at = -1; return (wide ? BigInt(p) : p) as number; }
      if (real === undefined) throw new Trap('stream/future read: the elements need a realloc function, but the canonical options name none');
      return real(o, os, al, sz);
    };
    const a = adapters[op.lower]!;
    const env: LiftedEnv = { core: (() => {}) as Fn, m, ra, pr: undefined, st: x.st, t: x.table, res: x.res, tag: a.tag, fn: undefined };
    const f = a.create(env);
    // The plan does not enter the instance (it may be running: this is its own stream.read); a bad JS value must
    // not leave it marked as outside every call (glue fail() clears st.f for value errors), a trap poisons it.
    lower = (values, ptr) => {
      const f0 = x.st.f;
      at = ptr;
      try { f(values); } catch (e) { if (x.st.f === 0) x.st.f = f0; throw e; } finally { at = -1; }
    };
    // Guest → guest (issue 12, Build 5): the fused adapter of the writer's lower plan and this lift plan copies the
    // elements memory to memory (copy-string, copy-list, move-handle: abi/fuse-plan.ts), generated in codegen mode,
    // interpreted in interp mode and AOT. One per writer codec (an instance pair); null where the pair does not fuse
    // (fuseBlocker, one shared memory), and the elements cross as JS values instead.
    if (fuse !== undefined && a.tag !== undefined) {
      fuse.register(f, env as LiftedEnv & { fn: AdapterFn | undefined });
      const fused = new WeakMap<object, AdapterFn | null>();
      copyFrom = (w, sp, n, dp) => {
        const ws = w.writer;
        if (ws === undefined) return false;
        let g = fused.get(ws);
        if (g === undefined) { g = fuse.tryFuse(ws.tag, f, ws.env as never) ?? null; fused.set(ws, g); }
        if (g === null) return false;
        const f0 = x.st.f;
        at = dp;
        try {
          if (wide) (g as Fn as (p: bigint, n: bigint) => void)(BigInt(sp), BigInt(n)); else (g as Fn as (p: number, n: number) => void)(sp, n);
        } catch (e) { if (x.st.f === 0) x.st.f = f0; throw e; } finally { at = -1; }
        return true;
      };
    }
  }
  return { ...(lift !== undefined ? { lift } : {}), ...(lower !== undefined ? { lower } : {}), ...(writer !== undefined ? { writer } : {}), ...(copyFrom !== undefined ? { copyFrom } : {}) };
}
