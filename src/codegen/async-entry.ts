// The JS function of an async lift, one per lift: compiled once per compiled component in codegen mode, written into
// the module by `kumiki transpile` (issue 12). A JS call's fast path (fastPath: TaskRun.again's steps, written out)
// with the lift's argument adapter and core function called from call sites of its own, and the task's fields read
// and written in line. Shared by every lift, those sites see many targets and V8 reaches them through its generic
// call and wasm entry, and the field accesses many shapes; here each sees one.
// Anything but the fast path (a kumiki caller, no spare task, an instance poisoned, under backpressure or busy)
// goes to the lift's general entry `L`, so the values, errors and traps are the other modes' own.

import type { AsyncEntryFactory } from '../abi/adapter-types.js';
import type { AdapterPlan, ValueOp } from '../abi/plan.js';
import { intWrapExpr } from '../abi/int-wrap.js';
import { codegenLowerEntry, entryLower } from './lower-entry.js';

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
 * A JS call's fast path on the lift's spare task `t` (runtime/async/calls.ts TaskRun), as text: the one definition of
 * it (TaskRun.again, the general path, stays the reference; each step cites it). Written into every entry, so each
 * lift's field reads and writes have feedback of their own (one shared helper's see every lift's env and result, and
 * slow down as soon as a second async export runs). `ls`: the entry's parameters (for `L`), `before`: what runs
 * between the start and the core call (the arguments' lowering), `core`: the core call's arguments; `bare`: the
 * entry lowers its arguments itself and leaves out the adapter's enter and exit, so the instance must not be inside
 * a call nor nested in another (the general entry's adapter makes those checks, with their traps).
 * `H` (link-async.ts FAST): idle() (no kumiki caller's hooks pending), swap (task.ts swapTask), S, R, X (TASK_STARTED,
 * RESOLVED, CALLBACK_EXIT).
 */
function fastPath(ls: string, before: string, core: string, bare: boolean): string {
  return `    const t = E.spare, i = E.inst, st = i.st;
    // calls.ts mustQueue, and a spare task: otherwise the general entry (startTask's checks and traps, in order).
    if (t === undefined || ${bare ? 'st.f !== 0 || st.p !== undefined' : 'st.f === 2'} || i.backpressure > 0 || i.exclusive !== undefined
      || i.waitingToEnter > 0 || !H.idle()) return L(${ls});
    // TaskRun.again: the task fresh (Task.fresh), its Promise pending, started.
    E.spare = undefined;
    t.ctx = undefined;
    t.js = 0;
    t.state = S;
${before}    // TaskRun.core1: the exclusive slot, the running task.
    if (t.exclusive) i.exclusive = t;
    const p = H.swap(t);
    let r;
    try { r = C(${core}); } catch (e) { H.swap(p); return t.fail(t.trap(e)); }
    H.swap(p);
    // A callback lift said EXIT after task.return settled its Promise, nothing holds the task (no thread, root lent,
    // lease or pin; TaskRun.reusable's static parts held when it was spared): the slot freed, the task spared, a
    // settled Promise. Anything else (another code, EXIT with bits above the code, no task.return yet): TaskRun.end.
    if (r !== X || t.js !== 1 || !t.exclusive || t.state !== R || t.implicit !== undefined || t.threadCount !== 0 || t.pinned
      || t.leases !== 0) return t.end(r);
    i.exclusive = undefined;
    const v = t.value;
    t.value = undefined;
    E.spare = t;
    return Promise.resolve(v);
`;
}

/** The factory's constants, read once per instance (`H`: link-async.ts FAST). */
const FAST_CONSTANTS = '  const S = H.S, R = H.R, X = H.X;\n';

/**
 * The body of the entry of a lift with `params` JS parameters and `flat` core parameters (at most 4: `B`'s length);
 * `direct`: its parameters as directParams gives them (then `A` and `B` are not used).
 */
export function asyncEntrySource(params: number, flat: number, direct?: readonly DirectParam[]): string {
  const ps = Array.from({ length: params }, (_, i) => `a${i}`).join(', ');
  // Without parameters a fused caller's arguments still come first (link-async.ts liftEntry): `L` gets them.
  const ls = params === 0 ? 'a0' : ps;
  if (direct !== undefined && direct.length === params && flat === params) {
    const bad = direct.map((d) => d.bad).join(' || ');
    return `${FAST_CONSTANTS}  return function (${ls}) {
${bad === '' ? '' : `    if (${bad}) return L(${ls});
`}${fastPath(ls, '', direct.map((d) => d.flat).join(', '), true)}  };`;
  }
  const fs = Array.from({ length: flat }, (_, i) => `B[${i}]`).join(', ');
  return `${FAST_CONSTANTS}  return function (${ls}) {
${fastPath(ls, `    try { A(${ps}); } catch (e) { return t.fail(e); }
`, fs, false)}  };`;
}

/** Steps of a task.return plan that leave nothing to do but lifting its flat values (CanonicalABI.md canon_task_return). */
const PLAIN_RETURN_STEPS: ReadonlySet<string> = new Set(['check-may-leave', 'lift', 'call-import', 'return-core']);

/**
 * CanonicalABI.md lift_flat of a task.return's result as codegen/values.ts liftFlatInline writes it, when the plan
 * lifts nothing but one bool, integer or float from one flat value, or has no result: the JS expression of the value
 * from `w0`. Undefined otherwise (the entry calls the adapter).
 */
export function directResult(plan: AdapterPlan | undefined): string | undefined {
  if (plan === undefined || plan.paramsInMemory || !plan.steps.every((s) => PLAIN_RETURN_STEPS.has(s.i) && (s.i !== 'lift' || s.from === 'flat'))) return undefined;
  if (plan.params.length === 0) return 'undefined';
  if (plan.params.length !== 1 || plan.core.params.length !== 1) return undefined;
  const op = plan.params[0]!.op;
  switch (op.op) {
    case 'bool': return '(w0 !== 0)';
    case 'int': return intWrapExpr(op.kind, 'w0');
    case 'float': return 'w0';
    default: return undefined;
  }
}

/** calls.ts settleNow on the running task `t` with value `v`: TaskRun.jsSettle, the reference, unless its Promise is pending without resolvers. */
const SETTLE = `t.state = R;
    if (t.js === 0 && t.resolveJs === undefined) { t.js = 1; t.value = v; } else t.jsSettle(true, v);`;

/**
 * The body of the core import of a `task.return` whose result may fuse into a kumiki caller (link-async.ts), with
 * `flat` core parameters (at most 4): `H` (link-async.ts RETURN) holds task.ts runningTask (`running`), calls.ts
 * returnSink (`sink`) and RESOLVED (`R`), `E` is the instance's async state, `C` makes the plain adapter (task.return's
 * lower plan) with a given callee, `A` is that adapter whose callee is taskReturn, `L` the fused path (the caller's
 * hooks, then the flat values). calls.ts
 * returnsNow's test and settleNow's steps are in line, so their field accesses have this task.return's feedback;
 * `lift` (directResult): the result lifted in line too, when the instance may leave (else the adapter, which traps),
 * so that no call site shared with other instances (the adapter's callee) is on the way: shared, it sees each
 * instance's callee and V8 inlines none of them.
 */
export function returnEntrySource(flat: number, lift?: string): string {
  const ws = Array.from({ length: flat }, (_, i) => `w${i}`).join(', ');
  const direct = lift === undefined || flat > 1 ? '' : `
      if (E.st.l === 0) {
        const v = ${lift};
        ${SETTLE.replace('\n', '\n    ')}
        return;
      }`;
  return `  const R = H.R;
  // calls.ts settleNow: Task.return and TaskRun.returned for a JS caller, whose checks the entry made (returnsNow).
  const Q = C(function (v) {
    const t = H.running();
    ${SETTLE}
  });
  return function (${ws}) {
    // calls.ts returnsNow: the running task is this instance's, a JS caller's (quick), not returned, no borrows left.
    const t = H.running();
    if (t !== undefined && t.quick && t.inst === E && t.state !== R && t.b === 0) {${direct}
      return Q(${ws});
    }
    const h = H.sink(E);
    return h === undefined ? A(${ws}) : L(${['h', ...(flat === 0 ? [] : [ws])].join(', ')});
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
export function codegenAsyncEntry(op: (Parameters<typeof entryLift>[0] & { readonly op: 'lift-async' }) | { readonly op: 'task.return' } | { readonly op: 'lower-async'; readonly name: string; readonly res?: number }, flat: number, plan?: AdapterPlan): AsyncEntryFactory | undefined {
  if (op.op === 'lower-async') {
    const l = entryLower(plan?.params.length, flat, op.res !== undefined);
    return l === undefined ? undefined : codegenLowerEntry(l, op.name) as AsyncEntryFactory;
  }
  if (op.op !== 'lift-async') {
    return flat <= 4 ? new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki task.return #${++serial} */\n${returnEntrySource(flat, directResult(plan))}`) as AsyncEntryFactory : undefined;
  }
  const lift = entryLift(op);
  if (lift === undefined) return undefined;
  const label = lift.name.replace(/[^\w:@./#-]/g, '_');
  return new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki async entry #${++serial} ${label} */\n${asyncEntrySource(lift.params, lift.flat, directParams(plan))}`) as AsyncEntryFactory;
}
