// WIT world → component type (wit-component `encode_world`), and the `component-type:<world>` custom section
// (`metadata::encode`): a component exporting a component type that exports the world as `ns:pkg/world@v`.
import type * as ast from '../binary/ast.js';
import { buildComponent, sections } from '../binary/build.js';
import { writeComponent } from '../binary/write.js';
import { appendCustomSection } from './custom-sections.js';
import { ValidationError } from '../errors.js';
import type { Resolve, TypeDefKind, WitFunction, WitType, WorldKey } from '../wit/model.js';
import { idOfInterface, nameWorldKey } from '../wit/resolver.js';
import { ENCODING_SECTION, METADATA_VERSION, STRING_ENCODINGS } from './decode.js';

type Decl = ast.ComponentDecl;

interface Maps { ids: Map<number, number>; defs: Map<string, number>; funcs: Map<string, number> }
const newMaps = (): Maps => ({ ids: new Map(), defs: new Map(), funcs: new Map() });

export function name(n: string, externalId?: string): ast.ExternName {
  return externalId === undefined ? { offset: 0, name: n, discriminant: 0 } : { offset: 0, name: n, discriminant: 2, externalId };
}

/** Structural key of an anonymous type (wit-component dedupes anonymous types by their definition). */
function kindKey(k: TypeDefKind): string {
  return JSON.stringify(k, (key, v: unknown) => (key === 'span' || key === 'docs' ? undefined : v));
}

/** Encodes world types into one component type, the way wit-component lays them out (so peers read them alike). */
export class WorldEncoder {
  readonly outer: Decl[] = [];
  private outerTypes = 0;
  private inst: ast.InstanceDecl[] | undefined;
  private instTypes = 0;
  private maps = newMaps();
  private saved: Maps | undefined;
  private readonly importMap = new Map<number, number>();
  private readonly outerTypeMap = new Map<number, number>();
  private instances = 0;
  importTypes = false;
  iface: number | undefined;

  constructor(private readonly r: Resolve) {}

  private defineType(t: ast.TypeDef): number {
    if (this.inst) { this.inst.push({ kind: 'type', offset: 0, type: t }); return this.instTypes++; }
    this.outer.push({ kind: 'type', offset: 0, type: t });
    return this.outerTypes++;
  }
  private defined(type: ast.DefValType): number { return this.defineType({ kind: 'defined', offset: 0, type }); }

  private exportType(index: number, n: ast.ExternName, bounds: ast.TypeBounds): number {
    const desc: ast.ExternDesc = { kind: 'type', bounds };
    if (this.inst) { this.inst.push({ kind: 'export', offset: 0, name: n, desc }); return this.instTypes++; }
    this.outer.push({ kind: this.importTypes ? 'import' : 'export', offset: 0, name: n, desc });
    void index;
    return this.outerTypes++;
  }

  private importType(owner: number, id: number): number {
    let outerIdx = this.outerTypeMap.get(id);
    if (outerIdx === undefined) {
      const instance = this.importMap.get(owner);
      if (instance === undefined) throw new ValidationError(`interface of type \`${this.r.types[id]!.name}\` is not encoded before its use`, 0);
      this.outer.push({ kind: 'alias', offset: 0, alias: { kind: 'instance-export', offset: 0, sort: 'type', instance, name: this.r.types[id]!.name! } });
      outerIdx = this.outerTypes++;
      this.outerTypeMap.set(id, outerIdx);
    }
    if (!this.inst) return outerIdx;
    this.inst.push({ kind: 'alias', offset: 0, alias: { kind: 'outer', offset: 0, sort: 'type', count: 1, index: outerIdx } });
    return this.instTypes++;
  }

  private remember(id: number, index: number): void {
    this.maps.ids.set(id, index);
    const def = this.r.types[id]!;
    if (def.name === undefined) this.maps.defs.set(kindKey(def.kind), index);
  }

  valType(t: WitType): ast.ValTypeRef {
    if (typeof t === 'string') return t;
    const known = this.maps.ids.get(t) ?? (this.r.types[t]!.name === undefined ? this.maps.defs.get(kindKey(this.r.types[t]!.kind)) : undefined);
    if (known !== undefined) return known;
    const def = this.r.types[t]!;
    const owner = def.owner;
    if (owner !== null && 'interface' in owner && owner.interface !== this.iface) {
      const idx = this.importType(owner.interface, t);
      this.remember(t, idx);
      return idx;
    }
    const k = def.kind;
    if (k.kind === 'resource') {
      const idx = this.exportType(0, name(def.name!, def.externalId), { kind: 'sub-resource' });
      this.maps.ids.set(t, idx);
      return idx;
    }
    let encoded: ast.ValTypeRef = k.kind === 'type' ? this.valType(k.type) : this.defined(this.defValType(k));
    if (def.name !== undefined) {
      const index = typeof encoded === 'string' ? this.defined({ kind: 'primitive', type: encoded }) : encoded;
      encoded = this.exportType(index, name(def.name, def.externalId), { kind: 'eq', type: index });
    }
    if (typeof encoded === 'number') this.remember(t, encoded);
    return encoded;
  }

  private resourceIndex(t: number): number {
    const v = this.valType(t);
    if (typeof v !== 'number') throw new ValidationError('handle to a non-resource type', 0);
    return v;
  }

  private defValType(k: TypeDefKind): ast.DefValType {
    return defValTypeOf(k, (t) => this.valType(t), (r) => this.resourceIndex(r), (m) => { throw new ValidationError(m, 0); });
  }

  funcType(f: WitFunction): number {
    const isAsync = f.kind.kind.startsWith('async');
    const key = JSON.stringify([isAsync, f.params.map((p) => [p.name, p.type]), f.result ?? null]);
    const known = this.maps.funcs.get(key);
    if (known !== undefined) return known;
    const params = f.params.map((p) => ({ name: p.name, type: this.valType(p.type) }));
    const result = f.result === undefined ? undefined : this.valType(f.result);
    const idx = this.defineType({ kind: 'func', offset: 0, async: isAsync, params, ...(result !== undefined ? { result } : {}) });
    this.maps.funcs.set(key, idx);
    return idx;
  }

  /** An interface as an instance type in the outer component type (types only for a dependency); returns its type index. */
  instance(ifaceId: number, withFuncs = true): number {
    this.saved = this.maps;
    this.maps = newMaps();
    this.inst = [];
    this.instTypes = 0;
    const iface = this.r.interfaces[ifaceId]!;
    const order = [...iface.types.values()];
    for (const id of order) this.valType(id);
    const rank = (f: WitFunction): number => ('resource' in f.kind ? order.indexOf(f.kind.resource) : order.length);
    const funcs = [...(withFuncs ? iface.functions.values() : [])].map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i);
    for (const { f } of funcs) {
      const ty = this.funcType(f);
      this.inst.push({ kind: 'export', offset: 0, name: name(f.name, f.externalId), desc: { kind: 'func', type: ty } });
    }
    const decls = this.inst;
    this.inst = undefined;
    this.maps = this.saved;
    this.saved = undefined;
    this.outer.push({ kind: 'type', offset: 0, type: { kind: 'instance', offset: 0, decls } });
    this.importMap.set(ifaceId, this.instances++);
    return this.outerTypes++;
  }
}

/** `encode_world`: the world's imports and exports as a component type. */
export function encodeWorld(r: Resolve, worldId: number): ast.ComponentTypeDef {
  const e = new WorldEncoder(r);
  const world = r.worlds[worldId]!;
  const side = (items: Iterable<[WorldKey, import('../wit/model.js').WorldItem]>, kind: 'import' | 'export'): void => {
    for (const [key, item] of items) {
      let desc: ast.ExternDesc;
      let externalId: string | undefined;
      if (item.kind === 'interface') {
        e.iface = item.id;
        desc = { kind: 'instance', type: e.instance(item.id) };
        externalId = item.externalId;
      } else if (item.kind === 'function') {
        e.iface = undefined;
        desc = { kind: 'func', type: e.funcType(item.func) };
        externalId = item.func.externalId;
      } else {
        if (kind === 'export') throw new ValidationError('a world cannot export a type', 0);
        e.iface = undefined;
        e.importTypes = true;
        e.valType(item.id);
        e.importTypes = false;
        continue;
      }
      const n = name(nameWorldKey(r, key), externalId);
      // `import a: ns:pkg/iface;`: a plain name carrying `(implements "ns:pkg/iface")`.
      const implementsId = typeof key === 'string' && item.kind === 'interface' ? idOfInterface(r, item.id) : undefined;
      e.outer.push({ kind, offset: 0, name: implementsId !== undefined ? { ...n, discriminant: 2, implements: implementsId } : n, desc });
    }
  };
  side(world.imports.entries(), 'import');
  side(world.exports.entries(), 'export');
  return { kind: 'component', offset: 0, decls: e.outer };
}

/** `ns:pkg/name@v` of a world. */
function worldId(r: Resolve, worldIdx: number): string {
  const w = r.worlds[worldIdx]!;
  const p = r.packages[w.package!]!.name;
  return `${p.namespace}:${p.name}/${w.name}${p.version !== undefined ? `@${p.version}` : ''}`;
}

export type StringEncoding = (typeof STRING_ENCODINGS)[number];

/** `metadata::encode`: the payload of a `component-type:<world>` custom section. */
export function encodeWorldMetadata(r: Resolve, worldIdx: number, stringEncoding: StringEncoding = 'utf8'): Uint8Array {
  const inner = encodeWorld(r, worldIdx);
  const outer: ast.ComponentTypeDef = {
    kind: 'component', offset: 0,
    decls: [
      { kind: 'type', offset: 0, type: inner },
      { kind: 'export', offset: 0, name: name(worldId(r, worldIdx)), desc: { kind: 'component', type: 0 } },
    ],
  };
  return writeComponent(buildComponent([
    sections.custom(ENCODING_SECTION, new Uint8Array([METADATA_VERSION, STRING_ENCODINGS.indexOf(stringEncoding)])),
    sections.types([outer]),
    sections.exports([{ offset: 0, name: name(r.worlds[worldIdx]!.name), sort: 'type', index: 0 }]),
  ]));
}

/** `wit-component embed`: the core module with the world's `component-type:<world>` section appended. */
export function embedWorld(core: Uint8Array, r: Resolve, worldIdx: number, stringEncoding: StringEncoding = 'utf8'): Uint8Array {
  return appendCustomSection(core, `component-type:${r.worlds[worldIdx]!.name}`, encodeWorldMetadata(r, worldIdx, stringEncoding));
}

/** The component-binary form of a WIT type definition (`v` encodes a referenced type, `resource` a handle's
 *  resource); kinds with no value-type form go to `fail`. Shared by the WIT encoder and `componentNew`. */
export function defValTypeOf(k: TypeDefKind, v: (t: WitType) => ast.ValTypeRef, resource: (t: number) => number, fail: (message: string) => never): ast.DefValType {
  const opt = (t: WitType | undefined): ast.ValTypeRef | undefined => (t === undefined ? undefined : v(t));
  switch (k.kind) {
    case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ name: f.name, type: v(f.type) })) };
    case 'tuple': return { kind: 'tuple', types: k.types.map(v) };
    case 'flags': return { kind: 'flags', names: k.flags.map((f) => f.name) };
    case 'variant': return { kind: 'variant', cases: k.cases.map((c) => { const t = opt(c.type); return t === undefined ? { name: c.name } : { name: c.name, type: t }; }) };
    case 'option': return { kind: 'option', type: v(k.type) };
    case 'result': { const ok = opt(k.ok); const err = opt(k.err); return { kind: 'result', ...(ok !== undefined ? { ok } : {}), ...(err !== undefined ? { err } : {}) }; }
    case 'enum': return { kind: 'enum', names: k.cases.map((c) => c.name) };
    case 'list': return { kind: 'list', element: v(k.type) };
    case 'map': { const key = v(k.key); return { kind: 'map', key, value: v(k.value) }; }
    case 'fixed-length-list': return { kind: 'fixed-list', element: v(k.type), length: k.size };
    case 'future': { const t = opt(k.type); return t === undefined ? { kind: 'future' } : { kind: 'future', type: t }; }
    case 'stream': { const t = opt(k.type); return t === undefined ? { kind: 'stream' } : { kind: 'stream', type: t }; }
    case 'handle': return { kind: k.handle, resource: resource(k.resource) };
    case 'type': case 'resource': case 'unknown': return fail(`cannot encode a ${k.kind} type here`);
  }
}
