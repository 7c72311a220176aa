// Core type identity and GC subtyping, as components see core types (core spec "Type Equivalence": rec groups are
// compared iso-recursively, "rolled up" with group-local references; "Subtyping": declared supertypes, finality,
// field variance, abstract heap type hierarchies). Rules after wasmparser a7ef4778 `canonical.rs`, `matches.rs`
// and `reftype_is_subtype_impl`; wording of errors is wasmparser's.
//
// Each rec group is canonicalised to a key in which references into the group are local (`r0`, `r1`, …) and
// references out of it name the canonical type they resolve to; equal keys mean equivalent groups, so they share
// one `CanonType` per member. Two core types are the same type exactly when their `CanonType`s are the same object.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import type { FeatureSet } from './features.js';

export type CHeap =
  | { readonly kind: 'abstract'; readonly shared: boolean; readonly type: ast.AbstractHeapType }
  | { readonly kind: 'concrete' | 'exact'; readonly type: CanonType };
export interface CRef { readonly nullable: boolean; readonly heap: CHeap }
/** A core value type whose concrete references point at canonical types. */
export type CVal = ast.CoreNumType | CRef;
export type CStorage = CVal | 'i8' | 'i16';
export interface CField { readonly storage: CStorage; readonly mutable: boolean }
export type CInner =
  | { readonly kind: 'func'; readonly params: readonly CVal[]; readonly results: readonly CVal[] }
  | { readonly kind: 'struct'; readonly fields: readonly CField[] }
  | { readonly kind: 'array'; readonly field: CField }
  | { readonly kind: 'cont'; readonly type: CanonType };

/** One canonical core type: a member of an interned rec group. */
export interface CanonType {
  /** Unique per canonical type (`group.member`). */
  readonly id: string;
  readonly final: boolean;
  readonly shared: boolean;
  readonly supertype: CanonType | undefined;
  readonly inner: CInner;
  /** The interned group this type belongs to (keeps the group alive as long as any member is). */
  readonly group?: readonly CanonType[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Interned rec groups by canonical key, so types from different core modules and component `core type`s compare by
 * identity (wasmparser's `TypeList`). Weak: a group lives as long as one of its members does (each member holds its
 * group), so a long-running host that validates many components keeps only the groups still in use.
 */
const interned = new Map<string, WeakRef<readonly CanonType[]>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (interned.get(key)?.deref() === undefined) interned.delete(key);
});
function internedGroup(key: string): readonly CanonType[] | undefined {
  return interned.get(key)?.deref();
}
function intern(key: string, members: readonly Mutable<CanonType>[]): void {
  for (const m of members) m.group = members;
  interned.set(key, new WeakRef(members));
  forget.register(members, key);
}
/** Group numbers are never reused, so ids stay unique even after a group is forgotten. */
let nextGroup = 0;

/** How an index outside the group resolves: its canonical type, or undefined (module type / out of bounds). */
export type OuterResolver = (index: number) => CanonType | undefined;

const fail = (m: string, offset: number): never => { throw new ValidationError(m, offset); };

/**
 * Canonicalises a rec group whose first member gets index `start` in its index space. With `check`, applies the
 * definition rules first (feature gates, shared contents, declared supertypes matching); without it (core modules,
 * whose bodies the host engine validates), returns undefined when a reference cannot be resolved.
 */
export function canonicalizeGroup(group: ast.RecGroup, start: number, outer: OuterResolver,
  check?: { readonly features: FeatureSet; readonly offset: number }): readonly CanonType[] | undefined {
  const n = group.types.length;
  if (n === 0) return [];
  const local = (i: number): number | undefined => (i >= start && i < start + n ? i - start : undefined);
  // The key: references in the group are local, others name their canonical id.
  let unresolved = false;
  const refKey = (i: number): string => {
    const l = local(i);
    if (l !== undefined) return `r${l}`;
    const t = outer(i);
    if (!t) { unresolved = true; return '?'; }
    return `#${t.id}`;
  };
  const valKey = (v: ast.StorageType): string => {
    if (typeof v === 'string') return v;
    const h = v.heap;
    const heap = h.kind === 'abstract' ? `${h.shared ? 'shared ' : ''}${h.type}` : `${h.kind === 'exact' ? 'exact ' : ''}${refKey(h.index)}`;
    return `(ref ${v.nullable ? 'null ' : ''}${heap})`;
  };
  const key = group.types.map((st) => {
    const c = st.composite, inner = c.inner;
    let body: string;
    switch (inner.kind) {
      case 'func': body = `(func (${inner.params.map(valKey).join(' ')}) (${inner.results.map(valKey).join(' ')}))`; break;
      case 'struct': body = `(struct ${inner.fields.map((f) => `(${f.mutable ? 'mut ' : ''}${valKey(f.storage)})`).join(' ')})`; break;
      case 'array': body = `(array ${inner.field.mutable ? 'mut ' : ''}${valKey(inner.field.storage)})`; break;
      case 'cont': body = `(cont ${refKey(inner.type)})`; break;
    }
    return `(sub ${st.final ? 'final ' : ''}${st.supertypes.map(refKey).join(' ')} ${c.shared ? 'shared ' : ''}${body})`;
  }).join(' ');
  if (unresolved) {
    if (check) fail('unknown type: type index out of bounds', check.offset);
    return undefined;
  }
  const existing = internedGroup(key);
  const groupNo = existing ? existing[0]!.id.slice(0, existing[0]!.id.indexOf('.')) : String(nextGroup++);
  // Fresh members (ids as the interned ones would have), filled in once all exist (references may be cyclic).
  const members: Mutable<CanonType>[] = group.types.map((st, k) => ({
    id: `${groupNo}.${k}`, final: st.final, shared: st.composite.shared, supertype: undefined, inner: undefined as unknown as CInner,
  }));
  const ref = (i: number): CanonType => members[local(i) ?? -1] ?? outer(i)!;
  const val = (v: ast.CoreValType): CVal => {
    if (typeof v === 'string') return v;
    const h = v.heap;
    return { nullable: v.nullable, heap: h.kind === 'abstract' ? h : { kind: h.kind, type: ref(h.index) } };
  };
  const storage = (s: ast.StorageType): CStorage => (s === 'i8' || s === 'i16' ? s : val(s));
  group.types.forEach((st, k) => {
    const m = members[k]!;
    const inner = st.composite.inner;
    switch (inner.kind) {
      case 'func': m.inner = { kind: 'func', params: inner.params.map(val), results: inner.results.map(val) }; break;
      case 'struct': m.inner = { kind: 'struct', fields: inner.fields.map((f) => ({ storage: storage(f.storage), mutable: f.mutable })) }; break;
      case 'array': m.inner = { kind: 'array', field: { storage: storage(inner.field.storage), mutable: inner.field.mutable } }; break;
      case 'cont': m.inner = { kind: 'cont', type: ref(inner.type) }; break;
    }
    // Only a supertype defined before its subtype is linked, so supertype chains never cycle (core modules are
    // canonicalised before the host engine rejects such a module; `check` reports it for component types).
    const sup = st.supertypes[0];
    if (sup !== undefined && sup < start + k) m.supertype = ref(sup);
  });
  if (check) checkMembers(group, members, start, check.features, check.offset);
  if (existing) return existing;
  intern(key, members);
  return members;
}

/** wasmparser `check_subtype` / `check_composite_type`, member by member. */
function checkMembers(group: ast.RecGroup, members: readonly CanonType[], start: number, features: FeatureSet, offset: number): void {
  const gc = features.has('gc');
  if (group.explicit && !gc) fail('rec group usage requires `gc` proposal to be enabled', offset);
  group.types.forEach((st, k) => {
    const m = members[k]!;
    if ((!m.final || st.supertypes.length > 0) && !gc) fail('gc proposal must be enabled to use subtypes', offset);
    if (st.supertypes.some((s) => s >= start + k)) fail('supertypes must be defined before subtypes', offset);
    checkComposite(m, features, offset);
    const sup = m.supertype;
    if (sup) {
      if (sup.final) fail('sub type cannot have a final super type', offset);
      if (!compositeMatches(m, sup)) fail('sub type must match super type', offset);
      if (depthOf(sup) + 1 > MAX_SUBTYPING_DEPTH) fail(`sub type hierarchy too deep: found depth ${depthOf(sup) + 1}, cannot exceed depth ${MAX_SUBTYPING_DEPTH}`, offset);
    }
  });
}

/** wasmparser `MAX_WASM_SUBTYPING_DEPTH`. */
const MAX_SUBTYPING_DEPTH = 63;

function depthOf(t: CanonType): number {
  let d = 0;
  for (let s = t.supertype; s; s = s.supertype) d++;
  return d;
}

function checkComposite(m: CanonType, features: FeatureSet, offset: number): void {
  const check = (v: CStorage): void => {
    if (v === 'i8' || v === 'i16') return; // packed storage is always shared
    checkValFeatures(v, features, offset);
    if (m.shared && !valIsShared(v)) fail('shared composite type must contain shared types', offset);
  };
  if (m.shared && !features.has('shared-everything-threads')) fail('shared composite types require the shared-everything-threads proposal', offset);
  const inner = m.inner;
  switch (inner.kind) {
    case 'func': inner.params.forEach(check); inner.results.forEach(check); return;
    case 'array':
      if (!features.has('gc')) fail('array indexed types not supported without the gc feature', offset);
      return check(inner.field.storage);
    case 'struct':
      if (!features.has('gc')) fail('struct indexed types not supported without the gc feature', offset);
      return inner.fields.forEach((f) => check(f.storage));
    case 'cont':
      if (!features.has('stack-switching')) fail('cannot define continuation types when stack switching is disabled', offset);
      if (inner.type.inner.kind !== 'func') fail(`non-function type ${inner.type.id}`, offset);
  }
}

const GC_HEAP: ReadonlySet<ast.AbstractHeapType> = new Set(['any', 'none', 'eq', 'struct', 'array', 'i31', 'noextern', 'nofunc']);

/** wasmparser `WasmFeatures::check_ref_type` for the gates this validator knows. */
export function checkValFeatures(v: CVal | ast.CoreValType, features: FeatureSet, offset: number): void {
  if (typeof v === 'string') return;
  const h = v.heap;
  if (h.kind === 'exact') fail('custom descriptors required for exact reference types', offset);
  if (h.kind !== 'abstract') return;
  if (h.shared && !features.has('shared-everything-threads')) fail('shared reference types require the shared-everything-threads proposal', offset);
  if (GC_HEAP.has(h.type) && !features.has('gc')) fail('heap types not supported without the gc feature', offset);
  if ((h.type === 'exn' || h.type === 'noexn') && !features.has('exceptions')) fail('exception refs not supported without the exception handling feature', offset);
  if ((h.type === 'cont' || h.type === 'nocont') && !features.has('stack-switching')) fail('continuation refs not supported without the stack switching feature', offset);
}

export function valIsShared(v: CVal): boolean {
  if (typeof v === 'string') return true;
  return v.heap.kind === 'abstract' ? v.heap.shared : v.heap.type.shared;
}

// ───── subtyping ─────

/** Declared subtyping: `a` is `b` or has it among its supertypes (wasmparser `id_is_subtype`). */
export function isSubtypeId(a: CanonType, b: CanonType): boolean {
  for (let t: CanonType | undefined = a; t; t = t.supertype) if (t === b || t.id === b.id) return true;
  return false;
}

/** The abstract heap type hierarchies (core spec "Heap Types" subtyping). */
function abstractSub(a: ast.AbstractHeapType, b: ast.AbstractHeapType): boolean {
  if (a === b) return true;
  switch (a) {
    case 'none': return b === 'any' || b === 'eq' || b === 'i31' || b === 'struct' || b === 'array';
    case 'eq': return b === 'any';
    case 'i31': case 'struct': case 'array': return b === 'any' || b === 'eq';
    case 'noextern': return b === 'extern';
    case 'nofunc': return b === 'func';
    case 'noexn': return b === 'exn';
    case 'nocont': return b === 'cont';
    default: return false;
  }
}

export function refSubtype(a: CRef, b: CRef): boolean {
  if (a.nullable && !b.nullable) return false;
  const ha = a.heap, hb = b.heap;
  if (ha.kind === 'abstract' && hb.kind === 'abstract') return ha.shared === hb.shared && abstractSub(ha.type, hb.type);
  if (ha.kind !== 'abstract' && hb.kind === 'abstract') {
    const t = ha.type;
    if (t.shared !== hb.shared) return false;
    switch (hb.type) {
      case 'any': case 'eq': return t.inner.kind === 'struct' || t.inner.kind === 'array';
      case 'struct': case 'array': case 'func': case 'cont': return t.inner.kind === hb.type;
      default: return false;
    }
  }
  if (ha.kind === 'abstract' && hb.kind !== 'abstract') {
    const t = hb.type;
    if (ha.shared !== t.shared) return false;
    switch (ha.type) {
      case 'none': return t.inner.kind === 'struct' || t.inner.kind === 'array';
      case 'nofunc': return t.inner.kind === 'func';
      case 'nocont': return t.inner.kind === 'cont';
      default: return false;
    }
  }
  if (ha.kind === 'abstract' || hb.kind === 'abstract') return false;
  if (hb.kind === 'exact') return ha.kind === 'exact' && ha.type.id === hb.type.id;
  return isSubtypeId(ha.type, hb.type);
}

export function valSubtype(a: CStorage, b: CStorage): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return refSubtype(a, b);
}

function fieldMatches(a: CField, b: CField): boolean {
  if (!valSubtype(a.storage, b.storage)) return false;
  if (!a.mutable && !b.mutable) return true;
  return a.mutable && b.mutable && valSubtype(b.storage, a.storage);
}

/** Structural matching of composite types (core spec "Composite Types" subtyping; wasmparser `Matches`). */
export function compositeMatches(a: CanonType, b: CanonType): boolean {
  if (a.shared !== b.shared) return false;
  const x = a.inner, y = b.inner;
  switch (x.kind) {
    case 'func': {
      if (y.kind !== 'func' || x.params.length !== y.params.length || x.results.length !== y.results.length) return false;
      return x.params.every((p, i) => valSubtype(y.params[i]!, p)) && x.results.every((r, i) => valSubtype(r, y.results[i]!));
    }
    case 'struct':
      return y.kind === 'struct' && x.fields.length >= y.fields.length && y.fields.every((f, i) => fieldMatches(x.fields[i]!, f));
    case 'array': return y.kind === 'array' && fieldMatches(x.field, y.field);
    case 'cont': return y.kind === 'cont' && isSubtypeId(x.type, y.type);
  }
}

/** Canonical equality key of a value type (for global and table types, which must match exactly). */
export function cvalKey(v: CStorage): string {
  if (typeof v === 'string') return v;
  const h = v.heap;
  const heap = h.kind === 'abstract' ? `${h.shared ? 'shared ' : ''}${h.type}` : `${h.kind === 'exact' ? 'exact ' : ''}#${h.type.id}`;
  return `(ref ${v.nullable ? 'null ' : ''}${heap})`;
}

/** A lone final function type in its own group (built-in signatures), interned like any other. */
export function canonFunc(params: readonly CVal[], results: readonly CVal[], shared: boolean): CanonType {
  const key = `(sub final  ${shared ? 'shared ' : ''}(func (${params.map(cvalKey).join(' ')}) (${results.map(cvalKey).join(' ')})))`;
  const existing = internedGroup(key);
  if (existing) return existing[0]!;
  const t: Mutable<CanonType> = { id: `${nextGroup++}.0`, final: true, shared, supertype: undefined, inner: { kind: 'func', params, results } };
  intern(key, [t]);
  return t;
}

/** @internal How many rec groups are interned now (tests check that the table does not only grow). */
export function internedGroupCount(): number {
  return interned.size;
}
