// Which values need the destination's `realloc` when lowered or copied into memory (CanonicalABI.md "Lifting and
// Lowering Context": reallocate). A module of its own so that kumiki/runtime's fused adapters use it without
// pulling in the planner (abi/plan.ts), which uses it too: so it reads a ValueOp structurally, not by its type.

/** The parts of a ValueOp (abi/plan.ts) read here; every ValueOp is one. */
export interface StoredOp {
  readonly op: string;
  readonly fixed?: number | undefined;
  readonly elem?: StoredOp;
  readonly fields?: readonly { readonly op: StoredOp }[];
  readonly cases?: readonly { readonly op?: StoredOp | undefined }[];
}

const cache = new WeakMap<StoredOp, boolean>();

/** True when storing a value of `op` calls `realloc` (strings, maps, variable-length lists, or such inside). */
export function allocates(op: StoredOp): boolean {
  let a = cache.get(op);
  if (a !== undefined) return a;
  switch (op.op) {
    case 'string': case 'map': a = true; break;
    case 'list': a = op.fixed === undefined || (op.elem !== undefined && allocates(op.elem)); break;
    case 'record': a = op.fields !== undefined && op.fields.some((f) => allocates(f.op)); break;
    case 'variant': a = op.cases !== undefined && op.cases.some((c) => c.op !== undefined && allocates(c.op)); break;
    default: a = false;
  }
  cache.set(op, a);
  return a;
}

/** Lowering a function's parameters calls `realloc`: spilled to memory (the tuple is allocated), or one allocates. */
export function paramsAllocate(plan: { readonly paramsInMemory: boolean; readonly params: readonly { readonly op: StoredOp }[] }): boolean {
  return plan.paramsInMemory || plan.params.some((p) => allocates(p.op));
}

/** Lowering a function's result calls `realloc`. */
export function resultAllocates(plan: { readonly result?: StoredOp | undefined }): boolean {
  return plan.result !== undefined && allocates(plan.result);
}
