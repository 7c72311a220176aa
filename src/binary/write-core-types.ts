// Encoders for core WebAssembly types (inverse of read-core-types.ts).
import type {
  CompositeType, CoreExternDesc, CoreExternKind, CoreRefType, CoreValType, FieldType, GlobalTypeAst, HeapType,
  MemoryTypeAst, RecGroup, SubType, TableTypeAst,
} from './ast.js';
import { ABSTRACT_HEAP_CODES, CORE_EXTERN_KIND_CODES, CORE_NUM_CODES, byName } from './opcodes.js';
import type { Writer } from './writer.js';

const NUM = byName(CORE_NUM_CODES);
const ABSTRACT = byName(ABSTRACT_HEAP_CODES);
const EXTERN_KIND = byName(CORE_EXTERN_KIND_CODES);

/** `core:heaptype`. */
export function writeHeapType(w: Writer, h: HeapType): void {
  switch (h.kind) {
    case 'abstract':
      if (h.shared) w.u8(0x65);
      w.u8(ABSTRACT.get(h.type)!.code);
      return;
    case 'concrete': w.s33(h.index); return;
    case 'exact': w.u8(0x62); w.u32(h.index); return;
  }
}

/** `core:reftype` (short one-byte form when `short` and the heap type is abstract). */
export function writeRefType(w: Writer, t: CoreRefType): void {
  if (t.short && t.nullable && t.heap.kind === 'abstract') {
    writeHeapType(w, t.heap);
    return;
  }
  w.u8(t.nullable ? 0x63 : 0x64);
  writeHeapType(w, t.heap);
}

/** `core:valtype`. */
export function writeCoreValType(w: Writer, t: CoreValType): void {
  if (typeof t === 'string') w.u8(NUM.get(t)!.code);
  else writeRefType(w, t);
}

function writeFieldType(w: Writer, f: FieldType): void {
  if (f.storage === 'i8') w.u8(0x78);
  else if (f.storage === 'i16') w.u8(0x77);
  else writeCoreValType(w, f.storage);
  w.u8(f.mutable ? 1 : 0);
}

/** `core:comptype` with its prefixes. */
function writeCompositeType(w: Writer, c: CompositeType): void {
  if (c.shared) w.u8(0x65);
  if (c.describes !== undefined) { w.u8(0x4c); w.u32(c.describes); }
  if (c.descriptor !== undefined) { w.u8(0x4d); w.u32(c.descriptor); }
  const i = c.inner;
  switch (i.kind) {
    case 'func':
      w.u8(0x60);
      w.vec(i.params, (t) => writeCoreValType(w, t));
      w.vec(i.results, (t) => writeCoreValType(w, t));
      return;
    case 'array': w.u8(0x5e); writeFieldType(w, i.field); return;
    case 'struct': w.u8(0x5f); w.vec(i.fields, (f) => writeFieldType(w, f)); return;
    case 'cont': w.u8(0x5d); w.s33(i.type); return;
  }
}

/** `core:subtype`. A non-final or supertyped subtype is always written explicitly. */
export function writeSubType(w: Writer, s: SubType): void {
  if (s.explicit || !s.final || s.supertypes.length > 0) {
    w.u8(s.final ? 0x4f : 0x50);
    w.vec(s.supertypes, (i) => w.u32(i));
  }
  writeCompositeType(w, s.composite);
}

/** `core:rectype`. */
export function writeRecGroup(w: Writer, g: RecGroup): void {
  if (g.explicit || g.types.length !== 1) {
    w.u8(0x4e);
    w.vec(g.types, (s) => writeSubType(w, s));
  } else {
    writeSubType(w, g.types[0]!);
  }
}

export function writeTableType(w: Writer, t: TableTypeAst): void {
  writeRefType(w, t.element);
  w.u8((t.max !== undefined ? 1 : 0) | (t.shared ? 2 : 0) | (t.table64 ? 4 : 0));
  w.u64(t.min);
  if (t.max !== undefined) w.u64(t.max);
}

export function writeMemoryType(w: Writer, t: MemoryTypeAst): void {
  w.u8((t.max !== undefined ? 1 : 0) | (t.shared ? 2 : 0) | (t.memory64 ? 4 : 0) | (t.pageSizeLog2 !== undefined ? 8 : 0));
  w.u64(t.min);
  if (t.max !== undefined) w.u64(t.max);
  if (t.pageSizeLog2 !== undefined) w.u32(t.pageSizeLog2);
}

export function writeGlobalType(w: Writer, t: GlobalTypeAst): void {
  writeCoreValType(w, t.type);
  w.u8((t.mutable ? 1 : 0) | (t.shared ? 2 : 0));
}

export function writeCoreExternKind(w: Writer, k: CoreExternKind): void {
  w.u8(EXTERN_KIND.get(k)!.code);
}

/** `core:importdesc` / `core:externtype`. */
export function writeCoreExternDesc(w: Writer, d: CoreExternDesc): void {
  writeCoreExternKind(w, d.kind);
  switch (d.kind) {
    case 'func': case 'func-exact': w.u32(d.type); return;
    case 'tag': w.u8(0); w.u32(d.type); return;
    case 'table': writeTableType(w, d); return;
    case 'memory': writeMemoryType(w, d); return;
    case 'global': writeGlobalType(w, d); return;
  }
}
