// Fused adapters as instructions (DESIGN.md §2): a guest import satisfied by another instance's lifted export is
// one adapter composed of the caller's lower plan and the callee's lift plan. Where those two would lift to JS and
// lower again, the composition copies memory to memory: `copy-string utf8→utf16`, `copy-list`, `move-handle`, …
// The generated fused adapters (codegen/fused.ts) and the eval-free ones (interp/fuse.ts) walk `fuseSteps`;
// `printFused` shows them. What fusion reads of a plan is `FusePlan` (transpiled modules carry it as data).
import type { StringEncoding } from './context.js';
import type { ValueOp } from './plan.js';
import { paramsAllocate, resultAllocates } from './allocates.js';
import { INLINE_MAX, inlineCost } from './op-cost.js';
import { intSize } from './type-facts.js';

/**
 * What fusion reads of an adapter plan (abi/plan.ts `AdapterPlan` has it all). Transpiled modules carry this part
 * of their plans as data, with each handle's `resource` as its index in `resources` (tools/fuse-plan-data.ts).
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
  /** The lift side lowers into an instance that may be running (stream/future elements: AdapterPlan.running). */
  readonly running?: true;
}

/** One instruction of a fused adapter. `caller`: the lowering instance; `callee`: the lifting one. */
export type FusedInstr =
  /** CanonicalABI.md "canon lower": trap_if(not may_leave) in the caller. */
  | { readonly i: 'check-may-leave' }
  /** CanonicalABI.md "canon lift": may_enter of the callee. */
  | { readonly i: 'enter' }
  /** Borrowed handles lent to the callee for this call, released when it returns. */
  | { readonly i: 'lend-scope' }
  /** may_leave of `side` cleared while values are copied into it (its realloc runs), then set again. */
  | { readonly i: 'may-leave'; readonly side: 'caller' | 'callee'; readonly value: boolean }
  /** Spilled arguments: the caller's tuple (checked) copied into one allocated in the callee. */
  | { readonly i: 'copy-args-tuple'; readonly op: ValueOp & { op: 'record' }; readonly where: string; readonly fieldWheres: readonly string[] }
  /** One argument's flat values, caller → callee. */
  | { readonly i: 'copy-arg'; readonly index: number; readonly name: string; readonly op: ValueOp; readonly where: string }
  | { readonly i: 'call-export' }
  /** The result, callee → caller: flat, or from the callee's return area (checked) to the caller's out-pointer (checked). */
  | { readonly i: 'copy-result'; readonly op: ValueOp; readonly via: 'flat' | 'memory'; readonly size: number; readonly align: number; readonly where: string }
  | { readonly i: 'check-borrows' }
  | { readonly i: 'post-return' }
  | { readonly i: 'exit' }
  | { readonly i: 'return-core' };

/**
 * Whether the pair's faults are split by side as the JS path reports them (runtime/fuse-fault.ts): a fault of the
 * source's data is the source's, worded at its adapter. Calls and a task.return value fused into its caller's
 * out-pointer (the JS path: task.return lifts in the callee, which the fault poisons); stream/future element copies
 * keep one side.
 */
export function splitsFaults(lower: FusePlan, lift: FusePlan): boolean {
  return lift.running !== true || lower.name === 'task.return';
}

/** A `map<K, V>` crosses as its `list<tuple<K, V>>` (CanonicalABI.md "Despecialization"). */
export function norm(op: ValueOp): ValueOp {
  return op.op === 'map' ? op.entries : op;
}


/** Size and alignment of a value of `op` (CanonicalABI.md "Element Size", "Alignment"; pointers 8 bytes in a
 *  64-bit memory). */
export function opLayout(op0: ValueOp, addr: 'i32' | 'i64' = 'i32'): { size: number; align: number } {
  const op = norm(op0);
  const ps = addr === 'i64' ? 8 : 4;
  switch (op.op) {
    case 'bool': return { size: 1, align: 1 };
    case 'int': return { size: intSize(op.kind), align: intSize(op.kind) };
    case 'float': return op.kind === 'f32' ? { size: 4, align: 4 } : { size: 8, align: 8 };
    case 'char': case 'handle': return { size: 4, align: 4 };
    case 'string': return { size: 2 * ps, align: ps };
    case 'list':
      if (op.fixed === undefined) return { size: 2 * ps, align: ps };
      return { size: op.size * op.fixed, align: op.align };
    case 'record': case 'variant': return { size: op.size, align: op.align };
    case 'flags': return { size: op.size, align: op.size };
    default: throw new TypeError(`unreachable: ${op.op}`);
  }
}

/** The fused adapter of `lower` (the caller's canon lower) and `lift` (the callee's canon lift), as instructions. */
export function fuseSteps(lower: FusePlan, lift: FusePlan): FusedInstr[] {
  // Stream/future elements (lift.running) are copied inside a built-in of one of the two instances: neither is entered.
  const out: FusedInstr[] = lift.running === true ? [{ i: 'check-may-leave' }] : [{ i: 'check-may-leave' }, { i: 'enter' }];
  if (lift.borrowParams) out.push({ i: 'lend-scope' });
  // CanonicalABI.md "Lifting and Lowering Context" reallocate: may_leave is cleared while a realloc runs. Copying
  // runs no other guest code, so the destination's flag is cleared for the whole copy (callee's for the arguments,
  // caller's for the result) and set again on failure; copies that allocate nothing leave it alone.
  const argReallocs = paramsAllocate(lower);
  if (argReallocs) out.push({ i: 'may-leave', side: 'callee', value: false });
  // Each field of a spilled tuple is named as its parameter (`f(p0)`), as the JS path names it.
  if (lower.paramsInMemory) out.push({ i: 'copy-args-tuple', op: lower.paramsTuple!, where: lift.name, fieldWheres: lower.params.map((p) => `${lift.name}(${p.name})`) });
  else lower.params.forEach((p, index) => out.push({ i: 'copy-arg', index, name: p.name, op: p.op, where: `${lift.name}(${p.name})` }));
  if (argReallocs) out.push({ i: 'may-leave', side: 'callee', value: true });
  out.push({ i: 'call-export' });
  if (lift.result !== undefined) {
    const resultReallocs = resultAllocates(lift);
    if (resultReallocs) out.push({ i: 'may-leave', side: 'caller', value: false });
    const { size, align } = opLayout(lift.result, lift.options.addrType);
    out.push({ i: 'copy-result', op: lift.result, via: lift.resultInMemory ? 'memory' : 'flat', size, align, where: `result of ${lift.name}` });
    if (resultReallocs) out.push({ i: 'may-leave', side: 'caller', value: true });
  }
  if (lift.borrowParams) out.push({ i: 'check-borrows' });
  if (lift.options.postReturn) out.push({ i: 'post-return' });
  if (lift.running !== true) out.push({ i: 'exit' });
  out.push({ i: 'return-core' });
  return out;
}

/** Renders a fused adapter's instructions, each value copy expanded (`copy-string utf8→utf16`, `copy-list`, …). */
export function printFused(lower: FusePlan, lift: FusePlan): string {
  const out: string[] = [`fused ${lower.name} → ${lift.name}  [${lower.options.encoding} → ${lift.options.encoding}]`];
  const emit = (d: number, s: string): void => { out.push(`${'  '.repeat(d + 1)}${s}`); };
  const enc = (from: FusePlan, to: FusePlan): [StringEncoding, StringEncoding] => [from.options.encoding, to.options.encoding];
  // Big ops are numbered per direction (the encodings of their strings differ).
  const seen = new Map<ValueOp, number>(), seenBack = new Map<ValueOp, number>();
  for (const st of fuseSteps(lower, lift)) {
    switch (st.i) {
      case 'may-leave': emit(0, `may-leave ${st.side} ${st.value}${st.value ? '' : ' (realloc)'}`); break;
      case 'copy-args-tuple': emit(0, `copy-args-tuple (${st.op.size}B, align ${st.op.align})`); copyOps(st.op, 1, emit, enc(lower, lift), seen); break;
      case 'copy-arg': emit(0, `copy-arg ${st.name}`); copyOps(st.op, 1, emit, enc(lower, lift), seen); break;
      case 'copy-result':
        emit(0, `copy-result${st.via === 'memory' ? ` return-area → out-pointer (${st.size}B, align ${st.align})` : ''}`);
        copyOps(st.op, 1, emit, enc(lift, lower), seenBack);
        break;
      case 'post-return': emit(0, 'defer post-return'); break;
      default: emit(0, st.i);
    }
  }
  return out.join('\n');
}

/**
 * Plain values: every bit pattern is a valid value and no byte is padding, so memory copies byte for byte
 * (CanonicalABI.md `store` writes fields only: a padding byte keeps what the destination held there).
 */
export function plain(op: ValueOp): boolean {
  return plainSize(op) !== undefined;
}

/** The byte size of a plain value (see `plain`), or undefined when `op` is not plain. */
export function plainSize(op: ValueOp): number | undefined {
  if (op.op === 'int') return intSize(op.kind);
  if (op.op === 'float') return op.kind === 'f32' ? 4 : 8;
  if (op.op !== 'record') return undefined;
  let n = 0;
  for (const f of op.fields) {
    const k = plainSize(f.op);
    if (k === undefined) return undefined;
    n += k;
  }
  return n === op.size ? n : undefined;
}

/** A variant whose every case carries a plain payload filling the payload area: copied as bytes after its discriminant. */
export function plainPayloads(op: ValueOp & { op: 'variant' }): boolean {
  return op.cases.every((c) => c.op !== undefined && plainSize(c.op) === op.size - op.payloadOffset);
}

/** Prints a value's copy; a big op is printed once (`#n `) and referred to after (`= #n`): linear in the type size. */
function copyOps(op0: ValueOp, d: number, emit0: (d: number, s: string) => void, [from, to]: [StringEncoding, StringEncoding], seen: Map<ValueOp, number>): void {
  let emit = emit0;
  if (inlineCost(op0) > INLINE_MAX) {
    const n = seen.get(op0);
    if (n !== undefined) { emit0(d, `= #${n}`); return; }
    seen.set(op0, seen.size + 1);
    let tag = `#${seen.size} `;
    emit = (dd, s) => { emit0(dd, tag + s); tag = ''; };
  }
  const op = norm(op0);
  switch (op.op) {
    case 'string': emit(d, from === to ? `copy-string ${from} (bytes)` : `copy-string ${from}→${to}`); return;
    case 'list':
      emit(d, `copy-list (elem ${op.size}B, align ${op.align}${plain(op.elem) ? ', bytes' : ''})`);
      if (!plain(op.elem)) copyOps(op.elem, d + 1, emit, [from, to], seen);
      return;
    case 'record':
      if (plain(op)) { emit(d, `copy-bytes ${op.size}`); return; }
      emit(d, `copy-${op.tuple ? 'tuple' : 'record'}`);
      for (const f of op.fields) { emit(d + 1, `field ${f.name || f.key} @${f.offset}`); copyOps(f.op, d + 2, emit, [from, to], seen); }
      return;
    case 'variant':
      emit(d, `copy-variant (${op.disc} discriminant checked)`);
      for (const c of op.cases) if (c.op !== undefined) { emit(d + 1, `case ${c.name || '#'}`); copyOps(c.op, d + 2, emit, [from, to], seen); }
      return;
    case 'handle': emit(d, op.kind === 'own' ? 'move-handle own' : 'lend-handle borrow'); return;
    case 'char': emit(d, 'copy-char (checked)'); return;
    case 'bool': emit(d, 'copy-bool (normalised)'); return;
    case 'flags': emit(d, `copy-flags (${op.names.length} bits)`); return;
    case 'int': emit(d, `copy-${op.kind}`); return;
    case 'float': emit(d, `copy-${op.kind}`); return;
    default: emit(d, `copy-${op.op}`);
  }
}
