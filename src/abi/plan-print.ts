// Prints adapter plans as instruction listings (`kumiki inspect --adapters`): the booklet made visible. A big value
// type used twice is printed once and referred to (`= #n`), so a listing is linear in the type size.
import { valTypeToString, type ValType } from '../types/index.js';
import { despecialize } from './layout.js';
import type { AdapterPlan, ValueOp } from './plan.js';
import { INLINE_MAX, inlineCost } from './op-cost.js';

/** Renders `plan` as an indented list of adapter instructions: its `steps`, one per line, each value conversion
 *  expanded into its per-type instructions. */
export function printPlan(plan: AdapterPlan): string {
  const o = plan.options;
  const opts = [o.encoding, o.memory ? 'memory' : '', o.addrType === 'i64' ? 'i64' : '', o.realloc ? 'realloc' : '', o.postReturn ? 'post-return' : ''].filter(Boolean).join(' ');
  const sig = `func(${plan.func.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')})${plan.resultType ? ` -> ${typeText(plan.resultType)}` : ''}`;
  const coreSig = (c: AdapterPlan['core']): string => `(${c.params.join(', ')}) -> (${c.results.join(', ')})`;
  const out: string[] = [`${plan.direction === 'lift' ? 'export' : 'import'} ${plan.name}: ${sig}  [${opts}]`];
  const emit = (depth: number, s: string): void => { out.push(`${'  '.repeat(depth + 1)}${s}`); };
  const seen: Seen = new Map();
  for (const st of plan.steps) {
    switch (st.i) {
      case 'may-leave': emit(0, `may-leave ${st.value}${st.value ? '' : ' (realloc)'}`); break;
      case 'alloc-args-tuple': emit(0, `alloc-args-tuple (${st.size}B, align ${st.align})`); break;
      case 'args-tuple': emit(0, `args-tuple (${st.size}B, align ${st.align})`); break;
      case 'arg.get': emit(0, `arg.get ${st.name}`); break;
      case 'lower': lowerOps(st.op, st.into === 'memory', 1, emit, o.encoding, seen); break;
      case 'call-export': emit(0, `call-export ${coreSig(st.core)}`); break;
      case 'lift-result':
        if (st.from === 'memory') emit(0, `result-area (${st.size}B, align ${st.align})`);
        liftOps(st.op, st.from === 'memory', 0, emit, o.encoding, seen);
        break;
      case 'result-err-to-throw': emit(0, 'result-err-to-throw ComponentError'); break;
      case 'post-return': emit(0, 'defer post-return'); break;
      case 'lift':
        emit(0, `core-arg.get ${st.name}`);
        liftOps(st.op, st.from === 'memory', 1, emit, o.encoding, seen);
        break;
      case 'call-import': emit(0, `call-import ${st.name}${st.syncResult ? ' sync-result' : ''}`); break;
      case 'lower-result':
        if (st.into === 'memory') emit(0, `out-pointer (${st.size}B, align ${st.align})`);
        lowerOps(st.op, st.into === 'memory', 0, emit, o.encoding, seen);
        break;
      case 'return-core': emit(0, `return ${coreSig(st.core)}`); break;
      default: emit(0, st.i);
    }
  }
  return out.join('\n');
}

/** Types spelled out up to this (expanded) size; bigger ones are abbreviated (their ops below show them once). */
const SPELL_MAX = 48;
const sizes = new WeakMap<ValType, number>();

/** The expanded size of a type (every use counted), capped. */
function typeSize(t: ValType): number {
  let n = sizes.get(t);
  if (n !== undefined) return n;
  const d = despecialize(t);
  switch (d.kind) {
    case 'list': n = 1 + typeSize(d.element); break;
    case 'record': n = d.fields.reduce((k, f) => k + typeSize(f.type), 1); break;
    case 'variant': n = d.cases.reduce((k, c) => k + (c.type === undefined ? 1 : typeSize(c.type)), 1); break;
    default: n = 1;
  }
  n = Math.min(n, 1 << 20);
  sizes.set(t, n);
  return n;
}

/** `t` as WIT-like text, abbreviated (`tuple<…>`) when big: a signature line stays short whatever the nesting. */
function typeText(t: ValType): string {
  if (typeSize(t) <= SPELL_MAX) return valTypeToString(t);
  switch (t.kind) {
    case 'list': return `list<${typeText(t.element)}${t.length === undefined ? '' : `, ${t.length}`}>`;
    case 'option': return `option<${typeText(t.type)}>`;
    case 'result': return 'result<…>';
    case 'tuple': return 'tuple<…>';
    case 'record': return 'record {…}';
    case 'variant': return 'variant {…}';
    default: return valTypeToString(t);
  }
}

function label(op: ValueOp): string {
  switch (op.op) {
    case 'int': case 'float': return op.kind;
    case 'list': return op.typed ?? 'list';
    case 'variant': return op.form === 'option-tagged' ? 'option' : op.form;
    case 'handle': return `${op.kind}<${op.resource.name || `resource#${op.resource.id}`}>`;
    default: return op.op;
  }
}

/** Big value ops printed once per plan: a later use refers back (`= #n`), so listings stay linear in the type size. */
type Seen = Map<ValueOp, Map<boolean, number>>;
type Emit = (d: number, s: string) => void;

/** `emit` for the ops of one value: numbers a big op on its first use (`#n `) and returns undefined for a later one,
 *  after printing its reference. */
function shared(op: ValueOp, mem: boolean, d: number, emit: Emit, seen: Seen): Emit | undefined {
  if (inlineCost(op) <= INLINE_MAX) return emit;
  let byMem = seen.get(op);
  if (byMem === undefined) seen.set(op, byMem = new Map());
  const n = byMem.get(mem);
  if (n !== undefined) { emit(d, `= #${n}`); return undefined; }
  const m = [...seen.values()].reduce((k, x) => k + x.size, 0) + 1;
  byMem.set(mem, m);
  let tag = `#${m} `;
  return (dd, s) => { emit(dd, tag + s); tag = ''; };
}

function lowerOps(op: ValueOp, mem: boolean, d: number, emit0: Emit, enc: string, seen: Seen): void {
  const emit = shared(op, mem, d, emit0, seen);
  if (emit === undefined) return;
  const where = mem ? 'memory' : 'flat';
  switch (op.op) {
    case 'map': emit(d, 'map-to-entries'); lowerOps(op.entries, mem, d + 1, emit, enc, seen); return;
    case 'string': emit(d, `string-to-memory ${enc}`); return;
    case 'list':
      emit(d, `${label(op)}-to-memory (elem ${op.size}B, align ${op.align})`);
      if (op.typed === undefined) lowerOps(op.elem, true, d + 1, emit, enc, seen);
      return;
    case 'record':
      emit(d, `${op.tuple ? 'tuple' : 'record'}-to-${where}`);
      for (const f of op.fields) { emit(d + 1, `field ${f.name} @${f.offset}`); lowerOps(f.op, mem, d + 2, emit, enc, seen); }
      return;
    case 'variant':
      emit(d, `${label(op)}-to-${where} (${op.disc} discriminant)`);
      for (const c of op.cases) { emit(d + 1, `case ${c.name}`); if (c.op) lowerOps(c.op, mem, d + 2, emit, enc, seen); }
      return;
    default: emit(d, `${label(op)}-to-${where}`);
  }
}

function liftOps(op: ValueOp, mem: boolean, d: number, emit0: Emit, enc: string, seen: Seen): void {
  const emit = shared(op, mem, d, emit0, seen);
  if (emit === undefined) return;
  const where = mem ? 'memory' : 'flat';
  switch (op.op) {
    case 'map': emit(d, 'entries-to-map'); liftOps(op.entries, mem, d + 1, emit, enc, seen); return;
    case 'string': emit(d, `memory-to-string ${enc}`); return;
    case 'list':
      emit(d, `memory-to-${label(op)} (elem ${op.size}B, align ${op.align})`);
      if (op.typed === undefined) liftOps(op.elem, true, d + 1, emit, enc, seen);
      return;
    case 'record':
      emit(d, `${where}-to-${op.tuple ? 'tuple' : 'record'}`);
      for (const f of op.fields) { emit(d + 1, `field ${f.name} @${f.offset}`); liftOps(f.op, mem, d + 2, emit, enc, seen); }
      return;
    case 'variant':
      emit(d, `${where}-to-${label(op)} (${op.disc} discriminant)`);
      for (const c of op.cases) { emit(d + 1, `case ${c.name}`); if (c.op) liftOps(c.op, mem, d + 2, emit, enc, seen); }
      return;
    default: emit(d, `${where}-to-${label(op)}`);
  }
}
