// stream/future over 64-bit memories (cm64): test/async/stream-cm64.node22.ts under the newer Node
// (test/spec-runtime/host-node.ts), whose V8 compiles memory64 core modules; skipped when there is none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describeNode, findNewerNode, standaloneEnv } from '../spec-runtime/host-node.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const CHILD = new URL('./stream-cm64.node22.js', import.meta.url).pathname;
const host = findNewerNode();

test('cm64: stream<T> and future<T> over 64-bit memories in every mode (under a newer Node)', { skip: host.ok ? false : host.why }, async () => {
  assert.ok(host.ok);
  const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(host.bin, ['--test-reporter=spec', CHILD], { cwd: ROOT, env: standaloneEnv(), timeout: 120_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr });
    });
  });
  assert.equal(run.code, 0, `stream-cm64.node22.js under ${describeNode(host.bin)} failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.match(run.stdout, /pass 16/);
});
