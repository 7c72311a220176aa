// readCoreModuleSurface: a core module's interface (types, imports, exports, table/memory/global/tag types,
// custom sections) without decoding function bodies, element or data segments (Core spec "Binary Format: Modules").
import type {
  CoreCustomSection, CoreExternDesc, CoreModuleExport, CoreModuleImport, CoreModuleSurface, GlobalTypeAst,
  MemoryTypeAst, RecGroup, TableTypeAst,
} from './ast.js';
import { ValidationError } from '../errors.js';
import { MODULE_LAYER, MODULE_VERSION } from './opcodes.js';
import { readPreamble } from './read.js';
import { Reader } from './reader.js';
import {
  readCoreExternDesc, readCoreExternKind, readGlobalType, readHeapType, readMemoryType, readRecGroup, readTableType,
  readTagType,
} from './read-core-types.js';

/** wasmparser limits used by the module sections we decode. */
const MAX_TYPES = 1_000_000;
const MAX_IMPORTS = 1_000_000;
const MAX_FUNCTIONS = 1_000_000;
const MAX_EXPORTS = 1_000_000;
const MAX_GLOBALS = 1_000_000;
const MAX_TABLES = 100;
const MAX_MEMORIES = 100;
const MAX_TAGS = 1_000_000;

/** Reads a core module's surface from `bytes` (a whole module, e.g. `CoreModuleBytes.bytes`).
 *  `baseOffset` (the module's offset in an outer component) is added to error offsets and returned as the
 *  surface's `offset`; item offsets inside the surface are relative to the module's first byte. */
export function readCoreModuleSurface(bytes: Uint8Array, baseOffset = 0): CoreModuleSurface {
  try {
    return { ...readSurface(new Reader(bytes)), offset: baseOffset };
  } catch (e) {
    if (baseOffset !== 0 && e instanceof ValidationError) throw new ValidationError(e.reason, e.offset + baseOffset);
    throw e;
  }
}

function readSurface(r: Reader): CoreModuleSurface {
  const [version, layer] = readPreamble(r);
  if (version !== MODULE_VERSION || layer !== MODULE_LAYER) {
    r.fail(`unknown binary version: 0x${((layer << 16) | version).toString(16).padStart(8, '0')}`, 4);
  }
  const types: RecGroup[] = [];
  const imports: CoreModuleImport[] = [];
  let funcs: Uint32Array = NO_FUNCS;
  const tables: TableTypeAst[] = [];
  const memories: MemoryTypeAst[] = [];
  const globals: GlobalTypeAst[] = [];
  const tags: number[] = [];
  const exports: CoreModuleExport[] = [];
  const customs: CoreCustomSection[] = [];
  const sections: { id: number; offset: number; contentOffset: number; end: number }[] = [];
  let start: number | undefined;
  let lastRank = 0;
  let funcCount: number | undefined;
  let codeCount: number | undefined;
  let dataCount: number | undefined;
  let dataCountSection: number | undefined;
  const end = r.end;
  while (r.pos < end) {
    const offset = r.pos;
    const id = r.u8();
    if (id & 0x80) r.fail('malformed section id', offset);
    const size = r.u32();
    const contentOffset = r.pos;
    const sectionEnd = contentOffset + size;
    if (sectionEnd > end) r.fail('unexpected end-of-file', end);
    r.end = sectionEnd;
    sections.push({ id, offset, contentOffset, end: sectionEnd });
    if (id !== 0 && id <= 13) {
      const rank = SECTION_ORDER[id]!;
      if (rank <= lastRank) r.fail('section out of order', offset);
      lastRank = rank;
    }
    switch (id) {
      case 0: customs.push({ offset, name: r.string(), data: r.bytesView(sectionEnd - r.pos) }); break;
      case 1: vec(r, MAX_TYPES, 'types', () => types.push(readRecGroup(r))); break;
      case 2: vec(r, MAX_IMPORTS, 'imports', () => readImports(r, imports)); break;
      case 3: funcs = readFuncTypeIndices(r); funcCount = funcs.length; break;
      case 4: vec(r, MAX_TABLES, 'tables', () => tables.push(readTable(r))); break;
      case 5: vec(r, MAX_MEMORIES, 'memories', () => memories.push(readMemoryType(r))); break;
      case 6: vec(r, MAX_GLOBALS, 'globals', () => { globals.push(readGlobalType(r)); skipConstExpr(r); }); break;
      case 7: vec(r, MAX_EXPORTS, 'exports', () => exports.push(readExport(r))); break;
      case 8: start = r.u32(); break;
      case 9: r.pos = sectionEnd; break; // element segments stay opaque
      case 10: codeCount = r.u32(); r.pos = sectionEnd; break; // bodies stay opaque; only their count is checked
      case 11: dataCount = r.u32(); r.pos = sectionEnd; break;
      case 12: dataCountSection = r.u32(); break;
      case 13: vec(r, MAX_TAGS, 'tags', () => tags.push(readTagType(r))); break;
      default: r.fail(`malformed section id: ${id}`, offset);
    }
    if (r.pos !== sectionEnd) r.fail('section size mismatch: unexpected data at the end of the section');
    r.end = end;
  }
  checkCounts(r, end, funcCount, codeCount, dataCountSection, dataCount);
  const surface = { offset: 0, end, types, imports, funcs, tables, memories, globals, tags, exports, customs, sections };
  return start === undefined ? surface : { ...surface, start };
}

/** Rank of each module section id in the required order (custom sections, id 0, go anywhere). */
const SECTION_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

/** Function/code and data-count/data consistency, checked at the end like wasmparser. */
function checkCounts(r: Reader, end: number, funcs?: number, code?: number, dataCount?: number, data?: number): void {
  if (funcs !== undefined && code !== undefined && funcs !== code) r.fail('function and code section have inconsistent lengths', end);
  if (funcs !== undefined && code === undefined && funcs > 0) r.fail('function section has non-zero count but code section is absent', end);
  if (funcs === undefined && code !== undefined && code > 0) r.fail('function section is absent but code section has non-zero count', end);
  if (dataCount !== undefined && data !== undefined && dataCount !== data) r.fail('data count and data section have inconsistent lengths', end);
  if (dataCount !== undefined && data === undefined && dataCount > 0) r.fail('data count is non-zero but data section is absent', end);
}

/** A section's `vec(item)` (count, then items). */
function vec(r: Reader, limit: number, what: string, item: () => unknown): void {
  const at = r.pos;
  const n = r.u32();
  if (n > limit) r.fail(`${what} count is out of bounds`, at);
  for (let i = 0; i < n; i++) item();
}

/** Bytes as Latin-1 text (every byte one char, 0x80–0xff to chars ≥ U+0080), to test for high bits natively. */
const latin1 = new TextDecoder('latin1');
const HIGH_BIT = /[^\x00-\x7f]/g;

/** A module without a function section defines no functions. */
const NO_FUNCS = new Uint32Array(0);

/**
 * The function section's type indices. A 12 MB guest declares ~13k functions, and this runs once per process while
 * its code is still cold: a JS loop over every byte ran in the interpreter, and V8 compiled it twice on the side
 * (on-stack replacement, ~9 ms of TurboFan work competing with the engine's compile of the same module). Nearly every
 * index is one byte (types 0–127), so runs of bytes without the high bit are the indices themselves, copied natively;
 * a regular expression over the bytes as Latin-1 text finds the few longer ones, read with `r.u32()` (errors at the
 * same places as reading every index with it). Into a typed array of the exact count: growing an array by `push`
 * allocated ~0.45 MB of garbage for 13k functions.
 */
function readFuncTypeIndices(r: Reader): Uint32Array {
  const at = r.pos;
  const n = r.u32();
  if (n > MAX_FUNCTIONS) r.fail('functions count is out of bounds', at);
  // Each index takes at least a byte: a count past the section's end fails reading (the reader's own error, at the
  // same place as before), without first allocating for the count claimed.
  if (n > r.end - r.pos) for (let i = 0; i < n; i++) r.u32();
  const out = new Uint32Array(n);
  const bytes = r.bytes;
  const start = r.pos;
  const text = latin1.decode(bytes.subarray(start, r.end));
  HIGH_BIT.lastIndex = 0;
  let i = 0;
  let p = 0;
  while (i < n) {
    const m = HIGH_BIT.exec(text);
    const run = Math.min((m === null ? text.length : m.index) - p, n - i);
    out.set(bytes.subarray(start + p, start + p + run), i);
    i += run;
    p += run;
    if (i === n) break;
    // A longer index starts here (or the section ended: then r.u32() reports it).
    r.pos = start + p;
    out[i++] = r.u32();
    p = r.pos - start;
    HIGH_BIT.lastIndex = p;
  }
  r.pos = start + p;
  return out;
}

/** One import entry, or a compact-imports group (`"" 0x7f items` / `"" 0x7e type names`). */
function readImports(r: Reader, out: CoreModuleImport[]): void {
  const offset = r.pos;
  const module = r.string();
  const name = r.string();
  const d = r.peek();
  if (name === '' && d === 0x7f) {
    r.u8();
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      out.push({ offset: at, module, name: r.string(), desc: readCoreExternDesc(r) });
    }
    return;
  }
  if (name === '' && d === 0x7e) {
    r.u8();
    const desc: CoreExternDesc = readCoreExternDesc(r);
    const n = r.u32();
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      out.push({ offset: at, module, name: r.string(), desc });
    }
    return;
  }
  out.push({ offset, module, name, desc: readCoreExternDesc(r) });
}

/** `table ::= tt:<tabletype> | 0x40 0x00 tt:<tabletype> e:<expr>`. */
function readTable(r: Reader): TableTypeAst {
  if (r.peek() !== 0x40) return readTableType(r);
  r.u8();
  if (r.u8() !== 0x00) r.fail('invalid table encoding', r.pos - 1);
  const t = readTableType(r);
  skipConstExpr(r);
  return t;
}

/** `export ::= nm:<name> d:<exportdesc>`. */
function readExport(r: Reader): CoreModuleExport {
  const offset = r.pos;
  const name = r.string();
  const kind = readCoreExternKind(r);
  if (kind === 'func-exact') r.fail('Exact type is not allowed in the exports');
  return { offset, name, kind, index: r.u32() };
}

/** Skips a constant expression up to and including its `end` (0x0b). Knows the instructions allowed in
 *  constant expressions (MVP, extended-const, reference types, SIMD v128.const, GC allocation). */
function skipConstExpr(r: Reader): void {
  for (;;) {
    const at = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x0b: return;
      case 0x41: r.s33(); break; // i32.const (s32 ⊂ s33 width for skipping)
      case 0x42: skipLeb(r); break; // i64.const
      case 0x43: r.bytesView(4); break;
      case 0x44: r.bytesView(8); break;
      case 0x23: r.u32(); break; // global.get
      case 0xd0: readHeapType(r); break; // ref.null
      case 0xd2: r.u32(); break; // ref.func
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break; // extended-const arithmetic
      case 0xfd: {
        const sub = r.u32();
        if (sub !== 12) r.fail(`unknown 0xfd subopcode: 0x${sub.toString(16)}`, at);
        r.bytesView(16);
        break;
      }
      case 0xfb: skipGcConst(r, at); break;
      default: r.fail(`illegal opcode: 0x${op.toString(16)}`, at);
    }
  }
}

/** GC instructions allowed in constant expressions. */
function skipGcConst(r: Reader, at: number): void {
  const sub = r.u32();
  switch (sub) {
    case 0: case 1: case 6: case 7: r.u32(); break; // struct.new(_default), array.new(_default) typeidx
    case 8: r.u32(); r.u32(); break; // array.new_fixed typeidx n
    case 0x1a: case 0x1b: case 0x1c: break; // any.convert_extern, extern.convert_any, ref.i31
    default: r.fail(`unknown 0xfb subopcode: 0x${sub.toString(16)}`, at);
  }
}

/** Skips any LEB128 (up to 10 bytes). */
function skipLeb(r: Reader): void {
  for (let i = 0; i < 10; i++) if ((r.u8() & 0x80) === 0) return;
  r.fail('invalid var_i64: integer representation too long', r.pos - 1);
}
