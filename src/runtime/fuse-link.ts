// Finding fusable pairs at link time (DESIGN.md §2 runtime): lift adapters are recorded with their environment when
// an instance creates them; a `canon lower` whose callee is such an adapter asks a fuser (generated code in
// codegen/fuse.ts, or the eval-free interp/fuse.ts) for one core function that copies memory to memory.
// No compiler here: the JIT, the interpreter's chunk and `kumiki/runtime` all link through this file.
import type { AdapterFn, LiftedEnv, LowerEnv } from './adapter-env.js';
import { fuseBlocker } from '../abi/fuse-shape.js';
import type { FusePlan } from '../abi/fuse-plan.js';

/** Counters for tests and benchmarks (not public API): adapters made fused, and pairs left on the JS path. */
export const fuseStats = { fused: 0, fallback: 0, lastBlocker: '' };

/** The caller's side of a fused call: its memory, realloc, state, handle table and resource types. */
export type CallerEnv = Omit<LowerEnv, 'callee'>;

/** What adapters are tagged with (entries/component.ts, entries/transpiled.ts): the plan and its resource types' program ids. */
export interface FuseTag { readonly plan: FusePlan; readonly resIds: readonly number[] }

/** A fused pair, compiled once per (lift plan, lower plan): per instance pair, only the two environments vary. */
export type FusedFactory = (a: CallerEnv, b: LiftedEnv) => AdapterFn;
/** Makes the factory of a pair that `fuseBlocker` accepted. */
export type FuseBuilder = (lower: FuseTag, lift: FuseTag) => FusedFactory;

/**
 * Lift adapters made by kumiki instances carry their environment under this key: a property costs less per
 * instance than a WeakMap entry (no ephemeron for the collector to trace), and only our adapters have it.
 */
const LIFTED = Symbol('kumiki.lifted');
type Registered = AdapterFn & { [LIFTED]?: LiftedEnv };

/** Records a lift adapter so that imports it satisfies can fuse. */
export function registerLifted(fn: AdapterFn, env: LiftedEnv): void {
  env.fn = fn;
  (fn as Registered)[LIFTED] = env;
}

/** A fuser's `tryFuse`: compiled pairs cached per (lift plan, lower plan); null when the pair cannot fuse. */
export function fuser(build: FuseBuilder): (lowerTag: unknown, callee: unknown, caller: CallerEnv) => AdapterFn | undefined {
  const cache = new WeakMap<FusePlan, WeakMap<FusePlan, FusedFactory | null>>();
  const factory = (lowerTag: FuseTag, liftTag: FuseTag): FusedFactory | null => {
    const lower = lowerTag.plan, lift = liftTag.plan;
    let byLower = cache.get(lift);
    if (byLower === undefined) { byLower = new WeakMap(); cache.set(lift, byLower); }
    let f = byLower.get(lower);
    if (f === undefined) {
      const why = fuseBlocker(lower, lift);
      if (why !== undefined) fuseStats.lastBlocker = `${lower.name} → ${lift.name}: ${why}`;
      f = why === undefined ? build(lowerTag, liftTag) : null;
      byLower.set(lower, f);
    }
    return f;
  };
  /**
   * A fused core function for the guest import tagged `lowerTag` (in the caller's environment) when `callee` is a
   * lifted export of a kumiki instance and the pair can fuse; undefined otherwise (the caller keeps the JS path).
   */
  return (lowerTag, callee, caller) => {
    const lifted = typeof callee === 'function' ? (callee as Registered)[LIFTED] : undefined;
    // The adapter itself, not a wrapper (a Proxy) that forwards the property: wrappers keep the JS path.
    if (lifted === undefined || lifted.fn !== callee || lowerTag === undefined || lifted.tag === undefined) return undefined;
    // One memory on both sides: a grow by the destination's realloc would detach the source's views mid-copy.
    if (caller.m.mem !== undefined && caller.m.mem === lifted.m.mem) { fuseStats.fallback++; fuseStats.lastBlocker = 'shared memory'; return undefined; }
    const f = factory(lowerTag as FuseTag, lifted.tag as FuseTag);
    if (f === null) { fuseStats.fallback++; return undefined; }
    fuseStats.fused++;
    return f(caller, lifted);
  };
}
