// The WIT world of an ordinary component (what `wasm-tools component wit` infers): world `root` of package
// `root:component`, its items the component's imports and exports. Exports are typed by following the
// component's index spaces far enough to name types: canon lifts, aliases, ascriptions, and instances of
// nested components (whose type imports take the arguments given at instantiation).
import type * as ast from '../binary/ast.js';
import { fail, instanceInfoInto, newInstanceInfo, parseInterfaceName, Scope, type InstanceInfo, type Slot, type WitBuilder } from './builder.js';
import { worldItem } from './decode-world.js';
import { UNKNOWN_STABILITY } from '../wit/model.js';

const EMPTY: ast.Component = { kind: 'component', offset: 0, version: 0x0d, layer: 1, sections: [], end: 0 };

/** A nested component definition, evaluated when instantiated. */
interface ComponentDef { readonly ast: ast.Component; readonly scope: Scope }

/** A component's index spaces while walking it; imports either come from arguments or become world items. */
class ComponentScope extends Scope {
  readonly nested: ComponentDef[] = [];
}

type Args = ReadonlyMap<string, { readonly sort: ast.Sort; readonly value: Slot | InstanceInfo | ComponentDef }>;

/** Decodes the root component `c` into world `worldId`. */
export function decodeComponentWorld(b: WitBuilder, c: ast.Component, worldId: number): void {
  const worldTypes = new Map<string, number>();
  const pkg = b.resolve.worlds[worldId]!.package!;
  walk(b, c, new ComponentScope(), {
    onImport: (scope, imp) => {
      worldItem(b, worldId, scope, imp, true, worldTypes);
      // An imported component can be instantiated but its body is unknown: its instances export nothing we name.
      if (imp.desc.kind === 'component') (scope as ComponentScope).nested.push({ ast: EMPTY, scope });
    },
    onExport: (scope, exp, value) => {
      const world = b.resolve.worlds[worldId]!;
      const name = exp.name.name;
      const externalId = exp.name.externalId;
      if (exp.sort === 'func') {
        const f = b.func(name, value as Slot, (r) => worldTypes.get(r), exp.offset, externalId);
        world.exports.set(f.name, { kind: 'function', func: f });
      } else if (exp.sort === 'instance') {
        const impl = exp.name.implements;
        const named = parseInterfaceName(name) !== undefined && impl === undefined;
        const iface = impl !== undefined ? b.namedInterface(impl, exp.offset) : named ? b.namedInterface(name, exp.offset) : b.newInterface(undefined, pkg);
        const desc = exp.desc;
        const ascribed = desc?.kind === 'instance' ? scope.type(desc.type, exp.offset) : undefined;
        if (ascribed?.k === 'instance') b.instanceInto(ascribed.def, ascribed.scope, iface);
        else instanceInfoInto(b, value as InstanceInfo, iface, exp.offset);
        world.exports.set(named ? { interface: iface } : name, { kind: 'interface', id: iface, stability: UNKNOWN_STABILITY, ...(externalId !== undefined ? { externalId } : {}) });
      }
    },
  });
}

interface Hooks {
  onImport(scope: Scope, imp: ast.Import): void;
  onExport(scope: Scope, exp: ast.Export, value: Slot | InstanceInfo | ComponentDef): void;
}

/** Walks a component's sections in order, filling `scope`; returns its exports as an instance. */
function walk(b: WitBuilder, c: ast.Component, scope: ComponentScope, hooks: Hooks): InstanceInfo {
  const out = newInstanceInfo();
  for (const s of c.sections) {
    switch (s.kind) {
      case 'type': for (const t of s.items) scope.types.push(b.typeDefSlot(t, scope)); break;
      case 'import': for (const imp of s.items) hooks.onImport(scope, imp); break;
      case 'alias':
        for (const a of s.items) {
          if (a.kind === 'outer' && a.sort === 'component') {
            const from = scope.outer(a.count, a.offset);
            scope.nested.push((from as ComponentScope).nested?.[a.index] ?? fail(`unknown component ${a.index}`, a.offset));
          } else if (a.kind === 'instance-export' && a.sort === 'component') {
            const c = scope.instance(a.instance, a.offset).components.get(a.name) as ComponentDef | undefined;
            scope.nested.push(c ?? { ast: EMPTY, scope });
          } else b.alias(a, scope);
        }
        break;
      case 'canon':
        for (const k of s.items) if (k.kind === 'lift') scope.funcs.push(scope.type(k.type, k.offset));
        break;
      case 'component': scope.nested.push({ ast: s.component, scope }); break;
      case 'instance':
        for (const i of s.items) scope.instances.push(instance(b, scope, i));
        break;
      case 'export':
        for (const e of s.items) {
          const value = exportValue(scope, e);
          hooks.onExport(scope, e, value);
          addExport(out, e.name.name, e.sort, value);
          if (e.sort === 'func') scope.funcs.push(value as Slot);
          else if (e.sort === 'type') scope.types.push(value as Slot);
          else if (e.sort === 'instance') scope.instances.push(value as InstanceInfo);
          else if (e.sort === 'component') scope.nested.push(value as ComponentDef);
        }
        break;
      default: break;
    }
  }
  return out;
}

/** The item an export names; an ascribed func type replaces the item's own (it renames types). */
function exportValue(scope: ComponentScope, e: ast.Export): Slot | InstanceInfo | ComponentDef {
  switch (e.sort) {
    case 'func': return e.desc?.kind === 'func' ? scope.type(e.desc.type, e.offset) : scope.func(e.index, e.offset);
    case 'type': return scope.type(e.index, e.offset);
    case 'instance': return scope.instance(e.index, e.offset);
    case 'component': return scope.nested[e.index] ?? fail(`unknown component ${e.index}`, e.offset);
    // Core items and values have no WIT form; a placeholder keeps the export map total.
    default: return { k: 'prim', type: 'u8' };
  }
}

function addExport(info: InstanceInfo, name: string, sort: ast.Sort, value: Slot | InstanceInfo | ComponentDef): void {
  if (sort === 'func') info.funcs.set(name, value as Slot);
  else if (sort === 'type') info.types.set(name, value as Slot);
  else if (sort === 'instance') info.instances.set(name, value as InstanceInfo);
  else if (sort === 'component') info.components.set(name, value);
}

/** `instanceexpr`: inline exports, or instantiating a nested component with arguments. */
function instance(b: WitBuilder, scope: ComponentScope, i: ast.Instance): InstanceInfo {
  if (i.kind === 'exports') {
    const info = newInstanceInfo();
    for (const e of i.exports) addExport(info, e.name.name, e.sort, sortValue(scope, e.sort, e.index, e.offset));
    return info;
  }
  const def = scope.nested[i.component] ?? fail(`unknown component ${i.component}`, i.offset);
  const args = new Map<string, { sort: ast.Sort; value: Slot | InstanceInfo | ComponentDef }>();
  for (const a of i.args) args.set(a.name, { sort: a.sort, value: sortValue(scope, a.sort, a.index, a.offset) });
  return instantiate(b, def, args);
}

function sortValue(scope: ComponentScope, sort: ast.Sort, index: number, offset: number): Slot | InstanceInfo | ComponentDef {
  switch (sort) {
    case 'func': return scope.func(index, offset);
    case 'type': return scope.type(index, offset);
    case 'instance': return scope.instance(index, offset);
    case 'component': return scope.nested[index] ?? fail(`unknown component ${index}`, offset);
    default: return { k: 'prim', type: 'u8' };
  }
}

/** Evaluates a nested component with `args` bound to its imports; returns its exports. */
function instantiate(b: WitBuilder, def: ComponentDef, args: Args): InstanceInfo {
  const scope = new ComponentScope(def.scope);
  return walk(b, def.ast, scope, {
    onImport: (s, imp) => {
      const arg = args.get(imp.name.name);
      const d = imp.desc;
      // Unsatisfied imports (not possible in a valid component) get the import's own declared type.
      if (d.kind === 'type') s.types.push(arg ? arg.value as Slot : d.bounds.kind === 'eq' ? s.type(d.bounds.type, imp.offset) : { k: 'resdef' });
      else if (d.kind === 'func') s.funcs.push(arg ? arg.value as Slot : s.type(d.type, imp.offset));
      else if (d.kind === 'instance') s.instances.push(arg ? arg.value as InstanceInfo : newInstanceInfo());
      else if (d.kind === 'component' && arg) (s as ComponentScope).nested.push(arg.value as ComponentDef);
    },
    onExport: () => {},
  });
}
