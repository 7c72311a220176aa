// `kumiki compose`: a C component (built with clang + `kumiki embed` + `kumiki new`) plugged with a JS component
// (ComponentizeJS / StarlingMonkey) gives one valid component that runs alike under kumiki (links fused) and jco:
// strings, records, lists and resources cross both ways between C and JS (C calling a JS guest's functions and
// resource; a JS guest calling a C library's functions and resource). The fused-adapter fixture's caller and
// callee, composed from separate files with a composition file, run fused like the hand-nested original.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { Component, validate } from '../../src/index.js';
import { compose, componentNew, ComponentNewError } from '../../src/toolchain/index.js';
import { componentEmbed, parse } from '@bytecodealliance/jco';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { main } from '../../src/cli/main.js';
import { assemble, jcoTranspile, repoRoot } from '../support/build.js';
import { haveClang } from '../support/build-c.js';
import { componentizeJs, JS_GUEST } from '../support/componentize.js';
import { calleeComponent, callerComponent, fusedComponent, type FusedFunc } from '../fused/fixture.js';

await Component.loadInterpreter();

const fixtures = `${repoRoot}test/toolchain/fixtures/`;

describe('compose: C app + JS guest', { skip: haveClang() ? false : 'clang is not installed (bash scripts/setup.sh)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-compose-'));
  let composed: Uint8Array;
  before(async () => {
    const core = join(dir, 'app-core.wasm');
    const r = spawnSync('clang', ['--target=wasm32-unknown-unknown', '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry',
      '-Wl,--export-dynamic', '-o', core, `${fixtures}app.c`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // The app's WIT needs the JS guest's package: a wit/ folder with it under deps/.
    const wit = join(dir, 'wit');
    spawnSync('mkdir', ['-p', join(wit, 'deps', 'jsguest')]);
    writeFileSync(join(wit, 'app.wit'), readFileSync(`${fixtures}app.wit`));
    writeFileSync(join(wit, 'deps', 'jsguest', 'fixture.wit'), readFileSync(JS_GUEST.witPath));
    assert.equal(await main(['embed', core, '--wit', wit, '--world', 'app', '-o', join(dir, 'app-embedded.wasm')]), 0);
    assert.equal(await main(['new', join(dir, 'app-embedded.wasm'), '-o', join(dir, 'app.wasm')]), 0);
    writeFileSync(join(dir, 'js.wasm'), (await componentizeJs('starlingmonkey')).bytes);
    assert.equal(await main(['compose', join(dir, 'app.wasm'), '--plug', join(dir, 'js.wasm'), '-o', join(dir, 'out.wasm')]), 0);
    composed = new Uint8Array(readFileSync(join(dir, 'out.wasm')));
    rmSync(dir, { recursive: true, force: true });
  });

  const expected = ['Hello, Hello, Lin 😀!!', new Uint32Array([3, 2, 1, 0xffffffff]), [{ x: 2, y: -1 }, { x: 4, y: 3 }], 32016];
  const drive = (api: Record<string, (...a: unknown[]) => unknown>): unknown[] => [
    api.greetTwice!('Lin 😀'), api.reverse!(new Uint32Array([0xffffffff, 1, 2, 3])),
    api.flip!([{ x: -1, y: 2 }, { x: 3, y: 4 }]), api.counters!(1),
  ];

  it('is one valid component nesting both inputs', () => {
    validate(composed);
    assert.ok(composed.length > 1_000_000, 'the 12 MB JS component is nested whole');
  });

  it('runs under kumiki with the C→JS links fused, in codegen and interp modes, and without fusion', () => {
    for (const mode of ['codegen', 'interp'] as const) {
      const before = fuseStats.fused;
      const api = new Component(composed, { mode }).instantiate({}).exports['kumiki:compose/api'] as Record<string, (...a: unknown[]) => unknown>;
      assert.ok(fuseStats.fused - before >= 8, `${mode}: the app's imports of the JS guest are fused (${fuseStats.fused - before})`);
      assert.deepStrictEqual(drive(api), expected, mode);
    }
    const plain = new Component(composed, { fuse: false }).instantiate({}).exports['kumiki:compose/api'] as Record<string, (...a: unknown[]) => unknown>;
    assert.deepStrictEqual(drive(plain), expected, 'fuse: false');
  });

  it('runs alike under jco', async () => {
    const api = (await jcoTranspile(composed)).instantiate({})['kumiki:compose/api'] as Record<string, (...a: unknown[]) => unknown>;
    assert.deepStrictEqual(drive(api), expected);
  });
});

describe('compose: JS guest + C library (JS calls C: strings, records, lists, options, a C resource)', { skip: haveClang() ? false : 'clang is not installed (bash scripts/setup.sh)' }, () => {
  let composed: Uint8Array;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumiki-compose-both-'));
    try {
      const core = join(dir, 'clib.wasm');
      const r = spawnSync('clang', ['--target=wasm32-unknown-unknown', '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry',
        '-Wl,--export-dynamic', '-o', core, `${fixtures}clib.c`], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(await main(['embed', core, '--wit', `${fixtures}both.wit`, '--world', 'clib-world', '-o', join(dir, 'clib-e.wasm')]), 0);
      assert.equal(await main(['new', join(dir, 'clib-e.wasm'), '-o', join(dir, 'clib.component.wasm')]), 0);
      // ComponentizeJS (~40 s the first time; cached under .cache/componentize/ by input hash).
      const js = await componentizeJs('starlingmonkey', { sourcePath: `${fixtures}jsmain.js`, witPath: `${fixtures}both.wit`, world: 'jsmain' });
      writeFileSync(join(dir, 'jsmain.wasm'), js.bytes);
      assert.equal(await main(['compose', join(dir, 'jsmain.wasm'), '--plug', join(dir, 'clib.component.wasm'), '-o', join(dir, 'out.wasm')]), 0);
      composed = new Uint8Array(readFileSync(join(dir, 'out.wasm')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  const expected = 'LIN|Lin:9|0,1,4,9|9|9|true';
  it('is valid and runs alike under kumiki (fused, both modes) and jco', async () => {
    validate(composed);
    for (const mode of ['codegen', 'interp'] as const) {
      const before = fuseStats.fused;
      const api = new Component(composed, { mode }).instantiate({}).exports['kumiki:both/jsapi'] as unknown as { run(s: string): string };
      assert.ok(fuseStats.fused - before >= 8, `${mode}: the JS guest's imports of the C library are fused (${fuseStats.fused - before})`);
      assert.equal(api.run('Lin'), expected, mode);
      assert.equal(api.run('Lin'), expected, `${mode}, again (handles released)`);
    }
    const j = (await jcoTranspile(composed)).instantiate({})['kumiki:both/jsapi'] as { run(s: string): string };
    assert.equal(j.run('Lin'), expected);
  });
});

describe('compose: the fused-adapter fixture from separate files', () => {
  const FUNCS: readonly FusedFunc[] = [
    { name: 'echo', sig: '(param "x" string) (result string)', flat: 2, retArea: true },
    { name: 'len', sig: '(param "x" string) (result u32)', flat: 2, retArea: false },
    { name: 'nums', sig: '(param "x" (list u32)) (result (list u32))', flat: 2, retArea: true },
  ];
  it('a composition file links the caller\'s instance import to the callee\'s root exports; the calls are fused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumiki-compose-fused-'));
    try {
      writeFileSync(join(dir, 'caller.wasm'), await assemble(callerComponent(FUNCS, 'utf8')));
      writeFileSync(join(dir, 'callee.wasm'), await assemble(calleeComponent(FUNCS, 'utf16')));
      writeFileSync(join(dir, 'c.json'), JSON.stringify({
        main: 'caller', components: { caller: 'caller.wasm', callee: 'callee.wasm' },
        links: [{ to: 'caller', import: 'c', from: 'callee', export: '*' }],
      }));
      assert.equal(await main(['compose', '--file', join(dir, 'c.json'), '-o', join(dir, 'out.wasm')]), 0);
      const composed = new Uint8Array(readFileSync(join(dir, 'out.wasm')));
      validate(composed);
      const reference = new Component(await assemble(fusedComponent(FUNCS, 'utf8', 'utf16'))).instantiate({}).exports as Record<string, (x: unknown) => unknown>;
      const before = fuseStats.fused;
      const api = new Component(composed).instantiate({}).exports as Record<string, (x: unknown) => unknown>;
      assert.equal(fuseStats.fused - before, FUNCS.length, 'every link is fused');
      const s = 'héllo wörld '.repeat(50);
      const list = new Uint32Array(1000).map((_, i) => i * 7);
      for (let i = 0; i < 1000; i++) assert.equal(api.len!(s), s.length);
      assert.equal(api.echo!(s), reference.echo!(s));
      assert.deepStrictEqual(api.nums!(list), reference.nums!(list));
      const j = (await jcoTranspile(composed)).instantiate({}) as Record<string, (x: unknown) => unknown>;
      assert.equal(j.echo!(s), s);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compose: the app\'s exported interface uses types (records, variants, a resource) of the plugged interface', () => {
  const wit = `package t:x;
    interface geo {
      record point { x: s32, y: s32 }
      variant shape { rect(point), empty }
      resource counter { constructor(v: u32); get: func() -> u32; }
      area: func(s: shape) -> s32;
    }
    interface api { use geo.{point, shape, counter}; run: func(s: shape) -> s32; make: func(v: u32) -> counter; peek: func(c: borrow<counter>) -> u32; }
    world lib { export geo; }
    world app { import geo; export api; }`;
  const MEM = '(memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)';
  const build = async (world: string, core: string): Promise<Uint8Array> =>
    componentNew(await componentEmbed({ witSource: wit, world, binary: await parse(`(module ${core})`) }));
  it('is valid under kumiki and jco (the used interface is exported too) and runs alike', async () => {
    const lib = await build('lib', `(import "[export]t:x/geo" "[resource-new]counter" (func $new (param i32) (result i32))) ${MEM}
      (func (export "t:x/geo#area") (param i32 i32 i32) (result i32) (select (i32.mul (local.get 1) (local.get 2)) (i32.const 0) (i32.eqz (local.get 0))))
      (func (export "t:x/geo#[constructor]counter") (param i32) (result i32) local.get 0 call $new)
      (func (export "t:x/geo#[method]counter.get") (param i32) (result i32) local.get 0)`);
    const app = await build('app', `(import "t:x/geo" "area" (func $area (param i32 i32 i32) (result i32)))
      (import "t:x/geo" "[constructor]counter" (func $ctor (param i32) (result i32)))
      (import "t:x/geo" "[method]counter.get" (func $get (param i32) (result i32)))
      (import "t:x/geo" "[resource-drop]counter" (func $drop (param i32))) ${MEM}
      (func (export "t:x/api#run") (param i32 i32 i32) (result i32) (i32.mul (call $area (local.get 0) (local.get 1) (local.get 2)) (i32.const 10)))
      (func (export "t:x/api#make") (param i32) (result i32) (call $ctor (i32.add (local.get 0) (i32.const 1))))
      (func (export "t:x/api#peek") (param i32) (result i32) (call $get (local.get 0)) (call $drop (local.get 0)))`);
    const out = compose({ components: { app, lib } });
    validate(out);
    const drive = (api: Record<string, (...a: unknown[]) => unknown>): unknown[] =>
      [api.run!({ tag: 'rect', val: { x: 3, y: -4 } }), api.run!({ tag: 'empty' }), (api.make!(5) as { get(): number }).get()];
    const k = new Component(out).instantiate({}).exports['t:x/api'] as Record<string, (...a: unknown[]) => unknown>;
    const got = drive(k);
    assert.deepStrictEqual(got, [-120, 0, 6]);
    // A borrow handed on from app to lib (jco's transpiled code loses this one: "unknown handle index").
    assert.equal(k.peek!(k.make!(41)), 42);
    const j = (await jcoTranspile(out)).instantiate({}) as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    assert.deepStrictEqual(drive(j.api!), got);
    assert.ok(new Component(out).instantiate({}).exports['t:x/geo'], 'the used interface is exported');
  });
});

describe('compose: plugs match semver-compatible names (as wac plug)', () => {
  const build = async (wit: string, world: string, core: string): Promise<Uint8Array> =>
    componentNew(await componentEmbed({ witSource: wit, world, binary: await parse(`(module ${core})`) }));
  const libOf = (v: string) => build(`package t:v@${v}; interface calc { add: func(a: u32, b: u32) -> u32; } world lib { export calc; }`, 'lib',
    '(func (export "t:v/calc@' + v + '#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))');
  const app = () => build(`package t:v@0.2.1; interface calc { add: func(a: u32, b: u32) -> u32; }
      world app { import calc; export run: func() -> u32; }`, 'app',
    '(import "t:v/calc@0.2.1" "add" (func $add (param i32 i32) (result i32))) (func (export "run") (result i32) (call $add (i32.const 40) (i32.const 2)))');
  it('an import @0.2.1 is plugged by an export @0.2.3, not by @0.2.0 or @0.3.0 (those leave it imported)', async () => {
    const a = await app();
    const out = compose({ components: { a, lib: await libOf('0.2.3') } });
    validate(out);
    assert.equal((new Component(out).instantiate({}).exports.run as () => number)(), 42);
    assert.equal(((await jcoTranspile(out)).instantiate({}) as { run(): number }).run(), 42);
    for (const v of ['0.2.0', '0.3.0']) {
      const o = compose({ components: { a, lib: await libOf(v) } });
      validate(o);
      assert.throws(() => new Component(o).instantiate({}), /t:v\/calc@0\.2\.1/, `@${v} does not plug @0.2.1`);
    }
  });
});

describe('compose: an interface both components import (each with the members it uses) is imported once', () => {
  it('declared with the members of both; an import linked inside is not imported by the composition; runs alike under kumiki and jco', async () => {
    const wit = `package t:s;
      interface host { record p { a: u32 } f: func(x: u32) -> u32; g: func(x: p) -> u32; }
      interface geo { norm: func(a: u32) -> u32; }
      world lib { import host; export geo; }
      world app { import host; import geo; export run: func() -> u32; }`;
    const MEM = '(memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)';
    const build = async (world: string, core: string): Promise<Uint8Array> =>
      componentNew(await componentEmbed({ witSource: wit, world, binary: await parse(`(module ${core})`) }));
    const lib = await build('lib', `(import "t:s/host" "g" (func $g (param i32) (result i32))) ${MEM}
      (func (export "t:s/geo#norm") (param i32) (result i32) local.get 0 call $g)`);
    const app = await build('app', `(import "t:s/host" "f" (func $f (param i32) (result i32)))
      (import "t:s/geo" "norm" (func $n (param i32) (result i32))) ${MEM}
      (func (export "run") (result i32) i32.const 5 call $f call $n)`);
    const out = compose({ components: { app, lib } });
    assert.deepEqual([...validate(out).imports.keys()], ['t:s/host'], 'one import: host (geo is linked inside)');
    const c = new Component(out);
    const host = { 't:s/host': { f: (x: number) => x + 1, g: (p: { a: number }) => p.a * 10 } };
    assert.equal((c.instantiate(host).exports.run as () => number)(), 60);
    assert.equal(((await jcoTranspile(out)).instantiate(host) as { run(): number }).run(), 60);
  });
});

describe('compose: wiring errors name the components and items', () => {
  it('unknown components, imports and exports; sort mismatches; cycles; ambiguity', async () => {
    const a = await assemble('(component (import "x" (func)) (export "y" (func 0)))');
    const b = await assemble('(component (import "y" (func)) (export "x" (func 0)))');
    const c = await assemble('(component (core module $m (func (export "f"))) (core instance $i (instantiate $m)) (func (canon lift (core func $i "f"))) (export "x" (func 0)))');
    assert.throws(() => compose({ components: {} }), /no components given/);
    assert.throws(() => compose({ components: { a }, links: [{ to: 'a', import: 'x', from: 'zz' }] }), /unknown component \(`zz`\)/);
    assert.throws(() => compose({ components: { a, c }, links: [{ to: 'a', import: 'nope', from: 'c' }] }), /`a` has no import `nope`/);
    assert.throws(() => compose({ components: { a, c }, links: [{ to: 'a', import: 'x', from: 'c', export: 'q' }] }), /`c` has no export `q`/);
    assert.throws(() => compose({ components: { a, c }, links: [{ to: 'a', import: 'x', from: 'c', export: '*' }] }), /imports `x` as a func, `c` exports `\*` as a instance/);
    assert.throws(() => compose({ components: { a, b } }), (e: unknown) => e instanceof ComponentNewError && /cycle \(a → b → a\)|cycle \(b → a → b\)/.test((e as Error).message));
    assert.throws(() => compose({ components: { a, b2: c, c } }), /`x` \(imported by `a`\) is exported by `b2` and `c`; link it explicitly/);
    // Plugged: a's import x comes from c; a's own export y is re-exported.
    const out = compose({ components: { a, c } });
    validate(out);
    assert.ok(new Component(out).instantiate({}).exports.y);
  });
});
