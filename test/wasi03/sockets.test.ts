// wasi:sockets@0.3 of kumiki/wasi: TCP and UDP echo against loopback servers this test starts (through the host's
// interface objects, with streams made by the host, and through the wasi-testsuite's UDP program), name lookup, and
// the network denied by default or limited by `allow`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { repoRoot } from '../support/build.js';
import { wasi03, type Wasi03Options } from '../../src/wasi/index.js';
import { byteStream, dropStream, readBytes } from '../../src/wasi/p3/host-streams.js';
import type { StreamValue } from '../../src/runtime/async/values.js';
import { CONFORMANCE, run03 } from './run03.js';

const SUITE = join(CONFORMANCE, 'wasi-testsuite/rust/testsuite/wasm32-wasip3');

interface Tcp {
  [Symbol.dispose](): void;
  connect(a: unknown): Promise<void>;
  send(s: StreamValue): unknown;
  receive(): [StreamValue, unknown];
  getRemoteAddress(): unknown;
}
interface TcpClass { create(f: string): Tcp }
interface Udp { [Symbol.dispose](): void; bind(a: unknown): void; send(d: Uint8Array, to: unknown): Promise<void>; receive(): Promise<[Uint8Array, unknown]> }
interface UdpClass { create(f: string): Udp }

function types(network: Parameters<typeof wasi03>[0]): { TcpSocket: TcpClass; UdpSocket: UdpClass; lookup: (n: string) => Promise<unknown> } {
  const imports = wasi03(network);
  const t = imports['wasi:sockets/types@0.3.0'] as { TcpSocket: TcpClass; UdpSocket: UdpClass };
  const l = imports['wasi:sockets/ip-name-lookup@0.3.0'] as { resolveAddresses(n: string): Promise<unknown> };
  return { ...t, lookup: (n) => l.resolveAddresses(n) };
}

const v4 = (port: number, a = [127, 0, 0, 1]): unknown => ({ tag: 'ipv4', val: { port, address: a } });

async function collect(s: StreamValue): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of readBytes(s)) parts.push(c);
  return Buffer.concat(parts).toString();
}

test('TCP: connect to a loopback echo server, send a stream, receive the echo until the peer closes', async () => {
  const server = createServer((c) => { c.pipe(c); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const { TcpSocket } = types({ network: { allow: ['127.0.0.1'] } });
    const sock = TcpSocket.create('ipv4');
    await sock.connect(v4(port));
    assert.deepEqual(sock.getRemoteAddress(), v4(port));
    const [rx] = sock.receive();
    const body = 'x'.repeat(200_000);
    // Sent in chunks; the end of the stream shuts down our half, so the server ends its echo.
    sock.send(byteStream((function* () { for (let i = 0; i < body.length; i += 50_000) yield new TextEncoder().encode(body.slice(i, i + 50_000)); })()));
    assert.equal(await collect(rx), body);
    sock[Symbol.dispose]();
  } finally {
    server.close();
  }
});

test('TCP: a refused connection is connection-refused (the host failure), an address not allowed is access-denied', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  const { TcpSocket } = types({ network: { allow: ['127.0.0.1'] } });
  await assert.rejects(TcpSocket.create('ipv4').connect(v4(port)), (e: unknown) => (e as { tag?: string }).tag === 'connection-refused');
  await assert.rejects(TcpSocket.create('ipv4').connect(v4(80, [10, 0, 0, 1])), (e: unknown) => (e as { tag?: string }).tag === 'access-denied');
});

test('UDP: a datagram to a loopback echo server comes back from it', async () => {
  const server = createSocket('udp4');
  server.on('message', (m, r) => server.send(m, r.port, r.address));
  await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
  const port = server.address().port;
  try {
    const { UdpSocket } = types({ network: true });
    const s = UdpSocket.create('ipv4');
    s.bind(v4(0));
    await s.send(new TextEncoder().encode('ping'), v4(port));
    const [data, from] = await s.receive();
    assert.equal(new TextDecoder().decode(data), 'ping');
    assert.deepEqual(from, v4(port));
    s[Symbol.dispose]();
  } finally {
    server.close();
  }
});

test('deny by default: no sockets and no name lookup without the network; lookup with it', async () => {
  const { TcpSocket, UdpSocket, lookup } = types({});
  assert.throws(() => TcpSocket.create('ipv4'), (e: unknown) => (e as { tag?: string }).tag === 'access-denied');
  assert.throws(() => UdpSocket.create('ipv4'), (e: unknown) => (e as { tag?: string }).tag === 'access-denied');
  await assert.rejects(lookup('localhost'), (e: unknown) => (e as { tag?: string }).tag === 'access-denied');
  const found = await types({ network: true }).lookup('localhost') as { tag: string; val: number[] }[];
  assert.ok(found.some((a) => (a.tag === 'ipv4' && a.val.join('.') === '127.0.0.1') || (a.tag === 'ipv6' && a.val.at(-1) === 1)));
});

test('a sockets program runs with the network and gets access-denied without it', async () => {
  const file = join(SUITE, 'sockets-udp-send.wasm');
  const ok = await run03(file, { args: ['t'], network: true });
  assert.deepEqual([ok.code, ok.trap], [0, undefined], ok.err);
  const denied = await run03(file, { args: ['t'] });
  assert.notEqual(denied.code, 0);
  assert.match(denied.err, /AccessDenied/);
});

/** Runs the suite's TCP echo server program; the test is its loopback client: the bytes sent come back. */
async function echoThrough(network: Wasi03Options['network'], payload: string): Promise<{ echoed: string; code: number; err: string }> {
  let out = '';
  let wake: () => void = () => {};
  const running = run03(join(SUITE, 'sockets-echo.wasm'), { args: ['t'], network, stdout: (b) => { out += Buffer.from(b).toString(); wake(); } });
  let done = false;
  void running.finally(() => { done = true; wake(); });
  // The program prints the address it listens on (`127.0.0.1:port`).
  let m: RegExpExecArray | null;
  while ((m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/m.exec(out)) === null && !done) await new Promise<void>((r) => { wake = r; });
  if (m === null) { const r = await running; return { echoed: '', code: r.code, err: r.err }; }
  const c = createConnection({ host: m[1], port: Number(m[2]) });
  const chunks: Buffer[] = [];
  c.on('data', (b: Buffer) => chunks.push(b));
  c.write(payload);
  // The program echoes one read, then ends its sending half.
  await new Promise<void>((r) => c.once('end', r));
  c.end();
  const r = await running;
  return { echoed: Buffer.concat(chunks).toString(), code: r.code, err: r.err };
}

test('a guest TCP echo server (wasi-testsuite sockets-echo) answers a loopback client the test connects; denied without the network', async () => {
  const ok = await echoThrough({ allow: ['127.0.0.1'] }, 'Hello, kumiki');
  assert.deepEqual([ok.echoed, ok.code], ['Hello, kumiki', 0], ok.err);
  const denied = await echoThrough(undefined, 'x');
  assert.notEqual(denied.code, 0);
  assert.match(denied.err, /AccessDenied/);
});

test('bind settles the address at once (ephemeral port, address-in-use, not-bindable, invalid-argument); listen accepts; an accept stream dropped closes connections no guest took', async () => {
  const { TcpSocket } = types({ network: { allow: ['127.0.0.1'] } });
  const listener = TcpSocket.create('ipv4') as Tcp & { bind(a: unknown): void; listen(): StreamValue; getLocalAddress(): { val: { port: number } } };
  listener.bind(v4(0));
  const port = listener.getLocalAddress().val.port;
  assert.ok(port > 0, 'bind gives the ephemeral port at once');
  const second = TcpSocket.create('ipv4') as unknown as { bind(a: unknown): void };
  assert.throws(() => second.bind(v4(port)), (e: unknown) => (e as { tag?: string }).tag === 'address-in-use');
  assert.throws(() => second.bind(v4(0, [192, 0, 2, 77])), (e: unknown) => (e as { tag?: string }).tag === 'address-not-bindable' || (e as { tag?: string }).tag === 'access-denied');
  assert.throws(() => second.bind(v4(0, [224, 0, 0, 1])), (e: unknown) => (e as { tag?: string }).tag === 'invalid-argument');
  const accepts = listener.listen();
  const client = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((r) => client.once('connect', r));
  client.end('ping');
  const got: Buffer[] = [];
  client.on('data', (b: Buffer) => got.push(b));
  const closed = new Promise<void>((r) => client.once('close', r));
  // The accept stream dropped with a connection no guest took: the host closes that connection.
  await new Promise((r) => setTimeout(r, 50));
  dropStream(accepts);
  await closed;
  listener[Symbol.dispose]();
  assert.equal(Buffer.concat(got).toString(), '');
});

test('kumiki run --network: the echo server program listens when it prints its address (a client in another process connects at once) and exits 0 after the echo', async () => {
  const p = spawn(process.execPath, [join(repoRoot, 'bin/kumiki.js'), 'run', '--network', '--compat', 'sync-cancel-in-set', join(SUITE, 'sockets-echo.wasm')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stderr.on('data', (b: Buffer) => { err += b.toString(); });
  const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
  const addr = await new Promise<RegExpExecArray>((resolve, reject) => {
    p.stdout.on('data', (b: Buffer) => { out += b.toString(); const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/m.exec(out); if (m !== null) resolve(m); });
    void exited.then(() => reject(new Error(`exited before printing an address: ${err}`)));
  });
  const c = createConnection({ host: addr[1], port: Number(addr[2]) });
  const refused = new Promise<string>((r) => c.once('error', (e: NodeJS.ErrnoException) => r(e.code ?? e.message)));
  const got: Buffer[] = [];
  c.on('data', (b: Buffer) => got.push(b));
  c.once('connect', () => c.write('over the loopback'));
  const how = await Promise.race([new Promise<string>((r) => c.once('end', () => r('end'))), refused]);
  c.end();
  assert.equal(how, 'end');
  assert.equal(Buffer.concat(got).toString(), 'over the loopback');
  assert.equal(await exited, 0, err);
});
