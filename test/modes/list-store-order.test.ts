// A list argument's realloc comes before its elements are checked, in every mode (the seeded property test, seed
// 1322498965 case 855). CanonicalABI.md "Storing": store_list_into_range calls realloc for the whole list, then
// stores each element; a bad element (a JS value no WIT type accepts) fails during those stores. codegen used to
// check an array given for `list<u16>` (and the other typed-array lists) before the realloc, interp after it, so a
// failed call left the guest's bump allocator in different places and later results read different memory.
// The guest exports `top` (its bump pointer), so the allocations are observable; the expected pointers are worked
// out by hand from the spec's layout (elemSize, alignment) and call order. The elements before a bad one are
// stored (seed 1350240437 case 161), so that memory reads the same in every mode afterwards.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../fused/aot.js';

await Component.loadInterpreter();

const KINDS = ['s8', 'u8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64'] as const;

// The types of the failing case: t0 is 12 bytes (align 4), t1 76 bytes: proto option<t0> 16 @0, h 28 @16, a 32 @44.
const WAT = `(component
  (type $t0 (record (field "f-g" (list (tuple s8 f64))) (field "e" bool)))
  (export $e0 "t0" (type $t0))
  (type $t1 (record (field "proto" (option $e0)) (field "h" (tuple (list u16) (list u16) $e0)) (field "a" (tuple $e0 s8 (option $e0)))))
  (export $e1 "t1" (type $t1))
  (core module $L
    (memory (export "mem") 1)
    (global $b (mut i32) (i32.const 2048))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $b) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $b (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (func (export "top") (result i32) (global.get $b))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
  (core instance $l (instantiate $L))
  (core module $M
    (func (export "ptr") (param i32) (result i32) (local.get 0))
    (func (export "len") (param i32 i32) (result i32) (local.get 1)))
  (core instance $m (instantiate $M))
  (func $f0 (param "p0" (tuple $e1 f32)) (param "p1" $e1) (result u32) (canon lift (core func $m "ptr") (memory (core memory $l "mem")) (realloc (core func $l "realloc"))))
  (export "f0" (func $f0))
  (func $top (result u32) (canon lift (core func $l "top")))
  (export "top" (func $top))
  (func $load (param "p" u32) (result u8) (canon lift (core func $l "load")))
  (export "load" (func $load))
  ${KINDS.map((k) => `(func $l-${k} (param "x" (list ${k})) (result u32) (canon lift (core func $m "len") (memory (core memory $l "mem")) (realloc (core func $l "realloc"))))
  (export "l-${k}" (func $l-${k}))`).join('\n  ')}
)`;

type Api = Record<string, (...a: unknown[]) => unknown>;
const MODES = ['codegen', 'interp', 'aot'] as const;

async function instantiate(mode: (typeof MODES)[number]): Promise<Api> {
  const bytes = await assemble(WAT);
  if (mode === 'aot') return (await compileAot(bytes, { fuse: false, features: [] })).instantiate({}) as unknown as Api;
  return new Component(bytes, { mode }).instantiate({}).exports as unknown as Api;
}

const t0 = (fG: unknown[], e: boolean): unknown => ({ fG, e });
const camel = (k: string): string => `l${k[0]!.toUpperCase()}${k.slice(1)}`;

describe('a list is allocated before its elements are checked (store_list_into_range), in every mode', () => {
  for (const mode of MODES) {
    it(`record/tuple/option shapes of the property case, and every typed-array element kind, ${mode}`, async () => {
      const api = await instantiate(mode);
      assert.equal(api.top!(), 2048);

      // Parameters spill (19 + 1 + 19 flat > 16): realloc(0, 0, 4, 156) → 2048..2204; then p0's proto is none,
      // h[0] = [1, 2] → realloc(0, 0, 2, 4) at 2204; h[1] = [{}, 5] → realloc(0, 0, 2, 4) at 2208, then its
      // element 0 fails. The bump pointer ends at 2212.
      const bad = { proto: undefined, h: [[1, 2], [{}, 5], t0([], false)], a: [t0([], false), 0, undefined] };
      assert.throws(() => api.f0!([bad, 1.5], bad), { name: 'TypeError', message: 'f0(p0)[0].h[1][0]: expected u16 (a number), got an object' });
      assert.equal(api.top!(), 2212);

      // A good call: the block at 2212 (returned: the core function's pointer), then per t1 value: proto's list of
      // one tuple<s8, f64> (16 bytes, align 8) at 2368 and 2392, h[0] (2 bytes), h[1] (4 bytes), then two empty
      // lists of align 8 (realloc(0, 0, 8, 0) still aligns the bump pointer): 2390 → 2392, 2414 → 2416.
      const good = { proto: t0([[-1, 2.5]], true), h: [Uint16Array.of(7), [8, 9], t0([], true)], a: [t0([], false), -3, undefined] };
      assert.equal(api.f0!([good, 1.5], good), 2212);
      assert.equal(api.top!(), 2416);

      // A typed array of the wrong kind fails before any allocation (the list's shape is checked first).
      assert.throws(() => api.lU16!(new Float64Array(2)), { name: 'TypeError', message: /^l-u16\(x\): expected a Uint16Array or an array for list<u16>, got / });
      assert.equal(api.top!(), 2416);

      // [good, bad] as a plain array: realloc(0, 0, size, 2 * size) first, then element 1 fails; then a good call.
      const expectedTops = [2418, 2422, 2428, 2436, 2448, 2464, 2488, 2520, 2544, 2568];
      KINDS.forEach((k, i) => {
        const big = k.endsWith('64') && !k.startsWith('f');
        const f = api[camel(k)]!;
        assert.throws(() => f([big ? 1n : 1, big ? 1 : 'x']), { name: 'TypeError', message: new RegExp(`^l-${k}\\(x\\)\\[1\\]: expected ${k} `) }, k);
        assert.equal(api.top!(), expectedTops[i], `${k}: after the failed call`);
        // Element 0 was stored before element 1 failed (seed 1350240437 case 161: codegen used to check the whole
        // array first, so a later result reading that memory differed). 1 is 0x01 in its low byte; 1.0 as f32 / f64
        // has 0x3f in its high byte.
        const size = Number(/\d+/.exec(k)![0]) / 8;
        const at = expectedTops[i]! - 2 * size + (k.startsWith('f') ? size - 1 : 0);
        assert.equal(api.load!(at), k.startsWith('f') ? 0x3f : 1, `${k}: element 0 stored`);
        assert.equal(f([big ? 1n : 1, big ? 2n : 2]), 2, k);
      });
      assert.equal(api.top!(), 2584);
    });
  }
});
