// Doc comments of a resolved WIT world, keyed the way `componentTypeToDts` asks for them (extern name, member name).
import type { WitResolve } from '../wit/index.js';
import { nameWorldKey } from '../wit/queries.js';
import type { DtsOptions } from './dts.js';

/** A `docs` lookup for `componentTypeToDts` from world `worldId` of `r` (the names `worldToComponentType` gives). */
export function witDocs(r: WitResolve, worldId: number): NonNullable<DtsOptions['docs']> {
  const world = r.worlds[worldId]!;
  const table = new Map<string, string>();
  const put = (side: string, extern: string, member: string | undefined, docs: string | undefined): void => {
    if (docs) table.set(`${side}\0${extern}\0${member ?? ''}`, docs);
  };
  // Fields and cases of type `id`, as `member#case` (`#case` for a world-level type, whose extern is the type).
  const putCases = (side: string, extern: string, member: string, id: number): void => {
    const k = r.types[id]!.kind;
    const cases = k.kind === 'record' ? k.fields : k.kind === 'variant' || k.kind === 'enum' ? k.cases : k.kind === 'flags' ? k.flags : [];
    for (const c of cases) put(side, extern, `${member}#${c.name}`, c.docs);
  };
  for (const [side, items] of [['import', world.imports], ['export', world.exports]] as const) {
    for (const [k, item] of items.entries()) {
      const name = nameWorldKey(r, k);
      if (item.kind === 'function') put(side, name, undefined, item.func.docs);
      else if (item.kind === 'type') {
        put(side, name, undefined, r.types[item.id]!.docs);
        putCases(side, name, '', item.id);
      }
      else {
        const iface = r.interfaces[item.id]!;
        put(side, name, undefined, item.docs ?? iface.docs);
        for (const [n, id] of iface.types) {
          put(side, name, n, r.types[id]!.docs);
          putCases(side, name, n, id);
        }
        for (const [n, f] of iface.functions) put(side, name, n, f.docs);
      }
    }
  }
  return (side, extern, member) => table.get(`${side}\0${extern}\0${member ?? ''}`);
}
