// Which lower/lift pairs fused adapters cover (DESIGN.md §2 runtime): both sides must give their values one
// canonical ABI layout (CanonicalABI.md "Despecialization": a `map<K, V>` is its `list<tuple<K, V>>`), so that
// values copy memory to memory. Shared by the generated fused adapters (codegen/fused.ts) and the eval-free ones
// (interp/fuse.ts), which transpiled components use too; no codegen here.
import type { ValueOp } from './plan.js';
import { norm, type FusePlan } from './fuse-plan.js';


const shapes = new WeakMap<ValueOp, WeakMap<ValueOp, boolean>>();

/** True when values of `a` (caller's view) and `b` (callee's view) share one canonical ABI layout, so they can fuse.
 *  Cached per pair: a type used twice is compared once. */
export function sameShape(a0: ValueOp, b0: ValueOp): boolean {
  let m = shapes.get(a0);
  if (m === undefined) shapes.set(a0, m = new WeakMap());
  let r = m.get(b0);
  if (r === undefined) { r = shapeOf(a0, b0); m.set(b0, r); }
  return r;
}

function shapeOf(a0: ValueOp, b0: ValueOp): boolean {
  const a = norm(a0), b = norm(b0);
  switch (a.op) {
    case 'bool': case 'char': case 'string': return b.op === a.op;
    case 'int': return b.op === 'int' && b.kind === a.kind;
    case 'float': return b.op === 'float' && b.kind === a.kind;
    case 'list': return b.op === 'list' && a.fixed === undefined && b.fixed === undefined && a.size === b.size && sameShape(a.elem, b.elem);
    case 'record': return b.op === 'record' && a.size === b.size && a.fields.length === b.fields.length
      && a.fields.every((f, i) => f.offset === b.fields[i]!.offset && sameShape(f.op, b.fields[i]!.op));
    case 'variant': return b.op === 'variant' && a.cases.length === b.cases.length && a.size === b.size
      && a.cases.every((c, i) => { const d = b.cases[i]!; return c.op === undefined ? d.op === undefined : d.op !== undefined && sameShape(c.op, d.op); });
    case 'flags': return b.op === 'flags' && a.names.length === b.names.length;
    case 'handle': return b.op === 'handle' && a.kind === b.kind;
    default: return false;
  }
}

/** Why a lower/lift pair cannot fuse, or undefined when it can. */
export function fuseBlocker(lower: FusePlan, lift: FusePlan): string | undefined {
  // Both memories must have one address type (cm64): then every layout and flat type agrees. A 32-bit and a 64-bit
  // side cross through JS instead.
  if ((lower.options.addrType ?? 'i32') !== (lift.options.addrType ?? 'i32')) return 'a 32-bit and a 64-bit memory (cm64) are not fused';
  if (lower.params.length !== lift.params.length) return 'parameter counts differ';
  if ((lower.result === undefined) !== (lift.result === undefined)) return 'result presence differs';
  for (let i = 0; i < lower.params.length; i++) if (!sameShape(lower.params[i]!.op, lift.params[i]!.op)) return `parameter ${i} has a shape fusion does not cover`;
  if (lower.result !== undefined && !sameShape(lower.result, lift.result!)) return 'the result has a shape fusion does not cover';
  if (lower.paramsInMemory !== lift.paramsInMemory || lower.resultInMemory !== lift.resultInMemory) return 'flattening differs';
  return undefined;
}

/** Flat values of `op` pass through unchanged (no memory, no handle, no validation, no narrowing). */
export function flatPassThrough(op: ValueOp): boolean {
  switch (op.op) {
    case 'float': return true;
    case 'int': return op.kind === 's32' || op.kind === 'u32' || op.kind === 's64' || op.kind === 'u64';
    case 'record': return op.fields.every((f) => flatPassThrough(f.op));
    default: return false;
  }
}
