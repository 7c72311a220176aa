// `kumiki transpile` on the greeter example: the files it writes, the generated module run with kumiki/runtime
// under `--disallow-code-generation-from-strings` (V8 bars eval and `new Function`, as a CSP without
// 'unsafe-eval' does: the JIT falls back to interp there, the transpiled module needs neither), and its
// declarations type-checked against a use of the module.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, witComponent } from '../support/build.js';

const out = join(repoRoot, '.cache', 'aot', 'cli');
const kumiki = join(repoRoot, 'bin', 'kumiki.js');

function run(args: string[], nodeFlags: string[] = [], cwd = repoRoot): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [...nodeFlags, ...args], { encoding: 'utf8', cwd });
}

/** Runs in a child process with code generation from strings barred; prints one JSON line. */
const CSP_SCRIPT = `
import { readFileSync } from 'node:fs';
import { instantiate } from './greeter.js';
import { ComponentError } from 'kumiki/runtime';
import { Component } from 'kumiki';
const r = {};
try { new Function('return 1'); r.functionBarred = false; } catch (e) { r.functionBarred = e.name; }
const logs = [];
const { greet } = await instantiate({ 'example:greeter/host': { log: (l) => logs.push(l) } });
r.greet = greet.greet('世界 🌍');
r.sum = greet.sum(new Uint32Array([1, 2, 3, 4]));
r.stats = JSON.stringify(greet.stats(), (_k, v) => (typeof v === 'bigint' ? String(v) + 'n' : v));
r.invert = greet.invert(4);
try { greet.invert(0); } catch (e) { r.err = [e instanceof ComponentError, e.payload]; }
try { greet.sum(new Float32Array([1.5])); } catch (e) { r.bad = e.name + ': ' + e.message; }
r.logs = logs;
const bytes = readFileSync(new URL('./greeter.wasm', import.meta.url));
try { new Component(bytes); r.syncBeforeLoad = 'no error'; } catch (e) { r.syncBeforeLoad = e.name + ': ' + e.message; }
const jit = await Component.compile(bytes);
r.jitMode = jit.mode;
r.jitGreet = jit.instantiate({ 'example:greeter/host': { log: () => {} } }).exports.greet.greet('x');
r.syncAfterLoad = new Component(bytes).mode;
console.log(JSON.stringify(r));
`;

const USAGE_TS = `import { instantiate, instantiateSync, coreModules, type Imports } from './greeter.js';
const imports: Imports = { 'example:greeter/host': { log: (line: string) => { void line; } } };
const ex = await instantiate(imports, { getCoreModule: async (f: string) => WebAssembly.compile(new Uint8Array(0 * f.length)) });
const s: string = ex.greet.greet('x');
const n: number = ex.greet.sum(new Uint32Array(1));
const b: bigint = ex.greet.stats().bytes;
void s; void n; void b; void instantiateSync; void coreModules;
// @ts-expect-error a number is not a string
ex.greet.greet(1);
`;

describe('kumiki transpile (CLI) on the greeter', () => {
  before(async () => {
    const dir = join(repoRoot, 'examples', 'greeter');
    const bytes = await witComponent(readFileSync(join(dir, 'greeter.wit'), 'utf8'), 'greeter', readFileSync(join(dir, 'greeter.wat'), 'utf8'));
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'greeter.wasm'), bytes);
  });

  it('writes the module, its declarations and one .wasm per core module', () => {
    const r = run([kumiki, 'transpile', join(out, 'greeter.wasm'), '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    for (const f of ['greeter.js', 'greeter.d.ts', 'greeter.core0.wasm']) assert.ok(existsSync(join(out, f)), f);
    const js = readFileSync(join(out, 'greeter.js'), 'utf8');
    assert.match(js, /from "kumiki\/runtime"/);
    assert.doesNotMatch(js, /new Function|\beval\(/);
    assert.match(readFileSync(join(out, 'greeter.d.ts'), 'utf8'), /export declare function instantiate\(imports\?: Imports, options\?: InstantiateOptions\): Promise<Exports>;/);
    assert.match(js, /copy memory to memory \(fused adapters\)/, 'fused adapters by default');
    const unfused = join(out, 'unfused');
    const n = run([kumiki, 'transpile', join(out, 'greeter.wasm'), '-o', unfused, '--no-fuse']);
    assert.equal(n.status, 0, n.stderr);
    const plain = readFileSync(join(unfused, 'greeter.js'), 'utf8');
    assert.match(plain, /cross through JS \(no fused adapters\)/);
    assert.ok(plain.length < js.length, '--no-fuse leaves the plan data out');
    const usage = run([kumiki, 'transpile', join(out, 'greeter.wasm')]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: kumiki transpile/);
  });

  it('the generated module runs with kumiki/runtime where eval and new Function are barred', () => {
    writeFileSync(join(out, 'csp.mjs'), CSP_SCRIPT);
    const r = run([join(out, 'csp.mjs')], ['--disallow-code-generation-from-strings']);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    assert.equal(got.functionBarred, 'EvalError', 'the flag bars new Function');
    assert.equal(got.jitMode, 'interp', 'the JIT had to fall back to interp');
    assert.equal(got.jitGreet, 'Hello, x!', 'the interpreter, loaded on demand by Component.compile, runs it');
    assert.match(got.syncBeforeLoad as string, /^UnsupportedError: new Component: this host forbids new Function \(CSP\).*await Component\.compile/);
    assert.equal(got.syncAfterLoad, 'interp', 'once loaded, the synchronous constructor uses the interpreter too');
    assert.equal(got.greet, 'Hello, 世界 🌍!');
    assert.equal(got.sum, 10);
    assert.equal(got.stats, '{"calls":1,"bytes":"19n"}');
    assert.equal(got.invert, 0.25);
    assert.deepEqual(got.err, [true, 'zero has no inverse']);
    assert.match(got.bad as string, /^TypeError: .*sum\(xs\)/);
    assert.deepEqual(got.logs, ['Hello, 世界 🌍!']);
  });

  it('the declarations type-check a use of the generated module and reject a wrong one', () => {
    writeFileSync(join(out, 'usage.ts'), USAGE_TS);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = run([tsc, '--ignoreConfig', '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,dom,esnext.disposable', '--types', '', join(out, 'usage.ts')], [], out);
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
  });
});
