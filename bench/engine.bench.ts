// Engine benchmark: one component through (a) raw core calls, (b) hand-written optimal glue, (c) jco transpiled,
// (d) kumiki codegen, (e) kumiki interp, in one process. Engines are timed in interleaved rounds (bench/timing.ts):
// per engine the median over rounds, per ratio the median of per-round ratios, so load bursts from another core
// hit every engine alike instead of skewing one. The order within a round is shuffled (fixed seed) for every case:
// under a fixed rotation each engine always ran right after the same one (codegen after jco), whose garbage and
// freed pages decided how many page faults the next one's large results took (229 vs 23 per call, session 6).
// KUMIKI_BENCH_ORDER=rotate gives the old rotation. Ends with the Done-means targets, measured and met/missed.
import { parse } from '@bytecodealliance/jco';
import { Component } from '../src/index.js';
import { BENCH_CORE, BENCH_WIT, jcoTranspile, witComponent } from '../test/support/build.js';
import { sizeSummary } from './size.bench.js';
import { assemble } from '../test/support/build.js';
import { chainComponent } from '../test/ir/chains.js';
import { transpile } from '../src/tools/transpile.js';
import { fmtNs, fmtSpread, interleaved, median, medianCI, perRound, spread, type Spread } from './timing.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

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

/** Table row: the first `left` cells left-aligned (labels), the rest right-aligned (figures). */
function row(cells: (string | number)[], widths: number[], left = 1): string {
  return cells.map((c, i) => (i < left ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ').trimEnd();
}

// Rounds and batch lengths: every engine is timed once per round (shuffled order, bench/timing.ts `interleaved`), so
// a case takes about rounds × engines × batchMs. Chosen so `npm run bench -- engine` takes ~45–55 s on the shared
// 2-core machine (budget ~90 s).
const ORDER: 'rotate' | 'shuffle' = process.env.KUMIKI_BENCH_ORDER === 'rotate' ? 'rotate' : 'shuffle';
const SMALL = { rounds: 51, batchMs: 8, warmupMs: 30, order: ORDER };
const LARGE = { rounds: 41, batchMs: 40, warmupMs: 120, order: ORDER };
const INSTANTIATE = { rounds: 41, batchMs: 10, warmupMs: 50, order: ORDER };
const COMPILE_SAMPLES = 41;

/** One Done-means target: a measured spread, its limit, and which way is good. */
interface Target { what: string; where: string; s: Spread; limit: number; atMost: boolean; fmt: (x: number) => string; samples: number[] }

function meets(t: Target, x: number): boolean {
  return t.atMost ? x <= t.limit : x >= t.limit;
}

/** 0 missed, 1 missed but unsettled, 2 met but unsettled, 3 met (unsettled: the median's 95% CI straddles the limit). */
function standing(t: Target): number {
  const [lo, hi] = medianCI(t.samples);
  const settled = meets(t, lo) === meets(t, hi);
  return meets(t, t.s.median) ? (settled ? 3 : 2) : settled ? 0 : 1;
}

/** Of several cases under one target, the one that best shows whether it holds: lowest standing, then worst median. */
function worst(ts: Target[]): Target {
  const worse = (a: Target, b: Target) => (a.atMost ? a.s.median > b.s.median : a.s.median < b.s.median);
  return ts.reduce((w, t) => (standing(t) < standing(w) || (standing(t) === standing(w) && worse(t, w)) ? t : w));
}

function printTargets(targets: Target[]): void {
  console.log();
  console.log('targets: median over rounds, its 95% CI, rounds meeting the target (worst case where a target spans several)');
  const W = [48, 22, 9, 20, 13, 7];
  console.log(row(['target', 'case', 'median', '95% CI of median', 'rounds', 'verdict'], W, 2));
  for (const t of targets) {
    const ok = t.samples.filter((x) => meets(t, x)).length;
    const [lo, hi] = medianCI(t.samples);
    const st = standing(t);
    console.log(row([t.what, t.where, t.fmt(t.s.median), `${t.fmt(lo)}–${t.fmt(hi)}`, `${ok}/${t.samples.length}`, ['MISSED', 'MISSED?', 'met?', 'met'][st]!], W, 2));
  }
  console.log("('?': the median's 95% CI straddles the limit, so another run may give the other verdict)");
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
  const targets: Target[] = [];
  const fixed = (d: number) => (r: number) => r.toFixed(d);

  // Compile and first instantiate: single events, so medians of many samples (sync and async alternate).
  const cold: number[] = [];
  const coldInst: number[] = [];
  const asyncCompile: number[] = [];
  for (let i = 0; i < COMPILE_SAMPLES; i++) {
    const t0 = performance.now();
    const comp = new Component(bytes);
    const t1 = performance.now();
    comp.instantiate();
    const t2 = performance.now();
    cold.push((t1 - t0) * 1e6);
    coldInst.push((t2 - t1) * 1e6);
    const t3 = performance.now();
    await Component.compile(bytes);
    asyncCompile.push((performance.now() - t3) * 1e6);
  }
  // Warm re-instantiate: codegen, interp and the raw core floor interleaved.
  const comp = new Component(bytes);
  const compI = new Component(bytes, { mode: 'interp' });
  const coreModule = new WebAssembly.Module(coreBytes);
  const [rawInst, warm, warmI] = interleaved([() => { new WebAssembly.Instance(coreModule); }, () => { comp.instantiate(); }, () => { compI.instantiate(); }], INSTANTIATE) as [number[], number[], number[]];
  const ns = (xs: number[]) => { const s = spread(xs); return `${fmtNs(s.median).padStart(10)}  [${fmtNs(s.p25)}–${fmtNs(s.p75)}]`; };
  const floor = (xs: number[]) => `  ${spread(perRound(xs, rawInst)).median.toFixed(2)}× raw floor`;
  console.log(`(median [p25–p75]; ${COMPILE_SAMPLES} samples each, re-instantiate: ${INSTANTIATE.rounds} interleaved rounds)`);
  console.log(`compile (new Component, sync):      ${ns(cold)}`);
  console.log(`compile (Component.compile, async): ${ns(asyncCompile)}`);
  console.log(`first instantiate (cold):           ${ns(coldInst)}`);
  console.log(`re-instantiate (warm), codegen:     ${ns(warm)}${floor(warm)}`);
  console.log(`re-instantiate (warm), interp:      ${ns(warmI)}${floor(warmI)}`);
  console.log(`raw core WebAssembly.Instance:      ${ns(rawInst)}  (floor for re-instantiate)`);
  console.log(`component size: ${bytes.length} B`);
  const us = (v: number) => `${(v / 1e3).toFixed(1)} µs`;
  targets.push({ what: 'warm re-instantiate ≤ 100 µs', where: 'codegen', s: spread(warm), limit: 100e3, atMost: true, fmt: us, samples: warm });
  targets.push({ what: 'warm re-instantiate ≤ 100 µs', where: 'interp', s: spread(warmI), limit: 100e3, atMost: true, fmt: us, samples: warmI });
  console.log();

  const s10 = 'hello wrld';
  const l10 = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const b10 = new Uint8Array(10).fill(7);
  const small: [string, string, unknown[]][] = [
    ['noop()', 'noop', []],
    ['add(u32,u32)', 'add', [1, 2]],
    ['echo(string) 10 B', 'echo', [s10]],
    ['echo(string) 16 B mixed', 'echo', ['héllo wörld ☕']],
    ['sum(list<u32>) 10', 'sum', [l10]],
    ['echo-bytes 10 B', 'echoBytes', [b10]],
    ['make-point(f64,f64)', 'makePoint', [1.5, 2.5]],
  ];
  const W = [24, 9, 9, 9, 9, 9];
  const WR = [24, 17, 20, 17, 17];
  const smallRatios: string[] = [];
  const smallDB: Target[] = [], interpED: Target[] = [];
  console.log(`ns/call, median of ${SMALL.rounds} rounds (each engine timed once per round, ${ORDER === 'shuffle' ? 'order shuffled per round' : 'rotating order'}, ~${SMALL.batchMs} ms batches)`);
  console.log(row(['case', 'a raw', 'b hand', 'c jco', 'd codegen', 'e interp'], W));
  for (const [label, fn, args] of small) {
    const rawFn = raw[fn]!;
    const [hf, jf, cf, ef] = [hand, jco, cg, ip].map((api) => api[fn]!) as [Api[string], Api[string], Api[string], Api[string]];
    const [a, b, c, d, e] = interleaved([() => { rawFn(); }, () => { hf(...args); }, () => { jf(...args); }, () => { cf(...args); }, () => { ef(...args); }], SMALL) as [number[], number[], number[], number[], number[]];
    console.log(row([label, ...[a, b, c, d, e].map((xs) => median(xs).toFixed(1))], W));
    const db = perRound(d, b), dc = perRound(d, c), eb = perRound(e, b), ed = perRound(e, d);
    smallRatios.push(row([label, fmtSpread(spread(db)), fmtSpread(spread(dc), 3), fmtSpread(spread(eb)), fmtSpread(spread(ed))], WR));
    smallDB.push({ what: 'codegen ≤ 2× hand glue, small cases', where: label, s: spread(db), limit: 2, atMost: true, fmt: fixed(2), samples: db });
    interpED.push({ what: 'interp ≤ 5× codegen, all cases', where: label, s: spread(ed), limit: 5, atMost: true, fmt: fixed(2), samples: ed });
    if (fn === 'noop' || fn === 'add') {
      const cd = perRound(c, d);
      targets.push({ what: 'codegen ≥ 100× faster than jco', where: label, s: spread(cd), limit: 100, atMost: false, fmt: (r) => `${r.toFixed(0)}×`, samples: cd });
    }
  }
  console.log();
  console.log('per-round time ratios: median [p25–p75] (below 1: the numerator is faster)');
  console.log(row(['case', 'd/b', 'd/c', 'e/b', 'e/d'], WR));
  for (const l of smallRatios) console.log(l);

  const MiB = 1 << 20;
  const big: [string, string, unknown, number][] = [
    ['echo 1 MiB ASCII', 'echo', ascii(MiB), MiB],
    ['echo 1 MiB mixed UTF-8', 'echo', mixedUtf8(MiB), new TextEncoder().encode(mixedUtf8(MiB)).length],
    ['sum 1M u32', 'sum', new Uint32Array(MiB).fill(3), 4 * MiB],
    ['echo-bytes 1 MiB', 'echoBytes', new Uint8Array(MiB).fill(9), MiB],
  ];
  console.log();
  const W2 = [22, 9, 9, 9, 9, 7, 7, 7, 7];
  const largeRatios: string[] = [];
  const largeDB: Target[] = [];
  console.log(`GB/s (input bytes / median time per call) over ${LARGE.rounds} rounds (${ORDER === 'shuffle' ? 'order shuffled per round' : 'rotating order'}, ~${LARGE.batchMs} ms batches);`);
  console.log('pf: median minor page faults per call (each 4 KiB page of a fresh result the OS must map costs kernel time);');
  console.log("a string result past ~1 MB is Node's external string in malloc'd memory for codegen and interp alike (one code path):");
  console.log('whether its pages fault is glibc trimming its heap after a GC freed many (0 or ~256 per call, batch by batch)');
  console.log(row(['case', 'b hand', 'c jco', 'd codegen', 'e interp', 'pf b', 'pf c', 'pf d', 'pf e'], W2));
  for (const [label, fn, arg, nbytes] of big) {
    const [hf, jf, cf, ef] = [hand, jco, cg, ip].map((api) => api[fn]!) as [Api[string], Api[string], Api[string], Api[string]];
    const faults: number[][] = [];
    const [b, c, d, e] = interleaved([() => { hf(arg); }, () => { jf(arg); }, () => { cf(arg); }, () => { ef(arg); }], { ...LARGE, faults }) as [number[], number[], number[], number[]];
    console.log(row([label, ...[b, c, d, e].map((xs) => (nbytes / median(xs)).toFixed(2)), ...faults.map((xs) => median(xs).toFixed(0))], W2));
    const db = perRound(d, b), dc = perRound(d, c), eb = perRound(e, b), ed = perRound(e, d);
    largeRatios.push(row([label, fmtSpread(spread(db)), fmtSpread(spread(dc)), fmtSpread(spread(eb)), fmtSpread(spread(ed))], WR));
    largeDB.push({ what: 'codegen ≤ 1.2× hand glue, large cases', where: label, s: spread(db), limit: 1.2, atMost: true, fmt: fixed(2), samples: db });
    interpED.push({ what: 'interp ≤ 5× codegen, all cases', where: label, s: spread(ed), limit: 5, atMost: true, fmt: fixed(2), samples: ed });
    if (label === 'echo 1 MiB ASCII') {
      targets.push({ what: 'codegen faster than hand glue (TextDecoder)', where: 'echo 1 MiB ASCII', s: spread(db), limit: 1, atMost: true, fmt: fixed(2), samples: db });
    }
  }
  console.log();
  console.log('per-round time ratios: median [p25–p75] (below 1: the numerator is faster)');
  console.log(row(['case', 'd/b', 'd/c', 'e/b', 'e/d'], WR));
  for (const l of largeRatios) console.log(l);

  printTargets([worst(smallDB), worst(largeDB), ...targets.filter((t) => t.what.includes('100×')), ...targets.filter((t) => t.what.includes('TextDecoder')), worst(interpED), ...targets.filter((t) => t.what.startsWith('warm'))]);
  console.log();

  await compileTimes();
  console.log();

  // Bundle sizes (rolldown, minified, browser; gzip level 9): bench/size.bench.ts has the breakdown.
  for (const line of await sizeSummary()) console.log(line);
}

/** Compile time and generated size for chains of nested types (test/ir/chains.ts: each level uses the previous
 *  twice; level 15 is near the validator's type-size limit): linear in the level, where inlining doubled it. */
async function compileTimes(): Promise<void> {
  console.log('compile time of nested type chains (tuple<t, t> per level): new Component (validate + plan + codegen), median of 7; transpiled module size');
  const W3 = [8, 10, 14, 14];
  console.log(row(['level', 'bytes', 'compile ms', 'module chars'], W3));
  for (const n of [3, 6, 9, 12, 15]) {
    const bytes = await assemble(chainComponent('tuple', n));
    const ts: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      new Component(bytes);
      ts.push(performance.now() - t0);
    }
    const js = transpile(bytes).files.get('component.js') as string;
    console.log(row([String(n), String(bytes.length), median(ts).toFixed(2), String(js.length)], W3));
  }
}
