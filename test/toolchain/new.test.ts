// `kumiki new` / componentNew against `jco new` (wit-component) on the core modules the other tests build: the
// values fixture (every WIT type, all three string encodings), the resources fixture (guest and host resources,
// constructors, methods, statics, destructors), and the C guest (clang; embedded with `kumiki embed`). Each
// component validates under kumiki and jco (jco transpiles it), gives the same `kumiki wit` as jco new's, and runs
// with the same results under kumiki and jco. Mismatches between module and world are errors naming both sides.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { componentEmbed, componentNew as jcoNew, parse } from '@bytecodealliance/jco';
import { Component, validate } from '../../src/index.js';
import { componentNew, ComponentNewError } from '../../src/toolchain/index.js';
import { decodeWitFromBinary, printDecodedWit } from '../../src/wit-binary/index.js';
import { resolveToJson } from '../../src/wit/json.js';
import { main } from '../../src/cli/main.js';
import { jcoTranspile, repoRoot, type Encoding } from '../support/build.js';
import { haveClang } from '../support/build-c.js';
import { VALUE_CASES, VALUES_WIT, valuesCore } from '../support/build-values.js';
import { hostImports as resHost, RES_CORE, RES_WIT, resourceScenario, type ResEngine } from '../resources/fixture.js';

/** `kumiki wit` and `kumiki wit --json` of a component (the JSON has every interface, type and function, by id). */
const witOf = (bytes: Uint8Array): string => {
  const d = decodeWitFromBinary(bytes);
  return `${printDecodedWit(d)}\n${JSON.stringify(resolveToJson(d.resolve), null, 1)}`;
};
const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** componentNew and jco new on the same embedded module: both valid, same WIT. */
async function pair(embedded: Uint8Array): Promise<{ ours: Uint8Array; theirs: Uint8Array }> {
  const ours = componentNew(embedded);
  const theirs = await jcoNew(embedded);
  validate(ours);
  assert.equal(witOf(ours), witOf(theirs), 'kumiki wit of ours = kumiki wit of jco new\'s');
  return { ours, theirs };
}

function valuesHost(log: unknown[]): Record<string, unknown> {
  const host: Record<string, unknown> = {};
  for (const c of VALUE_CASES) host[camel(`host-${c.name}`)] = (x: unknown) => { log.push(x); return x; };
  host.hostResult = (x: unknown) => { log.push(x); return x; };
  return { 'kumiki:values/host': host };
}

describe('componentNew: resources', () => {
  let ours: Uint8Array;
  const keep: unknown[] = [];
  before(async () => {
    const embedded = await componentEmbed({ binary: await parse(RES_CORE), witSource: RES_WIT, world: 'res' });
    ours = (await pair(embedded)).ours;
  });
  it('guest and host resources behave alike under kumiki and jco', async () => {
    const engine = (api: Record<string, any>, log: ResEngine['log'], imports: Record<string, unknown>): ResEngine =>
      ({ api, log, Blob: (imports['kumiki:res/host'] as { Blob: ResEngine['Blob'] }).Blob });
    const kLog = { disposed: 0 };
    const kImports = resHost(kLog);
    const got = resourceScenario(engine(new Component(ours).instantiate(kImports).exports.api as Record<string, any>, kLog, kImports), keep);
    assert.deepStrictEqual(got, [true, 5, 6, 6, 9, 9, 1, 7, 1, 4, 1, 5, 2, true, 6, 42, true, 2]);
    const j = await jcoTranspile(ours);
    const jLog = { disposed: 0 };
    const jImports = resHost(jLog);
    assert.deepStrictEqual(resourceScenario(engine(j.instantiate(jImports).api, jLog, jImports), keep), got);
  });
});

describe('componentNew: an exported interface using another\'s types and resource; a world-level type', () => {
  it('is valid, has jco new\'s WIT, and runs alike under kumiki and jco', async () => {
    const wit = `package t:x;
      interface a { record t { x: u32 } resource r { constructor(v: u32); get: func() -> u32; } f: func() -> t; }
      interface b { use a.{t, r}; g: func(v: t) -> t; h: func(v: borrow<r>) -> u32; }
      world w { export a; export b; export k: func(v: t2) -> u32; record t2 { y: u8 } }`;
    const core = await parse(`(module
      (import "[export]t:x/a" "[resource-new]r" (func $new (param i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
      (func (export "t:x/a#f") (result i32) i32.const 7)
      (func (export "t:x/a#[constructor]r") (param i32) (result i32) local.get 0 call $new)
      (func (export "t:x/a#[method]r.get") (param i32) (result i32) local.get 0)
      (func (export "t:x/b#g") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
      (func (export "t:x/b#h") (param i32) (result i32) local.get 0 i32.const 100 i32.add)
      (func (export "k") (param i32) (result i32) local.get 0))`);
    const { ours } = await pair(await componentEmbed({ binary: core, witSource: wit, world: 'w' }));
    const drive = (x: Record<string, any>, a: Record<string, any>, b: Record<string, any>) => {
      const r = new a.R(5);
      return [a.f(), b.g({ x: 1 }), b.h(r), r.get(), x.k({ y: 3 })];
    };
    const k = new Component(ours).instantiate({}).exports as Record<string, any>;
    const got = drive(k, k['t:x/a'], k['t:x/b']);
    assert.deepStrictEqual(got, [{ x: 7 }, { x: 2 }, 105, 5, 3]);
    const j = (await jcoTranspile(ours)).instantiate({});
    assert.deepStrictEqual(drive(j, j.a, j.b), got);
  });
});

describe('componentNew: an interface type no function uses, built over another of its types', () => {
  it('is valid under kumiki and jco, has jco new\'s WIT, and runs alike', async () => {
    // `shape` mentions `point` but no function uses `shape`: its export must be restated over the exported `point`.
    const wit = `package t:x;
      interface a { record point { x: s32 } variant shape { rect(point), empty } type pts = list<point>; f: func(p: point) -> s32; }
      world w { export a; }`;
    const core = await parse(`(module
      (memory (export "memory") 1)
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
      (func (export "t:x/a#f") (param i32) (result i32) local.get 0 i32.const 3 i32.mul))`);
    const { ours } = await pair(await componentEmbed({ binary: core, witSource: wit, world: 'w' }));
    const k = (new Component(ours).instantiate({}).exports['t:x/a'] as Record<string, (p: unknown) => unknown>).f!({ x: -4 });
    assert.equal(k, -12);
    const j = (await jcoTranspile(ours)).instantiate({}).a as Record<string, (p: unknown) => unknown>;
    assert.equal(j.f!({ x: -4 }), k);
  });
});

describe('kumiki embed + kumiki new: the C guest', { skip: haveClang() ? false : 'clang is not installed (bash scripts/setup.sh)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-new-'));
  const fixtures = `${repoRoot}test/runtime/fixtures/`;
  const host = { 'kumiki:cguest/host': { transform: (s: string) => s.toUpperCase() } };
  let ours: Uint8Array;
  let theirs: Uint8Array;
  before(async () => {
    const core = join(dir, 'cguest.wasm');
    const r = spawnSync('clang', ['--target=wasm32-unknown-unknown', '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry',
      '-Wl,--export-dynamic', '-o', core, `${fixtures}cguest.c`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(await main(['embed', core, '--wit', `${fixtures}cguest.wit`, '-o', join(dir, 'embedded.wasm')]), 0);
    assert.equal(await main(['new', join(dir, 'embedded.wasm'), '-o', join(dir, 'comp.wasm')]), 0);
    ours = new Uint8Array(readFileSync(join(dir, 'comp.wasm')));
    theirs = await jcoNew(new Uint8Array(readFileSync(join(dir, 'embedded.wasm'))));
  });
  it('is valid, has jco new\'s WIT, and runs alike under kumiki and jco', async () => {
    try {
      validate(ours);
      assert.equal(witOf(ours), witOf(theirs));
      const k = new Component(ours).instantiate(host).exports.api as Record<string, (...a: unknown[]) => unknown>;
      const j = (await jcoTranspile(ours)).instantiate(host).api as Record<string, (...a: unknown[]) => unknown>;
      const cases: [string, unknown[]][] = [
        ['concat', ['héllo ', 'wörld 😀']], ['countWords', ['  the quick  brown\tfox\n']],
        ['stats', [new Float64Array([3, -1.5, 10, 0.25])]], ['reverse', [new Int32Array([1, -2, 3])]],
        ['sign', [-(2n ** 63n)]], ['shout', ['quiet ünïcode']],
      ];
      for (const [fn, args] of cases) assert.deepStrictEqual(k[fn]!(...args), j[fn]!(...args), fn);
      assert.equal(k.shout!('abc'), 'ABC!');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('componentNew: mismatches name the core item and the WIT item', () => {
  const wit = 'package t:m; interface host { f: func(s: string); } interface api { g: func(x: u32) -> u32; } world w { import host; export api; }';
  const embed = async (wat: string) => componentEmbed({ binary: await parse(wat), witSource: wit, world: 'w' });
  const mem = '(memory (export "memory") 1) (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 8)';
  it('an import the world does not have', async () => {
    const bytes = await embed(`(module (import "t:m/host" "nope" (func)) ${mem} (func (export "t:m/api#g") (param i32) (result i32) local.get 0))`);
    assert.throws(() => componentNew(bytes), (e: unknown) => e instanceof ComponentNewError && /core import "t:m\/host" "nope".*no function `nope`/.test((e as Error).message));
  });
  it('an import with the wrong core signature', async () => {
    const bytes = await embed(`(module (import "t:m/host" "f" (func (param i32))) ${mem} (func (export "t:m/api#g") (param i32) (result i32) local.get 0))`);
    assert.throws(() => componentNew(bytes), /core import "t:m\/host" "f" has type \(i32\) -> \(\), but WIT function `t:m\/host#f` lowers to \(i32 i32\) -> \(\)/);
  });
  it('a missing or mistyped export', async () => {
    const missing = await embed(`(module ${mem})`);
    assert.throws(() => componentNew(missing), /core export "t:m\/api#g" is missing: WIT function `t:m\/api#g` needs it/);
    const wrong = await embed(`(module ${mem} (func (export "t:m/api#g") (param i64) (result i32) i32.const 0))`);
    assert.throws(() => componentNew(wrong), /core export "t:m\/api#g" has type \(i64\) -> \(i32\), but WIT function `t:m\/api#g` lifts from \(i32\) -> \(i32\)/);
  });
  it('imports the module does not use are left out, as jco new leaves them out', async () => {
    const w = 'package t:m; interface host { record r { a: u32 } f: func(x: r); g: func(); } interface unused { h: func(); } world w { import host; import unused; export k: func(); }';
    const e = await componentEmbed({ binary: await parse('(module (import "t:m/host" "f" (func (param i32))) (func (export "k")))'), witSource: w, world: 'w' });
    const { ours } = await pair(e);
    assert.doesNotMatch(witOf(ours), /unused/);
  });
  it('a module without a component-type section targets the empty world; a component is refused', async () => {
    const empty = componentNew(new Uint8Array(Buffer.from('0061736d01000000', 'hex')));
    validate(empty);
    assert.equal(witOf(empty), witOf(await jcoNew(new Uint8Array(Buffer.from('0061736d01000000', 'hex')))));
    assert.throws(() => componentNew(empty), /not a core module with a component-type section/);
  });
});

/** WASI 0.2 from preview2-shim, under the interface names (kumiki takes them with or without the version). */
async function wasiImports(): Promise<Record<string, unknown>> {
  const shim = await import('@bytecodealliance/preview2-shim') as unknown as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [pkg, ifaces] of Object.entries(shim)) {
    for (const [iface, impl] of Object.entries(ifaces)) out[`wasi:${pkg}/${iface.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = impl;
  }
  return out;
}

/** Runs `f` with process.stdout captured (preview2-shim writes a guest's stdout there). */
function captureStdout(f: () => void): string {
  const write = process.stdout.write;
  const chunks: string[] = [];
  (process.stdout as { write: unknown }).write = (c: string | Uint8Array) => { chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString()); return true; };
  try { f(); } finally { process.stdout.write = write; }
  return chunks.join('');
}

describe('componentNew with the preview1 adapter (wasi-libc C)', { skip: haveClang() ? false : 'clang is not installed (bash scripts/setup.sh)' }, () => {
  const lib = `${repoRoot}node_modules/@bytecodealliance/jco/lib/`;
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-adapt-'));
  const clang = (args: string[]) => {
    const r = spawnSync('clang', ['--target=wasm32-wasi', '-O2', ...args], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  it('a command: valid, jco new\'s WIT, and main prints the same under kumiki and jco', async () => {
    clang(['-o', join(dir, 'hello.wasm'), `${repoRoot}test/toolchain/fixtures/hello.c`]);
    const adapter = `${lib}wasi_snapshot_preview1.command.wasm`;
    assert.equal(await main(['new', join(dir, 'hello.wasm'), '--adapt', `wasi_snapshot_preview1=${adapter}`, '-o', join(dir, 'hello.component.wasm')]), 0);
    const ours = new Uint8Array(readFileSync(join(dir, 'hello.component.wasm')));
    const theirs = await jcoNew(new Uint8Array(readFileSync(join(dir, 'hello.wasm'))), [['wasi_snapshot_preview1', new Uint8Array(readFileSync(adapter))]]);
    validate(ours);
    assert.equal(witOf(ours), witOf(theirs));
    assert.match(witOf(ours), /export wasi:cli\/run@0\.2\.\d+;/);
    const imports = await wasiImports();
    const run = new Component(ours).instantiate(imports).exports['wasi:cli/run'] as unknown as { run(): void };
    const k = captureStdout(() => run.run());
    assert.match(k, /^hello from C, 1 args, env=\(none\), t>0: 1\n$/);
    const j = (await jcoTranspile(ours)).instantiate(imports);
    assert.equal(captureStdout(() => (j.run as { run(): void }).run()), k);
  });
  it('a reactor importing a WASI interface the adapter also uses: one shared import, jco new\'s WIT', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kumiki-adapt-shared-'));
    try {
      spawnSync('mkdir', ['-p', join(d, 'wit', 'deps', 'cli')]);
      writeFileSync(join(d, 'wit', 'r2.wit'), 'package kumiki:r2;\ninterface api { count: func() -> u32; }\nworld r2 { import wasi:cli/environment@0.2.12; export api; }\n');
      writeFileSync(join(d, 'wit', 'deps', 'cli', 'env.wit'), 'package wasi:cli@0.2.12;\ninterface environment {\n  get-environment: func() -> list<tuple<string, string>>;\n  get-arguments: func() -> list<string>;\n  initial-cwd: func() -> option<string>;\n}\n');
      writeFileSync(join(d, 'r2.c'), `#include <stdint.h>
#include <stdlib.h>
__attribute__((export_name("cabi_realloc"))) void *cabi_realloc(void *o, size_t os, size_t a, size_t n) { (void)os; (void)a; return realloc(o, n ? n : 1); }
__attribute__((import_module("wasi:cli/environment@0.2.12"), import_name("get-environment"))) extern void get_env(uint32_t *out);
__attribute__((export_name("kumiki:r2/api#count"))) uint32_t count(void) { uint32_t r[2]; get_env(r); return r[1] + (getenv("PATH") ? 1000000 : 0); }
`);
      clang(['-mexec-model=reactor', '-o', join(d, 'r2.wasm'), join(d, 'r2.c')]);
      assert.equal(await main(['embed', join(d, 'r2.wasm'), '--wit', join(d, 'wit'), '--world', 'r2', '-o', join(d, 'r2-e.wasm')]), 0);
      const adapter = new Uint8Array(readFileSync(`${lib}wasi_snapshot_preview1.reactor.wasm`));
      const embedded = new Uint8Array(readFileSync(join(d, 'r2-e.wasm')));
      const ours = componentNew(embedded, { adapters: { wasi_snapshot_preview1: adapter } });
      validate(ours);
      assert.equal(witOf(ours), witOf(await jcoNew(embedded, [['wasi_snapshot_preview1', adapter]])));
      const imports = await wasiImports();
      const k = (new Component(ours).instantiate(imports).exports['kumiki:r2/api'] as unknown as { count(): number }).count();
      const j = ((await jcoTranspile(ours)).instantiate(imports)['kumiki:r2/api'] as { count(): number }).count();
      assert.equal(k, j);
      assert.ok(k > 1000000, 'the environment came through (PATH is set)');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
  it('a reactor (kumiki embed + kumiki new): valid, jco new\'s WIT, same results under kumiki and jco', async () => {
    clang(['-mexec-model=reactor', '-o', join(dir, 'reactor.wasm'), `${repoRoot}test/toolchain/fixtures/reactor.c`]);
    assert.equal(await main(['embed', join(dir, 'reactor.wasm'), '--wit', `${repoRoot}test/toolchain/fixtures/reactor.wit`, '-o', join(dir, 'reactor-e.wasm')]), 0);
    const adapter = `${lib}wasi_snapshot_preview1.reactor.wasm`;
    assert.equal(await main(['new', join(dir, 'reactor-e.wasm'), '--adapt', `wasi_snapshot_preview1=${adapter}`, '-o', join(dir, 'reactor.component.wasm')]), 0);
    const ours = new Uint8Array(readFileSync(join(dir, 'reactor.component.wasm')));
    const theirs = await jcoNew(new Uint8Array(readFileSync(join(dir, 'reactor-e.wasm'))), [['wasi_snapshot_preview1', new Uint8Array(readFileSync(adapter))]]);
    rmSync(dir, { recursive: true, force: true });
    validate(ours);
    assert.equal(witOf(ours), witOf(theirs));
    const imports = await wasiImports();
    const k = new Component(ours).instantiate(imports).exports['kumiki:reactor/api'] as Record<string, (x: unknown) => unknown>;
    const j = (await jcoTranspile(ours)).instantiate(imports)['kumiki:reactor/api'] as Record<string, (x: unknown) => unknown>;
    const d = k.describe!('wörld');
    assert.match(d as string, /^wörld: 6 bytes, clock ok, HOME (set|unset)$/);
    assert.equal(j.describe!('wörld'), d);
    for (let i = 0; i < 200; i++) assert.equal(k.describe!(`n${i}`), j.describe!(`n${i}`)); // malloc/free across calls
    const xs = new Int32Array([2 ** 31 - 1, 2 ** 31 - 1, -5]);
    assert.equal(k.sum!(xs), 4294967289n);
    assert.equal(j.sum!(xs), 4294967289n);
  });
});

// Last: jco's transpiler traps on the encodings it cannot handle, and a trap poisons it for the rest of the process.
for (const encoding of ['utf8', 'utf16', 'compact-utf16'] as const satisfies readonly Encoding[]) {
  describe(`componentNew: every WIT type (${encoding})`, () => {
    let ours: Uint8Array;
    let jcoApi: Record<string, any> | undefined;
    let theirsJcoError: string | undefined;
    before(async () => {
      const embedded = await componentEmbed({ binary: await parse(valuesCore()), witSource: VALUES_WIT, world: 'values', stringEncoding: encoding });
      const p = await pair(embedded);
      ours = p.ours;
      try { await jcoTranspile(p.theirs); } catch (e) { theirsJcoError = (e as Error).message; }
      // jco validates ours exactly where it validates its own output for this encoding.
      if (theirsJcoError === undefined) jcoApi = (await jcoTranspile(ours)).instantiate(valuesHost([])).api;
      else await assert.rejects(jcoTranspile(ours));
    });
    it('runs with the same results under kumiki and jco', () => {
      const kApi = new Component(ours).instantiate(valuesHost([])).exports.api as Record<string, any>;
      let calls = 0;
      for (const c of VALUE_CASES) {
        for (const v of c.samples) {
          const got = kApi[camel(`call-${c.name}`)](v);
          if (!(typeof v === 'string' && v.startsWith('\uFEFF'))) assert.deepStrictEqual(got, v, `${c.name}(${String(v)})`);
          if (jcoApi && !(typeof v === 'string' && v.startsWith('\uFEFF'))) assert.deepStrictEqual(jcoApi[camel(`call-${c.name}`)](v), got, `jco ${c.name}`);
          calls++;
        }
        const list = c.list ?? c.samples;
        const echoed = kApi[camel(`echo-${c.name}`)](list);
        if (c.name !== 'string') {
          assert.deepStrictEqual(echoed, list, `echo-${c.name}`);
          if (jcoApi) assert.deepStrictEqual(jcoApi[camel(`echo-${c.name}`)](list), echoed, `jco echo-${c.name}`);
        }
      }
      assert.ok(calls > 50);
    });
  });
}

