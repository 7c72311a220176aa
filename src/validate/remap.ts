// Resource substitution and free resources (Explainer.md "Type checking": instantiation substitutes the
// supplied resources for a component's imported ones and gives its defined resources fresh identities).
import type { FuncType, ResourceType, ValType } from '../types/index.js';
import { handleAliasOf, makeHandle, valChildren, type AnyType, type Entity, type TypeSlot, type VComponentType, type VInstanceType } from './model.js';

export class Remapping {
  readonly resources = new Map<ResourceType, ResourceType>();
  /** Type renamings from instantiation: a component's imported type → the argument's (wasmparser `mapping.types`). */
  readonly types = new Map<ValType, ValType>();
  /** Same for resource aliases (names of handles). */
  readonly aliases = new Map<object, object>();
  isEmpty(): boolean { return this.resources.size === 0 && this.types.size === 0 && this.aliases.size === 0; }
  /** Memo: old type object → remapped one, so shared types stay shared (and keep one identity). */
  readonly memo = new Map<object, object>();
}

export function remapVal(t: ValType, m: Remapping): ValType {
  if (m.isEmpty()) return t;
  const hit = m.memo.get(t) ?? m.types.get(t);
  if (hit) return hit as ValType;
  const out = remapValUncached(t, m);
  m.memo.set(t, out);
  return out;
}

function opt(t: ValType | undefined, m: Remapping): ValType | undefined {
  return t === undefined ? undefined : remapVal(t, m);
}

function remapValUncached(t: ValType, m: Remapping): ValType {
  switch (t.kind) {
    case 'own': case 'borrow': {
      const r = m.resources.get(t.resource);
      const alias = m.aliases.get(handleAliasOf(t));
      return r || alias ? makeHandle(t.kind, r ?? t.resource, alias ?? handleAliasOf(t)) : t;
    }
    case 'record': {
      const fields = t.fields.map((f) => ({ name: f.name, type: remapVal(f.type, m) }));
      return fields.every((f, i) => f.type === t.fields[i]!.type) ? t : { kind: 'record', fields };
    }
    case 'variant': {
      const cases = t.cases.map((c) => ({ ...c, type: opt(c.type, m) }));
      return cases.every((c, i) => c.type === t.cases[i]!.type) ? t : { kind: 'variant', cases };
    }
    case 'tuple': {
      const types = t.types.map((x) => remapVal(x, m));
      return types.every((x, i) => x === t.types[i]) ? t : { kind: 'tuple', types };
    }
    case 'list': { const e = remapVal(t.element, m); return e === t.element ? t : { ...t, element: e }; }
    case 'option': { const e = remapVal(t.type, m); return e === t.type ? t : { kind: 'option', type: e }; }
    case 'result': {
      const ok = opt(t.ok, m), err = opt(t.err, m);
      return ok === t.ok && err === t.err ? t : { kind: 'result', ok, err };
    }
    case 'future': case 'stream': { const e = opt(t.type, m); return e === t.type ? t : { kind: t.kind, type: e }; }
    case 'map': {
      const key = remapVal(t.key, m), value = remapVal(t.value, m);
      return key === t.key && value === t.value ? t : { kind: 'map', key, value };
    }
    default: return t;
  }
}

export function remapFunc(f: FuncType, m: Remapping): FuncType {
  if (m.isEmpty()) return f;
  const params = f.params.map((p) => ({ name: p.name, type: remapVal(p.type, m) }));
  const result = opt(f.result, m);
  if (result === f.result && params.every((p, i) => p.type === f.params[i]!.type)) return f;
  return { kind: 'func', params, result, async: f.async };
}

export function remapAny(t: AnyType, m: Remapping): AnyType {
  switch (t.kind) {
    case 'resource': return m.resources.get(t) ?? t;
    case 'func': return remapFunc(t, m);
    case 'instance': return remapInstance(t, m);
    case 'component': return remapComponent(t, m);
    default: return remapVal(t, m);
  }
}

function remapSlot(s: TypeSlot, m: Remapping): TypeSlot {
  const t = remapAny(s.type, m);
  const alias = m.aliases.get(s.alias);
  if (t === s.type && !alias) return s;
  if (t.kind === 'resource') return { type: t, alias: alias ?? s.alias };
  // A value type gets a new identity when its content changes.
  return { type: t, alias: t };
}

export function remapEntity(e: Entity, m: Remapping): Entity {
  if (m.isEmpty()) return e;
  switch (e.kind) {
    case 'module': return e;
    case 'func': { const t = remapFunc(e.type, m); return t === e.type ? e : { kind: 'func', type: t }; }
    case 'value': { const t = remapVal(e.type, m); return t === e.type ? e : { kind: 'value', type: t }; }
    case 'type': {
      const created = remapSlot(e.created, m);
      const referenced = e.referenced === e.created ? created : remapSlot(e.referenced, m);
      return created === e.created && referenced === e.referenced ? e : { kind: 'type', created, referenced, bound: e.bound };
    }
    case 'instance': { const t = remapInstance(e.type, m); return t === e.type ? e : { kind: 'instance', type: t }; }
    case 'component': { const t = remapComponent(e.type, m); return t === e.type ? e : { kind: 'component', type: t }; }
  }
}

function remapMap(src: ReadonlyMap<string, Entity>, m: Remapping): { map: Map<string, Entity>; changed: boolean } {
  const map = new Map<string, Entity>();
  let changed = false;
  for (const [k, v] of src) {
    const r = remapEntity(v, m);
    if (r !== v) changed = true;
    map.set(k, r);
  }
  return { map, changed };
}

function remapKeys<V>(src: ReadonlyMap<ResourceType, V>, m: Remapping): Map<ResourceType, V> {
  const out = new Map<ResourceType, V>();
  for (const [k, v] of src) out.set(m.resources.get(k) ?? k, v);
  return out;
}

export function remapInstance(t: VInstanceType, m: Remapping): VInstanceType {
  if (m.isEmpty()) return t;
  const hit = m.memo.get(t);
  if (hit) return hit as VInstanceType;
  const { map, changed } = remapMap(t.exports, m);
  const out: VInstanceType = changed || t.definedResources.some((r) => m.resources.has(r))
    ? { kind: 'instance', exports: map, definedResources: t.definedResources.map((r) => m.resources.get(r) ?? r), explicitResources: remapKeys(t.explicitResources, m) }
    : t;
  m.memo.set(t, out);
  return out;
}

export function remapComponent(t: VComponentType, m: Remapping): VComponentType {
  if (m.isEmpty()) return t;
  const hit = m.memo.get(t);
  if (hit) return hit as VComponentType;
  const imps = remapMap(t.imports, m);
  const exps = remapMap(t.exports, m);
  const out: VComponentType = imps.changed || exps.changed
    ? {
      kind: 'component', imports: imps.map, exports: exps.map,
      importedResources: remapKeys(t.importedResources, m), definedResources: remapKeys(t.definedResources, m),
      explicitResources: remapKeys(t.explicitResources, m),
    }
    : t;
  m.memo.set(t, out);
  return out;
}

// ───── free resources (wasmparser `free_variables_*`) ─────

export function freeInVal(t: ValType, out: Set<ResourceType>, seen = new Set<ValType>()): void {
  if (seen.has(t)) return;
  seen.add(t);
  if (t.kind === 'own' || t.kind === 'borrow') out.add(t.resource);
  else for (const x of valChildren(t)) freeInVal(x, out, seen);
}

export function freeInFunc(f: FuncType, out: Set<ResourceType>): void {
  for (const p of f.params) freeInVal(p.type, out);
  if (f.result) freeInVal(f.result, out);
}

export function freeInAny(t: AnyType, out: Set<ResourceType>): void {
  switch (t.kind) {
    case 'resource': out.add(t); return;
    case 'func': freeInFunc(t, out); return;
    case 'instance': freeInInstance(t, out); return;
    case 'component': freeInComponent(t, out); return;
    default: freeInVal(t, out);
  }
}

export function freeInEntity(e: Entity, out: Set<ResourceType>): void {
  switch (e.kind) {
    case 'module': return;
    case 'func': freeInFunc(e.type, out); return;
    case 'value': freeInVal(e.type, out); return;
    case 'type': freeInAny(e.referenced.type, out); return;
    case 'instance': freeInInstance(e.type, out); return;
    case 'component': freeInComponent(e.type, out); return;
  }
}

function freeInInstance(t: VInstanceType, out: Set<ResourceType>): void {
  const inner = new Set<ResourceType>();
  for (const e of t.exports.values()) freeInEntity(e, inner);
  for (const r of t.definedResources) inner.delete(r);
  for (const r of inner) out.add(r);
}

function freeInComponent(t: VComponentType, out: Set<ResourceType>): void {
  const inner = new Set<ResourceType>();
  for (const e of t.imports.values()) freeInEntity(e, inner);
  for (const e of t.exports.values()) freeInEntity(e, inner);
  for (const r of t.importedResources.keys()) inner.delete(r);
  for (const r of t.definedResources.keys()) inner.delete(r);
  for (const r of inner) out.add(r);
}
