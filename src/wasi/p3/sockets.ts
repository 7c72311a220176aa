// wasi:sockets@0.3 (types: tcp-socket, udp-socket; ip-name-lookup) over node:net, node:dgram and node:dns (Node,
// Bun, Deno), loaded when a socket is first used. Deny by default: without `network`, creating a socket or
// resolving a name is access-denied; `network: { allow }` limits the peers (and names) to those listed. TCP bytes
// stream both ways with backpressure; `listen` gives accepted connections as a stream of tcp-sockets. Errors map
// from the host's errno (SOCKET_ERRNO below).
//
// WIT's `bind` and `listen` are synchronous and node:net/node:dgram bind only asynchronously (after a lookup), so
// `bind` settles the address at once: the address must be one of the host's (else address-not-bindable), the port
// must be free of this process's sockets and of a wildcard probe bind (a synchronous `listen(port)` closed at once;
// else address-in-use) — port 0 takes the probe's ephemeral port. The real bind happens at `listen` (on Node at once,
// so the socket listens when `listen` returns), `connect` or the first datagram; a failure there (another process
// took the port in between) is listen's address-in-use, or the call's error.
import { byteStream, dropStream, readBytes, resourceStream, resultFuture } from './host-streams.js';
import { nodeBuiltin, nodeBuiltinNow } from './node-builtin.js';
import type { StreamValue } from '../../runtime/async/values.js';

/** wasi:sockets/types error-code cases (a variant: `result<_, error-code>` is 20 bytes, the case at 4). */
const SOCKET_ERRORS = [
  'access-denied', 'not-supported', 'invalid-argument', 'out-of-memory', 'timeout', 'invalid-state', 'address-not-bindable',
  'address-in-use', 'remote-unreachable', 'connection-refused', 'connection-broken', 'connection-reset', 'connection-aborted',
  'datagram-too-large', 'other',
] as const;
const SOCKET_RESULT = { cases: SOCKET_ERRORS, payloadOffset: 4, size: 20 };

/** Host errno → wasi:sockets error-code. */
export const SOCKET_ERRNO: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection-refused', ECONNRESET: 'connection-reset', ECONNABORTED: 'connection-aborted', EPIPE: 'connection-broken',
  EADDRINUSE: 'address-in-use', EADDRNOTAVAIL: 'address-not-bindable', EHOSTUNREACH: 'remote-unreachable', ENETUNREACH: 'remote-unreachable',
  ETIMEDOUT: 'timeout', EMSGSIZE: 'datagram-too-large', EACCES: 'access-denied', EPERM: 'access-denied', EINVAL: 'invalid-argument',
  ENOMEM: 'out-of-memory', EAFNOSUPPORT: 'not-supported', ENOTSUP: 'not-supported', ENOTCONN: 'invalid-state', EISCONN: 'invalid-state',
};

/** The network grant: all, nothing, or these hosts (an address or name, optionally `:port`). */
export type NetworkGrant = boolean | { readonly allow: readonly string[] };

type Family = 'ipv4' | 'ipv6';
type IpAddress = { tag: 'ipv4'; val: number[] } | { tag: 'ipv6'; val: number[] };
type SocketAddress = { tag: 'ipv4'; val: { port: number; address: number[] } } | { tag: 'ipv6'; val: { port: number; flowInfo: number; address: number[]; scopeId: number } };

function err(tag: string): { tag: string; val?: undefined } {
  return { tag };
}

function hostError(e: unknown): { tag: string } {
  const code = (e as { code?: unknown } | null)?.code;
  return err(typeof code === 'string' ? SOCKET_ERRNO[code] ?? 'other' : 'other');
}

function wordsOf(a: IpAddress | SocketAddress): number[] {
  return Array.isArray(a.val) ? a.val : a.val.address;
}

function ipText(a: IpAddress | SocketAddress): string {
  if (a.tag === 'ipv4') return wordsOf(a).join('.');
  return wordsOf(a).map((w) => w.toString(16)).join(':');
}

function parseIp(text: string): IpAddress {
  const t = text.replace(/%.*$/, '');
  if (t.includes(':')) {
    // An IPv4 tail (`::ffff:127.0.0.1`) is two words.
    const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
    const text6 = v4 === null ? t : `${v4[1]}${v4[2]!.split('.').map(Number).reduce((acc, b, i) => acc + (i === 2 ? ':' : '') + b.toString(16).padStart(2, '0'), '')}`;
    // Expand `::` to the missing zero words.
    const [head, tail] = text6.split('::') as [string, string | undefined];
    const h = head === '' ? [] : head.split(':');
    const tl = tail === undefined || tail === '' ? [] : tail.split(':');
    const words = [...h, ...new Array<string>(Math.max(0, 8 - h.length - tl.length)).fill('0'), ...tl].map((w) => parseInt(w, 16) || 0);
    return { tag: 'ipv6', val: words };
  }
  return { tag: 'ipv4', val: t.split('.').map(Number) };
}

function socketAddress(host: string, port: number, family?: Family): SocketAddress {
  let ip = parseIp(host);
  // A dual-stack host's view of an IPv4 peer (`::ffff:a.b.c.d`) on an IPv4 socket.
  if (family === 'ipv4' && ip.tag === 'ipv6' && isMapped(ip.val)) ip = { tag: 'ipv4', val: [ip.val[6]! >> 8, ip.val[6]! & 255, ip.val[7]! >> 8, ip.val[7]! & 255] };
  return ip.tag === 'ipv4' ? { tag: 'ipv4', val: { port, address: ip.val } } : { tag: 'ipv6', val: { port, flowInfo: 0, address: ip.val, scopeId: 0 } };
}

function withPort(a: SocketAddress, port: number): SocketAddress {
  return a.tag === 'ipv4' ? { tag: 'ipv4', val: { ...a.val, port } } : { tag: 'ipv6', val: { ...a.val, port } };
}

function portOf(a: SocketAddress): number {
  return a.val.port;
}

/** 0.0.0.0 or :: (a peer cannot be the unspecified address: invalid-argument). */
function unspecified(a: SocketAddress | IpAddress): boolean {
  return wordsOf(a).every((x) => x === 0);
}

function isMapped(w: readonly number[]): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff;
}

function isLoopback(a: SocketAddress | IpAddress): boolean {
  const w = wordsOf(a);
  return a.tag === 'ipv4' ? w[0] === 127 : w.slice(0, 7).every((x) => x === 0) && w[7] === 1;
}

/**
 * An address a socket of `family` may use (WIT "invalid-argument"): of its family, unicast (no IPv4 multicast or
 * limited broadcast, no IPv6 multicast), and no IPv4-mapped IPv6 address (sockets here are IPv6-only).
 */
function checkAddress(a: SocketAddress, family: Family): void {
  if (a.tag !== family) throw err('invalid-argument');
  const w = wordsOf(a);
  if (a.tag === 'ipv4' ? (w[0]! >= 224 && w[0]! <= 239) || w.every((x) => x === 255) : w[0]! >= 0xff00 || isMapped(w)) throw err('invalid-argument');
}

/** A peer address: also neither the unspecified address nor port 0. */
function checkRemote(a: SocketAddress, family: Family): void {
  checkAddress(a, family);
  if (portOf(a) === 0 || unspecified(a)) throw err('invalid-argument');
}

/** Whether the grant lets the guest reach `host` (and `port`). */
export function allowed(grant: NetworkGrant, host: string, port?: number): boolean {
  if (grant === true) return true;
  if (grant === false) return false;
  return grant.allow.some((p) => {
    const cut = p.lastIndexOf(':');
    const hasPort = cut > 0 && /^\d+$/.test(p.slice(cut + 1)) && !p.slice(0, cut).includes(':') ;
    const h = hasPort ? p.slice(0, cut) : p;
    return (h === '*' || h === host) && (!hasPort || port === undefined || Number(p.slice(cut + 1)) === port);
  });
}

type Net = typeof import('node:net');
type Dgram = typeof import('node:dgram');
let net: Promise<Net> | undefined;
let dgram: Promise<Dgram> | undefined;
const loadNet = (): Promise<Net> => (net ??= nodeBuiltin<Net>('net'));
const loadDgram = (): Promise<Dgram> => (dgram ??= nodeBuiltin<Dgram>('dgram'));

/** Whether `a` is an address of this host (unspecified, loopback, or an interface's): else address-not-bindable. */
function isLocal(a: SocketAddress): boolean {
  if (unspecified(a) || isLoopback(a)) return true;
  const os = nodeBuiltinNow<typeof import('node:os')>('os');
  // No way to ask (not Node): the real bind will tell.
  if (os === undefined) return true;
  const want = ipText(a);
  return Object.values(os.networkInterfaces()).some((list) => (list ?? []).some((i) => ipText(parseIp(i.address)) === want));
}

/** The (protocol, address, port) bound by this process's sockets: a second bind of one of them is address-in-use. */
const BOUND = new Set<string>();
const boundKey = (proto: string, a: SocketAddress): string => `${proto} ${a.tag} ${ipText(a)} ${portOf(a)}`;

/** Listens of this process not yet active (node:net listens after a lookup): a connect to the port waits for them. */
const LISTENING = new Map<number, Promise<void>>();

/**
 * The port `bind` gives `a`: not one this process holds (same or unspecified address), and, where node:net is
 * loaded, free for a synchronous wildcard `listen(port)` (closed at once; port 0: the kernel's ephemeral choice).
 * Throws address-in-use.
 */
function reservePort(proto: string, a: SocketAddress): number {
  let port = portOf(a);
  const any = withPort(a, port);
  const unspec = socketAddress(a.tag === 'ipv4' ? '0.0.0.0' : '::', port);
  if (port !== 0 && (BOUND.has(boundKey(proto, any)) || BOUND.has(boundKey(proto, unspec)) || (unspecified(a) && [...BOUND].some((k) => k.startsWith(`${proto} ${a.tag} `) && k.endsWith(` ${port}`))))) {
    throw err('address-in-use');
  }
  const n = nodeBuiltinNow<Net>('net');
  if (n !== undefined) {
    const probe = n.createServer();
    // A failed probe reports its error on the next tick, after the probe is gone.
    probe.on('error', () => {});
    probe.listen(port);
    const got = probe.address();
    probe.close();
    if (got === null || typeof got === 'string') throw err('address-in-use');
    if (port === 0) port = got.port;
  } else if (port === 0) {
    // Without a synchronous probe: an ephemeral port at random (the real bind reports a clash).
    port = 49152 + Math.floor(Math.random() * 16384);
  }
  BOUND.add(boundKey(proto, withPort(a, port)));
  return port;
}

/** A queue of values pushed by events and taken by one async reader; `end` finishes it (after what is queued). */
class Queue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiter: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;
  push(v: T): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w !== undefined) { this.waiter = undefined; w({ done: false, value: v }); } else this.items.push(v);
  }
  end(): void {
    this.ended = true;
    const w = this.waiter;
    if (w !== undefined && this.items.length === 0) { this.waiter = undefined; w({ done: true, value: undefined }); }
  }
  /** Queued values not taken (the reader stopped). */
  drain(): T[] { return this.items.splice(0); }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const v = this.items.shift();
        if (v !== undefined) return Promise.resolve({ done: false, value: v });
        if (this.ended) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => { this.waiter = resolve; });
      },
      return: () => { this.end(); return Promise.resolve({ done: true, value: undefined }); },
    };
  }
}

/** The socket options a TCP socket keeps (and an accepted one inherits from its listener). */
interface TcpOptions { keepAlive: boolean; idle: bigint; interval: bigint; count: number; hopLimit: number; rcv: bigint; snd: bigint; backlog: number }

/** The key of the static that makes a tcp-socket of an accepted connection (not a member the guest sees). */
const ACCEPTED = Symbol('accepted');

type TcpState = 'unbound' | 'bound' | 'listening' | 'connecting' | 'connected' | 'closed';

export function sockets(grant: NetworkGrant): Record<string, Record<string, unknown>> {
  const denied = grant === false;
  // Granted: node:net starts loading now, so that a synchronous bind finds it on hosts without getBuiltinModule.
  if (!denied) { loadNet().catch(() => {}); nodeBuiltin('os').catch(() => {}); }

  class TcpSocket {
    private local: SocketAddress | undefined;
    private remote: SocketAddress | undefined;
    private sock: import('node:net').Socket | undefined;
    private server: import('node:net').Server | undefined;
    private accepted: Queue<TcpSocket> | undefined;
    private state: TcpState = 'unbound';
    private reserved: string | undefined;
    private sending = false;
    private receiving = false;
    private readonly opts: TcpOptions;
    private constructor(readonly family: Family, opts?: TcpOptions) {
      this.opts = opts !== undefined ? { ...opts } : { keepAlive: false, idle: 7_200_000_000_000n, interval: 75_000_000_000n, count: 9, hopLimit: 64, rcv: 65536n, snd: 65536n, backlog: 128 };
    }

    static create(family: Family): TcpSocket {
      if (denied) throw err('access-denied');
      return new TcpSocket(family);
    }

    /** A connection `listen` accepted: connected, with the listener's options. */
    static [ACCEPTED](family: Family, c: import('node:net').Socket, opts: TcpOptions): TcpSocket {
      const t = new TcpSocket(family, opts);
      c.setNoDelay(true);
      if (opts.keepAlive) c.setKeepAlive(true, Number(opts.idle / 1_000_000n));
      // Errors arrive through send and receive; unheard, they would be thrown.
      c.on('error', () => {});
      t.sock = c;
      t.state = 'connected';
      t.local = socketAddress(c.localAddress ?? '', c.localPort ?? 0, family);
      t.remote = socketAddress(c.remoteAddress ?? '', c.remotePort ?? 0, family);
      return t;
    }

    bind(local: SocketAddress): void {
      if (this.state !== 'unbound') throw err('invalid-state');
      checkAddress(local, this.family);
      if (!allowed(grant, ipText(local), portOf(local))) throw err('access-denied');
      if (!isLocal(local)) throw err('address-not-bindable');
      const port = reservePort('tcp', local);
      this.local = withPort(local, port);
      this.reserved = boundKey('tcp', this.local);
      this.state = 'bound';
    }

    async connect(remote: SocketAddress): Promise<void> {
      checkRemote(remote, this.family);
      if (this.state !== 'unbound' && this.state !== 'bound') throw err('invalid-state');
      const host = ipText(remote);
      if (!allowed(grant, host, portOf(remote))) throw err('access-denied');
      this.state = 'connecting';
      const n = await loadNet();
      await LISTENING.get(portOf(remote));
      const local = this.local;
      const s = await new Promise<import('node:net').Socket>((resolve, reject) => {
        const c = n.connect({
          host, port: portOf(remote), family: this.family === 'ipv4' ? 4 : 6, noDelay: true, allowHalfOpen: true,
          ...(local !== undefined ? { localAddress: ipText(local), localPort: portOf(local) } : {}),
        });
        c.once('connect', () => { c.off('error', reject); resolve(c); });
        c.once('error', reject);
      }).catch((e: unknown) => { this.state = 'closed'; throw hostError(e); });
      s.on('error', () => {});
      if (this.opts.keepAlive) s.setKeepAlive(true, Number(this.opts.idle / 1_000_000n));
      this.sock = s;
      this.state = 'connected';
      this.remote = remote;
      this.local = socketAddress(s.localAddress ?? host, s.localPort ?? 0, this.family);
    }

    listen(): unknown {
      if (this.state !== 'unbound' && this.state !== 'bound') throw err('invalid-state');
      const n = nodeBuiltinNow<Net>('net');
      if (n === undefined) throw err('not-supported');
      if (this.local === undefined) this.bind(socketAddress(this.family === 'ipv4' ? '0.0.0.0' : '::', 0));
      const local = this.local!;
      const accepted = new Queue<TcpSocket>();
      const server = n.createServer({ noDelay: true, allowHalfOpen: true });
      server.on('connection', (c) => accepted.push(TcpSocket[ACCEPTED](this.family, c, this.opts)));
      const port = portOf(local);
      // The real bind failed (another process took the port): the accept stream ends.
      server.on('error', () => accepted.end());
      const listen2 = (server as unknown as { _listen2?: unknown })._listen2;
      if (typeof listen2 === 'function') {
        // Node: its own listen after the address lookup (`_listen2`, net.js's legacy alias of setupListenHandle),
        // called at once: listening when `listen` returns, so a peer told the address (the guest prints it, maybe
        // through WASI 0.2's stdout) can connect at once. Flag 1 is libuv's UV_TCP_IPV6ONLY.
        (listen2 as (address: string, port: number, addressType: number, backlog: number, fd: undefined, flags: number) => void)
          .call(server, ipText(local), port, this.family === 'ipv4' ? 4 : 6, this.opts.backlog, undefined, this.family === 'ipv6' ? 1 : 0);
        if (server.address() === null) { server.close(); throw err('address-in-use'); }
      } else {
        // Elsewhere node:net listens a tick later (after a lookup): a connect of this process to the port waits for it.
        const up = new Promise<void>((resolve) => { server.once('listening', () => resolve()); server.once('error', () => resolve()); });
        LISTENING.set(port, up);
        void up.then(() => { if (LISTENING.get(port) === up) LISTENING.delete(port); });
        server.listen({ host: ipText(local), port, ipv6Only: this.family === 'ipv6', backlog: this.opts.backlog });
      }
      this.server = server;
      this.accepted = accepted;
      this.state = 'listening';
      return resourceStream(accepted, TcpSocket, 'tcp-socket', () => {
        // The guest dropped the accept stream: connections it did not take are closed.
        for (const t of accepted.drain()) t[Symbol.dispose]();
      });
    }

    send(data: StreamValue): unknown {
      const s = this.sock;
      if (s === undefined || this.state !== 'connected' || this.sending) {
        dropStream(data);
        return resultFuture(Promise.reject(err('invalid-state')), SOCKET_RESULT, 'other');
      }
      this.sending = true;
      const done = (async () => {
        let failed: unknown;
        const onError = (e: unknown): void => { failed ??= e; };
        s.on('error', onError);
        try {
          for await (const chunk of readBytes(data)) {
            if (failed !== undefined || s.destroyed) break;
            if (!s.write(chunk)) await new Promise<void>((resolve) => { const f = (): void => { s.off('drain', f); s.off('close', f); resolve(); }; s.once('drain', f); s.once('close', f); });
          }
          if (failed !== undefined) throw failed;
          if (s.destroyed || !s.writable) throw Object.assign(new Error('connection broken'), { code: 'EPIPE' });
          // The end of the guest's stream shuts down the sending half; the future resolves once it is flushed.
          await new Promise<void>((resolve, reject) => { s.end(() => resolve()); s.once('error', reject); });
        } catch (e) {
          throw hostError(e);
        } finally {
          s.off('error', onError);
        }
      })();
      return resultFuture(done, SOCKET_RESULT, 'other');
    }

    receive(): unknown[] {
      const s = this.sock;
      if (s === undefined || this.state !== 'connected' || this.receiving) {
        return [byteStream([]), resultFuture(Promise.reject(err('invalid-state')), SOCKET_RESULT, 'other')];
      }
      this.receiving = true;
      let settle: (e: unknown) => void = () => {};
      const ended = new Promise<void>((resolve, reject) => { settle = (e) => (e === undefined ? resolve() : reject(hostError(e))); });
      const chunks = new Queue<Uint8Array>();
      let failed: unknown;
      const onData = (b: Buffer): void => {
        chunks.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
        // Backpressure: no more reads until the guest took this chunk (resumed by the next pull).
        s.pause();
      };
      const onEnd = (): void => chunks.end();
      const onError = (e: unknown): void => { failed = e; chunks.end(); };
      s.on('data', onData);
      s.once('end', onEnd);
      s.once('close', onEnd);
      s.on('error', onError);
      const source: AsyncIterable<Uint8Array> = {
        [Symbol.asyncIterator]: () => {
          const it = chunks[Symbol.asyncIterator]();
          return {
            next: () => { s.resume(); return it.next(); },
            return: () => {
              // The guest dropped the stream (a shutdown of the reading half): stop reading.
              s.off('data', onData);
              s.pause();
              return it.return!();
            },
          };
        },
      };
      return [byteStream(source, (e) => settle(e ?? failed)), resultFuture(ended, SOCKET_RESULT, 'other')];
    }

    getLocalAddress(): SocketAddress {
      if (this.local === undefined) throw err('invalid-state');
      return this.local;
    }

    getRemoteAddress(): SocketAddress {
      if (this.remote === undefined || this.state !== 'connected') throw err('invalid-state');
      return this.remote;
    }

    getIsListening(): boolean { return this.state === 'listening'; }
    getAddressFamily(): Family { return this.family; }
    setListenBacklogSize(v: bigint): void {
      if (v === 0n) throw err('invalid-argument');
      if (this.state === 'listening' || this.state === 'connected' || this.state === 'connecting') throw err('invalid-state');
      this.opts.backlog = Number(v > 65535n ? 65535n : v);
    }
    getKeepAliveEnabled(): boolean { return this.opts.keepAlive; }
    setKeepAliveEnabled(v: boolean): void { this.opts.keepAlive = v; this.sock?.setKeepAlive(v, Number(this.opts.idle / 1_000_000n)); }
    getKeepAliveIdleTime(): bigint { return this.opts.idle; }
    setKeepAliveIdleTime(v: bigint): void { if (v <= 0n) throw err('invalid-argument'); this.opts.idle = v; }
    getKeepAliveInterval(): bigint { return this.opts.interval; }
    setKeepAliveInterval(v: bigint): void { if (v <= 0n) throw err('invalid-argument'); this.opts.interval = v; }
    getKeepAliveCount(): number { return this.opts.count; }
    setKeepAliveCount(v: number): void { if (v === 0) throw err('invalid-argument'); this.opts.count = v; }
    getHopLimit(): number { return this.opts.hopLimit; }
    setHopLimit(v: number): void { if (v === 0) throw err('invalid-argument'); this.opts.hopLimit = v; }
    getReceiveBufferSize(): bigint { return this.opts.rcv; }
    setReceiveBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.rcv = v; }
    getSendBufferSize(): bigint { return this.opts.snd; }
    setSendBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.snd = v; }
    [Symbol.dispose](): void {
      this.sock?.destroy();
      this.server?.close();
      // Connections accepted but not taken by the guest go with their listener.
      if (this.accepted !== undefined) { this.accepted.end(); for (const t of this.accepted.drain()) t[Symbol.dispose](); }
      if (this.reserved !== undefined) BOUND.delete(this.reserved);
      this.reserved = undefined;
      this.state = 'closed';
    }
  }

  class UdpSocket {
    private sock: import('node:dgram').Socket | undefined;
    /** bind is synchronous in WIT and in node:dgram it completes later: the socket's later calls await it. */
    private binding: Promise<import('node:dgram').Socket> | undefined;
    private local: SocketAddress | undefined;
    private remote: SocketAddress | undefined;
    private reserved: string | undefined;
    private readonly queue: { data: Uint8Array; from: SocketAddress }[] = [];
    private waiter: (() => void) | undefined;
    private readonly opts = { hopLimit: 64, rcv: 65536n, snd: 65536n };
    private constructor(readonly family: Family) {}

    static create(family: Family): UdpSocket {
      if (denied) throw err('access-denied');
      return new UdpSocket(family);
    }

    /** The node:dgram socket, bound to `this.local` (the first use binds an unspecified address implicitly). */
    private socket(): Promise<import('node:dgram').Socket> {
      if (this.local === undefined) this.bindNow(socketAddress(this.family === 'ipv4' ? '0.0.0.0' : '::', 0));
      return (this.binding ??= this.open(this.local!));
    }

    private async open(local: SocketAddress): Promise<import('node:dgram').Socket> {
      const d = await loadDgram();
      const s = d.createSocket({ type: this.family === 'ipv4' ? 'udp4' : 'udp6', ipv6Only: this.family === 'ipv6' });
      s.on('message', (msg, rinfo) => {
        this.queue.push({ data: new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), from: socketAddress(rinfo.address, rinfo.port, this.family) });
        this.waiter?.();
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(portOf(local), ipText(local), () => { s.off('error', reject); resolve(); });
      }).catch((e: unknown) => { s.close(); throw hostError(e); });
      s.on('error', () => {});
      this.sock = s;
      return s;
    }

    private bindNow(local: SocketAddress): void {
      const port = reservePort('udp', local);
      this.local = withPort(local, port);
      this.reserved = boundKey('udp', this.local);
      // The real bind starts now; its failure surfaces in send/receive.
      this.socket().catch(() => {});
    }

    bind(local: SocketAddress): void {
      if (this.local !== undefined) throw err('invalid-state');
      checkAddress(local, this.family);
      if (!allowed(grant, ipText(local), portOf(local))) throw err('access-denied');
      if (!isLocal(local)) throw err('address-not-bindable');
      this.bindNow(local);
    }

    connect(remote: SocketAddress): void {
      checkRemote(remote, this.family);
      if (!allowed(grant, ipText(remote), portOf(remote))) throw err('access-denied');
      // Not bound: bound implicitly, to the loopback address for a loopback peer (what the kernel's route picks).
      if (this.local === undefined) this.bindNow(socketAddress(isLoopback(remote) ? ipText(remote) : this.family === 'ipv4' ? '0.0.0.0' : '::', 0));
      this.remote = remote;
    }

    disconnect(): void {
      if (this.remote === undefined) throw err('invalid-state');
      this.remote = undefined;
    }

    async send(data: Uint8Array, to: SocketAddress | undefined): Promise<void> {
      if (to !== undefined) checkRemote(to, this.family);
      const dest = to ?? this.remote;
      if (dest === undefined) throw err('invalid-argument');
      if (to !== undefined && this.remote !== undefined && (ipText(to) !== ipText(this.remote) || portOf(to) !== portOf(this.remote))) throw err('invalid-argument');
      if (!allowed(grant, ipText(dest), portOf(dest))) throw err('access-denied');
      if (data.length > 65507) throw err('datagram-too-large');
      const s = await this.socket();
      await new Promise<void>((resolve, reject) => s.send(data, portOf(dest), ipText(dest), (e) => (e ? reject(hostError(e)) : resolve())));
    }

    async receive(): Promise<[Uint8Array, SocketAddress]> {
      if (this.local === undefined) throw err('invalid-state');
      await this.socket();
      for (;;) {
        const i = this.queue.findIndex((m) => this.remote === undefined || (ipText(m.from) === ipText(this.remote) && portOf(m.from) === portOf(this.remote)));
        if (i >= 0) { const m = this.queue.splice(i, 1)[0]!; return [m.data, m.from]; }
        await new Promise<void>((resolve) => { this.waiter = resolve; });
        this.waiter = undefined;
      }
    }

    getLocalAddress(): SocketAddress { if (this.local === undefined) throw err('invalid-state'); return this.local; }
    getRemoteAddress(): SocketAddress { if (this.remote === undefined) throw err('invalid-state'); return this.remote; }
    getAddressFamily(): Family { return this.family; }
    getUnicastHopLimit(): number { return this.opts.hopLimit; }
    setUnicastHopLimit(v: number): void { if (v === 0) throw err('invalid-argument'); this.opts.hopLimit = v; }
    getReceiveBufferSize(): bigint { return this.opts.rcv; }
    setReceiveBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.rcv = v; }
    getSendBufferSize(): bigint { return this.opts.snd; }
    setSendBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.snd = v; }
    [Symbol.dispose](): void {
      this.sock?.close();
      this.binding?.then((s) => { if (s !== this.sock) s.close(); }, () => {});
      if (this.reserved !== undefined) BOUND.delete(this.reserved);
      this.reserved = undefined;
    }
  }

  return {
    'wasi:sockets/types': { TcpSocket, UdpSocket },
    'wasi:sockets/ip-name-lookup': {
      async resolveAddresses(name: string): Promise<IpAddress[]> {
        if (!allowed(grant, name)) throw err('access-denied');
        const dns = await nodeBuiltin<typeof import('node:dns')>('dns');
        const list = await dns.promises.lookup(name, { all: true }).catch((e: unknown) => {
          const code = (e as { code?: string }).code;
          throw err(code === 'ENOTFOUND' || code === 'ENODATA' ? 'name-unresolvable' : code === 'EAI_AGAIN' ? 'temporary-resolver-failure' : 'permanent-resolver-failure');
        });
        return list.map((a) => parseIp(a.address));
      },
    },
  };
}
