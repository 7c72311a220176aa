// Fused adapters (DESIGN.md §1, §2 runtime): two nested components exchange values memory to memory. Every case
// runs fused and through JS (`fuse: false`) and both must give the same, expected answer; `fuseStats` proves which
// path was taken. Strings cross every pair of encodings; the callee's view of a string (its code-unit count) shows
// the transcoding happened in its encoding. Everything runs in codegen mode (generated fused adapters), interp mode
// and as transpiled components (both with interp/fuse.ts, no eval), and across modes.
import { describe, it, before } from 'node:test';
import { liftMap, mapToEntries } from '../../src/abi/map-entries.js';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { assemble } from '../support/build.js';
import { PARENT_CALLS_CHILD } from '../support/reentrance-fixtures.js';
import { compileAot } from './aot.js';
import { calleeComponent, callerComponent, fusedComponent, type Enc, type FusedFunc } from './fixture.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

const ENCODINGS: readonly Enc[] = ['utf8', 'utf16', 'latin1+utf16'];
const STRINGS = ['', 'hello', 'héllo wörld', 'ÿ latin1 only é', '日本語テキスト', '😀 emoji 🎉', '\uFEFFbom', 'a'.repeat(300), 'é'.repeat(70) + '€',
  // Past the native codecs' threshold (runtime/fuse-strings.ts BULK = 256 units): mixed, latin1-only, a BOM first.
  'héllo wörld — 日本 😀 '.repeat(30), 'ÿ café é'.repeat(60), '\uFEFF' + 'b'.repeat(400) + '€'];

const STRING_FUNCS: readonly FusedFunc[] = [
  { name: 'echo', sig: '(param "x" string) (result string)', flat: 2, retArea: true },
  { name: 'len', sig: '(param "x" string) (result u32)', flat: 2, retArea: false },
  { name: 'many', sig: '(param "x" (list string)) (result (list string))', flat: 2, retArea: true },
];

/** The flat length a callee in `enc` receives for `s` (CanonicalABI.md store_string: tagged code units). */
function flatLength(s: string, enc: Enc): number {
  if (enc === 'utf8') return new TextEncoder().encode(s).length;
  if (enc === 'utf16') return s.length;
  return [...s].every((c) => c.charCodeAt(0) < 256) ? s.length : (s.length | 0x80000000) >>> 0;
}

type Api = Record<string, (...a: unknown[]) => unknown>;

type Mode = 'codegen' | 'interp' | 'aot';
/**
 * Codegen fuses with generated code (codegen/fuse.ts); interp mode and transpiled components (`aot`: kumiki
 * transpile + kumiki/runtime) with the eval-free interp/fuse.ts. The same assertions run in each.
 */
const MODES: readonly Mode[] = ['codegen', 'interp', 'aot'];

/** A component compiled in `mode`; `fuse: false` crosses component-to-component calls through JS values. */
interface Compiled { instantiate(imports: Record<string, unknown>): Api }
async function compile(mode: Mode, bytes: Uint8Array, fuse = true, features: readonly string[] = []): Promise<Compiled> {
  if (mode === 'aot') {
    const c = await compileAot(bytes, { fuse, features });
    return { instantiate: (imports) => c.instantiate(imports) as unknown as Api };
  }
  const c = new Component(bytes, { fuse, features, mode });
  return { instantiate: (imports) => c.instantiate(imports).exports as unknown as Api };
}

async function instantiateIn(mode: Mode, bytes: Uint8Array, fuse: boolean, features: string[] = []): Promise<{ api: Api; fused: number }> {
  const c = await compile(mode, bytes, fuse, features);
  const before = fuseStats.fused;
  const api = c.instantiate({});
  return { api, fused: fuseStats.fused - before };
}

for (const mode of MODES) describe(`fused adapters in ${mode} mode`, () => suite(mode));

function suite(mode: Mode): void {
    const instantiate = (bytes: Uint8Array, fuse: boolean, features: string[] = []): Promise<{ api: Api; fused: number }> => instantiateIn(mode, bytes, fuse, features);

  describe('fused adapters: strings in every pair of encodings', () => {
    for (const from of ENCODINGS) {
      for (const to of ENCODINGS) {
        it(`${from} → ${to}`, async () => {
          const bytes = await assemble(fusedComponent(STRING_FUNCS, from, to));
          const fused = await instantiate(bytes, true);
          assert.equal(fused.fused, STRING_FUNCS.length, 'every import of the caller is fused');
          const js = await instantiate(bytes, false);
          assert.equal(js.fused, 0);
          for (const s of STRINGS) {
            assert.equal(fused.api.echo!(s), s, `echo ${JSON.stringify(s.slice(0, 20))}`);
            assert.equal(fused.api.len!(s), flatLength(s, to), `the callee sees ${JSON.stringify(s.slice(0, 20))} in ${to}`);
            assert.equal(js.api.len!(s), flatLength(s, to));
          }
          assert.deepEqual(fused.api.many!(STRINGS), STRINGS);
          assert.deepEqual(js.api.many!(STRINGS), STRINGS);
        });
      }
    }
  });

  const VALUE_FUNCS: readonly FusedFunc[] = [
    { name: 'nums', sig: '(param "x" (list u32)) (result (list u32))', flat: 2, retArea: true },
    { name: 'bytes', sig: '(param "x" (list u8)) (result (list u8))', flat: 2, retArea: true },
    { name: 'floats', sig: '(param "x" (list f64)) (result (list f64))', flat: 2, retArea: true },
    { name: 'tuples', sig: '(param "x" (list (tuple u8 string (list u16)))) (result (list (tuple u8 string (list u16))))', flat: 2, retArea: true },
    { name: 'scalars', sig: '(param "x" (list (tuple char bool s8 u64 f32))) (result (list (tuple char bool s8 u64 f32)))', flat: 2, retArea: true },
    { name: 'options', sig: '(param "x" (list (option string))) (result (list (option string)))', flat: 2, retArea: true },
    { name: 'results', sig: '(param "x" (list (result u32 (error string)))) (result (list (result u32 (error string))))', flat: 2, retArea: true },
    { name: 'nested', sig: '(param "x" (list (list (list u8)))) (result (list (list (list u8))))', flat: 2, retArea: true },
    { name: 'opt', sig: '(param "x" (option string)) (result (option string))', flat: 3, retArea: true },
    { name: 'res', sig: '(param "x" (result string (error u32))) (result (result string (error u32)))', flat: 3, retArea: true },
    { name: 'pair', sig: '(param "a" string) (param "b" string) (result (tuple string string))', flat: 4, retArea: true },
    { name: 'small', sig: '(param "x" u8) (result u8)', flat: 1, retArea: false },
    { name: 'ch', sig: '(param "x" char) (result char)', flat: 1, retArea: false },
  ];

  describe('fused adapters: lists, records, variants, options, results', () => {
    let bytes: Uint8Array;
    before(async () => { bytes = await assemble(fusedComponent(VALUE_FUNCS, 'utf8', 'utf16')); });

    for (const fuse of [true, false]) {
      it(`values cross unchanged (${fuse ? 'fused' : 'through JS'})`, async () => {
        const { api, fused } = await instantiate(bytes, fuse);
        assert.equal(fused, fuse ? VALUE_FUNCS.length : 0);
        const u32 = new Uint32Array(1000).map((_, i) => i * 2654435761 >>> 0);
        assert.deepEqual(api.nums!(u32), u32);
        assert.deepEqual(api.bytes!(new Uint8Array([0, 1, 255])), new Uint8Array([0, 1, 255]));
        assert.deepEqual(api.floats!(new Float64Array([0.1, -0, Infinity])), new Float64Array([0.1, -0, Infinity]));
        const tuples = [[1, 'one', new Uint16Array([1, 2])], [255, 'ü€😀', new Uint16Array([])]];
        assert.deepEqual(api.tuples!(tuples), tuples);
        const scalars = [['😀', true, -128, 2n ** 64n - 1n, 1.5], ['a', false, 127, 0n, -0]];
        assert.deepEqual(api.scalars!(scalars), scalars);
        assert.deepEqual(api.options!([undefined, '', 'x€']), [undefined, '', 'x€']);
        const results = [{ tag: 'ok', val: 7 }, { tag: 'err', val: 'bad ü' }];
        assert.deepEqual(api.results!(results), results);
        const nested = [[new Uint8Array([1]), new Uint8Array([])], []];
        assert.deepEqual(api.nested!(nested), nested);
        assert.equal(api.opt!(undefined), undefined);
        assert.equal(api.opt!('söme'), 'söme');
        assert.equal(api.res!({ tag: 'ok', val: 'fine' }), 'fine');
        assert.throws(() => api.res!({ tag: 'err', val: 9 }), (e: unknown) => (e as { payload?: unknown }).payload === 9);
        assert.deepEqual(api.pair!('a', 'b€'), ['a', 'b€']);
        assert.equal(api.small!(200), 200);
        assert.equal(api.ch!('€'), '€');
      });
    }
  });

  describe('fused adapters: flat variants whose cases share joined slots', () => {
    // CanonicalABI.md "Flattening": a result's payload slot joins its cases' flat types (f32 and u64 into i64, u8
    // and f32 into i32; lower_flat_variant / lift_flat_variant coerce through it); a string case spans two i32
    // slots. (Exported functions may only use named variants, so `result` stands in for them.) The callee returns
    // the slot as it received it (`str`: the string's length, or the u32).
    const FW = '(result f32 (error u64))', CS = '(result char (error s64))', UF = '(result u8 (error f32))', SU = '(result string (error u32))';
    const funcs: FusedFunc[] = [
      { name: 'lo', sig: `(param "x" ${FW}) (result u32)`, flat: 2, retArea: false, coreParams: ['i32', 'i64'], calleeBody: '(i32.wrap_i64 (local.get 1))' },
      { name: 'hi', sig: `(param "x" ${FW}) (result u32)`, flat: 2, retArea: false, coreParams: ['i32', 'i64'], calleeBody: '(i32.wrap_i64 (i64.shr_u (local.get 1) (i64.const 32)))' },
      { name: 'ch', sig: `(param "x" ${CS}) (result u32)`, flat: 2, retArea: false, coreParams: ['i32', 'i64'], calleeBody: '(i32.wrap_i64 (local.get 1))' },
      { name: 'uf', sig: `(param "x" ${UF}) (result u32)`, flat: 2, retArea: false, calleeBody: '(local.get 1)' },
      { name: 'str', sig: `(param "x" ${SU}) (result u32)`, flat: 3, retArea: false, calleeBody: '(select (local.get 2) (local.get 1) (i32.eqz (local.get 0)))' },
    ];
    for (const fuse of [true, false]) {
      it(`payloads are coerced through the joined slot and back (${fuse ? 'fused' : 'through JS'})`, async () => {
        const bytes = await assemble(fusedComponent(funcs, 'utf8', 'utf16'));
        const { api, fused } = await instantiate(bytes, fuse);
        assert.equal(fused, fuse ? funcs.length : 0);
        const bits = (x: unknown): bigint => (BigInt(api.hi!(x) as number) << 32n) | BigInt(api.lo!(x) as number);
        assert.equal(bits({ tag: 'ok', val: 1.5 }), 0x3fc00000n, 'the f32 bits, zero-extended');
        assert.equal(bits({ tag: 'ok', val: -0 }), 0x80000000n);
        assert.equal(bits({ tag: 'err', val: 2n ** 64n - 3n }), 2n ** 64n - 3n);
        assert.equal(api.ch!({ tag: 'ok', val: '😀' }), 0x1f600);
        assert.equal(api.ch!({ tag: 'err', val: -2n }), 0xfffffffe);
        assert.equal(api.uf!({ tag: 'ok', val: 200 }), 200);
        assert.equal(api.uf!({ tag: 'err', val: 1.5 }), 0x3fc00000);
        assert.equal(api.str!({ tag: 'ok', val: 'héllo😀' }), 'héllo😀'.length, 'the callee counted UTF-16 code units');
        assert.equal(api.str!({ tag: 'err', val: 7 }), 7);
      });
    }
  });

  describe('fused adapters: two top-level components linked by the host', () => {
    it('an import given another instance\'s export fuses too; a host function in its place does not', async () => {
      const callee = (await compile(mode, await assemble(calleeComponent(STRING_FUNCS, 'utf16')))).instantiate({});
      const caller = await compile(mode, await assemble(callerComponent(STRING_FUNCS, 'utf8')));
      const before = fuseStats.fused;
      const api = caller.instantiate({ c: callee });
      assert.equal(fuseStats.fused - before, STRING_FUNCS.length);
      assert.equal(api.echo!('héllo 😀'), 'héllo 😀');
      assert.equal(api.len!('héllo 😀'), 'héllo 😀'.length, 'the callee counted UTF-16 code units');
      const host = caller.instantiate({ c: { echo: (s: string) => s, len: (s: string) => s.length, many: (x: string[]) => x } });
      assert.equal(fuseStats.fused - before, STRING_FUNCS.length, 'host functions cross through JS');
      assert.equal(host.echo!('x€'), 'x€');
    });

    for (const other of MODES.filter((m) => m !== mode)) {
      it(`a callee compiled in ${other} mode fuses too (plans are data, whichever made the adapter)`, async () => {
        const callee = (await compile(other, await assemble(calleeComponent(STRING_FUNCS, 'latin1+utf16')))).instantiate({});
        const caller = await compile(mode, await assemble(callerComponent(STRING_FUNCS, 'utf8')));
        const before = fuseStats.fused;
        const api = caller.instantiate({ c: callee });
        assert.equal(fuseStats.fused - before, STRING_FUNCS.length);
        assert.equal(api.echo!('héllo 😀'), 'héllo 😀');
        assert.equal(api.len!('héllo'), 5, 'latin1 in the callee');
        assert.equal(api.len!('€'), (1 | 0x80000000) >>> 0, 'UTF-16 (tagged) in the callee');
      });
    }

    it('an export wrapped by the host (a Proxy) crosses through JS, so the wrapper runs', async () => {
      const callee = (await compile(mode, await assemble(calleeComponent(STRING_FUNCS, 'utf16')))).instantiate({});
      const caller = await compile(mode, await assemble(callerComponent(STRING_FUNCS, 'utf8')));
      let calls = 0;
      const wrapped: Api = {};
      for (const [k, f] of Object.entries(callee)) wrapped[k] = new Proxy(f as (...a: unknown[]) => unknown, { apply: (t, self, args) => { calls++; return Reflect.apply(t, self, args); } });
      const before = fuseStats.fused;
      const api = caller.instantiate({ c: wrapped });
      assert.equal(fuseStats.fused - before, 0, 'wrappers are not the adapters they wrap');
      assert.equal(api.echo!('héllo 😀'), 'héllo 😀');
      assert.equal(calls, 1);
    });
  });

  describe('fused adapters: more than 16 flat parameters go through memory', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    // Nine strings: 18 flat values, so both sides pass one pointer to a tuple; the callee returns the tuple's
    // second string's length as it sees it (its encoding), read from its own memory.
    const funcs: FusedFunc[] = [{
      name: 'spill', sig: `${names.map((n) => `(param "${n}" string)`).join(' ')} (result u32)`, flat: 1, retArea: false,
      calleeBody: '(i32.load offset=12 (local.get 0))',
    }, {
      name: 'spilled', sig: `${names.map((n) => `(param "${n}" string)`).join(' ')} (result (tuple string string))`, flat: 1, retArea: true,
      calleeBody: '(i64.store (i32.const 16) (i64.load offset=56 (local.get 0))) (i64.store (i32.const 24) (i64.load offset=8 (local.get 0))) (i32.const 16)',
    }];
    for (const fuse of [true, false]) {
      it(`a spilled tuple is copied memory to memory (${fuse ? 'fused' : 'through JS'})`, async () => {
        const bytes = await assemble(fusedComponent(funcs, 'utf8', 'utf16'));
        const { api, fused } = await instantiate(bytes, fuse);
        assert.equal(fused, fuse ? 2 : 0);
        const args = names.map((n) => `${n}-€${n.repeat(3)}`);
        assert.equal(api.spill!(...args), args[1]!.length);
        assert.deepEqual(api.spilled!(...args), [args[7], args[1]]);
      });
    }
  });

  describe('fused adapters: maps with duplicate keys', () => {
    const funcs: FusedFunc[] = [{ name: 'entries', sig: '(param "x" (list (tuple string u32))) (result (list (tuple string u32)))', flat: 2, retArea: true }];
    const callee = { entries: '(param "x" (map string u32)) (result (map string u32))' };
    const dup = [['k', 1], ['z', 26], ['k', 2]];

    it('fused: every entry survives, duplicates included (memory to memory)', async () => {
      const bytes = await assemble(fusedComponent(funcs, 'utf8', 'utf8', callee));
      const { api, fused } = await instantiate(bytes, true, ['cm-map']);
      assert.equal(fused, 1);
      assert.deepEqual(api.entries!(dup), dup);
    });

    it('through JS: the JS Map in between, passed on unchanged, keeps the repeated key (abi/map-entries.ts)', async () => {
      const bytes = await assemble(fusedComponent(funcs, 'utf8', 'utf8', callee));
      const { api } = await instantiate(bytes, false, ['cm-map']);
      assert.deepEqual(api.entries!(dup), dup);
    });

    it('a lifted Map shows the last value of a repeated key; once changed it lowers its own entries', () => {
      const m = liftMap([['k', 1], ['z', 26], ['k', 2]]);
      assert.deepEqual([...m], [['k', 2], ['z', 26]]);
      assert.deepEqual(mapToEntries(m), [['k', 1], ['z', 26], ['k', 2]]);
      m.set('z', 3);
      assert.deepEqual(mapToEntries(m), [['k', 2], ['z', 3]]);
      const n = liftMap([['k', 1], ['k', 2]]);
      n.delete('k');
      assert.deepEqual(mapToEntries(n), []);
    });
  });

  describe('fused adapters: traps', () => {
    it('invalid UTF-16 from the caller traps and poisons the caller (its own fault: test/fused/fault-sides.test.ts)', async () => {
      // A caller whose core passes an unpaired surrogate: built by lifting `len` with utf16 and calling with a
      // JS string is impossible (JS rejects it), so the caller's core forges the bytes in its own memory.
      const text = fusedComponent(STRING_FUNCS, 'utf16', 'utf8')
        .replace('(func (export "len") (param i32 i32) (result i32) (call $len (local.get 0) (local.get 1)))',
          '(func (export "len") (param i32 i32) (result i32) (i32.store16 (local.get 0) (i32.const 0xd800)) (call $len (local.get 0) (local.get 1)))');
      const bytes = await assemble(text);
      const { api, fused } = await instantiate(bytes, true);
      assert.equal(fused, STRING_FUNCS.length);
      assert.throws(() => api.len!('ab'), (e: unknown) => e instanceof Trap && /invalid UTF-16/.test((e as Error).message));
      assert.throws(() => api.echo!('ab'), (e: unknown) => e instanceof Trap && /poisoned/.test((e as Error).message));
    });

    it('invalid UTF-16 past the native codecs\' threshold traps in the same words', async () => {
      // An unpaired low surrogate in the middle of 600 code units (runtime/fuse-strings.ts transcodes natively from 256).
      const text = fusedComponent(STRING_FUNCS, 'utf16', 'utf8')
        .replace('(func (export "len") (param i32 i32) (result i32) (call $len (local.get 0) (local.get 1)))',
          '(func (export "len") (param i32 i32) (result i32) (i32.store16 offset=600 (local.get 0) (i32.const 0xdc00)) (call $len (local.get 0) (local.get 1)))');
      const { api } = await instantiate(await assemble(text), true);
      assert.throws(() => api.len!('a'.repeat(600)), (e: unknown) => e instanceof Trap && /invalid UTF-16/.test((e as Error).message));
    });

    it('invalid UTF-16 into latin1+utf16 traps in the same words, below and past the bulk threshold', async () => {
      // utf16 → latin1+utf16 decides latin1 and validity in one scan (runtime/fuse-strings.ts storeProbablyUtf16): a
      // lone surrogate makes the text wide, and a wide source is validated before anything is allocated.
      for (const [at, n] of [[20, 40], [600, 700], [0, 300]] as const) {
        const text = fusedComponent(STRING_FUNCS, 'utf16', 'latin1+utf16')
          .replace('(func (export "len") (param i32 i32) (result i32) (call $len (local.get 0) (local.get 1)))',
            `(func (export "len") (param i32 i32) (result i32) (i32.store16 offset=${at} (local.get 0) (i32.const 0xdc00)) (call $len (local.get 0) (local.get 1)))`);
        const { api } = await instantiate(await assemble(text), true);
        assert.throws(() => api.len!('a'.repeat(n)), (e: unknown) => e instanceof Trap && /invalid UTF-16/.test((e as Error).message), `surrogate at byte ${at} of ${n} units`);
      }
    });

    it('an out-of-bounds string pointer traps with the spec\'s cause', async () => {
      const text = fusedComponent(STRING_FUNCS, 'utf8', 'utf8')
        .replace('(call $len (local.get 0) (local.get 1))', '(call $len (i32.const 0x7ffffff0) (local.get 1))');
      const { api } = await instantiate(await assemble(text), true);
      assert.throws(() => api.len!('abcdefghijklmnopqrstuvwxyz'), (e: unknown) => e instanceof Trap && /out of bounds/.test((e as Error).message));
    });
  });

  const RESOURCES = `(component
  (component $Impl
    (core module $S
      (global $n (mut i32) (i32.const 0))
      (func (export "dtor") (param i32) (global.set $n (i32.add (global.get $n) (i32.const 1))))
      (func (export "count") (result i32) (global.get $n)))
    (core instance $s (instantiate $S))
    (alias core export $s "dtor" (core func $dtor))
    (type $r (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $r))
    (core func $rep (canon resource.rep $r))
    (core func $drop (canon resource.drop $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "rep" (func $rep (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      (func (export "get") (param i32) (result i32) (local.get 0))
      (func (export "consume") (param $h i32) (result i32) (local $v i32)
        (local.set $v (call $rep (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v)))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
    (export $rx "r" (type $r))
    (func (export "make") (param "v" u32) (result (own $rx)) (canon lift (core func $m "make")))
    (func (export "get") (param "x" (borrow $rx)) (result u32) (canon lift (core func $m "get")))
    (func (export "consume") (param "x" (own $rx)) (result u32) (canon lift (core func $m "consume")))
    (func (export "count") (result u32) (canon lift (core func $s "count")))
  )
  (component $User
    (import "impl" (instance $impl
      (export "r" (type $r (sub resource)))
      (export "make" (func (param "v" u32) (result (own $r))))
      (export "get" (func (param "x" (borrow $r)) (result u32)))
      (export "consume" (func (param "x" (own $r)) (result u32)))))
    (alias export $impl "r" (type $r))
    (core func $make (canon lower (func $impl "make")))
    (core func $get (canon lower (func $impl "get")))
    (core func $consume (canon lower (func $impl "consume")))
    (core module $U
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "get" (func $get (param i32) (result i32)))
      (import "" "consume" (func $consume (param i32) (result i32)))
      (func (export "run") (param i32) (result i32) (local $h i32)
        (local.set $h (call $make (local.get 0)))
        (i32.add (call $get (local.get $h)) (call $consume (local.get $h))))
      (func (export "twice") (param i32) (result i32) (local $h i32)
        (local.set $h (call $make (local.get 0)))
        (drop (call $consume (local.get $h)))
        (call $consume (local.get $h))))
    (core instance $u (instantiate $U (with "" (instance
      (export "make" (func $make)) (export "get" (func $get)) (export "consume" (func $consume))))))
    (func (export "run") (param "v" u32) (result u32) (canon lift (core func $u "run")))
    (func (export "twice") (param "v" u32) (result u32) (canon lift (core func $u "twice")))
  )
  (instance $impl (instantiate $Impl))
  (instance $user (instantiate $User (with "impl" (instance $impl))))
  (export "run" (func $user "run"))
  (export "twice" (func $user "twice"))
  (export "count" (func $impl "count"))
)`;

  /** RESOURCES plus a third component that is lent the user's handle (a borrow it does not implement). */
  const LENT = RESOURCES
    .replace('(component $User', `(component $Mid
    (import "impl" (instance $impl (export "r" (type $r (sub resource)))))
    (alias export $impl "r" (type $r))
    (core func $drop (canon resource.drop $r))
    (core module $MM (import "" "drop" (func $drop (param i32)))
      (func (export "use") (param i32) (result i32) (call $drop (local.get 0)) (i32.const 1))
      (func (export "leak") (param i32) (result i32) (i32.const 1)))
    (core instance $mm (instantiate $MM (with "" (instance (export "drop" (func $drop))))))
    (func (export "use") (param "x" (borrow $r)) (result u32) (canon lift (core func $mm "use")))
    (func (export "leak") (param "x" (borrow $r)) (result u32) (canon lift (core func $mm "leak")))
  )
  (component $User`)
    .replace('(alias export $impl "r" (type $r))\n    (core func $make', `(alias export $impl "r" (type $r))
    (import "mid" (instance $mid
      (export "use" (func (param "x" (borrow $r)) (result u32)))
      (export "leak" (func (param "x" (borrow $r)) (result u32)))))
    (core func $use (canon lower (func $mid "use")))
    (core func $leak (canon lower (func $mid "leak")))
    (core func $make`)
    .replace('(import "" "consume" (func $consume (param i32) (result i32)))\n      (func', `(import "" "consume" (func $consume (param i32) (result i32)))
      (import "" "use" (func $use (param i32) (result i32)))
      (import "" "leak" (func $leak (param i32) (result i32)))
      (func (export "lend") (param i32) (result i32) (local $h i32)
        (local.set $h (call $make (local.get 0)))
        (i32.add (call $use (local.get $h)) (call $consume (local.get $h))))
      (func (export "lendleak") (param i32) (result i32) (local $h i32)
        (local.set $h (call $make (local.get 0)))
        (call $leak (local.get $h)))
      (func`)
    .replace('(export "consume" (func $consume))))))', '(export "consume" (func $consume)) (export "use" (func $use)) (export "leak" (func $leak))))))')
    .replace('(func (export "twice") (param "v" u32) (result u32) (canon lift (core func $u "twice")))', `(func (export "twice") (param "v" u32) (result u32) (canon lift (core func $u "twice")))
    (func (export "lend") (param "v" u32) (result u32) (canon lift (core func $u "lend")))
    (func (export "lendleak") (param "v" u32) (result u32) (canon lift (core func $u "lendleak")))`)
    .replace('(instance $user (instantiate $User (with "impl" (instance $impl))))', `(instance $mid (instantiate $Mid (with "impl" (instance $impl))))
  (instance $user (instantiate $User (with "impl" (instance $impl)) (with "mid" (instance $mid))))
  (export "lend" (func $user "lend"))
  (export "lendleak" (func $user "lendleak"))`);

  describe('fused adapters: resources and reentrance', () => {
    for (const fuse of [true, false]) {
      it(`a borrow lent to a non-implementer is scoped to the call (${fuse ? 'fused' : 'through JS'})`, async () => {
        const { api, fused } = await instantiate(await assemble(LENT), fuse);
        assert.equal(fused, fuse ? 5 : 0);
        assert.equal(api.lend!(41), 42, 'the borrower dropped its borrow; the loan ended, so the own handle could move');
        assert.throws(() => api.lendleak!(1), (e: unknown) => e instanceof Trap && /borrow/.test((e as Error).message),
          'returning while still holding a borrow traps');
      });
    }

    for (const fuse of [true, false]) {
      it(`own handles move between the tables, borrows reach the implementer as reps (${fuse ? 'fused' : 'through JS'})`, async () => {
        const { api, fused } = await instantiate(await assemble(RESOURCES), fuse);
        assert.equal(fused, fuse ? 3 : 0);
        assert.equal(api.run!(21), 42, 'get (borrow → rep) + consume (own moved back, rep read)');
        assert.equal(api.count!(), 1, 'the implementer dropped the moved handle: its destructor ran');
        assert.throws(() => api.twice!(5), (e: unknown) => e instanceof Trap && /unknown handle index|not a live handle/.test((e as Error).message),
          'an own handle moved out of the user\'s table is gone from it');
      });
    }

    it('a parent calling its child while on the stack still traps when fused (call_might_be_recursive)', async () => {
      const bytes = await assemble(PARENT_CALLS_CHILD);
      const { api, fused } = await instantiate(bytes, true);
      assert.equal(fused, 1);
      api.f!();
      assert.throws(() => api.g!(), (e: unknown) => e instanceof Trap && /cannot enter component instance/.test((e as Error).message));
    });
  });
}
