// The `package-docs` custom section of a WIT package binary (wit-parser `metadata.rs`, format version 1): docs
// and `@since`/`@unstable`/`@deprecated` gates, which the type encoding cannot carry, as JSON after a version byte.
import { ValidationError } from '../errors.js';
import type { Field, NamedCase, Resolve, Stability, TypeDef, WitFunction, WorldItem, WorldKey } from '../wit/model.js';
import { nameWorldKey } from '../wit/resolver.js';

export const PACKAGE_DOCS_SECTION = 'package-docs';
const VERSION = 1;

type Json = Record<string, unknown>;

/** serde's external tagging of wit-parser's `Stability` (`unknown` is never written). */
function stabilityJson(s: Stability): unknown {
  if (s.kind === 'stable') return { stable: { since: s.since, ...(s.deprecated !== undefined ? { deprecated: s.deprecated } : {}) } };
  if (s.kind === 'unstable') return { unstable: { feature: s.feature, ...(s.deprecated !== undefined ? { deprecated: s.deprecated } : {}) } };
  return 'unknown';
}

function stabilityFrom(v: unknown, where: string): Stability {
  if (v === undefined || v === 'unknown') return { kind: 'unknown' };
  const o = v as { stable?: { since?: unknown; deprecated?: unknown }; unstable?: { feature?: unknown; deprecated?: unknown } };
  const dep = (x: unknown): { deprecated?: string } => (typeof x === 'string' ? { deprecated: x } : {});
  if (o && typeof o === 'object' && o.stable && typeof o.stable.since === 'string') return { kind: 'stable', since: o.stable.since, ...dep(o.stable.deprecated) };
  if (o && typeof o === 'object' && o.unstable && typeof o.unstable.feature === 'string') return { kind: 'unstable', feature: o.unstable.feature, ...dep(o.unstable.deprecated) };
  throw new ValidationError(`package-docs: bad stability for ${where}`, 0);
}

/** Adds `key: value` unless the value is empty (serde `skip_serializing_if`). */
function put(o: Json, key: string, v: unknown): void {
  if (v === undefined || v === 'unknown') return;
  if (typeof v === 'object' && v !== null && Object.keys(v).length === 0) return;
  o[key] = v;
}

function common(docs: string | undefined, stability: Stability): Json {
  const o: Json = {};
  put(o, 'docs', docs);
  put(o, 'stability', stabilityJson(stability));
  return o;
}

function typeJson(t: TypeDef): Json {
  const o = common(t.docs, t.stability);
  const k = t.kind;
  const members: readonly (Field | NamedCase)[] = k.kind === 'record' ? k.fields : k.kind === 'flags' ? k.flags : k.kind === 'variant' || k.kind === 'enum' ? k.cases : [];
  const items: Json = {};
  for (const m of members) if (m.docs !== undefined) items[m.name] = m.docs;
  put(o, 'items', items);
  return o;
}

const funcJson = (f: WitFunction): Json => common(f.docs, f.stability);

function interfaceJson(r: Resolve, id: number): Json {
  const i = r.interfaces[id]!;
  const o = common(i.docs, i.stability);
  const funcs: Json = {};
  for (const [n, f] of i.functions) { const j = funcJson(f); if (Object.keys(j).length) funcs[n] = j; }
  const types: Json = {};
  for (const [n, t] of i.types) { const j = typeJson(r.types[t]!); if (Object.keys(j).length) types[n] = j; }
  put(o, 'funcs', funcs);
  put(o, 'types', types);
  return o;
}

function worldJson(r: Resolve, id: number): Json {
  const w = r.worlds[id]!;
  const ifaces: Json = {}; const types: Json = {}; const funcs: Json = {}; const ifaceExports: Json = {}; const funcExports: Json = {};
  const impStab: Json = {}; const expStab: Json = {}; const impDocs: Json = {}; const expDocs: Json = {};
  const side = (entries: Iterable<[WorldKey, WorldItem]>, imp: boolean): void => {
    for (const [key, item] of entries) {
      const named = typeof key !== 'string' || (item.kind === 'interface' && r.interfaces[item.id]!.name !== undefined);
      if (item.kind === 'interface' && named) {
        const n = nameWorldKey(r, key);
        if (item.stability.kind !== 'unknown') (imp ? impStab : expStab)[n] = stabilityJson(item.stability);
        if (item.docs !== undefined) (imp ? impDocs : expDocs)[n] = item.docs;
        continue;
      }
      if (typeof key !== 'string') continue;
      const j = item.kind === 'interface' ? interfaceJson(r, item.id) : item.kind === 'type' ? typeJson(r.types[item.id]!) : funcJson(item.func);
      if (Object.keys(j).length === 0) continue;
      if (item.kind === 'type') types[key] = j;
      else if (item.kind === 'interface') (imp ? ifaces : ifaceExports)[key] = j;
      else (imp ? funcs : funcExports)[key] = j;
    }
  };
  side(w.imports.entries(), true);
  side(w.exports.entries(), false);
  const o = common(w.docs, w.stability);
  put(o, 'interfaces', ifaces); put(o, 'types', types); put(o, 'funcs', funcs);
  put(o, 'interface_exports', ifaceExports); put(o, 'func_exports', funcExports);
  put(o, 'interface_import_stability', impStab); put(o, 'interface_export_stability', expStab);
  put(o, 'interface_import_docs', impDocs); put(o, 'interface_export_docs', expDocs);
  return o;
}

/** `PackageMetadata::extract` + `encode`: the section payload for package `pkg`. */
export function encodePackageDocs(r: Resolve, pkg: number): Uint8Array {
  const p = r.packages[pkg]!;
  const worlds: Json = {};
  for (const [n, id] of p.worlds) { const j = worldJson(r, id); if (Object.keys(j).length) worlds[n] = j; }
  const interfaces: Json = {};
  for (const [n, id] of p.interfaces) { const j = interfaceJson(r, id); if (Object.keys(j).length) interfaces[n] = j; }
  const o: Json = {};
  put(o, 'docs', p.docs);
  put(o, 'worlds', worlds);
  put(o, 'interfaces', interfaces);
  const text = new TextEncoder().encode(JSON.stringify(o));
  const out = new Uint8Array(text.length + 1);
  out[0] = VERSION;
  out.set(text, 1);
  return out;
}

// ───── decoding (`PackageMetadata::decode` + `inject`) ─────

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? v as Json : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function injectType(t: TypeDef, j: Json): void {
  const docs = str(j.docs);
  if (docs !== undefined) t.docs = docs;
  t.stability = stabilityFrom(j.stability, `type ${t.name}`);
  const items = obj(j.items);
  const k = t.kind;
  const members: readonly (Field | NamedCase)[] = k.kind === 'record' ? k.fields : k.kind === 'flags' ? k.flags : k.kind === 'variant' || k.kind === 'enum' ? k.cases : [];
  for (const m of members) { const d = str(items[m.name]); if (d !== undefined) m.docs = d; }
}

function injectFunc(f: WitFunction, j: unknown): void {
  if (typeof j === 'string' || j === null) { if (typeof j === 'string') f.docs = j; return; } // v0 `JustDocs`
  const o = obj(j);
  const docs = str(o.docs);
  if (docs !== undefined) f.docs = docs;
  f.stability = stabilityFrom(o.stability, `function ${f.name}`);
}

function injectInterface(r: Resolve, id: number, j: Json): void {
  const i = r.interfaces[id]!;
  for (const [n, t] of Object.entries(obj(j.types))) { const tid = i.types.get(n); if (tid !== undefined) injectType(r.types[tid]!, obj(t)); }
  for (const [n, f] of Object.entries(obj(j.funcs))) { const fn = i.functions.get(n); if (fn) injectFunc(fn, f); }
  const docs = str(j.docs);
  if (docs !== undefined) i.docs = docs;
  i.stability = stabilityFrom(j.stability, `interface ${i.name ?? ''}`);
}

function injectWorld(r: Resolve, id: number, j: Json): void {
  const w = r.worlds[id]!;
  const named = (name: string, onlyExport: boolean): WorldItem | undefined => (onlyExport ? undefined : w.imports.get(name)) ?? w.exports.get(name);
  for (const [src, onlyExport] of [[j.interfaces, false], [j.interface_exports, true]] as const) {
    for (const [n, d] of Object.entries(obj(src))) {
      const item = named(n, onlyExport);
      if (item?.kind === 'interface') { item.stability = stabilityFrom(obj(d).stability, n); injectInterface(r, item.id, obj(d)); }
    }
  }
  for (const [n, d] of Object.entries(obj(j.types))) { const item = w.imports.get(n); if (item?.kind === 'type') injectType(r.types[item.id]!, obj(d)); }
  const byName = (items: typeof w.imports, name: string): WorldItem | undefined => {
    for (const [k, item] of items.entries()) if (item.kind === 'interface' && nameWorldKey(r, k) === name) return item;
    return undefined;
  };
  for (const [src, items] of [[j.interface_import_stability, w.imports], [j.interface_export_stability, w.exports]] as const) {
    for (const [n, s] of Object.entries(obj(src))) { const item = byName(items, n); if (item?.kind === 'interface') item.stability = stabilityFrom(s, n); }
  }
  for (const [src, items] of [[j.interface_import_docs, w.imports], [j.interface_export_docs, w.exports]] as const) {
    for (const [n, d] of Object.entries(obj(src))) { const item = byName(items, n); if (item?.kind === 'interface' && typeof d === 'string') item.docs = d; }
  }
  for (const [src, onlyExport] of [[j.funcs, false], [j.func_exports, true]] as const) {
    for (const [n, d] of Object.entries(obj(src))) { const item = named(n, onlyExport); if (item?.kind === 'function') injectFunc(item.func, d); }
  }
  const docs = str(j.docs);
  if (docs !== undefined) w.docs = docs;
  w.stability = stabilityFrom(j.stability, `world ${w.name}`);
}

/** Applies a `package-docs` payload to package `pkg`; `offset` locates errors. */
export function injectPackageDocs(r: Resolve, pkg: number, data: Uint8Array, offset: number): void {
  if (data[0] !== 0 && data[0] !== VERSION) throw new ValidationError(`expected package-docs version ${VERSION}, got ${data[0] ?? 'none'}`, offset);
  let j: Json;
  try {
    j = obj(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(1))));
  } catch (e) {
    throw new ValidationError(`package-docs: invalid JSON (${e instanceof Error ? e.message : String(e)})`, offset + 1);
  }
  const p = r.packages[pkg]!;
  for (const [n, d] of Object.entries(obj(j.worlds))) { const id = p.worlds.get(n); if (id !== undefined) injectWorld(r, id, obj(d)); }
  for (const [n, d] of Object.entries(obj(j.interfaces))) { const id = p.interfaces.get(n); if (id !== undefined) injectInterface(r, id, obj(d)); }
  const docs = str(j.docs);
  if (docs !== undefined) p.docs = docs;
}
