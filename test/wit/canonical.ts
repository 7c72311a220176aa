// An arena-independent view of a resolve, for "same resolved model" checks: type references become names
// (`ns:pkg/iface@v.name`) or inline structure; maps are sorted by key, since printing may reorder members.
import type { Resolve, TypeDef, WitFunction, WitType, WorldItem, WorldItems, Stability } from '../../src/wit/model.js';
import { idOfInterface, nameWorldKey } from '../../src/wit/queries.js';

type Canon = null | string | number | boolean | Canon[] | { [k: string]: Canon };

export function canonicalResolve(r: Resolve): Canon {
  const ownerPath = (d: TypeDef): string => {
    if (d.owner === null) return '';
    if ('interface' in d.owner) return idOfInterface(r, d.owner.interface) ?? '<anon-interface>';
    const w = r.worlds[d.owner.world]!;
    const p = r.packages[w.package!]!.name;
    return `world ${p.namespace}:${p.name}/${w.name}`;
  };
  const stab = (s: Stability): Canon => (s.kind === 'unknown' ? null : JSON.stringify(s));
  const ref = (t: WitType | undefined): Canon => {
    if (t === undefined) return null;
    if (typeof t === 'string') return t;
    const d = r.types[t]!;
    if (d.name !== undefined) return `${ownerPath(d)}.${d.name}`;
    return kind(d);
  };
  const kind = (d: TypeDef): Canon => {
    const k = d.kind;
    switch (k.kind) {
      case 'record': return { record: k.fields.map((f) => ({ name: f.name, type: ref(f.type), docs: f.docs ?? null })) };
      case 'variant': return { variant: k.cases.map((c) => ({ name: c.name, type: ref(c.type), docs: c.docs ?? null })) };
      case 'enum': return { enum: k.cases.map((c) => ({ name: c.name, docs: c.docs ?? null })) };
      case 'flags': return { flags: k.flags.map((c) => ({ name: c.name, docs: c.docs ?? null })) };
      case 'handle': return { [k.handle]: ref(k.resource) };
      case 'tuple': return { tuple: k.types.map(ref) };
      case 'option': case 'list': return { [k.kind]: ref(k.type) };
      case 'fixed-length-list': return { list: ref(k.type), size: k.size };
      case 'map': return { map: [ref(k.key), ref(k.value)] };
      case 'result': return { result: [ref(k.ok), ref(k.err)] };
      case 'future': case 'stream': return { [k.kind]: ref(k.type) };
      case 'type': return { type: ref(k.type) };
      default: return k.kind;
    }
  };
  const def = (t: number): Canon => {
    const d = r.types[t]!;
    return { kind: kind(d), docs: d.docs ?? null, stability: stab(d.stability) };
  };
  const func = (f: WitFunction): Canon => ({
    name: f.name,
    kind: 'resource' in f.kind ? `${f.kind.kind} ${String(ref(f.kind.resource))}` : f.kind.kind,
    params: f.params.map((p) => ({ name: p.name, type: ref(p.type) })),
    result: ref(f.result),
    docs: f.docs ?? null,
    stability: stab(f.stability),
  });
  const sorted = <T>(entries: [string, T][], f: (v: T) => Canon): Canon => {
    const o: { [k: string]: Canon } = {};
    for (const [k, v] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) o[k] = f(v);
    return o;
  };
  const iface = (id: number): Canon => {
    const i = r.interfaces[id]!;
    return { docs: i.docs ?? null, stability: stab(i.stability), types: sorted([...i.types], def), functions: sorted([...i.functions], func) };
  };
  const item = (w: WorldItem): Canon => {
    if (w.kind === 'function') return { function: func(w.func) };
    if (w.kind === 'type') return { type: def(w.id) };
    const named = r.interfaces[w.id]!.name !== undefined;
    return { interface: named ? idOfInterface(r, w.id)! : iface(w.id), stability: stab(w.stability) };
  };
  const items = (m: WorldItems): Canon => sorted(m.keys().map((k) => [nameWorldKey(r, k), m.get(k)!] as [string, WorldItem]), item);
  const pkgs = r.packages.map((p) => ({
    name: `${p.name.namespace}:${p.name.name}@${p.name.version ?? ''}`,
    docs: p.docs ?? null,
    interfaces: sorted([...p.interfaces], iface),
    worlds: sorted([...p.worlds], (w) => {
      const world = r.worlds[w]!;
      return { docs: world.docs ?? null, stability: stab(world.stability), imports: items(world.imports), exports: items(world.exports) };
    }),
  }));
  return sorted(pkgs.map((p) => [p.name, p] as [string, Canon]), (x) => x);
}
