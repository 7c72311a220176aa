// A component type body read as WIT (WIT.md "Package Format"): a world's imports/exports, or the wrapper around
// an interface/world in a WIT package, where instance imports/exports named `ns:pkg/iface@v` are interfaces.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import { UNKNOWN_STABILITY } from '../wit/model.js';
import { Scope, fail, parseInterfaceName, type Slot, type WitBuilder } from './builder.js';

/** What a wrapper body exports: the package's interface or world (by id), with its `ns:pkg/name@v`. */
export type PackageItem = { readonly kind: 'interface' | 'world'; readonly id: number; readonly name: string };

/**
 * Decodes the world component type `def` (defined in `parent`) as world `name` of package `pkg`.
 * Imports/exports of instances named `ns:pkg/iface@v` become interface items, plain-named instances inline
 * interfaces, functions function items, type imports world types.
 */
export function decodeWorld(b: WitBuilder, def: ast.ComponentTypeDef, parent: Scope, name: string, pkg: number): number {
  const worldId = b.newWorld(name, pkg);
  const scope = new Scope(parent);
  const worldTypes = new Map<string, number>();
  for (const d of def.decls) {
    if (d.kind === 'type') scope.types.push(b.typeDefSlot(d.type, scope));
    else if (d.kind === 'alias') b.alias(d.alias, scope);
    else if (d.kind === 'import' || d.kind === 'export') worldItem(b, worldId, scope, d, d.kind === 'import', worldTypes);
  }
  return worldId;
}

/** One import/export declaration of a world: adds the item and pushes what it defines into `scope`. */
export function worldItem(
  b: WitBuilder, worldIndex: number, scope: Scope, d: { readonly name: ast.ExternName; readonly desc: ast.ExternDesc; readonly offset: number },
  isImport: boolean, worldTypes: Map<string, number>,
): void {
  const world = b.resolve.worlds[worldIndex]!;
  const items = isImport ? world.imports : world.exports;
  const pkg = world.package!;
  const name = d.name.name;
  const desc = d.desc;
  const externalId = d.name.externalId;
  switch (desc.kind) {
    case 'instance': {
      const slot = scope.type(desc.type, d.offset);
      if (slot.k !== 'instance') fail(`import/export \`${name}\` is not an instance type`, d.offset);
      // `(implements "ns:pkg/iface")` on a plain name: the named interface under that name (`import a: ns:pkg/iface;`).
      const impl = d.name.implements;
      const named = parseInterfaceName(name) !== undefined;
      const iface = impl !== undefined ? b.namedInterface(impl, d.offset) : named ? b.namedInterface(name, d.offset) : b.newInterface(undefined, pkg);
      const info = b.instanceInto(slot.def, slot.scope, iface);
      items.set(named && impl === undefined ? { interface: iface } : name, { kind: 'interface', id: iface, stability: UNKNOWN_STABILITY, ...(externalId !== undefined ? { externalId } : {}) });
      scope.instances.push(info);
      return;
    }
    case 'func': {
      const slot = scope.type(desc.type, d.offset);
      const f = b.func(name, slot, (r) => worldTypes.get(r), d.offset, externalId);
      items.set(f.name, { kind: 'function', func: f });
      scope.funcs.push(slot);
      return;
    }
    case 'type': {
      const owner = { world: worldIndex };
      const slot: Slot = desc.bounds.kind === 'sub-resource'
        ? b.resource(name, owner, externalId)
        : b.namedType(name, scope.type(desc.bounds.type, d.offset), owner, d.offset, externalId);
      if (slot.k === 'named') {
        worldTypes.set(name, slot.id);
        items.set(name, { kind: 'type', id: slot.id });
      }
      scope.types.push(slot);
      return;
    }
    case 'core-module': case 'component':
      // No WIT form (wit-parser leaves these out of the world); the index space still grows.
      if (desc.kind === 'component') scope.components.push({ k: 'prim', type: 'u8' });
      return;
    default:
      throw new ValidationError(`a WIT world cannot ${isImport ? 'import' : 'export'} a ${desc.kind} (\`${name}\`)`, d.offset);
  }
}

/**
 * Decodes the wrapper component type of one WIT package item (WIT.md: each interface/world is exported as a
 * component type that imports its foreign dependencies and exports exactly one instance or component type).
 */
export function decodePackageItem(b: WitBuilder, def: ast.ComponentTypeDef, parent: Scope): PackageItem {
  const scope = new Scope(parent);
  let item: PackageItem | undefined;
  for (const d of def.decls) {
    if (d.kind === 'type') { scope.types.push(b.typeDefSlot(d.type, scope)); continue; }
    if (d.kind === 'alias') { b.alias(d.alias, scope); continue; }
    if (d.kind === 'core-type') continue;
    const name = d.name.name;
    const desc = d.desc;
    if (desc.kind === 'instance') {
      const slot = scope.type(desc.type, d.offset);
      if (slot.k !== 'instance') fail(`\`${name}\` is not an instance type`, d.offset);
      const iface = b.namedInterface(name, d.offset);
      scope.instances.push(b.instanceInto(slot.def, slot.scope, iface));
      if (d.kind === 'export') item = { kind: 'interface', id: iface, name };
      continue;
    }
    if (desc.kind === 'component' && d.kind === 'export') {
      const slot = scope.type(desc.type, d.offset);
      if (slot.k !== 'component') fail(`\`${name}\` is not a component type`, d.offset);
      const p = parseInterfaceName(name);
      if (!p) fail(`expected a world name of the form \`ns:pkg/world\`, found \`${name}\``, d.offset);
      const pkg = b.packageId(p.namespace, p.pkg, p.version);
      item = { kind: 'world', id: decodeWorld(b, slot.def, slot.scope, p.iface, pkg), name };
      continue;
    }
    fail(`unexpected ${desc.kind} ${d.kind} \`${name}\` in a WIT package item`, d.offset);
  }
  if (!item) fail('WIT package item exports no interface or world', def.offset);
  return item;
}
