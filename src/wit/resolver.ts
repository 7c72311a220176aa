// Adds unresolved packages to a `Resolve` in dependency order (wit-parser's `Remap::append`): foreign references are
// bound to already-added packages, feature gates filter items, worlds get their includes and implicit imports.
import { WitSyntaxError, type Span } from './lexer.js';
import type { UnresolvedPackage } from './package-resolver.js';
import { compareVersions, parseVersion } from './semver.js';
import {
  UNKNOWN_STABILITY, WorldItems, packageNameToString, stabilityEquals,
  type Interface, type Resolve, type Stability, type TypeDef, type TypeDefKind, type WitFunction, type WitType,
  type World, type WorldItem, type WorldKey, type TypeOwner,
} from './model.js';

export interface FeatureSet { readonly features: ReadonlySet<string>; readonly allFeatures: boolean }

const ERR = (reason: string, span: Span | undefined): WitSyntaxError => new WitSyntaxError(reason, span);

function ownerEquals(a: TypeOwner, b: TypeOwner): boolean {
  if (a === null || b === null) return a === b;
  return ('world' in a && 'world' in b && a.world === b.world) || ('interface' in a && 'interface' in b && a.interface === b.interface);
}

function stabilityDebug(s: Stability): string {
  const dep = (d?: string): string => (d === undefined ? 'None' : `Some(Version { major: ${d.split('.')[0]}, minor: ${d.split('.')[1]}, patch: ${d.split('.')[2]} })`);
  if (s.kind === 'unknown') return 'Unknown';
  if (s.kind === 'stable') return `Stable { since: ${s.since}, deprecated: ${dep(s.deprecated)} }`;
  return `Unstable { feature: "${s.feature}", deprecated: ${dep(s.deprecated)} }`;
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

function itemStability(r: Resolve, item: WorldItem): Stability {
  return item.kind === 'interface' ? item.stability : item.kind === 'function' ? item.func.stability : r.types[item.id]!.stability;
}

/** Whether a gated item is included; `@since` past the package version is an error. */
function includeStability(r: Resolve, fs: FeatureSet, s: Stability, pkgId: number, span: Span | undefined): boolean {
  if (s.kind === 'unknown') return true;
  if (s.kind === 'unstable') return fs.features.has(s.feature) || fs.allFeatures;
  const p = r.packages[pkgId];
  if (!p) return true;
  const pname = packageNameToString(p.name);
  if (p.name.version === undefined) throw ERR(`package [${pname}] contains a feature gate with a version specifier, so it must have a version`, span);
  const since = parseVersion(s.since).version!;
  const cur = parseVersion(p.name.version).version!;
  if (compareVersions(since, cur) > 0) throw ERR(`feature gate cannot reference unreleased version ${s.since} of package [${pname}] (current version ${p.name.version})`, span);
  return true;
}

/** Maps one unresolved package's local ids to ids in the `Resolve`. */
class Remap {
  types: (number | null)[] = [];
  interfaces: (number | null)[] = [];
  worlds: (number | null)[] = [];
  private ownHandles = new Map<number, number>();
  private hasBorrowCache = new Map<number, boolean>();

  constructor(private readonly r: Resolve, private readonly fs: FeatureSet) {}

  private apply(map: (number | null)[], id: number, desc: string, span: Span | undefined): number {
    const v = map[id];
    if (v === null) throw ERR(`found a reference to a ${desc} which is excluded due to its feature not being activated`, span);
    if (v === undefined) throw ERR(`internal: ${desc} ${id} not registered`, span);
    return v;
  }
  mapType(id: number, span: Span | undefined): number { return this.apply(this.types, id, 'type', span); }
  mapInterface(id: number, span: Span | undefined): number { return this.apply(this.interfaces, id, 'interface', span); }
  mapWorld(id: number, span: Span | undefined): number { return this.apply(this.worlds, id, 'world', span); }

  private include(s: Stability, pkgId: number, span: Span | undefined): boolean {
    return includeStability(this.r, this.fs, s, pkgId, span);
  }

  append(u: UnresolvedPackage): number {
    const r = this.r;
    const pkgId = r.packages.length;
    r.packages.push({ name: u.name, docs: u.docs, interfaces: new Map(), worlds: new Map() });
    r.packageNames.set(packageNameToString(u.name), pkgId);
    this.processForeignDeps(u, pkgId);

    const foreignTypes = this.types.length;
    const foreignInterfaces = this.interfaces.length;
    const foreignWorlds = this.worlds.length;

    for (let i = foreignTypes; i < u.types.length; i++) {
      const ty = u.types[i]!; // the unresolved package is consumed: update in place
      if (!this.include(ty.stability, pkgId, ty.span)) { this.types.push(null); continue; }
      ty.kind = this.updateTypedef(ty.kind, ty.span);
      let id = r.types.length;
      r.types.push(ty);
      if (ty.name === undefined && ty.owner === null && ty.kind.kind === 'handle' && ty.kind.handle === 'own') {
        const prev = this.ownHandles.get(ty.kind.resource);
        if (prev !== undefined) id = prev;
        else this.ownHandles.set(ty.kind.resource, id);
      }
      this.types.push(id);
    }

    for (let i = foreignInterfaces; i < u.interfaces.length; i++) {
      const src = u.interfaces[i]!;
      if (!this.include(src.stability, pkgId, src.span)) { this.interfaces.push(null); continue; }
      const iface: Interface = src;
      iface.package = pkgId;
      this.updateInterface(iface, pkgId);
      this.interfaces.push(r.interfaces.length);
      r.interfaces.push(iface);
    }

    for (let i = foreignTypes; i < this.types.length; i++) {
      const id = this.types[i];
      if (id === null || id === undefined) continue;
      const t = r.types[id]!;
      if (t.owner && 'interface' in t.owner) {
        const owner = t.owner.interface;
        try {
          t.owner = { interface: this.mapInterface(owner, t.span) };
        } catch (e) {
          if (e instanceof WitSyntaxError) throw ERR(`${e.reason}; this type is not gated by a feature but its interface is`, t.span);
          throw e;
        }
      }
    }

    for (let i = foreignWorlds; i < u.worlds.length; i++) {
      const src = u.worlds[i]!;
      if (!this.include(src.stability, pkgId, src.span)) { this.worlds.push(null); continue; }
      const world: World = src;
      this.updateWorld(world, pkgId);
      this.worlds.push(r.worlds.length);
      r.worlds.push(world);
    }

    for (let i = foreignTypes; i < this.types.length; i++) {
      const id = this.types[i];
      if (id === null || id === undefined) continue;
      const t = r.types[id]!;
      if (t.owner && 'world' in t.owner) {
        const owner = t.owner.world;
        try {
          t.owner = { world: this.mapWorld(owner, t.span) };
        } catch (e) {
          if (e instanceof WitSyntaxError) throw ERR(`${e.reason}; this type is not gated by a feature but its world is`, t.span);
          throw e;
        }
      }
    }

    for (let i = foreignWorlds; i < this.worlds.length; i++) {
      const id = this.worlds[i];
      if (id === null || id === undefined) continue;
      this.processWorldIncludes(id, pkgId);
      elaborateWorld(r, id, r.worlds[id]!.span);
    }

    for (let i = foreignInterfaces; i < this.interfaces.length; i++) {
      const id = this.interfaces[i];
      if (id === null || id === undefined) continue;
      const iface = r.interfaces[id]!;
      iface.package = pkgId;
      if (iface.name !== undefined) r.packages[pkgId]!.interfaces.set(iface.name, id);
    }
    for (let i = foreignWorlds; i < this.worlds.length; i++) {
      const id = this.worlds[i];
      if (id === null || id === undefined) continue;
      const w = r.worlds[id]!;
      w.package = pkgId;
      r.packages[pkgId]!.worlds.set(w.name, id);
    }
    return pkgId;
  }

  private processForeignDeps(u: UnresolvedPackage, pkgId: number): void {
    const r = this.r;
    const ifaceTo = new Map<number, { pkg: string; name: string; span: Span; stabilities: Stability[] }>();
    const worldTo = new Map<number, { pkg: string; name: string; span: Span; stabilities: Stability[] }>();
    for (const [pkg, dep] of u.foreignDeps) {
      for (const [name, { ref, stabilities }] of dep.items) {
        (ref.kind === 'interface' ? ifaceTo : worldTo).set(ref.id, { pkg, name, span: dep.span, stabilities });
      }
    }
    const lookupPkg = (pkg: string, span: Span): number => {
      const id = r.packageNames.get(pkg);
      if (id === undefined) {
        const known = [...r.packageNames.keys()];
        throw ERR(known.length ? `package '${pkg}' not found. known packages:${known.map((k) => `\n    ${k}`).join('')}` : `package '${pkg}' not found`, span);
      }
      return id;
    };
    for (let i = 0; i < u.interfaces.length; i++) {
      const f = ifaceTo.get(i);
      if (!f) break;
      const pid = lookupPkg(f.pkg, f.span);
      const span = u.interfaces[i]!.span;
      if (!f.stabilities.some((s) => this.include(s, pkgId, span))) { this.interfaces.push(null); continue; }
      const id = r.packages[pid]!.interfaces.get(f.name);
      if (id === undefined) throw ERR(`interface '${f.name}' not found in package '${f.pkg}'`, span);
      this.interfaces.push(id);
    }
    for (let i = 0; i < u.worlds.length; i++) {
      const f = worldTo.get(i);
      if (!f) break;
      const pid = lookupPkg(f.pkg, f.span);
      const span = u.worlds[i]!.span;
      if (!f.stabilities.some((s) => this.include(s, pkgId, span))) { this.worlds.push(null); continue; }
      const id = r.packages[pid]!.worlds.get(f.name);
      if (id === undefined) throw ERR(`world '${f.name}' not found in package '${f.pkg}'`, span);
      this.worlds.push(id);
    }
    for (let i = 0; i < u.types.length; i++) {
      const t = u.types[i]!;
      if (t.kind.kind !== 'unknown') break;
      if (!this.include(t.stability, pkgId, t.span)) { this.types.push(null); continue; }
      const ifaceId = this.mapInterface((t.owner as { interface: number }).interface, undefined);
      const id = r.interfaces[ifaceId]!.types.get(t.name!);
      if (id === undefined) throw ERR(`type \`${t.name}\` not defined in interface`, u.unknownTypeSpans[i]);
      this.types.push(id);
    }
    for (const { id: rid, span } of u.requiredResourceTypes) {
      let id: number;
      try { id = this.mapType(rid, span); } catch { continue; }
      for (;;) {
        const k = r.types[id]!.kind;
        if (k.kind === 'type' && typeof k.type === 'number') id = k.type;
        else if (k.kind === 'resource') break;
        else throw ERR('type used in a handle must be a resource', span);
      }
    }
  }

  private updateTypedef(kind: TypeDefKind, span: Span | undefined): TypeDefKind {
    const ut = (t: WitType): WitType => this.updateTy(t, span);
    const ot = (t: WitType | undefined): WitType | undefined => (t === undefined ? undefined : ut(t));
    switch (kind.kind) {
      case 'handle': return { ...kind, resource: this.mapType(kind.resource, span) };
      case 'resource': case 'flags': case 'enum': case 'unknown': return kind;
      case 'record': return { kind: 'record', fields: kind.fields.map((f) => ({ ...f, type: this.updateTy(f.type, f.span) })) };
      case 'tuple': return { kind: 'tuple', types: kind.types.map(ut) };
      case 'variant': return { kind: 'variant', cases: kind.cases.map((c) => ({ ...c, type: ot(c.type) })) };
      case 'option': case 'list': return { ...kind, type: ut(kind.type) };
      case 'fixed-length-list': return { ...kind, type: ut(kind.type) };
      case 'future': case 'stream': return { ...kind, type: ot(kind.type) };
      case 'map': return { kind: 'map', key: ut(kind.key), value: ut(kind.value) };
      case 'result': return { kind: 'result', ok: ot(kind.ok), err: ot(kind.err) };
      case 'type': return typeof kind.type === 'number' ? { kind: 'type', type: this.mapType(kind.type, span) } : kind;
    }
  }

  /** Maps a type reference; a bare reference to a resource becomes a (shared) anonymous `own` handle. */
  private updateTy(t: WitType, span: Span | undefined): WitType {
    if (typeof t !== 'number') return t;
    const id = this.mapType(t, span);
    let cur = id;
    for (;;) {
      const k = this.r.types[cur]!.kind;
      if (k.kind === 'type' && typeof k.type === 'number') { cur = k.type; continue; }
      if (k.kind !== 'resource') return id;
      break;
    }
    let own = this.ownHandles.get(id);
    if (own === undefined) {
      own = this.r.types.length;
      this.r.types.push({ kind: { kind: 'handle', handle: 'own', resource: id }, owner: null, stability: UNKNOWN_STABILITY });
      this.ownHandles.set(id, own);
    }
    return own;
  }

  private updateInterface(iface: Interface, pkgId: number): void {
    const types = new Map<string, number>();
    for (const [name, id] of iface.types) if (this.types[id] !== null) types.set(name, this.mapType(id, iface.span));
    iface.types = types;
    const funcs = new Map<string, WitFunction>();
    for (const [name, f] of iface.functions) {
      if (!this.include(f.stability, pkgId, f.span)) continue;
      funcs.set(name, this.updateFunction(f, f.span));
    }
    iface.functions = funcs;
  }

  updateFunction(f: WitFunction, span: Span | undefined): WitFunction {
    const kind = 'resource' in f.kind ? { ...f.kind, resource: this.mapType(f.kind.resource, span) } : f.kind;
    const params = f.params.map((p) => ({ ...p, type: this.updateTy(p.type, span) }));
    const result = f.result === undefined ? undefined : this.updateTy(f.result, span);
    if (result !== undefined && this.typeHasBorrow(result)) {
      throw ERR(`function \`${f.name}\` returns a type which contains a \`borrow<T>\` which is not supported`, span);
    }
    return { ...f, kind, params, result };
  }

  private updateWorld(world: World, pkgId: number): void {
    const r = this.r;
    const imports = world.imports;
    const exports = world.exports;
    world.imports = new WorldItems();
    world.exports = new WorldItems();
    const all: [WorldKey, WorldItem, boolean][] = [
      ...[...imports.entries()].map(([k, v]) => [k, v, true] as [WorldKey, WorldItem, boolean]),
      ...[...exports.entries()].map(([k, v]) => [k, v, false] as [WorldKey, WorldItem, boolean]),
    ];
    for (const [key, item0, isImport] of all) {
      let item = item0;
      const span = item.kind === 'function' ? item.func.span : item.span;
      if (item.kind === 'type') item = { ...item, id: this.mapType(item.id, span) };
      if (!includeStability(r, this.fs, itemStability(r, item), pkgId, span)) continue;
      const newKey: WorldKey = typeof key === 'string' ? key : { interface: this.mapInterface(key.interface, span) };
      if (item.kind === 'interface') item = { ...item, id: this.mapInterface(item.id, span) };
      else if (item.kind === 'function') item = { kind: 'function', func: this.updateFunction(item.func, span) };
      (isImport ? world.imports : world.exports).set(newKey, item);
    }
  }

  private processWorldIncludes(id: number, pkgId: number): void {
    const r = this.r;
    const world = r.worlds[id]!;
    const includes = world.includes;
    world.includes = [];
    for (const inc of includes) {
      if (!this.include(inc.stability, pkgId, inc.span)) continue;
      this.resolveInclude(id, inc.id, inc.names, inc.span, pkgId);
    }
    for (const [items, what] of [[world.imports, 'import'], [world.exports, 'export']] as const) {
      const seen = new Map<string, string>();
      for (const k of items.keys()) {
        if (typeof k !== 'string') continue;
        const lower = k.toLowerCase();
        const existing = seen.get(lower);
        if (existing !== undefined && existing !== k) {
          throw ERR(`${what} \`${k}\` in world \`${world.name}\` conflicts with ${what} \`${existing}\` (kebab-case identifiers are case-insensitive)`, undefined);
        }
        seen.set(lower, k);
      }
    }
  }

  private resolveInclude(id: number, origId: number, names: { name: string; as: string }[], span: Span, pkgId: number): void {
    const r = this.r;
    const world = r.worlds[id]!;
    const incId = this.mapWorld(origId, span);
    const inc = r.worlds[incId]!;
    const isExternal = world.package !== inc.package;
    let remaining = [...names];
    for (const k of [...inc.imports.keys(), ...inc.exports.keys()]) {
      if (typeof k === 'string') remaining = remaining.filter((n) => rename(k, n) === undefined);
    }
    if (remaining.length) throw ERR(`no import or export kebab-name \`${remaining[0]!.name}\`. Note that an ID does not support renaming`, span);
    const cloner = new Cloner(r, { world: incId }, { world: id }, pkgId);
    const incImports = [...inc.imports.entries()];
    const incExports = [...inc.exports.entries()];
    for (const [items, list, what] of [[world.imports, incImports, 'import'], [world.exports, incExports, 'export']] as const) {
      for (const [key, item] of list) {
        if (typeof key === 'string') {
          let n = key;
          for (const nm of names) {
            const x = rename(key, nm);
            if (x !== undefined) { n = x; break; }
          }
          let newItem = cloner.worldItem(item);
          if (newItem.kind === 'function') newItem = { kind: 'function', func: { ...newItem.func, name: n } };
          else if (newItem.kind === 'type') r.types[newItem.id]!.name = n;
          if (items.set(n, newItem)) throw ERR(`${what} of \`${n}\` shadows previously ${what}ed items`, span);
        } else {
          let prev = items.get(key);
          if (!prev) {
            prev = item.kind === 'interface' ? { ...item } : item;
            items.set(key, prev);
          }
          if (item.kind !== 'interface' || prev.kind !== 'interface') continue;
          const from = item.stability;
          if (isExternal && from.kind === 'stable') { prev.stability = UNKNOWN_STABILITY; continue; }
          if (stabilityEquals(from, prev.stability) || from.kind === 'unknown') continue;
          if (prev.stability.kind === 'unknown') { prev.stability = from; continue; }
          throw ERR(`mismatch in stability from '${stabilityDebug(from)}' to '${stabilityDebug(prev.stability)}'`, item.span);
        }
      }
    }
  }

  private typeHasBorrow(t: WitType): boolean {
    if (typeof t !== 'number') return false;
    const c = this.hasBorrowCache.get(t);
    if (c !== undefined) return c;
    const k = this.r.types[t]!.kind;
    const any = (ts: (WitType | undefined)[]): boolean => ts.some((x) => x !== undefined && this.typeHasBorrow(x));
    let v: boolean;
    switch (k.kind) {
      case 'type': case 'option': case 'list': case 'fixed-length-list': v = any([k.type]); break;
      case 'future': case 'stream': v = any([k.type]); break;
      case 'variant': v = any(k.cases.map((c) => c.type)); break;
      case 'handle': v = k.handle === 'borrow'; break;
      case 'record': v = any(k.fields.map((f) => f.type)); break;
      case 'tuple': v = any(k.types); break;
      case 'map': v = any([k.key, k.value]); break;
      case 'result': v = any([k.ok, k.err]); break;
      default: v = false;
    }
    this.hasBorrowCache.set(t, v);
    return v;
  }
}

/** `include … with { a as b }`: renames plain names and the resource part of `[method]a.x` style names. */
function rename(original: string, n: { name: string; as: string }): string | undefined {
  if (original === n.name) return n.as;
  const close = original.indexOf(']');
  if (close < 0) return undefined;
  const kind = original.slice(0, close);
  const rest = original.slice(close + 1);
  const dot = rest.indexOf('.');
  if (dot >= 0 && rest.slice(0, dot) === n.name) return `${kind}]${n.as}.${rest.slice(dot + 1)}`;
  if (rest === n.name) return `${kind}]${n.as}`;
  return undefined;
}

/** Copies world-owned types, functions and anonymous interfaces into an including world. */
class Cloner {
  readonly types = new Map<number, number>();
  constructor(private readonly r: Resolve, private readonly prevOwner: TypeOwner, private readonly newOwner: TypeOwner, private readonly newPackage: number) {}

  worldItem(item: WorldItem): WorldItem {
    if (item.kind === 'type') return { ...item, id: this.typeId(item.id) };
    if (item.kind === 'function') return { kind: 'function', func: this.func(item.func) };
    if (this.r.interfaces[item.id]!.name !== undefined) return { ...item };
    return { ...item, id: this.iface(item.id) };
  }

  typeId(id: number): number {
    const done = this.types.get(id);
    if (done !== undefined) return done;
    const def: TypeDef = { ...this.r.types[id]! };
    if (def.owner !== null) def.owner = this.newOwner;
    def.kind = this.kind(def.kind);
    const nid = this.r.types.length;
    this.r.types.push(def);
    this.types.set(id, nid);
    return nid;
  }

  private ty(t: WitType | undefined): WitType | undefined {
    return typeof t === 'number' ? this.typeId(t) : t;
  }

  private kind(k: TypeDefKind): TypeDefKind {
    const ty = (t: WitType): WitType => this.ty(t)!;
    switch (k.kind) {
      case 'type': {
        if (typeof k.type !== 'number') return k;
        if (ownerEquals(this.r.types[k.type]!.owner, this.prevOwner)) return { kind: 'type', type: this.typeId(k.type) };
        return { kind: 'type', type: this.types.get(k.type) ?? k.type };
      }
      case 'handle': return { ...k, resource: this.typeId(k.resource) };
      case 'option': case 'list': case 'fixed-length-list': return { ...k, type: ty(k.type) };
      case 'map': return { kind: 'map', key: ty(k.key), value: ty(k.value) };
      case 'tuple': return { kind: 'tuple', types: k.types.map(ty) };
      case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ ...f, type: ty(f.type) })) };
      case 'variant': return { kind: 'variant', cases: k.cases.map((c) => ({ ...c, type: this.ty(c.type) })) };
      case 'result': return { kind: 'result', ok: this.ty(k.ok), err: this.ty(k.err) };
      case 'future': case 'stream': return { ...k, type: this.ty(k.type) };
      default: return k;
    }
  }

  func(f: WitFunction): WitFunction {
    const kind = 'resource' in f.kind ? { ...f.kind, resource: this.typeId(f.kind.resource) } : f.kind;
    return { ...f, kind, params: f.params.map((p) => ({ ...p, type: this.ty(p.type)! })), result: this.ty(f.result) };
  }

  iface(oldId: number): number {
    const old = this.r.interfaces[oldId]!;
    const nextId = this.r.interfaces.length;
    const sub = new Cloner(this.r, { interface: oldId }, { interface: nextId }, this.newPackage);
    for (const [k, v] of this.types) sub.types.set(k, v);
    const types = new Map<string, number>();
    for (const [n, t] of old.types) types.set(n, sub.typeId(t));
    const functions = new Map<string, WitFunction>();
    for (const [n, f] of old.functions) functions.set(n, sub.func(f));
    for (const [k, v] of sub.types) this.types.set(k, v);
    const id = this.r.interfaces.length;
    this.r.interfaces.push({ ...old, types, functions, package: this.newPackage, cloneOf: oldId });
    return id;
  }
}

/** Adds the interfaces a world's imports and exports depend on as imports, in wit-parser's order. */
function elaborateWorld(r: Resolve, worldId: number, span: Span | undefined): void {
  const world = r.worlds[worldId]!;
  const sortKey = (item: WorldItem): number => {
    if (item.kind === 'interface') return 0;
    if (item.kind === 'type') {
      const ty = r.types[item.id]!;
      if (ty.kind.kind === 'type' && typeof ty.kind.type === 'number' && !ownerEquals(r.types[ty.kind.type]!.owner, ty.owner)) return 1;
      return 2;
    }
    return 'resource' in item.func.kind ? 4 : 3;
  };
  const newImports = new WorldItems();
  const importIface = (key: WorldKey, id: number, stability: Stability, docs: string | undefined, externalId: string | undefined): void => {
    if (newImports.has(key)) return;
    for (const dep of interfaceDirectDeps(r, id)) importIface({ interface: dep }, dep, stability, undefined, undefined);
    newImports.set(key, { kind: 'interface', id, stability, docs, externalId });
  };
  const sorted = [...world.imports.entries()].map((e, i) => ({ e, i, k: sortKey(e[1]) })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.e);
  for (const [key, item] of sorted) {
    if (item.kind === 'interface') importIface(key, item.id, item.stability, item.docs, item.externalId);
    else if (item.kind === 'function') newImports.set(key, item);
    else {
      const dep = typeInterfaceDep(r, item.id);
      if (dep !== undefined) importIface({ interface: dep }, dep, r.types[item.id]!.stability, undefined, undefined);
      newImports.set(key, item);
    }
  }
  const newExports = new WorldItems();
  const exportIfaces = new WorldItems();
  for (const [key, item] of world.exports.entries()) {
    if (item.kind === 'interface') exportIfaces.set(key, item);
    else newExports.set(key, item);
  }
  const required = new Set<number>();
  const addExport = (key: WorldKey, item: WorldItem & { kind: 'interface' }, add: boolean): boolean => {
    if (newExports.has(key)) return add;
    if (!add && required.has(item.id)) return true;
    for (const dep of interfaceDirectDeps(r, item.id)) {
      const depKey = { interface: dep };
      const ok = addExport(depKey, { kind: 'interface', id: dep, stability: item.stability, externalId: item.externalId }, add && exportIfaces.has(depKey));
      if (!ok) return false;
    }
    if (add) {
      if (required.has(item.id)) return false;
      newExports.set(key, item);
    } else {
      required.add(item.id);
      if (!newImports.has(key)) newImports.set(key, item);
    }
    return true;
  };
  for (const [key, item] of exportIfaces.entries()) {
    const name = nameWorldKey(r, key);
    if (!addExport(key, item as WorldItem & { kind: 'interface' }, true)) {
      throw ERR(`interface \`${name}\` transitively depends on an interface in incompatible ways`, span);
    }
  }
  const final = new WorldItems();
  const entries = [...newImports.entries()].map((e, i) => ({ e, i, k: sortKey(e[1]) })).sort((a, b) => a.k - b.k || a.i - b.i);
  for (const { e } of entries) final.set(e[0], e[1]);
  world.imports = final;
  world.exports = newExports;
}

export function appendPackage(r: Resolve, fs: FeatureSet, u: UnresolvedPackage): number {
  return new Remap(r, fs).append(u);
}
