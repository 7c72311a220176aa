// World elaboration (wit-parser's `elaborate_world`): every interface an import or export depends on through `use`
// becomes an import, exports that would need an import of something they export are rejected, and imports are
// ordered interfaces → cross-owner type aliases → local types → functions → resource functions.
import { WitSyntaxError, type Span } from './lexer.js';
import { WorldItems, type Resolve, type Stability, type WorldItem, type WorldKey } from './model.js';
import { interfaceDirectDeps, nameWorldKey, ownerEquals, typeInterfaceDep } from './queries.js';

/** Adds the interfaces a world's imports and exports depend on as imports, in wit-parser's order. */
export function elaborateWorld(r: Resolve, worldId: number, span: Span | undefined): void {
  const world = r.worlds[worldId]!;
  const sortKey = (item: WorldItem): number => {
    if (item.kind === 'interface') return 0;
    if (item.kind === 'type') {
      const ty = r.types[item.id]!;
      if (ty.kind.kind === 'type' && typeof ty.kind.type === 'number' && !ownerEquals(r.types[ty.kind.type]!.owner, ty.owner)) return 1;
      return 2;
    }
    return 'resource' in item.func.kind ? 4 : 3;
  };
  const newImports = new WorldItems();
  const importIface = (key: WorldKey, id: number, stability: Stability, docs: string | undefined, externalId: string | undefined): void => {
    if (newImports.has(key)) return;
    for (const dep of interfaceDirectDeps(r, id)) importIface({ interface: dep }, dep, stability, undefined, undefined);
    newImports.set(key, { kind: 'interface', id, stability, docs, externalId });
  };
  for (const [key, item] of sortedBySortKey(world.imports, sortKey)) {
    if (item.kind === 'interface') importIface(key, item.id, item.stability, item.docs, item.externalId);
    else if (item.kind === 'function') newImports.set(key, item);
    else {
      const dep = typeInterfaceDep(r, item.id);
      if (dep !== undefined) importIface({ interface: dep }, dep, r.types[item.id]!.stability, undefined, undefined);
      newImports.set(key, item);
    }
  }
  const newExports = new WorldItems();
  const exportIfaces = new WorldItems();
  for (const [key, item] of world.exports.entries()) {
    if (item.kind === 'interface') exportIfaces.set(key, item);
    else newExports.set(key, item);
  }
  const required = new Set<number>();
  const addExport = (key: WorldKey, item: WorldItem & { kind: 'interface' }, add: boolean): boolean => {
    if (newExports.has(key)) return add;
    if (!add && required.has(item.id)) return true;
    for (const dep of interfaceDirectDeps(r, item.id)) {
      const depKey = { interface: dep };
      const ok = addExport(depKey, { kind: 'interface', id: dep, stability: item.stability, externalId: item.externalId }, add && exportIfaces.has(depKey));
      if (!ok) return false;
    }
    if (add) {
      if (required.has(item.id)) return false;
      newExports.set(key, item);
    } else {
      required.add(item.id);
      if (!newImports.has(key)) newImports.set(key, item);
    }
    return true;
  };
  for (const [key, item] of exportIfaces.entries()) {
    if (!addExport(key, item as WorldItem & { kind: 'interface' }, true)) {
      throw new WitSyntaxError(`interface \`${nameWorldKey(r, key)}\` transitively depends on an interface in incompatible ways`, span);
    }
  }
  if (isSorted(newImports, sortKey)) world.imports = newImports;
  else {
    const final = new WorldItems();
    for (const [key, item] of sortedBySortKey(newImports, sortKey)) final.set(key, item);
    world.imports = final;
  }
  world.exports = newExports;
}

/** Entries stably ordered by a small sort key (0..4): one bucket per key, so no comparison sort is needed. */
function sortedBySortKey(items: WorldItems, sortKey: (item: WorldItem) => number): [WorldKey, WorldItem][] {
  const buckets: [WorldKey, WorldItem][][] = [[], [], [], [], []];
  for (const e of items.entries()) buckets[sortKey(e[1])]!.push(e);
  const out = buckets[0]!;
  for (let b = 1; b < 5; b++) for (const e of buckets[b]!) out.push(e);
  return out;
}

/** Whether entries already come in sort-key order (the usual case), so no re-sorted copy is needed. */
function isSorted(items: WorldItems, sortKey: (item: WorldItem) => number): boolean {
  let last = 0;
  for (const e of items.entries()) {
    const k = sortKey(e[1]);
    if (k < last) return false;
    last = k;
  }
  return true;
}
