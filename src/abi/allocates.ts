// Which values need the destination's `realloc` when lowered or copied into memory (CanonicalABI.md "Lifting and
// Lowering Context": reallocate). A module of its own so that kumiki/runtime's fused adapters use it without
// pulling in the planner (abi/plan.ts).
import type { ValueOp } from './plan.js';

/** True when storing a value of `op` calls `realloc` (strings, maps, variable-length lists, or such inside). */
export function allocates(op: ValueOp): boolean {
  switch (op.op) {
    case 'string': case 'map': return true;
    case 'list': return op.fixed === undefined || allocates(op.elem);
    case 'record': return op.fields.some((f) => allocates(f.op));
    case 'variant': return op.cases.some((c) => c.op !== undefined && allocates(c.op));
    default: return false;
  }
}

/** Lowering a function's parameters calls `realloc`: spilled to memory (the tuple is allocated), or one allocates. */
export function paramsAllocate(plan: { readonly paramsInMemory: boolean; readonly params: readonly { readonly op: ValueOp }[] }): boolean {
  return plan.paramsInMemory || plan.params.some((p) => allocates(p.op));
}

/** Lowering a function's result calls `realloc`. */
export function resultAllocates(plan: { readonly result?: ValueOp | undefined }): boolean {
  return plan.result !== undefined && allocates(plan.result);
}
