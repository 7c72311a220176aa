// The part of an adapter plan fused adapters read (runtime/fuse-shape.ts `FusePlan`), as plain data for a
// transpiled module: `kumiki/runtime` fuses calls between transpiled instances with runtime/fuse-interp.ts (no eval).
// Each handle's resource type becomes its index in the plan's `resources` (which become `[0, 1, …]`), so the
// runtime finds it by `indexOf` as it does with the JIT's plans; names only fusion does not read are left out.
import type { AdapterPlan, ValueOp } from '../abi/plan.js';
import type { FusePlan } from '../runtime/fuse-shape.js';

function opData(op: ValueOp, plan: AdapterPlan): ValueOp {
  switch (op.op) {
    case 'list': {
      const { typed: _t, ...rest } = op;
      return { ...rest, elem: opData(op.elem, plan) };
    }
    case 'record': return { ...op, fields: op.fields.map((f) => ({ name: '', key: f.key, offset: f.offset, op: opData(f.op, plan) })) };
    case 'variant': return { ...op, cases: op.cases.map((c) => ({ name: '', flat: c.flat, ...(c.op === undefined ? {} : { op: opData(c.op, plan) }) })) };
    case 'flags': return { op: 'flags', names: op.names, keys: [], size: op.size };
    case 'handle': return { op: 'handle', kind: op.kind, resource: plan.resources.indexOf(op.resource) as never };
    case 'map': return { op: 'map', entries: opData(op.entries, plan) as ValueOp & { op: 'list' } };
    default: return op;
  }
}

/** The fusion-relevant part of `plan` as JSON-ready data. */
export function fusePlanData(plan: AdapterPlan): FusePlan {
  return {
    name: plan.name,
    options: { encoding: plan.options.encoding, postReturn: plan.options.postReturn },
    core: { params: plan.core.params, results: plan.core.results },
    params: plan.params.map((p) => ({ name: p.name, op: opData(p.op, plan) })),
    paramsInMemory: plan.paramsInMemory,
    ...(plan.paramsTuple !== undefined ? { paramsTuple: opData(plan.paramsTuple, plan) as ValueOp & { op: 'record' } } : {}),
    ...(plan.result !== undefined ? { result: opData(plan.result, plan) } : {}),
    resultInMemory: plan.resultInMemory,
    resources: plan.resources.map((_r, i) => i),
    borrowParams: plan.borrowParams,
  };
}
