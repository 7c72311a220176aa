// How big the code that converts or copies one value is, roughly: what decides whether a backend converts a value
// inline at its use or through one shared function per distinct type (codegen/values.ts, codegen/fused.ts,
// interp/fuse.ts), so that generated code and compiled closures stay linear in the type size.
import type { ValueOp } from './plan.js';

/** Values up to this code size are converted inline; bigger ones by a shared function (and printed once). */
export const INLINE_MAX = 8;

const COST_CAP = 1 << 20;
const costCache = new WeakMap<ValueOp, number>();

/** Rough inline code size of converting a value of `op` (capped; cached per op). */
export function inlineCost(op: ValueOp): number {
  let c = costCache.get(op);
  if (c !== undefined) return c;
  switch (op.op) {
    case 'list': c = op.fixed !== undefined ? 1 + op.fixed * inlineCost(op.elem) : op.typed !== undefined ? 2 : 3 + inlineCost(op.elem); break;
    case 'record': c = op.fields.reduce((n, f) => n + inlineCost(f.op), 1); break;
    case 'variant': c = op.cases.reduce((n, k) => n + 1 + (k.op === undefined ? 0 : inlineCost(k.op)), 2); break;
    case 'map': c = 1 + inlineCost(op.entries); break;
    case 'flags': c = 1 + (op.keys.length >> 2); break;
    default: c = 1;
  }
  c = Math.min(c, COST_CAP);
  costCache.set(op, c);
  return c;
}
