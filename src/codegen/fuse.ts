// Fused adapters, generated (DESIGN.md §2: codegen's fused half): a `canon lower` whose callee is another kumiki
// instance's lift adapter gets one generated core function that copies memory to memory (codegen/fused.ts) instead
// of lifting to JS and lowering again. Pairs fusion does not cover (abi/fuse-shape.ts `fuseBlocker`) and a caller
// and callee sharing one memory keep the lift-then-lower path (runtime/fuse-link.ts decides). Interp mode and
// transpiled components fuse through interp/fuse.ts instead (no eval).
import type { AdapterFn } from '../abi/adapter-types.js';
import type { FusePlan } from '../abi/fuse-plan.js';
import { fusedSource } from './fused.js';

/** A pair's side as the linker tags it (runtime/fuse-link.ts `FuseTag`): its plan and its resource types' ids. */
export interface FuseSide { readonly plan: FusePlan; readonly resIds: readonly number[] }

type FusedSourceFactory = (h: unknown, f: unknown, k: { ra: readonly unknown[]; rb: readonly unknown[] }, a: unknown, b: unknown) => AdapterFn;

/**
 * The builder of generated fused pairs (with `new Function`: codegen mode), for runtime/fuse-link.ts `fuser`. `h` is
 * the run-time glue and `f` the fused adapters' helpers (runtime/fuse-glue.ts); the entry passes both in, so that
 * codegen imports nothing of runtime/. `A`/`B` are the caller's and the callee's environments.
 */
export function codegenFused<A, B>(h: unknown, f: unknown): (lower: FuseSide, lift: FuseSide) => (a: A, b: B) => AdapterFn {
  return (lowerTag, liftTag) => {
    const make = new Function('h', 'f', 'k', 'a', 'b', fusedSource(lowerTag.plan, liftTag.plan)) as FusedSourceFactory;
    const k = { ra: lowerTag.resIds, rb: liftTag.resIds };
    return (a, b) => make(h, f, k, a, b);
  };
}
