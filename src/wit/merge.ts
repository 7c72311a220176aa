// Appends the packages of one resolve to another (wit-parser's `Resolve::merge` for disjoint packages), shifting
// every id; used for dependency packages that arrive already resolved (e.g. decoded from component binaries).
import { WitSyntaxError } from './lexer.js';
import {
  WorldItems, mapTypeDefKind, packageNameToString,
  type Resolve, type TypeDefKind, type TypeOwner, type WitFunction, type WitType, type WorldItem,
} from './model.js';

/** Appends `from`'s packages, interfaces, worlds and types to `into`. A package present in both is an error. */
export function mergeResolve(into: Resolve, from: Resolve): void {
  for (const p of from.packages) {
    const name = packageNameToString(p.name);
    if (into.packageNames.has(name)) throw new WitSyntaxError(`package \`${name}\` is defined in two different locations`, undefined);
  }
  const dt = into.types.length;
  const di = into.interfaces.length;
  const dw = into.worlds.length;
  const dp = into.packages.length;
  const ty = (t: WitType): WitType => (typeof t === 'number' ? t + dt : t);
  const oty = (t: WitType | undefined): WitType | undefined => (t === undefined ? undefined : ty(t));
  const owner = (o: TypeOwner): TypeOwner => (o === null ? null : 'world' in o ? { world: o.world + dw } : { interface: o.interface + di });
  const kind = (k: TypeDefKind): TypeDefKind => mapTypeDefKind(k, ty, (r) => r + dt);
  const func = (f: WitFunction): WitFunction => ({
    ...f,
    kind: 'resource' in f.kind ? { ...f.kind, resource: f.kind.resource + dt } : f.kind,
    params: f.params.map((p) => ({ ...p, type: ty(p.type) })),
    result: oty(f.result),
  });
  const item = (i: WorldItem): WorldItem =>
    i.kind === 'interface' ? { ...i, id: i.id + di } : i.kind === 'type' ? { ...i, id: i.id + dt } : { kind: 'function', func: func(i.func) };
  const items = (w: WorldItems): WorldItems => {
    const out = new WorldItems();
    for (const [k, v] of w.entries()) out.set(typeof k === 'string' ? k : { interface: k.interface + di }, item(v));
    return out;
  };
  for (const t of from.types) into.types.push({ ...t, kind: kind(t.kind), owner: owner(t.owner) });
  for (const i of from.interfaces) {
    const types = new Map<string, number>();
    for (const [n, t] of i.types) types.set(n, t + dt);
    const functions = new Map<string, WitFunction>();
    for (const [n, f] of i.functions) functions.set(n, func(f));
    into.interfaces.push({
      ...i, types, functions,
      package: i.package === undefined ? undefined : i.package + dp,
      cloneOf: i.cloneOf === undefined ? undefined : i.cloneOf + di,
    });
  }
  for (const w of from.worlds) {
    into.worlds.push({ ...w, imports: items(w.imports), exports: items(w.exports), includes: [], package: w.package === undefined ? undefined : w.package + dp });
  }
  from.packages.forEach((p, i) => {
    const interfaces = new Map<string, number>();
    for (const [n, id] of p.interfaces) interfaces.set(n, id + di);
    const worlds = new Map<string, number>();
    for (const [n, id] of p.worlds) worlds.set(n, id + dw);
    into.packages.push({ name: p.name, docs: p.docs, interfaces, worlds });
    into.packageNames.set(packageNameToString(p.name), i + dp);
  });
}
