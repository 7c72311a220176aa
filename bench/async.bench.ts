// Component-model async (issue 12): an async export call and an async import round trip against a sync call, and a
// 16 MiB stream<u8> guest→JS, JS→guest and guest→guest (two instances; copies go memory to memory) against a plain
// web ReadableStream copy of the same bytes in 64 KiB chunks. Medians of several runs; no JSPI (callback lifts).
import { Component } from '../src/index.js';
import { streamComponent } from '../test/async/stream-fixture.js';
import { fmtNs, nsPerOp } from './timing.js';

type Exports = Record<string, (...a: unknown[]) => unknown>;

const MIB16 = 16 * 1024 * 1024;
const CHUNK = 64 * 1024;

async function median(runs: number, f: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await f());
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1]!;
}

/** ns per awaited call, `n` calls in sequence. */
async function perCall(n: number, f: () => unknown): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await f();
  return ((performance.now() - t0) * 1e6) / n;
}

async function ms(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
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

export async function run(): Promise<void> {
  const bytes = await streamComponent();
  const c = await Component.compile(bytes);
  const x = c.instantiate({ host: async (a: number) => a + 1 }).exports as Exports;
  const y = c.instantiate({ host: async (a: number) => a + 1 }).exports as Exports;
  for (let i = 0; i < 2000; i++) { await x.add!(1, 2); await x.roundTrip!(1); x.addSync!(1, 2); }

  const sync = nsPerOp(() => { x.addSync!(1, 2); });
  const asyncCall = await median(7, () => perCall(20_000, () => x.add!(1, 2)));
  const awaitedSync = await median(7, () => perCall(20_000, async () => x.addSync!(1, 2)));
  const roundTrip = await median(7, () => perCall(10_000, () => x.roundTrip!(1)));
  console.log(`add(u32,u32) sync call                         ${fmtNs(sync).padStart(10)}`);
  console.log(`add(u32,u32) async export call (awaited)       ${fmtNs(asyncCall).padStart(10)}   ${(asyncCall / sync).toFixed(1)}x sync; ${(asyncCall / awaitedSync).toFixed(1)}x an awaited sync call (${fmtNs(awaitedSync)})`);
  console.log(`async import round trip (guest → async host)   ${fmtNs(roundTrip).padStart(10)}   ${(roundTrip / sync).toFixed(1)}x sync`);

  const plain = await median(5, () => ms(plainCopy));
  const guestToJs = await median(5, () => ms(async () => {
    let n = 0;
    for await (const ch of await x.produce!(MIB16) as AsyncIterable<Uint8Array>) n += ch.length;
    if (n !== MIB16) throw new Error('guest→JS lost bytes');
  }));
  const jsToGuest = await median(5, () => ms(async () => {
    const src = new Uint8Array(MIB16).fill(1);
    async function* chunks(): AsyncGenerator<Uint8Array> { for (let at = 0; at < MIB16; at += CHUNK) yield src.subarray(at, at + CHUNK); }
    if (await x.drain!(chunks()) !== BigInt(MIB16)) throw new Error('JS→guest lost bytes');
  }));
  const guestToGuest = await median(5, () => ms(async () => {
    if (await y.drain!(await x.produce!(MIB16)) !== BigInt(MIB16)) throw new Error('guest→guest lost bytes');
  }));
  const mbs = (t: number): string => `${((MIB16 / 1e6) / (t / 1e3)).toFixed(0)} MB/s`;
  console.log(`16 MiB plain ReadableStream copy (64 KiB)      ${plain.toFixed(1).padStart(8)} ms  ${mbs(plain).padStart(10)}`);
  for (const [name, t] of [['stream<u8> guest → JS', guestToJs], ['stream<u8> JS → guest', jsToGuest], ['stream<u8> guest → guest (memory to memory)', guestToGuest]] as const) {
    console.log(`16 MiB ${name.padEnd(40)} ${t.toFixed(1).padStart(8)} ms  ${mbs(t).padStart(10)}  ${(t / plain).toFixed(2)}x plain`);
  }
}
