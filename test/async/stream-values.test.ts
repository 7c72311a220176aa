// stream<T> and future<T> of every element kind between JS and a guest, both directions, and guest → guest
// (README "Async"): elements that are not numbers cross as arrays of JS values, converted by the adapter plans of
// list<T> (program.ts elemCodecPlans), so codegen, interp and transpiled (AOT) modules agree.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { relayComponent, relayText } from './relay-fixture.js';
import { compileAot } from '../support/wast-run-aot.js';
import { compileAot as compileFusedAot } from '../fused/aot.js';
import { assemble } from '../support/build.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';

type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;

interface Case {
  readonly name: string;
  readonly elem: string;
  readonly size: number;
  readonly types?: string;
  readonly features?: readonly string[];
  /** Chunks JS writes; what it reads back is the same elements (`expect` when their JS form differs). */
  readonly chunks: (x: Exports) => unknown[][];
  readonly check?: (got: unknown[], x: Exports) => void | Promise<void>;
  /** Not relayed guest → guest (each instance of the component has its own resource type). */
  readonly single?: true;
}

const CASES: readonly Case[] = [
  { name: 'string', elem: 'string', size: 8, chunks: () => [['a', 'ünï€😀'], ['', 'x'.repeat(300)], ['\ufeffbom']] },
  { name: 'list<u32>', elem: '(list u32)', size: 8, chunks: () => [[new Uint32Array([1, 2, 3]), new Uint32Array(0)], [new Uint32Array([7])]] },
  { name: 'list<string>', elem: '(list string)', size: 8, chunks: () => [[['a', 'b'], []], [['ç']]] },
  { name: 'record with a string', elem: '$E', size: 12, types: '(type $E0 (record (field "a" string) (field "b" u32)))', chunks: () => [[{ a: 'x', b: 1 }, { a: '', b: 4294967295 }]] },
  { name: 'plain record', elem: '$E', size: 16, types: '(type $E0 (record (field "x" u32) (field "y" f64)))', chunks: () => [[{ x: 1, y: 0.5 }, { x: 2, y: -1e300 }]] },
  { name: 'variant', elem: '$E', size: 12, types: '(type $E0 (variant (case "none") (case "str" string) (case "num" u32)))', chunks: () => [[{ tag: 'str', val: 'hi' }, { tag: 'num', val: 9 }, { tag: 'none' }]] },
  { name: 'option<string>', elem: '(option string)', size: 12, chunks: () => [['x', undefined, '']] },
  { name: 'result<string, u32>', elem: '(result string (error u32))', size: 12, chunks: () => [[{ tag: 'ok', val: 'fine' }, { tag: 'err', val: 5 }]] },
  { name: 'tuple<u8, string>', elem: '(tuple u8 string)', size: 12, chunks: () => [[[1, 'a'], [255, 'zz']]] },
  { name: 'bool', elem: 'bool', size: 1, chunks: () => [[true, false, true]] },
  { name: 'enum', elem: '$E', size: 1, types: '(type $E0 (enum "red" "green"))', chunks: () => [['green', 'red']] },
  { name: 'flags', elem: '$E', size: 1, types: '(type $E0 (flags "a" "b"))', chunks: () => [[{ a: true, b: false }, { a: false, b: true }]] },
  {
    name: 'own<r>', elem: '(own $R)', size: 4, single: true, chunks: (x) => [[x.make!(5), x.make!(6)]],
    check: (got, x) => { assert.deepEqual(got.map((r) => x.repOf!(r)), [5, 6]); },
  },
  {
    name: 'stream<u8>', elem: '$E', size: 4, types: '(type $E (stream u8))', chunks: () => [[[new Uint8Array([1, 2])], [new Uint8Array([3])]]],
    check: async (got) => {
      const out: number[][] = [];
      for (const s of got) { const b: number[] = []; for await (const c of s as AsyncIterable<Uint8Array>) b.push(...c); out.push(b); }
      assert.deepEqual(out, [[1, 2], [3]]);
    },
  },
  {
    name: 'future<string>', elem: '$E', size: 4, types: '(type $E (future string))', chunks: () => [[Promise.resolve('later'), 'now']],
    check: async (got) => { assert.deepEqual(await Promise.all(got as PromiseLike<unknown>[]), ['later', 'now']); },
  },
  {
    name: 'error-context', elem: 'error-context', size: 4, features: ['cm-error-context'], chunks: () => [[new Error('boom')]],
    check: (got) => { assert.ok(got[0] instanceof Error); assert.equal((got[0] as Error).message, 'boom'); },
  },
];

async function readAll(s: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const c of s as AsyncIterable<unknown[]>) { assert.ok(Array.isArray(c)); out.push(...c); }
  return out;
}

type Load = (bytes: Uint8Array, features: readonly string[]) => Promise<() => Exports>;
const MODES: readonly [string, Load][] = [
  ['codegen', async (b, features) => { const c = await Component.compile(b, { mode: 'codegen', features: [...features] }); return () => c.instantiate({}).exports as Exports; }],
  ['interp', async (b, features) => { const c = await Component.compile(b, { mode: 'interp', features: [...features] }); return () => c.instantiate({}).exports as Exports; }],
  ['aot', async (b, features) => { const c = await compileAot(b, features); return () => c.instantiate({}).exports as Exports; }],
];

for (const [mode, load] of MODES) {
  describe(`stream/future elements of every kind (${mode})`, () => {
    for (const k of CASES) {
      it(`stream<${k.name}>: JS → guest → JS, and guest → guest`, async () => {
        const make = await load(await relayComponent(k.elem, k.size, k.types), k.features ?? []);
        for (const chained of k.single === true ? [false] : [false, true]) {
          const x = make();
          const chunks = k.chunks(x);
          const out = chained ? await x.relay!(await make().relay!(chunks)) : await x.relay!(chunks);
          const got = await readAll(out);
          if (k.check !== undefined) await k.check(got, x);
          else assert.deepStrictEqual(got, chunks.flat());
        }
      });
    }
    for (const k of CASES.filter((c) => c.check === undefined)) {
      it(`future<${k.name}>: a Promise-like from the guest; a Promise or a value into it`, async () => {
        const make = await load(await relayComponent(k.elem, k.size, k.types), k.features ?? []);
        const v = k.chunks(make())[0]![0];
        assert.deepStrictEqual(await (make().frelay!(Promise.resolve(v)) as Promise<unknown>), v);
        const y = make();
        assert.deepStrictEqual(await (y.frelay!(await make().frelay!(v)) as Promise<unknown>), v);
      });
    }
  });
}

describe('stream/future elements: edge cases', () => {
  const strings = (): Promise<Uint8Array> => relayComponent('string', 8);

  it('JS stops reading early: the guest sees its reader drop; a ReadableStream of values works both ways', async () => {
    const c = await Component.compile(await strings());
    const x = c.instantiate({}).exports as Exports;
    async function* many(): AsyncGenerator<string[]> { for (let i = 0; i < 100; i++) yield [`s${i}`]; }
    let seen = 0;
    for await (const chunk of await x.relay!(many()) as AsyncIterable<string[]>) { seen += chunk.length; if (seen >= 3) break; }
    assert.ok(seen >= 3);
    // The relay keeps its state in globals (one relay at a time per instance): the second relay runs in a fresh
    // instance, with no wait on when the first one sees its reader drop.
    const x2 = c.instantiate({}).exports as Exports;
    const rs = new ReadableStream<string[]>({ start(ctl) { ctl.enqueue(['a', 'b']); ctl.enqueue(['c']); ctl.close(); } });
    const out = (await x2.relay!(rs) as { toReadableStream(): ReadableStream<string[]> }).toReadableStream();
    const got: string[] = [];
    for await (const ch of out as unknown as AsyncIterable<string[]>) got.push(...ch);
    assert.deepEqual(got, ['a', 'b', 'c']);
  });

  // Errors of JS sources (wrong values, failing sources, rejected futures): stream-errors.test.ts.

  it('stream<u8> from a ReadableStream JS cancels midway: the guest writer sees its reader drop', async () => {
    const c = await Component.compile(await relayComponent('u8', 1));
    const x = c.instantiate({}).exports as Exports;
    const rs = (await x.relay!([new Uint8Array(10), new Uint8Array(10)]) as { toReadableStream(): ReadableStream<Uint8Array> }).toReadableStream();
    const reader = rs.getReader();
    const first = await reader.read();
    assert.ok(first.value instanceof Uint8Array && first.value.length > 0);
    await reader.cancel();
    // The relay task ended (its writer saw the reader drop): the instance takes the next call.
    let n = 0;
    for await (const ch of await x.relay!([new Uint8Array([1, 2])]) as AsyncIterable<Uint8Array>) n += ch.length;
    assert.equal(n, 2);
  });

  it('a stream from the guest pipes into a web WritableStream', async () => {
    const c = await Component.compile(await strings());
    const x = c.instantiate({}).exports as Exports;
    const got: string[] = [];
    const ws = new WritableStream<string[]>({ write(chunk) { got.push(...chunk); } });
    await (await x.relay!([['p', 'q'], ['r']]) as { pipeTo(w: WritableStream<string[]>): Promise<void> }).pipeTo(ws);
    assert.deepEqual(got, ['p', 'q', 'r']);
  });
});

/** The relay with its stream's resource type imported (`r`: a host class), so that two instances share it. */
function hostResourceRelay(elem: string, size: number, types: string): Promise<Uint8Array> {
  return assemble(relayText(elem, size, types)
    .replace('(type $R0 (resource (rep i32)))', '(import "r" (type $R0 (sub resource))) (type $L0 (resource (rep i32))) (export $L "l" (type $L0))')
    .replace('(canon resource.new $R0)', '(canon resource.new $L0)')
    .replace('(result (own $R))', '(result (own $L))').replace('(param "x" (borrow $R))', '(param "x" (borrow $L))'));
}

class Res { constructor(readonly n: number) {} }

// Futures take the same path (GuestBuffer.takeFrom); an async export's future result is adopted by its Promise, so
// JS cannot hand one guest's future to another here.
describe('guest → guest stream copies go memory to memory (fused, issue 12 Build 5)', () => {
  type Make = (bytes: Uint8Array) => Promise<(imports: Record<string, unknown>) => Exports>;
  const ENGINES: readonly [string, boolean, Make][] = [
    ['codegen', true, async (b) => { const c = await Component.compile(b, { mode: 'codegen' }); return (i) => c.instantiate(i).exports as Exports; }],
    ['interp', true, async (b) => { const c = await Component.compile(b, { mode: 'interp' }); return (i) => c.instantiate(i).exports as Exports; }],
    ['aot', true, async (b) => { const c = await compileFusedAot(b, { fuse: true, features: [] }); return (i) => c.instantiate(i) as Exports; }],
    ['codegen unfused', false, async (b) => { const c = await Component.compile(b, { mode: 'codegen', fuse: false }); return (i) => c.instantiate(i).exports as Exports; }],
    ['aot unfused', false, async (b) => { const c = await compileFusedAot(b, { fuse: false, features: [] }); return (i) => c.instantiate(i) as Exports; }],
  ];
  const a = new Res(1), b = new Res(2);
  const FUSED: readonly [string, () => Promise<Uint8Array>, unknown[][]][] = [
    ['string', () => relayComponent('string', 8), [['a', 'ünï€😀', ''], ['x'.repeat(300), '\ufeffbom']]],
    ['list<string>', () => relayComponent('(list string)', 8), [[['a', 'b'], []], [['ç']]]],
    ['record with a string', () => relayComponent('$E', 12, '(type $E0 (record (field "a" string) (field "b" u32)))'), [[{ a: 'x', b: 1 }, { a: '', b: 4294967295 }]]],
    ['record with a string and an own<r>', () => hostResourceRelay('$E', 8, '(type $E0 (record (field "s" string) (field "h" (own $R))))'), [[{ s: 'one', h: a }, { s: 'twö', h: b }]]],
  ];
  for (const [engine, fuses, make] of ENGINES) {
    for (const [name, bytes, chunks] of FUSED) {
      it(`${engine}: stream<${name}>`, async () => {
        const inst = await make(await bytes());
        const imports = { r: Res };
        const before = fuseStats.fused;
        const x = inst(imports), y = inst(imports);
        assert.deepStrictEqual(await readAll(await x.relay!(await y.relay!(chunks))), chunks.flat());
        // One fused adapter per (writer, reader) pair of instances: y's stream.write into x's stream.read.
        assert.equal(fuseStats.fused - before, fuses ? 1 : 0, fuseStats.lastBlocker);
      });
    }
  }
});
