// kumiki/wasi's WASI 0.3 host in headless Chromium: jco-p3 programs (stdout, clocks, randomness, files) on the
// in-memory file system, the browser's timers, crypto.getRandomValues and performance.now.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/build.js';
import { bundleEntry } from '../browser/bundle.js';
import { launchChromium } from '../browser/chromium.js';
import { startServer } from '../browser/server.js';
import { CONFORMANCE } from './run03.js';

test('kumiki/wasi runs WASI 0.3 commands in Chromium on the in-memory file system', { timeout: 180_000 }, async () => {
  const bundle = await bundleEntry(repoRoot, 'dist/test/wasi03/browser-entry.js');
  // The Node providers load their built-ins by a computed name: nothing is left for a browser bundler to resolve.
  assert.deepEqual(bundle.leftImports, []);
  const server = await startServer(repoRoot);
  const browser = await launchChromium();
  try {
    server.put('/wasi03.js', bundle.code);
    for (const [file, code] of bundle.lazy) server.put(`/${file}`, code);
    server.put('/index.html', '<!doctype html><meta charset="utf-8"><title>kumiki/wasi 0.3</title>');
    const files = ['cli/p3-cli-hello-stdout.wasm', 'clocks/p3-clocks-sleep.wasm', 'random/p3-random-imports.wasm', 'fs/p3-file-write.wasm', 'fs/p3-readdir.wasm'];
    for (const f of files) server.put(`/${f.replace('/', '-')}`, new Uint8Array(readFileSync(join(CONFORMANCE, 'jco-p3', f))));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/index.html`);
    const run = (file: string, seed: Record<string, string> = { 'seed.txt': 'seed' }): Promise<{ out: string; code: number; files: string[] }> => page.evaluate(async ({ file, seed }) => {
      const entry = '/wasi03.js';
      const m = (await import(entry)) as typeof import('./browser-entry.js');
      const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
      return m.runCommand03InPage(bytes, ['p'], seed);
    }, { file: `/${file.replace('/', '-')}`, seed });
    assert.deepEqual(await run('cli/p3-cli-hello-stdout.wasm'), { out: 'hello, world\n', code: 0, files: ['seed.txt'] });
    const sleep = await run('clocks/p3-clocks-sleep.wasm');
    assert.equal(sleep.code, 0, sleep.out);
    const random = await run('random/p3-random-imports.wasm');
    assert.equal(random.code, 0, random.out);
    assert.deepEqual(await run('fs/p3-file-write.wasm'), { out: '', code: 0, files: ['long_write.txt', 'seed.txt', 'test-zero-write-fails.txt'] });
    // p3_readdir counts what it creates: an empty directory.
    const readdir = await run('fs/p3-readdir.wasm', {});
    assert.equal(readdir.code, 0, readdir.out);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
