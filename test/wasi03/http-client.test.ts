// kumiki/wasi's wasi:http 0.3 client (wasi:http/client#send) against loopback servers started here: deny by default
// (no grant, or a host the allow list does not name: HTTP-request-denied, also seen by a guest), error-code cases
// from real failures (connection refused, DNS, timeouts), and bodies streamed both ways over node:http and over
// fetch: each side waits for the other to have seen a chunk before it sends the next, so a client that read or
// sent a whole body first would never finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { client, type FetchLike } from '../../src/wasi/p3/http-client.js';
import { Fields, Request, RequestOptions, Response, trailersFuture } from '../../src/wasi/p3/http-types.js';
import { byteStream, readBytes } from '../../src/wasi/p3/host-streams.js';
import { CONFORMANCE } from './run03.js';
import { runHttpCase } from './http-suite.js';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function close(s: Server): Promise<void> {
  return new Promise((resolve) => { s.close(() => resolve()); s.closeAllConnections(); });
}

function request(authority: string, init: { method?: string; path?: string; body?: AsyncIterable<Uint8Array> | Iterable<Uint8Array>; options?: RequestOptions; headers?: [string, string][] } = {}): Request {
  const f = Fields.fromList((init.headers ?? []).map(([k, v]) => [k, new TextEncoder().encode(v)]));
  const r = new Request(f, init.body === undefined ? undefined : byteStream(init.body), init.options);
  r.method = init.method === undefined ? { tag: 'get' } : { tag: init.method.toLowerCase() };
  r.pathWithQuery = init.path ?? '/';
  r.scheme = { tag: 'HTTP' };
  r.authority = authority;
  return r;
}

async function bodyText(res: Response): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of readBytes(res.contents!)) parts.push(c);
  return Buffer.concat(parts).toString();
}

/** The error-code a failed send threw. */
async function sendError(p: Promise<unknown>): Promise<{ tag: string; val?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { tag: string; val?: unknown };
  }
  assert.fail('send succeeded');
}

test('deny by default: no grant, or a host not allowed, is HTTP-request-denied; an allowed one is answered', async () => {
  const { server, port } = await serve((_req, res) => res.end('hi'));
  try {
    assert.deepEqual(await sendError(client(false)(request(`127.0.0.1:${port}`))), { tag: 'HTTP-request-denied' });
    assert.deepEqual(await sendError(client({ allow: ['example.com'] })(request(`127.0.0.1:${port}`))), { tag: 'HTTP-request-denied' });
    assert.deepEqual(await sendError(client({ allow: [`127.0.0.1:${port + 1}`] })(request(`127.0.0.1:${port}`))), { tag: 'HTTP-request-denied' });
    const res = await client({ allow: [`127.0.0.1:${port}`] })(request(`127.0.0.1:${port}`));
    assert.deepEqual([res.status, await bodyText(res)], [200, 'hi']);
  } finally {
    await close(server);
  }
});

test('a guest without the network grant gets HTTP-request-denied from send (wasi-testsuite http-client, served)', { timeout: 60_000 }, async () => {
  const wasm = join(CONFORMANCE, 'wasi-testsuite/rust/testsuite/wasm32-wasip3/http-client.wasm');
  const why = await runHttpCase(wasm, { servers: [{ name: 'main', endpoints: [{ method: 'POST', path: '/echo', mode: 'echo-body' }] }], operations: [{ type: 'request', method: 'GET', path: '/', response: { status: 200 } }] }, { network: false });
  assert.ok(why !== undefined && why.includes('status 500') && why.includes('HttpRequestDenied'), why);
  // The same with the grant passes.
  assert.equal(await runHttpCase(wasm, { servers: [{ name: 'main', endpoints: [{ method: 'POST', path: '/echo', mode: 'echo-body' }] }], operations: [{ type: 'request', method: 'GET', path: '/', response: { status: 200 } }] }), undefined);
});

test('errors come from the real failure: connection refused, DNS, invalid URI, timeouts', { timeout: 30_000 }, async () => {
  const send = client(true);
  // A port that was free a moment ago.
  const { server, port } = await serve(() => {});
  await close(server);
  assert.deepEqual(await sendError(send(request(`127.0.0.1:${port}`))), { tag: 'connection-refused' });
  // `.invalid` never resolves (RFC 6761): DNS-error, or DNS-timeout where no resolver answers.
  const dns = await sendError(send(request('kumiki-test.invalid:80')));
  assert.ok(dns.tag === 'DNS-error' || dns.tag === 'DNS-timeout', JSON.stringify(dns));
  const bad = request('127.0.0.1:1');
  bad.authority = 'not an authority';
  assert.deepEqual(await sendError(send(bad)), { tag: 'HTTP-request-URI-invalid' });
  // A server that takes the request and never answers: the first-byte timeout.
  const silent = await serve(() => {});
  try {
    const o = new RequestOptions();
    o.setFirstByteTimeout(150_000_000n);
    const t0 = performance.now();
    assert.deepEqual(await sendError(send(request(`127.0.0.1:${silent.port}`, { options: o }))), { tag: 'connection-read-timeout' });
    assert.ok(performance.now() - t0 < 5000);
  } finally {
    await close(silent.server);
  }
  // Headers and one chunk, then nothing: the between-bytes timeout cuts the body after that chunk.
  const stall = await serve((_req, res) => { res.writeHead(200); res.write('first'); });
  try {
    const o = new RequestOptions();
    o.setBetweenBytesTimeout(150_000_000n);
    const res = await send(request(`127.0.0.1:${stall.port}`, { options: o }));
    const t0 = performance.now();
    assert.equal(await bodyText(res), 'first');
    assert.ok(performance.now() - t0 < 5000);
  } finally {
    await close(stall.server);
  }
});

/** A 1 MiB exchange in 64 KiB chunks where neither side sends chunk k+1 before the other has seen chunk k. */
async function lockstep(fetchImpl: FetchLike | undefined): Promise<void> {
  const CHUNK = 64 * 1024, N = 16;
  let serverSaw = 0;
  let clientSaw = 0;
  const waiters: (() => void)[] = [];
  const wake = (): void => { for (const w of waiters.splice(0)) w(); };
  const until = async (f: () => boolean): Promise<void> => { while (!f()) await new Promise<void>((r) => waiters.push(r)); };
  const { server, port } = await serve((req, res) => {
    let got = 0;
    req.on('data', (c: Buffer) => { got += c.length; serverSaw = got; wake(); });
    req.on('end', async () => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let k = 0; k < N; k++) {
        // fetch hands out what arrived; node:http may coalesce: wait for the client to have read up to k chunks.
        await until(() => clientSaw >= k * CHUNK);
        res.write(Buffer.alloc(CHUNK, k));
      }
      res.end();
    });
  });
  try {
    const body = (async function* () {
      for (let k = 0; k < N; k++) {
        await until(() => serverSaw >= k * CHUNK);
        yield new Uint8Array(CHUNK).fill(k);
      }
    })();
    const res = await client(true, fetchImpl)(request(`127.0.0.1:${port}`, { method: 'POST', path: '/up', body }));
    assert.equal(res.status, 200);
    assert.equal(serverSaw, CHUNK * N);
    let at = 0;
    for await (const c of readBytes(res.contents!)) {
      for (let i = 0; i < c.length; i++) if (c[i] !== Math.floor((at + i) / CHUNK)) assert.fail(`byte ${at + i} is ${c[i]}`);
      at += c.length;
      clientSaw = at;
      wake();
    }
    assert.equal(at, CHUNK * N);
  } finally {
    await close(server);
  }
}

test('node:http: a 1 MiB request body and a 1 MiB response body stream chunk by chunk', { timeout: 30_000 }, async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error): void => { if (w.name === 'MaxListenersExceededWarning') warnings.push(w.message); };
  process.on('warning', onWarning);
  try {
    await lockstep(undefined);
    await new Promise<void>((r) => setImmediate(r)); // node emits warnings on a later tick
  } finally {
    process.off('warning', onWarning);
  }
  // Every write the request body waited on once left a 'close' listener on the request (node warned past 10).
  assert.deepEqual(warnings, []);
});

test('fetch: the response body streams chunk by chunk; headers, status and errors as over node:http', { timeout: 30_000 }, async () => {
  const f = globalThis.fetch as unknown as FetchLike;
  // (fetch gathers the request body first: browsers cannot stream one over HTTP/1.1.)
  const CHUNK = 64 * 1024, N = 16;
  let clientSaw = 0;
  const waiters: (() => void)[] = [];
  const { server, port } = await serve((req, res) => {
    req.resume();
    req.on('end', async () => {
      res.writeHead(201, { 'x-reply': 'yes' });
      for (let k = 0; k < N; k++) {
        while (clientSaw < k * CHUNK) await new Promise<void>((r) => waiters.push(r));
        res.write(Buffer.alloc(CHUNK, k));
      }
      res.end();
    });
  });
  try {
    const res = await client(true, f)(request(`127.0.0.1:${port}`, { method: 'POST', path: '/x', body: [new Uint8Array(10)] }));
    assert.equal(res.status, 201);
    assert.deepEqual(res.headers.get('x-reply').map((v) => Buffer.from(v).toString()), ['yes']);
    let at = 0;
    for await (const c of readBytes(res.contents!)) { at += c.length; clientSaw = at; for (const w of waiters.splice(0)) w(); }
    assert.equal(at, CHUNK * N);
    await close(server);
    assert.deepEqual(await sendError(client(true, f)(request(`127.0.0.1:${port}`))), { tag: 'connection-refused' });
  } finally {
    await close(server);
  }
});

test('a denied send lets go of the request trailers it never read (a guest awaiting its trailers write sees the end dropped)', async () => {
  const r = request('127.0.0.1:1');
  const trailers = trailersFuture(new Promise(() => {}));
  r.trailers = trailers;
  assert.deepEqual(await sendError(client(false)(r)), { tag: 'HTTP-request-denied' });
  assert.equal(r.trailers, undefined);
  assert.equal(trailers.shared.dropped, true);
});
