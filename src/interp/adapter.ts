// Runs adapter plans without eval (CSP hosts, or `{ mode: 'interp' }`): the plan's steps executed by the generic
// Canonical ABI of abi/ (lowerFlatValues / liftFlatValues over an AbiContext), one context per adapter instance.
import type { AdapterPlan } from '../abi/plan.js';
import { printPlan } from '../abi/plan-print.js';
import { AbiContext, type Realloc } from '../abi/context.js';
import { MAX_FLAT_PARAMS } from '../abi/flatten.js';
import { CoreValueIter, opsFor, type Flat, type ValueOps } from '../abi/ops/index.js';
import { atLocation } from '../abi/errors.js';
import { liftFlatValues, lowerFlatValues } from '../abi/values.js';
import type { ValType } from '../types/index.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../codegen/adapter.js';
import { ComponentError } from '../errors.js';
import { enterFail, enterNested, exitNested, fail, leaveFail, importFail, NO_PAYLOAD, payloadOf } from '../runtime/glue/index.js';
import { borrowsLeft, release } from '../runtime/resources.js';
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

/** Lowers args flat (params fit in MAX_FLAT_PARAMS) with the per-type ops resolved once per plan. */
function lowerArgs(cx: AbiContext, ops: readonly ValueOps[], args: readonly unknown[], where: (i: number) => string): Flat[] {
  const flat: Flat[] = [];
  let i = 0;
  try {
    for (; i < ops.length; i++) ops[i]!.lowerFlat(cx, args[i], flat);
  } catch (e) {
    throw atLocation(e, where(i));
  }
  return flat;
}

/** A lift adapter (JS calls a guest export) that interprets `plan`. */
export function interpLift(plan: AdapterPlan): CompiledAdapter<LiftEnv> {
  const params: readonly ValType[] = plan.func.params.map((p) => p.type);
  const results: readonly ValType[] = plan.resultType === undefined ? [] : [plan.resultType];
  const where = (i: number): string => `${plan.name}(${plan.params[i]?.name ?? i})`;
  const hasCoreResult = plan.core.results.length > 0;
  const name = plan.name;
  return {
    source: printPlan(plan),
    create(env: LiftEnv): AdapterFn {
      const hooks = plan.resources.length === 0 ? undefined : new InterpHandles(env.t, env.st, env.res);
      const cx = new AbiContext({ memory: env.m.mem, realloc: env.ra as Realloc | undefined, encoding: plan.options.encoding, ...(hooks ? { hooks } : {}) });
      const borrows = plan.borrowParams;
      const core = env.core as CoreFn;
      const pr = env.pr as ((...a: Flat[]) => void) | undefined;
      const st = env.st;
      const pOps = plan.paramsInMemory ? undefined : params.map((t) => opsFor(t, 'i32'));
      const rOps = results.length === 0 ? undefined : opsFor(results[0]!, 'i32');
      const rInMemory = plan.resultInMemory;
      const one: Flat[] = [0];
      const vi = new CoreValueIter(one);
      return (...args: unknown[]): unknown => {
        if (st.f !== 0) enterFail(st, name);
        if (st.p !== undefined) enterNested(st, name);
        st.f = 1;
        let r: unknown;
        try {
          cx.refresh();
          const flat = pOps !== undefined ? lowerArgs(cx, pOps, args, where) : lowerFlatValues(cx, MAX_FLAT_PARAMS, args, params, undefined, where);
          const c = callCore(core, flat);
          if (hooks !== undefined) hooks.where = `result of ${name}`;
          if (rOps !== undefined) {
            cx.refresh();
            if (rInMemory) {
              // CanonicalABI.md "canon lift": the returned pointer addresses the result in memory.
              const ptr = (c as number) >>> 0;
              cx.checkRange(ptr, rOps.size, rOps.align, `result of ${name}`);
              r = rOps.load(cx, ptr);
            } else {
              one[0] = c as Flat;
              vi.i = 0;
              r = rOps.liftFlat(cx, vi);
            }
          }
          // CanonicalABI.md "canon lift": every borrow lent to this call must have been dropped.
          if (borrows && st.b !== 0) borrowsLeft(st, name);
          if (pr !== undefined) { st.l = 1; if (hasCoreResult) pr(c as Flat); else pr(); st.l = 0; }
        } catch (e) {
          throw fail(st, name, e);
        }
        st.f = 0;
        if (st.p !== undefined) exitNested(st);
        if (plan.throwsResult) {
          const v = r as { tag: string; val: unknown };
          if (v.tag === 'err') throw new ComponentError(v.val);
          return v.val;
        }
        return r;
      };
    },
  };
}

/** A lower adapter (the guest calls a JS/host function) that interprets `plan`. */
export function interpLower(plan: AdapterPlan): CompiledAdapter<LowerEnv> {
  const params: readonly ValType[] = plan.func.params.map((p) => p.type);
  const results: readonly ValType[] = plan.resultType === undefined ? [] : [plan.resultType];
  const name = plan.name;
  const where = (): string => `result of import ${name}`;
  return {
    source: printPlan(plan),
    create(env: LowerEnv): AdapterFn {
      const hooks = plan.resources.length === 0 ? undefined : new InterpHandles(env.t, env.st, env.res);
      const cx = new AbiContext({ memory: env.m.mem, realloc: env.ra as Realloc | undefined, encoding: plan.options.encoding, ...(hooks ? { hooks } : {}) });
      const callee = env.callee as (...a: unknown[]) => unknown;
      const pOps = plan.paramsInMemory ? undefined : params.map((t) => opsFor(t, 'i32'));
      const rOps = results.length === 0 ? undefined : opsFor(results[0]!, 'i32');
      const call = (args: unknown[]): unknown => {
        if (hooks === undefined || !plan.borrowParams) return callee(...args);
        try { return callee(...args); } finally { release(hooks.lent); hooks.lent.length = 0; }
      };
      const st = env.st;
      return (...cargs: unknown[]): unknown => {
        if (st.l !== 0) leaveFail(name);
        let args: unknown[];
        const vi = new CoreValueIter(cargs as Flat[]);
        if (hooks !== undefined) hooks.where = name;
        if (pOps !== undefined) {
          cx.refresh();
          args = new Array(pOps.length);
          for (let i = 0; i < pOps.length; i++) args[i] = pOps[i]!.liftFlat(cx, vi);
        } else args = liftFlatValues(cx, MAX_FLAT_PARAMS, vi, params);
        if (results.length === 0) { call(args); return undefined; }
        let r: unknown;
        if (plan.throwsResult) {
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
          if (plan.resultInMemory) {
            // CanonicalABI.md "canon lower": the result goes to the caller's out-pointer (the last core argument).
            const ptr = Number(cargs[cargs.length - 1]) >>> 0;
            cx.checkRange(ptr, rOps!.size, rOps!.align, `result of import ${name}`);
            rOps!.store(cx, r, ptr);
            return undefined;
          }
          const flat: Flat[] = [];
          rOps!.lowerFlat(cx, r, flat);
          return flat[0];
        } catch (e) {
          throw importFail(name, atLocation(e, where()));
        }
      };
    },
  };
}
