// Package order of a decoded Resolve, as wit-parser's decoder leaves it: foreign packages first, each after the
// packages its interfaces `use` from (first-seen order otherwise), the main package last.
import type { Resolve } from '../wit/model.js';

/** Interfaces whose types `iface`'s types alias (its `use`s). */
export function interfaceDeps(r: Resolve, iface: number): number[] {
  const deps: number[] = [];
  for (const id of r.interfaces[iface]!.types.values()) {
    const k = r.types[id]!.kind;
    if (k.kind !== 'type' || typeof k.type !== 'number') continue;
    const owner = r.types[k.type]!.owner;
    if (owner !== null && 'interface' in owner && owner.interface !== iface && !deps.includes(owner.interface)) deps.push(owner.interface);
  }
  return deps;
}

/** Reorders `r.packages` in place; returns the old → new package id map. */
export function finishResolve(r: Resolve, main: number): (old: number) => number {
  const order: number[] = [];
  const visit = (p: number): void => {
    if (order.includes(p)) return;
    const pkg = r.packages[p]!;
    const ifaces = [...pkg.interfaces.values()];
    for (const w of pkg.worlds.values()) {
      const world = r.worlds[w]!;
      for (const item of [...world.imports.values(), ...world.exports.values()]) if (item.kind === 'interface') ifaces.push(item.id);
    }
    order.push(-1 - p); // visiting marker (cycles across packages are not valid WIT; this ends them)
    for (const i of ifaces) {
      for (const dep of interfaceDeps(r, i)) {
        const dp = r.interfaces[dep]!.package;
        if (dp !== undefined && dp !== p && dp !== main && !order.includes(-1 - dp)) visit(dp);
      }
    }
    order.splice(order.indexOf(-1 - p), 1);
    order.push(p);
  };
  for (let p = 0; p < r.packages.length; p++) if (p !== main) visit(p);
  order.push(main);
  const newId = new Map<number, number>(order.map((old, i) => [old, i]));
  const map = (old: number): number => newId.get(old)!;
  const pkgs = order.map((old) => r.packages[old]!);
  r.packages.splice(0, r.packages.length, ...pkgs);
  for (const i of r.interfaces) if (i.package !== undefined) i.package = map(i.package);
  for (const w of r.worlds) if (w.package !== undefined) w.package = map(w.package);
  for (const [k, v] of r.packageNames) r.packageNames.set(k, map(v));
  return map;
}
