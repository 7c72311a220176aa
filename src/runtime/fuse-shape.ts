// Which lower/lift pairs fused adapters cover (DESIGN.md §2 runtime): both sides must give their values one
// canonical ABI layout (CanonicalABI.md "Despecialization": a `map<K, V>` is its `list<tuple<K, V>>`), so that
// values copy memory to memory. Shared by the generated fused adapters (codegen/fused.ts) and the eval-free ones
// (runtime/fuse-interp.ts), which transpiled components use too; no codegen here.
import type { StringEncoding } from '../abi/context.js';
import type { ValueOp } from '../abi/plan.js';

/**
 * What fusion reads of an adapter plan (abi/plan.ts `AdapterPlan` has it all). Transpiled modules carry this part
 * of their plans as JSON, with each handle's `resource` as its index in `resources` (tools/transpile.ts).
 */
export interface FusePlan {
  readonly name: string;
  readonly options: { readonly encoding: StringEncoding; readonly postReturn: boolean; readonly addrType?: 'i32' | 'i64' };
  readonly core: { readonly params: readonly unknown[]; readonly results: readonly unknown[] };
  readonly params: readonly { readonly name: string; readonly op: ValueOp }[];
  readonly paramsInMemory: boolean;
  readonly paramsTuple?: ValueOp & { op: 'record' };
  readonly result?: ValueOp;
  readonly resultInMemory: boolean;
  /** The plan's resource types (or their indices): a handle op's type is found by `indexOf(op.resource)`. */
  readonly resources: readonly unknown[];
  readonly borrowParams: boolean;
}

/** A `map<K, V>` crosses as its `list<tuple<K, V>>` (CanonicalABI.md "Despecialization"). */
export function norm(op: ValueOp): ValueOp {
  return op.op === 'map' ? op.entries : op;
}

/** True when values of `a` (caller's view) and `b` (callee's view) share one canonical ABI layout, so they can fuse. */
export function sameShape(a0: ValueOp, b0: ValueOp): boolean {
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
  // Fused copies address both memories with 32-bit pointers; a 64-bit memory's values cross through JS instead.
  if ((lower.options.addrType ?? 'i32') !== 'i32' || (lift.options.addrType ?? 'i32') !== 'i32') return 'a 64-bit memory (cm64) is not fused';
  if (lower.params.length !== lift.params.length) return 'parameter counts differ';
  if ((lower.result === undefined) !== (lift.result === undefined)) return 'result presence differs';
  for (let i = 0; i < lower.params.length; i++) if (!sameShape(lower.params[i]!.op, lift.params[i]!.op)) return `parameter ${i} has a shape fusion does not cover`;
  if (lower.result !== undefined && !sameShape(lower.result, lift.result!)) return 'the result has a shape fusion does not cover';
  if (lower.paramsInMemory !== lift.paramsInMemory || lower.resultInMemory !== lift.resultInMemory) return 'flattening differs';
  return undefined;
}

/** Plain values: every bit pattern is a valid value, so memory copies byte for byte. */
export function plain(op: ValueOp): boolean {
  return op.op === 'int' || op.op === 'float' || (op.op === 'record' && op.fields.every((f) => plain(f.op)));
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

/** Byte sizes of integers in memory (CanonicalABI.md "Element Size"). */
export const INT_SIZE: Readonly<Record<string, number>> = { s8: 1, u8: 1, s16: 2, u16: 2, s32: 4, u32: 4, s64: 8, u64: 8 };

/** Size and alignment of a value of `op` in memory (CanonicalABI.md "Element Size", "Alignment"), from the op alone. */
export function opLayout(op0: ValueOp): { size: number; align: number } {
  const op = norm(op0);
  switch (op.op) {
    case 'bool': return { size: 1, align: 1 };
    case 'int': return { size: INT_SIZE[op.kind]!, align: INT_SIZE[op.kind]! };
    case 'float': return op.kind === 'f32' ? { size: 4, align: 4 } : { size: 8, align: 8 };
    case 'char': case 'handle': return { size: 4, align: 4 };
    case 'string': return { size: 8, align: 4 };
    case 'list':
      if (op.fixed === undefined) return { size: 8, align: 4 };
      return { size: op.size * op.fixed, align: op.align };
    case 'record': case 'variant': return { size: op.size, align: op.align };
    case 'flags': return { size: op.size, align: op.size };
    default: throw new TypeError(`unreachable: ${op.op}`);
  }
}
