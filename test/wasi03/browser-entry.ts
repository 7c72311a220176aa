// The page side of browser.test.ts, bundled for browsers: runs a WASI 0.3 command with kumiki/wasi on an in-memory
// file system, and a wasi:http 0.3 service whose outgoing requests go through fetch (the 0.2 imports their std
// library still has come from the shim's browser build); and the url-fetch command (url-fetch-command.ts), its GET
// through fetch, on an in-memory /data.
import { Component, ComponentError } from '../../src/index.js';
import { MemoryFs, wasi, wasi03 } from '../../src/wasi/index.js';
import { Fields, Request, Response } from '../../src/wasi/p3/http-types.js';
import { readBytes } from '../../src/wasi/p3/host-streams.js';

export async function runCommand03InPage(bytes: Uint8Array, args: string[], files: Record<string, string>): Promise<{ out: string; code: number; files: string[] }> {
  const chunks: Uint8Array[] = [];
  const fs = new MemoryFs(files);
  const imports = await wasi({ args, env: { A: 'b' }, preopens: { '/': fs }, stdout: (b) => { chunks.push(b.slice()); }, stderr: (b) => { chunks.push(b.slice()); } });
  // The jco-p3 programs need it: wit-bindgen before #1638 cancels its wake-up stream synchronously in a waitable set.
  const inst = (await Component.compile(bytes, { compat: ['sync-cancel-in-set'] })).instantiate(imports);
  const key = Object.keys(inst.exports).find((k) => k.startsWith('wasi:cli/run@0.3.'));
  let code: number;
  try {
    // run: async func() -> result: resolves for ok, rejects with a ComponentError for err.
    await (inst.exports[key!] as unknown as { run(): Promise<void> }).run();
    code = 0;
  } catch (e) {
    if (e instanceof ComponentError) code = 1;
    else {
      // A trap (a panicking program): its output says why.
      chunks.push(new TextEncoder().encode(`\n${String(e)}`));
      code = 134;
    }
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return { out: new TextDecoder().decode(all), code, files: [...fs.root.entries.keys()].sort() };
}

/**
 * Calls a wasi:http/handler@0.3 component's `handle` with a GET of `path` in the page (no server: the request is made
 * here); the component's own outgoing requests go out through the browser's fetch. Its status, body and stderr.
 */
export async function handleHttp03InPage(bytes: Uint8Array, env: Record<string, string>, path: string): Promise<{ status: number; body: string; err: string }> {
  const err: Uint8Array[] = [];
  const imports = await wasi({ env, network: true, stdout: 'ignore', stderr: (b) => { err.push(b.slice()); } });
  const inst = (await Component.compile(bytes, { compat: ['sync-cancel-in-set'] })).instantiate(imports);
  const key = Object.keys(inst.exports).find((k) => k.startsWith('wasi:http/handler@0.3.'));
  const handler = inst.exports[key!] as unknown as { handle(r: Request): Promise<unknown> };
  const headers = Fields.fromList([]);
  headers.immutable = true;
  const r = new Request(headers, undefined, undefined);
  r.pathWithQuery = path;
  r.scheme = { tag: 'HTTP' };
  r.authority = location.host;
  const text = (parts: Uint8Array[]): string => new TextDecoder().decode(new Uint8Array(parts.flatMap((p) => [...p])));
  let out: unknown;
  try {
    out = await handler.handle(r);
  } catch (e) {
    return { status: 0, body: String(e), err: text(err) };
  }
  // handle: async func(request) -> result<response, error-code>: the response, or a rejection (ComponentError) for err.
  if (!(out instanceof Response)) return { status: 0, body: String(out), err: text(err) };
  const body: Uint8Array[] = [];
  if (out.contents !== undefined) for await (const c of readBytes(out.contents)) body.push(c);
  return { status: out.status, body: text(body), err: text(err) };
}

/**
 * Runs the url-fetch command with /data/url.txt holding `url` on a MemoryFs, its outgoing GET through the page's
 * fetch (kumiki/wasi's default off Node) when `network` grants it. Its stdout (bytes), stderr, exit code and
 * /data/out.txt (bytes, or null when it wrote none).
 */
export async function runUrlFetchInPage(bytes: Uint8Array, url: string, network: boolean): Promise<{ out: number[]; err: string; code: number; file: number[] | null }> {
  const fs = new MemoryFs({ 'url.txt': `${url}\n` });
  const out: number[] = [];
  const err: Uint8Array[] = [];
  const imports = wasi03({ network, preopens: { '/data': fs }, stdout: (b) => { for (const x of b) out.push(x); }, stderr: (b) => { err.push(b.slice()); } });
  const inst = (await Component.compile(bytes)).instantiate(imports);
  const run = inst.exports['wasi:cli/run@0.3.0'] as unknown as { run(): Promise<void> };
  // run: async func() -> result: resolves for ok, rejects with a ComponentError for err (exit code 1).
  let code = 0;
  try { await run.run(); } catch (e) { if (!(e instanceof ComponentError)) throw e; code = 1; }
  const file = fs.readFile('out.txt');
  return { out, err: new TextDecoder().decode(new Uint8Array(err.flatMap((e) => [...e]))), code, file: file === undefined ? null : [...file] };
}
