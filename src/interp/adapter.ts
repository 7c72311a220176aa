// Runs adapter plans without eval (CSP hosts, or `{ mode: 'interp' }`): the plan's steps (abi/plan.ts `Instr`),
// decoded once per plan into closures that run the generic Canonical ABI of abi/ops over an AbiContext, one context
// per adapter instance. Nothing here re-derives the call sequence: it reads the steps.
import type { AdapterPlan, Instr } from '../abi/plan.js';
import { hasAsyncHandle, liftsBytes } from '../abi/plan.js';
import { AbiContext, type Realloc, type StringEncoding } from '../abi/context.js';
import type { AddrType } from '../abi/layout.js';
import { CoreValueIter, opsFor, type Flat } from '../abi/ops/index.js';
import { atLocation, locateTrap } from '../abi/errors.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../runtime/adapter-env.js';
import type { ResourceResolver } from '../runtime/resources.js';
import { ComponentError } from '../errors.js';
import { enterFail, enterNested, exitNested, fail, leaveFail, importFail, NO_PAYLOAD, payloadOf, syncResult } from '../runtime/glue/index.js';
import { borrowLog, borrowsLeft, hostMethodOf, lowerBorrow, release, selfRep, setMethodForm, unlend, unlower, type RuntimeResource } from '../runtime/resources.js';
import { methodMember } from '../abi/names.js';
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

/** Some value of the plan is a stream, future or error-context (handle hooks carry them). */
function hasAsyncHandles(plan: AdapterPlan): boolean {
  return plan.params.some((p) => hasAsyncHandle(p.op)) || (plan.result !== undefined && hasAsyncHandle(plan.result));
}

/** Handle hooks for one instance of a plan with handles: its static resource types resolved through their program
 * ids (`resIds`). */
function handles(plan: AdapterPlan, resIds: readonly number[], env: { t: LiftEnv['t']; st: LiftEnv['st']; res: ResourceResolver }): InterpHandles | undefined {
  if (plan.resources.length === 0 && !hasAsyncHandles(plan)) return undefined;
  return new InterpHandles(env.t, env.st, env.res, plan.resources, resIds);
}

/** An adapter instance's context, made on its first call (instances whose adapters are never called make none). */
function newContext(env: LiftEnv | LowerEnv, hooks: InterpHandles | undefined, encoding: StringEncoding, addrType: AddrType): AbiContext {
  const cx = new AbiContext({ memory: env.m.mem, realloc: env.ra as Realloc | undefined, encoding, addrType, ...(hooks ? { hooks } : {}) });
  cx.maxLiftBytes = env.m.cap;
  return cx;
}

/** A pointer the guest passed or returned (an i32, or an i64 bigint for memory64) as a number; a 64-bit one past
 *  2^53 becomes a number no memory reaches, so the bounds check traps. */
function corePtr(v: Flat | undefined): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : (v as number) >>> 0;
}

type Step<K extends Instr['i']> = Extract<Instr, { i: K }>;

/** The steps of a lift adapter, decoded: what runs before and after the core call. */
interface LiftSteps {
  readonly enter: boolean;
  /** may_leave is cleared while the arguments are lowered (realloc runs). */
  readonly reallocs: boolean;
  readonly tuple?: Step<'alloc-args-tuple'>;
  readonly lowers: readonly Step<'lower'>[];
  readonly result?: Step<'lift-result'>;
  readonly throws: boolean;
  readonly borrows: boolean;
  readonly postReturn: boolean;
  readonly exit: boolean;
}

function decodeLift(steps: readonly Instr[]): LiftSteps {
  let enter = false, reallocs = false, throws = false, borrows = false, postReturn = false, exit = false;
  let tuple: Step<'alloc-args-tuple'> | undefined, result: Step<'lift-result'> | undefined;
  const lowers: Step<'lower'>[] = [];
  for (const st of steps) {
    switch (st.i) {
      case 'enter': enter = true; break;
      case 'may-leave': if (!st.value) reallocs = true; break;
      case 'alloc-args-tuple': tuple = st; break;
      case 'arg.get': break; // the `lower` step that follows takes argument `index` in order
      case 'lower': lowers.push(st); break;
      case 'journal-commit': break; // the core call clears the journal (see `core` below)
      case 'call-export': break;
      case 'lift-result': result = st; break;
      case 'result-err-to-throw': throws = true; break;
      case 'check-borrows': borrows = true; break;
      case 'post-return': postReturn = true; break;
      case 'exit': exit = true; break;
      case 'return': break;
      default: throw new TypeError(`unreachable: '${st.i}' in a lift adapter`);
    }
  }
  return { enter, reallocs, lowers, throws, borrows, postReturn, exit, ...(tuple ? { tuple } : {}), ...(result ? { result } : {}) };
}

/**
 * The lowering of a flat borrow parameter of a resource this component does not define (a host object lent to the
 * guest, the hot case) for one instance: the class check and the borrow entry in line, as the generated adapters do;
 * anything else through lowerBorrow, as the handle hooks would (same errors). Undefined for other parameters.
 */
function borrowLowering(l: Step<'lower'>, plan: AdapterPlan, resIds: readonly number[], env: LiftEnv, hooks: InterpHandles | undefined): LowerOne | undefined {
  const op = l.op;
  if (hooks === undefined || l.into !== 'flat' || op.op !== 'handle' || op.kind !== 'borrow' || op.resource.rep !== undefined) return undefined;
  const rt = env.res(resIds[plan.resources.indexOf(op.resource)]!);
  const K = rt.hostClass;
  const t = env.t, st = env.st;
  return (_cx, v) => {
    if (K !== undefined && v instanceof K && borrowLog.entries === undefined && hooks.J === undefined) return t.addBorrow(rt, v as object, st);
    return Number(lowerBorrow(t, st, rt, v, '', hooks.J));
  };
}

/** The runtime type of a flat borrow parameter of a resource this instance implements (a method's `self`:
 *  CanonicalABI.md lower_borrow gives the callee the rep, no table entry), else undefined. */
function implementedBorrow(l: Step<'lower'>, plan: AdapterPlan, resIds: readonly number[], env: LiftEnv, hooks: InterpHandles | undefined): RuntimeResource | undefined {
  const op = l.op;
  if (hooks === undefined || l.into !== 'flat' || op.op !== 'handle' || op.kind !== 'borrow' || op.resource.rep === undefined) return undefined;
  const rt = env.res(resIds[plan.resources.indexOf(op.resource)]!);
  return rt.impl === env.st ? rt : undefined;
}

/**
 * A host import that is a host class's method (link/linking.ts, `hostMethodOf`) called on `self` directly, with
 * the wrapper's checks (else the wrapper itself runs and throws its error); other callees as they are.
 */
function selfCall(plan: AdapterPlan, callee: (...a: unknown[]) => unknown): (self: unknown) => unknown {
  const m = methodMember(plan.name);
  if (m === undefined || hostMethodOf(callee) !== m) return callee;
  const op = (Object.prototype as unknown as Record<string, unknown>)[m];
  return (self) => {
    const f = self !== null && typeof self === 'object' ? (self as Record<string, unknown>)[m] : undefined;
    return typeof f === 'function' && f !== op ? (f as () => unknown).call(self) : callee(self);
  };
}

/** A lift adapter (JS calls a guest export) that interprets `plan`. */
export function interpLift(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LiftEnv> {
  // What depends only on the plan is decoded here once and shared by every instance; `create` makes the few
  // closures over the instance, and the AbiContext waits for the first call.
  const S = decodeLift(plan.steps);
  const addr = plan.options.addrType ?? 'i32';
  const where = (i: number): string => S.lowers[i]?.where ?? `${plan.name}(${i})`;
  const hasCoreResult = plan.core.results.length > 0;
  const name = plan.name;
  const n = S.lowers.length;
  const throwsResult = S.throws;
  const encoding = plan.options.encoding;
  const borrows = S.borrows;
  const tuple = S.tuple;
  const pOps = S.lowers.map((l) => opsFor(l.type, addr));
  const offsets = S.lowers.map((l) => l.offset);
  const rStep = S.result;
  const rOps = rStep === undefined ? undefined : opsFor(rStep.type, addr);
  const resultWhere = rStep?.where ?? `result of ${name}`;
  const rInMemory = rStep?.from === 'memory';
  const rOne = rOps?.liftOne;
  // Shared by all instances: a one-value result is lifted completely (no guest or JS code runs) before another call.
  const one: Flat[] = [0];
  const vi = new CoreValueIter(one);
  // Scalar parameters (one flat value each): per-arity functions, no argument or flat arrays, and one call
  // site per parameter position rather than one shared by every type.
  const ones = tuple === undefined ? pOps.map((o) => o.lowerOne) : undefined;
  const arity = ones !== undefined && n <= 3 && ones.every((f) => f !== undefined) ? n : -1;
  const [f0, f1, f2] = (arity < 0 ? [] : ones) as LowerOne[];
  const lowers = pOps.map((o) => o.lowerFlat);
  const stores = pOps.map((o) => o.store);
  const reallocs = S.reallocs;
  // Whether lowered handles are journaled (abi/plan.ts: not for one bare handle as the last argument).
  const journals = S.lowers.some((l) => l.journal);
  // Per-call work only where the plan needs it: memory views refreshed, lifted bytes counted, handle messages placed.
  const memory = plan.options.memory;
  const countsBytes = rStep !== undefined && liftsBytes(rStep.op);
  const resultHandles = rStep !== undefined && plan.resources.length !== 0;
  // The instance is entered and left around every call (may_enter); the closures below do both. A plan without
  // them lowers values into an instance already running (a stream's elements, program.ts elemCodecPlans).
  if (S.enter !== S.exit) throw new TypeError(`unreachable: lift plan ${name} enters without exiting the instance or the other way`);
  const entering = S.enter;
  return {
    create(env: LiftEnv): AdapterFn {
      const hooks = handles(plan, resIds, env);
      // Handles lowered for the arguments are recorded, and taken back when a later argument fails (the call did
      // not happen); the record is cleared as the core function is entered.
      const J = hooks === undefined || !journals ? undefined : (hooks.J = []);
      const core0 = env.core as CoreFn;
      // No rest array per call (pops, not a length store, to clear: the length setter is a slow builtin).
      const core: CoreFn = J === undefined ? core0 : function (): Flat | undefined {
        while (J.length !== 0) J.pop();
        switch (arguments.length) {
          case 0: return core0();
          case 1: return core0(arguments[0] as Flat);
          case 2: return core0(arguments[0] as Flat, arguments[1] as Flat);
          default: return callCore(core0, Array.prototype.slice.call(arguments) as Flat[]);
        }
      };
      const pr = S.postReturn ? env.pr as ((...a: Flat[]) => void) | undefined : undefined;
      const st = env.st;
      let cx: AbiContext | undefined;

      const enter = (): AbiContext => {
        if (entering) {
          if (st.f !== 0) enterFail(st, name);
          if (st.p !== undefined) enterNested(st, name);
          st.f = 1;
        }
        if (cx === undefined) return cx = newContext(env, hooks, encoding, addr);
        if (memory) cx.refresh();
        if (countsBytes) cx.liftedBytes = 0; // bytes lifted into JS are capped per call
        return cx;
      };
      // The context of a resumed call (already entered).
      const enter0 = (): AbiContext => {
        if (cx === undefined) return cx = newContext(env, hooks, encoding, addr);
        if (memory) cx.refresh();
        if (countsBytes) cx.liftedBytes = 0;
        return cx;
      };
      // After the core call: the result, the borrow check, post-return (inside the caller's try).
      const finish = (cx: AbiContext, c: Flat | undefined): unknown => {
        let r: unknown;
        if (hooks !== undefined && resultHandles) hooks.where = resultWhere;
        if (rOps !== undefined) {
          if (memory) cx.refresh();
          if (rInMemory) {
            // CanonicalABI.md "canon lift": the returned pointer addresses the result in memory.
            const ptr = corePtr(c);
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
        if (entering) {
          st.f = 0;
          if (st.p !== undefined) exitNested(st);
        }
        if (throwsResult) {
          const v = r as { tag: string; val: unknown };
          if (v.tag === 'err') throw new ComponentError(v.val);
          return v.val;
        }
        return r;
      };
      // `i`: the parameter being lowered when `e` was thrown (n once all are lowered), named only on this path; a
      // trap inside the result is named there too (not by a try in `finish`: that measured slower in V8).
      const failed = (e: unknown, i: number): unknown => {
        if (J !== undefined && J.length !== 0) unlower(env.t, J);
        return fail(st, name, i < n ? atLocation(e, where(i)) : locateTrap(e, resultWhere), i < n || st.l === 2);
      };

      // An async function type lifted without `async`: the result half runs on its own once a suspended core call
      // has returned (JSPI), so the arguments are lowered once.
      if (plan.resumable === true && entering) {
        env.resume = (c: unknown): unknown => {
          st.f = 1;
          const cx = enter0();
          let r: unknown;
          try { r = finish(cx, c as Flat | undefined); } catch (e) { throw failed(e, n); }
          return leave(r);
        };
      }

      // One borrowed host object (borrowLowering): its own function, so that the call site of the ops' lowering in
      // `case 1` below keeps the one kind of target it had (a second made guest-borrow calls twice as slow).
      const b0 = arity === 1 ? borrowLowering(S.lowers[0]!, plan, resIds, env, hooks) : undefined;
      if (b0 !== undefined) {
        return (a0: unknown): unknown => {
          const cx = enter();
          let r: unknown, i = 0;
          try { const x0 = b0(cx, a0); i = 1; r = finish(cx, core(x0)); } catch (e) { throw failed(e, i); }
          return leave(r);
        };
      }
      // A method on this instance's own export (`c.get()`: `self` a borrow of a resource it implements) with a flat
      // one-value result and no post-return: enter, the rep, the core call, the result and leave in one small
      // function of its own. The general path's chain (enter, ops lowerOne, hooks, lowerBorrow, finish, leave) is
      // more bytecode than V8's cumulative inlining budget, so how much of it was inlined into a caller varied by
      // process, and the call took 12 or 18 ns.
      const rt0 = arity === 1 && rOne !== undefined && !rInMemory && pr === undefined && !countsBytes && !throwsResult && entering
        ? implementedBorrow(S.lowers[0]!, plan, resIds, env, hooks) : undefined;
      if (rt0 !== undefined && rOne !== undefined) {
        const h = hooks!;
        const call = (a0: unknown): unknown => {
          if (st.f !== 0) enterFail(st, name);
          if (st.p !== undefined) enterNested(st, name);
          st.f = 1;
          let r: unknown, i = 0;
          try {
            const x0 = Number(selfRep(rt0, a0, '')); i = 1;
            const c = core(x0);
            const k = cx ?? (cx = newContext(env, h, encoding, addr));
            if (memory) k.refresh();
            if (resultHandles) h.where = resultWhere;
            r = rOne(k, c as Flat);
            // CanonicalABI.md "canon lift": every borrow lent to this call must have been dropped.
            if (borrows && st.b !== 0) borrowsLeft(st, name);
          } catch (e) { throw failed(e, i); }
          st.f = 0;
          if (st.p !== undefined) exitNested(st);
          return r;
        };
        // The class's method (runtime/resources.ts attachMember): a wrapper of this mode's own.
        setMethodForm(call, function (this: unknown): unknown { return call(this); });
        return call;
      }
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
          if (tuple === undefined) {
            // A fresh array: reusing one (`length = 0`) measured slower in V8, which drops its backing store.
            f = [];
            for (; i < n; i++) lowers[i]!(cx, args[i], f);
          } else {
            // alloc-args-tuple: the arguments stored into a tuple allocated with realloc; its pointer is the argument.
            const ptr = cx.allocate(tuple.align, tuple.size, tuple.where);
            for (; i < n; i++) stores[i]!(cx, args[i], ptr + offsets[i]!);
            f = [cx.flatPtr(ptr)];
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

/** The steps of a lower adapter, decoded. */
interface LowerSteps {
  readonly checkLeave: boolean;
  readonly lends: boolean;
  readonly tuple?: Step<'args-tuple'>;
  readonly lifts: readonly Step<'lift'>[];
  readonly throws: boolean;
  /** may_leave is cleared while the result is lowered (realloc runs). */
  readonly reallocs: boolean;
  /** The host's result must not be a thenable (the function is not async). */
  readonly syncOnly: boolean;
  readonly result?: Step<'lower-result'>;
}

function decodeLower(steps: readonly Instr[]): LowerSteps {
  let checkLeave = false, lends = false, throws = false, reallocs = false, syncOnly = false;
  let tuple: Step<'args-tuple'> | undefined, result: Step<'lower-result'> | undefined;
  const lifts: Step<'lift'>[] = [];
  for (const st of steps) {
    switch (st.i) {
      case 'check-may-leave': checkLeave = true; break;
      case 'lend-scope': lends = true; break;
      case 'args-tuple': tuple = st; break;
      case 'lift': lifts.push(st); break;
      case 'call-import': syncOnly = st.syncResult; break;
      case 'catch-payload-to-err': throws = true; break;
      case 'may-leave': if (!st.value) reallocs = true; break;
      case 'lower-result': result = st; break;
      case 'return-core': break;
      default: throw new TypeError(`unreachable: '${st.i}' in a lower adapter`);
    }
  }
  return { checkLeave, lends, lifts, throws, reallocs, syncOnly, ...(tuple ? { tuple } : {}), ...(result ? { result } : {}) };
}

/** A lower adapter (the guest calls a JS/host function) that interprets `plan`. */
export function interpLower(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LowerEnv> {
  // Plan-level parts, decoded once and shared by every instance (see interpLift).
  const S = decodeLower(plan.steps);
  const addr = plan.options.addrType ?? 'i32';
  const name = plan.name;
  const rStep = S.result;
  const resultWhere = rStep?.where ?? `result of import ${name}`;
  const encoding = plan.options.encoding;
  const borrows = S.lends;
  const throwsResult = S.throws;
  const resultInMemory = rStep?.into === 'memory';
  const tuple = S.tuple;
  const pOps = S.lifts.map((l) => opsFor(l.type, addr));
  const offsets = S.lifts.map((l) => l.offset);
  const liftWhere = S.lifts.map((l) => l.where);
  const rOps = rStep === undefined ? undefined : opsFor(rStep.type, addr);
  const rLowerOne = rOps?.lowerOne;
  const checkLeave = S.checkLeave;
  // Shared by all instances: the arguments are lifted completely before any JS or guest code runs (which could
  // call again).
  const vi = new CoreValueIter([]);
  const reallocs = S.reallocs;
  // Scalar arguments (one flat value each, up to three, no tuple): per-arity functions with no argument arrays.
  const gets = tuple === undefined ? pOps.map((o) => o.liftOne) : [];
  const arity = tuple === undefined && pOps.length <= 3 && plan.core.params.length === pOps.length && gets.every((f) => f !== undefined) ? pOps.length : -1;
  const [g0, g1, g2] = (arity < 0 ? [] : gets) as ((cx: AbiContext, x: Flat) => unknown)[];
  const memory = plan.options.memory;
  const countsBytes = S.lifts.some((l) => liftsBytes(l.op));
  return {
    create(env: LowerEnv): AdapterFn {
      const hooks = handles(plan, resIds, env);
      const callee0 = env.callee as (...a: unknown[]) => unknown;
      const syncOnly = S.syncOnly;
      const lent = borrows && hooks !== undefined ? hooks.lent : undefined;
      const call = (args: unknown[]): unknown => {
        if (lent === undefined) return syncOnly ? syncResult(callee0(...args), name) : callee0(...args);
        try { return syncOnly ? syncResult(callee0(...args), name) : callee0(...args); } finally { release(lent); } // empties the list
      };
      const st = env.st;
      let cx: AbiContext | undefined;
      // Per call: may_leave, the context (views refreshed only with a memory, lifted bytes counted only for strings
      // and lists), where handle messages point.
      const enter = (): AbiContext => {
        if (checkLeave && st.l !== 0) leaveFail(name, st.l);
        if (cx === undefined) { cx = newContext(env, hooks, encoding, addr); cx.lenient = true; } // lowers only what the host returned
        else if (memory) cx.refresh();
        if (countsBytes) cx.liftedBytes = 0; // bytes lifted into JS are capped per call
        if (hooks !== undefined) hooks.where = name;
        return cx;
      };
      // result<T, E>: a thrown payload is the `err` case (other throws pass).
      const errOf = (x: unknown): { tag: string; val: unknown } => {
        const pl = payloadOf(x);
        if (pl === NO_PAYLOAD) throw x;
        return { tag: 'err', val: pl };
      };
      // The host's result lowered back into the guest (`outPtr`: the last core argument, for a result in memory).
      const lowerResult = (cx: AbiContext, r: unknown, outPtr: Flat | undefined): Flat | undefined => {
        if (rOps === undefined) return undefined;
        try {
          if (memory) cx.refresh();
          if (reallocs) st.l = 2;
          if (resultInMemory) {
            // CanonicalABI.md "canon lower": the result goes to the caller's out-pointer (the last core argument).
            const ptr = corePtr(outPtr as Flat);
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
      // The host called with the lifted arguments: its value, or `{ tag, val }` for result<T, E>.
      const invoke = (args: unknown[]): unknown => {
        if (!throwsResult) return call(args);
        try { return { tag: 'ok', val: call(args) }; } catch (x) { return errOf(x); }
      };
      // Per arity: no argument arrays for up to one argument, and the loan list released in one place.
      const call1 = (a0: unknown): unknown => {
        if (lent === undefined) return syncOnly ? syncResult(callee0(a0), name) : callee0(a0);
        try { return syncOnly ? syncResult(callee0(a0), name) : callee0(a0); } finally { release(lent); }
      };
      const invoke1 = (a0: unknown): unknown => {
        if (!throwsResult) return call1(a0);
        try { return { tag: 'ok', val: call1(a0) }; } catch (x) { return errOf(x); }
      };
      const lift = (cx: AbiContext, g: (cx: AbiContext, x: Flat) => unknown, w: unknown, i: number): unknown => {
        try { return g(cx, w as Flat); } catch (e) { throw atLocation(e, liftWhere[i]!); } // a trap inside argument i names its path there
      };
      const l0 = S.lifts[0];
      if (arity === 1 && !throwsResult && lent !== undefined && l0 !== undefined && l0.op.op === 'handle' && l0.op.kind === 'borrow') {
        // One borrowed argument (a host method's `self`, the hot case): its entry lent and released directly, with
        // no list of loans; a handle that is not a live one of this type takes the general path, which traps.
        const rt: RuntimeResource = env.res(resIds[plan.resources.indexOf(l0.op.resource)]!);
        const t = env.t;
        const call0 = selfCall(plan, callee0);
        return (w0: unknown): unknown => {
          const cx = enter();
          const e = t.slot((w0 as number) >>> 0);
          if (e === undefined || e.rt !== rt || e.lends < 0) return lowerResult(cx, invoke1(lift(cx, g0!, w0, 0)), undefined);
          e.lends++;
          const o = rt.wrap(e.rep, false);
          let r: unknown;
          try { r = syncOnly ? syncResult(call0(o), name) : call0(o); } finally { unlend(e, o); }
          return lowerResult(cx, r, undefined);
        };
      }
      switch (arity) {
        case 0: return (): unknown => { const cx = enter(); return lowerResult(cx, invoke([]), undefined); };
        case 1: return (w0: unknown): unknown => {
          const cx = enter();
          return lowerResult(cx, invoke1(lift(cx, g0!, w0, 0)), undefined);
        };
        case 2: return (w0: unknown, w1: unknown): unknown => {
          const cx = enter();
          const a0 = lift(cx, g0!, w0, 0);
          return lowerResult(cx, invoke([a0, lift(cx, g1!, w1, 1)]), undefined);
        };
        case 3: return (w0: unknown, w1: unknown, w2: unknown): unknown => {
          const cx = enter();
          const a0 = lift(cx, g0!, w0, 0);
          const a1 = lift(cx, g1!, w1, 1);
          return lowerResult(cx, invoke([a0, a1, lift(cx, g2!, w2, 2)]), undefined);
        };
      }
      return (...cargs: unknown[]): unknown => {
        const cx = enter();
        const args: unknown[] = new Array(pOps.length);
        let i = 0;
        // args-tuple: the arguments are a tuple at the pointer passed.
        const ptr = tuple === undefined ? 0 : corePtr(cargs[0] as Flat);
        if (tuple !== undefined) cx.checkRange(ptr, tuple.size, tuple.align, tuple.where);
        try {
          if (tuple === undefined) {
            vi.values = cargs as Flat[];
            vi.i = 0;
            for (; i < pOps.length; i++) args[i] = pOps[i]!.liftFlat(cx, vi);
          } else {
            for (; i < pOps.length; i++) args[i] = pOps[i]!.load(cx, ptr + offsets[i]!);
          }
        } catch (e) { throw atLocation(e, liftWhere[i]!); } // a trap inside argument i names its path there
        return lowerResult(cx, invoke(args), cargs[cargs.length - 1] as Flat);
      };
    },
  };
}
