// A core module as text, every section decoded (Core spec "Binary Format: Modules" → "Text Format: Modules"):
// types, imports, functions with locals and instructions, tables, memories, tags, globals, exports, start, element
// and data segments, custom sections as `@custom` annotations; `$id`s from the `name` section.
import type { CoreExternDesc, CoreValType, RecGroup } from '../binary/ast.js';
import { Reader } from '../binary/reader.js';
import {
  readCoreExternDesc, readCoreExternKind, readCoreValType, readGlobalType, readMemoryType, readRecGroup, readRefType,
  readTableType, readTagType,
} from '../binary/read-core-types.js';
import { constExpr, printExpr, refText, valText } from './code.js';
import { externDescText, globalTypeText, memoryTypeText, recGroupText, tableTypeText } from './core-types.js';
import { IdScope, readCoreNames, type CoreNames } from './names.js';
import { ident, quote, quoteBytes } from './text.js';

/** `kumiki print` options. */
export interface PrintOptions {
  /** Blocks as S-expressions (`(block …)`, `(if (then …) (else …))`) instead of flat `block … end`. */
  readonly folded?: boolean;
}

/** Section ids as `@custom` placement names. */
const PLACE: Record<number, string> = {
  1: 'type', 2: 'import', 3: 'func', 4: 'table', 5: 'memory', 6: 'global', 7: 'export', 8: 'start', 9: 'elem',
  10: 'code', 11: 'data', 12: 'datacount', 13: 'tag',
};

/** Name-section subsection per index space (Core spec appendix "Name Section"). */
const SPACE = { func: 1, type: 4, table: 5, memory: 6, global: 7, elem: 8, data: 9, tag: 11 } as const;

/** Prints the core module `bytes`. `head` opens it (`module`, or `core module $m` inside a component). */
export function printCoreModule(bytes: Uint8Array, head: string, indent: string, options: PrintOptions = {}): string {
  const out: string[] = [];
  const r = new Reader(bytes, 8);
  // Pass 1: the section layout, the name section, and the types (function signatures need them).
  const sections: { id: number; start: number; end: number }[] = [];
  let nameData: Uint8Array | undefined;
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    sections.push({ id, start, end: start + size });
    if (id === 0) {
      const sr = new Reader(bytes, start, start + size);
      if (sr.string() === 'name') nameData = bytes.subarray(sr.pos, start + size);
    }
    r.pos = start + size;
  }
  const names = readCoreNames(nameData);
  const scopes = new Map<number, IdScope>();
  const id = (space: number, index: number): string => {
    let s = scopes.get(space);
    if (!s) scopes.set(space, (s = new IdScope(names.spaces.get(space))));
    const n = s.take(index);
    return n === undefined ? '' : ` ${ident(n)}`;
  };
  const open = names.module !== undefined && head === 'module' ? `(${head} ${ident(names.module)}` : `(${head}`;
  out.push(open);
  const i2 = `${indent}  `;
  const funcTypes: number[] = [];
  const groups: RecGroup[] = [];
  const counts = { func: 0, table: 0, memory: 0, global: 0, tag: 0, elem: 0, data: 0, type: 0 };
  let lastId = 0;
  for (const sec of sections) {
    const sr = new Reader(bytes, sec.start, sec.end);
    switch (sec.id) {
      case 0: {
        const name = sr.string();
        if (name !== 'name') {
          const place = lastId === 0 ? 'before first' : `after ${PLACE[lastId]}`;
          out.push(`${i2}(@custom ${quote(name)} (${place}) ${quoteBytes(bytes.subarray(sr.pos, sec.end))})`);
        }
        break;
      }
      case 1: forEach(sr, () => {
        const g = readRecGroup(sr);
        groups.push(g);
        out.push(`${i2}${recGroupText(g, counts.type, (i) => id(SPACE.type, i))}`);
        counts.type += g.types.length;
      }); break;
      case 2: forEach(sr, () => {
        const module = sr.string();
        const field = sr.string();
        const items: [string, CoreExternDesc][] = [];
        if (field === '' && (sr.peek() === 0x7f || sr.peek() === 0x7e)) {
          const compact = sr.u8();
          const shared = compact === 0x7e ? readCoreExternDesc(sr) : undefined;
          forEach(sr, () => { const n = sr.string(); items.push([n, shared ?? readCoreExternDesc(sr)]); });
        } else items.push([field, readCoreExternDesc(sr)]);
        for (const [n, d] of items) {
          const kind = d.kind === 'func-exact' ? 'func' : d.kind;
          const ix = counts[kind]++;
          if (kind === 'func') funcTypes.push((d as { type: number }).type);
          out.push(`${i2}(import ${quote(module)} ${quote(n)} ${externDescText(d, id(SPACE[kind], ix))})`);
        }
      }); break;
      case 3: forEach(sr, () => funcTypes.push(sr.u32())); break;
      case 4: forEach(sr, () => {
        const ix = counts.table++;
        if (sr.peek() === 0x40) {
          sr.u8(); sr.u8();
          const t = readTableType(sr);
          out.push(`${i2}(table${id(SPACE.table, ix)} ${tableTypeText(t)} ${constExpr(sr)})`);
        } else out.push(`${i2}(table${id(SPACE.table, ix)} ${tableTypeText(readTableType(sr))})`);
      }); break;
      case 5: forEach(sr, () => {
        const ix = counts.memory++;
        out.push(`${i2}(memory${id(SPACE.memory, ix)} ${memoryTypeText(readMemoryType(sr))})`);
      }); break;
      case 6: forEach(sr, () => {
        const ix = counts.global++;
        const t = readGlobalType(sr);
        out.push(`${i2}(global${id(SPACE.global, ix)} ${globalTypeText(t)} ${constExpr(sr)})`);
      }); break;
      case 7: forEach(sr, () => {
        const name = sr.string();
        const kind = readCoreExternKind(sr);
        out.push(`${i2}(export ${quote(name)} (${kind} ${sr.u32()}))`);
      }); break;
      case 8: out.push(`${i2}(start ${sr.u32()})`); break;
      case 9: forEach(sr, () => out.push(`${i2}${elemText(sr, id(SPACE.elem, counts.elem++))}`)); break;
      case 10: {
        const imported = counts.func;
        let i = 0;
        forEach(sr, () => {
          const size = sr.u32();
          const end = sr.pos + size;
          const fr = new Reader(bytes, sr.pos, end);
          const index = imported + i;
          printFunc(fr, index, funcTypes[index]!, groups, names, id(SPACE.func, index), i2, out, options.folded);
          sr.pos = end;
          i++;
        });
        counts.func += i;
        break;
      }
      case 11: forEach(sr, () => out.push(`${i2}${dataText(sr, bytes, id(SPACE.data, counts.data++))}`)); break;
      case 12: break; // data count: implied by the data segments
      case 13: forEach(sr, () => {
        const ix = counts.tag++;
        out.push(`${i2}(tag${id(SPACE.tag, ix)} (type ${readTagType(sr)}))`);
      }); break;
      default: sr.fail(`malformed section id: ${sec.id}`, sec.start);
    }
    // An empty section has no text (it vanishes on re-assembly): a custom section after it goes after the one before.
    const empty = sec.id !== 0 && sec.id !== 8 && sec.id !== 12 && new Reader(bytes, sec.start, sec.end).u32() === 0;
    if (sec.id !== 0 && !empty) lastId = sec.id;
  }
  out.push(`${indent})`);
  return out.join('\n');
}

function forEach(r: Reader, item: () => void): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) item();
}

/** The flattened subtype at type index `index`. */
function funcSig(groups: RecGroup[], index: number): { params: CoreValType[]; results: CoreValType[] } | undefined {
  let i = index;
  for (const g of groups) {
    if (i < g.types.length) {
      const c = g.types[i]!.composite.inner;
      return c.kind === 'func' ? c : undefined;
    }
    i -= g.types.length;
  }
  return undefined;
}

function printFunc(
  r: Reader, index: number, type: number, groups: RecGroup[], names: CoreNames, fid: string, indent: string,
  out: string[], folded = false,
): void {
  const sig = funcSig(groups, type);
  const localNames = new IdScope(names.locals.get(index));
  const nparams = sig?.params.length ?? 0;
  let head = `${indent}(func${fid} (type ${type})`;
  const paramIds = Array.from({ length: nparams }, (_, i) => localNames.take(i));
  if (sig && paramIds.some((p) => p !== undefined)) {
    head += sig.params.map((t, i) => ` (param${paramIds[i] ? ` ${ident(paramIds[i]!)}` : ''} ${valText(t)})`).join('');
    if (sig.results.length) head += ` (result ${sig.results.map(valText).join(' ')})`;
  }
  const locals: CoreValType[] = [];
  forEach(r, () => {
    const n = r.u32();
    const t = readCoreValType(r);
    for (let i = 0; i < n; i++) locals.push(t);
  });
  const parts: string[] = [];
  let plain: string[] = [];
  locals.forEach((t, i) => {
    const n = localNames.take(nparams + i);
    if (n === undefined) { plain.push(valText(t)); return; }
    if (plain.length) { parts.push(`(local ${plain.join(' ')})`); plain = []; }
    parts.push(`(local ${ident(n)} ${valText(t)})`);
  });
  if (plain.length) parts.push(`(local ${plain.join(' ')})`);
  out.push(parts.length ? `${head} ${parts.join(' ')}` : head);
  printExpr(r, `${indent}  `, out, names.labels.get(index), folded);
  out.push(`${indent})`);
}

function elemText(r: Reader, eid: string): string {
  const flags = r.u32();
  let s = `(elem${eid}`;
  if ((flags & 1) === 0) {
    if (flags & 2) s += ` (table ${r.u32()})`;
    s += ` (offset ${constExpr(r)})`;
  } else if (flags & 2) s += ' declare';
  const exprs = (flags & 4) !== 0;
  let type: string;
  if (flags & 3) {
    if (exprs) type = refText(readRefType(r));
    else { r.u8(); type = 'func'; }
  } else type = exprs ? 'funcref' : 'func';
  s += ` ${type}`;
  const n = r.u32();
  for (let i = 0; i < n; i++) s += exprs ? ` (item ${constExpr(r)})` : ` ${r.u32()}`;
  return `${s})`;
}

function dataText(r: Reader, bytes: Uint8Array, did: string): string {
  const flags = r.u32();
  let s = `(data${did}`;
  if (flags === 2) s += ` (memory ${r.u32()})`;
  if (flags !== 1) s += ` (offset ${constExpr(r)})`;
  const n = r.u32();
  const data = bytes.subarray(r.pos, r.pos + n);
  r.pos += n;
  return `${s} ${quoteBytes(data)})`;
}
