// Copying world items into an including world (`include`): world-owned types, functions and anonymous interfaces
// get fresh definitions owned by the new world; named interfaces are shared.
import { makeTypeDef, type Resolve, type TypeDef, type TypeDefKind, type TypeOwner, type WitFunction, type WitType, type WorldItem } from './model.js';
import { ownerEquals } from './queries.js';

/** Copies world-owned types, functions and anonymous interfaces into an including world. */
export class Cloner {
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
    const def: TypeDef = makeTypeDef(this.r.types[id]!);
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
