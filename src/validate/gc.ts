// Canonical ABI GC lowering (Explainer.md 🛸 `gc` option, `core-type`): a component function's values map onto
// the declared core function's parameters/results (and GC struct/array fields), as wasmparser checks them.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import type { CoreFuncType, FuncType, ValType } from '../types/index.js';
import { coreValType, resolverFor, structureOf } from './core.js';
import type { CanonOptions } from './lower.js';
import type { CoreTypeEntry } from './model.js';

/** A core parameter/result (`arg`) or a struct/array field (`field`, may be packed), in its index space. */
interface CoreSlot { readonly v: ast.StorageType; readonly field: boolean; readonly space: readonly CoreTypeEntry[] }

/** Checks a function against its declared `core-type` (wasmparser `lower_gc`). Unknown structure: accepted. */
export function lowerGcFunc(ft: FuncType, declared: CoreFuncType, o: CanonOptions, offset: number): void {
  const s = structureOf(declared);
  if (!s || s.inner.kind !== 'func') return;
  const { params, results } = s.inner;
  if (params.length !== ft.params.length) {
    throw new ValidationError(`declared \`core-type\` has ${params.length} parameters, but component function has ${ft.params.length} parameters`, offset);
  }
  ft.params.forEach((p, i) => lowerGc(p.type, { v: params[i]!, field: false, space: s.space }, o, offset));
  const n = ft.result ? 1 : 0;
  if (results.length !== n) throw new ValidationError(`declared \`core-type\` has ${results.length} results, but component function has ${n} results`, offset);
  if (ft.result) lowerGc(ft.result, { v: results[0]!, field: false, space: s.space }, o, offset);
}

const text = (c: CoreSlot): string => coreValType(c.v, resolverFor(c.space));

/** The composite type a concrete reference points at. */
function target(c: CoreSlot): { inner: ast.CompositeInner; space: readonly CoreTypeEntry[] } | undefined {
  if (typeof c.v === 'string' || c.v.heap.kind === 'abstract') return undefined;
  const e = c.space[c.v.heap.index];
  return e ? structureOf(e) : undefined;
}

const isExternRef = (c: CoreSlot): boolean => typeof c.v !== 'string' && c.v.heap.kind === 'abstract' && c.v.heap.type === 'extern';

const SMALL: Readonly<Record<string, 'i8' | 'i16'>> = { bool: 'i8', s8: 'i8', u8: 'i8', s16: 'i16', u16: 'i16' };
const WIDE: Readonly<Record<string, string>> = { s32: 'i32', u32: 'i32', s64: 'i64', u64: 'i64', f32: 'f32', f64: 'f64', char: 'i32' };

function lowerGc(t: ValType, c: CoreSlot, o: CanonOptions, offset: number): void {
  const fail = (m: string): never => { throw new ValidationError(m, offset); };
  const small = SMALL[t.kind];
  if (small) {
    if (c.field ? c.v === small : c.v === 'i32') return;
    fail(`expected to lower component \`${t.kind}\` type to core \`${c.field ? small : 'i32'}\` type, found \`${text(c)}\``);
  }
  const wide = WIDE[t.kind];
  if (wide) {
    if (c.v === wide) return;
    fail(`expected to lower component \`${t.kind}\` type to core \`${wide}\` type, found \`${text(c)}\``);
  }
  switch (t.kind) {
    case 'string': {
      const want = o.stringEncoding === 'utf16' ? 'i16' : 'i8';
      const tg = target(c);
      if (tg?.inner.kind === 'array' && tg.inner.field.storage === want) return;
      return fail(`expected to lower component \`string\` type to core \`(ref null? (array (mut? ${want})))\` type, found \`${text(c)}\``);
    }
    case 'error-context': case 'own': case 'borrow': case 'future': case 'stream':
      if (isExternRef(c)) return;
      return fail(`expected to lower component \`${t.kind}\` type into core \`(ref null? extern)\` type, but found \`${text(c)}\``);
    case 'flags': case 'enum':
      if (c.v === 'i32') return;
      return fail(`expected to lower component \`${t.kind}\` type into core \`i32\` type, but found \`${text(c)}\``);
    case 'list': {
      const tg = target(c);
      if (tg?.inner.kind !== 'array') return fail(`expected to lower component \`list\` type into \`(ref null? (array ...))\`, but found \`${text(c)}\``);
      return lowerGc(t.element, { v: tg.inner.field.storage, field: true, space: tg.space }, o, offset);
    }
    case 'map': return fail('GC lowering for component `map` type is not yet implemented');
    case 'record': case 'tuple': {
      const fields = t.kind === 'record' ? t.fields.map((f) => f.type) : t.types;
      const tg = target(c);
      if (tg?.inner.kind !== 'struct') return fail(`expected to lower component \`${t.kind}\` type to core \`(ref null? (struct ...))\`, but found \`${text(c)}\``);
      const core = tg.inner.fields;
      if (core.length !== fields.length) fail(`core \`struct\` has ${core.length} fields, but component \`${t.kind}\` has ${fields.length} fields`);
      fields.forEach((f, i) => lowerGc(f, { v: core[i]!.storage, field: true, space: tg.space }, o, offset));
      return;
    }
    case 'variant': case 'option': case 'result': {
      const tg = target(c);
      if (tg?.inner.kind === 'struct' && tg.inner.fields.length === 0) return;
      return fail(`expected to lower component \`${t.kind}\` type to core \`(ref null? (struct))\`, but found \`${text(c)}\``);
    }
    default: return;
  }
}
