// `kumiki serve` under load on loopback: 10,000 requests, 50 in flight, every 100th a 1 MiB POST streamed both
// ways; none lost, every body correct, bounded to 30 s. The handler is C (test/real-world/c/http-echo.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/build.js';
import { cProgram, haveWasiLibc, HTTP_WIT } from '../real-world/build.js';
import { load } from './load.js';

const skip = haveWasiLibc() ? false : 'wasi-libc is not installed (scripts/setup.sh installs it)';

/** Starts `kumiki serve` on a free port; resolves to the port and a stop function. */
export function startServe(component: string): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'kumiki.js'), 'serve', '--port', '0', component], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`kumiki serve did not start: ${err}`)); }, 20_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve({ port: Number(m[1]), stop: () => child.kill('SIGTERM') }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`kumiki serve exited (${code}): ${err}`)); });
  });
}

test('kumiki serve: 10,000 loopback requests, 50 concurrent, 1 MiB streamed bodies: none lost, all correct', { skip, timeout: 90_000 }, async () => {
  const comp = await cProgram('http-echo', 'reactor', HTTP_WIT);
  const server = await startServe(comp);
  try {
    const r = await load(server.port, 10_000, 50, 100, 45_000); // ~9 s alone here; the bound is for a loaded machine
    assert.deepEqual(r.bad, []);
    assert.equal(r.ok, 10_000, `only ${r.ok} requests done in ${Math.round(r.ms)} ms`);
    assert.equal(r.bigBytes, 100 * (1 << 20));
  } finally {
    server.stop();
  }
});
