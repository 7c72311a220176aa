// The transpiled spec run (spec.test.ts in this folder, the compiled dist/ code, unchanged) under a newer Node
// (test/spec-runtime/host-node.ts; `bash scripts/newer-node.sh` fetches it, else this test skips), whose V8 compiles
// the multi-memory and `try_table` core modules Node 20 skips: there every no-async command must pass, AOT as JIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { describeNode, findNewerNode, standaloneEnv } from '../spec-runtime/host-node.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const AOT_SPEC_TEST = new URL('./spec.test.js', import.meta.url).pathname;
const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/', import.meta.url).pathname;
/** The child runs the suite three times (JIT, JIT unfused, transpiled). */
const CHILD_MS = 180_000;

const host = findNewerNode();
const skip = !existsSync(SPEC) ? `no corpus at ${SPEC}` : !host.ok ? host.why : false;

test('spec runtime scripts transpiled ahead of time, under a newer Node: every command passes', { skip }, async () => {
  assert.ok(host.ok);
  const version = describeNode(host.bin);
  const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(host.bin, [AOT_SPEC_TEST], { cwd: ROOT, env: standaloneEnv(), timeout: CHILD_MS, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stdout, stderr: err !== null ? `${stderr}\n${err.message}` : stderr });
    });
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('spec runtime (no async) assert_return + assert_trap:'));
  console.log(`\n== host: ${version} ==\n${line ?? '(no summary line)'}`);
  assert.equal(run.code, 0, `aot/spec.test.js under ${version} exited with ${run.code}:\n${run.stderr.slice(-2000)}`);
  const m = line === undefined ? null : /JIT (\d+)\/(\d+), JIT fuse:false \d+\/\d+, AOT (\d+)\/(\d+)/.exec(line);
  assert.ok(m !== null, `no summary line in the child's output:\n${run.stdout.slice(0, 2000)}`);
  const [jit, total, aot, aotTotal] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  assert.ok(total > 0);
  assert.equal(aotTotal, total);
  assert.equal(jit, total, `JIT ${jit}/${total} under ${version}`);
  assert.equal(aot, total, `AOT ${aot}/${total} under ${version}`);
});
