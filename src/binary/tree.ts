// A readable tree of a component AST (for `kumiki inspect`): core modules with sizes and surfaces, instances,
// types, imports/exports with their types, canon definitions with options. Each definition shows its index.
import type {
  Alias, Canon, CanonOpt, Component, ComponentDecl, CoreExternDesc, CoreInstance, CoreTypeDef, CoreValType, DefValType,
  ExternDesc, ExternName, HeapType, Instance, RecGroup, Sort, SubType, TypeDef, ValTypeRef,
} from './ast.js';
import { readCoreModuleSurface } from './read-module.js';

export interface TreeOptions {
  /** Also list each core module's imports and exports (default true). */
  readonly moduleSurfaces?: boolean;
}

/** Renders `c` as an indented tree (lines joined by `\n`). */
export function componentTree(c: Component, options: TreeOptions = {}): string {
  const lines: string[] = [`component (${c.end - c.offset} bytes)`];
  walk(c, '', lines, options.moduleSurfaces ?? true);
  return lines.join('\n');
}

/** Index spaces of one component, keyed by sort. */
class Spaces {
  private readonly next = new Map<string, number>();
  /** Locally defined types, for printing signatures of imports/exports/lifts. */
  readonly types = new Map<number, TypeDef>();
  add(sort: string): number {
    const i = this.next.get(sort) ?? 0;
    this.next.set(sort, i + 1);
    return i;
  }
}

function walk(c: Component, indent: string, lines: string[], surfaces: boolean): void {
  const sp = new Spaces();
  const items: { text: string; nested?: Component; extra?: string[] }[] = [];
  for (const s of c.sections) {
    switch (s.kind) {
      case 'custom': items.push({ text: `custom "${s.name}" (${s.data.length} bytes)` }); break;
      case 'core-module': {
        const i = sp.add('core-module');
        const size = s.module.bytes.length;
        items.push({ text: `core module ${i} (${formatSize(size)} @0x${s.module.offset.toString(16)})`, extra: surfaces ? moduleLines(s.module.bytes, s.module.offset) : [] });
        break;
      }
      case 'core-instance': for (const x of s.items) items.push({ text: `core instance ${sp.add('core-instance')} = ${coreInstance(x)}` }); break;
      case 'core-type': for (const t of s.items) items.push({ text: `core type ${sp.add('core-type')} = ${coreTypeDef(t)}` }); break;
      case 'component': items.push({ text: `component ${sp.add('component')} (${s.bytes.length} bytes)`, nested: s.component }); break;
      case 'instance': for (const x of s.items) items.push({ text: `instance ${sp.add('instance')} = ${instance(x)}` }); break;
      case 'alias': for (const a of s.items) items.push({ text: `${sortName(aliasSort(a))} ${sp.add(aliasSort(a))} = ${alias(a)}` }); break;
      case 'type':
        for (const t of s.items) {
          const i = sp.add('type');
          sp.types.set(i, t);
          items.push({ text: `type ${i} = ${typeDef(t)}`, extra: t.kind === 'instance' || t.kind === 'component' ? declLines(t.decls, '  ') : [] });
        }
        break;
      case 'canon':
        for (const x of s.items) {
          const sort = x.kind === 'lift' ? 'func' : 'core-func';
          items.push({ text: `${sortName(sort)} ${sp.add(sort)} = ${canon(x, sp)}` });
        }
        break;
      case 'start': items.push({ text: `start func ${s.start.func} (args ${s.start.args.join(', ') || 'none'}; ${s.start.results} results)` }); break;
      case 'import':
        for (const x of s.items) items.push({ text: `import ${externName(x.name)}: ${sortName(x.desc.kind)} ${sp.add(x.desc.kind)} : ${externDesc(x.desc, sp)}` });
        break;
      case 'export':
        for (const x of s.items) {
          const ascribed = x.desc ? ` : ${externDesc(x.desc, sp)}` : '';
          items.push({ text: `export ${externName(x.name)} = ${sortName(x.sort)} ${x.index} → ${sortName(x.sort)} ${sp.add(x.sort)}${ascribed}` });
        }
        break;
      case 'unknown': items.push({ text: `section ${s.id} (${s.data.length} bytes, not decoded)` }); break;
    }
  }
  items.forEach((item, k) => {
    const last = k === items.length - 1;
    lines.push(`${indent}${last ? '└─ ' : '├─ '}${item.text}`);
    const childIndent = indent + (last ? '   ' : '│  ');
    for (const e of item.extra ?? []) lines.push(`${childIndent}${e}`);
    if (item.nested) walk(item.nested, childIndent, lines, surfaces);
  });
}

function formatSize(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e4 ? `${(n / 1e3).toFixed(1)} kB` : `${n} bytes`;
}

/** A core module's imports and exports (function types resolved), or the reason it could not be read. */
function moduleLines(bytes: Uint8Array, offset: number): string[] {
  try {
    const s = readCoreModuleSurface(bytes, offset);
    const subtypes: SubType[] = s.types.flatMap((g) => g.types);
    const funcSig = (t: number) => {
      const st = subtypes[t];
      return st ? compositeText(st) : `type ${t}`;
    };
    const out: string[] = [];
    for (const i of s.imports) out.push(`import "${i.module}" "${i.name}": ${coreExternDesc(i.desc, funcSig)}`);
    const imported = (k: string) => s.imports.filter((i) => i.desc.kind === k).length;
    const importedFuncs = imported('func') + imported('func-exact');
    for (const e of s.exports) {
      let ty = '';
      if (e.kind === 'func') {
        const local = e.index - importedFuncs;
        const t = local >= 0 ? s.funcs[local] : undefined;
        ty = t !== undefined ? ` ${funcSig(t)}` : '';
      } else if (e.kind === 'memory') {
        const m = s.memories[e.index - imported('memory')];
        ty = m ? ` (memory ${limits(m.min, m.max)}${m.memory64 ? ' i64' : ''})` : '';
      }
      out.push(`export "${e.name}": ${e.kind} ${e.index}${ty}`);
    }
    return out;
  } catch (e) {
    return [`(surface unreadable: ${(e as Error).message})`];
  }
}

function limits(min: bigint, max?: bigint): string {
  return max === undefined ? `${min}` : `${min} ${max}`;
}

// ───────────────────────────── core types ─────────────────────────────

function heapText(h: HeapType): string {
  switch (h.kind) {
    case 'abstract': return h.shared ? `(shared ${h.type})` : h.type;
    case 'concrete': return `${h.index}`;
    case 'exact': return `(exact ${h.index})`;
  }
}

function coreValText(t: CoreValType): string {
  if (typeof t === 'string') return t;
  if (t.nullable && t.heap.kind === 'abstract' && !t.heap.shared) return `${t.heap.type}ref`;
  return `(ref ${t.nullable ? 'null ' : ''}${heapText(t.heap)})`;
}

function compositeText(s: SubType): string {
  const i = s.composite.inner;
  let body: string;
  switch (i.kind) {
    case 'func': {
      const p = i.params.length ? ` (param ${i.params.map(coreValText).join(' ')})` : '';
      const r = i.results.length ? ` (result ${i.results.map(coreValText).join(' ')})` : '';
      body = `(func${p}${r})`;
      break;
    }
    case 'struct': body = `(struct ${i.fields.map((f) => `(field ${f.mutable ? '(mut ' : ''}${typeof f.storage === 'string' ? f.storage : coreValText(f.storage)}${f.mutable ? ')' : ''})`).join(' ')})`; break;
    case 'array': body = `(array ${typeof i.field.storage === 'string' ? i.field.storage : coreValText(i.field.storage)})`; break;
    case 'cont': body = `(cont ${i.type})`; break;
  }
  if (s.explicit && (!s.final || s.supertypes.length)) body = `(sub ${s.final ? 'final ' : ''}${s.supertypes.join(' ')} ${body})`;
  return body;
}

function recGroupText(g: RecGroup): string {
  return g.explicit ? `(rec ${g.types.map(compositeText).join(' ')})` : compositeText(g.types[0]!);
}

function coreExternDesc(d: CoreExternDesc, funcSig: (t: number) => string = (t) => `type ${t}`): string {
  switch (d.kind) {
    case 'func': return `func ${funcSig(d.type)}`;
    case 'func-exact': return `func exact ${funcSig(d.type)}`;
    case 'table': return `table ${limits(d.min, d.max)} ${coreValText(d.element)}`;
    case 'memory': return `memory ${limits(d.min, d.max)}${d.memory64 ? ' i64' : ''}${d.shared ? ' shared' : ''}`;
    case 'global': return `global ${d.mutable ? `(mut ${coreValText(d.type)})` : coreValText(d.type)}`;
    case 'tag': return `tag type ${d.type}`;
  }
}

function coreTypeDef(t: CoreTypeDef): string {
  if (t.kind === 'rec') return recGroupText(t.group);
  const parts = t.decls.map((d) => {
    switch (d.kind) {
      case 'import': return `(import "${d.module}" "${d.name}" ${coreExternDesc(d.desc)})`;
      case 'export': return `(export "${d.name}" ${coreExternDesc(d.desc)})`;
      case 'type': return `(type ${recGroupText(d.group)})`;
      case 'outer-alias': return `(alias outer ${d.count} ${d.index})`;
    }
  });
  return `(module ${parts.join(' ')})`;
}

// ───────────────────────────── component items ─────────────────────────────

function sortName(s: Sort | string): string {
  return s.startsWith('core-') ? `core ${s.slice(5)}` : s;
}

function aliasSort(a: Alias): string {
  return a.kind === 'core-instance-export' ? `core-${a.sort}` : a.sort;
}

function alias(a: Alias): string {
  switch (a.kind) {
    case 'instance-export': return `instance ${a.instance} export "${a.name}"`;
    case 'core-instance-export': return `core instance ${a.instance} export "${a.name}"`;
    case 'outer': return `outer ${a.count} ${sortName(a.sort)} ${a.index}`;
  }
}

function coreInstance(i: CoreInstance): string {
  if (i.kind === 'instantiate') {
    const args = i.args.map((a) => `"${a.name}" = core instance ${a.instance}`).join(', ');
    return `instantiate core module ${i.module}${args ? ` with ${args}` : ''}`;
  }
  return `{ ${i.exports.map((e) => `"${e.name}": core ${e.sort} ${e.index}`).join(', ')} }`;
}

function instance(i: Instance): string {
  if (i.kind === 'instantiate') {
    const args = i.args.map((a) => `"${a.name}" = ${sortName(a.sort)} ${a.index}`).join(', ');
    return `instantiate component ${i.component}${args ? ` with ${args}` : ''}`;
  }
  return `{ ${i.exports.map((e) => `${externName(e.name)}: ${sortName(e.sort)} ${e.index}`).join(', ')} }`;
}

function externName(n: ExternName): string {
  let s = JSON.stringify(n.name);
  if (n.implements !== undefined) s += ` (implements ${JSON.stringify(n.implements)})`;
  if (n.versionSuffix !== undefined) s += ` (versionsuffix ${JSON.stringify(n.versionSuffix)})`;
  if (n.externalId !== undefined) s += ` (external-id ${JSON.stringify(n.externalId)})`;
  return s;
}

function valRef(t: ValTypeRef): string {
  return typeof t === 'number' ? `type ${t}` : t;
}

function defValType(t: DefValType): string {
  switch (t.kind) {
    case 'primitive': return t.type;
    case 'record': return `record { ${t.fields.map((f) => `${f.name}: ${valRef(f.type)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map((c) => (c.type === undefined ? c.name : `${c.name}(${valRef(c.type)})`)).join(', ')} }`;
    case 'list': return `list<${valRef(t.element)}>`;
    case 'fixed-list': return `list<${valRef(t.element)}, ${t.length}>`;
    case 'map': return `map<${valRef(t.key)}, ${valRef(t.value)}>`;
    case 'tuple': return `tuple<${t.types.map(valRef).join(', ')}>`;
    case 'flags': return `flags { ${t.names.join(', ')} }`;
    case 'enum': return `enum { ${t.names.join(', ')} }`;
    case 'option': return `option<${valRef(t.type)}>`;
    case 'result': return `result<${t.ok === undefined ? '_' : valRef(t.ok)}, ${t.err === undefined ? '_' : valRef(t.err)}>`;
    case 'own': return `own<type ${t.resource}>`;
    case 'borrow': return `borrow<type ${t.resource}>`;
    case 'future': return t.type === undefined ? 'future' : `future<${valRef(t.type)}>`;
    case 'stream': return t.type === undefined ? 'stream' : `stream<${valRef(t.type)}>`;
  }
}

function typeDef(t: TypeDef): string {
  switch (t.kind) {
    case 'defined': return defValType(t.type);
    case 'func': return `${t.async ? 'async ' : ''}func(${t.params.map((p) => `${p.name}: ${valRef(p.type)}`).join(', ')})${t.result === undefined ? '' : ` -> ${valRef(t.result)}`}`;
    case 'resource': return `resource (rep ${coreValText(t.rep)})${t.dtor === undefined ? '' : ` (dtor core func ${t.dtor})`}`;
    case 'component': return `component type (${t.decls.length} decls)`;
    case 'instance': return `instance type (${t.decls.length} decls)`;
  }
}

/** One line per declaration of an instance/component type, in its own index spaces; nested types indent. */
function declLines(decls: readonly ComponentDecl[], indent: string): string[] {
  const sp = new Spaces();
  const out: string[] = [];
  for (const d of decls) {
    switch (d.kind) {
      case 'core-type': out.push(`${indent}core type ${sp.add('core-type')} = ${coreTypeDef(d.type)}`); break;
      case 'type': {
        const i = sp.add('type');
        sp.types.set(i, d.type);
        out.push(`${indent}type ${i} = ${typeDef(d.type)}`);
        if (d.type.kind === 'instance' || d.type.kind === 'component') out.push(...declLines(d.type.decls, `${indent}  `));
        break;
      }
      case 'alias': out.push(`${indent}${sortName(aliasSort(d.alias))} ${sp.add(aliasSort(d.alias))} = ${alias(d.alias)}`); break;
      case 'import':
      case 'export':
        out.push(`${indent}${d.kind} ${externName(d.name)}: ${sortName(d.desc.kind)} ${sp.add(d.desc.kind)} : ${externDesc(d.desc, sp)}`);
        break;
    }
  }
  return out;
}

/** Shows the signature when the type index names a locally defined type. */
function typeRef(i: number, sp: Spaces): string {
  const t = sp.types.get(i);
  return t && t.kind !== 'instance' && t.kind !== 'component' ? `type ${i} = ${typeDef(t)}` : `type ${i}`;
}

function externDesc(d: ExternDesc, sp: Spaces): string {
  switch (d.kind) {
    case 'type': return d.bounds.kind === 'eq' ? `(eq ${typeRef(d.bounds.type, sp)})` : '(sub resource)';
    case 'value': return valRef(d.type);
    default: return typeRef(d.type, sp);
  }
}

function canonOpts(opts: readonly CanonOpt[]): string {
  if (!opts.length) return '';
  return ` [${opts.map((o) => ('index' in o ? `${o.kind} ${o.index}` : o.kind)).join(', ')}]`;
}

function canon(c: Canon, sp: Spaces): string {
  switch (c.kind) {
    case 'lift': return `canon lift core func ${c.coreFunc} : ${typeRef(c.type, sp)}${canonOpts(c.options)}`;
    case 'lower': return `canon lower func ${c.func}${canonOpts(c.options)}`;
    default: {
      const rest = Object.entries(c)
        .filter(([k]) => k !== 'kind' && k !== 'offset' && k !== 'options')
        .map(([k, v]) => `${k} ${typeof v === 'object' ? coreValText(v as CoreValType) : valueText(k, v)}`);
      const opts = 'options' in c ? canonOpts(c.options) : '';
      return `canon ${c.kind}${rest.length ? ` ${rest.join(' ')}` : ''}${opts}`;
    }
  }
}

/** `task.return`'s result is a value type (index → `type N`); other immediates are plain numbers/booleans. */
function valueText(key: string, v: unknown): string {
  return key === 'result' ? valRef(v as ValTypeRef) : String(v);
}
