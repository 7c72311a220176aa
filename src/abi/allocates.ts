// Which values need the destination's `realloc` when lowered or copied into memory (CanonicalABI.md "Lifting and
// Lowering Context": reallocate). A module of its own so that kumiki/runtime's fused adapters use it without
// pulling in the planner (abi/plan.ts).
import type { ValueOp } from './plan.js';

const cache = new WeakMap<ValueOp, boolean>();

/** True when storing a value of `op` calls `realloc` (strings, maps, variable-length lists, or such inside). */
export function allocates(op: ValueOp): boolean {
  let a = cache.get(op);
  if (a !== undefined) return a;
  switch (op.op) {
    case 'string': case 'map': a = true; break;
    case 'list': a = op.fixed === undefined || allocates(op.elem); break;
    case 'record': a = op.fields.some((f) => allocates(f.op)); break;
    case 'variant': a = op.cases.some((c) => c.op !== undefined && allocates(c.op)); break;
    default: a = false;
  }
  cache.set(op, a);
  return a;
}

/** Lowering a function's parameters calls `realloc`: spilled to memory (the tuple is allocated), or one allocates. */
export function paramsAllocate(plan: { readonly paramsInMemory: boolean; readonly params: readonly { readonly op: ValueOp }[] }): boolean {
  return plan.paramsInMemory || plan.params.some((p) => allocates(p.op));
}

/** Lowering a function's result calls `realloc`. */
export function resultAllocates(plan: { readonly result?: ValueOp | undefined }): boolean {
  return plan.result !== undefined && allocates(plan.result);
}
