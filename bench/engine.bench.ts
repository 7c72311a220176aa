// Engine benchmark: one component through (a) raw core calls, (b) hand-written optimal glue, (c) jco transpiled,
// (d) kumiki codegen, (e) kumiki interp, in one process; medians over several runs (bench/timing.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from '@bytecodealliance/jco';
import { Component } from '../src/index.js';
import { BENCH_CORE, BENCH_WIT, jcoTranspile, repoRoot, witComponent } from '../test/support/build.js';
import { fmtNs, median, nsPerOp } from './timing.js';

type Api = Record<string, (...a: any[]) => any>;

interface CoreExports {
  memory: WebAssembly.Memory;
  cabi_realloc(a: number, b: number, c: number, d: number): number;
  [k: string]: unknown;
}

/** Hand-written glue for the bench world: what a careful human writes for these exact signatures. */
function handGlue(core: CoreExports): Api {
  const f = (n: string) => core[`kumiki:bench/api#${n}`] as (...a: number[]) => number;
  const post = (n: string) => core[`cabi_post_kumiki:bench/api#${n}`] as (p: number) => void;
  const noop = f('noop'), add = f('add'), echo = f('echo'), sum = f('sum'), echoBytes = f('echo-bytes'), makePoint = f('make-point');
  const postEcho = post('echo'), postBytes = post('echo-bytes');
  const enc = new TextEncoder();
  const dec = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
  let buf = core.memory.buffer;
  let u8 = new Uint8Array(buf), u32 = new Uint32Array(buf), dv = new DataView(buf);
  const views = () => { if (core.memory.buffer !== buf) { buf = core.memory.buffer; u8 = new Uint8Array(buf); u32 = new Uint32Array(buf); dv = new DataView(buf); } };
  return {
    noop: () => { noop(); },
    add: (a: number, b: number) => add(a, b) >>> 0,
    echo: (s: string) => {
      let n = s.length;
      let p = core.cabi_realloc(0, 0, 1, n * 3);
      views();
      n = enc.encodeInto(s, u8.subarray(p, p + n * 3)).written;
      const r = echo(p, n);
      views();
      const out = dec.decode(u8.subarray(dv.getUint32(r, true), dv.getUint32(r, true) + dv.getUint32(r + 4, true)));
      postEcho(r);
      return out;
    },
    sum: (xs: Uint32Array) => {
      const p = core.cabi_realloc(0, 0, 4, xs.length * 4);
      views();
      u32.set(xs, p >>> 2);
      return sum(p, xs.length) >>> 0;
    },
    echoBytes: (b: Uint8Array) => {
      const p = core.cabi_realloc(0, 0, 1, b.length);
      views();
      u8.set(b, p);
      const r = echoBytes(p, b.length);
      views();
      const q = dv.getUint32(r, true);
      const out = u8.slice(q, q + dv.getUint32(r + 4, true));
      postBytes(r);
      return out;
    },
    makePoint: (x: number, y: number) => {
      const r = makePoint(x, y);
      views();
      return { x: dv.getFloat64(r, true), y: dv.getFloat64(r + 8, true) };
    },
  };
}

/** Raw core calls with inputs already in memory (the floor). */
function rawCalls(core: CoreExports): Record<string, () => unknown> {
  const f = (n: string) => core[`kumiki:bench/api#${n}`] as (...a: number[]) => number;
  const noop = f('noop'), add = f('add'), echo = f('echo'), sum = f('sum'), makePoint = f('make-point');
  return { noop: () => noop(), add: () => add(1, 2), echo: () => echo(1024, 10), sum: () => sum(1024, 10), echoBytes: () => echo(1024, 10), makePoint: () => makePoint(1, 2) };
}

function ascii(n: number): string {
  return 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(n / 36)).slice(0, n);
}

function mixedUtf8(bytes: number): string {
  const unit = 'héllo wörld — 日本 😀 '; // mixed 1-, 2-, 3- and 4-byte code points
  const unitBytes = new TextEncoder().encode(unit).length;
  return unit.repeat(Math.ceil(bytes / unitBytes));
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
}

export async function run(): Promise<void> {
  const bytes = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
  const coreBytes = (await parse(BENCH_CORE)) as Uint8Array<ArrayBuffer>;
  const coreInst = new WebAssembly.Instance(new WebAssembly.Module(coreBytes)).exports as unknown as CoreExports;
  const hand = handGlue(new WebAssembly.Instance(new WebAssembly.Module(coreBytes)).exports as unknown as CoreExports);
  const raw = rawCalls(coreInst);
  const jco = (await jcoTranspile(bytes)).instantiate({}).api as Api;
  const cg = new Component(bytes).instantiate().exports.api as Api;
  const ip = new Component(bytes, { mode: 'interp' }).instantiate().exports.api as Api;

  const cold: number[] = [];
  const coldInst: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const comp = new Component(bytes);
    const t1 = performance.now();
    comp.instantiate();
    const t2 = performance.now();
    cold.push((t1 - t0) * 1e6);
    coldInst.push((t2 - t1) * 1e6);
  }
  const asyncCompile: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    await Component.compile(bytes);
    asyncCompile.push((performance.now() - t0) * 1e6);
  }
  const comp = new Component(bytes);
  const warm = nsPerOp(() => { comp.instantiate(); }, { runs: 7, targetMs: 50 });
  const compI = new Component(bytes, { mode: 'interp' });
  const warmI = nsPerOp(() => { compI.instantiate(); }, { runs: 7, targetMs: 50 });
  console.log(`compile (new Component, sync):      ${fmtNs(median(cold))}`);
  console.log(`compile (Component.compile, async): ${fmtNs(median(asyncCompile))}`);
  console.log(`first instantiate (cold):           ${fmtNs(median(coldInst))}`);
  console.log(`re-instantiate (warm), codegen:     ${fmtNs(warm)}`);
  console.log(`re-instantiate (warm), interp:      ${fmtNs(warmI)}`);
  const coreModule = new WebAssembly.Module(coreBytes);
  const rawInst = nsPerOp(() => { new WebAssembly.Instance(coreModule); }, { runs: 7, targetMs: 50 });
  console.log(`raw core WebAssembly.Instance:      ${fmtNs(rawInst)}  (floor for re-instantiate)`);
  console.log(`component size: ${bytes.length} B`);
  console.log();

  const s10 = 'hello wrld';
  const l10 = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const b10 = new Uint8Array(10).fill(7);
  const small: [string, string, unknown[]][] = [
    ['noop()', 'noop', []],
    ['add(u32,u32)', 'add', [1, 2]],
    ['echo(string) 10 B', 'echo', [s10]],
    ['sum(list<u32>) 10', 'sum', [l10]],
    ['echo-bytes 10 B', 'echoBytes', [b10]],
    ['make-point(f64,f64)', 'makePoint', [1.5, 2.5]],
  ];
  const W = [22, 10, 10, 10, 10, 10, 7, 7, 7];
  console.log(row(['case (ns/call)', 'a raw', 'b hand', 'c jco', 'd codegen', 'e interp', 'd/b', 'd/c', 'e/b'], W));
  for (const [label, fn, args] of small) {
    const rawFn = raw[fn]!;
    const a = nsPerOp(() => { rawFn(); });
    const times = [hand, jco, cg, ip].map((api) => { const f = api[fn]!; return nsPerOp(() => { f(...args); }); });
    const [b, c, d, e] = times as [number, number, number, number];
    console.log(row([label, a.toFixed(1), b.toFixed(1), c.toFixed(1), d.toFixed(1), e.toFixed(1), (d / b).toFixed(2), (d / c).toFixed(3), (e / b).toFixed(2)], W));
  }

  const MiB = 1 << 20;
  const big: [string, string, unknown, number][] = [
    ['echo 1 MiB ASCII', 'echo', ascii(MiB), MiB],
    ['echo 1 MiB mixed UTF-8', 'echo', mixedUtf8(MiB), new TextEncoder().encode(mixedUtf8(MiB)).length],
    ['sum 1M u32', 'sum', new Uint32Array(MiB).fill(3), 4 * MiB],
    ['echo-bytes 1 MiB', 'echoBytes', new Uint8Array(MiB).fill(9), MiB],
  ];
  console.log();
  const W2 = [22, 10, 10, 10, 10, 7, 7, 7];
  console.log('(ratios are time per call: below 1 means kumiki is faster)');
  console.log(row(['case (GB/s)', 'b hand', 'c jco', 'd codegen', 'e interp', 'd/b', 'd/c', 'e/b'], W2));
  for (const [label, fn, arg, nbytes] of big) {
    const times = [hand, jco, cg, ip].map((api) => { const f = api[fn]!; return nsPerOp(() => { f(arg); }, { runs: 7, targetMs: 100 }); });
    const [b, c, d, e] = times as [number, number, number, number];
    const gbs = (ns: number) => (nbytes / ns).toFixed(2);
    // Ratios are of time per call (lower is better for kumiki).
    console.log(row([label, gbs(b), gbs(c), gbs(d), gbs(e), (d / b).toFixed(2), (d / c).toFixed(2), (e / b).toFixed(2)], W2));
  }

  // Runtime entry size: bundle with rolldown (minified, browser), gzip with zlib. The whole public entry, and the
  // runtime alone (Component/instantiate: reader, validator, ABI, codegen, interp).
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-bundle-'));
  try {
    for (const [label, entry] of [['runtime entry (dist/src/index.js)', 'dist/src/index.js'], ['runtime alone (dist/src/runtime/component.js)', 'dist/src/runtime/component.js']] as const) {
      const out = join(dir, 'bundle.min.js');
      const r = spawnSync(join(repoRoot, 'node_modules/.bin/rolldown'), [join(repoRoot, entry), '--minify', '--format', 'esm', '--platform', 'browser', '--file', out], { encoding: 'utf8' });
      if (r.status !== 0) { console.log(`${label}: bundle failed: ${(r.stderr || r.stdout).split('\n').find((l) => /ERROR|Error/.test(l)) ?? ''}`); continue; }
      const js = readFileSync(out);
      console.log(`${label}: ${(js.length / 1024).toFixed(1)} KB min, ${(gzipSync(js, { level: 9 }).length / 1024).toFixed(1)} KB min+gzip`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
