// Renders types in WIT syntax, for messages, `inspect` and generated declarations.
import type { FuncType } from './functions.js';
import type { ValType } from './values.js';
import type { ExternType } from './externs.js';

export function valTypeToString(t: ValType): string {
  switch (t.kind) {
    case 'record': return `record { ${t.fields.map((f) => `${f.name}: ${valTypeToString(f.type)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map((c) => (c.type ? `${c.name}(${valTypeToString(c.type)})` : c.name)).join(', ')} }`;
    case 'list': return t.length === undefined ? `list<${valTypeToString(t.element)}>` : `list<${valTypeToString(t.element)}, ${t.length}>`;
    case 'tuple': return `tuple<${t.types.map(valTypeToString).join(', ')}>`;
    case 'flags': return `flags { ${t.names.join(', ')} }`;
    case 'enum': return `enum { ${t.names.join(', ')} }`;
    case 'option': return `option<${valTypeToString(t.type)}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      if (!t.err) return `result<${valTypeToString(t.ok!)}>`;
      return `result<${t.ok ? valTypeToString(t.ok) : '_'}, ${valTypeToString(t.err)}>`;
    case 'own': return `own<${t.resource.name || `resource#${t.resource.id}`}>`;
    case 'borrow': return `borrow<${t.resource.name || `resource#${t.resource.id}`}>`;
    case 'future': return t.type ? `future<${valTypeToString(t.type)}>` : 'future';
    case 'stream': return t.type ? `stream<${valTypeToString(t.type)}>` : 'stream';
    case 'map': return `map<${valTypeToString(t.key)}, ${valTypeToString(t.value)}>`;
    default: return t.kind;
  }
}

export function funcTypeToString(f: FuncType): string {
  const params = f.params.map((p) => `${p.name}: ${valTypeToString(p.type)}`).join(', ');
  return `${f.async ? 'async ' : ''}func(${params})${f.result ? ` -> ${valTypeToString(f.result)}` : ''}`;
}

export function externTypeToString(e: ExternType): string {
  switch (e.kind) {
    case 'func': return funcTypeToString(e.type);
    case 'value': return `value ${valTypeToString(e.type)}`;
    case 'type': {
      if (e.bound === 'sub-resource') return 'resource';
      const t = e.type;
      switch (t.kind) {
        case 'resource': return `type ${t.name}`;
        case 'func': return `type ${funcTypeToString(t)}`;
        case 'instance': case 'component': return `type ${externTypeToString({ kind: t.kind, type: t } as ExternType)}`;
        default: return `type ${valTypeToString(t)}`;
      }
    }
    case 'instance': return `instance { ${[...e.type.exports].map(([n, x]) => `${n}: ${externTypeToString(x)}`).join('; ')} }`;
    case 'component': return `component { ${[...e.type.imports.keys()].map((n) => `import ${n}`).concat([...e.type.exports.keys()].map((n) => `export ${n}`)).join('; ')} }`;
    case 'module': return 'core module';
  }
}
