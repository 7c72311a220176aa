// The url-fetch command (url-fetch-command.ts: component text) on Node, compiled (codegen, interp) and transpiled
// (AOT): /data/url.txt on a MemoryFs names a loopback server this test starts; the GET goes out through the node:http
// provider and through a `fetch` provider; the body lands in /data/out.txt and on stdout after its status line.
// Without the network grant send is HTTP-request-denied: the command says so on stderr and exits 1, writing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '../../src/tools/transpile.js';
import { Component } from '../../src/index.js';
import { MemoryFs, wasi03, type Wasi03Options } from '../../src/wasi/index.js';
import type { FetchLike } from '../../src/wasi/p3/http-client.js';
import { runCommand03, runExport03 } from '../../src/cli/run.js';
import { assemble, repoRoot } from '../support/build.js';
import { TEST_BODY as BODY, urlFetchCommand } from './url-fetch-command.js';

type Mode = 'codegen' | 'interp' | 'aot';
const MODES: readonly Mode[] = ['codegen', 'interp', 'aot'];

/** The command's exports' factory in `mode`: compiled here, or from `kumiki transpile` output (AOT) imported once. */
const factories = new Map<Mode, Promise<(imports: ReturnType<typeof wasi03>) => Promise<Record<string, unknown>>>>();
function factory(mode: Mode): Promise<(imports: ReturnType<typeof wasi03>) => Promise<Record<string, unknown>>> {
  let f = factories.get(mode);
  if (f !== undefined) return f;
  f = (async () => {
    const bytes = await assemble(urlFetchCommand());
    if (mode !== 'aot') {
      const c = await Component.compile(bytes, { mode });
      return async (imports) => c.instantiate(imports).exports as Record<string, unknown>;
    }
    const runtime = pathToFileURL(join(repoRoot, 'dist/src/entries/transpiled.js')).href;
    const js = transpile(bytes, { name: 'url-fetch', runtime, base64Cutoff: Infinity }).files.get('url-fetch.js') as string;
    const dir = mkdtempSync(join(tmpdir(), 'kumiki-url-fetch-'));
    try {
      writeFileSync(join(dir, 'url-fetch.mjs'), js);
      const mod = await import(pathToFileURL(join(dir, 'url-fetch.mjs')).href) as { instantiate(imports: unknown): Promise<Record<string, unknown>> };
      return (imports) => mod.instantiate(imports);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  factories.set(mode, f);
  return f;
}

/** Runs the command with `url` in /data/url.txt (no such file when undefined). */
async function runUrlFetch(url: string | undefined, options: Wasi03Options, mode: Mode = 'codegen'): Promise<{ out: Buffer; err: string; code: number; fs: MemoryFs }> {
  const fs = new MemoryFs(url === undefined ? {} : { 'url.txt': `${url}\n` });
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const exports = await (await factory(mode))(wasi03({ ...options, preopens: { '/data': fs }, stdout: (b) => { out.push(b.slice()); }, stderr: (b) => { err.push(b.slice()); } }));
  const code = await runCommand03(runExport03(exports)!);
  return { out: Buffer.concat(out), err: Buffer.concat(err).toString(), code, fs };
}

test('a WASI 0.3 command reads a URL from the in-memory fs, GETs it (node:http and fetch), writes the body to a file and stdout; denied without the network', { timeout: 60_000 }, async () => {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === '/data.bin') { res.writeHead(200, { 'content-type': 'application/octet-stream' }); res.end(BODY); } else { res.writeHead(404); res.end('none here'); }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const providers: [string, Wasi03Options][] = [
      ['node:http', { network: { allow: ['127.0.0.1'] } }],
      ['fetch', { network: true, fetch: globalThis.fetch as unknown as FetchLike }],
    ];
    for (const mode of MODES) {
      for (const [provider, options] of providers) {
        const name = `${mode}, ${provider}`;
        const r = await runUrlFetch(`http://${host}/data.bin`, options, mode);
        assert.equal(r.code, 0, `${name}: ${r.err}`);
        assert.equal(r.err, '');
        assert.deepEqual(r.out, Buffer.concat([Buffer.from('status 200\n'), BODY]), name);
        assert.deepEqual(r.fs.readFile('out.txt'), BODY, name);
        // A 404 is a response like another: its status and body.
        const missing = await runUrlFetch(`http://${host}/nothing`, options, mode);
        assert.equal(missing.code, 0, missing.err);
        assert.equal(missing.out.toString(), 'status 404\nnone here');
        assert.equal(new TextDecoder().decode(missing.fs.readFile('out.txt')), 'none here');
      }
    }
    assert.deepEqual(seen, Array(2 * MODES.length).fill(['GET /data.bin', 'GET /nothing']).flat());
    // Deny by default: no network grant, or a host the grant does not list.
    for (const options of [{}, { network: { allow: ['example.com'] } }] as Wasi03Options[]) {
      for (const mode of MODES) {
        const denied = await runUrlFetch(`http://${host}/data.bin`, options, mode);
        assert.equal(denied.code, 1);
        assert.equal(denied.err, 'send failed: HTTP-request-denied\n');
        assert.equal(denied.out.length, 0);
        assert.equal(denied.fs.readFile('out.txt'), undefined);
      }
    }
    assert.equal(seen.length, 4 * MODES.length, 'nothing sent without the grant');
    // Not a URL, or no url.txt: an error on stderr, exit 1.
    const bad = await runUrlFetch('ftp://x/y', { network: true });
    assert.deepEqual([bad.code, bad.err], [1, 'not an http(s) URL: ftp://x/y\n']);
    const none = await runUrlFetch(undefined, { network: true });
    assert.deepEqual([none.code, none.err], [1, 'cannot open /data/url.txt\n']);
  } finally {
    server.close();
  }
});
