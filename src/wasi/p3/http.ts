// wasi:http@0.3 types (fields, request, response, request-options) as host resources, and serving a
// `wasi:http/handler@0.3` export over node:http: each request's body streams into the guest and the response body
// streams out, chunk by chunk, many requests in flight on one instance. Trailers are not carried yet (a guest's
// trailers future is dropped unread once the body is sent, so its writer's task ends; a request's trailers resolve
// to none).
import { byteStream, byteFuture, readBytes } from './host-streams.js';
import { nodeBuiltin } from './node-builtin.js';
import type { FutureValue, StreamValue } from '../../runtime/async/values.js';

type Method = { tag: string; val?: string };
type Scheme = { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string };

const FORBIDDEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;

function headerError(): { tag: 'other'; val: undefined } { return { tag: 'other', val: undefined }; }

/** wasi:http/types#fields: header names compare case-insensitively; values are bytes. */
export class Fields {
  /** @internal */ entries: [string, Uint8Array][] = [];
  /** @internal */ immutable = false;

  static fromList(list: [string, Uint8Array][]): Fields {
    const f = new Fields();
    for (const [n, v] of list) {
      if (n === '' || FORBIDDEN.test(n)) throw headerError();
      f.entries.push([n, v]);
    }
    return f;
  }

  private check(name: string): void {
    if (this.immutable) throw { tag: 'immutable' };
    if (name === '' || FORBIDDEN.test(name)) throw headerError();
  }

  get(name: string): Uint8Array[] { const n = name.toLowerCase(); return this.entries.filter(([k]) => k.toLowerCase() === n).map(([, v]) => v); }
  has(name: string): boolean { return this.get(name).length > 0; }
  set(name: string, values: Uint8Array[]): void { this.check(name); this.remove(name); for (const v of values) this.entries.push([name, v]); }
  delete(name: string): void { this.check(name); this.remove(name); }
  getAndDelete(name: string): Uint8Array[] { this.check(name); const v = this.get(name); this.remove(name); return v; }
  append(name: string, value: Uint8Array): void { this.check(name); this.entries.push([name, value]); }
  copyAll(): [string, Uint8Array][] { return this.entries.map(([k, v]) => [k, v]); }
  clone(): Fields { const f = new Fields(); f.entries = this.copyAll(); return f; }
  private remove(name: string): void { const n = name.toLowerCase(); this.entries = this.entries.filter(([k]) => k.toLowerCase() !== n); }
}

/** wasi:http/types#request-options: timeouts kept as given. */
export class RequestOptions {
  connect: bigint | undefined;
  firstByte: bigint | undefined;
  betweenBytes: bigint | undefined;
  getConnectTimeout(): bigint | undefined { return this.connect; }
  setConnectTimeout(d: bigint | undefined): void { this.connect = d; }
  getFirstByteTimeout(): bigint | undefined { return this.firstByte; }
  setFirstByteTimeout(d: bigint | undefined): void { this.firstByte = d; }
  getBetweenBytesTimeout(): bigint | undefined { return this.betweenBytes; }
  setBetweenBytesTimeout(d: bigint | undefined): void { this.betweenBytes = d; }
  clone(): RequestOptions { const o = new RequestOptions(); o.connect = this.connect; o.firstByte = this.firstByte; o.betweenBytes = this.betweenBytes; return o; }
}

/** A future of `result<option<trailers>, error-code>` resolved `ok(none)`: 0 (ok), then 0 (none). */
function noTrailers(): FutureValue {
  // result<option<own<fields>>, error-code>: error-code holds u64 payloads (align 8), so the payload sits at 8;
  // `ok(none)` is zeros (40 bytes; the reader copies its own element size, so a larger zeroed buffer is fine).
  return byteFuture(Promise.resolve(new Uint8Array(48)));
}

/** A future of `result<_, error-code>` resolved `ok`. */
function okFuture(): FutureValue {
  return byteFuture(Promise.resolve(new Uint8Array(48)));
}

/** wasi:http/types#request. */
export class Request {
  method: Method = { tag: 'get' };
  pathWithQuery: string | undefined;
  scheme: Scheme | undefined;
  authority: string | undefined;
  /** @internal */
  constructor(readonly headers: Fields, public contents: StreamValue | undefined, readonly options: RequestOptions | undefined) {}

  static new(headers: Fields, contents: StreamValue | undefined, trailers: FutureValue, options: RequestOptions | undefined): [Request, FutureValue] {
    headers.immutable = true;
    dropFuture(trailers);
    return [new Request(headers, contents, options), okFuture()];
  }

  getMethod(): Method { return this.method; }
  setMethod(m: Method): void { if (m.tag === 'other' && (m.val === '' || FORBIDDEN.test(m.val ?? ''))) throw undefined; this.method = m; }
  getPathWithQuery(): string | undefined { return this.pathWithQuery; }
  setPathWithQuery(p: string | undefined): void { this.pathWithQuery = p; }
  getScheme(): Scheme | undefined { return this.scheme; }
  setScheme(s: Scheme | undefined): void { this.scheme = s; }
  getAuthority(): string | undefined { return this.authority; }
  setAuthority(a: string | undefined): void { this.authority = a; }
  getOptions(): RequestOptions | undefined { return this.options; }
  getHeaders(): Fields { return this.headers; }

  static consumeBody(self: Request, res: FutureValue): [StreamValue, FutureValue] {
    dropFuture(res);
    const body = self.contents ?? byteStream([]);
    self.contents = undefined;
    return [body, noTrailers()];
  }
}

/** The host will not read a guest's future: its end is dropped, so the guest's writer completes (dropped). */
function dropFuture(f: FutureValue | undefined): void {
  f?.shared.drop();
}

/** wasi:http/types#response. */
export class Response {
  status = 200;
  /** @internal */ trailers: FutureValue | undefined;
  /** @internal */
  constructor(readonly headers: Fields, public contents: StreamValue | undefined) {}

  static new(headers: Fields, contents: StreamValue | undefined, trailers: FutureValue): [Response, FutureValue] {
    headers.immutable = true;
    const r = new Response(headers, contents);
    r.trailers = trailers;
    return [r, okFuture()];
  }

  getStatusCode(): number { return this.status; }
  setStatusCode(s: number): void { if (s < 100 || s > 999) throw undefined; this.status = s; }
  getHeaders(): Fields { return this.headers; }

  static consumeBody(self: Response, res: FutureValue): [StreamValue, FutureValue] {
    dropFuture(res);
    const body = self.contents ?? byteStream([]);
    self.contents = undefined;
    return [body, noTrailers()];
  }
}

const METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);

export function http(): Record<string, Record<string, unknown>> {
  return {
    'wasi:http/types': { Fields, Request, Response, RequestOptions },
    'wasi:http/client': {
      async send(): Promise<never> { throw { tag: 'HTTP-request-denied' }; },
    },
  };
}

/** The exported interface: `handle(request) -> result<response, error-code>` (async). */
export interface Handler03 { handle(request: Request): Promise<unknown> }

type NodeReq = import('node:http').IncomingMessage;
type NodeRes = import('node:http').ServerResponse;

const latin1 = new TextDecoder('latin1');

/** A header value's bytes: node:http reads and writes header text as latin1 (one byte per char). */
function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

/** What a node Readable has buffered now (taken from it, so its iterator goes on after them). */
function buffered(r: NodeReq): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let c = r.read() as Buffer | null; c !== null; c = r.read() as Buffer | null) out.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return out;
}

/** A node:http request's body as chunks (views of node's Buffers, not copies). */
async function* nodeBody(req: NodeReq): AsyncGenerator<Uint8Array> {
  for await (const c of req as AsyncIterable<Buffer>) yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}

/** Serves one node:http request through `handler`: the request body streams in, the response body out. */
export async function handle03(handler: Handler03, req: NodeReq, res: NodeRes): Promise<void> {
  // node:http parses a body that came with the headers right after this request event: one microtask later it is
  // buffered, and the guest's first read of the body finds it waiting (see byteStream's `first`).
  await undefined;
  const headers = new Fields();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.entries.push([raw[i]!, latin1Bytes(raw[i + 1]!)]);
  headers.immutable = true;
  const m = (req.method ?? 'GET').toLowerCase();
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const r = new Request(headers, hasBody ? byteStream(nodeBody(req), undefined, buffered(req)) : undefined, undefined);
  r.method = METHODS.has(m) ? { tag: m } : { tag: 'other', val: req.method ?? '' };
  r.pathWithQuery = req.url ?? '/';
  r.scheme = { tag: 'HTTP' };
  r.authority = req.headers.host;
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
  // Each chunk is written when the next one arrives (or the body ends): a body that is one chunk goes out with
  // `end(chunk)` (a Content-Length and one write instead of chunked framing and two).
  let held: Uint8Array | undefined;
  if (response.contents !== undefined) {
    for await (const chunk of readBytes(response.contents)) {
      if (held !== undefined && !res.write(held)) await new Promise<void>((resolve) => res.once('drain', resolve));
      held = chunk;
    }
  }
  dropFuture(response.trailers);
  if (held !== undefined) res.end(held); else res.end();
}

export interface Serving03 { readonly port: number; readonly host: string; close(): Promise<void> }

/** Serves a `wasi:http/handler@0.3` export over node:http (Node, Bun, Deno). */
export async function serveHttp03(handler: Handler03, options: { port?: number; host?: string } = {}): Promise<Serving03> {
  const nodeHttp = await nodeBuiltin<typeof import('node:http')>('http');
  const server = nodeHttp.createServer((req, res) => {
    handle03(handler, req, res).catch((e: unknown) => { if (!res.headersSent) res.statusCode = 500; res.end(String(e)); });
  });
  server.keepAliveTimeout = 5000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(options.port ?? 8080, host, resolve); });
  const port = (server.address() as import('node:net').AddressInfo).port;
  return { port, host, close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}
