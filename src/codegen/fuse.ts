// Fused adapters at run time, generated (DESIGN.md §2 runtime): a `canon lower` whose callee is another kumiki
// instance's lift adapter gets one generated core function that copies memory to memory (codegen/fused.ts) instead
// of lifting to JS and lowering again. Pairs fusion does not cover (abi/fuse-shape.ts `fuseBlocker`) and a caller
// and callee sharing one memory keep the lift-then-lower path. Interp mode and transpiled components fuse through
// interp/fuse.ts instead (no eval).
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, LiftEnv } from '../runtime/adapter-env.js';
import { fusedSource } from './fused.js';
import { glue, type Glue } from '../runtime/glue/index.js';
import { char, fout, stringCopy, type StringCopy } from '../runtime/fuse-strings.js';
import { lendBorrow, moveOwn, releaseLends } from '../runtime/fuse-handles.js';
import { fuser, type CallerEnv } from '../runtime/fuse-link.js';

export { fuseStats, registerLifted, type FuseTag } from '../runtime/fuse-link.js';

type StringEncodingPair = `${StringEncoding}>${StringEncoding}`;
const ENCODINGS = ['utf8', 'utf16', 'latin1+utf16'] as const;
const S: Record<StringEncodingPair, StringCopy> = {} as Record<StringEncodingPair, StringCopy>;
for (const a of ENCODINGS) for (const b of ENCODINGS) S[`${a}>${b}`] = stringCopy(a, b);

/** The helpers fused adapters call (as `f`). */
const fuseGlue = { S, fout, char, moveOwn, lendBorrow, releaseLends };
type FuseGlue = typeof fuseGlue;

type FusedSourceFactory = (h: Glue, f: FuseGlue, k: { ra: readonly unknown[]; rb: readonly unknown[] }, a: CallerEnv, b: LiftEnv) => AdapterFn;

/**
 * A fused core function for the guest import tagged `lower` when `callee` is a lifted export of a kumiki instance
 * and the pair can fuse (generated with `new Function`: codegen mode); undefined otherwise.
 */
export const tryFuse = fuser((lowerTag, liftTag) => {
  const make = new Function('h', 'f', 'k', 'a', 'b', fusedSource(lowerTag.plan, liftTag.plan)) as FusedSourceFactory;
  const k = { ra: lowerTag.resIds, rb: liftTag.resIds };
  return (a, b) => make(glue, fuseGlue, k, a, b);
});
