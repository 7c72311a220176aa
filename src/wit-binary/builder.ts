// Building a WIT `Resolve` from component-model type declarations (WIT.md "Package Format", as wit-parser's
// `decoding` reads it): packages and interfaces by their `ns:pkg/iface@v` names, named types from type exports,
// functions from func exports. Indices are resolved through `Scope`s (one per component/instance type body).
import { ValidationError } from '../errors.js';
import type * as ast from '../binary/ast.js';
import {
  UNKNOWN_STABILITY, WorldItems,
  type FunctionKind, type Resolve, type TypeDefKind, type TypeOwner, type WitFunction, type WitType,
} from '../wit/model.js';
import { newResolve } from '../wit/resolver.js';

/** One entry of a `type` index space, as far as WIT needs to know it. */
export type Slot =
  | { readonly k: 'prim'; readonly type: ast.PrimitiveKind }
  | { readonly k: 'val'; readonly def: ast.DefValType; readonly scope: Scope; wit?: number }
  | { readonly k: 'named'; readonly id: number }
  /** A resource defined by a component (`(type (resource (rep i32)))`), named when first exported. */
  | { readonly k: 'resdef'; wit?: number }
  | { readonly k: 'func'; readonly def: ast.FuncTypeDef; readonly scope: Scope }
  | { readonly k: 'instance'; readonly def: ast.InstanceTypeDef; readonly scope: Scope }
  | { readonly k: 'component'; readonly def: ast.ComponentTypeDef; readonly scope: Scope };

/** What an instance (imported, exported or instantiated) provides, by export name. */
export interface InstanceInfo {
  readonly types: Map<string, Slot>;
  readonly funcs: Map<string, Slot>;
  readonly instances: Map<string, InstanceInfo>;
  /** Component definitions it exports (opaque here; `decode-component` knows their shape). */
  readonly components: Map<string, unknown>;
}

/** The index spaces of one component or instance type body (or of a component). */
export class Scope {
  readonly types: Slot[] = [];
  readonly funcs: Slot[] = [];
  readonly instances: InstanceInfo[] = [];
  readonly components: Slot[] = [];
  constructor(readonly parent?: Scope) {}

  type(i: number, offset: number): Slot {
    const s = this.types[i];
    if (!s) throw new ValidationError(`unknown type ${i}: type index out of bounds`, offset);
    return s;
  }
  instance(i: number, offset: number): InstanceInfo {
    const s = this.instances[i];
    if (!s) throw new ValidationError(`unknown instance ${i}: instance index out of bounds`, offset);
    return s;
  }
  func(i: number, offset: number): Slot {
    const s = this.funcs[i];
    if (!s) throw new ValidationError(`unknown function ${i}: function index out of bounds`, offset);
    return s;
  }
  outer(count: number, offset: number): Scope {
    let s: Scope | undefined = this;
    for (let i = 0; i < count && s; i++) s = s.parent;
    if (!s) throw new ValidationError(`invalid outer alias count of ${count}`, offset);
    return s;
  }
}

export function newInstanceInfo(): InstanceInfo {
  return { types: new Map(), funcs: new Map(), instances: new Map(), components: new Map() };
}

/** `ns:pkg/iface@v` split into its parts; undefined for a plain name. */
export function parseInterfaceName(name: string): { namespace: string; pkg: string; iface: string; version?: string } | undefined {
  const m = /^([^:/@]+):([^:/@]+)\/([^:/@]+)(?:@(.+))?$/.exec(name);
  if (!m) return undefined;
  return { namespace: m[1]!, pkg: m[2]!, iface: m[3]!, ...(m[4] !== undefined ? { version: m[4] } : {}) };
}

/** Function kind and resource name from an extern name (`[method]r.m`, `[static]r.m`, `[constructor]r`, `[async]f`). */
const FUNC_PREFIXES: readonly { prefix: string; kind: FunctionKind['kind']; asyncKind: FunctionKind['kind'] }[] = [
  { prefix: '[constructor]', kind: 'constructor', asyncKind: 'constructor' },
  { prefix: '[method]', kind: 'method', asyncKind: 'async-method' },
  { prefix: '[static]', kind: 'static', asyncKind: 'async-static' },
  { prefix: '[async method]', kind: 'async-method', asyncKind: 'async-method' },
  { prefix: '[async static]', kind: 'async-static', asyncKind: 'async-static' },
  { prefix: '[async]', kind: 'async-freestanding', asyncKind: 'async-freestanding' },
];

/** Accumulates decoded packages, interfaces, worlds and types into one `Resolve`. */
export class WitBuilder {
  readonly resolve: Resolve = newResolve();
  private readonly interfacesByName = new Map<string, number>();

  packageId(namespace: string, name: string, version?: string): number {
    const key = `${namespace}:${name}${version !== undefined ? `@${version}` : ''}`;
    let id = this.resolve.packageNames.get(key);
    if (id === undefined) {
      id = this.resolve.packages.length;
      this.resolve.packages.push({ name: { namespace, name, ...(version !== undefined ? { version } : {}) }, interfaces: new Map(), worlds: new Map() });
      this.resolve.packageNames.set(key, id);
    }
    return id;
  }

  /** The interface named `ns:pkg/iface@v` (created, and registered in its package, on first use). */
  namedInterface(full: string, offset: number): number {
    const existing = this.interfacesByName.get(full);
    if (existing !== undefined) return existing;
    const p = parseInterfaceName(full);
    if (!p) throw new ValidationError(`expected an interface name of the form \`ns:pkg/iface\`, found \`${full}\``, offset);
    const pkg = this.packageId(p.namespace, p.pkg, p.version);
    const id = this.newInterface(p.iface, pkg);
    this.resolve.packages[pkg]!.interfaces.set(p.iface, id);
    this.interfacesByName.set(full, id);
    return id;
  }

  newInterface(name: string | undefined, pkg: number | undefined): number {
    const id = this.resolve.interfaces.length;
    this.resolve.interfaces.push({
      ...(name !== undefined ? { name } : {}), types: new Map(), functions: new Map(), stability: UNKNOWN_STABILITY,
      ...(pkg !== undefined ? { package: pkg } : {}),
    });
    return id;
  }

  newWorld(name: string, pkg: number): number {
    const id = this.resolve.worlds.length;
    this.resolve.worlds.push({ name, imports: new WorldItems(), exports: new WorldItems(), package: pkg, stability: UNKNOWN_STABILITY, includes: [] });
    this.resolve.packages[pkg]!.worlds.set(name, id);
    return id;
  }

  private newType(name: string | undefined, kind: TypeDefKind, owner: TypeOwner, externalId?: string): number {
    const id = this.resolve.types.length;
    this.resolve.types.push({ ...(name !== undefined ? { name } : {}), kind, owner, stability: UNKNOWN_STABILITY, ...(externalId !== undefined ? { externalId } : {}) });
    return id;
  }

  /** A value type reference (`valtype`) in `scope` as a WIT type. */
  valType(t: ast.ValTypeRef, scope: Scope, offset: number): WitType {
    if (typeof t === 'string') return t;
    return this.slotType(scope.type(t, offset), offset);
  }

  slotType(s: Slot, offset: number): WitType {
    switch (s.k) {
      case 'prim': return s.type;
      case 'named': return s.id;
      case 'val':
        if (s.wit === undefined) s.wit = this.newType(undefined, this.defKind(s.def, s.scope, offset), null);
        return s.wit;
      case 'resdef':
        if (s.wit === undefined) s.wit = this.newType(undefined, { kind: 'resource' }, null);
        return s.wit;
      default: throw new ValidationError(`type index of a ${s.k} type used as a value type`, offset);
    }
  }

  private resourceOf(i: number, scope: Scope, offset: number): number {
    const s = scope.type(i, offset);
    if (s.k !== 'named' && s.k !== 'resdef') throw new ValidationError(`type ${i} is not a resource`, offset);
    return this.slotType(s, offset) as number;
  }

  /** `defvaltype` → WIT type kind (anonymous structure; names come from type exports). */
  defKind(d: ast.DefValType, scope: Scope, offset: number): TypeDefKind {
    const v = (t: ast.ValTypeRef): WitType => this.valType(t, scope, offset);
    switch (d.kind) {
      case 'primitive': return { kind: 'type', type: d.type };
      case 'record': return { kind: 'record', fields: d.fields.map((f) => ({ name: f.name, type: v(f.type) })) };
      case 'variant': return { kind: 'variant', cases: d.cases.map((c) => (c.type === undefined ? { name: c.name } : { name: c.name, type: v(c.type) })) };
      case 'list': return { kind: 'list', type: v(d.element) };
      case 'fixed-list': return { kind: 'fixed-length-list', type: v(d.element), size: d.length };
      case 'map': return { kind: 'map', key: v(d.key), value: v(d.value) };
      case 'tuple': return { kind: 'tuple', types: d.types.map(v) };
      case 'flags': return { kind: 'flags', flags: d.names.map((name) => ({ name })) };
      case 'enum': return { kind: 'enum', cases: d.names.map((name) => ({ name })) };
      case 'option': return { kind: 'option', type: v(d.type) };
      case 'result': return { kind: 'result', ...(d.ok !== undefined ? { ok: v(d.ok) } : {}), ...(d.err !== undefined ? { err: v(d.err) } : {}) };
      case 'own': case 'borrow': return { kind: 'handle', handle: d.kind, resource: this.resourceOf(d.resource, scope, offset) };
      case 'future': case 'stream': return d.type === undefined ? { kind: d.kind } : { kind: d.kind, type: v(d.type) };
    }
  }

  /** Type names already defined in an owner (interface types, or a world's imported types). */
  private ownerTypes(owner: TypeOwner): Map<string, number> | undefined {
    if (owner === null) return undefined;
    if ('interface' in owner) return this.resolve.interfaces[owner.interface]!.types;
    return undefined;
  }

  /** `(export "n" (type (eq T)))` in `owner`: the named WIT type (reusing one of that name already decoded). */
  namedType(name: string, target: Slot, owner: TypeOwner, offset: number, externalId?: string): Slot {
    const types = this.ownerTypes(owner);
    const prev = types?.get(name);
    if (prev !== undefined) return { k: 'named', id: prev };
    let id: number;
    if (target.k === 'resdef' && target.wit === undefined) {
      id = this.newType(name, { kind: 'resource' }, owner, externalId);
      target.wit = id;
    } else if (target.k === 'val' && target.wit === undefined && target.def.kind !== 'primitive') {
      id = this.newType(name, this.defKind(target.def, target.scope, offset), owner, externalId);
      target.wit = id;
    } else {
      id = this.newType(name, { kind: 'type', type: this.slotType(target, offset) }, owner, externalId);
    }
    types?.set(name, id);
    return { k: 'named', id };
  }

  /** `(export "r" (type (sub resource)))` in `owner`. */
  resource(name: string, owner: TypeOwner, externalId?: string): Slot {
    const types = this.ownerTypes(owner);
    const prev = types?.get(name);
    if (prev !== undefined) return { k: 'named', id: prev };
    const id = this.newType(name, { kind: 'resource' }, owner, externalId);
    types?.set(name, id);
    return { k: 'named', id };
  }

  /** A function named by its extern name, typed by `slot`; `lookupResource` finds `r` of `[method]r.m`. */
  func(name: string, slot: Slot, lookupResource: (r: string) => number | undefined, offset: number, externalId?: string): WitFunction {
    if (slot.k !== 'func') throw new ValidationError(`function \`${name}\` has a non-function type`, offset);
    const def = slot.def;
    let kind: FunctionKind = { kind: def.async ? 'async-freestanding' : 'freestanding' };
    let fname = name;
    for (const p of FUNC_PREFIXES) {
      if (!name.startsWith(p.prefix)) continue;
      const rest = name.slice(p.prefix.length);
      const k = def.async ? p.asyncKind : p.kind;
      if (k === 'async-freestanding' || k === 'freestanding') { kind = { kind: k }; fname = rest; break; }
      const rname = k === 'constructor' ? rest : rest.slice(0, rest.indexOf('.'));
      const rid = lookupResource(rname);
      if (rid === undefined) throw new ValidationError(`function \`${name}\` refers to unknown resource \`${rname}\``, offset);
      kind = { kind: k, resource: rid };
      // The model names resource functions with the plain prefixes (`[method]r.m`), as the WIT resolver does.
      fname = k === 'constructor' ? `[constructor]${rname}` : `[${k.endsWith('method') ? 'method' : 'static'}]${rest}`;
      break;
    }
    return {
      name: fname, kind,
      params: def.params.map((p) => ({ name: p.name, type: this.valType(p.type, slot.scope, offset) })),
      ...(def.result !== undefined ? { result: this.valType(def.result, slot.scope, offset) } : {}),
      stability: UNKNOWN_STABILITY,
      ...(externalId !== undefined ? { externalId } : {}),
    };
  }

  /** Evaluates a `typedef` in `scope` into a slot. */
  typeDefSlot(t: ast.TypeDef, scope: Scope): Slot {
    switch (t.kind) {
      case 'defined': return t.type.kind === 'primitive' ? { k: 'prim', type: t.type.type } : { k: 'val', def: t.type, scope };
      case 'func': return { k: 'func', def: t, scope };
      case 'instance': return { k: 'instance', def: t, scope };
      case 'component': return { k: 'component', def: t, scope };
      case 'resource': return { k: 'resdef' };
    }
  }

  /** An alias declaration: pushes what it names into `scope`'s index space. */
  alias(a: ast.Alias, scope: Scope): void {
    if (a.kind === 'outer') {
      const from = scope.outer(a.count, a.offset);
      if (a.sort === 'type') scope.types.push(from.type(a.index, a.offset));
      else if (a.sort === 'component') scope.components.push(from.components[a.index] ?? fail(`unknown component ${a.index}`, a.offset));
      return;
    }
    if (a.kind !== 'instance-export') return;
    const inst = scope.instance(a.instance, a.offset);
    const missing = (): never => fail(`instance ${a.instance} has no export named \`${a.name}\``, a.offset);
    if (a.sort === 'type') scope.types.push(inst.types.get(a.name) ?? missing());
    else if (a.sort === 'func') scope.funcs.push(inst.funcs.get(a.name) ?? missing());
    else if (a.sort === 'instance') scope.instances.push(inst.instances.get(a.name) ?? missing());
  }

  /**
   * Decodes an instance type's declarations as the body of interface `iface` (types and functions join it;
   * names already present are reused, so an interface seen from several places merges into one).
   */
  instanceInto(def: ast.InstanceTypeDef, parent: Scope, iface: number): InstanceInfo {
    const scope = new Scope(parent);
    const info = newInstanceInfo();
    const owner: TypeOwner = { interface: iface };
    const types = this.resolve.interfaces[iface]!.types;
    for (const d of def.decls) {
      if (d.kind === 'type') scope.types.push(this.typeDefSlot(d.type, scope));
      else if (d.kind === 'alias') this.alias(d.alias, scope);
      else if (d.kind === 'core-type') continue;
      else {
        const name = d.name.name;
        const desc = d.desc;
        if (desc.kind === 'type') {
          const slot = desc.bounds.kind === 'sub-resource'
            ? this.resource(name, owner, d.name.externalId)
            : this.namedType(name, scope.type(desc.bounds.type, d.offset), owner, d.offset, d.name.externalId);
          scope.types.push(slot);
          info.types.set(name, slot);
        } else if (desc.kind === 'func') {
          const slot = scope.type(desc.type, d.offset);
          const functions = this.resolve.interfaces[iface]!.functions;
          const f = this.func(name, slot, (r) => types.get(r), d.offset, d.name.externalId);
          if (!functions.has(f.name)) functions.set(f.name, f);
          scope.funcs.push(slot);
          info.funcs.set(name, slot);
        } else {
          throw new ValidationError(`unexpected ${desc.kind} export \`${name}\` in an interface type`, d.offset);
        }
      }
    }
    return info;
  }
}

/** An instance known by its exports (not by a type), e.g. one a component instantiates, read as interface `iface`. */
export function instanceInfoInto(b: WitBuilder, info: InstanceInfo, iface: number, offset: number): void {
  const owner: TypeOwner = { interface: iface };
  const i = b.resolve.interfaces[iface]!;
  for (const [name, slot] of info.types) {
    if (slot.k === 'func' || slot.k === 'instance' || slot.k === 'component') continue;
    b.namedType(name, slot, owner, offset);
  }
  for (const [name, slot] of info.funcs) {
    const f = b.func(name, slot, (r) => i.types.get(r), offset);
    if (!i.functions.has(f.name)) i.functions.set(f.name, f);
  }
}

export function fail(reason: string, offset: number): never {
  throw new ValidationError(reason, offset);
}
