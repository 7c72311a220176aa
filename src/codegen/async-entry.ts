// The JS function of an async lift, one per lift: compiled once per compiled component in codegen mode, written into
// the module by `kumiki transpile` (issue 12). A JS call's fast
// path (runtime/async/calls.ts fastBegin and the task's steps, in the order TaskRun.again takes them) with the
// lift's argument adapter and core function called from call sites of its own. Shared by every lift, those two
// sites see many targets and V8 reaches them through its generic call and wasm entry; here each sees one.
// Anything but the fast path (a kumiki caller, no spare task, an instance poisoned, under backpressure or busy)
// goes to the lift's general entry `L`, so the values, errors and traps are the other modes' own.

import type { AsyncEntryFactory } from '../abi/adapter-types.js';
import type { AdapterPlan, ValueOp } from '../abi/plan.js';
import { intWrapExpr } from '../abi/int-wrap.js';

/** A parameter the entry lowers itself: the test that is true when the argument is not a value of its type, and its flat value. */
export interface DirectParam { readonly bad: string; readonly flat: string }

/** Steps of an argument plan that leave nothing to do but the lowering of scalars to flat values. */
const PLAIN_STEPS: ReadonlySet<string> = new Set(['enter', 'arg.get', 'lower', 'journal-commit', 'call-export', 'exit', 'return']);

/** CanonicalABI.md lower_flat of a bool, integer or float as codegen/values.ts writes it (its check, its flat value). */
function directOf(op: ValueOp, x: string): DirectParam | undefined {
  switch (op.op) {
    case 'bool': return { bad: `typeof ${x} !== 'boolean'`, flat: `(${x} ? 1 : 0)` };
    case 'int': {
      const big = op.kind === 's64' || op.kind === 'u64';
      return { bad: `typeof ${x} !== '${big ? 'bigint' : 'number'}' || ${intWrapExpr(op.kind, x)} !== ${x}`, flat: x };
    }
    case 'float': return { bad: `typeof ${x} !== 'number'`, flat: x };
    default: return undefined;
  }
}

/**
 * The parameters of an async lift's argument plan when every one is a bool, integer or float lowered to one flat value
 * and the plan does nothing else (no realloc, no guest code runs while lowering): the entry tests and lowers them
 * itself and calls the core function with them, and an argument that fails its test goes to the general entry, whose
 * adapter reports it. Undefined otherwise (the entry calls the adapter, `A`).
 */
export function directParams(plan: AdapterPlan | undefined): DirectParam[] | undefined {
  if (plan === undefined || plan.paramsInMemory || !plan.steps.every((s) => PLAIN_STEPS.has(s.i) && (s.i !== 'lower' || s.into === 'flat'))) return undefined;
  const out: DirectParam[] = [];
  for (let i = 0; i < plan.params.length; i++) {
    const d = directOf(plan.params[i]!.op, `a${i}`);
    if (d === undefined) return undefined;
    out.push(d);
  }
  return out;
}

/**
 * The body of the entry of a lift with `params` JS parameters and `flat` core parameters (at most 4: `B`'s length);
 * `direct`: its parameters as directParams gives them (then `A` and `B` are not used).
 */
export function asyncEntrySource(params: number, flat: number, direct?: readonly DirectParam[]): string {
  const ps = Array.from({ length: params }, (_, i) => `a${i}`).join(', ');
  // Without parameters a fused caller's arguments still come first (link-async.ts liftEntry): `L` gets them.
  const ls = params === 0 ? 'a0' : ps;
  if (direct !== undefined && direct.length === params && flat === params) {
    // The adapter's enter and exit are left out too: H.bare takes the fast path only when the instance is not inside
    // a call and has no enclosing instance (then they only set and clear its flag around code that runs no guest code).
    const bad = direct.map((d) => d.bad).join(' || ');
    return `  return function (${ls}) {
    ${bad === '' ? '' : `if (${bad}) return L(${ls});
    `}const t = H.bare(E);
    if (t === undefined) return L(${ls});
    const p = t.enter();
    let r;
    try { r = C(${direct.map((d) => d.flat).join(', ')}); } catch (e) { H.leave(p); return t.fail(t.trap(e)); }
    H.leave(p);
    return t.done(r);
  };`;
  }
  const fs = Array.from({ length: flat }, (_, i) => `B[${i}]`).join(', ');
  return `  return function (${ls}) {
    const t = H.begin(E);
    if (t === undefined) return L(${ls});
    try { A(${ps}); } catch (e) { return t.fail(e); }
    const p = t.enter();
    let r;
    try { r = C(${fs}); } catch (e) { H.leave(p); return t.fail(t.trap(e)); }
    H.leave(p);
    return t.done(r);
  };`;
}

/**
 * The body of the core import of a `task.return` whose result may fuse into a kumiki caller (link-async.ts), with
 * `flat` core parameters (at most 4): `H` holds calls.ts returnsNow (`now`) and returnSink (`sink`), `E` is the
 * instance's async state, `C` the plain adapter (task.return's lower plan) whose callee settles a JS call's task at
 * once (calls.ts settleNow), `A` the same adapter whose callee is taskReturn, `L` the fused path. Shared by every
 * task.return, the plain adapter's call site sees each result type's adapter; here it sees one.
 */
export function returnEntrySource(flat: number): string {
  const ws = Array.from({ length: flat }, (_, i) => `w${i}`).join(', ');
  return `  return function (${ws}) {
    if (H.now(E)) return C(${ws});
    const h = H.sink(E);
    return h === undefined ? A(${ws}) : L(h, [${ws}]);
  };`;
}

/** A lift whose JS function is generated: its adapter index (`a`, the key), name and parameter counts. */
export interface EntryLift { readonly a: number; readonly name: string; readonly params: number; readonly flat: number }

/**
 * Whether a `lift-async` op of a program description (program/desc.ts) gets a generated JS function: the fast path
 * applies to it (a JS caller's arguments without borrows, streams or futures, at most four flat values).
 */
export function entryLift(op: { readonly a: number; readonly name: string; readonly sig?: string; readonly borrows?: true; readonly streams?: true; readonly params?: number }): EntryLift | undefined {
  if (op.borrows === true || op.streams === true || op.params === undefined) return undefined;
  const flat = op.sig === undefined ? -1 : op.sig.indexOf(':');
  return flat >= 0 && flat <= 4 ? { a: op.a, name: op.name, params: op.params, flat } : undefined;
}

let serial = 0;

/**
 * Compiles the entry factory of one lift, or of one task.return (`flat`: its core parameter count; a lift's own
 * come from its op). Its source names the lift and a serial number: V8 caches `new Function` by
 * source, and two lifts sharing one compiled function would share its call sites again.
 */
export function codegenAsyncEntry(op: (Parameters<typeof entryLift>[0] & { readonly op: 'lift-async' }) | { readonly op: 'task.return' }, flat: number, plan?: AdapterPlan): AsyncEntryFactory | undefined {
  if (op.op !== 'lift-async') {
    return flat <= 4 ? new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki task.return #${++serial} */\n${returnEntrySource(flat)}`) as AsyncEntryFactory : undefined;
  }
  const lift = entryLift(op);
  if (lift === undefined) return undefined;
  const label = lift.name.replace(/[^\w:@./#-]/g, '_');
  return new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki async entry #${++serial} ${label} */\n${asyncEntrySource(lift.params, lift.flat, directParams(plan))}`) as AsyncEntryFactory;
}
