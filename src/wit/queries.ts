// Lookups over a resolved model: interface ids, world key names, and the interface dependencies `use` creates.
import type { Resolve, TypeOwner, WorldKey } from './model.js';

/** Whether two type owners are the same world, the same interface, or both none. */
export function ownerEquals(a: TypeOwner, b: TypeOwner): boolean {
  if (a === null || b === null) return a === b;
  return ('world' in a && 'world' in b && a.world === b.world) || ('interface' in a && 'interface' in b && a.interface === b.interface);
}

export function newResolve(): Resolve {
  return { worlds: [], interfaces: [], types: [], packages: [], packageNames: new Map() };
}

export function idOfInterface(r: Resolve, id: number): string | undefined {
  const iface = r.interfaces[id]!;
  if (iface.name === undefined || iface.package === undefined) return undefined;
  const p = r.packages[iface.package]!.name;
  return `${p.namespace}:${p.name}/${iface.name}${p.version !== undefined ? `@${p.version}` : ''}`;
}

export function nameWorldKey(r: Resolve, key: WorldKey): string {
  return typeof key === 'string' ? key : idOfInterface(r, key.interface) ?? '<unnamed>';
}

/** The interface another package's type alias points into, if `id` is a `use`d type from another owner. */
export function typeInterfaceDep(r: Resolve, id: number): number | undefined {
  const ty = r.types[id]!;
  if (ty.kind.kind !== 'type' || typeof ty.kind.type !== 'number') return undefined;
  const other = r.types[ty.kind.type]!;
  if (ownerEquals(ty.owner, other.owner)) return undefined;
  return other.owner && 'interface' in other.owner ? other.owner.interface : undefined;
}

export function interfaceDirectDeps(r: Resolve, id: number): number[] {
  const out: number[] = [];
  for (const t of r.interfaces[id]!.types.values()) {
    const d = typeInterfaceDep(r, t);
    if (d !== undefined) out.push(d);
  }
  return out;
}
