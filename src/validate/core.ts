// Core types as components see them (Binary.md "core:type", "core:moduletype"; core spec "Import/Export
// Matching"): converting the AST's core types to `types/core`, and the core matching rules used when a core
// instance satisfies a module's imports.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import type {
  CoreExport, CoreExternType, CoreFuncType, CoreGlobalType, CoreImport, CoreMemoryType, CoreModuleType, CoreTableType, CoreValType,
} from '../types/index.js';
import {
  canonFunc, canonicalizeGroup, cvalKey, isSubtypeId, type CanonType, type CVal,
} from './core-canon.js';
import type { FeatureSet } from './features.js';
import type { CoreTypeEntry } from './model.js';

/** Resolves a concrete heap type index to its printed structure (for structural comparison across modules). */
export type HeapResolver = (index: number) => string;

/** A core value type as a canonical string: `i32`, `funcref`, `(ref null any)`, `(ref (func ...))`. */
export function coreValType(v: ast.CoreValType | ast.StorageType, resolve: HeapResolver): CoreValType {
  if (typeof v === 'string') return v;
  const h = v.heap;
  if (h.kind === 'abstract') {
    const name = (h.shared ? 'shared ' : '') + h.type; // abstract heap types print as their names
    if (v.nullable && !h.shared) return `${name}ref`;
    return `(ref ${v.nullable ? 'null ' : ''}${name})`;
  }
  return `(ref ${v.nullable ? 'null ' : ''}${h.kind === 'exact' ? 'exact ' : ''}${resolve(h.index)})`;
}

export function funcTypeText(f: CoreFuncType): string {
  const p = f.params.length ? ` (param ${f.params.join(' ')})` : '';
  const r = f.results.length ? ` (result ${f.results.join(' ')})` : '';
  return f.shared ? `(shared (func${p}${r}))` : `(func${p}${r})`;
}

/** Same parameter and result types (wasmparser compares `FuncType`s this way for `canon lift`, `realloc`, …). */
export function sameCoreFunc(a: CoreFuncType, b: CoreFuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((r, i) => r === b.results[i]);
}

/** A core function type; `shared` for the shared-everything-threads built-ins (`thread.spawn*`, …). */
export function coreFunc(params: readonly CoreValType[], results: readonly CoreValType[], shared = false): CoreFuncType {
  return shared ? { kind: 'func', params, results, shared } : { kind: 'func', params, results };
}

// ───── canonical identity (core-canon.ts) of the objects of `types/core` ─────

/** The canonical type of each core type entry, and the canonical value type of each global/table type. */
const canonOfEntry = new WeakMap<object, CanonType>();
const canonOfVal = new WeakMap<object, CVal>();

/** The canonical type of a function type: as defined, or (built-in signatures) a lone final function type. */
export function canonOf(f: CoreFuncType): CanonType | undefined {
  let c = canonOfEntry.get(f);
  if (!c) {
    const params = f.params.map(cvalOfText), results = f.results.map(cvalOfText);
    if (params.some((p) => !p) || results.some((r) => !r)) return undefined;
    c = canonFunc(params as CVal[], results as CVal[], !!f.shared);
    canonOfEntry.set(f, c);
  }
  return c;
}

/** Records what a built-in function type with concrete references is (e.g. `thread.spawn-ref`'s parameter). */
export function setCanon(f: CoreFuncType, c: CanonType): CoreFuncType {
  canonOfEntry.set(f, c);
  return f;
}

export function canonOfEntryType(e: CoreTypeEntry): CanonType | undefined {
  return e.kind === 'func' ? canonOf(e) : canonOfEntry.get(e);
}

/** Printed forms of types without concrete references, back to canonical value types. */
function cvalOfText(t: CoreValType): CVal | undefined {
  if (t === 'i32' || t === 'i64' || t === 'f32' || t === 'f64' || t === 'v128') return t as ast.CoreNumType;
  const short = /^(\w+)ref$/.exec(t);
  if (short) return { nullable: true, heap: { kind: 'abstract', shared: false, type: short[1] as ast.AbstractHeapType } };
  const long = /^\(ref (null )?(shared )?(\w+)\)$/.exec(t);
  if (long) return { nullable: !!long[1], heap: { kind: 'abstract', shared: !!long[2], type: long[3] as ast.AbstractHeapType } };
  return undefined;
}

/** A value type of an index space in canonical form (undefined when an index does not resolve). */
function cval(v: ast.CoreValType, space: readonly CoreTypeEntry[]): CVal | undefined {
  if (typeof v === 'string' || v.heap.kind === 'abstract') return v as CVal;
  const e = space[v.heap.index];
  const t = e ? canonOfEntryType(e) : undefined;
  return t ? { nullable: v.nullable, heap: { kind: v.heap.kind, type: t } } : undefined;
}

function withCanonVal<T extends object>(t: T, v: ast.CoreValType, space: readonly CoreTypeEntry[]): T {
  const c = cval(v, space);
  if (c) canonOfVal.set(t, c);
  return t;
}

/** Equality of global content / table element types: canonical when both are known, else as printed. */
function sameValType(a: CoreExternType, at: CoreValType, b: CoreExternType, bt: CoreValType): boolean {
  const ca = canonOfVal.get(a) ?? cvalOfText(at), cb = canonOfVal.get(b) ?? cvalOfText(bt);
  return ca && cb ? cvalKey(ca) === cvalKey(cb) : at === bt;
}

/** Core function subtyping for imports: declared supertypes only (wasmparser `core_func_type`, `id_is_subtype`). */
export function coreFuncSubtype(a: CoreFuncType, b: CoreFuncType): boolean {
  const ca = canonOf(a), cb = canonOf(b);
  return ca && cb ? isSubtypeId(ca, cb) : sameCoreFunc(a, b) && !!a.shared === !!b.shared;
}

/**
 * Checks a rec group against the index space it joins (`existing` entries before it): concrete type references
 * in bounds and not to module types, then the definition rules of core-canon.ts (feature gates, shared contents,
 * supertypes defined before, not final, and matched structurally).
 */
export function checkRecGroup(group: ast.RecGroup, existing: readonly CoreTypeEntry[], offset: number, features: FeatureSet): void {
  const limit = existing.length + group.types.length;
  const ref = (i: number): void => {
    if (i >= limit) throw new ValidationError(`unknown type ${i}: type index out of bounds`, offset);
    if (i < existing.length && existing[i]!.kind === 'module') throw new ValidationError(`type index ${i} is a module type, not a sub type`, offset);
  };
  const val = (v: ast.CoreValType | ast.StorageType): void => {
    if (typeof v !== 'string' && v.heap.kind !== 'abstract') ref(v.heap.index);
  };
  for (const st of group.types) {
    st.supertypes.forEach(ref);
    const inner = st.composite.inner;
    switch (inner.kind) {
      case 'func': inner.params.forEach(val); inner.results.forEach(val); break;
      case 'struct': for (const f of inner.fields) val(f.storage); break;
      case 'array': val(inner.field.storage); break;
      case 'cont': ref(inner.type); break;
    }
  }
  canonicalizeGroup(group, existing.length, outerResolver(existing), { features, offset });
}

function outerResolver(existing: readonly CoreTypeEntry[]): (i: number) => CanonType | undefined {
  return (i) => {
    const e = existing[i];
    return e ? canonOfEntryType(e) : undefined;
  };
}

/** The structure of a core type entry (for GC lowering), with the index space its indices refer to. */
export interface CoreStructure { readonly inner: ast.CompositeInner; readonly space: readonly CoreTypeEntry[] }
const structures = new WeakMap<CoreTypeEntry, CoreStructure>();

export function structureOf(e: CoreTypeEntry): CoreStructure | undefined {
  return structures.get(e);
}

/**
 * Builds the entries of a rec group joining the core type index space `space` (the entries before it; the array
 * the entries are then pushed to, which GC lowering reads indices against), each with its canonical type.
 */
export function recGroupEntries(group: ast.RecGroup, space: readonly CoreTypeEntry[]): CoreTypeEntry[] {
  const resolve = resolverFor(space);
  const canon = canonicalizeGroup(group, space.length, outerResolver(space));
  return group.types.map((st, k) => {
    const e = subTypeEntry(st, resolve);
    structures.set(e, { inner: st.composite.inner, space });
    if (canon) canonOfEntry.set(e, canon[k]!);
    return e;
  });
}

function subTypeEntry(st: ast.SubType, resolve: HeapResolver): CoreTypeEntry {
  const c = st.composite;
  const inner = c.inner;
  if (inner.kind === 'func') {
    // A fresh object per definition: its canonical type (finality, supertypes, rec group) is recorded per entry.
    return coreFunc(inner.params.map((p) => coreValType(p, resolve)), inner.results.map((r) => coreValType(r, resolve)), c.shared);
  }
  let text: string;
  switch (inner.kind) {
    case 'struct': text = `(struct ${inner.fields.map((f) => `(field ${f.mutable ? 'mut ' : ''}${coreValType(f.storage, resolve)})`).join(' ')})`; break;
    case 'array': text = `(array ${inner.field.mutable ? 'mut ' : ''}${coreValType(inner.field.storage, resolve)})`; break;
    case 'cont': text = `(cont ${resolve(inner.type)})`; break;
  }
  return { kind: 'gc', text: (c.shared ? '(shared ' : '(') + text + ')', shared: c.shared };
}

/** Printed form of a core type entry, for concrete heap types. */
export function entryText(e: CoreTypeEntry): string {
  if (e.kind === 'func') return funcTypeText(e);
  if (e.kind === 'gc') return e.text;
  return '(module)';
}

/** A resolver over a growing list of entries (forward or self references print as their index). */
export function resolverFor(entries: readonly CoreTypeEntry[]): HeapResolver {
  return (i) => (i < entries.length ? entryText(entries[i]!) : `$${i}`);
}

export function tableType(t: ast.TableTypeAst, space: readonly CoreTypeEntry[]): CoreTableType {
  const out: CoreTableType = { kind: 'table', element: coreValType(t.element, resolverFor(space)), min: t.min, max: t.max, table64: t.table64, shared: t.shared };
  return withCanonVal(out, t.element, space);
}

export function globalType(g: ast.GlobalTypeAst, space: readonly CoreTypeEntry[]): CoreGlobalType {
  return withCanonVal({ kind: 'global', type: coreValType(g.type, resolverFor(space)), mutable: g.mutable, shared: g.shared }, g.type, space);
}

/** Two-level import names mangle to one `module:name` inside components, so they must be unique. */
export function checkDuplicateImport(seen: Set<string>, module: string, name: string, offset: number): void {
  const key = `${module}:${name}`;
  if (seen.has(key)) throw new ValidationError(`duplicate import name \`${key}\``, offset);
  seen.add(key);
}

// Core spec "Memory Types": at most 2^16 pages (32-bit) or 2^48 (64-bit) of 64 KiB.
export function checkMemoryLimits(m: ast.MemoryTypeAst, offset: number): void {
  const maxPages = m.memory64 ? 1n << 48n : 1n << 16n;
  const pageLog2 = m.pageSizeLog2 ?? 16;
  const limit = pageLog2 === 16 ? maxPages : (m.memory64 ? (1n << 64n) - 1n : (1n << 32n)) >> BigInt(pageLog2);
  if (m.min > limit || (m.max !== undefined && m.max > limit)) {
    throw new ValidationError(m.memory64 ? 'memory size must be at most 2**48 pages' : 'memory size must be at most 65536 pages (4GiB)', offset);
  }
  if (m.max !== undefined && m.max < m.min) throw new ValidationError('size minimum must not be greater than maximum', offset);
}

export function memoryType(m: ast.MemoryTypeAst): CoreMemoryType {
  return { kind: 'memory', min: m.min, max: m.max, memory64: m.memory64, shared: m.shared, pageSizeLog2: m.pageSizeLog2 };
}

/** Resolves an import/export descriptor against a core type index space. */
export function externType(d: ast.CoreExternDesc, types: readonly CoreTypeEntry[], offset: number): CoreExternType {
  switch (d.kind) {
    case 'func': case 'func-exact': case 'tag': {
      const t = types[d.type];
      if (!t) throw new ValidationError(`unknown type ${d.type}: type index out of bounds`, offset);
      if (t.kind !== 'func') throw new ValidationError(`type index ${d.type} is not a function type`, offset);
      return d.kind === 'tag' ? { kind: 'tag', type: t } : t;
    }
    case 'table': return tableType(d, types);
    case 'memory': checkMemoryLimits(d, offset); return memoryType(d);
    case 'global': return globalType(d, types);
  }
}

/** The module type of an embedded core module, from its surface (imports, exports and their types). */
export function moduleTypeOfSurface(s: ast.CoreModuleSurface): CoreModuleType {
  const groups = s.types;
  const lazy = independentFuncs(groups);
  // Lazily: a holey array of the full length, an entry filled in (`need`) before any read of its index.
  const types: CoreTypeEntry[] = lazy ? new Array<CoreTypeEntry>(groups.length) : [];
  if (!lazy) for (const g of groups) for (const e of recGroupEntries(g, types)) types.push(e);
  const need = (i: number): void => {
    if (lazy && i < groups.length && types[i] === undefined) types[i] = recGroupEntries(groups[i]!, types)[0]!;
  };
  const needDesc = (d: ast.CoreExternDesc): void => {
    if (!lazy) return;
    if (d.kind === 'func' || d.kind === 'func-exact' || d.kind === 'tag') need(d.type);
    else if (d.kind === 'table') needVal(d.element, need);
    else if (d.kind === 'global') needVal(d.type, need);
  };
  const spaces: Record<'func' | 'table' | 'memory' | 'global' | 'tag', CoreExternType[]> = { func: [], table: [], memory: [], global: [], tag: [] };
  const imports: CoreImport[] = [];
  const seen = new Set<string>();
  for (const imp of s.imports) {
    checkDuplicateImport(seen, imp.module, imp.name, imp.offset);
    needDesc(imp.desc);
    const t = externType(imp.desc, types, imp.offset);
    imports.push({ module: imp.module, name: imp.name, type: t });
    spaces[imp.desc.kind === 'func-exact' ? 'func' : imp.desc.kind].push(t);
  }
  // Defined functions are typed on demand (only exports need it): a 12 MB guest defines ~13k of them.
  const importedFuncs = spaces.func.length;
  const funcAt = (i: number): CoreExternType | undefined => {
    if (i < importedFuncs) return spaces.func[i];
    const ti = s.funcs[i - importedFuncs];
    if (ti === undefined) return undefined;
    need(ti);
    const t = types[ti];
    return t?.kind === 'func' ? t : undefined;
  };
  for (const t of s.tables) { if (lazy) needVal(t.element, need); spaces.table.push(tableType(t, types)); }
  for (const m of s.memories) spaces.memory.push(memoryType(m));
  for (const g of s.globals) { if (lazy) needVal(g.type, need); spaces.global.push(globalType(g, types)); }
  for (const tag of s.tags) {
    need(tag);
    const t = types[tag];
    if (t?.kind === 'func') spaces.tag.push({ kind: 'tag', type: t });
  }
  const exports: CoreExport[] = [];
  for (const e of s.exports) {
    const t = e.kind === 'func' || e.kind === 'func-exact' ? funcAt(e.index) : spaces[e.kind][e.index];
    if (t) exports.push({ name: e.name, type: t });
  }
  return { kind: 'module', imports, exports };
}

/**
 * Whether every rec group is one func type without supertypes, sharing or references to type indices: each entry then
 * depends on nothing else (no index it resolves, no group it shares), so entries can be built only for the indices
 * imports, exports, tables, globals and tags name. A 12 MB guest declares ~150 types, most of them for its internal
 * functions; building each (canonical key, interning) in cold code cost ~1 ms of the engine's compile time.
 */
function independentFuncs(groups: readonly ast.RecGroup[]): boolean {
  for (let g = 0; g < groups.length; g++) {
    const types = groups[g]!.types;
    if (types.length !== 1) return false;
    const st = types[0]!;
    const c = st.composite;
    if (st.supertypes.length !== 0 || c.shared || c.inner.kind !== 'func') return false;
    const { params, results } = c.inner;
    for (let i = 0; i < params.length; i++) if (!independentVal(params[i]!)) return false;
    for (let i = 0; i < results.length; i++) if (!independentVal(results[i]!)) return false;
  }
  return true;
}

/** A number type or an abstract reference: a value type naming no type index. */
const independentVal = (v: ast.CoreValType): boolean => typeof v === 'string' || v.heap.kind === 'abstract';

/** Builds (`need`) the entry a concrete reference in `v` points at. */
function needVal(v: ast.CoreValType, need: (i: number) => void): void {
  if (typeof v !== 'string' && v.heap.kind !== 'abstract') need(v.heap.index);
}

const limitsMatch = (a: { min: bigint; max?: bigint }, b: { min: bigint; max?: bigint }): boolean =>
  a.min >= b.min && (b.max === undefined || (a.max !== undefined && a.max <= b.max));

/** Core spec "Import Matching": may `a` (provided) satisfy `b` (expected)? Throws with wasmparser's wording. */
export function matchCoreExtern(a: CoreExternType, b: CoreExternType, offset: number): void {
  const fail = (m: string): never => { throw new ValidationError(m, offset); };
  if (a.kind !== b.kind) fail(`expected ${b.kind}, found ${a.kind}`);
  switch (a.kind) {
    case 'func':
      if (!coreFuncSubtype(a, b as CoreFuncType)) fail(`expected: ${funcTypeText(b as CoreFuncType)}\nfound:    ${funcTypeText(a)}`);
      return;
    case 'tag':
      if (!coreFuncSubtype(a.type, (b as typeof a).type)) fail(`expected: ${funcTypeText((b as typeof a).type)}\nfound:    ${funcTypeText(a.type)}`);
      return;
    case 'table': {
      const t = b as CoreTableType;
      if (!sameValType(a, a.element, t, t.element)) fail(`expected table element type ${t.element}, found ${a.element}`);
      if (!!a.shared !== !!t.shared) fail('mismatch in the shared flag for tables');
      if (!!a.table64 !== !!t.table64) fail('mismatch in index type used for tables');
      if (!limitsMatch(a, t)) fail('mismatch in table limits');
      return;
    }
    case 'memory': {
      const m = b as CoreMemoryType;
      if (!!a.shared !== !!m.shared) fail('mismatch in the shared flag for memories');
      if (!!a.memory64 !== !!m.memory64) fail('mismatch in index type used for memories');
      if ((a.pageSizeLog2 ?? 16) !== (m.pageSizeLog2 ?? 16)) fail('mismatch in page size for memories');
      if (!limitsMatch(a, m)) fail('mismatch in memory limits');
      return;
    }
    case 'global': {
      const g = b as typeof a;
      if (a.mutable !== g.mutable) fail('global types differ in mutability');
      if (!sameValType(a, a.type, g, g.type)) fail(`expected global type ${g.type}, found ${a.type}`);
      return;
    }
  }
}

/** Core module type subtyping (imports contravariant, exports covariant). */
export function matchModuleType(a: CoreModuleType, b: CoreModuleType, offset: number): void {
  for (const ai of a.imports) {
    const bi = b.imports.find((x) => x.module === ai.module && x.name === ai.name);
    if (!bi) throw new ValidationError(`missing expected import \`${ai.module}::${ai.name}\``, offset);
    withContext(() => matchCoreExtern(bi.type, ai.type, offset), `type mismatch in import \`${ai.module}::${ai.name}\``);
  }
  for (const be of b.exports) {
    const ae = a.exports.find((x) => x.name === be.name);
    if (!ae) throw new ValidationError(`missing expected export \`${be.name}\``, offset);
    withContext(() => matchCoreExtern(ae.type, be.type, offset), `type mismatch in export \`${be.name}\``);
  }
}

/** Runs `f`; a `ValidationError` it throws gets `context` prepended (wasmparser's `with_context`). */
export function withContext<T>(f: () => T, context: string | (() => string)): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new ValidationError(`${typeof context === 'string' ? context : context()}\n\nCaused by:\n    ${e.reason.replace(/\n/g, '\n    ')}`, e.offset);
    }
    throw e;
  }
}
