// WIT types of exported interfaces as top-level component types (what `canon lift` needs): types owned by an
// imported interface are aliased from that import's instance; the exported interface's own types are defined
// structurally, its resources as `(resource (rep i32) (dtor …))` definitions of this component.
import type { DefValType, ValTypeRef } from '../binary/ast.js';
import type { Resolve, TypeDefKind, WitFunction, WitType } from '../wit/model.js';
import type { ComponentBuilder } from './builder.js';
import { ComponentNewError } from './errors.js';
import { defValTypeOf } from '../wit-binary/encode.js';

export class ExportTypes {
  /** WIT type id → top-level type index. */
  private readonly ids = new Map<number, number>();

  constructor(
    private readonly r: Resolve,
    private readonly b: ComponentBuilder,
    /** Interface id → top-level index of the instance importing it. */
    private readonly importedInstances: ReadonlyMap<number, number>,
    /** World-level named types (imported by the world, e.g. `record t` in a world): name → top-level type. */
    private readonly worldTypes: ReadonlyMap<string, number> = new Map(),
  ) {}

  /** Registers the top-level resource type defined for an exported resource. */
  setResource(typeId: number, index: number): void { this.ids.set(typeId, index); }

  valType(t: WitType): ValTypeRef {
    if (typeof t === 'string') return t;
    const known = this.ids.get(t);
    if (known !== undefined) return known;
    const def = this.r.types[t]!;
    const owner = def.owner;
    if (def.name !== undefined && owner !== null && 'interface' in owner) {
      const inst = this.importedInstances.get(owner.interface);
      if (inst !== undefined) {
        const idx = this.b.instanceExport(inst, def.name, 'type');
        this.ids.set(t, idx);
        return idx;
      }
    }
    if (def.name !== undefined && owner !== null && 'world' in owner) {
      const idx = this.worldTypes.get(def.name);
      if (idx !== undefined) { this.ids.set(t, idx); return idx; }
    }
    const k = def.kind;
    if (k.kind === 'type') {
      const v = this.valType(k.type);
      if (typeof v === 'number') this.ids.set(t, v);
      return v;
    }
    if (k.kind === 'resource') throw new ComponentNewError(`resource \`${def.name ?? t}\` is used before its definition`);
    const idx = this.b.type({ kind: 'defined', offset: 0, type: this.defValType(k) });
    this.ids.set(t, idx);
    return idx;
  }

  private defValType(k: TypeDefKind): DefValType {
    const resource = (t: number): number => {
      const res = this.valType(t);
      if (typeof res !== 'number') throw new ComponentNewError('a handle to a primitive type');
      return res;
    };
    return defValTypeOf(k, (t) => this.valType(t), resource, (m) => { throw new ComponentNewError(m); });
  }

  /** A top-level `(func (param …) (result …))` for `f`. */
  funcType(f: WitFunction): number {
    const params = f.params.map((p) => ({ name: p.name, type: this.valType(p.type) }));
    const result = f.result === undefined ? undefined : this.valType(f.result);
    return this.b.type({ kind: 'func', offset: 0, async: f.kind.kind.startsWith('async'), params, ...(result !== undefined ? { result } : {}) });
  }
}
