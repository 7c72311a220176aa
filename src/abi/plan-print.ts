// Prints adapter plans as instruction listings (`kumiki inspect --adapters`): the booklet made visible.
import { valTypeToString } from '../types/index.js';
import type { AdapterPlan, ValueOp } from './plan.js';

/** Renders `plan` as an indented list of adapter instructions: its `steps`, one per line, each value conversion
 *  expanded into its per-type instructions. */
export function printPlan(plan: AdapterPlan): string {
  const o = plan.options;
  const opts = [o.encoding, o.memory ? 'memory' : '', o.addrType === 'i64' ? 'i64' : '', o.realloc ? 'realloc' : '', o.postReturn ? 'post-return' : ''].filter(Boolean).join(' ');
  const sig = `func(${plan.func.params.map((p) => `${p.name}: ${valTypeToString(p.type)}`).join(', ')})${plan.resultType ? ` -> ${valTypeToString(plan.resultType)}` : ''}`;
  const coreSig = (c: AdapterPlan['core']): string => `(${c.params.join(', ')}) -> (${c.results.join(', ')})`;
  const out: string[] = [`${plan.direction === 'lift' ? 'export' : 'import'} ${plan.name}: ${sig}  [${opts}]`];
  const emit = (depth: number, s: string): void => { out.push(`${'  '.repeat(depth + 1)}${s}`); };
  for (const st of plan.steps) {
    switch (st.i) {
      case 'may-leave': emit(0, `may-leave ${st.value}${st.value ? '' : ' (realloc)'}`); break;
      case 'alloc-args-tuple': emit(0, `alloc-args-tuple (${st.size}B, align ${st.align})`); break;
      case 'args-tuple': emit(0, `args-tuple (${st.size}B, align ${st.align})`); break;
      case 'arg.get': emit(0, `arg.get ${st.name}`); break;
      case 'lower': lowerOps(st.op, st.into === 'memory', 1, emit, o.encoding); break;
      case 'call-export': emit(0, `call-export ${coreSig(st.core)}`); break;
      case 'lift-result':
        if (st.from === 'memory') emit(0, `result-area (${st.size}B, align ${st.align})`);
        liftOps(st.op, st.from === 'memory', 0, emit, o.encoding);
        break;
      case 'result-err-to-throw': emit(0, 'result-err-to-throw ComponentError'); break;
      case 'post-return': emit(0, 'defer post-return'); break;
      case 'lift':
        emit(0, `core-arg.get ${st.name}`);
        liftOps(st.op, st.from === 'memory', 1, emit, o.encoding);
        break;
      case 'call-import': emit(0, `call-import ${st.name}`); break;
      case 'lower-result':
        if (st.into === 'memory') emit(0, `out-pointer (${st.size}B, align ${st.align})`);
        lowerOps(st.op, st.into === 'memory', 0, emit, o.encoding);
        break;
      case 'return-core': emit(0, `return ${coreSig(st.core)}`); break;
      default: emit(0, st.i);
    }
  }
  return out.join('\n');
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

function lowerOps(op: ValueOp, mem: boolean, d: number, emit: (d: number, s: string) => void, enc: string): void {
  const where = mem ? 'memory' : 'flat';
  switch (op.op) {
    case 'map': emit(d, 'map-to-entries'); lowerOps(op.entries, mem, d + 1, emit, enc); return;
    case 'string': emit(d, `string-to-memory ${enc}`); return;
    case 'list':
      emit(d, `${label(op)}-to-memory (elem ${op.size}B, align ${op.align})`);
      if (op.typed === undefined) lowerOps(op.elem, true, d + 1, emit, enc);
      return;
    case 'record':
      emit(d, `${op.tuple ? 'tuple' : 'record'}-to-${where}`);
      for (const f of op.fields) { emit(d + 1, `field ${f.name} @${f.offset}`); lowerOps(f.op, mem, d + 2, emit, enc); }
      return;
    case 'variant':
      emit(d, `${label(op)}-to-${where} (${op.disc} discriminant)`);
      for (const c of op.cases) { emit(d + 1, `case ${c.name}`); if (c.op) lowerOps(c.op, mem, d + 2, emit, enc); }
      return;
    default: emit(d, `${label(op)}-to-${where}`);
  }
}

function liftOps(op: ValueOp, mem: boolean, d: number, emit: (d: number, s: string) => void, enc: string): void {
  const where = mem ? 'memory' : 'flat';
  switch (op.op) {
    case 'map': emit(d, 'entries-to-map'); liftOps(op.entries, mem, d + 1, emit, enc); return;
    case 'string': emit(d, `memory-to-string ${enc}`); return;
    case 'list':
      emit(d, `memory-to-${label(op)} (elem ${op.size}B, align ${op.align})`);
      if (op.typed === undefined) liftOps(op.elem, true, d + 1, emit, enc);
      return;
    case 'record':
      emit(d, `${where}-to-${op.tuple ? 'tuple' : 'record'}`);
      for (const f of op.fields) { emit(d + 1, `field ${f.name} @${f.offset}`); liftOps(f.op, mem, d + 2, emit, enc); }
      return;
    case 'variant':
      emit(d, `${where}-to-${label(op)} (${op.disc} discriminant)`);
      for (const c of op.cases) { emit(d + 1, `case ${c.name}`); if (c.op) liftOps(c.op, mem, d + 2, emit, enc); }
      return;
    default: emit(d, `${where}-to-${label(op)}`);
  }
}
