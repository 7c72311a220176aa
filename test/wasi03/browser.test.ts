// kumiki/wasi's WASI 0.3 host in headless Chromium: jco-p3 programs (stdout, clocks, randomness, files written and
// read back) on the in-memory file system, the browser's timers, crypto.getRandomValues and performance.now; and
// the wasi-testsuite's http-client service, whose outgoing POST goes through the browser's fetch to an echo server
// this test starts (another origin: CORS); and the url-fetch command (url-fetch-command.ts, component text) that
// reads a URL from the in-memory fs, GETs it through fetch and writes the body to a file and stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { assemble, repoRoot } from '../support/build.js';
import { bundleEntry } from '../browser/bundle.js';
import { launchChromium } from '../browser/chromium.js';
import { startServer } from '../browser/server.js';
import { CONFORMANCE } from './run03.js';
import { TEST_BODY as BODY, urlFetchCommand } from './url-fetch-command.js';

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
    const files = ['cli/p3-cli-hello-stdout.wasm', 'clocks/p3-clocks-sleep.wasm', 'random/p3-random-imports.wasm', 'fs/p3-file-write.wasm', 'fs/p3-filesystem-file-read-write.wasm', 'fs/p3-readdir.wasm'];
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
    // Writes a file and reads it back through read-via-stream.
    const rw = await run('fs/p3-filesystem-file-read-write.wasm', {});
    assert.equal(rw.code, 0, rw.out);
    // p3_readdir counts what it creates: an empty directory.
    const readdir = await run('fs/p3-readdir.wasm', {});
    assert.equal(readdir.code, 0, readdir.out);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('kumiki/wasi in Chromium: a WASI 0.3 service sends an outgoing request through fetch', { timeout: 180_000 }, async () => {
  const bundle = await bundleEntry(repoRoot, 'dist/test/wasi03/browser-entry.js');
  const server = await startServer(repoRoot);
  // The echo server the component calls (HTTP_SERVER_MAIN): another origin, so it answers CORS preflights.
  const seen: string[] = [];
  const echo = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': '*', 'access-control-allow-headers': '*' });
      res.end();
      return;
    }
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url} ${Buffer.concat(parts).length}`);
      if (req.method === 'POST' && req.url === '/echo') res.end(Buffer.concat(parts));
      else { res.statusCode = 404; res.end(); }
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    server.put('/wasi03.js', bundle.code);
    for (const [file, code] of bundle.lazy) server.put(`/${file}`, code);
    server.put('/index.html', '<!doctype html><meta charset="utf-8"><title>kumiki/wasi 0.3 http</title>');
    server.put('/http-client.wasm', new Uint8Array(readFileSync(join(CONFORMANCE, 'wasi-testsuite/rust/testsuite/wasm32-wasip3/http-client.wasm'))));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/index.html`);
    const env = { HTTP_SERVER_MAIN: `127.0.0.1:${(echo.address() as AddressInfo).port}` };
    const r = await page.evaluate(async ({ env }) => {
      const entry = '/wasi03.js';
      const m = (await import(entry)) as typeof import('./browser-entry.js');
      const bytes = new Uint8Array(await (await fetch('/http-client.wasm')).arrayBuffer());
      return m.handleHttp03InPage(bytes, env, '/');
    }, { env });
    assert.equal(r.status, 200, `${r.body} ${r.err}`);
    // The component's POST reached the echo server from the page (its body echoed back and checked by the guest).
    assert.ok(seen.some((x) => x.startsWith('POST /echo ')), seen.join('; '));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
    echo.close();
  }
});

test('kumiki/wasi in Chromium: a WASI 0.3 command reads a URL from the in-memory fs, GETs it through fetch, writes the body to a file and stdout; denied without the network', { timeout: 180_000 }, async () => {
  const bundle = await bundleEntry(repoRoot, 'dist/test/wasi03/browser-entry.js');
  const server = await startServer(repoRoot);
  // The server the command GETs: another origin (CORS); a GET with no custom headers needs no preflight.
  const seen: string[] = [];
  const data = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.setHeader('access-control-allow-origin', '*');
    if (req.url === '/data.bin') res.end(BODY);
    else { res.statusCode = 404; res.end('none here'); }
  });
  await new Promise<void>((resolve) => data.listen(0, '127.0.0.1', resolve));
  const browser = await launchChromium();
  try {
    server.put('/wasi03.js', bundle.code);
    for (const [file, code] of bundle.lazy) server.put(`/${file}`, code);
    server.put('/index.html', '<!doctype html><meta charset="utf-8"><title>kumiki/wasi 0.3 url-fetch</title>');
    server.put('/url-fetch.wasm', await assemble(urlFetchCommand()));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/index.html`);
    const origin = `http://127.0.0.1:${(data.address() as AddressInfo).port}`;
    const run = (url: string, network: boolean): ReturnType<typeof import('./browser-entry.js').runUrlFetchInPage> => page.evaluate(async ({ url, network }) => {
      const entry = '/wasi03.js';
      const m = (await import(entry)) as typeof import('./browser-entry.js');
      const bytes = new Uint8Array(await (await fetch('/url-fetch.wasm')).arrayBuffer());
      return m.runUrlFetchInPage(bytes, url, network);
    }, { url, network });
    const ok = await run(`${origin}/data.bin`, true);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.err, '');
    assert.deepEqual(Buffer.from(ok.out), Buffer.concat([Buffer.from('status 200\n'), BODY]));
    assert.deepEqual(Buffer.from(ok.file ?? []), Buffer.from(BODY));
    const missing = await run(`${origin}/nothing`, true);
    assert.deepEqual([missing.code, Buffer.from(missing.out).toString(), Buffer.from(missing.file ?? []).toString()], [0, 'status 404\nnone here', 'none here']);
    assert.deepEqual(seen, ['GET /data.bin', 'GET /nothing']);
    // Deny by default: without the grant send is HTTP-request-denied, nothing is fetched or written.
    const denied = await run(`${origin}/data.bin`, false);
    assert.deepEqual(denied, { out: [], err: 'send failed: HTTP-request-denied\n', code: 1, file: null });
    assert.equal(seen.length, 2);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
    data.close();
  }
});
