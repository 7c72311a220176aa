// Resource calls (issue 16 point 3): a method on an exported guest resource (`c.get()`), a function taking a borrow of
// it (`peek(c)`), and a borrow of a host resource lent to the guest, which calls the host's method back and drops
// the borrow (`blobSize(b)`), against hand-written glue for the same core module, in one process: codegen, AOT
// (`kumiki transpile` + kumiki/runtime), interp. Interleaved rounds (bench/timing.ts), medians of per-round ratios.
import { parse } from '@bytecodealliance/jco';
import { Component } from '../src/index.js';
import { hostImports, RES_CORE, resComponent } from '../test/resources/fixture.js';
import { compileAot } from '../test/fused/aot.js';
import { fmtSpread, interleaved, median, perRound, spread } from './timing.js';

await Component.loadInterpreter();

type Api = Record<string, any>;
const A = 'kumiki:res/api#';

/** What a careful human writes for these signatures: private-field brand checks, a plain array as handle table. */
function handGlue(module: WebAssembly.Module): { Counter: new (v: number) => { get(): number }; peek(c: unknown): number; blobSize(b: unknown): number; Blob: new (n: number) => unknown } {
  class Blob { constructor(readonly n: number) {} size(): number { return this.n; } }
  const reps: number[] = [0];
  const hosts: (Blob | undefined)[] = [undefined];
  const freeHosts: number[] = [];
  let borrows = 0;
  const inst = new WebAssembly.Instance(module, {
    'kumiki:res/host': {
      '[constructor]blob': () => 0, '[static]blob.total': () => 0, callback: () => {}, echo: (h: number) => h,
      '[method]blob.size': (h: number) => { const b = hosts[h]; if (b === undefined) throw new Error('bad handle'); return b.size() >>> 0; },
      '[resource-drop]blob': (h: number) => { hosts[h] = undefined; freeHosts.push(h); borrows--; },
    },
    '[export]kumiki:res/api': {
      '[resource-new]counter': (rep: number) => reps.push(rep) - 1,
      '[resource-rep]counter': (h: number) => reps[h]!,
      '[resource-drop]counter': () => {},
    },
  }).exports as Record<string, (...a: number[]) => number>;
  const ctor = inst[`${A}[constructor]counter`]!, get = inst[`${A}[method]counter.get`]!, peek = inst[`${A}peek`]!, blobSize = inst[`${A}blob-size`]!;
  class Counter {
    #rep: number;
    #live = true;
    constructor(v: number) {
      if (typeof v !== 'number' || (v >>> 0) !== v) throw new TypeError('u32');
      const h = ctor(v);
      this.#rep = reps[h]!; // lift_own: the handle leaves the table
    }
    get(): number {
      if (!(#rep in this) || !this.#live) throw new TypeError('not a live Counter');
      return get(this.#rep) >>> 0;
    }
    static repOf(c: unknown): number {
      if (typeof c !== 'object' || c === null || !(#rep in c) || !c.#live) throw new TypeError('not a live Counter');
      return c.#rep;
    }
  }
  return {
    Counter,
    Blob,
    peek: (c: unknown) => peek(Counter.repOf(c)) >>> 0,
    blobSize: (b: unknown) => {
      if (!(b instanceof Blob)) throw new TypeError('not a Blob');
      const i = freeHosts.pop();
      const h = i !== undefined ? (hosts[i] = b, i) : hosts.push(b) - 1;
      borrows++;
      const r = blobSize(h) >>> 0;
      if (borrows !== 0) throw new Error('borrow left');
      return r;
    },
  };
}

export async function run(): Promise<void> {
  const bytes = await resComponent();
  const module = new WebAssembly.Module((await parse(RES_CORE)) as Uint8Array<ArrayBuffer>);
  const hand = handGlue(module);
  const host = hostImports({ disposed: 0 });
  const HostBlob = (host['kumiki:res/host'] as { Blob: new (n: number) => unknown }).Blob;
  const cg = (new Component(bytes).instantiate(host).exports as Api).api as Api;
  const ip = (new Component(bytes, { mode: 'interp' }).instantiate(host).exports as Api).api as Api;
  const aot = ((await compileAot(bytes, { fuse: true, features: [] })).instantiate(host) as Api).api as Api;
  const hc = new hand.Counter(7), cc = new cg.Counter(7), ic = new ip.Counter(7), ac = new aot.Counter(7);
  const hb = new hand.Blob(5), kb = new HostBlob(5);
  const cases: [string, (() => unknown)[]][] = [
    ['c.get()', [() => hc.get(), () => cc.get(), () => ac.get(), () => ic.get()]],
    ['peek(borrow<counter>)', [() => hand.peek(hc), () => cg.peek(cc), () => aot.peek(ac), () => ip.peek(ic)]],
    ['blobSize(borrow<blob>)', [() => hand.blobSize(hb), () => cg.blobSize(kb), () => aot.blobSize(kb), () => ip.blobSize(kb)]],
  ];
  // On this process's CPU time: the machine is shared, and other processes' load would otherwise decide the figures.
  const opts = { rounds: 31, batchMs: 8, warmupMs: 30, clock: 'cpu' as const };
  const W = [24, 8, 8, 8, 8, 18, 18, 18, 16];
  const pad = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(W[i]!) : c.padStart(W[i]!))).join('  ');
  console.log(`ns/call (process CPU time), median of ${opts.rounds} interleaved rounds; ratios to hand glue: median of per-round ratios [p25–p75];`);
  console.log('min ratios: fastest round of each over fastest round of hand glue (steadier when the cores are shared)');
  console.log(pad(['case', 'hand', 'codegen', 'aot', 'interp', 'codegen/hand', 'aot/hand', 'interp/hand', 'min c / a / i']));
  for (const [label, fns] of cases) {
    for (const f of fns) if (f() !== fns[0]!()) throw new Error(`${label}: engines disagree`);
    const [h, c, a, i] = interleaved(fns.map((f) => () => { f(); }), opts) as [number[], number[], number[], number[]];
    const min = (xs: number[]): number => Math.min(...xs);
    console.log(pad([label, ...[h, c, a, i].map((xs) => median(xs).toFixed(1)), ...[c, a, i].map((xs) => fmtSpread(spread(perRound(xs, h)))), [c, a, i].map((xs) => (min(xs) / min(h)).toFixed(2)).join(' / ')]));
  }
}
