// A component as text (component-model Explainer.md syntax, as wasm-tools' text parser reads it): every section of
// Binary.md printed in order, core modules in full (`core-module.ts`), `$id`s from the `component-name` section on
// definitions (references stay numeric, so the text is unambiguous in every scope).
import type {
  Alias, Canon, CanonOpt, Component, ComponentDecl, CoreInstance, CoreTypeDef, DefValType, ExternDesc, ExternName,
  Instance, ModuleDecl, Section, Sort, TypeDef, ValTypeRef,
} from '../binary/ast.js';
import { readComponent } from '../binary/read.js';
import { valText } from './code.js';
import { printCoreModule, type PrintOptions } from './core-module.js';

export type { PrintOptions };
import { externDescText, recGroupText } from './core-types.js';
import { IdScope, readComponentNames, type ComponentNames } from './names.js';
import { ident, quote, quoteBytes } from './text.js';

/** Prints component bytes (or a core module) as text that wasm-tools' parser assembles back. */
export function printComponent(bytes: Uint8Array, options: PrintOptions = {}): string {
  if (bytes.length >= 8 && bytes[4] === 1 && bytes[6] === 0) return printCoreModule(bytes, 'module', '', options);
  return componentText(readComponent(bytes), 'component', '', options);
}

/** The index space (component-name sort key) a definition adds to. */
const CANON_FUNC = 'core-func';

class Printer {
  private readonly names: ComponentNames;
  private readonly scopes = new Map<string, IdScope>();
  private readonly counts = new Map<string, number>();
  readonly out: string[] = [];

  constructor(c: Component, private readonly indent: string, private readonly options: PrintOptions) {
    const data = c.sections.find((s): s is Extract<Section, { kind: 'custom' }> => s.kind === 'custom' && s.name === 'component-name');
    this.names = readComponentNames(data?.data);
  }

  get componentName(): string | undefined { return this.names.component; }

  /** ` $id` for the next item of `space` (and advances it), or ''. */
  def(space: string): string {
    const ix = this.counts.get(space) ?? 0;
    this.counts.set(space, ix + 1);
    let s = this.scopes.get(space);
    if (!s) this.scopes.set(space, (s = new IdScope(this.names.spaces.get(space))));
    const n = s.take(ix);
    return n === undefined ? '' : ` ${ident(n)}`;
  }

  line(text: string): void { this.out.push(`${this.indent}${text}`); }

  section(s: Section): void {
    const i = this.indent;
    switch (s.kind) {
      case 'custom':
        if (s.name !== 'component-name') this.line(`(@custom ${quote(s.name)} ${quoteBytes(s.data)})`);
        break;
      case 'core-module': {
        const head = `core module${this.def('core-module')}`;
        this.out.push(i + printCoreModule(s.module.bytes, head, i, this.options));
        break;
      }
      case 'core-instance': for (const x of s.items) this.line(`(core instance${this.def('core-instance')} ${coreInstanceText(x)})`); break;
      case 'core-type': for (const t of s.items) {
        if (t.kind === 'rec' && t.group.explicit) {
          // `(core rec (type $id? …)…)`: each member is one core type.
          const first = this.counts.get('core-type') ?? 0;
          const ids = t.group.types.map(() => this.def('core-type'));
          this.line(`(core ${recGroupText(t.group, first, (k) => ids[k - first]!).slice(1)}`);
        } else this.line(`(core type${this.def('core-type')} ${coreTypeText(t, i)})`);
      } break;
      case 'component': {
        const id = this.def('component');
        this.out.push(i + componentText(s.component, `component${id}`, i, this.options));
        break;
      }
      case 'instance': for (const x of s.items) this.line(`(instance${this.def('instance')} ${instanceText(x)})`); break;
      case 'alias': for (const a of s.items) this.line(aliasText(a, (sort) => this.def(sort))); break;
      case 'type': for (const t of s.items) this.line(`(type${this.def('type')} ${typeDefText(t, i)})`); break;
      case 'canon': for (const c of s.items) this.line(this.canon(c)); break;
      case 'start': {
        const st = s.start;
        const results = Array.from({ length: st.results }, () => `(result (value${this.def('value')}))`);
        this.line(`(start ${st.func}${st.args.map((a) => ` (value ${a})`).join('')}${results.map((x) => ` ${x}`).join('')})`);
        break;
      }
      case 'import': for (const im of s.items) {
        this.line(`(import ${externNameText(im.name)} ${externDescText2(im.desc, this.def(descSpace(im.desc)), i)})`);
      } break;
      case 'export': for (const e of s.items) {
        const id = this.def(e.sort);
        const desc = e.desc ? ` ${externDescText2(e.desc, '', i)}` : '';
        this.line(`(export${id} ${externNameText(e.name)} ${sortRef(e.sort, e.index)}${desc})`);
      } break;
      case 'unknown': throw new PrintError(`section id ${s.id} has no text form`, s.offset);
    }
  }

  private canon(c: Canon): string {
    if (c.kind === 'lift') {
      return `(func${this.def('func')} (type ${c.type}) (canon lift (core func ${c.coreFunc})${optsText(c.options)}))`;
    }
    const id = this.def(CANON_FUNC);
    let body: string;
    switch (c.kind) {
      case 'lower': body = `lower (func ${c.func})${optsText(c.options)}`; break;
      case 'resource.new': case 'resource.drop': case 'resource.rep': body = `${c.kind} ${c.resource}`; break;
      case 'task.return': body = `task.return${c.result === undefined ? '' : ` (result ${vt(c.result)})`}${optsText(c.options)}`; break;
      case 'context.get': case 'context.set': body = `${c.kind} ${valText(c.type)} ${c.slot}`; break;
      case 'subtask.cancel': case 'stream.cancel-read': case 'stream.cancel-write': case 'future.cancel-read':
      case 'future.cancel-write':
        body = `${c.kind}${'type' in c ? ` ${c.type}` : ''}${c.async ? ' async' : ''}`; break;
      case 'thread.yield': case 'thread.suspend': case 'thread.suspend-then-resume': case 'thread.yield-then-resume':
      case 'thread.suspend-then-promote': case 'thread.yield-then-promote':
        body = `${c.kind}${c.cancellable ? ' cancellable' : ''}`; break;
      case 'waitable-set.wait': case 'waitable-set.poll':
        body = `${c.kind}${c.cancellable ? ' cancellable' : ''} (memory ${c.memory})`; break;
      case 'stream.new': case 'stream.drop-readable': case 'stream.drop-writable': case 'future.new':
      case 'future.drop-readable': case 'future.drop-writable': body = `${c.kind} ${c.type}`; break;
      case 'stream.read': case 'stream.write': case 'future.read': case 'future.write':
        body = `${c.kind} ${c.type}${optsText(c.options)}`; break;
      case 'error-context.new': case 'error-context.debug-message': body = `${c.kind}${optsText(c.options)}`; break;
      case 'thread.new-indirect': case 'thread.spawn-indirect': body = `${c.kind} ${c.funcType} (core table ${c.table})`; break;
      case 'thread.spawn-ref': body = `${c.kind} ${c.funcType}`; break;
      default: body = c.kind;
    }
    return `(core func${id} (canon ${body}))`;
  }
}

/** Printing cannot express the input (e.g. an undecoded section). */
export class PrintError extends Error {
  override name = 'PrintError';
  constructor(readonly reason: string, readonly offset: number) { super(`${reason} (at offset 0x${offset.toString(16)})`); }
}

function componentText(c: Component, head: string, indent: string, options: PrintOptions): string {
  const p = new Printer(c, `${indent}  `, options);
  for (const s of c.sections) p.section(s);
  const open = head === 'component' && p.componentName !== undefined ? `(component ${ident(p.componentName)}` : `(${head}`;
  return [open, ...p.out, `${indent})`].join('\n');
}

function vt(t: ValTypeRef): string {
  return typeof t === 'number' ? String(t) : t;
}

/** `(func 3)`, `(core module 0)`, … */
function sortRef(sort: Sort, index: number): string {
  return `(${sortText(sort)} ${index})`;
}

function sortText(sort: Sort): string {
  return sort === 'core-func-exact' ? 'core func' : sort.startsWith('core-') ? `core ${sort.slice(5)}` : sort;
}

function externNameText(n: ExternName): string {
  let s = quote(n.name);
  const order = n.optionOrder ?? ['implements', 'versionsuffix', 'external-id'];
  for (const k of order) {
    const v = k === 'implements' ? n.implements : k === 'versionsuffix' ? n.versionSuffix : n.externalId;
    if (v !== undefined) s += ` (${k} ${quote(v)})`;
  }
  return s;
}

function descSpace(d: ExternDesc): string {
  return d.kind;
}

/** `(func $id? (type N))`, `(type $id? (eq N))`, `(value $id? T)`, … */
function externDescText2(d: ExternDesc, id: string, _indent: string): string {
  switch (d.kind) {
    case 'core-module': return `(core module${id} (type ${d.type}))`;
    case 'func': case 'component': case 'instance': return `(${d.kind}${id} (type ${d.type}))`;
    case 'value': return `(value${id} ${typeof d.type === 'number' ? `(type ${d.type})` : d.type})`;
    case 'type': return d.bounds.kind === 'eq' ? `(type${id} (eq ${d.bounds.type}))` : `(type${id} (sub resource))`;
  }
}

function optsText(opts: CanonOpt[]): string {
  return opts.map((o) => {
    switch (o.kind) {
      case 'utf8': case 'utf16': case 'latin1+utf16': return ` string-encoding=${o.kind}`;
      case 'memory': return ` (memory ${o.index})`;
      case 'realloc': case 'post-return': case 'callback': case 'core-type': return ` (${o.kind} ${o.index})`;
      case 'async': case 'gc': return ` ${o.kind}`;
    }
  }).join('');
}

function coreInstanceText(x: CoreInstance): string {
  if (x.kind === 'instantiate') {
    return `(instantiate ${x.module}${x.args.map((a) => ` (with ${quote(a.name)} (instance ${a.instance}))`).join('')})`;
  }
  return x.exports.map((e) => `(export ${quote(e.name)} (${e.sort === 'func-exact' ? 'func' : e.sort} ${e.index}))`).join(' ');
}

function instanceText(x: Instance): string {
  if (x.kind === 'instantiate') {
    return `(instantiate ${x.component}${x.args.map((a) => ` (with ${quote(a.name)} ${sortRef(a.sort, a.index)})`).join('')})`;
  }
  return x.exports.map((e) => `(export ${externNameText(e.name)} ${sortRef(e.sort, e.index)})`).join(' ');
}

function aliasText(a: Alias, def: (space: string) => string): string {
  if (a.kind === 'instance-export') return `(alias export ${a.instance} ${quote(a.name)} (${sortText(a.sort)}${def(a.sort)}))`;
  if (a.kind === 'core-instance-export') {
    const sort = a.sort === 'func-exact' ? 'func' : a.sort;
    return `(alias core export ${a.instance} ${quote(a.name)} (core ${sort}${def(`core-${sort}`)}))`;
  }
  return `(alias outer ${a.count} ${a.index} (${sortText(a.sort)}${def(a.sort)}))`;
}

function coreTypeText(t: CoreTypeDef, indent: string): string {
  if (t.kind === 'rec') {
    // A rec group of one implicit member: `(core type (func …))` (explicit groups print as `(core rec …)`).
    return recGroupText(t.group, 0, () => '').slice(6, -1);
  }
  const inner = `${indent}    `;
  let typeIndex = 0;
  const decls = t.decls.map((d: ModuleDecl) => {
    switch (d.kind) {
      case 'import': return `${inner}(import ${quote(d.module)} ${quote(d.name)} ${externDescText(d.desc)})`;
      case 'type': { const g = recGroupText(d.group, typeIndex, () => ''); typeIndex += d.group.types.length; return inner + g; }
      case 'outer-alias': typeIndex++; return `${inner}(alias outer ${d.count} ${d.index} (type))`;
      case 'export': return `${inner}(export ${quote(d.name)} ${externDescText(d.desc)})`;
    }
  });
  return decls.length ? `(module\n${decls.join('\n')}\n${indent}  )` : '(module)';
}

function defValText(t: DefValType): string {
  switch (t.kind) {
    case 'primitive': return t.type;
    case 'record': return `(record${t.fields.map((f) => ` (field ${quote(f.name)} ${vt(f.type)})`).join('')})`;
    case 'variant': return `(variant${t.cases.map((c) => ` (case ${quote(c.name)}${c.type === undefined ? '' : ` ${vt(c.type)}`})`).join('')})`;
    case 'list': return `(list ${vt(t.element)})`;
    case 'fixed-list': return `(list ${vt(t.element)} ${t.length})`;
    case 'map': return `(map ${vt(t.key)} ${vt(t.value)})`;
    case 'tuple': return `(tuple${t.types.map((x) => ` ${vt(x)}`).join('')})`;
    case 'flags': case 'enum': return `(${t.kind}${t.names.map((n) => ` ${quote(n)}`).join('')})`;
    case 'option': return `(option ${vt(t.type)})`;
    case 'result': return `(result${t.ok === undefined ? '' : ` ${vt(t.ok)}`}${t.err === undefined ? '' : ` (error ${vt(t.err)})`})`;
    case 'own': case 'borrow': return `(${t.kind} ${t.resource})`;
    case 'future': case 'stream': return `(${t.kind}${t.type === undefined ? '' : ` ${vt(t.type)}`})`;
  }
}

function typeDefText(t: TypeDef, indent: string): string {
  switch (t.kind) {
    case 'defined': return defValText(t.type);
    case 'func': return `(func${t.async ? ' async' : ''}${t.params.map((p) => ` (param ${quote(p.name)} ${vt(p.type)})`).join('')}${
      t.result === undefined ? '' : ` (result ${vt(t.result)})`})`;
    case 'resource': return `(resource (rep ${valText(t.rep)})${t.dtor === undefined ? '' : ` (dtor ${t.dtor})`})`;
    case 'component': case 'instance': {
      const inner = `${indent}  `;
      const decls = t.decls.map((d) => `${inner}  ${declText(d, inner)}`);
      return decls.length ? `(${t.kind}\n${decls.join('\n')}\n${inner})` : `(${t.kind})`;
    }
  }
}

function declText(d: ComponentDecl, indent: string): string {
  switch (d.kind) {
    case 'core-type':
      if (d.type.kind === 'rec' && d.type.group.explicit) return `(core ${recGroupText(d.type.group, 0, () => '').slice(1)}`;
      return `(core type ${coreTypeText(d.type, `${indent}  `)})`;
    case 'type': return `(type ${typeDefText(d.type, `${indent}  `)})`;
    case 'alias': return aliasText(d.alias, () => '');
    case 'export': return `(export ${externNameText(d.name)} ${externDescText2(d.desc, '', indent)})`;
    case 'import': return `(import ${externNameText(d.name)} ${externDescText2(d.desc, '', indent)})`;
  }
}
