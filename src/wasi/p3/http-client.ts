// wasi:http/client#send for WASI 0.3: on Node, Bun and Deno over node:http / node:https, elsewhere (browsers,
// Workers) over `fetch`. Deny by default: without a network grant every request is HTTP-request-denied, and
// `network: { allow }` admits only the listed hosts (`host` or `host:port`, as for sockets). Bodies stream both ways
// chunk by chunk with backpressure (a browser's fetch cannot stream a request body over HTTP/1.1: there the
// request body is gathered first). Failures become error-code cases from the real host error (http-errors.ts).
import { byteStream, readBytes } from './host-streams.js';
import { nodeBuiltin } from './node-builtin.js';
import { buffered, chunksOf } from './http-node.js';
import { allowed, type NetworkGrant } from './sockets.js';
import { dropFuture, Fields, fieldsOf, latin1, latin1Bytes, readTrailers, Request, Response, trailersFuture, type RequestOptions, type Trailers } from './http-types.js';
import { errorCodeOf, HttpErrorCode, type ErrorCode } from './http-errors.js';

/** The subset of `fetch` the fetch provider uses (the global one by default). */
export type FetchLike = (url: string, init: { method: string; headers: [string, string][]; body?: Uint8Array; signal: AbortSignal; redirect: 'follow' }) => Promise<{
  readonly status: number;
  readonly headers: { forEach(f: (value: string, name: string) => void): void };
  readonly body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}>;

/** Where a request goes: checked and resolved from its scheme, authority and path. */
interface Target { readonly secure: boolean; readonly host: string; readonly port: number; readonly authority: string; readonly path: string; readonly method: string }

function fail(tag: ErrorCode['tag'], val?: unknown): never {
  throw new HttpErrorCode(val === undefined ? { tag } : { tag, val });
}

/** host and port of an authority (`name`, `name:port`, `[v6]:port`, after any `userinfo@`); undefined when it is
 *  not one. */
function splitAuthority(a: string, secure: boolean): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:@/?#\s[\]]+))(?::(\d{1,5}))?$/.exec(a.slice(a.lastIndexOf('@') + 1));
  if (m === null) return undefined;
  const port = m[3] === undefined ? (secure ? 443 : 80) : Number(m[3]);
  if (port > 65535) return undefined;
  return { host: m[1] ?? m[2]!, port };
}

/** The request's target; a request without a scheme goes over HTTP. */
function targetOf(r: Request, grant: NetworkGrant): Target {
  const scheme = r.scheme ?? { tag: 'HTTP' };
  if (scheme.tag === 'other') fail('HTTP-request-URI-invalid');
  const secure = scheme.tag === 'HTTPS';
  if (r.authority === undefined || r.authority === '') fail('HTTP-request-URI-invalid');
  const hp = splitAuthority(r.authority, secure);
  if (hp === undefined) fail('HTTP-request-URI-invalid');
  if (!allowed(grant, hp.host, hp.port)) fail('HTTP-request-denied');
  const method = r.method.tag === 'other' ? r.method.val ?? '' : r.method.tag.toUpperCase();
  // No path, or an empty one, is the root.
  const path = r.pathWithQuery === undefined || r.pathWithQuery === '' ? '/' : r.pathWithQuery;
  if (path === '*' && method !== 'OPTIONS') fail('HTTP-request-URI-invalid');
  // Credentials in the authority are not sent (RFC 9110 §4.2.4: the Host header has none).
  return { secure, host: hp.host, port: hp.port, authority: r.authority.slice(r.authority.lastIndexOf('@') + 1), path: path === '*' || path.startsWith('/') ? path : `/${path}`, method };
}

/** A duration (ns) option as ms for a timer (1 ms to the timers' 2^31-1 limit), or undefined. */
function ms(d: bigint | undefined): number | undefined {
  if (d === undefined) return undefined;
  const m = d / 1_000_000n;
  return m < 1n ? 1 : m > 0x7fffffffn ? 0x7fffffff : Number(m);
}

interface Timeouts { readonly connect?: number; readonly firstByte?: number; readonly betweenBytes?: number }

function timeoutsOf(o: RequestOptions | undefined): Timeouts {
  return { connect: ms(o?.connect), firstByte: ms(o?.firstByte), betweenBytes: ms(o?.betweenBytes) };
}

/** What the guest's request trailers future holds, read once its body is sent: an error fails the request. */
async function requestTrailers(r: Request): Promise<Fields | undefined> {
  const f = r.trailers;
  r.trailers = undefined;
  if (f === undefined) return undefined;
  const t = await readTrailers(f);
  if (t !== undefined && !(t instanceof Fields)) throw new HttpErrorCode(t);
  return t;
}

/** A finished Response around a received status, header list and body. */
function received(status: number, headers: [string, Uint8Array][], body: ReturnType<typeof byteStream>, ended: Promise<Trailers>): Response {
  const f = new Fields();
  f.entries = headers;
  f.immutable = true;
  const res = new Response(f, body);
  res.status = status;
  res.trailers = trailersFuture(ended);
  return res;
}

type NodeHttp = typeof import('node:http');
let nodeHttp: Promise<NodeHttp | undefined> | undefined;
let nodeHttps: Promise<NodeHttp | undefined> | undefined;

/** node:http or node:https where the host has them (Node, Bun, Deno), else undefined (a browser: fetch). */
function nodeModule(secure: boolean): Promise<NodeHttp | undefined> {
  const has = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (!has) return Promise.resolve(undefined);
  if (secure) return (nodeHttps ??= nodeBuiltin<NodeHttp>('https').catch(() => undefined));
  return (nodeHttp ??= nodeBuiltin<NodeHttp>('http').catch(() => undefined));
}

/** `src`'s chunks; `onIdle` when one takes longer than `ms` to arrive (the between-bytes timeout: only while the
 *  host waits for the network, not while the guest is slow to read). */
async function* idleLimited(src: AsyncIterable<Uint8Array>, ms: number | undefined, onIdle: () => void): AsyncGenerator<Uint8Array> {
  if (ms === undefined) { yield* src; return; }
  const it = src[Symbol.asyncIterator]();
  for (;;) {
    const timer = setTimeout(onIdle, ms);
    let r: IteratorResult<Uint8Array>;
    try { r = await it.next(); } finally { clearTimeout(timer); }
    if (r.done === true) return;
    yield r.value;
  }
}

/** Sends over node:http(s): the guest's headers and Host from the authority (a guest may not set Host). */
async function sendNode(mod: NodeHttp, r: Request, t: Target, to: Timeouts): Promise<Response> {
  const headers: [string, string][] = r.headers.entries.map(([k, v]) => [k, latin1.decode(v)]);
  headers.push(['Host', t.authority]);
  const body = r.contents;
  r.contents = undefined;
  return new Promise<Response>((resolve, reject) => {
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const clear = (): void => { for (const x of timers.splice(0)) clearTimeout(x); };
    const req = mod.request({ host: t.host, port: t.port, method: t.method, path: t.path, headers: headers.flat(), setHost: false, agent: false });
    /** Ends the exchange with `code` (a timeout, a failure): the send fails, or, once answered, the body does. */
    let abortBody: ((code: ErrorCode) => void) | undefined;
    const abort = (code: ErrorCode): void => {
      clear();
      if (!settled) { settled = true; r.transmitted?.(code); reject(new HttpErrorCode(code)); }
      abortBody?.(code);
      req.destroy();
    };
    req.on('error', (e) => abort(errorCodeOf(e)));
    if (to.connect !== undefined) {
      const c = setTimeout(() => abort({ tag: 'connection-timeout' }), to.connect);
      timers.push(c);
      req.once('socket', (s) => { if (!(s as { connecting?: boolean }).connecting) clearTimeout(c); else s.once('connect', () => clearTimeout(c)); });
    }
    req.once('response', (res) => {
      clear();
      let ended: (t: Trailers) => void = () => {};
      const endedP = new Promise<Trailers>((resolve2) => { ended = resolve2; });
      abortBody = (code) => { ended(code); res.destroy(); };
      res.once('end', () => { ended(res.rawTrailers.length > 0 ? fieldsOf(res.rawTrailers) : undefined); });
      res.once('error', (e) => { ended(errorCodeOf(e)); });
      res.once('aborted', () => { ended({ tag: 'HTTP-response-incomplete' }); });
      const list = fieldsOf(res.rawHeaders).entries;
      const first = buffered(res);
      const chunks = idleLimited(chunksOf(res), to.betweenBytes, () => abort({ tag: 'connection-read-timeout' }));
      const stream = byteStream(chunks, (e) => { if (e !== undefined) ended(errorCodeOf(e)); }, first);
      settled = true;
      resolve(received(res.statusCode ?? 0, list, stream, endedP));
    });
    // The request body: the guest's stream, chunk by chunk, waiting for node to drain.
    void (async () => {
      try {
        if (body !== undefined) {
          for await (const chunk of readBytes(body)) {
            if (req.destroyed) { r.transmitted?.({ tag: 'connection-terminated' }); return; }
            if (!req.write(chunk)) await drainOrClose(req);
          }
        }
        const trailers = await requestTrailers(r);
        if (req.destroyed) { r.transmitted?.({ tag: 'connection-terminated' }); return; }
        // Trailers go out after a chunked body (node sends them only then).
        if (trailers !== undefined) req.addTrailers(trailers.entries.map(([k, v]): [string, string] => [k, latin1.decode(v)]));
        req.end(() => {
          r.transmitted?.();
          // The first-byte timeout runs from the end of the request to the response's head.
          if (!settled && to.firstByte !== undefined) timers.push(setTimeout(() => abort({ tag: 'connection-read-timeout' }), to.firstByte));
        });
      } catch (e) {
        abort(errorCodeOf(e));
      }
    })();
  });
}

/** Sends over fetch (browsers, Workers): the request body is gathered first (see the header comment). */
async function sendFetch(f: FetchLike, r: Request, t: Target, to: Timeouts): Promise<Response> {
  const headers: [string, string][] = r.headers.entries.map(([k, v]) => [k, latin1.decode(v)]);
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  const url = `${t.secure ? 'https' : 'http'}://${host}:${t.port}${t.path === '*' ? '/' : t.path}`;
  let body: Uint8Array | undefined;
  const contents = r.contents;
  r.contents = undefined;
  if (contents !== undefined) {
    const parts: Uint8Array[] = [];
    let n = 0;
    for await (const c of readBytes(contents)) { parts.push(c); n += c.length; }
    body = new Uint8Array(n);
    n = 0;
    for (const c of parts) { body.set(c, n); n += c.length; }
  }
  // fetch sends no request trailers; an error in them still fails the request.
  await requestTrailers(r);
  const ac = new AbortController();
  let why: ErrorCode | undefined;
  const limit = to.connect !== undefined || to.firstByte !== undefined ? (to.connect ?? 0) + (to.firstByte ?? 0) : undefined;
  const timer = limit !== undefined ? setTimeout(() => { why = { tag: to.firstByte !== undefined ? 'connection-read-timeout' : 'connection-timeout' }; ac.abort(); }, limit) : undefined;
  let res: Awaited<ReturnType<FetchLike>>;
  try {
    res = await f(url, { method: t.method, headers, ...(body !== undefined && t.method !== 'GET' && t.method !== 'HEAD' ? { body } : {}), signal: ac.signal, redirect: 'follow' });
  } catch (e) {
    const code = why ?? errorCodeOf(e);
    r.transmitted?.(code);
    throw new HttpErrorCode(code);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
  r.transmitted?.();
  const list: [string, Uint8Array][] = [];
  res.headers.forEach((value, name) => { list.push([name, latin1Bytes(value)]); });
  let ended: (t: Trailers) => void = () => {};
  const endedP = new Promise<Trailers>((resolve) => { ended = resolve; });
  const reader = res.body?.getReader();
  const source = (async function* () {
    if (reader === undefined) return;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value !== undefined) yield value;
    }
  })();
  const chunks = idleLimited(source, to.betweenBytes, () => { why = { tag: 'connection-read-timeout' }; ac.abort(); });
  const stream = byteStream(chunks, (e) => { ended(e === undefined ? undefined : why ?? errorCodeOf(e)); if (e !== undefined) void reader?.cancel().catch(() => {}); });
  return received(res.status, list, stream, endedP);
}

/** wasi:http/client#send: `result<response, error-code>`, the error thrown as the `err` payload. */
export function client(grant: NetworkGrant, fetchImpl?: FetchLike): (r: Request) => Promise<Response> {
  return async (r: Request): Promise<Response> => {
    try {
      const t = targetOf(r, grant);
      const to = timeoutsOf(r.options);
      const mod = fetchImpl === undefined ? await nodeModule(t.secure) : undefined;
      if (mod !== undefined) return await sendNode(mod, r, t, to);
      const f = fetchImpl ?? (globalThis as { fetch?: FetchLike }).fetch;
      if (f === undefined) fail('configuration-error');
      return await sendFetch(f, r, t, to);
    } catch (e) {
      const code = errorCodeOf(e);
      r.transmitted?.(code);
      // Trailers the host never read (the request failed before its body was sent): let go, so a guest awaiting its
      // trailers write sees the end dropped instead of waiting forever. The body stays (the guest may still drain it).
      dropFuture(r.trailers);
      r.trailers = undefined;
      // The thrown payload is the `err` case of the result (kumiki's thrown-payload rule for results).
      throw code;
    }
  };
}

/** Resolves when `req` drains or closes; both listeners go at once (one left per write piled up on a long body). */
function drainOrClose(req: { once(e: string, f: () => void): unknown; off(e: string, f: () => void): unknown }): Promise<void> {
  return new Promise<void>((resolve) => {
    const f = (): void => { req.off('drain', f); req.off('close', f); resolve(); };
    req.once('drain', f);
    req.once('close', f);
  });
}
