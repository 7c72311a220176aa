// Prints adapter plans as instruction listings (`kumiki inspect --adapters`): the booklet made visible.
import { valTypeToString } from '../types/index.js';
import type { AdapterPlan, ValueOp } from './plan.js';

/** Renders `plan` as an indented list of adapter instructions. */
export function printPlan(plan: AdapterPlan): string {
  const o = plan.options;
  const opts = [o.encoding, o.memory ? 'memory' : '', o.realloc ? 'realloc' : '', o.postReturn ? 'post-return' : ''].filter(Boolean).join(' ');
  const sig = `func(${plan.func.params.map((p) => `${p.name}: ${valTypeToString(p.type)}`).join(', ')})${plan.resultType ? ` -> ${valTypeToString(plan.resultType)}` : ''}`;
  const core = `(${plan.core.params.join(', ')}) -> (${plan.core.results.join(', ')})`;
  const out: string[] = [`${plan.direction === 'lift' ? 'export' : 'import'} ${plan.name}: ${sig}  [${opts}]`];
  const emit = (depth: number, s: string): void => { out.push(`${'  '.repeat(depth + 1)}${s}`); };
  if (plan.direction === 'lift') {
    if (plan.paramsInMemory) emit(0, `alloc-args-tuple`);
    for (const p of plan.params) {
      emit(0, `arg.get ${p.name}`);
      lowerOps(p.op, plan.paramsInMemory, 1, emit, o.encoding);
    }
    emit(0, `call-export ${core}`);
    if (plan.result !== undefined) liftOps(plan.result, plan.resultInMemory, 0, emit, o.encoding);
    if (plan.throwsResult) emit(0, 'result-err-to-throw ComponentError');
    if (o.postReturn) emit(0, 'defer post-return');
    emit(0, 'return');
  } else {
    for (const p of plan.params) {
      emit(0, `core-arg.get ${p.name}`);
      liftOps(p.op, plan.paramsInMemory, 1, emit, o.encoding);
    }
    emit(0, `call-import ${plan.name}`);
    if (plan.throwsResult) emit(0, 'catch-payload-to-err');
    if (plan.result !== undefined) lowerOps(plan.result, plan.resultInMemory, 0, emit, o.encoding);
    emit(0, `return ${core}`);
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
