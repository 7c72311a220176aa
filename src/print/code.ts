// Function bodies and constant expressions as flat text instructions (Core spec "Text Format: Instructions"),
// decoded straight from the binary with the opcode tables of `instructions.ts`.
import type { Reader } from '../binary/reader.js';
import type { CoreRefType, CoreValType, HeapType, StorageType } from '../binary/ast.js';
import { readCoreValType, readHeapType } from '../binary/read-core-types.js';
import { opTables, type OpInfo } from './instructions.js';
import { f32Text, f64Text, ident } from './text.js';

/** Signed LEB128 as a JS number (`i32.const` immediates). */
export function readS32(r: Reader): number {
  let result = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = r.u8();
    if (shift < 32) result |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) result |= -1 << shift;
  return result | 0;
}

/** Signed LEB128 as a bigint (`i64.const` immediates). */
export function readS64(r: Reader): bigint {
  let result = 0n;
  let shift = 0n;
  let byte: number;
  do {
    byte = r.u8();
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (byte & 0x40) result -= 1n << shift;
  return BigInt.asIntN(64, result);
}

export function heapText(h: HeapType): string {
  if (h.kind === 'concrete') return String(h.index);
  if (h.kind === 'exact') return `(exact ${h.index})`;
  return h.shared ? `(shared ${h.type})` : h.type;
}

/** A reference type: the short form (`funcref`) when the binary used it. */
export function refText(t: CoreRefType): string {
  if (t.short && t.heap.kind === 'abstract' && !t.heap.shared) return `${t.heap.type}ref`;
  return `(ref ${t.nullable ? 'null ' : ''}${heapText(t.heap)})`;
}

export function valText(t: CoreValType | StorageType): string {
  return typeof t === 'string' ? t : refText(t);
}

/** `blocktype ::= 0x40 | valtype | s33 typeidx`. */
function blockType(r: Reader): string {
  const b = r.peek();
  if (b === 0x40) { r.u8(); return ''; }
  if ((b & 0xc0) === 0x40 || b === 0x63 || b === 0x64) return ` (result ${valText(readCoreValType(r))})`;
  return ` (type ${r.s33()})`;
}

/** `memarg`: alignment flags (bit 6: a memory index follows) and offset; text omits the defaults. */
function memarg(r: Reader, natural: number): string {
  let flags = r.u32();
  let mem = '';
  if (flags & 0x40) { flags &= ~0x40; mem = ` ${r.u32()}`; }
  const offset = r.u64();
  return `${mem}${offset ? ` offset=${offset}` : ''}${flags !== natural ? ` align=${2 ** flags}` : ''}`;
}

function prefixed(r: Reader, prefix: number): OpInfo {
  const at = r.pos;
  const sub = r.u32();
  const { OPS_FC, OPS_FD, OPS_FE, OPS_FB } = opTables();
  const t = prefix === 0xfc ? OPS_FC : prefix === 0xfd ? OPS_FD : prefix === 0xfe ? OPS_FE : OPS_FB;
  const info = t.get(sub);
  if (!info) r.fail(`unknown 0x${prefix.toString(16)} subopcode: 0x${sub.toString(16)}`, at);
  return info;
}

/** Immediates of one instruction as text (with a leading space when non-empty). */
function immediates(r: Reader, op: OpInfo): string {
  switch (op.imm) {
    case 'none': return '';
    case 'block': return blockType(r);
    case 'label': case 'func': case 'local': case 'global': case 'table': case 'type': case 'data': case 'elem':
    case 'tag': case 'mem': return ` ${r.u32()}`;
    case 'br_table': {
      const n = r.u32();
      let s = '';
      for (let i = 0; i <= n; i++) s += ` ${r.u32()}`;
      return s;
    }
    case 'call_indirect': { const type = r.u32(); return ` ${r.u32()} (type ${type})`; }
    case 'memarg': return memarg(r, op.align!);
    case 'i32': return ` ${readS32(r)}`;
    case 'i64': return ` ${readS64(r)}`;
    case 'f32': {
      const b = r.bytesView(4);
      return ` ${f32Text((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0)}`;
    }
    case 'f64': {
      const b = r.bytesView(8);
      let v = 0n;
      for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
      return ` ${f64Text(v)}`;
    }
    case 'select_t': {
      const n = r.u32();
      const ts: string[] = [];
      for (let i = 0; i < n; i++) ts.push(valText(readCoreValType(r)));
      return ` (result ${ts.join(' ')})`;
    }
    case 'heaptype': return ` ${heapText(readHeapType(r))}`;
    case 'memory.init': { const data = r.u32(); return ` ${r.u32()} ${data}`; }
    case 'table.init': { const elem = r.u32(); return ` ${r.u32()} ${elem}`; }
    case 'mem2': case 'table2': case 'type2': case 'type_field': case 'type_n': case 'type_data': case 'type_elem':
      return ` ${r.u32()} ${r.u32()}`;
    case 'try_table': {
      let s = blockType(r);
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const k = r.u8();
        if (k === 0) s += ` (catch ${r.u32()} ${r.u32()})`;
        else if (k === 1) s += ` (catch_ref ${r.u32()} ${r.u32()})`;
        else if (k === 2) s += ` (catch_all ${r.u32()})`;
        else if (k === 3) s += ` (catch_all_ref ${r.u32()})`;
        else r.fail(`invalid catch kind 0x${k.toString(16)}`, r.pos - 1);
      }
      return s;
    }
    case 'lane': return ` ${r.u8()}`;
    case 'memarg_lane': { const m = memarg(r, op.align!); return `${m} ${r.u8()}`; }
    case 'v128': {
      const b = r.bytesView(16);
      const dv = new DataView(b.buffer, b.byteOffset, 16);
      return ` i32x4 ${[0, 4, 8, 12].map((o) => `0x${dv.getUint32(o, true).toString(16).padStart(8, '0')}`).join(' ')}`;
    }
    case 'shuffle': return ` ${[...r.bytesView(16)].join(' ')}`;
    case 'ref': return ` (ref ${heapText(readHeapType(r))})`;
    case 'ref_null': return ` (ref null ${heapText(readHeapType(r))})`;
    case 'br_on_cast': {
      const flags = r.u8();
      const label = r.u32();
      const a = heapText(readHeapType(r));
      const b = heapText(readHeapType(r));
      return ` ${label} (ref ${flags & 1 ? 'null ' : ''}${a}) (ref ${flags & 2 ? 'null ' : ''}${b})`;
    }
    case 'fence': r.u8(); return '';
  }
}

/** Prints an expression up to and including its final `end`, one instruction per line; nested blocks indent two
 *  more. The final `end` is not printed. `folded`: blocks as S-expressions (`(block …)`, `(if (then …) (else …))`,
 *  `(try (do …) (catch N …))`) with their instructions flat inside. */
export function printExpr(
  r: Reader, indent: string, out: string[], labels?: ReadonlyMap<number, string>, folded = false,
): void {
  const { OPS } = opTables();
  let depth = 0;
  let label = 0;
  const open: string[] = [];
  const emit = (level: number, text: string) => out.push(`${indent}${'  '.repeat(Math.max(level, 0))}${text}`);
  for (;;) {
    const at = r.pos;
    const code = r.u8();
    const op = code >= 0xfb && code <= 0xfe ? prefixed(r, code) : OPS.get(code);
    if (!op) r.fail(`illegal opcode: 0x${code.toString(16)}`, at);
    let name = op.name;
    const opens = op.imm === 'block' || op.imm === 'try_table';
    if (opens) {
      const l = labels?.get(label++);
      if (l !== undefined) name += ` ${ident(l)}`;
    }
    const imm = immediates(r, op);
    if (op.name === 'end' && depth === 0) return;
    if (!folded) {
      let level = depth;
      if (op.name === 'end' || op.name === 'delegate') level = --depth;
      else if (op.name === 'else' || op.name === 'catch' || op.name === 'catch_all') level = depth - 1;
      emit(level, `${name}${imm}`);
      if (opens) depth++;
      continue;
    }
    if (opens) {
      open.push(op.name);
      emit(depth++, `(${name}${imm}`);
      if (op.name === 'if') emit(depth++, '(then');
      else if (op.name === 'try') emit(depth++, '(do');
    } else if (op.name === 'else' || op.name === 'catch' || op.name === 'catch_all') {
      emit(depth - 1, ')');
      emit(depth - 1, `(${name}${imm}`);
    } else if (op.name === 'end' || op.name === 'delegate') {
      const kind = open.pop();
      if (kind === 'if' || kind === 'try') emit(--depth, ')');
      if (op.name === 'delegate') emit(depth, `(delegate${imm})`);
      emit(--depth, ')');
    } else emit(depth, `${name}${imm}`);
  }
}

/** Walks an expression up to and including its final `end`, handing each instruction's name and immediates
 *  (as text: ` 3`, ` 0 (type 2)`) to `visit` (for analyses such as reachability). */
export function walkExpr(r: Reader, visit: (name: string, imm: string) => void): void {
  const { OPS } = opTables();
  let depth = 0;
  for (;;) {
    const at = r.pos;
    const code = r.u8();
    const op = code >= 0xfb && code <= 0xfe ? prefixed(r, code) : OPS.get(code);
    if (!op) r.fail(`illegal opcode: 0x${code.toString(16)}`, at);
    const imm = immediates(r, op);
    if (op.name === 'end' || op.name === 'delegate') {
      if (depth === 0) return;
      depth--;
    } else if (op.imm === 'block' || op.imm === 'try_table') depth++;
    visit(op.name, imm);
  }
}

/** A constant expression on one line (`i32.const 0`, extended-const sequences, `ref.func 1`). */
export function constExpr(r: Reader): string {
  const lines: string[] = [];
  printExpr(r, '', lines);
  return lines.map((l) => l.trim()).join(' ');
}
