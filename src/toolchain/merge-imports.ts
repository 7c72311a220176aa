// An interface imported by two components of a composition, each with only the members it uses (componentNew keeps
// the used functions only): the composition imports it once, so the first importer's view of it gains the other's
// missing functions and types (copied into its resolve, by the interfaces' qualified names). Same-named members
// are taken as they are; the validator checks that they agree when the composition is read.
import { mapTypeDefKind, type FunctionKind, type Resolve, type TypeDefKind, type WitFunction, type WitType } from '../wit/model.js';
import { nameWorldKey } from '../wit/queries.js';
import { ComponentNewError } from './errors.js';

/** Interface id by qualified name (`ns:pkg/iface@v`). */
function byName(r: Resolve): Map<string, number> {
  const out = new Map<string, number>();
  r.interfaces.forEach((i, id) => { if (i.name !== undefined && i.package !== undefined) out.set(nameWorldKey(r, { interface: id }), id); });
  return out;
}

/** Adds to `into`'s interface `name` what `from`'s interface of that name has and it lacks; `where` names both sides. */
export function mergeInterfaceInto(into: Resolve, from: Resolve, name: string, where: string): void {
  const intoIds = byName(into);
  const fromIds = byName(from);
  const target = intoIds.get(name);
  const source = fromIds.get(name);
  if (target === undefined || source === undefined) return;
  const copied = new Map<number, number>();
  const ty = (t: WitType): WitType => (typeof t === 'number' ? type(t) : t);
  const oty = (t: WitType | undefined): WitType | undefined => (t === undefined ? undefined : ty(t));
  const type = (t: number): number => {
    const known = copied.get(t);
    if (known !== undefined) return known;
    const def = from.types[t]!;
    const o = def.owner;
    if (def.name !== undefined && o !== null && 'interface' in o) {
      const iname = nameWorldKey(from, { interface: o.interface });
      const there = intoIds.get(iname);
      if (there === undefined) throw new ComponentNewError(`compose: ${where}: \`${name}\` needs type \`${def.name}\` of \`${iname}\`, which the other importer does not import`);
      const existing = into.interfaces[there]!.types.get(def.name);
      if (existing !== undefined) { copied.set(t, existing); return existing; }
    } else if (o !== null && 'world' in o) {
      throw new ComponentNewError(`compose: ${where}: \`${name}\` uses a world-level type \`${def.name ?? t}\``);
    }
    const id = into.types.length;
    copied.set(t, id);
    into.types.push({ ...def, kind: def.kind, owner: null });
    const owner = def.name !== undefined && o !== null && 'interface' in o ? { interface: intoIds.get(nameWorldKey(from, { interface: o.interface }))! } : null;
    into.types[id] = { ...def, kind: kind(def.kind), owner };
    if (owner !== null) into.interfaces[owner.interface]!.types.set(def.name!, id);
    return id;
  };
  const kind = (k: TypeDefKind): TypeDefKind => mapTypeDefKind(k, ty, type);
  const fkind = (k: FunctionKind): FunctionKind => ('resource' in k ? { ...k, resource: type(k.resource) } : k);
  const src = from.interfaces[source]!;
  const dst = into.interfaces[target]!;
  for (const t of src.types.values()) type(t);
  for (const [fn, f] of src.functions) {
    if (dst.functions.has(fn)) continue;
    const g: WitFunction = { ...f, kind: fkind(f.kind), params: f.params.map((p) => ({ ...p, type: ty(p.type) })), result: oty(f.result) };
    dst.functions.set(fn, g);
  }
}
