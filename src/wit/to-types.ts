// A resolved world → the shared component type model (src/types): imports/exports as `ExternType`,
// resources as `ResourceType`: one object per WIT resource definition and side, shared by every handle to it.
// A resource of an exported interface is a different type from the same interface's imported resource
// (Explainer.md: resource types are generative), so exports get their own objects for interfaces they export.
import {
  ResourceType, primitive,
  type ComponentType, type ExternType, type FuncType, type InstanceType, type ValType,
} from '../types/index.js';
import type { Resolve, WitFunction, WitType, WorldItem, WorldKey } from './model.js';
import { nameWorldKey } from './queries.js';
import { DepthGuard } from '../types/depth.js';

/** Converts one world (by id) of a resolve into a `ComponentType`. */
export function worldToComponentType(r: Resolve, worldId: number): ComponentType {
  const world = r.worlds[worldId]!;
  const exportedIfaces = new Set<number>();
  for (const item of world.exports.values()) if (item.kind === 'interface') exportedIfaces.add(item.id);
  const importSide = new Map<number, ResourceType>();
  const exportSide = new Map<number, ResourceType>();
  let side: 'import' | 'export' = 'import';
  const resourceOf = (id: number): ResourceType => {
    let cur = id;
    for (;;) {
      const k = r.types[cur]!.kind;
      if (k.kind === 'type' && typeof k.type === 'number') cur = k.type;
      else break;
    }
    const owner = r.types[cur]!.owner;
    const exported = side === 'export' && owner !== null && 'interface' in owner && exportedIfaces.has(owner.interface);
    const map = exported ? exportSide : importSide;
    let res = map.get(cur);
    if (!res) {
      res = new ResourceType(r.types[cur]!.name ?? `resource${cur}`);
      map.set(cur, res);
    }
    return res;
  };
  // One ValType per WIT type and side (resources differ by side): linear in the number of type definitions, and
  // types used twice are the same object (cheap to compare, to plan and to generate code for).
  const memo = { import: new Map<number, ValType>(), export: new Map<number, ValType>() };
  const depth = new DepthGuard('WIT type conversion');
  const val = (t: WitType): ValType => {
    if (typeof t === 'string') return primitive(t);
    const m = memo[side];
    let v = m.get(t);
    if (v === undefined) {
      depth.enter();
      try { v = valUncached(t); } finally { depth.leave(); }
      m.set(t, v);
    }
    return v;
  };
  const valUncached = (t: number): ValType => {
    const k = r.types[t]!.kind;
    switch (k.kind) {
      case 'type': return val(k.type);
      case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ name: f.name, type: val(f.type) })) };
      case 'variant': return { kind: 'variant', cases: k.cases.map((c) => (c.type === undefined ? { name: c.name } : { name: c.name, type: val(c.type) })) };
      case 'enum': return { kind: 'enum', names: k.cases.map((c) => c.name) };
      case 'flags': return { kind: 'flags', names: k.flags.map((f) => f.name) };
      case 'tuple': return { kind: 'tuple', types: k.types.map(val) };
      case 'option': return { kind: 'option', type: val(k.type) };
      case 'result': return { kind: 'result', ...(k.ok !== undefined ? { ok: val(k.ok) } : {}), ...(k.err !== undefined ? { err: val(k.err) } : {}) };
      case 'list': return { kind: 'list', element: val(k.type) };
      case 'fixed-length-list': return { kind: 'list', element: val(k.type), length: k.size };
      case 'map': return { kind: 'map', key: val(k.key), value: val(k.value) };
      case 'future': case 'stream': return k.type === undefined ? { kind: k.kind } : { kind: k.kind, type: val(k.type) };
      case 'handle': return { kind: k.handle, resource: resourceOf(k.resource) };
      case 'resource': return { kind: 'own', resource: resourceOf(t) };
      case 'unknown': throw new Error(`unresolved type ${t}`);
    }
  };
  const func = (f: WitFunction): FuncType => ({
    kind: 'func',
    params: f.params.map((p) => ({ name: p.name, type: val(p.type) })),
    ...(f.result !== undefined ? { result: val(f.result) } : {}),
    ...(f.kind.kind.startsWith('async') ? { async: true } : {}),
  });
  const typeExtern = (id: number): ExternType => {
    const def = r.types[id]!;
    if (def.kind.kind === 'resource') return { kind: 'type', bound: 'sub-resource', type: resourceOf(id) };
    return { kind: 'type', bound: 'eq', type: def.kind.kind === 'type' && typeof def.kind.type === 'number' && r.types[def.kind.type]!.kind.kind === 'resource' ? resourceOf(id) : val(id) };
  };
  const instance = (ifaceId: number): InstanceType => {
    const iface = r.interfaces[ifaceId]!;
    const exports = new Map<string, ExternType>();
    for (const [n, id] of iface.types) exports.set(n, typeExtern(id));
    for (const [n, f] of iface.functions) exports.set(n, { kind: 'func', type: func(f) });
    return { kind: 'instance', exports };
  };
  const item = (i: WorldItem): ExternType =>
    i.kind === 'interface' ? { kind: 'instance', type: instance(i.id) } : i.kind === 'function' ? { kind: 'func', type: func(i.func) } : typeExtern(i.id);
  const convert = (which: 'import' | 'export', items: Iterable<[WorldKey, WorldItem]>): Map<string, ExternType> => {
    side = which;
    const m = new Map<string, ExternType>();
    for (const [k, i] of items) m.set(nameWorldKey(r, k), item(i));
    return m;
  };
  const imports = convert('import', world.imports.entries());
  return { kind: 'component', imports, exports: convert('export', world.exports.entries()) };
}
