// Fused adapters vs through-JS (DESIGN.md §1): a caller component forwards its arguments to a sibling's export.
// Both paths include the same JS → caller → JS crossing; they differ only in the caller → callee crossing
// (memory to memory when fused, lift to JS and lower again when `fuse: false`).
import { Component } from '../src/index.js';
import { assemble } from '../test/support/build.js';
import { calleeComponent, callerComponent, fusedComponent, type Enc, type FusedFunc } from '../test/fused/fixture.js';
import { compose } from '../src/toolchain/compose.js';
import { fmtNs, fmtSpread, interleaved, median, perRound, spread } from './timing.js';
import { stringCopy } from '../src/runtime/fuse-strings.js';
import { MemView } from '../src/runtime/glue/memview.js';
import { liftLatin1Utf16, liftUtf16, liftUtf8, lowerLatin1Utf16, lowerUtf16, lowerUtf8 } from '../src/runtime/glue/strings.js';
import { out } from '../src/runtime/glue/memview.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

type Api = Record<string, (...a: unknown[]) => unknown>;

const FUNCS: readonly FusedFunc[] = [
  { name: 'echo', sig: '(param "x" string) (result string)', flat: 2, retArea: true },
  { name: 'len', sig: '(param "x" string) (result u32)', flat: 2, retArea: false },
  { name: 'nums', sig: '(param "x" (list u32)) (result (list u32))', flat: 2, retArea: true },
];

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
}

export async function run(): Promise<void> {
  const kib = 'abcdefghijklmnop'.repeat(64);
  const mixed = 'héllo wörld, ça va? '.repeat(52).slice(0, 1024);
  const list = new Uint32Array(1000).map((_, i) => i);
  const pairs: [Enc, Enc][] = [['utf8', 'utf8'], ['utf8', 'utf16'], ['utf16', 'latin1+utf16']];
  const W = [38, 12, 12, 18];
  console.log('per call: median of 15 interleaved rounds; ratio fused/through-JS: median of per-round ratios [p25–p75]');
  console.log(row(['case (per call)', 'fused', 'through JS', 'ratio'], W));
  for (const [from, to] of pairs) {
    const bytes = await assemble(fusedComponent(FUNCS, from, to));
    const fused = new Component(bytes).instantiate({}).exports as unknown as Api;
    const js = new Component(bytes, { fuse: false }).instantiate({}).exports as unknown as Api;
    const cases: [string, string, unknown][] = [
      [`len(1 KiB ASCII) ${from}→${to}`, 'len', kib],
      [`len(1 KiB mixed) ${from}→${to}`, 'len', mixed],
      [`echo(1 KiB ASCII) ${from}→${to}`, 'echo', kib],
    ];
    if (from === 'utf8' && to === 'utf8') cases.push(['nums(list<u32> of 1000)', 'nums', list]);
    for (const [label, fn, arg] of cases) {
      const f = fused[fn]!, j = js[fn]!;
      for (let i = 0; i < 20000; i++) { f(arg); j(arg); } // warm both paths up (tiering), then measure
      // Interleaved rounds (bench/timing.ts): a load burst from another core hits both paths alike.
      const [a, b] = interleaved([() => { f(arg); }, () => { j(arg); }], { rounds: 15, batchMs: 20, warmupMs: 0 }) as [number[], number[]];
      console.log(row([label, fmtNs(median(a)), fmtNs(median(b)), fmtSpread(spread(perRound(a, b)))], W));
    }
  }
  // The same pair built as two component files and linked by `kumiki compose` (src/toolchain/compose.ts).
  {
    const bytes = compose({
      main: 'caller',
      components: { caller: await assemble(callerComponent(FUNCS, 'utf8')), callee: await assemble(calleeComponent(FUNCS, 'utf16')) },
      links: [{ to: 'caller', import: 'c', from: 'callee', export: '*' }],
    });
    const fused = new Component(bytes).instantiate({}).exports as unknown as Api;
    const js = new Component(bytes, { fuse: false }).instantiate({}).exports as unknown as Api;
    const f = fused.len!, j = js.len!;
    for (let i = 0; i < 20000; i++) { f(kib); j(kib); }
    const [a, b] = interleaved([() => { f(kib); }, () => { j(kib); }], { rounds: 15, batchMs: 20, warmupMs: 0 }) as [number[], number[]];
    console.log(row(['composed: len(1 KiB ASCII) utf8→utf16', fmtNs(median(a)), fmtNs(median(b)), fmtSpread(spread(perRound(a, b)))], W));
  }
  copyRates();
  if (process.env.KUMIKI_BENCH_ONLY_COPIES) return;
  await throughput();
  // Interp mode (hosts that bar eval): fused pairs run by interp/fuse.ts, against lift-to-JS-and-lower-again
  // by the plan interpreter.
  console.log('');
  console.log(row(['interp mode (per call)', 'fused', 'through JS', 'ratio'], W));
  for (const [from, to] of pairs.slice(0, 2)) {
    const bytes = await assemble(fusedComponent(FUNCS, from, to));
    const fused = new Component(bytes, { mode: 'interp' }).instantiate({}).exports as unknown as Api;
    const js = new Component(bytes, { mode: 'interp', fuse: false }).instantiate({}).exports as unknown as Api;
    const cases: [string, string, unknown][] = [
      [`len(1 KiB ASCII) ${from}→${to}`, 'len', kib],
      [`echo(1 KiB mixed) ${from}→${to}`, 'echo', mixed],
    ];
    if (from === 'utf8' && to === 'utf8') cases.push(['nums(list<u32> of 1000)', 'nums', list]);
    for (const [label, fn, arg] of cases) {
      const f = fused[fn]!, j = js[fn]!;
      for (let i = 0; i < 20000; i++) { f(arg); j(arg); }
      const [a, b] = interleaved([() => { f(arg); }, () => { j(arg); }], { rounds: 15, batchMs: 20, warmupMs: 0 }) as [number[], number[]];
      console.log(row([label, fmtNs(median(a)), fmtNs(median(b)), fmtSpread(spread(perRound(a, b)))], W));
    }
  }
}

/** Mixed text of about `bytes` UTF-8 bytes: 1-, 2-, 3- and 4-byte code points (the engine bench's mix). */
function mixedText(bytes: number): string {
  const unit = 'héllo wörld — 日本 😀 ';
  return unit.repeat(Math.ceil(bytes / new TextEncoder().encode(unit).length));
}

/** Bytes `s` takes in `enc` (what the caller's memory holds and the fused copy reads). */
function encodedBytes(s: string, enc: Enc): number {
  if (enc === 'utf8') return new TextEncoder().encode(s).length;
  if (enc === 'latin1+utf16' && !/[^\u0000-\u00ff]/.test(s)) return s.length;
  return 2 * s.length;
}

/**
 * Issue 16 point 4: 1 MiB strings (and a 1 MiB list) copied between two components, in GB/s of the caller's
 * encoded bytes per whole call (JS → caller lowering included, so a floor for the copy itself). Codegen fused,
 * codegen through JS (`fuse: false`: lifted to a JS string and lowered again) and interp fused, interleaved.
 */
async function throughput(): Promise<void> {
  const MiB = 1 << 20;
  const asciiMiB = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(MiB / 36)).slice(0, MiB);
  const mixedMiB = mixedText(MiB);
  const latin1MiB = 'ÿ café é '.repeat(Math.ceil(MiB / 9)).slice(0, MiB);
  const pairs: [Enc, Enc, string, string][] = [
    ['utf8', 'utf8', 'ASCII', asciiMiB], ['utf8', 'utf8', 'mixed', mixedMiB],
    ['utf8', 'utf16', 'ASCII', asciiMiB], ['utf8', 'utf16', 'mixed', mixedMiB],
    ['utf16', 'utf8', 'ASCII', asciiMiB], ['utf16', 'utf8', 'mixed', mixedMiB],
    ['utf8', 'latin1+utf16', 'ASCII', asciiMiB], ['utf8', 'latin1+utf16', 'latin1', latin1MiB], ['utf8', 'latin1+utf16', 'mixed', mixedMiB],
    ['latin1+utf16', 'utf8', 'latin1', latin1MiB], ['latin1+utf16', 'utf8', 'mixed', mixedMiB],
    ['utf16', 'latin1+utf16', 'latin1', latin1MiB], ['utf16', 'latin1+utf16', 'mixed', mixedMiB],
  ];
  const W = [40, 10, 10, 10, 16];
  const opts = { rounds: 9, batchMs: 30, warmupMs: 60 };
  console.log('');
  console.log(`1 MiB copies, GB/s of the caller's encoded bytes per call (median of ${opts.rounds} interleaved rounds); ratio fused/through-JS time`);
  console.log(row(['case', 'fused', 'via JS', 'interp', 'ratio'], W));
  const built = new Map<string, Api[]>();
  const apis = async (from: Enc, to: Enc): Promise<Api[]> => {
    const key = `${from}>${to}`;
    let a = built.get(key);
    if (a === undefined) {
      const bytes = await assemble(fusedComponent(FUNCS, from, to));
      a = [false, true, false].map((js, i) => new Component(bytes, { fuse: !js, mode: i === 2 ? 'interp' : 'codegen' }).instantiate({}).exports as unknown as Api);
      built.set(key, a);
    }
    return a;
  };
  const gbs = (bytes: number, ns: number) => (bytes / ns).toFixed(2);
  for (const [from, to, kind, text] of pairs) {
    const [f, j, i] = (await apis(from, to)).map((api) => api.len!);
    const bytes = encodedBytes(text, from);
    const [a, b, c] = interleaved([() => { f!(text); }, () => { j!(text); }, () => { i!(text); }], opts) as [number[], number[], number[]];
    console.log(row([`len(1 MiB ${kind}) ${from}→${to}`, gbs(bytes, median(a)), gbs(bytes, median(b)), gbs(bytes, median(c)), fmtSpread(spread(perRound(a, b)))], W));
  }
  const list = new Uint32Array(MiB / 4).map((_, k) => k);
  const [f, j, i] = (await apis('utf8', 'utf8')).map((api) => api.nums!);
  const [a, b, c] = interleaved([() => { f!(list); }, () => { j!(list); }, () => { i!(list); }], opts) as [number[], number[], number[]];
  console.log(row(['nums(list<u32>, 1 MiB) echo', gbs(MiB, median(a)), gbs(MiB, median(b)), gbs(MiB, median(c)), fmtSpread(spread(perRound(a, b)))], W));
}

/**
 * Issue 16 point 4, the copy alone: a 1 MiB string already in a source memory copied into a destination memory,
 * fused (runtime/fuse-strings.ts: memory to memory, what codegen, interp and AOT fused adapters call) and unfused
 * (runtime/glue/strings.ts: lifted to a JS string, then lowered again with one exact-size realloc). GB/s of source bytes.
 */
function copyRates(): void {
  const MiB = 1 << 20;
  const texts: [string, string][] = [
    ['ASCII', 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(MiB / 36)).slice(0, MiB)],
    ['mixed', mixedText(MiB)],
    ['latin1', 'ÿ café é '.repeat(Math.ceil(MiB / 9)).slice(0, MiB)],
  ];
  const lower = { utf8: lowerUtf8, utf16: lowerUtf16, 'latin1+utf16': lowerLatin1Utf16 } as const;
  const lift = { utf8: liftUtf8, utf16: liftUtf16, 'latin1+utf16': liftLatin1Utf16 } as const;
  const ms = new MemView(new WebAssembly.Memory({ initial: 64 })), md = new MemView(new WebAssembly.Memory({ initial: 128 }));
  const at = (_o: number, _s: number, align: number) => (align > 1 ? 64 : 64); // one reused destination (no growth)
  const pairs: [Enc, Enc][] = [['utf8', 'utf8'], ['utf8', 'utf16'], ['utf16', 'utf8'], ['utf8', 'latin1+utf16'], ['latin1+utf16', 'utf8'], ['utf16', 'latin1+utf16'], ['latin1+utf16', 'utf16']];
  const W = [40, 10, 10, 16];
  const opts = { rounds: 9, batchMs: 30, warmupMs: 60, clock: 'cpu' as const };
  const verdicts: string[] = [];
  console.log('');
  console.log(`1 MiB string copies alone (source already in memory), GB/s of source bytes, median of ${opts.rounds} interleaved rounds; ratio fused/unfused time`);
  console.log("(timed on this process's CPU time, all threads: the machine is shared, and other processes' load would otherwise decide the figure)");
  console.log('(fused: what codegen, interp and AOT fused adapters call; unfused: the lift and lower helpers codegen and interp share)');
  console.log(row(['copy', 'fused', 'unfused', 'ratio'], W));
  for (const [from, to] of pairs) {
    for (const [kind, text] of texts) {
      if (kind === 'latin1' && from !== 'latin1+utf16' && to !== 'latin1+utf16') continue;
      if (kind === 'ASCII' && from === 'latin1+utf16' && to === 'utf16') continue;
      const p = lower[from](ms, at, text, 'bench');
      const n = out.len;
      const bytes = from === 'utf8' || (from === 'latin1+utf16' && (n & 0x80000000) === 0) ? n : 2 * ((n & 0x7fffffff) >>> 0);
      const copy = stringCopy(from, to);
      const liftFrom = lift[from], lowerTo = lower[to];
      const fused = () => { copy(ms, p, n, md, at, 'bench'); };
      const unfused = () => { ms.n = 0; lowerTo(md, at, liftFrom(ms, p, n, 'bench'), 'bench'); };
      const [a, b] = interleaved([fused, unfused], opts) as [number[], number[]];
      console.log(row([`${kind} ${from}→${to}`, (bytes / median(a)).toFixed(2), (bytes / median(b)).toFixed(2), fmtSpread(spread(perRound(a, b)))], W));
      // Issue 16's Done means: utf8↔utf16 (ASCII and mixed) ≥ 1 GB/s fused and unfused; latin1+utf16 pairs within
      // 2× of that (≥ 0.5 GB/s). GB/s per round is bytes / ns, so its spread is that of the times, inverted.
      const utf = (from === 'utf8' && to === 'utf16') || (from === 'utf16' && to === 'utf8');
      const latin1 = from === 'latin1+utf16' || to === 'latin1+utf16';
      if (utf || latin1) {
        const limit = utf ? 1 : 0.5;
        for (const [mode, xs] of [['fused', a], ['unfused', b]] as const) {
          const g = spread(xs.map((ns) => bytes / ns));
          verdicts.push(row([`${kind} ${from}→${to} ${mode}`, g.median.toFixed(2), `[${g.p25.toFixed(2)}–${g.p75.toFixed(2)}]`, `≥ ${limit}`, g.median >= limit ? (g.p25 >= limit ? 'met' : 'met?') : g.p75 >= limit ? 'MISSED?' : 'MISSED'], [40, 8, 13, 6, 8]));
        }
      }
    }
  }
  console.log('');
  console.log("targets (issue 16): GB/s median [p25–p75] of rounds, limit, verdict ('?': the rounds' middle half straddles the limit)");
  for (const v of verdicts) console.log(v);
}
