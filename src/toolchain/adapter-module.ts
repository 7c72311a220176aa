// Core-module work on an adapter (wit-component's `gc` and stack injection, done without renumbering anything):
// which of its imports the needed exports reach, and the lazy stack allocation wit-component adds — adapters are
// built with `__stack_pointer` = 0 and an `allocation_state` global, and expect every entry point to allocate their
// stack from the main module's `cabi_realloc` on first use.
import type { CoreModuleSurface } from '../binary/ast.js';
import { Reader } from '../binary/reader.js';
import { Writer } from '../binary/writer.js';
import { walkExpr } from '../print/code.js';
import { readCoreNames } from '../print/names.js';
import { ComponentNewError } from './errors.js';

/** The adapter's stack: one 64 KiB page from the main module's allocator. */
const STACK_SIZE = 65536;
/** `AllocationState` of the adapter's source: StackUnallocated, StackAllocating, StackAllocated, … */
const STACK_UNALLOCATED = 0;
const STACK_ALLOCATING = 1;
const STACK_ALLOCATED = 2;

interface Section { readonly id: number; readonly start: number; readonly end: number }

function sectionsOf(bytes: Uint8Array): Section[] {
  const r = new Reader(bytes, 8);
  const out: Section[] = [];
  while (!r.eof()) {
    const id = r.u8();
    const size = r.u32();
    out.push({ id, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

/** Each defined function's body range (after its size), from the code section. */
function bodies(bytes: Uint8Array, sections: Section[]): { start: number; end: number }[] {
  const code = sections.find((s) => s.id === 10);
  if (!code) return [];
  const r = new Reader(bytes, code.start, code.end);
  const n = r.u32();
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    const size = r.u32();
    out.push({ start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

function skipLocals(r: Reader): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    r.u32();
    const t = r.u8();
    if (t === 0x63 || t === 0x64) r.s33(); // (ref null? ht)
  }
}

/** Functions named by element segments (`func` index lists and `ref.func` expressions). */
function elemFuncs(bytes: Uint8Array, sections: Section[]): number[] {
  const sec = sections.find((s) => s.id === 9);
  if (!sec) return [];
  const r = new Reader(bytes, sec.start, sec.end);
  const out: number[] = [];
  const refFuncs = (name: string, imm: string) => { if (name === 'ref.func') out.push(Number(imm)); };
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    if ((flags & 1) === 0) {
      if (flags & 2) r.u32();
      walkExpr(r, () => {});
    }
    const exprs = (flags & 4) !== 0;
    if (flags & 3) {
      if (exprs) { const t = r.u8(); if (t === 0x63 || t === 0x64) r.s33(); } else r.u8();
    }
    const k = r.u32();
    for (let j = 0; j < k; j++) {
      if (exprs) walkExpr(r, refFuncs);
      else out.push(r.u32());
    }
  }
  return out;
}

/** Indices of the imported functions that code reachable from `roots` (function indices) calls or references. */
export function reachableImports(bytes: Uint8Array, surface: CoreModuleSurface, roots: readonly number[]): Set<number> {
  const sections = sectionsOf(bytes);
  const code = bodies(bytes, sections);
  const nImported = surface.imports.filter((i) => i.desc.kind === 'func').length;
  const seen = new Set<number>();
  const imports = new Set<number>();
  let tableLive = false;
  const work = [...roots];
  const enqueue = (f: number) => { if (!seen.has(f)) work.push(f); };
  while (work.length) {
    const f = work.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f < nImported) { imports.add(f); continue; }
    const body = code[f - nImported];
    if (!body) continue;
    const r = new Reader(bytes, body.start, body.end);
    skipLocals(r);
    walkExpr(r, (name, imm) => {
      if (name === 'call' || name === 'return_call' || name === 'ref.func') enqueue(Number(imm));
      else if (!tableLive && (name.includes('call_indirect') || name.includes('call_ref') || name.startsWith('table.'))) {
        tableLive = true;
        for (const e of elemFuncs(bytes, sections)) enqueue(e);
      }
    });
  }
  return imports;
}

/** The adapter with `allocate_stack` added and called first by every exported function. */
export function injectStackAllocation(bytes: Uint8Array, surface: CoreModuleSurface): Uint8Array {
  const names = readCoreNames(surface.customs.find((c) => c.name === 'name')?.data);
  const globals = names.spaces.get(7);
  const find = (n: string) => [...(globals ?? new Map<number, string>())].find(([, v]) => v === n)?.[0];
  const sp = find('__stack_pointer');
  const state = find('allocation_state');
  const realloc = surface.imports.filter((i) => i.desc.kind === 'func').findIndex((i) => i.module === '__main_module__' && i.name === 'cabi_realloc');
  if (sp === undefined) return bytes; // no shadow stack: nothing to allocate
  if (state === undefined || realloc < 0) {
    throw new ComponentNewError('adapter has a `__stack_pointer` but no `allocation_state` global or `__main_module__` `cabi_realloc` import to allocate it with');
  }
  const sections = sectionsOf(bytes);
  const nImported = surface.imports.filter((i) => i.desc.kind === 'func').length;
  const nTypes = surface.types.reduce((n, g) => n + g.types.length, 0);
  const newFunc = nImported + surface.funcs.length;
  const exported = new Set(surface.exports.filter((e) => e.kind === 'func' && e.index >= nImported).map((e) => e.index - nImported));
  const w = new Writer(bytes.length + 1024);
  w.bytes(bytes.subarray(0, 8));
  const section = (id: number, body: () => void) => { w.u8(id); w.sized(body); };
  for (const s of sections) {
    const r = new Reader(bytes, s.start, s.end);
    if (s.id === 1) {
      section(1, () => { w.u32(r.u32() + 1); w.bytes(bytes.subarray(r.pos, s.end)); w.bytes([0x60, 0, 0]); });
    } else if (s.id === 3) {
      section(3, () => { w.u32(r.u32() + 1); w.bytes(bytes.subarray(r.pos, s.end)); w.u32(nTypes); });
    } else if (s.id === 10) {
      const code = bodies(bytes, sections);
      section(10, () => {
        w.u32(code.length + 1);
        code.forEach((b, i) => {
          if (!exported.has(i)) { w.u32(b.end - b.start); w.bytes(bytes.subarray(b.start, b.end)); return; }
          const br = new Reader(bytes, b.start, b.end);
          skipLocals(br);
          w.sized(() => {
            w.bytes(bytes.subarray(b.start, br.pos));
            w.u8(0x10); w.u32(newFunc); // call $allocate_stack
            w.bytes(bytes.subarray(br.pos, b.end));
          });
        });
        w.sized(() => {
          w.u32(0);
          w.u8(0x23); w.u32(state); w.u8(0x41); w.s33(STACK_UNALLOCATED); w.u8(0x46); // allocation_state == unallocated
          w.u8(0x04); w.u8(0x40); // if
          w.u8(0x41); w.s33(STACK_ALLOCATING); w.u8(0x24); w.u32(state);
          for (const v of [0, 0, 8, STACK_SIZE]) { w.u8(0x41); w.s33(v); } // cabi_realloc(0, 0, 8, STACK_SIZE)
          w.u8(0x10); w.u32(realloc);
          w.u8(0x41); w.s33(STACK_SIZE); w.u8(0x6a); w.u8(0x24); w.u32(sp); // __stack_pointer = base + size
          w.u8(0x41); w.s33(STACK_ALLOCATED); w.u8(0x24); w.u32(state);
          w.u8(0x0b); // end if
          w.u8(0x0b);
        });
      });
    } else {
      w.u8(s.id);
      w.u32(s.end - s.start);
      w.bytes(bytes.subarray(s.start, s.end));
    }
  }
  return w.finish();
}
