// Canonical ABI interpreted path (src/abi): strings, numeric lists and records, lifted and lowered, against
// hand-written glue doing the same work in the same process (the floor the engine's codegen aims at).
import { AbiContext, CoreValueIter, liftFlat, lowerFlat, opsFor, type Flat } from '../src/abi/index.js';
import { primitive as p, type ValType } from '../src/types/index.js';
import { fmtNs, nsPerOp } from './timing.js';

const MEM = 1 << 24;

/** A memory whose realloc bumps and wraps around (benchmarks allocate forever). */
function setup(): { cx: AbiContext; u8: Uint8Array; alloc: (size: number, align: number) => number } {
  const buffer = new ArrayBuffer(MEM);
  let top = 0;
  const alloc = (size: number, align: number): number => {
    top = Math.ceil(top / align) * align;
    if (top + size > MEM) top = 0;
    const p = top;
    top += size;
    return p;
  };
  const realloc = (old: number | bigint, oldSize: number | bigint, align: number | bigint, size: number | bigint): number => {
    if (Number(old) !== 0 && Number(size) <= Number(oldSize)) return Number(old);
    const p = alloc(Number(size), Number(align));
    if (Number(oldSize) > 0) new Uint8Array(buffer).copyWithin(p, Number(old), Number(old) + Number(oldSize));
    return p;
  };
  return { cx: new AbiContext({ memory: { buffer }, realloc }), u8: new Uint8Array(buffer), alloc };
}

interface Row { name: string; ns: number; baseNs?: number; bytes?: number }

function row(r: Row): string {
  const mbs = r.bytes ? `${((r.bytes / r.ns) * 1e3).toFixed(0)} MB/s`.padStart(12) : ''.padStart(12);
  const ratio = r.baseNs ? `${(r.ns / r.baseNs).toFixed(2)}x`.padStart(8) : ''.padStart(8);
  return `${r.name.padEnd(44)} ${fmtNs(r.ns).padStart(10)} ${mbs} ${r.baseNs ? fmtNs(r.baseNs).padStart(10) : ''.padStart(10)} ${ratio}`;
}

export async function run(): Promise<void> {
  const { cx, u8, alloc } = setup();
  const str = p('string');
  const dec = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  const enc = new TextEncoder();
  const rows: Row[] = [];
  let sink: unknown;

  const strings: [string, string][] = [
    ['ascii 10', 'hello worl'], ['ascii 1 KiB', 'abcdefgh'.repeat(128)], ['ascii 64 KiB', 'abcdefgh'.repeat(8192)],
    ['mixed 1 KiB (é every 8)', 'abcdefgé'.repeat(114)], ['cjk 1 KiB', '日本語テキスト'.repeat(49)],
  ];
  for (const [label, s] of strings) {
    const flat = lowerFlat(cx, s, str);
    const bytes = Number(flat[1]);
    const vi = new CoreValueIter(flat);
    const ptr = flat[0] as number;
    rows.push({
      name: `lift string ${label}`, bytes,
      ns: nsPerOp(() => { vi.i = 0; sink = liftFlat(cx, vi, str); }),
      baseNs: nsPerOp(() => { sink = dec.decode(u8.subarray(ptr, ptr + bytes)); }),
    });
    rows.push({
      name: `lower string ${label}`, bytes,
      ns: nsPerOp(() => { sink = lowerFlat(cx, s, str); }),
      baseNs: nsPerOp(() => {
        let at = alloc(s.length, 1);
        const r = enc.encodeInto(s, u8.subarray(at, at + s.length));
        if (r.read !== s.length) { at = alloc(3 * s.length, 1); enc.encodeInto(s, u8.subarray(at, at + 3 * s.length)); }
        sink = at;
      }),
    });
  }

  for (const encoding of ['utf16', 'latin1+utf16'] as const) {
    const ecx = new AbiContext({ memory: { buffer: u8.buffer }, realloc: (_o, _os, a, n) => alloc(Number(n), Number(a)), encoding });
    for (const [label, s] of [['latin1 1 KiB', 'abcdefgé'.repeat(128)], ['cjk 1 KiB', '日本語テキスト'.repeat(49)]] as const) {
      const flat = lowerFlat(ecx, s, str);
      const vi = new CoreValueIter(flat);
      rows.push({ name: `lift string ${encoding} ${label}`, ns: nsPerOp(() => { vi.i = 0; sink = liftFlat(ecx, vi, str); }) });
      rows.push({ name: `lower string ${encoding} ${label}`, ns: nsPerOp(() => { sink = lowerFlat(ecx, s, str); }) });
    }
  }

  const listT: ValType = { kind: 'list', element: p('u32') };
  for (const n of [16, 1024, 65536]) {
    const data = Uint32Array.from({ length: n }, (_, i) => i);
    const flat = lowerFlat(cx, data, listT);
    const vi = new CoreValueIter(flat);
    const ptr = flat[0] as number;
    const view = new Uint32Array(u8.buffer);
    rows.push({
      name: `lift list<u32> ${n}`, bytes: 4 * n,
      ns: nsPerOp(() => { vi.i = 0; sink = liftFlat(cx, vi, listT); }),
      baseNs: nsPerOp(() => { sink = view.slice(ptr >> 2, (ptr >> 2) + n); }),
    });
    rows.push({
      name: `lower list<u32> ${n}`, bytes: 4 * n,
      ns: nsPerOp(() => { sink = lowerFlat(cx, data, listT); }),
      baseNs: nsPerOp(() => { const at = alloc(4 * n, 4); view.set(data, at >> 2); sink = at; }),
    });
  }

  const point: ValType = { kind: 'record', fields: [{ name: 'x', type: p('f64') }, { name: 'y', type: p('f64') }, { name: 'label', type: p('string') }] };
  const pointsT: ValType = { kind: 'list', element: point };
  const points = Array.from({ length: 100 }, (_, i) => ({ x: i, y: -i, label: `p${i}` }));
  const pflat = lowerFlat(cx, points, pointsT);
  const pvi = new CoreValueIter(pflat);
  rows.push({ name: 'lift list<record{f64,f64,string}> 100', ns: nsPerOp(() => { pvi.i = 0; sink = liftFlat(cx, pvi, pointsT); }) });
  rows.push({ name: 'lower list<record{f64,f64,string}> 100', ns: nsPerOp(() => { sink = lowerFlat(cx, points, pointsT); }) });

  const u32ops = opsFor(p('u32'), 'i32');
  const out: Flat[] = [];
  rows.push({ name: 'lowerFlat u32 (ops, no alloc)', ns: nsPerOp(() => { out.length = 0; u32ops.lowerFlat(cx, 7, out); }) });

  console.log(`${'case'.padEnd(44)} ${'kumiki'.padStart(10)} ${'throughput'.padStart(12)} ${'hand glue'.padStart(10)} ${'ratio'.padStart(8)}`);
  for (const r of rows) console.log(row(r));
  if (sink === Symbol.for('never')) console.log('');
}
