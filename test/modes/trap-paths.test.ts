// Traps name where in the value they happened, word for word the same in every mode (issue 9): a lie deep inside a
// result (`result of f[][1][]`: list elements `[]`, tuple elements `[1]`, an option's payload the value itself, as JS values are named and as the generated
// adapters name them), and a bad argument tuple of an import that the outer export's adapter must not rename.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { compileAot } from '../fused/aot.js';
import { LIBC, witComponent } from '../support/build.js';

await Component.loadInterpreter();

const WIT = `package kumiki:paths;
interface host {
  g: func(${Array.from({ length: 17 }, (_v, i) => `a${i}: u64`).join(', ')});
}
interface api {
  spill: func(p: u32);
  deep: func(x: list<u8>) -> list<tuple<u8, option<list<string>>>>;
}
world w { import host; export api; }`;

// 17 u64 parameters spill into a tuple in memory: g's core function takes its pointer. `deep` returns the bytes it
// was given as its return area (the bump allocator puts them at 1024).
const CORE = `(module
  (import "kumiki:paths/host" "g" (func $g (param i32)))
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")').replace('(func (export "reset1") (param i32) (call $reset))', '')}
  (func (export "kumiki:paths/api#spill") (param i32) (call $g (local.get 0)))
  (func (export "kumiki:paths/api#deep") (param i32 i32) (result i32) (local.get 0))
  (func (export "cabi_post_kumiki:paths/api#deep") (param i32) (call $reset))
)`;

const u32 = (x: number): number[] => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24];
const B = 1024;
/** (ptr, len) of one element at B+8: u8 7, some, (ptr, len) of one string at B+24: two bytes of invalid UTF-8. */
const LIE = Uint8Array.from([...u32(B + 8), ...u32(1), 7, 0, 0, 0, 1, 0, 0, 0, ...u32(B + 24), ...u32(1), ...u32(B + 32), ...u32(2), 0xc3, 0x28, 0, 0]);

type Api = { spill(p: number): void; deep(x: Uint8Array): unknown };

function trapMessage(f: () => unknown): string {
  try { f(); } catch (e) { assert.ok(e instanceof Trap, `a Trap, got ${String(e)}`); return e.message; }
  assert.fail('no trap');
}

describe('trap paths: the same location in every mode', () => {
  const messages = new Map<string, { deep: string; spill: string }>();
  before(async () => {
    const bytes = await witComponent(WIT, 'w', CORE);
    const host = { 'kumiki:paths/host': { g: () => undefined } };
    for (const mode of ['codegen', 'interp', 'aot'] as const) {
      const api = () => (mode === 'aot'
        ? compileAot(bytes, { fuse: false, features: [] }).then((c) => c.instantiate(host))
        : Promise.resolve(new Component(bytes, { mode }).instantiate(host).exports))
        .then((x) => x['kumiki:paths/api'] as unknown as Api);
      const a = await api();
      const deep = trapMessage(() => a.deep(LIE));
      const b = await api(); // the trap poisoned the first instance
      messages.set(mode, { deep, spill: trapMessage(() => b.spill(1)) });
    }
  });

  it('a lie inside a result names its path', () => {
    const codegen = messages.get('codegen')!.deep;
    assert.match(codegen, /canonical ABI: result of kumiki:paths\/api#deep\[\]\[1\]\[\]: invalid utf-8/);
    for (const mode of ['interp', 'aot']) assert.equal(messages.get(mode)!.deep, codegen, mode);
  });

  it("an import's argument tuple is named by the import, also through the export that called it", () => {
    const codegen = messages.get('codegen')!.spill;
    assert.match(codegen, /canonical ABI: kumiki:paths\/host#g: unaligned pointer 1 \(alignment 8\)/);
    for (const mode of ['interp', 'aot']) assert.equal(messages.get(mode)!.spill, codegen, mode);
  });
});
