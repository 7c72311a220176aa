// The resolved WIT model, mirroring wit-parser's `Resolve`: arenas of packages, worlds, interfaces and types,
// cross-referenced by index. `resolveToJson` prints it exactly as `wasm-tools component wit --json`.
import type { Span } from './lexer.js';
import type { PrimitiveName } from './ast.js';

export type { PrimitiveName } from './ast.js';

/** A value type: a primitive, or the index of a type definition in `Resolve.types`. */
export type WitType = PrimitiveName | number;

export type Stability =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'stable'; readonly since: string; readonly deprecated?: string }
  | { readonly kind: 'unstable'; readonly feature: string; readonly deprecated?: string };

export const UNKNOWN_STABILITY: Stability = Object.freeze({ kind: 'unknown' });

export interface PackageName { readonly namespace: string; readonly name: string; readonly version?: string }

export function packageNameToString(p: PackageName): string {
  return `${p.namespace}:${p.name}${p.version !== undefined ? `@${p.version}` : ''}`;
}

export interface Field { name: string; type: WitType; docs?: string; span?: Span }
export interface Case { name: string; type?: WitType; docs?: string; span?: Span }
export interface NamedCase { name: string; docs?: string; span?: Span }

export type TypeDefKind =
  | { readonly kind: 'record'; fields: Field[] }
  | { readonly kind: 'resource' }
  | { readonly kind: 'handle'; readonly handle: 'own' | 'borrow'; resource: number }
  | { readonly kind: 'flags'; flags: NamedCase[] }
  | { readonly kind: 'tuple'; types: WitType[] }
  | { readonly kind: 'variant'; cases: Case[] }
  | { readonly kind: 'enum'; cases: NamedCase[] }
  | { readonly kind: 'option'; type: WitType }
  | { readonly kind: 'result'; ok?: WitType; err?: WitType }
  | { readonly kind: 'list'; type: WitType }
  | { readonly kind: 'map'; key: WitType; value: WitType }
  | { readonly kind: 'fixed-length-list'; type: WitType; readonly size: number }
  | { readonly kind: 'future' | 'stream'; type?: WitType }
  | { readonly kind: 'type'; type: WitType }
  | { readonly kind: 'unknown' };

export type TypeOwner = { readonly world: number } | { readonly interface: number } | null;

export interface TypeDef {
  name?: string;
  kind: TypeDefKind;
  owner: TypeOwner;
  docs?: string;
  stability: Stability;
  span?: Span;
  externalId?: string;
}

/** A type definition with every field present in one order (one hidden class for all definitions). */
export function makeTypeDef(p: { name?: string; kind: TypeDefKind; owner: TypeOwner; docs?: string; stability: Stability; span?: Span; externalId?: string }): TypeDef {
  return { name: p.name, kind: p.kind, owner: p.owner, docs: p.docs, stability: p.stability, span: p.span, externalId: p.externalId };
}

export type FunctionKind =
  | { readonly kind: 'freestanding' | 'async-freestanding' }
  | { readonly kind: 'method' | 'async-method' | 'static' | 'async-static' | 'constructor'; resource: number };

export interface Param { name: string; type: WitType; span?: Span }

export interface WitFunction {
  name: string;
  kind: FunctionKind;
  params: Param[];
  result?: WitType;
  docs?: string;
  stability: Stability;
  span?: Span;
  externalId?: string;
}

export interface Interface {
  name?: string;
  types: Map<string, number>;
  functions: Map<string, WitFunction>;
  docs?: string;
  stability: Stability;
  package?: number;
  span?: Span;
  cloneOf?: number;
}

/** A world key: a plain name, or an interface imported/exported by id (`interface-N` in JSON). */
export type WorldKey = string | { readonly interface: number };

export type WorldItem =
  | { readonly kind: 'interface'; id: number; stability: Stability; externalId?: string; docs?: string; span?: Span }
  | { readonly kind: 'function'; func: WitFunction }
  | { readonly kind: 'type'; id: number; span?: Span };

export interface WorldInclude { stability: Stability; id: number; names: { name: string; as: string }[]; span: Span }

/** An ordered map keyed by `WorldKey` (names and interface ids kept apart, insertion-ordered). */
export class WorldItems {
  // Names are string keys and interface ids number keys of one Map, so they never collide and keep one order.
  // Entries are stored as fresh tuples (replaced, never mutated), so `entries()` hands them out without copying.
  private readonly map = new Map<string | number, readonly [WorldKey, WorldItem]>();
  static keyOf(k: WorldKey): string | number {
    return typeof k === 'string' ? k : k.interface;
  }
  get(k: WorldKey): WorldItem | undefined { return this.map.get(typeof k === 'string' ? k : k.interface)?.[1]; }
  has(k: WorldKey): boolean { return this.map.has(typeof k === 'string' ? k : k.interface); }
  /** Inserts or replaces in place (a Map keeps a replaced key's position); returns the previous item. */
  set(k: WorldKey, item: WorldItem): WorldItem | undefined {
    const ks = typeof k === 'string' ? k : k.interface;
    const entry = this.map.get(ks);
    if (!entry) {
      this.map.set(ks, [k, item]);
      return undefined;
    }
    this.map.set(ks, [entry[0], item]);
    return entry[1];
  }
  get size(): number { return this.map.size; }
  entries(): IterableIterator<[WorldKey, WorldItem]> {
    return this.map.values() as IterableIterator<[WorldKey, WorldItem]>;
  }
  keys(): WorldKey[] {
    const out: WorldKey[] = [];
    for (const e of this.map.values()) out.push(e[0]);
    return out;
  }
  values(): WorldItem[] {
    const out: WorldItem[] = [];
    for (const e of this.map.values()) out.push(e[1]);
    return out;
  }
  clone(): WorldItems {
    const w = new WorldItems();
    for (const [ks, e] of this.map) w.map.set(ks, e);
    return w;
  }
}

export interface World {
  name: string;
  imports: WorldItems;
  exports: WorldItems;
  package?: number;
  docs?: string;
  stability: Stability;
  includes: WorldInclude[];
  span?: Span;
}

export interface Package {
  name: PackageName;
  docs?: string;
  interfaces: Map<string, number>;
  worlds: Map<string, number>;
}

/** The resolved packages of one parse (all of them: the main package, nested ones and `deps/`). */
export interface Resolve {
  worlds: World[];
  interfaces: Interface[];
  types: TypeDef[];
  packages: Package[];
  /** Package ids by `ns:name@version`. */
  packageNames: Map<string, number>;
}

export function stabilityIsUnknown(s: Stability): boolean {
  return s.kind === 'unknown';
}

export function stabilityEquals(a: Stability, b: Stability): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'unknown') return true;
  if (a.deprecated !== (b as typeof a).deprecated) return false;
  return a.kind === 'stable' ? a.since === (b as typeof a).since : a.feature === (b as { feature: string }).feature;
}

/** `k` with every type it references mapped by `ty` (a handle's resource by `res`): shared by merging and copying
 *  resolves, which renumber the same places. */
export function mapTypeDefKind(k: TypeDefKind, ty: (t: WitType) => WitType, res: (t: number) => number): TypeDefKind {
  const oty = (t: WitType | undefined): WitType | undefined => (t === undefined ? undefined : ty(t));
  switch (k.kind) {
    case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ ...f, type: ty(f.type) })) };
    case 'variant': return { kind: 'variant', cases: k.cases.map((c) => ({ ...c, type: oty(c.type) })) };
    case 'handle': return { ...k, resource: res(k.resource) };
    case 'tuple': return { kind: 'tuple', types: k.types.map(ty) };
    case 'option': case 'list': case 'type': return { ...k, type: ty(k.type) };
    case 'fixed-length-list': return { ...k, type: ty(k.type) };
    case 'map': return { kind: 'map', key: ty(k.key), value: ty(k.value) };
    case 'result': return { kind: 'result', ok: oty(k.ok), err: oty(k.err) };
    case 'future': case 'stream': return { ...k, type: oty(k.type) };
    default: return k;
  }
}
