// Fused adapters vs through-JS (DESIGN.md §1): a caller component forwards its arguments to a sibling's export.
// Both paths include the same JS → caller → JS crossing; they differ only in the caller → callee crossing
// (memory to memory when fused, lift to JS and lower again when `fuse: false`).
import { Component } from '../src/index.js';
import { assemble } from '../test/support/build.js';
import { calleeComponent, callerComponent, fusedComponent, type Enc, type FusedFunc } from '../test/fused/fixture.js';
import { compose } from '../src/toolchain/compose.js';
import { fmtNs, fmtSpread, interleaved, median, perRound, spread } from './timing.js';

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
