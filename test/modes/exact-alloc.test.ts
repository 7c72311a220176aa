// Exact-length string allocation (issue 11, DESIGN.md §5): a string lowered into a guest is allocated with ONE
// realloc call at its exact encoded size, never a worst-case buffer shrunk (or an optimistic one grown) by a second
// call, as the preview1 adapter's bump allocator requires. Both guests here trap on any realloc with a non-zero old
// pointer; strings cross host → caller → callee and back in every encoding pair and every mode: the generated glue
// (codegen, AOT), the ABI's ops (interp), and the fused copies (fused-codegen, fused-interp).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { assemble, LIBC } from '../support/build.js';
import { compileAot } from '../fused/aot.js';
import { fusedComponent, type Enc, type FusedFunc } from '../fused/fixture.js';

await Component.loadInterpreter();

/** LIBC whose realloc traps unless it is a fresh allocation (old pointer 0): no shrinking, no growing. */
const STRICT_LIBC = LIBC.replace(
  '(local $p i32) (local $end i32)',
  '(local $p i32) (local $end i32)\n    (if (local.get $old) (then unreachable))',
);

const FUNCS: readonly FusedFunc[] = [
  { name: 'echo', sig: '(param "x" string) (result string)', flat: 2, retArea: true },
  { name: 'many', sig: '(param "x" (list string)) (result (list string))', flat: 2, retArea: true },
];
const ENCODINGS: readonly Enc[] = ['utf8', 'utf16', 'latin1+utf16'];
const STRINGS = [
  '', 'a', 'plain ascii', 'héllo', 'ÿ latin1 only é', '€', '日本語テキスト', '😀 emoji 🎉', '\uFEFFbom', 'a'.repeat(300),
  `${'a'.repeat(100)}é`, 'é'.repeat(200), `${'x'.repeat(70)}😀`, 'ÿ'.repeat(100) + 'Ā',
];
type Mode = 'codegen' | 'interp' | 'aot' | 'fused-codegen' | 'fused-interp';
const MODES: readonly Mode[] = ['codegen', 'interp', 'aot', 'fused-codegen', 'fused-interp'];
type Api = Record<string, (x: unknown) => unknown>;

async function instantiate(mode: Mode, bytes: Uint8Array): Promise<Api> {
  if (mode === 'aot') return (await compileAot(bytes, { fuse: false, features: [] })).instantiate({}) as unknown as Api;
  return new Component(bytes, { mode: mode.endsWith('interp') ? 'interp' : 'codegen', fuse: mode.startsWith('fused') }).instantiate({}).exports as unknown as Api;
}

describe('strings are allocated once, at their exact length', () => {
  it('the strict realloc does trap on a second call for the same memory (self-check)', async () => {
    const m = new WebAssembly.Instance(new WebAssembly.Module(await assemble(`(module ${STRICT_LIBC})`) as Uint8Array<ArrayBuffer>));
    const realloc = m.exports.realloc as (a: number, b: number, c: number, d: number) => number;
    const p = realloc(0, 0, 1, 10);
    assert.throws(() => realloc(p, 10, 1, 5), WebAssembly.RuntimeError);
  });

  for (const mode of MODES) {
    it(`every encoding pair, ${mode}`, async () => {
      for (const from of ENCODINGS) {
        for (const to of ENCODINGS) {
          const bytes = await assemble(fusedComponent(FUNCS, from, to).replaceAll(LIBC, STRICT_LIBC));
          const before = fuseStats.fused;
          const api = await instantiate(mode, bytes);
          assert.equal(fuseStats.fused - before, mode.startsWith('fused') ? FUNCS.length : 0);
          for (const s of STRINGS) assert.equal(api.echo!(s), s, `${from} → ${to}: ${JSON.stringify(s.slice(0, 12))}`);
          assert.deepEqual(api.many!(STRINGS), STRINGS, `${from} → ${to}: a list of strings`);
        }
      }
    });
  }
});
