// Memory layout of component values (CanonicalABI.md "Despecialization", "Alignment", "Element Size").
import type { Case, Field, ListType, ValType } from '../types/index.js';
import { primitive } from '../types/index.js';
import { DepthGuard } from '../types/depth.js';
import { KIND_FACTS, MAX_FLAGS } from './type-facts.js';

export { DepthGuard, MAX_TYPE_DEPTH } from '../types/depth.js';

/** The address type of a linear memory: `i32` for classic memories, `i64` for memory64. */
export type AddrType = 'i32' | 'i64';

/** A value type after despecialization: tuple/enum/option/result/map are rewritten to these. */
export type DespecializedType = Exclude<ValType, { kind: 'tuple' | 'enum' | 'option' | 'result' | 'map' }>;

const despecialized = new WeakMap<ValType, DespecializedType>();

// CanonicalABI.md "Despecialization": tuple→record, enum/option/result→variant, map→list<tuple<k, v>>.
export function despecialize(t: ValType): DespecializedType {
  switch (t.kind) {
    case 'tuple': case 'enum': case 'option': case 'result': case 'map': break;
    default: return t;
  }
  let d = despecialized.get(t);
  if (d === undefined) {
    d = despecializeUncached(t);
    despecialized.set(t, d);
  }
  return d;
}

function despecializeUncached(t: ValType): DespecializedType {
  switch (t.kind) {
    case 'tuple': return { kind: 'record', fields: t.types.map((type, i): Field => ({ name: String(i), type })) };
    case 'enum': return { kind: 'variant', cases: t.names.map((name): Case => ({ name })) };
    case 'option': return { kind: 'variant', cases: [{ name: 'none' }, { name: 'some', type: t.type }] };
    case 'result': return { kind: 'variant', cases: [caseOf('ok', t.ok), caseOf('error', t.err)] };
    case 'map': return { kind: 'list', element: { kind: 'tuple', types: [t.key, t.value] } };
    default: return t;
  }
}

function caseOf(name: string, type: ValType | undefined): Case {
  return type === undefined ? { name } : { name, type };
}

// CanonicalABI.md "Canonical ABI Options": ptr_size.
export function ptrSize(addrType: AddrType): 4 | 8 {
  return addrType === 'i64' ? 8 : 4;
}

// CanonicalABI.md "Element Size": align_to.
export function alignTo(ptr: number, align: number): number {
  return Math.ceil(ptr / align) * align;
}

interface Layout { readonly align: number; readonly size: number }
const layouts32 = new WeakMap<ValType, Layout>();
const layouts64 = new WeakMap<ValType, Layout>();

function layout(t: ValType, addrType: AddrType): Layout {
  const cache = addrType === 'i64' ? layouts64 : layouts32;
  let l = cache.get(t);
  if (l === undefined) {
    layoutDepth.enter();
    try { l = computeLayout(t, addrType); } finally { layoutDepth.leave(); }
    cache.set(t, l);
  }
  return l;
}

const layoutDepth = new DepthGuard('layout');

function computeLayout(t: ValType, addrType: AddrType): Layout {
  const fixed = KIND_FACTS[t.kind]?.size;
  if (fixed !== undefined) return { align: fixed, size: fixed };
  const d = despecialize(t);
  switch (d.kind) {
    case 'string': return { align: ptrSize(addrType), size: 2 * ptrSize(addrType) };
    case 'list': return { align: alignmentList(d, addrType), size: elemSizeList(d, addrType) };
    case 'record': return { align: alignmentRecord(d.fields, addrType), size: elemSizeRecord(d.fields, addrType) };
    case 'variant': return { align: alignmentVariant(d.cases, addrType), size: elemSizeVariant(d.cases, addrType) };
    case 'flags': return { align: alignmentFlags(d.names), size: elemSizeFlags(d.names) };
    default: throw new TypeError(`no canonical ABI layout for type kind '${d.kind}'`);
  }
}

// CanonicalABI.md "Alignment": alignment.
export function alignment(t: ValType, addrType: AddrType = 'i32'): number {
  return layout(t, addrType).align;
}

// CanonicalABI.md "Element Size": elem_size.
export function elemSize(t: ValType, addrType: AddrType = 'i32'): number {
  return layout(t, addrType).size;
}

// CanonicalABI.md "Alignment": alignment_list (fixed-length lists align as their element).
export function alignmentList(t: ListType, addrType: AddrType = 'i32'): number {
  return t.length !== undefined ? alignment(t.element, addrType) : ptrSize(addrType);
}

// CanonicalABI.md "Element Size": elem_size_list (fixed-length lists are stored inline).
export function elemSizeList(t: ListType, addrType: AddrType = 'i32'): number {
  return t.length !== undefined ? t.length * elemSize(t.element, addrType) : 2 * ptrSize(addrType);
}

// CanonicalABI.md "Alignment": alignment_record.
export function alignmentRecord(fields: readonly Field[], addrType: AddrType = 'i32'): number {
  let a = 1;
  for (const f of fields) a = Math.max(a, alignment(f.type, addrType));
  return a;
}

// CanonicalABI.md "Element Size": elem_size_record.
export function elemSizeRecord(fields: readonly Field[], addrType: AddrType = 'i32'): number {
  let s = 0;
  for (const f of fields) s = alignTo(s, alignment(f.type, addrType)) + elemSize(f.type, addrType);
  return alignTo(s, alignmentRecord(fields, addrType));
}

const fieldOffsetCache32 = new WeakMap<readonly Field[], readonly number[]>();
const fieldOffsetCache64 = new WeakMap<readonly Field[], readonly number[]>();

/** Byte offset of each record field from the record's start (CanonicalABI.md "Loading": load_record). */
export function fieldOffsets(fields: readonly Field[], addrType: AddrType = 'i32'): readonly number[] {
  const cache = addrType === 'i64' ? fieldOffsetCache64 : fieldOffsetCache32;
  let offs = cache.get(fields);
  if (offs === undefined) {
    const out: number[] = [];
    let s = 0;
    for (const f of fields) {
      s = alignTo(s, alignment(f.type, addrType));
      out.push(s);
      s += elemSize(f.type, addrType);
    }
    offs = out;
    cache.set(fields, offs);
  }
  return offs;
}

/** The integer kind of a variant's discriminant. */
export type DiscriminantKind = 'u8' | 'u16' | 'u32';

// CanonicalABI.md "Alignment": discriminant_type (u8 up to 256 cases, u16 up to 65536, else u32).
export function discriminantType(cases: readonly Case[]): DiscriminantKind {
  const n = cases.length;
  if (n <= 0 || n >= 2 ** 32) throw new RangeError(`a variant needs 1..2^32-1 cases, got ${n}`);
  if (n <= 0x100) return 'u8';
  if (n <= 0x10000) return 'u16';
  return 'u32';
}

/** Byte size of a variant's discriminant. */
export function discriminantSize(cases: readonly Case[]): 1 | 2 | 4 {
  const k = discriminantType(cases);
  return k === 'u8' ? 1 : k === 'u16' ? 2 : 4;
}

// CanonicalABI.md "Alignment": max_case_alignment.
export function maxCaseAlignment(cases: readonly Case[], addrType: AddrType = 'i32'): number {
  let a = 1;
  for (const c of cases) if (c.type !== undefined) a = Math.max(a, alignment(c.type, addrType));
  return a;
}

// CanonicalABI.md "Alignment": alignment_variant.
export function alignmentVariant(cases: readonly Case[], addrType: AddrType = 'i32'): number {
  return Math.max(discriminantSize(cases), maxCaseAlignment(cases, addrType));
}

/** Offset of a variant's payload from its start (CanonicalABI.md "Loading": load_variant). */
export function variantPayloadOffset(cases: readonly Case[], addrType: AddrType = 'i32'): number {
  return alignTo(discriminantSize(cases), maxCaseAlignment(cases, addrType));
}

// CanonicalABI.md "Element Size": elem_size_variant.
export function elemSizeVariant(cases: readonly Case[], addrType: AddrType = 'i32'): number {
  let cs = 0;
  for (const c of cases) if (c.type !== undefined) cs = Math.max(cs, elemSize(c.type, addrType));
  return alignTo(variantPayloadOffset(cases, addrType) + cs, alignmentVariant(cases, addrType));
}

export { MAX_FLAGS };

// CanonicalABI.md "Alignment": alignment_flags.
export function alignmentFlags(names: readonly string[]): 1 | 2 | 4 {
  return elemSizeFlags(names);
}

// CanonicalABI.md "Element Size": elem_size_flags (one integer of 1, 2 or 4 bytes).
export function elemSizeFlags(names: readonly string[]): 1 | 2 | 4 {
  const n = names.length;
  if (n <= 0 || n > MAX_FLAGS) throw new RangeError(`a flags type needs 1..${MAX_FLAGS} labels, got ${n}`);
  return n <= 8 ? 1 : n <= 16 ? 2 : 4;
}

/** The discriminant as a value type, for code that wants to load/store/flatten it like any integer. */
export function discriminantValType(cases: readonly Case[]): ValType {
  return primitive(discriminantType(cases));
}

