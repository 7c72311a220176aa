// Component-model async (issue 12). Calls: an async export (callback lift that returns at once via task.return) and
// an async import round trip (guest → async host → guest) against the same functions lifted and lowered
// synchronously, in codegen, interp and transpiled (AOT) modules. Streams: 16 MiB of stream<u8> guest → JS,
// JS → guest and guest → guest (two instances; copies go memory to memory) against a plain web ReadableStream copy
// of the same bytes in 64 KiB chunks. Contenders run interleaved, once per round in rotating order; figures are
// medians [p25–p75] of per-round ratios. Times are this process's CPU time (user + system, process.cpuUsage): on
// a shared machine wall time mostly measures the other processes; CPU time and same-round ratios much less.
// No JSPI anywhere (callback lifts and async lowers). The awaited rows await each call's value, so `async/sync`
// sets an awaited call against a plain one (the await alone costs about what the JS floor below shows), and
// `async/awaited` against the same sync call awaited: the cost of the async machinery itself. The in-flight row
// issues the calls without awaiting each: groups of IN_FLIGHT calls collect their Promises, then one
// `await Promise.all` per group (a caller with many calls in flight pays this per call, not the per-call await);
// its `awaited sync` column treats the sync call the same way (`Promise.resolve(addSync())` collected), and its
// JS floor is a plain function returning a settled Promise, issued the same way. Every contender (bare sync, awaited
// sync, JS floors, async calls) is timed by its own copy of the loops, built with `new Function` from one source text
// (LOOPS_SOURCE), and calls through a function of its own per mode (ownThunk): one shared loop's call sites would see
// every contender's target and Promise, one shared call every mode's exports (KUMIKI_BENCH_SHARED_LOOPS=1 runs the
// earlier shared harness for comparison). The async calls share their instances' task.return and each other's
// instance (x, xp) as an application with several async exports would.
import { Component } from '../src/index.js';
import { streamComponent } from '../test/async/stream-fixture.js';
import { relayComponent } from '../test/async/relay-fixture.js';
import { innerFixtures } from '../test/async/inner-fixture.js';
import { assemble } from '../test/support/build.js';
import { compileAot } from '../test/support/wast-run-aot.js';
import { fmtNs, fmtSpread, perRound, spread } from './timing.js';

type Exports = Record<string, (...a: unknown[]) => unknown>;

const MIB16 = 16 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** The synchronous counterpart of the async round trip: a sync export calling a sync host import. */
const SYNC_RT_WAT = `(component
  (import "host-sync" (func $h (param "a" u32) (result u32)))
  (core func $hl (canon lower (func $h)))
  (core module $M
    (import "" "h" (func $h (param i32) (result i32)))
    (func (export "rt") (param i32) (result i32) (call $h (local.get 0))))
  (core instance $m (instantiate $M (with "" (instance (export "h" (func $hl))))))
  (func (export "round-trip-sync") (param "a" u32) (result u32) (canon lift (core func $m "rt"))))`;

/** CPU time of this process in ms (µs resolution). */
function now(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The loops that time a contender: awaited batches, calls in flight, synchronous batches (ns per call each). */
interface Loops {
  batch(n: number, f: () => unknown): Promise<number>;
  inFlight(n: number, f: () => unknown): Promise<number>;
  syncBatch(n: number, f: () => unknown): number;
}

/** Calls in flight: groups of IN_FLIGHT calls collect their Promises, then one `await Promise.all`. */
const IN_FLIGHT = 1000;

/**
 * The loops' one source text. `await f()` and `f()` are call sites whose feedback V8 keeps per compiled function:
 * shared by every contender, they see many targets (and the awaited Promise's machinery many shapes), which slows
 * whichever contender is not alone there. Each contender gets its own copy (ownLoops), the sync and JS-floor ones too.
 */
const LOOPS_SOURCE = `
  async function batch(n, f) {
    const t0 = now();
    for (let i = 0; i < n; i++) await f();
    return ((now() - t0) * 1e6) / n;
  }
  async function inFlight(n, f) {
    const ps = new Array(IN_FLIGHT);
    const t0 = now();
    for (let done = 0; done < n; done += IN_FLIGHT) {
      for (let i = 0; i < IN_FLIGHT; i++) ps[i] = f();
      await Promise.all(ps);
    }
    return ((now() - t0) * 1e6) / n;
  }
  function syncBatch(n, f) {
    const t0 = now();
    for (let i = 0; i < n; i++) f();
    return ((now() - t0) * 1e6) / n;
  }
  return { batch, inFlight, syncBatch };`;

/** KUMIKI_BENCH_SHARED_LOOPS=1: the earlier harness, one copy of the loops for every contender (for comparison). */
const SHARED_LOOPS = process.env.KUMIKI_BENCH_SHARED_LOOPS === '1';
let loopSerial = 0;
let shared: Loops | undefined;

/**
 * A contender's call, `() => body` over the names of `scope`, compiled on its own: a literal in the mode loop would be
 * one function for every mode, its call site seeing each mode's exports in turn. The shared harness keeps one per text.
 */
const sharedThunks = new Map<string, (scope: Record<string, unknown>) => () => unknown>();
function ownThunk(body: string, scope: Record<string, unknown>): () => unknown {
  const make = (): ((scope: Record<string, unknown>) => () => unknown) =>
    new Function('s', `/* call ${++loopSerial} */ const { ${Object.keys(scope).join(', ')} } = s; return () => ${body};`) as (scope: Record<string, unknown>) => () => unknown;
  if (!SHARED_LOOPS) return make()(scope);
  let f = sharedThunks.get(body);
  if (f === undefined) sharedThunks.set(body, f = make());
  return f(scope);
}

/** A contender's own copy of the loops (V8 caches `new Function` by source: each copy's text names its serial). */
function ownLoops(): Loops {
  if (SHARED_LOOPS && shared !== undefined) return shared;
  const l = new Function('now', 'IN_FLIGHT', `/* contender ${++loopSerial} */${LOOPS_SOURCE}`)(now, IN_FLIGHT) as Loops;
  if (SHARED_LOOPS) shared = l;
  return l;
}

/** Every contender once per round, rotating the start; `samples[contender][round]`. */
async function rounds(fns: readonly (() => Promise<number>)[], k: number): Promise<number[][]> {
  const out: number[][] = fns.map(() => []);
  for (let r = 0; r < k; r++) {
    for (let j = 0; j < fns.length; j++) {
      const i = (r + j) % fns.length;
      out[i]!.push(await fns[i]!());
    }
  }
  return out;
}

async function ms(f: () => Promise<unknown>): Promise<number> {
  const t0 = now();
  await f();
  return now() - t0;
}

/** A plain web-streams copy: 16 MiB in 64 KiB chunks, each copied out of a source buffer and into a destination. */
async function plainCopy(): Promise<void> {
  const src = new Uint8Array(MIB16).fill(1);
  const dst = new Uint8Array(MIB16);
  let at = 0;
  const rs = new ReadableStream<Uint8Array>({
    pull(c) { if (at >= MIB16) c.close(); else { c.enqueue(src.slice(at, at + CHUNK)); at += CHUNK; } },
  });
  let off = 0;
  for await (const chunk of rs as unknown as AsyncIterable<Uint8Array>) { dst.set(chunk, off); off += chunk.length; }
  if (off !== MIB16) throw new Error('plain copy lost bytes');
}

type Instantiate = (imports: Record<string, unknown>) => Exports;

async function modes(bytes: Uint8Array): Promise<[string, Instantiate][]> {
  const cg = await Component.compile(bytes, { mode: 'codegen' });
  const ip = await Component.compile(bytes, { mode: 'interp' });
  const aot = await compileAot(bytes, []);
  return [
    ['codegen', (i) => cg.instantiate(i).exports as Exports],
    ['interp', (i) => ip.instantiate(i).exports as Exports],
    ['AOT', (i) => aot.instantiate(i as never).exports as Exports],
  ];
}

export async function run(): Promise<void> {
  const bytes = await streamComponent();
  const syncRt = await modes(await assemble(SYNC_RT_WAT));
  const asyncModes = await modes(bytes);
  const n = 20_000;
  const ratio = (a: number[], b: number[]): string => `${fmtSpread(spread(perRound(a, b)), 1)}×`.padStart(20);
  const ns = (xs: number[]): string => fmtNs(spread(xs).median).padStart(10);
  // Floors any Promise-based call pays, in plain JS: awaiting a function that returns a settled Promise, and an
  // async function awaiting an async host function (the same shape as the round trip, with no component).
  {
    const host = async (a: number): Promise<number> => a + 1;
    const settled = (a: number, b: number): Promise<number> => Promise.resolve(a + b);
    const jsRoundTrip = async (a: number): Promise<number> => await host(a);
    const [l0, l1, l2] = [ownLoops(), ownLoops(), ownLoops()];
    const floors = [() => l0.batch(n, () => settled(1, 2)), () => l1.batch(n, () => jsRoundTrip(1)), () => l2.inFlight(n, () => settled(1, 2))];
    for (const f of floors) await f();
    const [fs, frt, ffl] = await rounds(floors, 15);
    console.log(`JS floors (no component): awaited call returning a settled Promise ${ns(fs!)}; the same in flight (groups of ${IN_FLIGHT}, one Promise.all each) ${ns(ffl!)}; async fn awaiting an async host fn ${ns(frt!)}`);
  }
  console.log(`calls (ns per call, medians; ratios per round, median [p25–p75])      ${'sync'.padStart(10)}${'awaited sync'.padStart(13)}${'async'.padStart(10)}${'async/sync'.padStart(20)}${'async/awaited'.padStart(20)}`);
  for (let m = 0; m < asyncModes.length; m++) {
    const [mode, make] = asyncModes[m]!;
    const x = make({ host: async (a: number) => a + 1 });
    // The same guest with a host function that returns a plain value: the async lower completes at once (RETURNED).
    const xp = make({ host: (a: number) => a + 1 });
    const y = syncRt[m]![1]({ 'host-sync': (a: number) => a + 1 });
    const l = Array.from({ length: 9 }, ownLoops);
    const c = (body: string): (() => unknown) => ownThunk(body, { x, xp, y });
    // Made once: a contender's loop calls the same function every round.
    const [addSync, add, rtSync, rt, rtPlain, addSyncP] = ['x.addSync(1, 2)', 'x.add(1, 2)', 'y.roundTripSync(1)', 'x.roundTrip(1)', 'xp.roundTrip(1)', 'Promise.resolve(x.addSync(1, 2))'].map(c);
    const calls = [
      async () => l[0]!.syncBatch(n * 10, addSync!),
      () => l[1]!.batch(n, addSync!),
      () => l[2]!.batch(n, add!),
      async () => l[3]!.syncBatch(n * 10, rtSync!),
      () => l[4]!.batch(n, rtSync!),
      () => l[5]!.batch(n / 4, rt!),
      () => l[6]!.batch(n / 4, rtPlain!),
      () => l[7]!.inFlight(n, addSyncP!),
      () => l[8]!.inFlight(n, add!),
    ];
    for (const f of calls) await f(); // warm-up
    const [s, aws, a, rs, rws, ra, rp, fls, fla] = await rounds(calls, 15);
    console.log(`  ${mode.padEnd(7)} async add(u32,u32) export call (awaited)                ${ns(s!)}${ns(aws!).padStart(13)}${ns(a!)}${ratio(a!, s!)}${ratio(a!, aws!)}`);
    console.log(`  ${mode.padEnd(7)} ${`the same, in flight (${IN_FLIGHT} per Promise.all)`.padEnd(56)}${ns(s!)}${ns(fls!).padStart(13)}${ns(fla!)}${ratio(fla!, s!)}${ratio(fla!, fls!)}`);
    console.log(`  ${mode.padEnd(7)} async import round trip (guest → async host → guest)     ${ns(rs!)}${ns(rws!).padStart(13)}${ns(ra!)}${ratio(ra!, rs!)}${ratio(ra!, rws!)}`);
    console.log(`  ${mode.padEnd(7)} the same, the host returning a plain value (no Promise)  ${ns(rs!)}${ns(rws!).padStart(13)}${ns(rp!)}${ratio(rp!, rs!)}${ratio(rp!, rws!)}`);
  }

  await innerCalls(n);

  const [, make] = asyncModes[0]!;
  const x = make({ host: async (a: number) => a + 1 });
  const y = make({ host: async (a: number) => a + 1 });
  const streams = [
    () => ms(plainCopy),
    () => ms(async () => {
      let got = 0;
      for await (const ch of await x.produce!(MIB16) as AsyncIterable<Uint8Array>) got += ch.length;
      if (got !== MIB16) throw new Error('guest→JS lost bytes');
    }),
    () => ms(async () => {
      const src = new Uint8Array(MIB16).fill(1);
      async function* chunks(): AsyncGenerator<Uint8Array> { for (let at = 0; at < MIB16; at += CHUNK) yield src.subarray(at, at + CHUNK); }
      if (await x.drain!(chunks()) !== BigInt(MIB16)) throw new Error('JS→guest lost bytes');
    }),
    () => ms(async () => {
      if (await y.drain!(await x.produce!(MIB16)) !== BigInt(MIB16)) throw new Error('guest→guest lost bytes');
    }),
  ];
  for (const f of streams) await f();
  const [plain, ...rest] = await rounds(streams, 9);
  const mbs = (t: number): string => `${((MIB16 / 1e6) / (t / 1e3)).toFixed(0)} MB/s`;
  const p = spread(plain!).median;
  console.log(`16 MiB stream<u8> (codegen; ms, medians; time / plain copy per round, median [p25–p75]; target ≤ 2×)`);
  console.log(`  plain ReadableStream copy (64 KiB chunks)        ${p.toFixed(1).padStart(8)} ms  ${mbs(p).padStart(10)}`);
  const names = ['guest → JS', 'JS → guest', 'guest → guest (fused, memory to memory)'];
  rest.forEach((xs, i) => {
    const t = spread(xs).median;
    console.log(`  ${names[i]!.padEnd(48)} ${t.toFixed(1).padStart(8)} ms  ${mbs(t).padStart(10)}  ${fmtSpread(spread(perRound(xs, plain!)))}× plain`);
  });

  // stream<string> through two relay instances (JS → guest → guest → JS, 16 elements per guest copy): the guest →
  // guest copies fused (memory to memory) against lifted to JS strings and lowered again (`fuse: false`). Fresh
  // instances per round (the fixture's bump allocator never frees); both ends in JS cost the same in each.
  const relay = await relayComponent('string', 8);
  const relays = [await Component.compile(relay, { mode: 'codegen' }), await Component.compile(relay, { mode: 'codegen', fuse: false })];
  const strs = Array.from({ length: 256 }, (_, i) => `string number ${i} ü`);
  const chunks = Array.from({ length: 8 }, () => strs);
  const through = relays.map((c) => () => ms(async () => {
    const a = c.instantiate({}).exports as Exports, b = c.instantiate({}).exports as Exports;
    let got = 0;
    for await (const ch of await a.relay!(await b.relay!(chunks)) as AsyncIterable<string[]>) got += ch.length;
    if (got !== 2048) throw new Error('relay lost strings');
  }));
  for (const f of through) await f();
  const [fusedT, unfusedT] = await rounds(through, 15);
  console.log(`2048 strings, stream<string> JS → guest → guest → JS (codegen): fused ${spread(fusedT!).median.toFixed(2)} ms, unfused ${spread(unfusedT!).median.toFixed(2)} ms; fused/unfused ${fmtSpread(spread(perRound(fusedT!, unfusedT!)))}×`);
}

/**
 * Async calls that need no JS await, made by a core loop inside one synchronous export call (test/async/inner-fixture.ts):
 * guest → host through `canon lower async`, the host returning a plain value (RETURNED at once, the result at the
 * out-pointer), against the same loop calling a plain import through a sync lower; guest → guest, the callee's async
 * callback lift returning in its first run (task.return, EXIT) against its sync lift, with the two kumiki instances
 * fused (memory to memory) and linked through JS (`fuse: false`). ns per inner call; each contender one loop call per
 * round, of `k` inner calls.
 */
async function innerCalls(n: number): Promise<void> {
  const f = await innerFixtures();
  const host = (a: number): number => a + 1;
  type Compile = (b: Uint8Array, fuse: boolean) => Promise<{ instantiate(i: Record<string, unknown>): { exports: unknown } }>;
  const compilers: [string, Compile][] = [
    ['codegen', (b, fuse) => Component.compile(b, { mode: 'codegen', fuse })],
    ['interp', (b, fuse) => Component.compile(b, { mode: 'interp', fuse })],
    // (A transpiled module always fuses with another kumiki instance: no through-JS row.)
    ['AOT', (b) => compileAot(b, [])],
  ];
  console.log(`async calls inside one export call, no JS await (ns per inner call, medians; ratio per round, median [p25–p75]; target ≤ 10×)`);
  console.log(`${''.padEnd(60)}${'sync'.padStart(10)}${'async'.padStart(10)}${'async/sync'.padStart(20)}`);
  for (const [mode, compile] of compilers) {
    const h = (await compile(f.hostLoop, true)).instantiate({ host, 'host-sync': host }).exports as Exports;
    const pairs: [string, Exports][] = [];
    for (const fuse of mode === 'AOT' ? [true] : [true, false]) {
      const x = (await compile(f.callee, fuse)).instantiate({}).exports as Exports;
      pairs.push([fuse ? 'fused' : 'through JS', (await compile(f.caller, fuse)).instantiate({ add: x.add, 'add-sync': x.addSync }).exports as Exports]);
    }
    const k = mode === 'interp' ? n * 2 : n * 10;
    const time = (g: (k: number) => unknown, kk: number) => async (): Promise<number> => {
      const t0 = now();
      g(kk);
      return ((now() - t0) * 1e6) / kk;
    };
    const calls = [time(h.loopSync!, k), time(h.loopAsync!, k)];
    for (const [, y] of pairs) calls.push(time(y.loopSync!, k / 2), time(y.loopAsync!, k / 2));
    for (const c of calls) await c();
    const r = await rounds(calls, 15);
    const row = (label: string, s: number[], a: number[]): void => {
      console.log(`  ${mode.padEnd(7)} ${label.padEnd(51)}${fmtNs(spread(s).median).padStart(10)}${fmtNs(spread(a).median).padStart(10)}${`${fmtSpread(spread(perRound(a, s)), 1)}×`.padStart(20)}`);
    };
    row('guest → host (async lower, host returns a value)', r[0]!, r[1]!);
    pairs.forEach(([label], i) => row(`guest → guest async add, ${label}`, r[2 + 2 * i]!, r[3 + 2 * i]!));
  }
}
