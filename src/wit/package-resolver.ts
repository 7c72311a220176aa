// Resolves the files of one package (syntax trees) into an unresolved package: local arenas of types,
// interfaces and worlds, with references to other packages left as placeholders (wit-parser's `UnresolvedPackage`).
import type * as ast from './ast.js';
import { WitSyntaxError, type Span } from './lexer.js';
import { toposort, toposortIndexed } from './toposort.js';
import { docsContents } from './docs.js';
import {
  UNKNOWN_STABILITY, WorldItems, packageNameToString, makeTypeDef,
  type Interface, type PackageName, type Stability, type TypeDef, type TypeDefKind, type TypeOwner, type WitFunction,
  type FunctionKind, type Param, type World, type WitType, type WorldItem, type WorldKey,
} from './model.js';

export type AstRef = { readonly kind: 'interface' | 'world'; readonly id: number };

export interface ForeignDep { name: PackageName; span: Span; items: Map<string, { ref: AstRef; stabilities: Stability[] }> }

export interface UnresolvedPackage {
  name: PackageName;
  nameSpan: Span;
  docs?: string;
  worlds: World[];
  interfaces: Interface[];
  types: TypeDef[];
  foreignDeps: Map<string, ForeignDep>;
  unknownTypeSpans: Span[];
  requiredResourceTypes: { id: number; span: Span }[];
}

type Lookup = Map<string, { item: number | string; span: Span }>;

type PathVisitor = (iface: ast.Id | undefined, attrs: ast.Attribute[], path: ast.UsePath, names: ast.Use['names'] | undefined, kind: 'world' | 'interface' | 'unknown') => void;

function forEachPath(items: ast.AstItem[], f: PathVisitor): void {
  for (const item of items) {
    if (item.kind === 'world') {
      const w = item.world;
      for (const wi of w.items) {
        if (wi.kind === 'use') f(undefined, wi.use.attributes, wi.use.from, wi.use.names, 'interface');
        else if (wi.kind === 'include') f(w.name, wi.include.attributes, wi.include.from, undefined, 'world');
      }
      for (const wi of w.items) if (wi.kind === 'import') forExternPaths(wi.extern, wi.attributes, f); // imports first,
      for (const wi of w.items) if (wi.kind === 'export') forExternPaths(wi.extern, wi.attributes, f); // then exports
    } else if (item.kind === 'interface') {
      for (const ii of item.iface.items) if (ii.kind === 'use') f(item.iface.name, ii.use.attributes, ii.use.from, ii.use.names, 'interface');
    } else if (item.kind === 'use') f(undefined, item.use.attributes, item.use.item, undefined, 'unknown');
    else forEachPath(item.pkg.items, f);
  }
}

function forExternPaths(kind: ast.ExternKind, attrs: ast.Attribute[], f: PathVisitor): void {
  if (kind.kind === 'interface') {
    for (const ii of kind.items) if (ii.kind === 'use') f(undefined, ii.use.attributes, ii.use.from, ii.use.names, 'interface');
  } else if (kind.kind === 'path' || kind.kind === 'named-path') f(undefined, attrs, kind.path, undefined, 'interface');
}

function astPackageName(p: ast.PackageName): PackageName {
  return p.version ? { namespace: p.namespace.name, name: p.name.name, version: p.version.text } : { namespace: p.namespace.name, name: p.name.name };
}

function usePathName(p: ast.UsePath): ast.Id {
  return p.kind === 'id' ? p.id : p.name;
}

function typeSpan(t: ast.Type): Span {
  return t.span;
}

const NO_EDGES: ast.Id[] = [];

const ERR = (reason: string, span: Span | undefined): WitSyntaxError => new WitSyntaxError(reason, span);

/** Collects the files (`push`) of one package, then `resolve`s them. */
export class PackageResolver {
  private packageName?: { name: PackageName; span: Span };
  private packageDocs?: string;
  private declLists: ast.AstItem[][] = [];
  private types: TypeDef[] = [];
  private interfaces: Interface[] = [];
  private worlds: World[] = [];
  private anonTypes = new Map<string | number, number>();
  private curAst = 0;
  private astItems: Map<string, AstRef>[] = [];
  private packageItems = new Map<string, AstRef>();
  private interfaceTypes: Lookup[] = [];
  private foreignDeps = new Map<string, ForeignDep>();
  private foreignInterfaces = new Set<number>();
  private typeLookup: Lookup = new Map();
  private unknownTypeSpans: Span[] = [];
  private requiredResourceTypes: { id: number; span: Span }[] = [];

  push(file: ast.PackageFile): void {
    const cur = file.packageId;
    if (cur) {
      const name = astPackageName(cur);
      if (this.packageName && packageNameToString(this.packageName.name) !== packageNameToString(name)) {
        throw ERR(`package identifier \`${packageNameToString(name)}\` does not match previous package name of \`${packageNameToString(this.packageName.name)}\``, cur.span);
      }
      this.packageName = { name, span: cur.span };
      const docs = docsContents(cur.docs);
      if (docs !== undefined) {
        if (this.packageDocs !== undefined) throw ERR("found doc comments on multiple 'package' items", cur.docs.span);
        this.packageDocs = docs;
      }
    }
    for (const item of file.items) {
      if (item.kind === 'package') throw ERR('nested packages must be placed at the top-level', item.pkg.packageId!.span);
    }
    this.declLists.push(file.items);
  }

  resolve(): UnresolvedPackage {
    if (!this.packageName) throw ERR('no `package` header was found in any WIT file for this package', undefined);
    const declLists = this.declLists;
    this.populateForeignDeps(declLists);
    const { ifaceOrder, worldOrder } = this.populateAstItems(declLists);
    this.populateForeignTypes(declLists);

    const ifaceAst: [ast.Interface, number][] = []; // indexed by interface id (ids are small array indices)
    const worldAst: [ast.World, number][] = [];
    declLists.forEach((list, i) => {
      for (const item of list) {
        if (item.kind === 'interface') ifaceAst[this.astItems[i]!.get(item.iface.name.name)!.id] = [item.iface, i];
        else if (item.kind === 'world') worldAst[this.astItems[i]!.get(item.world.name.name)!.id] = [item.world, i];
      }
    });
    for (const id of ifaceOrder) {
      const [iface, i] = ifaceAst[id]!;
      this.curAst = i;
      this.resolveInterface(id, iface.items, iface.docs, iface.attributes);
    }
    for (const id of worldOrder) {
      const [world, i] = worldAst[id]!;
      this.curAst = i;
      this.resolveWorld(id, world);
    }
    return {
      name: this.packageName.name,
      nameSpan: this.packageName.span,
      docs: this.packageDocs,
      worlds: this.worlds,
      interfaces: this.interfaces,
      types: this.types,
      foreignDeps: this.foreignDeps,
      unknownTypeSpans: this.unknownTypeSpans,
      requiredResourceTypes: this.requiredResourceTypes,
    };
  }

  private populateForeignDeps(declLists: ast.AstItem[][]): void {
    for (const list of declLists) {
      forEachPath(list, (_iface, attrs, path, _names, kind) => {
        if (path.kind !== 'package') return;
        const stability = this.stability(attrs);
        const pkgName = astPackageName(path.pkg);
        const key = packageNameToString(pkgName);
        let deps = this.foreignDeps.get(key);
        if (!deps) {
          deps = { name: pkgName, span: path.pkg.span, items: new Map() };
          this.foreignDeps.set(key, deps);
        }
        let entry = deps.items.get(path.name.name);
        if (!entry) {
          const ref: AstRef = kind === 'world'
            ? { kind: 'world', id: this.allocWorld(path.name.span) }
            : { kind: 'interface', id: this.allocInterface(path.name.span) };
          entry = { ref, stabilities: [] };
          deps.items.set(path.name.name, entry);
        }
        entry.stabilities.push(stability);
        if (entry.ref.kind === 'interface') this.foreignInterfaces.add(entry.ref.id);
      });
    }
  }

  private allocInterface(span: Span): number {
    this.interfaceTypes.push(new Map());
    this.interfaces.push({ types: new Map(), functions: new Map(), stability: UNKNOWN_STABILITY, span });
    return this.interfaces.length - 1;
  }

  private allocWorld(span: Span): number {
    this.worlds.push({ name: '', imports: new WorldItems(), exports: new WorldItems(), stability: UNKNOWN_STABILITY, includes: [], span });
    return this.worlds.length - 1;
  }

  private populateAstItems(declLists: ast.AstItem[][]): { ifaceOrder: number[]; worldOrder: number[] } {
    const packageItems = new Map<string, Span>();
    const names = new Map<string, ast.AstItem>();
    const order = new Map<string, ast.Id[]>();
    for (const list of declLists) {
      for (const item of list) {
        if (item.kind !== 'interface' && item.kind !== 'world') continue;
        const name = item.kind === 'interface' ? item.iface.name : item.world.name;
        if (packageItems.has(name.name)) throw ERR(`duplicate item named \`${name.name}\``, name.span);
        packageItems.set(name.name, name.span);
        order.set(name.name, []);
        names.set(name.name, item);
      }
    }
    for (const list of declLists) {
      const ns = new Map<string, { span: Span; src: ast.Id | undefined }>();
      for (const item of list) {
        let name: ast.Id;
        let src: ast.Id | undefined;
        if (item.kind === 'use') {
          name = item.use.as ?? usePathName(item.use.item);
          src = item.use.item.kind === 'id' ? item.use.item.id : undefined;
        } else if (item.kind === 'interface') name = src = item.iface.name;
        else if (item.kind === 'world') name = src = item.world.name;
        else continue;
        if (ns.has(name.name)) throw ERR(`duplicate name \`${name.name}\` in this file`, name.span);
        ns.set(name.name, { span: name.span, src });
      }
      forEachPath(list, (iface, _attrs, path) => {
        if (!iface || path.kind !== 'id') return;
        const used = path.id;
        const local = ns.get(used.name);
        if (local) {
          if (local.src) order.get(iface.name)!.push(local.src);
          return;
        }
        if (packageItems.has(used.name)) order.get(iface.name)!.push(used);
        else throw ERR(`interface or world \`${used.name}\` does not exist`, used.span);
      });
    }
    const sorted = toposort('interface or world', order);
    const ids = new Map<string, AstRef>();
    const ifaceOrder: number[] = [];
    const worldOrder: number[] = [];
    for (const name of sorted) {
      const item = names.get(name)!;
      if (item.kind === 'interface') {
        const id = this.allocInterface(packageItems.get(name)!);
        this.interfaces[id]!.name = name;
        ids.set(name, { kind: 'interface', id });
        ifaceOrder.push(id);
      } else {
        const id = this.allocWorld(packageItems.get(name)!);
        this.worlds[id]!.name = name;
        ids.set(name, { kind: 'world', id });
        worldOrder.push(id);
      }
    }
    for (const list of declLists) {
      const items = new Map<string, AstRef>();
      for (const item of list) {
        if (item.kind === 'use') {
          const u = item.use;
          if (u.attributes.length) throw ERR('attributes not allowed on top-level use', u.span);
          const name = u.as ?? usePathName(u.item);
          let ref: AstRef;
          if (u.item.kind === 'id') {
            const r = ids.get(u.item.id.name);
            if (!r) throw ERR(`interface or world \`${u.item.id.name}\` does not exist`, u.item.id.span);
            ref = r;
          } else ref = this.foreignDeps.get(packageNameToString(astPackageName(u.item.pkg)))!.items.get(u.item.name.name)!.ref;
          items.set(name.name, ref);
        } else if (item.kind === 'interface' || item.kind === 'world') {
          const name = item.kind === 'interface' ? item.iface.name.name : item.world.name.name;
          const ref = ids.get(name)!;
          items.set(name, ref);
          this.packageItems.set(name, ref);
        }
      }
      this.astItems.push(items);
    }
    return { ifaceOrder, worldOrder };
  }

  private populateForeignTypes(declLists: ast.AstItem[][]): void {
    declLists.forEach((list, i) => {
      this.curAst = i;
      forEachPath(list, (_iface, attrs, path, names) => {
        if (!names) return;
        const stability = this.stability(attrs);
        const externalId = this.externalId(attrs);
        const { ref, name, span } = this.resolveAstItemPath(path);
        const iface = this.extractIface(ref, name, span);
        if (!this.foreignInterfaces.has(iface)) return;
        const lookup = this.interfaceTypes[iface]!;
        for (const n of names) {
          if (lookup.has(n.name.name)) continue;
          const id = this.types.length;
          this.types.push(makeTypeDef({ name: n.name.name, kind: { kind: 'unknown' }, owner: { interface: iface }, stability, span: n.name.span, externalId }));
          this.unknownTypeSpans.push(n.name.span);
          lookup.set(n.name.name, { item: id, span: n.name.span });
          this.interfaces[iface]!.types.set(n.name.name, id);
        }
      });
    });
  }

  private resolveWorld(worldId: number, world: ast.World): void {
    const w = this.worlds[worldId]!;
    w.docs = docsContents(world.docs);
    w.stability = this.stability(world.attributes);
    this.resolveTypes({ world: worldId }, world.items);
    for (const i of world.items) if (i.kind === 'include') this.resolveInclude(worldId, i.include);
    for (const [name, { item, span }] of this.typeLookup) {
      const prev = w.imports.set(name, { kind: 'type', id: item as number, span });
      if (prev) throw ERR(`import \`${name}\` conflicts with prior import of same name`, span);
    }
    const imported = new Set<number>();
    const exported = new Set<number>();
    for (const item of world.items) {
      if (item.kind === 'type') {
        if (item.def.ty.kind === 'resource') {
          for (const f of item.def.ty.funcs) {
            const func = this.resolveResourceFunc(f, item.def.name);
            w.imports.set(func.name, { kind: 'function', func });
          }
        }
        continue;
      }
      if (item.kind !== 'import' && item.kind !== 'export') continue;
      const desc = item.kind;
      const kind = item.extern;
      const worldItem = this.resolveWorldItem(item.docs, item.attributes, kind);
      let key: WorldKey;
      if (kind.kind === 'interface' || kind.kind === 'named-path') key = kind.name.name;
      else if (kind.kind === 'func') key = (worldItem as { func: WitFunction }).func.name;
      else key = { interface: (worldItem as { id: number }).id };
      const kspan = kind.kind === 'path' ? usePathName(kind.path).span : kind.name.span;
      if (typeof key !== 'string') {
        const set = desc === 'import' ? imported : exported;
        if (set.has(key.interface)) throw ERR(`interface cannot be ${desc}ed more than once`, kspan);
        set.add(key.interface);
      }
      const dst = desc === 'import' ? w.imports : w.exports;
      const prev = dst.set(key, worldItem);
      if (prev) {
        throw ERR(`${desc} \`${key as string}\` conflicts with prior ${prev.kind === 'function' ? 'func' : prev.kind} of same name`, kspan);
      }
    }
    this.typeLookup = new Map();
  }

  private resolveWorldItem(docs: ast.Docs, attrs: ast.Attribute[], kind: ast.ExternKind): WorldItem {
    switch (kind.kind) {
      case 'interface': {
        const prev = this.typeLookup;
        this.typeLookup = new Map();
        const id = this.allocInterface(kind.name.span);
        this.resolveInterface(id, kind.items, docs, attrs);
        this.typeLookup = prev;
        return { kind: 'interface', id, stability: this.interfaces[id]!.stability, span: kind.name.span, externalId: this.externalId(attrs) };
      }
      case 'path': case 'named-path': {
        const stability = this.stability(attrs);
        const externalId = this.externalId(attrs);
        const d = docsContents(docs);
        const { ref, name, span } = this.resolveAstItemPath(kind.path);
        const id = this.extractIface(ref, name, span);
        return { kind: 'interface', id, stability, externalId, docs: d, span: kind.kind === 'path' ? span : kind.name.span };
      }
      case 'func':
        return { kind: 'function', func: this.resolveFunction(docs, attrs, kind.name.name, kind.name.span, kind.func, { kind: kind.func.async ? 'async-freestanding' : 'freestanding' }) };
    }
  }

  private resolveInterface(id: number, items: ast.InterfaceItem[], docs: ast.Docs, attrs: ast.Attribute[]): void {
    const iface = this.interfaces[id]!;
    iface.docs = docsContents(docs);
    iface.stability = this.stability(attrs);
    this.resolveTypes({ interface: id }, items);
    for (const [name, { item }] of this.typeLookup) iface.types.set(name, item as number);
    const funcs: WitFunction[] = [];
    for (const item of items) {
      if (item.kind === 'func') {
        const f = item.func;
        this.defineName(f.name, 'function');
        funcs.push(this.resolveFunction(f.docs, f.attributes, f.name.name, f.name.span, f.func, { kind: f.func.async ? 'async-freestanding' : 'freestanding' }));
      } else if (item.kind === 'type' && item.def.ty.kind === 'resource') {
        for (const rf of item.def.ty.funcs) funcs.push(this.resolveResourceFunc(rf, item.def.name));
      }
    }
    for (const f of funcs) iface.functions.set(f.name, f);
    this.interfaceTypes[id] = this.typeLookup;
    this.typeLookup = new Map();
  }

  /** Resolves the `use`s and type definitions among interface or world items. */
  private resolveTypes(owner: TypeOwner, items: readonly (ast.InterfaceItem | ast.WorldItem)[]): void {
    for (const i of items) if (i.kind === 'use') this.resolveUse(owner, i.use);
    // One slot per name in first-declaration order (a later `use` of the same name replaces the slot, as a Map would).
    const index = new Map<string, number>();
    const defs: (ast.TypeDef | undefined)[] = [];
    const edges: ast.Id[][] = [];
    for (const i of items) {
      if (i.kind === 'type') {
        const t = i.def;
        if (index.has(t.name.name)) throw ERR(`name \`${t.name.name}\` is defined more than once`, t.name.span);
        index.set(t.name.name, defs.length);
        defs.push(t);
        const d: ast.Id[] = [];
        collectDeps(t.ty, d);
        edges.push(d);
      } else if (i.kind === 'use') {
        for (const n of i.use.names) {
          const name = (n.as ?? n.name).name;
          const slot = index.get(name);
          if (slot === undefined) {
            index.set(name, defs.length);
            defs.push(undefined);
            edges.push(NO_EDGES);
          } else {
            defs[slot] = undefined;
            edges[slot] = NO_EDGES;
          }
        }
      }
    }
    let order: number[];
    try {
      order = toposortIndexed('type', defs.length, edges, index);
    } catch (e) {
      if (e instanceof WitSyntaxError) {
        const m = /^type `(float32|float64)` does not exist$/.exec(e.reason);
        if (m) {
          const n = m[1]!;
          throw ERR(`${e.reason}\nthe \`${n}\` type has been renamed to \`${n === 'float32' ? 'f32' : 'f64'}\` and is no longer accepted, but the \`WIT_REQUIRE_F32_F64=0\` environment variable can be used to temporarily disable this error`, e.span);
        }
      }
      throw e;
    }
    for (const slot of order) {
      const def = defs[slot];
      if (!def) continue;
      const docs = docsContents(def.docs);
      const stability = this.stability(def.attributes);
      const externalId = this.externalId(def.attributes);
      const kind = this.resolveTypeDef(def.ty, stability);
      const id = this.types.length;
      this.types.push(makeTypeDef({ name: def.name.name, kind, owner, docs, stability, span: def.name.span, externalId }));
      this.defineName(def.name, id);
    }
  }

  private resolveUse(owner: TypeOwner, u: ast.Use): void {
    const { ref, name, span } = this.resolveAstItemPath(u.from);
    const from = this.extractIface(ref, name, span);
    const stability = this.stability(u.attributes);
    const externalId = this.externalId(u.attributes);
    for (const n of u.names) {
      const found = this.interfaceTypes[from]!.get(n.name.name);
      if (!found) throw ERR(`name \`${n.name.name}\` does not exist`, n.name.span);
      if (typeof found.item === 'string') throw ERR(`cannot import ${found.item} \`${n.name.name}\``, n.name.span);
      const local = n.as ?? n.name;
      const id = this.types.length;
      this.types.push(makeTypeDef({ name: local.name, kind: { kind: 'type', type: found.item }, owner, stability, span: n.name.span, externalId }));
      this.defineName(local, id);
    }
  }

  private resolveInclude(worldId: number, i: ast.Include): void {
    const stability = this.stability(i.attributes);
    const { ref, name, span } = this.resolveAstItemPath(i.from);
    if (ref.kind !== 'world') throw ERR(`name \`${name}\` is defined as an interface, not a world`, span);
    this.worlds[worldId]!.includes.push({ stability, id: ref.id, names: i.names.map((n) => ({ name: n.name.name, as: n.as.name })), span });
  }

  private resolveResourceFunc(f: ast.ResourceFunc, resource: ast.Id): WitFunction {
    const found = this.typeLookup.get(resource.name);
    const rid = found!.item as number;
    const nf = f.func;
    const isAsync = nf.func.async;
    let name: string;
    let kind: FunctionKind;
    if (f.kind === 'method') {
      name = `[method]${resource.name}.${nf.name.name}`;
      kind = { kind: isAsync ? 'async-method' : 'method', resource: rid };
    } else if (f.kind === 'static') {
      name = `[static]${resource.name}.${nf.name.name}`;
      kind = { kind: isAsync ? 'async-static' : 'static', resource: rid };
    } else {
      name = `[constructor]${resource.name}`;
      kind = { kind: 'constructor', resource: rid };
    }
    return this.resolveFunction(nf.docs, nf.attributes, name, nf.name.span, nf.func, kind);
  }

  private resolveFunction(docs: ast.Docs, attrs: ast.Attribute[], name: string, nameSpan: Span, func: ast.Func, kind: FunctionKind): WitFunction {
    const d = docsContents(docs);
    const stability = this.stability(attrs);
    const externalId = this.externalId(attrs);
    const params = this.resolveParams(func, kind);
    const result = this.resolveResult(func.result, kind);
    return { name, kind, params, result, docs: d, stability, span: nameSpan, externalId };
  }

  private resolveParams(func: ast.Func, kind: FunctionKind): Param[] {
    const ret: Param[] = [];
    if (kind.kind === 'method' || kind.kind === 'async-method') {
      const k: TypeDefKind = { kind: 'handle', handle: 'borrow', resource: kind.resource };
      const stability = this.findStability(k, UNKNOWN_STABILITY);
      ret.push({ name: 'self', type: this.anonTypeDef({ kind: k, owner: null, stability, span: func.span }), span: func.span });
    }
    for (const p of func.params) {
      if (ret.some((r) => r.name === p.name.name)) throw ERR(`param \`${p.name.name}\` is defined more than once`, p.name.span);
      ret.push({ name: p.name.name, type: this.resolveType(p.ty, UNKNOWN_STABILITY), span: p.name.span });
    }
    return ret;
  }

  private resolveResult(result: ast.Type | undefined, kind: FunctionKind): WitType | undefined {
    if (kind.kind !== 'constructor') return result ? this.resolveType(result, UNKNOWN_STABILITY) : undefined;
    if (!result) return kind.resource;
    const r = this.resolveType(result, UNKNOWN_STABILITY);
    const def = typeof r === 'number' ? this.types[r]! : undefined;
    if (!def || def.kind.kind !== 'result') throw ERR('if a constructor return type is declared it must be a `result`', typeSpan(result));
    if (def.kind.ok !== kind.resource) {
      const okSpan = result.kind === 'result' && result.ok ? typeSpan(result.ok) : typeSpan(result);
      throw ERR('the `ok` type must be the resource being constructed', okSpan);
    }
    return r;
  }

  private resolveAstItemPath(path: ast.UsePath): { ref: AstRef; name: string; span: Span } {
    if (path.kind === 'id') {
      const ref = this.astItems[this.curAst]?.get(path.id.name) ?? this.packageItems.get(path.id.name);
      if (!ref) throw ERR(`interface or world \`${path.id.name}\` does not exist`, path.id.span);
      return { ref, name: path.id.name, span: path.id.span };
    }
    const ref = this.foreignDeps.get(packageNameToString(astPackageName(path.pkg)))!.items.get(path.name.name)!.ref;
    return { ref, name: path.name.name, span: path.name.span };
  }

  private extractIface(ref: AstRef, name: string, span: Span): number {
    if (ref.kind === 'world') throw ERR(`name \`${name}\` is defined as a world, not an interface`, span);
    return ref.id;
  }

  private defineName(name: ast.Id, item: number | string): void {
    if (this.typeLookup.has(name.name)) throw ERR(`name \`${name.name}\` is defined more than once`, name.span);
    this.typeLookup.set(name.name, { item, span: name.span });
  }

  private resolveTypeName(name: ast.Id): number {
    const found = this.typeLookup.get(name.name);
    if (!found) throw ERR(`name \`${name.name}\` does not exist`, name.span);
    if (typeof found.item === 'string') throw ERR(`cannot use ${found.item} \`${name.name}\` as a type`, name.span);
    return found.item;
  }

  private validateResource(name: ast.Id): number {
    const id = this.resolveTypeName(name);
    let cur = id;
    for (;;) {
      const k = this.types[cur]!.kind;
      if (k.kind === 'resource') return id;
      if (k.kind === 'type' && typeof k.type === 'number') { cur = k.type; continue; }
      if (k.kind === 'unknown') {
        this.requiredResourceTypes.push({ id: cur, span: name.span });
        return id;
      }
      throw ERR(`type \`${name.name}\` used in a handle must be a resource`, name.span);
    }
  }

  private resolveTypeDef(ty: ast.Type, stability: Stability): TypeDefKind {
    const rt = (t: ast.Type): WitType => this.resolveType(t, stability);
    const opt = (t: ast.Type | undefined): WitType | undefined => (t ? rt(t) : undefined);
    switch (ty.kind) {
      case 'primitive': return { kind: 'type', type: ty.name };
      case 'name': return { kind: 'type', type: this.resolveTypeName(ty.id) };
      case 'list': {
        const t = rt(ty.ty);
        return ty.size === undefined ? { kind: 'list', type: t } : { kind: 'fixed-length-list', type: t, size: ty.size };
      }
      case 'map': {
        const key = rt(ty.key);
        const value = rt(ty.value);
        if (typeof key === 'number' || key === 'f32' || key === 'f64' || key === 'error-context') {
          throw ERR('invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string', ty.span);
        }
        return { kind: 'map', key, value };
      }
      case 'handle': return { kind: 'handle', handle: ty.own ? 'own' : 'borrow', resource: this.validateResource(ty.resource) };
      case 'resource': {
        let ctors = 0;
        const names = new Set<string>();
        for (const f of ty.funcs) {
          if (f.kind === 'constructor') {
            if (++ctors > 1) throw ERR('duplicate constructors', f.func.name.span);
          } else {
            if (names.has(f.func.name.name)) throw ERR(`duplicate function name \`${f.func.name.name}\``, f.func.name.span);
            names.add(f.func.name.name);
          }
        }
        return { kind: 'resource' };
      }
      case 'record':
        return { kind: 'record', fields: ty.fields.map((f) => ({ docs: docsContents(f.docs), name: f.name.name, type: rt(f.ty), span: f.name.span })) };
      case 'flags':
        return { kind: 'flags', flags: ty.flags.map((f) => ({ docs: docsContents(f.docs), name: f.name.name, span: f.name.span })) };
      case 'tuple': return { kind: 'tuple', types: ty.types.map(rt) };
      case 'variant':
        if (ty.cases.length === 0) throw ERR('empty variant', ty.span);
        return { kind: 'variant', cases: ty.cases.map((c) => ({ docs: docsContents(c.docs), name: c.name.name, type: opt(c.ty), span: c.name.span })) };
      case 'enum':
        if (ty.cases.length === 0) throw ERR('empty enum', ty.span);
        return { kind: 'enum', cases: ty.cases.map((c) => ({ docs: docsContents(c.docs), name: c.name.name, span: c.name.span })) };
      case 'option': return { kind: 'option', type: rt(ty.ty) };
      case 'result': return { kind: 'result', ok: opt(ty.ok), err: opt(ty.err) };
      case 'future': case 'stream': return { kind: ty.kind, type: opt(ty.ty) };
    }
  }

  /** An anonymous type inherits the first gated stability of the named types it mentions. */
  private findStability(kind: TypeDefKind, stability: Stability): Stability {
    if (stability.kind !== 'unknown') return stability;
    const inType = (t: WitType | undefined): Stability | undefined => {
      if (typeof t !== 'number') return undefined;
      const s = this.types[t]!.stability;
      return s.kind !== 'unknown' ? s : undefined;
    };
    let found: Stability | undefined;
    switch (kind.kind) {
      case 'type': case 'list': case 'fixed-length-list': case 'option': found = inType(kind.type); break;
      case 'handle': found = inType(kind.resource); break;
      case 'tuple': for (const t of kind.types) { found = inType(t); if (found) break; } break;
      case 'map': found = inType(kind.key) ?? inType(kind.value); break;
      case 'future': case 'stream': found = inType(kind.type); break;
      case 'result': found = inType(kind.ok) ?? inType(kind.err); break;
      default: break;
    }
    return found ?? UNKNOWN_STABILITY;
  }

  private resolveType(ty: ast.Type, stability: Stability): WitType {
    // Primitives and names are their own type (`anonTypeDef` would unwrap them): skip the throwaway definition.
    if (ty.kind === 'primitive') return ty.name;
    if (ty.kind === 'name') return this.resolveTypeName(ty.id);
    const kind = this.resolveTypeDef(ty, stability);
    return this.anonTypeDef({ kind, owner: null, stability: this.findStability(kind, stability), span: ty.span });
  }

  /** Structurally equal anonymous types share one definition (own handles are the resource itself until remapped). */
  private anonTypeDef(def: TypeDef): WitType {
    const k = def.kind;
    if (k.kind === 'type') return k.type;
    if (k.kind === 'handle' && k.handle === 'own') return k.resource;
    const key = anonNumericKey(k) ?? anonKey(k);
    const prev = this.anonTypes.get(key);
    if (prev !== undefined) return prev;
    const id = this.types.length;
    this.types.push(makeTypeDef(def));
    this.anonTypes.set(key, id);
    return id;
  }

  private stability(attrs: ast.Attribute[]): Stability {
    let since: { version: string; span: Span } | undefined;
    let deprecated: { version: string; span: Span } | undefined;
    let unstable: string | undefined;
    for (const a of attrs) {
      if (a.kind === 'since') {
        if (since) throw ERR('cannot specify @since twice', a.span);
        since = { version: a.version, span: a.span };
      } else if (a.kind === 'deprecated') {
        if (deprecated) throw ERR('cannot specify @deprecated twice', a.span);
        deprecated = { version: a.version, span: a.span };
      } else if (a.kind === 'unstable') {
        if (unstable !== undefined) throw ERR('cannot specify @unstable twice', a.span);
        unstable = a.feature.name;
      }
    }
    if (since && unstable === undefined) return deprecated ? { kind: 'stable', since: since.version, deprecated: deprecated.version } : { kind: 'stable', since: since.version };
    if (!since && unstable !== undefined) return deprecated ? { kind: 'unstable', feature: unstable, deprecated: deprecated.version } : { kind: 'unstable', feature: unstable };
    if (since) throw ERR('cannot specify both @since and @unstable', since.span);
    if (deprecated) throw ERR('cannot specify both @deprecated without @since or @unstable', deprecated.span);
    return UNKNOWN_STABILITY;
  }

  private externalId(attrs: ast.Attribute[]): string | undefined {
    let id: string | undefined;
    for (const a of attrs) {
      if (a.kind !== 'external-id') continue;
      if (id !== undefined) throw ERR('cannot specify @external-id twice', a.span);
      id = a.id;
    }
    return id;
  }
}

function tkey(t: WitType | undefined): string {
  return t === undefined ? '-' : String(t);
}

const PRIMITIVE_CODES: { readonly [k: string]: number | undefined } = {
  bool: 0, u8: 1, u16: 2, u32: 3, u64: 4, s8: 5, s16: 6, s32: 7, s64: 8, f32: 9, f64: 10, char: 11, string: 12, 'error-context': 13,
};

/** A distinct small code per referenced type: primitives 0–13, none 15, definition ids from 16. */
function typeCode(t: WitType | undefined): number {
  return t === undefined ? 15 : typeof t === 'number' ? t + 16 : PRIMITIVE_CODES[t]!;
}

/** Numeric structural keys for one-operand kinds (no string building); other kinds use `anonKey`'s strings. */
function anonNumericKey(k: TypeDefKind): number | undefined {
  switch (k.kind) {
    case 'list': return typeCode(k.type) * 8;
    case 'option': return typeCode(k.type) * 8 + 1;
    case 'future': return typeCode(k.type) * 8 + 2;
    case 'stream': return typeCode(k.type) * 8 + 3;
    case 'handle': return k.resource * 8 + 4; // borrow (own handles are never anonymous definitions here)
    default: return undefined;
  }
}

function anonKey(k: TypeDefKind): string {
  switch (k.kind) {
    case 'variant': return `v(${k.cases.map((c) => `${c.name}:${tkey(c.type)}`).join(',')})`;
    case 'handle': return `b(${k.resource})`;
    case 'record': return `r(${k.fields.map((f) => `${f.name}:${tkey(f.type)}`).join(',')})`;
    case 'flags': return `f(${k.flags.map((f) => f.name).join(',')})`;
    case 'tuple': return `t(${k.types.map(tkey).join(',')})`;
    case 'enum': return `e(${k.cases.map((c) => c.name).join(',')})`;
    case 'list': return `l(${tkey(k.type)})`;
    case 'map': return `m(${tkey(k.key)},${tkey(k.value)})`;
    case 'fixed-length-list': return `L(${tkey(k.type)},${k.size})`;
    case 'option': return `o(${tkey(k.type)})`;
    case 'result': return `R(${tkey(k.ok)},${tkey(k.err)})`;
    case 'future': return `F(${tkey(k.type)})`;
    case 'stream': return `S(${tkey(k.type)})`;
    default: return `?${k.kind}`;
  }
}

function collectDeps(ty: ast.Type, deps: ast.Id[]): void {
  switch (ty.kind) {
    case 'name': deps.push(ty.id); break;
    case 'handle': deps.push(ty.resource); break;
    case 'record': for (const f of ty.fields) collectDeps(f.ty, deps); break;
    case 'tuple': for (const t of ty.types) collectDeps(t, deps); break;
    case 'variant': for (const c of ty.cases) if (c.ty) collectDeps(c.ty, deps); break;
    case 'option': case 'list': collectDeps(ty.ty, deps); break;
    case 'map': collectDeps(ty.key, deps); collectDeps(ty.value, deps); break;
    case 'result': if (ty.ok) collectDeps(ty.ok, deps); if (ty.err) collectDeps(ty.err, deps); break;
    case 'future': case 'stream': if (ty.ty) collectDeps(ty.ty, deps); break;
    default: break;
  }
}
