// Re-declaring a world's imports in another component: the import side of `encodeWorld`'s declarations, emitted
// with their type and instance indices renamed into the target's index spaces; an import whose name the target
// already has is not declared twice (later aliases of it go to the existing one).
import type { Alias, ComponentDecl, ExternDesc, InstanceDecl, Sort, TypeDef, ValTypeRef } from '../binary/ast.js';
import type { ComponentBuilder } from './builder.js';

/** The target's imports by name. */
export type DeclaredImports = Map<string, { readonly sort: Sort; readonly index: number }>;

/** Renames the outer type references of a top-level type definition (instance types: their outer aliases). */
function remapTypeDef(t: TypeDef, types: readonly number[]): TypeDef {
  const ref = (v: ValTypeRef): ValTypeRef => (typeof v === 'number' ? types[v]! : v);
  switch (t.kind) {
    case 'func': return { ...t, params: t.params.map((p) => ({ name: p.name, type: ref(p.type) })), ...(t.result !== undefined ? { result: ref(t.result) } : {}) };
    case 'instance': case 'component': {
      const decls = t.decls.map((d) => (d.kind === 'alias' && d.alias.kind === 'outer' && d.alias.count === 1
        ? { ...d, alias: { ...d.alias, index: types[d.alias.index]! } } : d)) as InstanceDecl[];
      return { ...t, decls } as TypeDef;
    }
    case 'defined': {
      const d = t.type;
      switch (d.kind) {
        case 'record': return { ...t, type: { ...d, fields: d.fields.map((f) => ({ name: f.name, type: ref(f.type) })) } };
        case 'variant': return { ...t, type: { ...d, cases: d.cases.map((k) => (k.type === undefined ? k : { name: k.name, type: ref(k.type) })) } };
        case 'list': case 'fixed-list': return { ...t, type: { ...d, element: ref(d.element) } };
        case 'map': return { ...t, type: { ...d, key: ref(d.key), value: ref(d.value) } };
        case 'tuple': return { ...t, type: { ...d, types: d.types.map(ref) } };
        case 'option': return { ...t, type: { ...d, type: ref(d.type) } };
        case 'result': return { ...t, type: { kind: 'result', ...(d.ok !== undefined ? { ok: ref(d.ok) } : {}), ...(d.err !== undefined ? { err: ref(d.err) } : {}) } };
        case 'own': case 'borrow': return { ...t, type: { ...d, resource: types[d.resource]! } };
        case 'future': case 'stream': return d.type === undefined ? t : { ...t, type: { ...d, type: ref(d.type) } };
        default: return t;
      }
    }
    default: return t;
  }
}

function remapDesc(d: ExternDesc, types: readonly number[]): ExternDesc {
  switch (d.kind) {
    case 'type': return d.bounds.kind === 'eq' ? { kind: 'type', bounds: { kind: 'eq', type: types[d.bounds.type]! } } : d;
    case 'value': return typeof d.type === 'number' ? { kind: 'value', type: types[d.type]! } : d;
    default: return { ...d, type: types[d.type]! };
  }
}

/** Declares the imports of `decls` (up to the first export) in `b`; records them in `outer`. An import named in
 *  `skip` (linked inside the composition) is left out unless a later declaration aliases a type from it. */
export function declareImports(b: ComponentBuilder, decls: readonly ComponentDecl[], outer: DeclaredImports, skip: ReadonlySet<string> = new Set()): void {
  // Which decl-local instances later aliases read from.
  const aliased = new Set<number>();
  for (const d of decls) {
    if (d.kind === 'export') break;
    if (d.kind === 'alias' && d.alias.kind === 'instance-export') aliased.add(d.alias.instance);
  }
  const types: number[] = [];
  const instances: number[] = [];
  for (const d of decls) {
    if (d.kind === 'export') break;
    if (d.kind === 'import' && d.desc.kind === 'instance' && skip.has(d.name.name) && !aliased.has(instances.length)) {
      instances.push(-1);
      continue;
    }
    if (d.kind === 'type') types.push(b.type(remapTypeDef(d.type, types)));
    else if (d.kind === 'core-type') b.coreType(d.type);
    else if (d.kind === 'alias') {
      const a: Alias = d.alias.kind === 'instance-export' ? { ...d.alias, instance: instances[d.alias.instance]! } : d.alias;
      const idx = b.alias(a);
      if (a.sort === 'type') types.push(idx);
      else if (a.sort === 'instance') instances.push(idx);
    } else {
      const name = d.name.name;
      const sort: Sort = d.desc.kind === 'core-module' ? 'core-module' : d.desc.kind;
      const known = outer.get(name);
      const index = known?.index ?? b.addImport(d.name, remapDesc(d.desc, types));
      if (!known) outer.set(name, { sort, index });
      if (sort === 'instance') instances.push(index);
      else if (sort === 'type') types.push(index);
    }
  }
}
