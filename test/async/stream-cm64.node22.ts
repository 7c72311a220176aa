// stream<T> and future<T> over 64-bit memories (cm64), run by test/async/stream-cm64.test.ts under a Node whose V8
// compiles memory64 (standalone: `node dist/test/async/stream-cm64.node22.js`): stream.read/write take i64 pointers
// and lengths and return i64 (CanonicalABI.md canon stream.{read,write}), elements are laid out with 8-byte pointers
// and lengths, and elements holding strings or lists convert through the same plans as 32-bit ones — JS → guest →
// JS and guest → guest, in codegen, interp and AOT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ValidationError } from '../../src/index.js';
import { compileAot } from '../fused/aot.js';
import { relayComponent } from './relay-fixture.js';
import { assemble } from '../support/build.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';

await Component.loadInterpreter();
await Component.loadAsync();
const features = ['cm64'];
type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;
type Load = (bytes: Uint8Array) => Promise<() => Exports>;
const MODES: readonly [string, Load][] = [
  ['codegen', async (b) => { const c = new Component(b, { mode: 'codegen', features }); return () => c.instantiate({}).exports as Exports; }],
  ['interp', async (b) => { const c = new Component(b, { mode: 'interp', features }); return () => c.instantiate({}).exports as Exports; }],
  ['aot', async (b) => { const c = await compileAot(b, { fuse: true, features }); return () => c.instantiate({}) as Exports; }],
];

/** Element type, its size in a 64-bit memory, type definitions, chunks. */
const CASES: readonly [string, number, string, unknown[][]][] = [
  ['u32', 4, '', [[1, 2, 0xffffffff]]],
  ['string', 16, '', [['a', 'ünï€😀', ''], ['x'.repeat(300)]]],
  ['(list string)', 16, '', [[['a', 'b'], []], [['ç']]]],
  ['$E', 24, '(type $E0 (record (field "a" string) (field "b" u32)))', [[{ a: 'x', b: 1 }, { a: '', b: 4294967295 }]]],
  ['(option string)', 24, '', [['x', undefined, '']]],
];

async function readAll(s: unknown): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const c of s as AsyncIterable<ArrayLike<unknown>>) out.push(...Array.from(c));
  return out;
}

describe('stream/future over 64-bit memories (cm64)', () => {
  it('stream.read over a 64-bit memory has the core type (i32 i64 i64) -> i64; a 32-bit one is invalid', async () => {
    const text = (sig: string): string => `(component
      (type $S (stream u8))
      (core module $L (memory (export "mem") i64 1))
      (core instance $l (instantiate $L))
      (alias core export $l "mem" (core memory $m))
      (core func $r (canon stream.read $S async (memory $m)))
      (core module $M (import "" "r" (func ${sig})))
      (core instance (instantiate $M (with "" (instance (export "r" (func $r)))))))`;
    assert.ok(new Component(await assemble(text('(param i32 i64 i64) (result i64)')), { features }));
    const bad = await assemble(text('(param i32 i32 i32) (result i32)'));
    assert.throws(() => new Component(bad, { features }), (e: Error) => e instanceof ValidationError && /type mismatch|i64/.test(e.message));
  });
  for (const [mode, load] of MODES) {
    for (const [elem, size, types, chunks] of CASES) {
      it(`${mode}: stream<${elem}> and future<${elem}>, JS → guest → JS and guest → guest`, async () => {
        const make = await load(await relayComponent(elem, size, types, true));
        const x = make();
        const got = await readAll(await x.relay!(chunks));
        assert.deepStrictEqual(elem === 'u32' ? got.map(Number) : got, chunks.flat());
        const before = fuseStats.fused;
        const chained = await readAll(await x.relay!(await make().relay!(chunks)));
        assert.deepStrictEqual(elem === 'u32' ? chained.map(Number) : chained, chunks.flat());
        // Guest → guest: elements holding strings or lists through a fused adapter of two 64-bit sides.
        assert.equal(fuseStats.fused - before, elem === 'u32' ? 0 : 1, fuseStats.lastBlocker);
        const v = chunks[0]![0];
        assert.deepStrictEqual(await (make().frelay!(Promise.resolve(v)) as PromiseLike<unknown>), v);
        assert.deepStrictEqual(await (make().frelay!(await make().frelay!(v)) as PromiseLike<unknown>), v);
      });
    }
  }
});
