// Whether a component needs the component-model async runtime (runtime/async): the entries load it, and
// `kumiki transpile` imports it, only then (link/async-backend.ts), so other components do not pay for it.
import type { Op, ProgramDesc } from './desc.js';
import { planHasAsyncHandles, type AdapterPlan } from '../abi/plan.js';

/** Whether an op needs the async runtime. */
function asyncOp(op: Op): boolean {
  switch (op.op) {
    case 'lift-async': case 'lower-async': case 'lower-sync-of-async': case 'task.return': case 'async-builtin': return true;
    case 'lift': return op.fnAsync === true || op.ctx === true;
    case 'component': return descUsesAsync(op.program);
    default: return false;
  }
}

/** Whether a program description (nested components included) has async ops. */
function descUsesAsync(desc: ProgramDesc): boolean {
  return desc.ops.some(asyncOp);
}

/** Whether a program (its description and adapter plans) needs the async runtime: async ops or stream/future/error-context values. */
export function usesAsync(desc: ProgramDesc, plans: readonly AdapterPlan[]): boolean {
  return descUsesAsync(desc) || plans.some(planHasAsyncHandles);
}
