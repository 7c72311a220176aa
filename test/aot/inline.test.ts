// `kumiki transpile --base64-cutoff N` (TranspileOptions.base64Cutoff): core modules smaller than N bytes are inlined
// in the generated module as base64 instead of written as `.wasm` files. On the greeter (three core modules: 856, 109
// and 107 bytes): every module inlined (one file, no loader, runs from a data: URL), some inlined (the rest still
// loaded as files; `getCoreModule` and `instantiateSync` see only those), all run under
// `--disallow-code-generation-from-strings` with the same results as the file-based module; cutoff 0 changes nothing;
// bad cutoffs are refused.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '../../src/tools/transpile.js';
import { repoRoot, witComponent } from '../support/build.js';

const out = join(repoRoot, '.cache', 'aot', 'inline');
const kumiki = join(repoRoot, 'bin', 'kumiki.js');

function run(args: string[], nodeFlags: string[] = [], cwd = repoRoot): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [...nodeFlags, ...args], { encoding: 'utf8', cwd });
}

/**
 * `node probe.mjs MODULE-URL DIR`: imports the generated module and calls the greeter through `instantiate`,
 * `instantiateSync` (with the compiled `coreModules` files of DIR) and `instantiate` with `getCoreModule`; one JSON line.
 */
const PROBE = `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const [url, dir] = process.argv.slice(2);
const m = await import(url);
const r = { coreModules: m.coreModules };
try { new Function('return 1'); r.functionBarred = false; } catch (e) { r.functionBarred = e.name; }
const logs = [];
const host = { 'example:greeter/host': { log: (l) => logs.push(l) } };
const calls = (ex) => {
  const g = ex.greet;
  const o = { greet: g.greet('世界 🌍'), sum: g.sum(new Uint32Array([1, 2, 3, 4])) };
  o.stats = JSON.stringify(g.stats(), (_k, v) => (typeof v === 'bigint' ? String(v) + 'n' : v));
  o.invert = g.invert(4);
  try { g.invert(0); o.err = 'no error'; } catch (e) { o.err = [e.name, e.payload]; }
  return o;
};
const compile = (f) => WebAssembly.compile(readFileSync(join(dir, f)));
r.async = calls(await m.instantiate(host));
r.again = calls(await m.instantiate(host));
const files = await Promise.all(m.coreModules.map(compile));
r.sync = calls(m.instantiateSync(host, files));
r.asked = [];
r.custom = calls(await m.instantiate(host, { getCoreModule: (f) => { r.asked.push(f); return compile(f); } }));
try { m.instantiateSync(host, [...files, null]); r.wrongCount = 'no error'; } catch (e) { r.wrongCount = e.name + ': ' + e.message; }
r.logs = logs;
console.log(JSON.stringify(r));
`;

interface Probe {
  coreModules: string[];
  functionBarred: string | false;
  async: unknown; again: unknown; sync: unknown; custom: unknown;
  asked: string[];
  wrongCount: string;
  logs: string[];
}

/** Runs the probe with code generation from strings barred (as a CSP without 'unsafe-eval'). */
function probe(url: string, dir: string): Probe {
  const r = run([join(out, 'probe.mjs'), url, dir], ['--disallow-code-generation-from-strings'], out);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Probe;
  assert.equal(got.functionBarred, 'EvalError', 'the flag bars new Function');
  return got;
}

/** The results of the calls, which must not depend on where the core modules came from. */
function results(p: Probe): unknown {
  return { async: p.async, again: p.again, sync: p.sync, custom: p.custom, logs: p.logs };
}

function transpileCli(dir: string, extra: string[]): void {
  const r = run([kumiki, 'transpile', join(out, 'greeter.wasm'), '-o', join(out, dir), ...extra]);
  assert.equal(r.status, 0, r.stderr);
}

describe('kumiki transpile --base64-cutoff (core modules inlined as base64)', () => {
  let bytes: Uint8Array;
  let fileBased: Probe;
  /** The core module sizes of the greeter, in load order. */
  let sizes: number[];

  before(async () => {
    const dir = join(repoRoot, 'examples', 'greeter');
    bytes = await witComponent(readFileSync(join(dir, 'greeter.wit'), 'utf8'), 'greeter', readFileSync(join(dir, 'greeter.wat'), 'utf8'));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'greeter.wasm'), bytes);
    writeFileSync(join(out, 'probe.mjs'), PROBE);
    transpileCli('files', []);
    fileBased = probe('./files/greeter.js', join(out, 'files'));
    const { files, coreModules } = transpile(bytes, { name: 'greeter' });
    sizes = coreModules.map((f) => (files.get(f) as Uint8Array).length);
  });

  it('the file-based module (the reference) gives the expected results', () => {
    assert.deepEqual(sizes.length, 3, 'the greeter has three core modules');
    assert.deepEqual(fileBased.coreModules, ['greeter.core0.wasm', 'greeter.core1.wasm', 'greeter.core2.wasm']);
    assert.deepEqual(fileBased.asked, fileBased.coreModules);
    const expected = { greet: 'Hello, 世界 🌍!', sum: 10, stats: '{"calls":1,"bytes":"19n"}', invert: 0.25, err: ['ComponentError', 'zero has no inverse'] };
    for (const k of ['async', 'again', 'sync', 'custom'] as const) assert.deepEqual(fileBased[k], expected, k);
  });

  it('a cutoff above every core module: one file, no loader, same results under --disallow-code-generation-from-strings', () => {
    transpileCli('one', ['--base64-cutoff', String(Math.max(...sizes) + 1)]);
    assert.deepEqual(readdirSync(join(out, 'one')).sort(), ['greeter.d.ts', 'greeter.js'], 'no .wasm written');
    const js = readFileSync(join(out, 'one', 'greeter.js'), 'utf8');
    assert.doesNotMatch(js, /import\.meta|node:|fetchCoreModule|new Function|\beval\(/, 'reads nothing next to itself, no eval');
    assert.match(js, /import \{ TranspiledComponent, base64Bytes(, fusion)? \} from "kumiki\/runtime";/);
    const got = probe('./one/greeter.js', join(out, 'one'));
    assert.deepEqual(got.coreModules, []);
    assert.deepEqual(got.asked, [], 'getCoreModule is never asked for an inlined module');
    assert.deepEqual(results(got), results(fileBased));
    assert.match(got.wrongCount, /^TypeError: instantiateSync\(imports, modules\): expected an array of 0 compiled core modules.*3 inlined/);
    assert.match(readFileSync(join(out, 'one', 'greeter.d.ts'), 'utf8'), /export declare function instantiateSync\(imports: Imports \| undefined, modules\?: readonly WebAssembly\.Module\[\], options\?: \{ maxLiftBytes\?: number \}\): Exports;/);
  });

  it('the single-file module runs from a data: URL (runtime given as a file URL)', () => {
    const runtime = pathToFileURL(join(repoRoot, 'dist/src/entries/transpiled.js')).href;
    const { files, coreModules } = transpile(bytes, { name: 'greeter', runtime, base64Cutoff: Infinity });
    assert.deepEqual(coreModules, []);
    assert.deepEqual([...files.keys()], ['greeter.js', 'greeter.d.ts']);
    const url = `data:text/javascript;base64,${Buffer.from(files.get('greeter.js') as string).toString('base64')}`;
    assert.deepEqual(results(probe(url, out)), results(fileBased));
  });

  it('a cutoff between sizes: the small modules inlined, the rest still files (all getCoreModule and instantiateSync see)', () => {
    transpileCli('mixed', ['--base64-cutoff', '200']);
    assert.ok(sizes[0]! >= 200 && sizes[1]! < 200 && sizes[2]! < 200, `sizes ${sizes.join(', ')}`);
    assert.deepEqual(readdirSync(join(out, 'mixed')).sort(), ['greeter.core0.wasm', 'greeter.d.ts', 'greeter.js']);
    const got = probe('./mixed/greeter.js', join(out, 'mixed'));
    assert.deepEqual(got.coreModules, ['greeter.core0.wasm']);
    assert.deepEqual(got.asked, ['greeter.core0.wasm'], 'getCoreModule is asked only for the file');
    assert.deepEqual(results(got), results(fileBased));
    assert.match(got.wrongCount, /^TypeError: instantiateSync\(imports, modules\): expected an array of 1 compiled core modules, one per `coreModules` file \(the 2 inlined/);
  });

  it('inlines a core module only when it is smaller than the cutoff (strictly)', () => {
    for (const [i, size] of sizes.entries()) {
      const file = `greeter.core${i}.wasm`;
      assert.ok(transpile(bytes, { name: 'greeter', base64Cutoff: size }).coreModules.includes(file), `${file} (${size} bytes) kept at cutoff ${size}`);
      const r = transpile(bytes, { name: 'greeter', base64Cutoff: size + 1 });
      assert.ok(!r.coreModules.includes(file) && !r.files.has(file), `${file} inlined at cutoff ${size + 1}`);
      assert.deepEqual(r.coreModules, [...r.files.keys()].filter((f) => f.endsWith('.wasm')), 'coreModules lists exactly the files written');
    }
  });

  it('cutoff 0 (the default) leaves the output unchanged', () => {
    transpileCli('zero', ['--base64-cutoff', '0']);
    for (const f of ['greeter.js', 'greeter.d.ts', 'greeter.core0.wasm', 'greeter.core1.wasm', 'greeter.core2.wasm']) {
      assert.deepEqual(readFileSync(join(out, 'zero', f)), readFileSync(join(out, 'files', f)), f);
    }
    assert.deepEqual(readdirSync(join(out, 'zero')).sort(), readdirSync(join(out, 'files')).sort());
    const plain = transpile(bytes, { name: 'greeter' });
    assert.deepEqual(transpile(bytes, { name: 'greeter', base64Cutoff: 0 }).files, plain.files);
    assert.doesNotMatch(plain.files.get('greeter.js') as string, /base64/);
  });

  it('a bad --base64-cutoff is a usage error (exit 2), and a bad base64Cutoff a TypeError', () => {
    for (const bad of [['abc'], ['-1'], ['1.5'], ['1e3'], [''], ['99999999999999999999'], []]) {
      const dir = join(out, 'bad');
      const r = run([kumiki, 'transpile', join(out, 'greeter.wasm'), '-o', dir, '--base64-cutoff', ...bad]);
      assert.equal(r.status, 2, `--base64-cutoff ${bad.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /--base64-cutoff expects a number of bytes[^]*usage: kumiki transpile .*\[--base64-cutoff N\]/);
      assert.deepEqual(readdirSync(out).includes('bad'), false, 'nothing written');
    }
    for (const bad of [-1, 1.5, Number.NaN, -Infinity]) {
      assert.throws(() => transpile(bytes, { base64Cutoff: bad }), (e: Error) => e instanceof TypeError && /base64Cutoff must be a non-negative integer/.test(e.message), String(bad));
    }
  });

  it('the declarations type-check: instantiateSync without modules only when every core module is inlined', () => {
    writeFileSync(join(out, 'usage.ts'), `import * as one from './one/greeter.js';
import * as mixed from './mixed/greeter.js';
const imports = { 'example:greeter/host': { log: (line: string) => { void line; } } };
const a: string = one.instantiateSync(imports).greet.greet('x');
const b: string = mixed.instantiateSync(imports, [new WebAssembly.Module(new Uint8Array(0))]).greet.greet('x');
// @ts-expect-error the module files are required while some are not inlined
mixed.instantiateSync(imports);
const c: readonly string[] = one.coreModules;
void a; void b; void c;
`);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = run([tsc, '--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,dom,esnext.disposable', '--types', '', join(out, 'usage.ts')], [], out);
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
});
