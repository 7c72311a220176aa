// Runs adapter plans without eval (CSP hosts, or `{ mode: 'interp' }`): the plan's steps executed by the generic
// Canonical ABI of abi/ (lowerFlatValues / liftFlatValues over an AbiContext), one context per adapter instance.
import type { AdapterPlan } from '../abi/plan.js';
import { paramsAllocate, resultAllocates } from '../abi/allocates.js';
import { AbiContext, type Realloc, type StringEncoding } from '../abi/context.js';
import { MAX_FLAT_PARAMS } from '../abi/flatten.js';
import { CoreValueIter, opsFor, type Flat } from '../abi/ops/index.js';
import { atLocation } from '../abi/errors.js';
import { liftFlatValues, lowerFlatValues } from '../abi/values.js';
import type { ValType } from '../types/index.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../runtime/adapter-env.js';
import type { ResourceResolver } from '../runtime/resources.js';
import { ComponentError } from '../errors.js';
import { enterFail, enterNested, exitNested, fail, leaveFail, importFail, NO_PAYLOAD, payloadOf } from '../runtime/glue/index.js';
import { borrowsLeft, release, unlower } from '../runtime/resources.js';
import { InterpHandles } from './handles.js';


type CoreFn = (...a: Flat[]) => Flat | undefined;

/** Calls a core function without spreading for the common small arities. */
function callCore(f: CoreFn, a: Flat[]): Flat | undefined {
  switch (a.length) {
    case 0: return f();
    case 1: return f(a[0]!);
    case 2: return f(a[0]!, a[1]!);
    case 3: return f(a[0]!, a[1]!, a[2]!);
    case 4: return f(a[0]!, a[1]!, a[2]!, a[3]!);
    default: return f(...a);
  }
}

type LowerOne = (cx: AbiContext, v: unknown) => Flat;

/** Handle hooks for one instance of a plan with handles: its static resource types resolved through their program
 * ids (`resIds`). */
function handles(plan: AdapterPlan, resIds: readonly number[], env: { t: LiftEnv['t']; st: LiftEnv['st']; res: ResourceResolver }): InterpHandles | undefined {
  if (plan.resources.length === 0) return undefined;
  return new InterpHandles(env.t, env.st, env.res, plan.resources, resIds);
}

/** An adapter instance's context, made on its first call (instances whose adapters are never called make none). */
function newContext(env: LiftEnv | LowerEnv, hooks: InterpHandles | undefined, encoding: StringEncoding): AbiContext {
  return new AbiContext({ memory: env.m.mem, realloc: env.ra as Realloc | undefined, encoding, ...(hooks ? { hooks } : {}) });
}

/** A lift adapter (JS calls a guest export) that interprets `plan`. */
export function interpLift(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LiftEnv> {
  // What depends only on the plan is computed here once and shared by every instance; `create` makes the few
  // closures over the instance, and the AbiContext waits for the first call.
  const params: readonly ValType[] = plan.func.params.map((p) => p.type);
  const results: readonly ValType[] = plan.resultType === undefined ? [] : [plan.resultType];
  const where = (i: number): string => `${plan.name}(${plan.params[i]?.name ?? i})`;
  const hasCoreResult = plan.core.results.length > 0;
  const name = plan.name;
  const resultWhere = `result of ${name}`;
  const n = params.length;
  const throwsResult = plan.throwsResult;
  const encoding = plan.options.encoding;
  const borrows = plan.borrowParams;
  const pOps = plan.paramsInMemory ? undefined : params.map((t) => opsFor(t, 'i32'));
  const rOps = results.length === 0 ? undefined : opsFor(results[0]!, 'i32');
  const rInMemory = plan.resultInMemory;
  const rOne = rOps?.liftOne;
  // Shared by all instances: a one-value result is lifted completely (no guest or JS code runs) before another call.
  const one: Flat[] = [0];
  const vi = new CoreValueIter(one);
  // Scalar parameters (one flat value each): per-arity functions, no argument or flat arrays, and one call
  // site per parameter position rather than one shared by every type.
  const ones = pOps?.map((o) => o.lowerOne);
  const arity = ones !== undefined && n <= 3 && ones.every((f) => f !== undefined) ? n : -1;
  const [f0, f1, f2] = (arity < 0 ? [] : ones) as LowerOne[];
  const lowers = pOps?.map((o) => o.lowerFlat);
  // CanonicalABI.md reallocate: may_leave is cleared while realloc runs (for all of the lowering: no other guest
  // code runs in it; `fail` sets it again when lowering fails).
  const reallocs = plan.options.realloc && paramsAllocate(plan);
  return {
    create(env: LiftEnv): AdapterFn {
      const hooks = handles(plan, resIds, env);
      // Handles lowered for the arguments are recorded, and taken back when a later argument fails (the call did
      // not happen); the record is cleared as the core function is entered.
      const J = hooks === undefined ? undefined : (hooks.J = []);
      const core0 = env.core as CoreFn;
      const core: CoreFn = J === undefined ? core0 : (...a) => { J.length = 0; return callCore(core0, a); };
      const pr = env.pr as ((...a: Flat[]) => void) | undefined;
      const st = env.st;
      let cx: AbiContext | undefined;

      const enter = (): AbiContext => {
        if (st.f !== 0) enterFail(st, name);
        if (st.p !== undefined) enterNested(st, name);
        st.f = 1;
        if (cx === undefined) return cx = newContext(env, hooks, encoding);
        cx.refresh();
        return cx;
      };
      // After the core call: the result, the borrow check, post-return (inside the caller's try).
      const finish = (cx: AbiContext, c: Flat | undefined): unknown => {
        let r: unknown;
        if (hooks !== undefined) hooks.where = resultWhere;
        if (rOps !== undefined) {
          cx.refresh();
          if (rInMemory) {
            // CanonicalABI.md "canon lift": the returned pointer addresses the result in memory.
            const ptr = (c as number) >>> 0;
            cx.checkRange(ptr, rOps.size, rOps.align, resultWhere);
            r = rOps.load(cx, ptr);
          } else if (rOne !== undefined) {
            r = rOne(cx, c as Flat);
          } else {
            one[0] = c as Flat;
            vi.i = 0;
            r = rOps.liftFlat(cx, vi);
          }
        }
        // CanonicalABI.md "canon lift": every borrow lent to this call must have been dropped.
        if (borrows && st.b !== 0) borrowsLeft(st, name);
        if (pr !== undefined) { st.l = 1; if (hasCoreResult) pr(c as Flat); else pr(); st.l = 0; }
        return r;
      };
      const leave = (r: unknown): unknown => {
        st.f = 0;
        if (st.p !== undefined) exitNested(st);
        if (throwsResult) {
          const v = r as { tag: string; val: unknown };
          if (v.tag === 'err') throw new ComponentError(v.val);
          return v.val;
        }
        return r;
      };
      // `i`: the parameter being lowered when `e` was thrown (n once all are lowered), named only on this path.
      const failed = (e: unknown, i: number): unknown => {
        if (J !== undefined && J.length !== 0) unlower(env.t, J);
        return fail(st, name, i < n ? atLocation(e, where(i)) : e);
      };

      switch (arity) {
        case 0: return (): unknown => {
          const cx = enter();
          let r: unknown;
          try { r = finish(cx, core()); } catch (e) { throw failed(e, 0); }
          return leave(r);
        };
        case 1: return (a0: unknown): unknown => {
          const cx = enter();
          let r: unknown, i = 0;
          try { const x0 = f0!(cx, a0); i = 1; r = finish(cx, core(x0)); } catch (e) { throw failed(e, i); }
          return leave(r);
        };
        case 2: return (a0: unknown, a1: unknown): unknown => {
          const cx = enter();
          let r: unknown, i = 0;
          try {
            const x0 = f0!(cx, a0); i = 1;
            const x1 = f1!(cx, a1); i = 2;
            r = finish(cx, core(x0, x1));
          } catch (e) { throw failed(e, i); }
          return leave(r);
        };
        case 3: return (a0: unknown, a1: unknown, a2: unknown): unknown => {
          const cx = enter();
          let r: unknown, i = 0;
          try {
            const x0 = f0!(cx, a0); i = 1;
            const x1 = f1!(cx, a1); i = 2;
            const x2 = f2!(cx, a2); i = 3;
            r = finish(cx, core(x0, x1, x2));
          } catch (e) { throw failed(e, i); }
          return leave(r);
        };
      }
      return (...args: unknown[]): unknown => {
        const cx = enter();
        let r: unknown, i = 0;
        try {
          if (reallocs) st.l = 2;
          let f: Flat[];
          if (lowers !== undefined) {
            // A fresh array: reusing one (`length = 0`) measured slower in V8, which drops its backing store.
            f = [];
            for (; i < n; i++) lowers[i]!(cx, args[i], f);
          } else {
            i = n; // lowerFlatValues names the parameter itself
            f = lowerFlatValues(cx, MAX_FLAT_PARAMS, args, params, undefined, where);
          }
          st.l = 0;
          r = finish(cx, callCore(core, f));
        } catch (e) {
          throw failed(e, i);
        }
        return leave(r);
      };
    },
  };
}

/** A lower adapter (the guest calls a JS/host function) that interprets `plan`. */
export function interpLower(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LowerEnv> {
  // Plan-level parts, shared by every instance (see interpLift).
  const params: readonly ValType[] = plan.func.params.map((p) => p.type);
  const results: readonly ValType[] = plan.resultType === undefined ? [] : [plan.resultType];
  const name = plan.name;
  const resultWhere = `result of import ${name}`;
  const encoding = plan.options.encoding;
  const borrows = plan.borrowParams;
  const throwsResult = plan.throwsResult;
  const resultInMemory = plan.resultInMemory;
  const pOps = plan.paramsInMemory ? undefined : params.map((t) => opsFor(t, 'i32'));
  const rOps = results.length === 0 ? undefined : opsFor(results[0]!, 'i32');
  const rLowerOne = rOps?.lowerOne;
  // Shared by all instances: the arguments are lifted completely before any JS or guest code runs (which could
  // call again).
  const vi = new CoreValueIter([]);
  // CanonicalABI.md reallocate: the caller may not leave while its realloc runs (st.l is 0 on entry).
  const reallocs = plan.options.realloc && resultAllocates(plan);
  return {
    create(env: LowerEnv): AdapterFn {
      const hooks = handles(plan, resIds, env);
      const callee = env.callee as (...a: unknown[]) => unknown;
      const call = (args: unknown[]): unknown => {
        if (hooks === undefined || !borrows) return callee(...args);
        try { return callee(...args); } finally { release(hooks.lent); hooks.lent.length = 0; }
      };
      const st = env.st;
      let cx: AbiContext | undefined;
      return (...cargs: unknown[]): unknown => {
        if (st.l !== 0) leaveFail(name, st.l);
        if (cx === undefined) { cx = newContext(env, hooks, encoding); cx.lenient = true; } // lowers only what the host returned
        let args: unknown[];
        vi.values = cargs as Flat[];
        vi.i = 0;
        if (hooks !== undefined) hooks.where = name;
        if (pOps !== undefined) {
          cx.refresh();
          args = new Array(pOps.length);
          for (let i = 0; i < pOps.length; i++) args[i] = pOps[i]!.liftFlat(cx, vi);
        } else args = liftFlatValues(cx, MAX_FLAT_PARAMS, vi, params);
        if (rOps === undefined) { call(args); return undefined; }
        let r: unknown;
        if (throwsResult) {
          try {
            r = { tag: 'ok', val: call(args) };
          } catch (x) {
            const pl = payloadOf(x);
            if (pl === NO_PAYLOAD) throw x;
            r = { tag: 'err', val: pl };
          }
        } else r = call(args);
        try {
          cx.refresh();
          if (reallocs) st.l = 2;
          if (resultInMemory) {
            // CanonicalABI.md "canon lower": the result goes to the caller's out-pointer (the last core argument).
            const ptr = Number(cargs[cargs.length - 1]) >>> 0;
            cx.checkRange(ptr, rOps.size, rOps.align, resultWhere);
            rOps.store(cx, r, ptr);
            st.l = 0;
            return undefined;
          }
          if (rLowerOne !== undefined) { const x = rLowerOne(cx, r); st.l = 0; return x; }
          const flat: Flat[] = [];
          rOps.lowerFlat(cx, r, flat);
          st.l = 0;
          return flat[0];
        } catch (e) {
          st.l = 0;
          throw importFail(name, atLocation(e, resultWhere));
        }
      };
    },
  };
}
