// Adds unresolved packages to a `Resolve` in dependency order (wit-parser's `Remap::append`): foreign references are
// bound to already-added packages, feature gates filter items, worlds get their includes and implicit imports.
import { WitSyntaxError, type Span } from './lexer.js';
import { Cloner } from './clone.js';
import { elaborateWorld } from './elaborate.js';
import type { UnresolvedPackage } from './package-resolver.js';
import { compareVersions, parseVersion } from './semver.js';
import {
  UNKNOWN_STABILITY, WorldItems, packageNameToString, stabilityEquals, makeTypeDef,
  type Interface, type Resolve, type Stability, type TypeDefKind, type WitFunction, type WitType,
  type World, type WorldItem, type WorldKey,
} from './model.js';

/** Re-exported for modules that build a `Resolve` themselves (e.g. the component-binary WIT decoder). */
export { newResolve, idOfInterface, nameWorldKey, typeInterfaceDep, interfaceDirectDeps } from './queries.js';

export interface FeatureSet { readonly features: ReadonlySet<string>; readonly allFeatures: boolean }

const ERR = (reason: string, span: Span | undefined): WitSyntaxError => new WitSyntaxError(reason, span);

/** Rust's `{:?}` of a `Stability`, as wit-parser's mismatch message prints it. */
function stabilityDebug(s: Stability): string {
  const ver = (v: string): string => {
    const p = parseVersion(v).version;
    if (!p) return v;
    const extra = (p.pre.length ? `, pre: Prerelease("${p.pre.join('.')}")` : '') + (p.build.length ? `, build: BuildMetadata("${p.build.join('.')}")` : '');
    return `Version { major: ${p.major}, minor: ${p.minor}, patch: ${p.patch}${extra} }`;
  };
  const dep = (d?: string): string => (d === undefined ? 'None' : `Some(${ver(d)})`);
  if (s.kind === 'unknown') return 'Unknown';
  if (s.kind === 'stable') return `Stable { since: ${ver(s.since)}, deprecated: ${dep(s.deprecated)} }`;
  return `Unstable { feature: "${s.feature}", deprecated: ${dep(s.deprecated)} }`;
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
    // Without foreign deps there are no placeholder interfaces, worlds or (unknown) types to bind.
    if (u.foreignDeps.size === 0 && u.requiredResourceTypes.length === 0) return;
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
      // Local types are not mapped yet (checked when defined) and gated-out ones are skipped: only foreign ones remain.
      const mapped = this.types[rid];
      if (mapped === null || mapped === undefined) continue;
      let id = mapped;
      for (;;) {
        const k = r.types[id]!.kind;
        if (k.kind === 'type' && typeof k.type === 'number') id = k.type;
        else if (k.kind === 'resource') break;
        else throw ERR('type used in a handle must be a resource', span);
      }
    }
  }

  /** Remaps a definition's type references in place (the unresolved package is consumed; its objects are unshared). */
  private updateTypedef(kind: TypeDefKind, span: Span | undefined): TypeDefKind {
    switch (kind.kind) {
      case 'handle': kind.resource = this.mapType(kind.resource, span); break;
      case 'resource': case 'flags': case 'enum': case 'unknown': break;
      case 'record': for (const f of kind.fields) f.type = this.updateTy(f.type, f.span); break;
      case 'tuple': { const ts = kind.types; for (let i = 0; i < ts.length; i++) ts[i] = this.updateTy(ts[i]!, span); break; }
      case 'variant': for (const c of kind.cases) if (c.type !== undefined) c.type = this.updateTy(c.type, span); break;
      case 'option': case 'list': case 'fixed-length-list': kind.type = this.updateTy(kind.type, span); break;
      case 'future': case 'stream': if (kind.type !== undefined) kind.type = this.updateTy(kind.type, span); break;
      case 'map': kind.key = this.updateTy(kind.key, span); kind.value = this.updateTy(kind.value, span); break;
      case 'result':
        if (kind.ok !== undefined) kind.ok = this.updateTy(kind.ok, span);
        if (kind.err !== undefined) kind.err = this.updateTy(kind.err, span);
        break;
      case 'type': if (typeof kind.type === 'number') kind.type = this.mapType(kind.type, span); break;
    }
    return kind;
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
      this.r.types.push(makeTypeDef({ kind: { kind: 'handle', handle: 'own', resource: id }, owner: null, stability: UNKNOWN_STABILITY }));
      this.ownHandles.set(id, own);
    }
    return own;
  }

  /** Remaps an interface's maps in place: replacing a key keeps its position, deleting one while iterating is safe. */
  private updateInterface(iface: Interface, pkgId: number): void {
    const types = iface.types;
    for (const [name, id] of types) {
      if (this.types[id] === null) types.delete(name);
      else types.set(name, this.mapType(id, iface.span));
    }
    const funcs = iface.functions;
    for (const [name, f] of funcs) {
      if (!this.include(f.stability, pkgId, f.span)) funcs.delete(name);
      else this.updateFunction(f, f.span);
    }
  }

  /** Remaps a function's type references in place (see `updateTypedef`). */
  updateFunction(f: WitFunction, span: Span | undefined): WitFunction {
    if ('resource' in f.kind) f.kind.resource = this.mapType(f.kind.resource, span);
    for (const p of f.params) p.type = this.updateTy(p.type, span);
    const result = f.result === undefined ? undefined : this.updateTy(f.result, span);
    if (result !== undefined && this.typeHasBorrow(result)) {
      throw ERR(`function \`${f.name}\` returns a type which contains a \`borrow<T>\` which is not supported`, span);
    }
    f.result = result;
    return f;
  }

  private updateWorld(world: World, pkgId: number): void {
    const imports = world.imports;
    const exports = world.exports;
    world.imports = new WorldItems();
    world.exports = new WorldItems();
    for (const [key, item] of imports.entries()) this.updateWorldItem(world.imports, key, item, pkgId);
    for (const [key, item] of exports.entries()) this.updateWorldItem(world.exports, key, item, pkgId);
  }

  /** Remaps one world item in place (its objects are unshared) and adds it to `into` unless gated out. */
  private updateWorldItem(into: WorldItems, key: WorldKey, item: WorldItem, pkgId: number): void {
    const r = this.r;
    const span = item.kind === 'function' ? item.func.span : item.span;
    if (item.kind === 'type') item.id = this.mapType(item.id, span);
    if (!includeStability(r, this.fs, itemStability(r, item), pkgId, span)) return;
    const newKey: WorldKey = typeof key === 'string' ? key : { interface: this.mapInterface(key.interface, span) };
    if (item.kind === 'interface') item.id = this.mapInterface(item.id, span);
    else if (item.kind === 'function') this.updateFunction(item.func, span);
    into.set(newKey, item);
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
      if (!hasUpperCaseName(items)) continue; // all-lowercase names cannot collide case-insensitively
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
    let remaining = names;
    if (names.length) {
      for (const k of [...inc.imports.keys(), ...inc.exports.keys()]) {
        if (typeof k === 'string') remaining = remaining.filter((n) => rename(k, n) === undefined);
      }
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

/** Whether any plain-name key has an ASCII or non-ASCII upper-case letter (conservatively: any char ≥ 128). */
function hasUpperCaseName(items: WorldItems): boolean {
  for (const [k] of items.entries()) {
    if (typeof k !== 'string') continue;
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      if ((c >= 65 && c <= 90) || c >= 128) return true;
    }
  }
  return false;
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

export function appendPackage(r: Resolve, fs: FeatureSet, u: UnresolvedPackage): number {
  return new Remap(r, fs).append(u);
}
