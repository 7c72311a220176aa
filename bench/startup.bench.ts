// Compile and start-up cost (issue 16, "compile once, lazy per-function work"), in one bench process:
// (a) a 1,000-function component (test/support/many-functions.ts): `Component.compile` against compiling its core
//     module raw, the first instantiate, and the first call of one function (a different one each sample);
//     100 functions and adapters made at compile (`lazy: false`) beside it, to show what grows with what;
// (b) the 12.7 MB StarlingMonkey component (test/componentize, cached): `Component.compile` against
//     `WebAssembly.compile` of its core modules, per-round ratios of wall and of CPU time (all threads). V8 reuses a compiled module for identical bytes
//     while the first is alive, so each round compiles fresh bytes: a custom section with a nonce is appended to the
//     core module (raw) and to the component's copy of it (kumiki), which changes no code to compile;
// (c) cold start to the first call, StarlingMonkey component: fresh processes, kumiki (`import('kumiki')`, read the
//     file, `Component.compile`, instantiate, `hello('Lin')`) against jco 1.35's transpiled glue (import it, compile
//     its core modules with `WebAssembly.compile`, instantiate, the same call); time since process start. Also
//     `kumiki transpile` output on kumiki/runtime, ahead of time like jco's glue.
//     Each JIT and jco run also reports its phases (import, compile, instantiate, first call), medians of wall and of
//     CPU time (all threads); the ratio's median comes with its 95% confidence interval (settled or not). Beside
//     them, kumiki's own JS in a cold `Component.compile` of that component (the engine's compile answered at once
//     by a tiny module's): what competes with the engine's compile threads for the cores.
// Samples are medians [p25–p75]; "first" is the first sample of the process (kumiki's own code not yet optimised).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Component } from '../src/index.js';
import { readComponent } from '../src/binary/read.js';
import { writeComponent } from '../src/binary/write.js';
import type * as ast from '../src/binary/ast.js';
import { coreModuleBytes } from '../src/program/program.js';
import { transpile } from '../src/tools/transpile.js';
import { jcoTranspile, repoRoot } from '../test/support/build.js';
import { componentizeJs, enableExtendedConst } from '../test/support/componentize.js';
import { callOf, manyFunctions } from '../test/support/many-functions.js';
import { fmtSpread, medianCI, perRound, spread, type Spread } from './timing.js';

const SAMPLES = 21;
const SM_ROUNDS = 11;
const COLD = 15;

const ms = (t0: number): number => performance.now() - t0;
const fmt = (s: Spread): string => fmtSpread(s, 2);

function line(what: string, figure: string, target = ''): void {
  console.log(`${what.padEnd(58)}${figure.padStart(24)}  ${target}`);
}

function verdict(s: Spread, limit: number, unit = ''): string {
  return `≤ ${limit}${unit}: ${s.median <= limit ? 'met' : 'MISSED'}`;
}

/** `bytes` with a custom section (name `kumiki-nonce`, payload `nonce`) appended: same code, different bytes. */
function withNonce(bytes: Uint8Array, nonce: number): Uint8Array<ArrayBuffer> {
  const name = new TextEncoder().encode('kumiki-nonce');
  const payload = new TextEncoder().encode(String(nonce));
  const body = [name.length, ...name, ...payload];
  const out = new Uint8Array(bytes.length + 2 + body.length);
  out.set(bytes);
  out.set([0, body.length, ...body], bytes.length);
  return out;
}

/** The component with `nonce` appended to its largest core module (see withNonce). */
function componentWithNonce(tree: ast.Component, largest: Uint8Array, nonce: number): Uint8Array {
  const sections = tree.sections.map((s) => (s.kind === 'core-module' && s.module.bytes === largest ? { ...s, module: { ...s.module, bytes: withNonce(largest, nonce) } } : s));
  return writeComponent({ ...tree, sections });
}

async function manyFunctionRows(): Promise<void> {
  for (const n of [1000, 100]) {
    const bytes = await manyFunctions(n);
    const core = coreModuleBytes(readComponent(bytes))[0]!;
    const compile: number[] = [], eager: number[] = [], raw: number[] = [], inst: number[] = [], first: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      let t0 = performance.now();
      const c = await Component.compile(bytes);
      compile.push(ms(t0));
      t0 = performance.now();
      const ex = c.instantiate().exports as Record<string, (...a: unknown[]) => unknown>;
      inst.push(ms(t0));
      const k = (i * 379) % n;
      const { args, result } = callOf(k);
      t0 = performance.now();
      const r = ex[`fun${k}`]!(...args);
      first.push(ms(t0));
      if (r !== result) throw new Error(`fun${k} gave ${String(r)}`);
      t0 = performance.now();
      await WebAssembly.compile(withNonce(core, i));
      raw.push(ms(t0));
      t0 = performance.now();
      await Component.compile(bytes, { lazy: false });
      eager.push(ms(t0));
    }
    const c = spread(compile), f = spread(first);
    line(`${n} functions: Component.compile (first ${compile[0]!.toFixed(1)})`, fmt(c), n === 1000 ? verdict(c, 60, ' ms') : '');
    line(`${n} functions: same, adapters made at compile (lazy: false)`, fmt(spread(eager)));
    line(`${n} functions: raw WebAssembly.compile of its core module`, fmt(spread(raw)));
    line(`${n} functions: first instantiate`, fmt(spread(inst)));
    line(`${n} functions: first call of one function (first ${first[0]!.toFixed(2)})`, fmt(f), n === 1000 ? verdict(f, 2, ' ms') : '');
  }
}

async function starlingMonkeyRows(bytes: Uint8Array): Promise<void> {
  const tree = readComponent(bytes);
  const cores = coreModuleBytes(tree);
  const largest = cores.reduce((a, b) => (b.length > a.length ? b : a));
  const kumiki: number[] = [], raw: number[] = [];
  // CPU ms (user + system, all threads: the engine compiles on background threads) of the same runs.
  const kumikiCpu: number[] = [], rawCpu: number[] = [];
  // A warm-up compile of each kind, so the first round is not the only one paying for kumiki's own cold code.
  await Component.compile(componentWithNonce(tree, largest, -1));
  for (let r = 0; r < SM_ROUNDS; r++) {
    const comp = componentWithNonce(tree, largest, 2 * r);
    const rawBytes = cores.map((b) => (b === largest ? withNonce(b, 2 * r + 1) : b));
    const order = r % 2 === 0 ? ['kumiki', 'raw'] : ['raw', 'kumiki'];
    for (const which of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      if (which === 'kumiki') await Component.compile(comp);
      else await Promise.all(rawBytes.map((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
      (which === 'kumiki' ? kumiki : raw).push(ms(t0));
      const c = process.cpuUsage(c0);
      (which === 'kumiki' ? kumikiCpu : rawCpu).push((c.user + c.system) / 1000);
    }
  }
  const ratio = spread(perRound(kumiki, raw));
  line(`StarlingMonkey ${(bytes.length / 1e6).toFixed(1)} MB: Component.compile`, fmt(spread(kumiki)));
  line('StarlingMonkey: WebAssembly.compile of its core modules', fmt(spread(raw)));
  line('StarlingMonkey: compile / raw core compile (per round)', fmt(ratio), verdict(ratio, 1.3, '×'));
  // Wall time swings with load from other processes (kumiki's main thread shares the cores with the engine's
  // compile threads); CPU time is the steadier figure on a shared machine.
  line('StarlingMonkey: same, CPU ms (kumiki, raw; medians)', `${spread(kumikiCpu).median.toFixed(1)}, ${spread(rawCpu).median.toFixed(1)}`);
  line('StarlingMonkey: compile / raw core compile, CPU (per round)', fmt(spread(perRound(kumikiCpu, rawCpu))));
}

/** CPU ms (user + system, all threads) of the cold runs, by the array their wall times go to. */
const cpuOf = new Map<number[], number[]>();

/**
 * ms since process start until `hello('Lin')` returned, in a fresh process running `code` (which prints that time,
 * then the greeting); the CPU time the process had used by then is recorded under `into`.
 */
function coldRun(code: string, into: number[]): void {
  const cpu = "const cpu0 = process.cpuUsage(); console.log((cpu0.user + cpu0.system) / 1000);";
  const r = spawnSync(process.execPath, ['--experimental-wasm-extended-const', '--input-type=module', '-e', `${code}\n${cpu}`], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cold run failed: ${r.stderr}`);
  const [t, greeting, phases, phasesCpu, c] = r.stdout.trim().split('\n');
  if (greeting !== 'hello from js, Lin') throw new Error(`cold run answered ${greeting}`);
  into.push(Number(t));
  cpuOf.set(into, [...(cpuOf.get(into) ?? []), Number(c)]);
  if (phases) phasesOf.set(into, [...(phasesOf.get(into) ?? []), phases.split(' ').map(Number)]);
  if (phasesCpu) phasesCpuOf.set(into, [...(phasesCpuOf.get(into) ?? []), phasesCpu.split(' ').map(Number)]);
}

/** Phase times (import, compile, instantiate, first call) of the cold runs that print them, by their array. */
const phasesOf = new Map<number[], number[][]>();
/** The same phases' CPU ms (all threads). */
const phasesCpuOf = new Map<number[], number[][]>();

/** `import  compile  instantiate  call` medians of the cold runs recorded under `xs` (wall, or `cpu`). */
function phaseMedians(xs: number[], cpu = false): string {
  const runs = (cpu ? phasesCpuOf : phasesOf).get(xs) ?? [];
  return [0, 1, 2, 3].map((j) => spread(runs.map((p) => p[j]!)).median.toFixed(0)).join(', ');
}

/** Child code: `mark()` records wall and CPU ms (all threads) at each phase boundary. */
const MARK = 'const wall = [], cpus = []; const mark = () => { const c = process.cpuUsage(); wall.push(performance.now()); cpus.push((c.user + c.system) / 1000); };';
/** Child code: prints the time of the first call's return, the greeting, then wall and CPU ms of each phase. */
const REPORT = "const d = (xs) => xs.slice(1).map((x, i) => x - xs[i]).join(' '); console.log(wall[wall.length - 1]); console.log(out); console.log(d(wall)); console.log(d(cpus));";

async function coldRows(file: string, bytes: Uint8Array): Promise<void> {
  const jco = await jcoTranspile(bytes);
  const cores = readdirSync(jco.dir).filter((f) => f.endsWith('.wasm'));
  // Each run also prints its phases (ms): import, read + compile, instantiate, first call.
  const kumikiCode = `import { readFileSync } from 'node:fs';
${MARK}
mark();
const { Component } = await import('kumiki');
mark();
const c = await Component.compile(readFileSync(${JSON.stringify(file)}));
mark();
const inst = c.instantiate({});
mark();
const out = inst.exports.hello('Lin');
mark();
${REPORT}`;
  const jcoCode = `import { readFileSync } from 'node:fs';
${MARK}
mark();
const m = await import(${JSON.stringify(join(jco.dir, 'component.js'))});
mark();
const files = ${JSON.stringify(cores)};
const mods = await Promise.all(files.map((f) => WebAssembly.compile(readFileSync(${JSON.stringify(jco.dir)} + '/' + f))));
mark();
const byName = new Map(files.map((f, i) => [f, mods[i]]));
const inst = m.instantiate((p) => byName.get(p), {});
mark();
const out = inst.hello('Lin');
mark();
${REPORT}`;
  // Ahead of time on both sides: `kumiki transpile` output on kumiki/runtime (the bundle) against jco's.
  const aot = aotDir(bytes);
  const aotCode = `const m = await import(${JSON.stringify(join(aot, 'sm.js'))});
const out = (await m.instantiate({})).hello('Lin');
console.log(performance.now()); console.log(out); console.log(''); console.log('');`;
  const k: number[] = [], j: number[] = [], a: number[] = [];
  const runs: [number[], string][] = [[k, kumikiCode], [j, jcoCode], [a, aotCode]];
  for (let i = 0; i < COLD; i++) {
    for (let x = 0; x < runs.length; x++) {
      const [out, code] = runs[(i + x) % runs.length]!;
      coldRun(code, out);
    }
  }
  const ratios = perRound(k, j);
  const ratio = spread(ratios);
  const [lo, hi] = medianCI(ratios);
  line('StarlingMonkey cold start to first call: kumiki (JIT)', fmt(spread(k)));
  line('StarlingMonkey cold start to first call: jco 1.35', fmt(spread(j)));
  line('StarlingMonkey cold start to first call: kumiki / jco', fmt(ratio), verdict(ratio, 1, '×'));
  line('  95% CI of that median', `${lo.toFixed(2)}–${hi.toFixed(2)}`);
  line('same, kumiki transpile + kumiki/runtime', fmt(spread(a)));
  line('same, kumiki transpile / jco (both ahead of time)', fmt(spread(perRound(a, j))));
  // CPU time to the first call (all threads): what the wall times cost when the cores are shared.
  const c = (xs: number[]): number[] => cpuOf.get(xs) ?? [];
  line('CPU ms to first call: kumiki (JIT), jco, kumiki transpile', `${spread(c(k)).median.toFixed(0)}, ${spread(c(j)).median.toFixed(0)}, ${spread(c(a)).median.toFixed(0)}`);
  line('CPU to first call: kumiki (JIT) / jco (per round)', fmt(spread(perRound(c(k), c(j)))));
  // Where the wall time goes (medians; wall times stretch when other processes share the cores).
  line('phases: kumiki (JIT) import, compile, instantiate, call', phaseMedians(k));
  line('phases: jco import, compile, instantiate, call', phaseMedians(j));
  line('phases, CPU ms: kumiki (JIT)', phaseMedians(k, true));
  line('phases, CPU ms: jco', phaseMedians(j, true));
}

/** Cold `Component.compile` of `file` in fresh processes with `WebAssembly.compile` answering at once: kumiki's JS only. */
// Where those ~22 ms CPU go (session 7, --cpu-prof samples and timers): validation ~55%, reading the binary ~15%,
// buildProgram ~25%, of which adapter planning (buildPlan) ~2 ms: 25 lift plans, 0.7 ms of it the first (`hello`,
// the one called; cold code). Code generation is already lazy (link/lazy-adapter), so making the other 24 plans
// lazy would save ~1.3 ms (<1% of the CPU to first call) at the price of deriving resIds, usesAsync, core
// signatures and plan errors from the types at compile: not done. (The WASI-importing real-world StarlingMonkey
// guest has 69 lower plans, ~3.3 ms of its ~35 ms.)
// Session 8 (`node --log-function-events`): ~14 ms of it (bundle; ~20 unbundled) is V8 parsing and compiling
// kumiki's functions on their first call (a second compile in the same process takes ~5 ms), so what costs is the
// source size of each function run, nested functions being parsed again at each level: async canon built-ins and
// async lift/lower were moved out of the functions every component runs, buildProgram's forEach callbacks became
// loops. Also gone: canonicalising all 145 core types of the guest (14 are named by imports/exports), and V8's
// TurboFan compile of Reader.u8 (~0.8 ms on a compile thread), which reading the guest made hot. Own JS CPU 24.3 →
// 21.6 ms; the largest function left is link.js stepOf (15.7 KB, ~0.7 ms to parse and compile).
// Session 8, coldstart5 (instruction counts: `valgrind --tool=callgrind node --hash-seed=1 --random-seed=1
// --single-threaded`, repeatable to 0.01 M where times move ±5%): of the ~164 M instructions of this cold compile,
// ~47 M are V8 parsing and generating bytecode for kumiki's functions and ~8 M Sparkplug compiling the hot ones; the
// rest runs them, spread over ~450 functions, none above 1 ms. A table of functions for buildProgram's section switch
// changed nothing measurable (+0.3 M); compiling the functions this path runs eagerly at import (parenthesised)
// saved ~1.6 ms in all but moved ~4 ms into `import('kumiki')`: neither done. `import('kumiki')` over an empty
// module's: 121 → 107 M (ASCII bundles −6 M; the printer's opcode tables and the WIT lexer's Unicode expressions
// made on first use −9 M), ~75 M of it V8 scanning 575 KB of source; an entry of only Component, instantiate and
// validate (an API change, branch coldstart5-lean): 57 M.
function ownJsRows(file: string): void {
  const code = `import { readFileSync } from 'node:fs';
const { Component } = await import('kumiki');
const bytes = readFileSync(${JSON.stringify(file)});
const tiny = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const compile = WebAssembly.compile;
WebAssembly.compile = () => compile(tiny);
const c0 = process.cpuUsage(); const t0 = performance.now();
// Linking the tiny module in place of the real ones fails after everything timed here.
try { await Component.compile(bytes); } catch (e) { if (!/import|export|instantiat|link/i.test(String(e))) throw e; }
const c = process.cpuUsage(c0);
console.log(performance.now() - t0); console.log((c.user + c.system) / 1000);`;
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < COLD; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold Component.compile failed: ${r.stderr}`);
    const [w, c] = r.stdout.trim().split('\n').map(Number) as [number, number];
    wall.push(w);
    cpu.push(c);
  }
  line("kumiki's own JS in a cold Component.compile: wall", fmt(spread(wall)));
  line("kumiki's own JS in a cold Component.compile: CPU", fmt(spread(cpu)));
}

/** `kumiki transpile` of `bytes` (module `sm.js`, importing `kumiki/runtime`) under .cache/aot/startup/<hash>/. */
function aotDir(bytes: Uint8Array): string {
  const { files } = transpile(bytes, { name: 'sm' });
  const h = createHash('sha256');
  for (const [f, data] of files) h.update(f).update('\0').update(data).update('\0');
  const dir = join(repoRoot, '.cache', 'aot', 'startup', h.digest('hex').slice(0, 20));
  if (!existsSync(join(dir, 'sm.js'))) {
    mkdirSync(dir, { recursive: true });
    // The module last: its presence means the folder is complete.
    for (const [f, data] of files) if (f !== 'sm.js') writeFileSync(join(dir, f), data);
    writeFileSync(join(dir, 'sm.js'), files.get('sm.js')!);
  }
  return dir;
}

export async function run(): Promise<void> {
  enableExtendedConst();
  console.log(`(ms, median [p25–p75]; ${SAMPLES} samples, StarlingMonkey ${SM_ROUNDS} rounds, cold ${COLD} fresh processes each)`);
  await manyFunctionRows();
  const sm = await componentizeJs('starlingmonkey');
  await starlingMonkeyRows(sm.bytes);
  await coldRows(sm.file, sm.bytes);
  ownJsRows(sm.file);
}
