// The resolved model as JSON, field for field as wit-parser serialises its `Resolve` (`component wit --json`).
import type { Resolve, Stability, TypeDef, TypeDefKind, WitFunction, WitType, World, WorldItem, Interface, WorldKey } from './model.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function stabilityJson(s: Stability): Json {
  if (s.kind === 'stable') return { stable: s.deprecated !== undefined ? { since: s.since, deprecated: s.deprecated } : { since: s.since } };
  if (s.kind === 'unstable') return { unstable: s.deprecated !== undefined ? { feature: s.feature, deprecated: s.deprecated } : { feature: s.feature } };
  return null;
}

function withOptional(o: { [k: string]: Json }, docs: string | undefined, stability: Stability | undefined): { [k: string]: Json } {
  if (docs !== undefined) o.docs = { contents: docs };
  if (stability && stability.kind !== 'unknown') o.stability = stabilityJson(stability);
  return o;
}

const t = (x: WitType): Json => x;
const ot = (x: WitType | undefined): Json => (x === undefined ? null : x);

function kindJson(k: TypeDefKind): Json {
  switch (k.kind) {
    case 'record': return { record: { fields: k.fields.map((f) => withOptional({ name: f.name, type: t(f.type) }, f.docs, undefined)) } };
    case 'resource': return 'resource';
    case 'handle': return { handle: { [k.handle]: k.resource } };
    case 'flags': return { flags: { flags: k.flags.map((f) => withOptional({ name: f.name }, f.docs, undefined)) } };
    case 'tuple': return { tuple: { types: k.types.map(t) } };
    case 'variant': return { variant: { cases: k.cases.map((c) => withOptional({ name: c.name, type: ot(c.type) }, c.docs, undefined)) } };
    case 'enum': return { enum: { cases: k.cases.map((c) => withOptional({ name: c.name }, c.docs, undefined)) } };
    case 'option': return { option: t(k.type) };
    case 'result': return { result: { ok: ot(k.ok), err: ot(k.err) } };
    case 'list': return { list: t(k.type) };
    case 'map': return { map: [t(k.key), t(k.value)] };
    case 'fixed-length-list': return { 'fixed-length-list': [t(k.type), k.size] };
    case 'future': return { future: ot(k.type) };
    case 'stream': return { stream: ot(k.type) };
    case 'type': return { type: t(k.type) };
    case 'unknown': return 'unknown';
  }
}

function typeJson(d: TypeDef): Json {
  const owner: Json = d.owner === null ? null : 'world' in d.owner ? { world: d.owner.world } : { interface: d.owner.interface };
  const o = withOptional({ name: d.name ?? null, kind: kindJson(d.kind), owner }, d.docs, d.stability);
  if (d.externalId !== undefined) o.external_id = d.externalId;
  return o;
}

export function functionJson(f: WitFunction): Json {
  const kind: Json = 'resource' in f.kind ? { [f.kind.kind]: f.kind.resource } : f.kind.kind;
  const o: { [k: string]: Json } = { name: f.name, kind, params: f.params.map((p): Json => (p.name === '' ? { type: t(p.type) } : { name: p.name, type: t(p.type) })) };
  if (f.result !== undefined) o.result = t(f.result);
  withOptional(o, f.docs, f.stability);
  if (f.externalId !== undefined) o.external_id = f.externalId;
  return o;
}

function keyJson(k: WorldKey): string {
  return typeof k === 'string' ? k : `interface-${k.interface}`;
}

function worldItemJson(item: WorldItem): Json {
  if (item.kind === 'function') return { function: functionJson(item.func) };
  if (item.kind === 'type') return { type: item.id };
  const o: { [k: string]: Json } = { id: item.id };
  if (item.stability.kind !== 'unknown') o.stability = stabilityJson(item.stability);
  if (item.externalId !== undefined) o.external_id = item.externalId;
  if (item.docs !== undefined) o.docs = { contents: item.docs };
  return { interface: o };
}

function worldJson(w: World): Json {
  const imports: { [k: string]: Json } = {};
  for (const [k, v] of w.imports.entries()) imports[keyJson(k)] = worldItemJson(v);
  const exports: { [k: string]: Json } = {};
  for (const [k, v] of w.exports.entries()) exports[keyJson(k)] = worldItemJson(v);
  return withOptional({ name: w.name, imports, exports, package: w.package ?? null }, w.docs, w.stability);
}

function interfaceJson(i: Interface): Json {
  const types: { [k: string]: Json } = {};
  for (const [k, v] of i.types) types[k] = v;
  const functions: { [k: string]: Json } = {};
  for (const [k, v] of i.functions) functions[k] = functionJson(v);
  const o = withOptional({ name: i.name ?? null, types, functions }, i.docs, i.stability);
  o.package = i.package ?? null;
  if (i.cloneOf !== undefined) o.clone_of = i.cloneOf;
  return o;
}

/** The JSON value `wasm-tools component wit --json` prints for this resolve. */
export function resolveToJson(r: Resolve): Json {
  return {
    worlds: r.worlds.map(worldJson),
    interfaces: r.interfaces.map(interfaceJson),
    types: r.types.map(typeJson),
    packages: r.packages.map((p) => {
      const o: { [k: string]: Json } = { name: `${p.name.namespace}:${p.name.name}${p.name.version !== undefined ? `@${p.name.version}` : ''}` };
      if (p.docs !== undefined) o.docs = { contents: p.docs };
      const ifaces: { [k: string]: Json } = {};
      for (const [k, v] of p.interfaces) ifaces[k] = v;
      const worlds: { [k: string]: Json } = {};
      for (const [k, v] of p.worlds) worlds[k] = v;
      o.interfaces = ifaces;
      o.worlds = worlds;
      return o;
    }),
  };
}
