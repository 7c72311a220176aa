// Readers for core WebAssembly types as they appear in components and module surfaces
// (core:valtype, reftype, heaptype, rectype/subtype/comptype, limits, table/memory/global/tag types, externtype).
import type {
  AbstractHeapType, CompositeInner, CompositeType, CoreExternDesc, CoreExternKind, CoreNumType, CoreRefType,
  CoreValType, FieldType, GlobalTypeAst, HeapType, MemoryTypeAst, RecGroup, StorageType, SubType, TableTypeAst,
} from './ast.js';
import { ABSTRACT_HEAP_CODES, CORE_EXTERN_KIND_CODES, CORE_NUM_CODES, byCode } from './opcodes.js';
import type { Reader } from './reader.js';

const NUM = byCode(CORE_NUM_CODES);
const ABSTRACT = byCode(ABSTRACT_HEAP_CODES);
const EXTERN_KIND = byCode(CORE_EXTERN_KIND_CODES);

/** Thrown-through marker so callers can reword an invalid heap type like wasmparser does. */
class InvalidHeap extends Error {
  constructor(readonly offset: number) { super('invalid heap type'); }
}

/** `core:absheaptype` byte. */
function abstractHeap(r: Reader): AbstractHeapType {
  const at = r.pos;
  const e = ABSTRACT.get(r.u8());
  if (!e) throw new InvalidHeap(at);
  return e.name;
}

/** `core:heaptype ::= absheaptype | 0x65 absheaptype (shared) | 0x62 idx (exact) | s33 idx`. */
export function readHeapType(r: Reader): HeapType {
  const b = r.peek();
  // Non-negative s33 (first byte without the sign bit 0x40, or multi-byte) is a concrete index.
  if ((b & 0x40) === 0 || (b & 0x80) !== 0) {
    const save = r.pos;
    const v = r.s33();
    if (v >= 0) return { kind: 'concrete', index: v };
    r.pos = save;
  }
  if (b === 0x65) {
    r.u8();
    return { kind: 'abstract', shared: true, type: heapOrFail(r, 'invalid heap type') };
  }
  if (b === 0x62) {
    r.u8();
    return { kind: 'exact', index: r.u32() };
  }
  return { kind: 'abstract', shared: false, type: heapOrFail(r, 'invalid heap type') };
}

function heapOrFail(r: Reader, message: string): AbstractHeapType {
  try {
    return abstractHeap(r);
  } catch (e) {
    if (e instanceof InvalidHeap) r.fail(message, e.offset);
    throw e;
  }
}

/** `core:reftype ::= 0x64 ht | 0x63 ht | [0x65] absheaptype` (short form = nullable abstract). */
export function readRefType(r: Reader, message = 'malformed reference type'): CoreRefType {
  const at = r.pos;
  const b = r.peek();
  if (b === 0x63 || b === 0x64) {
    r.u8();
    return { kind: 'ref', nullable: b === 0x63, heap: readHeapTypeReworded(r, message) };
  }
  if (b === 0x62) r.fail('unexpected exact type', at);
  const shared = b === 0x65;
  if (shared) r.u8();
  return { kind: 'ref', nullable: true, heap: { kind: 'abstract', shared, type: heapOrFail(r, message) }, short: true };
}

function readHeapTypeReworded(r: Reader, message: string): HeapType {
  // Inside `ref`/`ref null` an invalid abstract heap type is reported as "invalid heap type" by wasmparser,
  // except in value-type position where it becomes "invalid value type".
  if (message === 'invalid value type') {
    const b = r.peek();
    if (b !== 0x65 && b !== 0x62 && (b & 0xc0) === 0x40) {
      return { kind: 'abstract', shared: false, type: heapOrFail(r, message) };
    }
  }
  return readHeapType(r);
}

/** A `u32` (as a vector item reader). */
export function readU32(r: Reader): number {
  return r.u32();
}

/** `core:valtype ::= numtype | vectype | reftype`. */
export function readCoreValType(r: Reader): CoreValType {
  const num = NUM.get(r.peek());
  if (num) {
    r.u8();
    return num.name;
  }
  return readRefType(r, 'invalid value type');
}

/** Number type names by their byte (0x7b v128 … 0x7f i32). */
const NUM_BY_BYTE: (CoreValType | undefined)[] = [];
for (const [code, t] of NUM) NUM_BY_BYTE[code] = t.name;

/**
 * A function type's `vec(valtype)`, as `r.vec(1000, what, readCoreValType)` reads it (same errors at the same places),
 * number types taken from their byte in place: a call to `r.u8` per value type of a 12 MB guest's ~150 function types
 * made u8 hot enough for V8 to compile it with TurboFan (~0.8 ms of CPU beside the engine's compile of the module).
 */
function readValTypes(r: Reader, what: string): CoreValType[] {
  const n = r.size(1000, what);
  const out: CoreValType[] = [];
  const bytes = r.bytes;
  for (let i = 0; i < n; i++) {
    const num = r.pos < r.end ? NUM_BY_BYTE[bytes[r.pos]!] : undefined;
    if (num !== undefined) { r.pos++; out.push(num); } else out.push(readCoreValType(r));
  }
  return out;
}

/** `core:storagetype ::= valtype | 0x78 (i8) | 0x77 (i16)`. */
function readStorageType(r: Reader): StorageType {
  const b = r.peek();
  if (b === 0x78) { r.u8(); return 'i8'; }
  if (b === 0x77) { r.u8(); return 'i16'; }
  return readCoreValType(r);
}

/** `core:fieldtype ::= st:<storagetype> m:<mut>`. */
function readFieldType(r: Reader): FieldType {
  const storage = readStorageType(r);
  const m = r.u8();
  if (m > 1) r.fail('malformed mutability byte for field type', r.pos);
  return { storage, mutable: m === 1 };
}

/** `core:comptype` after its first byte `opcode` (with 0x65 shared / 0x4c describes / 0x4d descriptor prefixes). */
function readCompositeType(r: Reader, opcode: number, offset: number): CompositeType {
  let shared = false;
  let describes: number | undefined;
  let descriptor: number | undefined;
  if (opcode === 0x65) { shared = true; opcode = r.u8(); }
  if (opcode === 0x4c) { describes = r.u32(); opcode = r.u8(); }
  if (opcode === 0x4d) { descriptor = r.u32(); opcode = r.u8(); }
  let inner: CompositeInner;
  switch (opcode) {
    case 0x60: {
      const params = readValTypes(r, 'function params');
      const results = readValTypes(r, 'function returns');
      inner = { kind: 'func', params, results };
      break;
    }
    case 0x5e: inner = { kind: 'array', field: readFieldType(r) }; break;
    case 0x5f: inner = { kind: 'struct', fields: r.vec(10_000, 'struct fields', readFieldType) }; break;
    case 0x5d: {
      const idx = r.s33();
      if (idx < 0) r.fail('invalid continuation type', r.pos);
      inner = { kind: 'cont', type: idx };
      break;
    }
    default: r.badByte(opcode, 'type');
  }
  const out: { -readonly [K in keyof CompositeType]: CompositeType[K] } = { offset, shared, inner };
  if (describes !== undefined) out.describes = describes;
  if (descriptor !== undefined) out.descriptor = descriptor;
  return out;
}

/** `core:subtype ::= 0x50 vec(idx) ct | 0x4f vec(idx) ct | ct`. */
export function readSubType(r: Reader): SubType {
  const offset = r.pos;
  const op = r.u8();
  if (op === 0x4f || op === 0x50) {
    const supertypes = r.vec(1, 'supertype idxs', readU32);
    const at = r.pos;
    return { offset, final: op === 0x4f, supertypes, explicit: true, composite: readCompositeType(r, r.u8(), at) };
  }
  return { offset, final: true, supertypes: [], explicit: false, composite: readCompositeType(r, op, offset) };
}

/** `core:rectype ::= 0x4e vec(<subtype>) | subtype`. */
export function readRecGroup(r: Reader): RecGroup {
  const offset = r.pos;
  if (r.peek() === 0x4e) {
    r.u8();
    return { offset, explicit: true, types: r.vec(1_000_000, 'rec group types', readSubType) };
  }
  return { offset, explicit: false, types: [readSubType(r)] };
}

/** `core:tabletype ::= rt:<reftype> flags min max?`. */
export function readTableType(r: Reader): TableTypeAst {
  const element = readRefType(r);
  const at = r.pos;
  const flags = r.u8();
  if (flags & ~0b111) r.fail('invalid table resizable limits flags', at);
  const min = r.u64();
  const t: { -readonly [K in keyof TableTypeAst]: TableTypeAst[K] } = {
    element, table64: (flags & 4) !== 0, shared: (flags & 2) !== 0, min,
  };
  if (flags & 1) t.max = r.u64();
  return t;
}

/** `core:memtype ::= flags min max? pagesize?`. */
export function readMemoryType(r: Reader): MemoryTypeAst {
  const at = r.pos;
  const flags = r.u8();
  if (flags & ~0b1111) r.fail('invalid memory limits flags', at);
  const min = r.u64();
  const t: { -readonly [K in keyof MemoryTypeAst]: MemoryTypeAst[K] } = {
    memory64: (flags & 4) !== 0, shared: (flags & 2) !== 0, min,
  };
  if (flags & 1) t.max = r.u64();
  if (flags & 8) {
    const log2 = r.u32();
    if (log2 >= 64) r.fail('invalid custom page size', at);
    t.pageSizeLog2 = log2;
  }
  return t;
}

/** `core:globaltype ::= t:<valtype> flags` (bit0 mutable, bit1 shared). */
export function readGlobalType(r: Reader): GlobalTypeAst {
  const type = readCoreValType(r);
  const flags = r.u8();
  if (flags > 0b11) r.fail('malformed global flags', r.pos - 1);
  return { type, mutable: (flags & 1) !== 0, shared: (flags & 2) !== 0 };
}

/** `core:tagtype ::= 0x00 typeidx`. */
export function readTagType(r: Reader): number {
  if (r.u8() !== 0) r.fail('invalid tag attributes', r.pos - 1);
  return r.u32();
}

/** Core external kind byte (`external kind`). */
export function readCoreExternKind(r: Reader): CoreExternKind {
  const at = r.pos;
  const b = r.u8();
  const e = EXTERN_KIND.get(b);
  if (!e) r.badByte(b, 'external kind', at);
  return e.name;
}

/** `core:importdesc` / `core:externtype` (wasmparser `TypeRef`). */
export function readCoreExternDesc(r: Reader): CoreExternDesc {
  const kind = readCoreExternKind(r);
  switch (kind) {
    case 'func': return { kind, type: r.u32() };
    case 'func-exact': return { kind, type: r.u32() };
    case 'table': return { kind, ...readTableType(r) };
    case 'memory': return { kind, ...readMemoryType(r) };
    case 'global': return { kind, ...readGlobalType(r) };
    case 'tag': return { kind, type: readTagType(r) };
  }
}

export type { CoreNumType };
