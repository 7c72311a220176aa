// Core type definitions as text (Core spec "Text Format: Types"; GC rec groups and subtypes), shared by the
// core module printer and the component printer's `core type` definitions.
import type {
  CompositeType, CoreExternDesc, FieldType, GlobalTypeAst, MemoryTypeAst, RecGroup, SubType, TableTypeAst,
} from '../binary/ast.js';
import { refText, valText } from './code.js';

function field(f: FieldType): string {
  return f.mutable ? `(mut ${valText(f.storage)})` : valText(f.storage);
}

/** `(func (param …) (result …))`, `(struct (field …)…)`, `(array …)`, `(cont N)`, optionally `(shared …)`. */
export function compositeText(c: CompositeType): string {
  const i = c.inner;
  let s: string;
  if (i.kind === 'func') {
    s = 'func';
    if (i.params.length) s += ` (param ${i.params.map(valText).join(' ')})`;
    if (i.results.length) s += ` (result ${i.results.map(valText).join(' ')})`;
  } else if (i.kind === 'struct') s = ['struct', ...i.fields.map((f) => `(field ${field(f)})`)].join(' ');
  else if (i.kind === 'array') s = `array ${field(i.field)}`;
  else s = `cont ${i.type}`;
  s = `(${s})`;
  if (c.shared) s = `(shared ${s})`;
  if (c.descriptor !== undefined) s = `(descriptor ${c.descriptor}) ${s}`;
  if (c.describes !== undefined) s = `(describes ${c.describes}) ${s}`;
  return s;
}

/** A subtype: bare composite, or `(sub final? super* composite)`. */
export function subTypeText(t: SubType): string {
  if (!t.explicit) return compositeText(t.composite);
  return `(sub${t.final ? ' final' : ''}${t.supertypes.map((x) => ` ${x}`).join('')} ${compositeText(t.composite)})`;
}

/** A rec group as `(type …)` definitions; `name(i)` gives the `$id` text (with a leading space) of type `first + i`. */
export function recGroupText(g: RecGroup, first: number, name: (index: number) => string): string {
  const types = g.types.map((t, i) => `(type${name(first + i)} ${subTypeText(t)})`);
  return g.explicit ? `(rec${types.map((t) => ` ${t}`).join('')})` : types[0]!;
}

function limits(min: bigint, max: bigint | undefined): string {
  return max === undefined ? `${min}` : `${min} ${max}`;
}

export function tableTypeText(t: TableTypeAst): string {
  return `${t.table64 ? 'i64 ' : ''}${t.shared ? 'shared ' : ''}${limits(t.min, t.max)} ${refText(t.element)}`;
}

export function memoryTypeText(t: MemoryTypeAst): string {
  return `${t.memory64 ? 'i64 ' : ''}${limits(t.min, t.max)}${t.shared ? ' shared' : ''}${
    t.pageSizeLog2 !== undefined ? ` (pagesize ${2 ** t.pageSizeLog2})` : ''}`;
}

export function globalTypeText(t: GlobalTypeAst): string {
  const v = valText(t.type);
  const s = t.shared ? `shared ${v}` : v;
  return t.mutable ? `(mut ${s})` : t.shared ? `(${s})` : s;
}

/** An import/export descriptor: `(func $id? (type N))`, `(memory …)`, …; `n` is the ` $id` text or ''. */
export function externDescText(d: CoreExternDesc, n = ''): string {
  switch (d.kind) {
    case 'func': return `(func${n} (type ${d.type}))`;
    case 'func-exact': return `(func${n} (exact (type ${d.type})))`;
    case 'table': return `(table${n} ${tableTypeText(d)})`;
    case 'memory': return `(memory${n} ${memoryTypeText(d)})`;
    case 'global': return `(global${n} ${globalTypeText(d)})`;
    case 'tag': return `(tag${n} (type ${d.type}))`;
  }
}
