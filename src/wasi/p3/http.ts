// wasi:http@0.3 for kumiki/wasi: the types (http-types.ts) and the client (http-client.ts) as imports, and serving
// a `wasi:http/handler@0.3` export over node:http: each request's body streams into the guest and the response body
// streams out, chunk by chunk, many requests in flight on one instance.
import { byteStream, knownBytes, readBytes } from './host-streams.js';
import type { StreamValue } from '../../runtime/async/values.js';
import { nodeBuiltin } from './node-builtin.js';
import { buffered, chunksOf } from './http-node.js';
import { Fields, fieldsOf, latin1, METHODS, readTrailers, Request, RequestOptions, Response, trailersFuture, type Trailers } from './http-types.js';
import { client, type FetchLike } from './http-client.js';
import type { NetworkGrant } from './sockets.js';

export { Fields, Request, RequestOptions, Response } from './http-types.js';

/** wasi:http/types and wasi:http/client; outgoing requests only where `grant` allows (see http-client.ts). */
export function http(grant: NetworkGrant, fetchImpl?: FetchLike): Record<string, Record<string, unknown>> {
  return {
    'wasi:http/types': { Fields, Request, Response, RequestOptions },
    'wasi:http/client': { send: client(grant, fetchImpl) },
  };
}

/** The exported interface: `handle(request) -> result<response, error-code>` (async). */
export interface Handler03 { handle(request: Request): Promise<unknown> }

type NodeReq = import('node:http').IncomingMessage;
type NodeRes = import('node:http').ServerResponse;

/** After this turn of the event loop (setImmediate where the host has it: Node, Bun; else a timer). */
function nextTurn(): Promise<void> {
  const si = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
  return new Promise((resolve) => { if (si !== undefined) si(resolve); else setTimeout(resolve, 0); });
}

/** Serves one node:http request through `handler`: the request body streams in, the response body out. */
export async function handle03(handler: Handler03, req: NodeReq, res: NodeRes): Promise<void> {
  // node:http parses a body that came with the headers right after this request event: one microtask later it is
  // buffered, and the guest's first read of the body finds it waiting (see byteStream's `first`).
  await undefined;
  const raw = req.rawHeaders;
  const headers = fieldsOf(raw);
  let authority: string | undefined;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.length === 4 && raw[i]!.toLowerCase() === 'host') { authority = raw[i + 1]; break; }
  const m = (req.method ?? 'GET').toLowerCase();
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  let body: StreamValue | undefined;
  if (hasBody) {
    let first = buffered(req);
    // The rest of a body may be a packet behind (a chunked body's last chunk): one turn of the event loop for it,
    // so that the guest meets the end of a small body without blocking on it.
    if (!req.complete) {
      await nextTurn();
      first = first.concat(buffered(req));
    }
    body = req.complete ? knownBytes(first) : byteStream(chunksOf(req), undefined, first);
  }
  const r = new Request(headers, body, undefined);
  r.method = METHODS.has(m) ? { tag: m } : { tag: 'other', val: req.method ?? '' };
  r.pathWithQuery = req.url ?? '/';
  r.scheme = { tag: 'HTTP' };
  r.authority = authority;
  // The request's trailers reach the guest when its body has ended (an aborted body: the error instead).
  if (hasBody) {
    const trailers = (): Trailers => (req.rawTrailers.length > 0 ? fieldsOf(req.rawTrailers) : undefined);
    r.trailers = trailersFuture(req.readableEnded ? Promise.resolve(trailers()) : new Promise<Trailers>((resolve) => {
      req.once('end', () => resolve(trailers()));
      req.once('error', () => resolve({ tag: 'connection-terminated' }));
    }));
  }
  let out: unknown;
  try {
    out = await handler.handle(r);
  } catch (e) {
    res.statusCode = 500;
    res.end(`handler failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  const response = (out !== null && typeof out === 'object' && 'tag' in out ? (out as { tag: string; val: unknown }).tag === 'ok' ? (out as unknown as { val: unknown }).val : undefined : out) as Response | undefined;
  if (!(response instanceof Response)) {
    res.statusCode = 500;
    res.end('handler returned an error');
    return;
  }
  res.statusCode = response.status;
  for (const [k, v] of response.headers.entries) res.appendHeader(k, latin1.decode(v));
  // The guest learns how sending ended (its response future): finished, or cut (the client went away).
  res.once('close', () => response.transmitted?.(res.writableFinished ? undefined : { tag: 'connection-terminated' }));
  // Each chunk is written when the next one arrives (or the body ends): a body that is one chunk and no trailers
  // goes out with `end(chunk)` (a Content-Length and one write instead of chunked framing and two).
  let held: Uint8Array | undefined;
  if (response.contents !== undefined) {
    let discarded = 0;
    for await (const chunk of readBytes(response.contents)) {
      if (res.destroyed) {
        // The client went away: the rest is read and let go, up to a bound, so that a guest treating a dropped
        // reader as fatal (many unwrap the write) does not trap the instance every request shares; past the bound
        // its stream is dropped (leaving the loop ends readBytes).
        discarded += chunk.length;
        if (discarded > DISCARD_LIMIT) break;
        continue;
      }
      if (held !== undefined && !res.write(held)) await drained(res);
      held = chunk;
    }
  }
  const f = response.trailers;
  response.trailers = undefined;
  if (res.destroyed) { if (f !== undefined) void readTrailers(f); return; }
  const trailers = f === undefined ? undefined : await readTrailers(f);
  if (trailers !== undefined && !(trailers instanceof Fields)) {
    // The guest ended its body with an error: the response is cut, not completed.
    res.destroy();
    return;
  }
  if (trailers !== undefined) {
    if (held !== undefined) res.write(held);
    else if (!res.headersSent) res.setHeader('transfer-encoding', 'chunked');
    res.addTrailers(trailers.entries.map(([k, v]): [string, string] => [k, latin1.decode(v)]));
    res.end();
  } else if (held !== undefined) res.end(held);
  else res.end();
}

/** How much of a response body serve reads and drops after its client went away (see handle03). */
const DISCARD_LIMIT = 64 << 20;

/** Once `res` can take more (or is closed). */
function drained(res: NodeRes): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });
}

export interface Serving03 { readonly port: number; readonly host: string; close(): Promise<void> }

/**
 * The handler to serve: an instance's export, or a function making one from a fresh instance. With a function, a
 * trap (which poisons the instance every request shares) costs only the requests in flight on it: the requests
 * that follow go to a new instance.
 */
export type HandlerSource = Handler03 | (() => Handler03);

function supervised(make: () => Handler03): Handler03 {
  let current = make();
  return {
    handle(r: Request): Promise<unknown> {
      const mine = current;
      return mine.handle(r).catch((e: unknown) => {
        if (e instanceof WebAssembly.RuntimeError && mine === current) current = make();
        throw e;
      });
    },
  };
}

/** Serves a `wasi:http/handler@0.3` export over node:http (Node, Bun, Deno). */
export async function serveHttp03(source: HandlerSource, options: { port?: number; host?: string } = {}): Promise<Serving03> {
  const nodeHttp = await nodeBuiltin<typeof import('node:http')>('http');
  const handler = typeof source === 'function' ? supervised(source) : source;
  const server = nodeHttp.createServer((req, res) => {
    handle03(handler, req, res).catch((e: unknown) => { if (!res.headersSent) res.statusCode = 500; res.end(String(e)); });
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port ?? 8080, host, resolve); });
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { port, host, close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}
