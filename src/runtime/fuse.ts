// Fused adapters at run time (DESIGN.md §2 runtime): lift adapters are recorded with their plan and environment
// when an instance creates them; a `canon lower` whose callee is such an adapter gets one generated core function
// that copies memory to memory (codegen/fused.ts) instead of lifting to JS and lowering again. Pairs fusion does
// not cover (see `fuseBlocker`), interp mode, and a caller and callee sharing one memory keep the lift-then-lower path.
import type { AdapterPlan } from '../abi/plan.js';
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, LiftEnv, LiftedEnv } from './adapter-env.js';
import { fuseBlocker, fusedSource, type CallerEnv } from '../codegen/fused.js';
import { glue, type Glue } from './glue/index.js';
import { fout, stringCopy, type StringCopy } from './fuse-strings.js';
import { lendBorrow, moveOwn, releaseLends } from './fuse-handles.js';
import { trap } from '../abi/errors.js';

/** Counters for tests and benchmarks (not public API): adapters made fused, and pairs left on the JS path. */
export const fuseStats = { fused: 0, fallback: 0, lastBlocker: '' };

type StringEncodingPair = `${StringEncoding}>${StringEncoding}`;
const ENCODINGS = ['utf8', 'utf16', 'latin1+utf16'] as const;
const S: Record<StringEncodingPair, StringCopy> = {} as Record<StringEncodingPair, StringCopy>;
for (const a of ENCODINGS) for (const b of ENCODINGS) S[`${a}>${b}`] = stringCopy(a, b);

// CanonicalABI.md "Loading": convert_i32_to_char (the code point crosses as a number, validated).
function char(i: number, what: string): number {
  i >>>= 0;
  if (i >= 0x110000 || (i >= 0xd800 && i < 0xe000)) trap(`${what}: invalid char bit pattern ${i} (not a Unicode scalar value)`);
  return i;
}

/** The helpers fused adapters call (as `f`). */
const fuseGlue = { S, fout, char, moveOwn, lendBorrow, releaseLends };
type FuseGlue = typeof fuseGlue;

type FusedSourceFactory = (h: Glue, f: FuseGlue, k: { ra: readonly unknown[]; rb: readonly unknown[] }, a: CallerEnv, b: LiftEnv) => AdapterFn;
/** A compiled fused pair: per instance pair, only the two environments vary. */
type FusedFactory = (a: CallerEnv, b: LiftEnv) => AdapterFn;

/** What the JIT tags its adapters with (runtime/component.ts): the plan and its resource types' program ids. */
export interface FuseTag { readonly plan: AdapterPlan; readonly resIds: readonly number[] }
/**
 * Lift adapters made by kumiki instances carry their environment under this key: a property costs less per
 * instance than a WeakMap entry (no ephemeron for the collector to trace), and only our adapters have it.
 */
const LIFTED = Symbol('kumiki.lifted');
type Registered = AdapterFn & { [LIFTED]?: LiftedEnv };
/** Compiled fused adapters per (lift plan, lower plan); null when the pair cannot fuse. */
const CACHE = new WeakMap<AdapterPlan, WeakMap<AdapterPlan, FusedFactory | null>>();

/** Records a lift adapter so that imports it satisfies can fuse. */
export function registerLifted(fn: AdapterFn, env: LiftedEnv): void {
  env.fn = fn;
  (fn as Registered)[LIFTED] = env;
}

function factory(lowerTag: FuseTag, liftTag: FuseTag): FusedFactory | null {
  const lower = lowerTag.plan, lift = liftTag.plan;
  let byLower = CACHE.get(lift);
  if (byLower === undefined) { byLower = new WeakMap(); CACHE.set(lift, byLower); }
  let f = byLower.get(lower);
  if (f === undefined) {
    const why = fuseBlocker(lower, lift);
    if (why !== undefined) {
      fuseStats.lastBlocker = `${lower.name} → ${lift.name}: ${why}`;
      f = null;
    } else {
      const make = new Function('h', 'f', 'k', 'a', 'b', fusedSource(lower, lift)) as FusedSourceFactory;
      const k = { ra: lowerTag.resIds, rb: liftTag.resIds };
      f = (a, b) => make(glue, fuseGlue, k, a, b);
    }
    byLower.set(lower, f);
  }
  return f;
}

/**
 * A fused core function for the guest import `lower` (in the caller's environment) when `callee` is a lifted
 * export of a kumiki instance and the pair can fuse; undefined otherwise (the caller keeps the JS path).
 */
export function tryFuse(lower: unknown, callee: unknown, caller: CallerEnv): AdapterFn | undefined {
  const lifted = typeof callee === 'function' ? (callee as Registered)[LIFTED] : undefined;
  // The adapter itself, not a wrapper (a Proxy) that forwards the property: wrappers keep the JS path.
  if (lifted === undefined || lifted.fn !== callee) return undefined;
  // One memory on both sides: a grow by the destination's realloc would detach the source's views mid-copy.
  if (caller.m.mem !== undefined && caller.m.mem === lifted.m.mem) { fuseStats.fallback++; fuseStats.lastBlocker = 'shared memory'; return undefined; }
  const f = factory(lower as FuseTag, lifted.tag as FuseTag);
  if (f === null) { fuseStats.fallback++; return undefined; }
  fuseStats.fused++;
  return f(caller, lifted);
}
