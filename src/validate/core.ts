// Core types as components see them (Binary.md "core:type", "core:moduletype"; core spec "Import/Export
// Matching"): converting the AST's core types to `types/core`, and the core matching rules used when a core
// instance satisfies a module's imports.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import type {
  CoreExport, CoreExternType, CoreFuncType, CoreImport, CoreMemoryType, CoreModuleType, CoreTableType, CoreValType,
} from '../types/index.js';
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
  return `(func${p}${r})`;
}

export function sameCoreFunc(a: CoreFuncType, b: CoreFuncType): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((r, i) => r === b.results[i]);
}

export function coreFunc(params: readonly CoreValType[], results: readonly CoreValType[]): CoreFuncType {
  return { kind: 'func', params, results };
}

/**
 * Checks a rec group against the index space it joins (`existing` entries before it): concrete type references
 * in bounds and not to module types, supertypes in bounds and not final.
 */
export function checkRecGroup(group: ast.RecGroup, existing: readonly CoreTypeEntry[], offset: number): void {
  const limit = existing.length + group.types.length;
  const ref = (i: number): void => {
    if (i >= limit) throw new ValidationError(`unknown type ${i}: type index out of bounds`, offset);
    if (i < existing.length && existing[i]!.kind === 'module') throw new ValidationError(`type index ${i} is a module type, not a sub type`, offset);
  };
  const val = (v: ast.CoreValType | ast.StorageType): void => {
    if (typeof v !== 'string' && v.heap.kind !== 'abstract') ref(v.heap.index);
  };
  for (const st of group.types) {
    for (const sup of st.supertypes) {
      ref(sup);
      const final = sup < existing.length ? finality.get(existing[sup]!) ?? true : group.types[sup - existing.length]!.final;
      if (final) throw new ValidationError('sub type cannot have a final super type', offset);
    }
    const inner = st.composite.inner;
    switch (inner.kind) {
      case 'func': inner.params.forEach(val); inner.results.forEach(val); break;
      case 'struct': for (const f of inner.fields) val(f.storage); break;
      case 'array': val(inner.field.storage); break;
      case 'cont': ref(inner.type); break;
    }
  }
}

/** Whether each core type entry was declared final (GC subtyping). */
const finality = new WeakMap<CoreTypeEntry, boolean>();

/** The structure of a core type entry (for GC lowering), with the index space its indices refer to. */
export interface CoreStructure { readonly inner: ast.CompositeInner; readonly space: readonly CoreTypeEntry[] }
const structures = new WeakMap<CoreTypeEntry, CoreStructure>();

export function structureOf(e: CoreTypeEntry): CoreStructure | undefined {
  return structures.get(e);
}

/** Builds the entries of a rec group for a core type index space (`space`: that index space, for GC lowering). */
export function recGroupEntries(group: ast.RecGroup, resolve: HeapResolver, space?: readonly CoreTypeEntry[]): CoreTypeEntry[] {
  return group.types.map((st) => {
    const e = subTypeEntry(st, resolve);
    finality.set(e, st.final);
    if (space) structures.set(e, { inner: st.composite.inner, space });
    return e;
  });
}

function subTypeEntry(st: ast.SubType, resolve: HeapResolver): CoreTypeEntry {
  const c = st.composite;
  const inner = c.inner;
  if (inner.kind === 'func' && !c.shared) {
    // A fresh object per definition, so finality can be recorded per entry.
    return coreFunc(inner.params.map((p) => coreValType(p, resolve)), inner.results.map((r) => coreValType(r, resolve)));
  }
  let text: string;
  switch (inner.kind) {
    case 'func': text = `(func (param ${inner.params.map((p) => coreValType(p, resolve)).join(' ')}) (result ${inner.results.map((p) => coreValType(p, resolve)).join(' ')}))`; break;
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

export function tableType(t: ast.TableTypeAst, resolve: HeapResolver): CoreTableType {
  return { kind: 'table', element: coreValType(t.element, resolve), min: t.min, max: t.max, table64: t.table64, shared: t.shared };
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
  const resolve = resolverFor(types);
  switch (d.kind) {
    case 'func': case 'func-exact': case 'tag': {
      const t = types[d.type];
      if (!t) throw new ValidationError(`unknown type ${d.type}: type index out of bounds`, offset);
      if (t.kind !== 'func') throw new ValidationError(`type index ${d.type} is not a function type`, offset);
      return d.kind === 'tag' ? { kind: 'tag', type: t } : t;
    }
    case 'table': return tableType(d, resolve);
    case 'memory': checkMemoryLimits(d, offset); return memoryType(d);
    case 'global': return { kind: 'global', type: coreValType(d.type, resolve), mutable: d.mutable, shared: d.shared };
  }
}

/** The module type of an embedded core module, from its surface (imports, exports and their types). */
export function moduleTypeOfSurface(s: ast.CoreModuleSurface): CoreModuleType {
  const types: CoreTypeEntry[] = [];
  for (const g of s.types) for (const e of recGroupEntries(g, resolverFor(types), types)) types.push(e);
  const spaces: Record<'func' | 'table' | 'memory' | 'global' | 'tag', CoreExternType[]> = { func: [], table: [], memory: [], global: [], tag: [] };
  const imports: CoreImport[] = [];
  const seen = new Set<string>();
  for (const imp of s.imports) {
    checkDuplicateImport(seen, imp.module, imp.name, imp.offset);
    const t = externType(imp.desc, types, imp.offset);
    imports.push({ module: imp.module, name: imp.name, type: t });
    spaces[imp.desc.kind === 'func-exact' ? 'func' : imp.desc.kind].push(t);
  }
  const resolve = resolverFor(types);
  for (const f of s.funcs) {
    const t = types[f];
    if (t?.kind === 'func') spaces.func.push(t);
  }
  for (const t of s.tables) spaces.table.push(tableType(t, resolve));
  for (const m of s.memories) spaces.memory.push(memoryType(m));
  for (const g of s.globals) spaces.global.push({ kind: 'global', type: coreValType(g.type, resolve), mutable: g.mutable, shared: g.shared });
  for (const tag of s.tags) {
    const t = types[tag];
    if (t?.kind === 'func') spaces.tag.push({ kind: 'tag', type: t });
  }
  const exports: CoreExport[] = [];
  for (const e of s.exports) {
    const t = spaces[e.kind === 'func-exact' ? 'func' : e.kind][e.index];
    if (t) exports.push({ name: e.name, type: t });
  }
  return { kind: 'module', imports, exports };
}

const limitsMatch = (a: { min: bigint; max?: bigint }, b: { min: bigint; max?: bigint }): boolean =>
  a.min >= b.min && (b.max === undefined || (a.max !== undefined && a.max <= b.max));

/** Core spec "Import Matching": may `a` (provided) satisfy `b` (expected)? Throws with wasmparser's wording. */
export function matchCoreExtern(a: CoreExternType, b: CoreExternType, offset: number): void {
  const fail = (m: string): never => { throw new ValidationError(m, offset); };
  if (a.kind !== b.kind) fail(`expected ${b.kind}, found ${a.kind}`);
  switch (a.kind) {
    case 'func':
      if (!sameCoreFunc(a, b as CoreFuncType)) fail(`expected: ${funcTypeText(b as CoreFuncType)}\nfound:    ${funcTypeText(a)}`);
      return;
    case 'tag':
      if (!sameCoreFunc(a.type, (b as typeof a).type)) fail(`expected: ${funcTypeText((b as typeof a).type)}\nfound:    ${funcTypeText(a.type)}`);
      return;
    case 'table': {
      const t = b as CoreTableType;
      if (a.element !== t.element) fail(`expected table element type ${t.element}, found ${a.element}`);
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
      if (a.type !== g.type) fail(`expected global type ${g.type}, found ${a.type}`);
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
