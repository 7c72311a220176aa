// The wasi-testsuite's HTTP cases (world wasi:http/service) as its JSON specifications say: the component is served
// through kumiki/wasi's serveHttp03 (what `kumiki serve` runs); `servers` are node:http servers this runner starts
// for the component's outgoing requests (their authority in HTTP_SERVER_<NAME>; a `closed` one is a port nobody
// listens on); `request` operations are sent to the component and their response checked; `kill` stops serving.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Component } from '../../src/index.js';
import { serveHttp03, wasi, type Handler03 } from '../../src/wasi/index.js';

interface Reply { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string; readonly chunks?: readonly string[]; readonly trailers?: Record<string, string> }
interface Endpoint { readonly method: string; readonly path: string; readonly mode?: string; readonly response?: Reply }
interface ServerSpec { readonly name: string; readonly kind?: string; readonly endpoints?: readonly Endpoint[] }
export interface HttpOp { readonly type: string; readonly method?: string; readonly path?: string; readonly headers?: Record<string, string>; readonly body?: string; readonly response?: Reply }
export interface HttpSpec { readonly servers?: readonly ServerSpec[]; readonly operations?: readonly HttpOp[] }

/** Answers one request as `e` says: a fixed reply (chunks written one by one, trailers after), or an echo. */
function answer(e: Endpoint, req: IncomingMessage, res: ServerResponse): void {
  if (e.mode === 'echo-headers') {
    for (let i = 0; i < req.rawHeaders.length; i += 2) res.appendHeader(`x-echo-${req.rawHeaders[i]!.toLowerCase()}`, req.rawHeaders[i + 1]!);
    res.setHeader('x-request-method', req.method ?? '');
    res.setHeader('x-request-path', req.url ?? '');
    res.statusCode = 200;
    req.resume();
    // Trailers are known at the end of the body: echoed as x-trailer-<name> headers (the answer waits for them).
    req.on('end', () => {
      const t: [string, string][] = [];
      for (let i = 0; i < req.rawTrailers.length; i += 2) t.push([req.rawTrailers[i]!, req.rawTrailers[i + 1]!]);
      for (const [k, v] of t) res.appendHeader(`x-trailer-${k.toLowerCase()}`, v);
      res.end();
    });
    return;
  }
  if (e.mode === 'echo-body') {
    // The whole body, then the answer: the body back.
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => { res.statusCode = 200; res.end(Buffer.concat(parts)); });
    return;
  }
  const r = e.response ?? { status: 200 };
  res.statusCode = r.status;
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
  req.resume();
  if (r.trailers !== undefined) res.setHeader('Trailer', Object.keys(r.trailers).join(', '));
  for (const c of r.chunks ?? []) res.write(c);
  if (r.trailers !== undefined) res.addTrailers(r.trailers);
  res.end(r.body);
}

async function listen(s: Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

/** The spec's servers, started; their env (HTTP_SERVER_<NAME> = host:port) and a way to stop them. */
async function startServers(specs: readonly ServerSpec[]): Promise<{ env: Record<string, string>; close(): void }> {
  const env: Record<string, string> = {};
  const running: Server[] = [];
  for (const spec of specs) {
    const s = createServer((req, res) => {
      const e = spec.endpoints?.find((x) => x.method === req.method && x.path === req.url);
      if (e === undefined) { res.statusCode = 404; req.resume(); res.end(); return; }
      answer(e, req, res);
    });
    const port = await listen(s);
    // A closed server: the port was free a moment ago and nothing listens on it now (connection refused).
    if (spec.kind === 'closed') await new Promise<void>((resolve) => s.close(() => resolve()));
    else running.push(s);
    env[`HTTP_SERVER_${spec.name.toUpperCase()}`] = `127.0.0.1:${port}`;
  }
  return { env, close: () => { for (const s of running) { s.close(); s.closeAllConnections(); } } };
}

function send(port: number, op: HttpOp): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: op.method ?? 'GET', path: op.path ?? '/', headers: op.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(op.body);
  });
}

/** Runs one HTTP case (with the network granted unless `grant` says not); undefined when it passes, else why not. */
export async function runHttpCase(wasm: string, spec: HttpSpec, grant: { readonly network?: boolean } = {}): Promise<string | undefined> {
  const servers = await startServers(spec.servers ?? []);
  const err: Uint8Array[] = [];
  const stderr = (): string => Buffer.concat(err).toString().slice(0, 600);
  let serving: Awaited<ReturnType<typeof serveHttp03>> | undefined;
  try {
    const c = await Component.compile(new Uint8Array(readFileSync(wasm)), { compat: ['sync-cancel-in-set'] });
    const imports = await wasi({ env: servers.env, network: grant.network ?? true, stdout: 'ignore', stderr: (b) => { err.push(b.slice()); } });
    const exports = c.instantiate(imports).exports;
    const key = Object.keys(exports).find((k) => k.startsWith('wasi:http/handler@0.3'));
    if (key === undefined) return 'no wasi:http/handler@0.3 export';
    const served = await serveHttp03(exports[key] as unknown as Handler03, { port: 0 });
    serving = served;
    for (const op of spec.operations ?? []) {
      if (op.type === 'request') {
        const got = await send(served.port, op);
        const want = op.response ?? { status: 200 };
        const at = `${op.method ?? 'GET'} ${op.path ?? '/'}`;
        if (got.status !== want.status) return `${at}: status ${got.status}, expected ${want.status}; body ${JSON.stringify(got.body.slice(0, 200))}; stderr ${JSON.stringify(stderr())}`;
        for (const [k, v] of Object.entries(want.headers ?? {})) if (got.headers[k.toLowerCase()] !== v) return `${at}: header ${k} ${JSON.stringify(got.headers[k.toLowerCase()])}, expected ${JSON.stringify(v)}`;
        if (want.body !== undefined && got.body !== want.body) return `${at}: body ${JSON.stringify(got.body.slice(0, 200))}, expected ${JSON.stringify(want.body)}`;
      } else if (op.type === 'kill') {
        await served.close();
        serving = undefined;
      } else if (op.type !== 'run' && op.type !== 'wait') return `operation '${op.type}' is not run by this executor`;
    }
    return undefined;
  } finally {
    await serving?.close();
    servers.close();
  }
}
