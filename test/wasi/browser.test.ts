// kumiki/wasi in headless Chromium with preview2-shim's browser build (bundled by rolldown): a wasi-libc command
// gets its arguments and environment, writes stdout through a function, reads clocks and randomness, and exits;
// blocking in wasi:io/poll (the browser shim returns a Promise there) is a clear trap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../support/build.js';
import { bundleEntry } from '../browser/bundle.js';
import { launchChromium } from '../browser/chromium.js';
import { startServer } from '../browser/server.js';
import { cProgram, haveWasiLibc } from '../real-world/build.js';

const skip = haveWasiLibc() ? false : 'wasi-libc is not installed (scripts/setup.sh installs it)';

test('kumiki/wasi runs a WASI command in Chromium with the shim\'s browser build', { skip, timeout: 120_000 }, async () => {
  const bundle = await bundleEntry(repoRoot, 'dist/test/wasi/browser-entry.js');
  assert.deepEqual(bundle.leftImports, []);
  const server = await startServer(repoRoot);
  const browser = await launchChromium();
  try {
    server.put('/wasi.js', bundle.code);
    for (const [file, code] of bundle.lazy) server.put(`/${file}`, code);
    server.put('/index.html', '<!doctype html><meta charset="utf-8"><title>kumiki/wasi</title>');
    server.put('/args-env.wasm', new Uint8Array(readFileSync(await cProgram('args-env', 'command'))));
    server.put('/clocks-random.wasm', new Uint8Array(readFileSync(await cProgram('clocks-random', 'command'))));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/index.html`);
    const run = (file: string, args: string[], env: Record<string, string>): Promise<{ out: string; code: number }> => page.evaluate(async ({ file, args, env }) => {
      const entry = '/wasi.js';
      const m = (await import(entry)) as typeof import('./browser-entry.js');
      const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
      return m.runCommand(bytes, args, env);
    }, { file, args, env });
    const a = await run('/args-env.wasm', ['p', 'fail', 'ünï ✓'], { GREETING: 'hé' });
    assert.equal(a.out, 'argc=3\narg[1]=fail (4 bytes)\narg[2]=ünï ✓ (9 bytes)\nenv count=1\nGREETING=hé\nHOME=(unset)\n');
    assert.equal(a.code, 1);
    const c = await run('/clocks-random.wasm', ['c', 'nosleep'], {});
    assert.equal(c.out, 'wall after 2020: yes\nmonotonic ordered: yes\nentropy: differs\n');
    assert.equal(c.code, 0);
    // Blocking (nanosleep → wasi:io/poll) gets a Promise from the browser shim: a clear trap, not a hang.
    await assert.rejects(run('/clocks-random.wasm', ['c'], {}), /import wasi:io\/poll@0\.2\.12#poll: the host function returned a Promise \(a thenable\), but wasi:io\/poll@0\.2\.12#poll is not an async function/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
