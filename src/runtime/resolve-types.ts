// Resolves the component `type` index space from the AST into `types/` objects: what the runtime needs until the
// validator's per-index types are wired in (isolated here so the switch is one import).
import type * as ast from '../binary/ast.js';
import {
  primitive, ResourceType, type ExternType, type FuncType, type InstanceType, type ValType,
} from '../types/index.js';
import { UnsupportedError, ValidationError } from '../errors.js';

/** One entry of a `type` index space. */
export type TypeEntry = ValType | FuncType | InstanceType | ResourceType | { readonly kind: 'component' } | { readonly kind: 'core-module' };

const VALUE_KINDS = new Set([
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'error-context',
  'record', 'variant', 'list', 'tuple', 'flags', 'enum', 'option', 'result', 'own', 'borrow', 'future', 'stream', 'map',
]);

export function isValType(t: TypeEntry | undefined): t is ValType {
  return t !== undefined && !(t instanceof ResourceType) && VALUE_KINDS.has(t.kind);
}

/** A type index space with its enclosing scopes (for outer aliases). */
export class TypeScope {
  readonly types: TypeEntry[] = [];
  constructor(readonly parent?: TypeScope) {}

  get(index: number, offset: number): TypeEntry {
    const t = this.types[index];
    if (t === undefined) throw new ValidationError(`unknown type ${index}`, offset);
    return t;
  }

  valType(ref: ast.ValTypeRef, offset: number): ValType {
    if (typeof ref === 'string') return primitive(ref);
    const t = this.get(ref, offset);
    if (!isValType(t)) throw new ValidationError(`type ${ref} is not a value type`, offset);
    return t;
  }

  funcType(index: number, offset: number): FuncType {
    const t = this.get(index, offset);
    if (t instanceof ResourceType || t.kind !== 'func') throw new ValidationError(`type ${index} is not a function type`, offset);
    return t as FuncType;
  }

  instanceType(index: number, offset: number): InstanceType {
    const t = this.get(index, offset);
    if (t instanceof ResourceType || t.kind !== 'instance') throw new ValidationError(`type ${index} is not an instance type`, offset);
    return t as InstanceType;
  }

  resource(index: number, offset: number): ResourceType {
    const t = this.get(index, offset);
    if (!(t instanceof ResourceType)) throw new ValidationError(`type ${index} is not a resource type`, offset);
    return t;
  }

  /** The scope `count` levels out (outer aliases). */
  outer(count: number, offset: number): TypeScope {
    let s: TypeScope | undefined = this;
    for (let i = 0; i < count && s; i++) s = s.parent;
    if (s === undefined) throw new ValidationError(`outer alias count ${count} is out of range`, offset);
    return s;
  }
}

// Explainer.md "Type Definitions": defvaltype → ValType.
export function resolveDefValType(d: ast.DefValType, s: TypeScope, offset: number): ValType {
  const v = (r: ast.ValTypeRef): ValType => s.valType(r, offset);
  switch (d.kind) {
    case 'primitive': return primitive(d.type);
    case 'record': return { kind: 'record', fields: d.fields.map((f) => ({ name: f.name, type: v(f.type) })) };
    case 'variant': return { kind: 'variant', cases: d.cases.map((c) => (c.type === undefined ? { name: c.name } : { name: c.name, type: v(c.type) })) };
    case 'list': return { kind: 'list', element: v(d.element) };
    case 'fixed-list': return { kind: 'list', element: v(d.element), length: d.length };
    case 'map': return { kind: 'map', key: v(d.key), value: v(d.value) };
    case 'tuple': return { kind: 'tuple', types: d.types.map(v) };
    case 'flags': return { kind: 'flags', names: d.names };
    case 'enum': return { kind: 'enum', names: d.names };
    case 'option': return { kind: 'option', type: v(d.type) };
    case 'result': return { kind: 'result', ...(d.ok !== undefined ? { ok: v(d.ok) } : {}), ...(d.err !== undefined ? { err: v(d.err) } : {}) };
    case 'own': return { kind: 'own', resource: s.resource(d.resource, offset) };
    case 'borrow': return { kind: 'borrow', resource: s.resource(d.resource, offset) };
    case 'future': return d.type === undefined ? { kind: 'future' } : { kind: 'future', type: v(d.type) };
    case 'stream': return d.type === undefined ? { kind: 'stream' } : { kind: 'stream', type: v(d.type) };
  }
}

/** Resolves one `type` definition (in a component, an instance type or a component type). */
export function resolveTypeDef(t: ast.TypeDef, s: TypeScope): TypeEntry {
  switch (t.kind) {
    case 'defined': return resolveDefValType(t.type, s, t.offset);
    case 'func': return {
      kind: 'func', params: t.params.map((p) => ({ name: p.name, type: s.valType(p.type, t.offset) })),
      ...(t.result !== undefined ? { result: s.valType(t.result, t.offset) } : {}), ...(t.async ? { async: true } : {}),
    };
    case 'resource': return new ResourceType('resource', t.rep === 'i64' ? 'i64' : 'i32');
    case 'instance': return resolveInstanceType(t.decls, s);
    case 'component': return { kind: 'component' };
  }
}

/** Resolves an `instancetype`'s declarations into its exports. */
export function resolveInstanceType(decls: readonly ast.InstanceDecl[], parent: TypeScope): InstanceType {
  const s = new TypeScope(parent);
  const exports = new Map<string, ExternType>();
  for (const d of decls) {
    switch (d.kind) {
      case 'core-type': break;
      case 'type': s.types.push(resolveTypeDef(d.type, s)); break;
      case 'alias': {
        const a = d.alias;
        if (a.kind === 'outer' && a.sort === 'type') s.types.push(s.outer(a.count, a.offset).get(a.index, a.offset));
        else if (a.kind === 'instance-export' && a.sort === 'type') throw new UnsupportedError('unsupported: instance-export type alias inside an instance type');
        break;
      }
      case 'export': {
        const et = externTypeOf(d.desc, s, d.offset);
        exports.set(d.name.name, et);
        if (et.kind === 'type') s.types.push(et.type as TypeEntry);
        break;
      }
    }
  }
  return { kind: 'instance', exports };
}

/** The extern type an import/export declares. */
export function externTypeOf(desc: ast.ExternDesc, s: TypeScope, offset: number): ExternType {
  switch (desc.kind) {
    case 'func': return { kind: 'func', type: s.funcType(desc.type, offset) };
    case 'instance': return { kind: 'instance', type: s.instanceType(desc.type, offset) };
    case 'value': return { kind: 'value', type: s.valType(desc.type, offset) };
    case 'type':
      if (desc.bounds.kind === 'eq') {
        const t = s.get(desc.bounds.type, offset);
        return { kind: 'type', bound: 'eq', type: t as ValType | ResourceType };
      }
      return { kind: 'type', bound: 'sub-resource', type: new ResourceType('resource', undefined, true) };
    case 'component': return { kind: 'component', type: { kind: 'component', imports: new Map(), exports: new Map() } };
    case 'core-module': return { kind: 'module', type: { kind: 'module', imports: [], exports: [] } };
  }
}
