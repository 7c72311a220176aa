// wasi:sockets@0.3 (types: tcp-socket, udp-socket; ip-name-lookup) over node:net, node:dgram and node:dns (Node,
// Bun, Deno), loaded when a socket is first used. Deny by default: without `network`, creating a socket or
// resolving a name is access-denied; `network: { allow }` limits the peers (and names) to those listed. TCP bytes
// stream both ways with backpressure. Errors map from the host's errno (SOCKET_ERRNO below).
import { byteStream, readBytes, resultFuture } from './host-streams.js';
import { nodeBuiltin } from './node-builtin.js';
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

function ipText(a: IpAddress | SocketAddress): string {
  if (a.tag === 'ipv4') return (Array.isArray(a.val) ? a.val : a.val.address).join('.');
  const words = Array.isArray(a.val) ? a.val : a.val.address;
  return words.map((w) => w.toString(16)).join(':');
}

function parseIp(text: string): IpAddress {
  if (text.includes(':')) {
    // Expand `::` to the missing zero words.
    const [head, tail] = text.split('::') as [string, string | undefined];
    const h = head === '' ? [] : head.split(':');
    const t = tail === undefined ? [] : tail === '' ? [] : tail.split(':');
    const words = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t].map((w) => parseInt(w, 16) || 0);
    return { tag: 'ipv6', val: words };
  }
  return { tag: 'ipv4', val: text.split('.').map(Number) };
}

function socketAddress(host: string, port: number): SocketAddress {
  const ip = parseIp(host);
  return ip.tag === 'ipv4' ? { tag: 'ipv4', val: { port, address: ip.val } } : { tag: 'ipv6', val: { port, flowInfo: 0, address: ip.val, scopeId: 0 } };
}

function portOf(a: SocketAddress): number {
  return a.val.port;
}

/** 0.0.0.0 or :: (a peer cannot be the unspecified address: invalid-argument). */
function unspecified(a: SocketAddress): boolean {
  return a.val.address.every((x) => x === 0);
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

export function sockets(grant: NetworkGrant): Record<string, Record<string, unknown>> {
  const denied = grant === false;

  class TcpSocket {
    private local: SocketAddress | undefined;
    private remote: SocketAddress | undefined;
    private sock: import('node:net').Socket | undefined;
    private connecting = false;
    private readonly opts = { keepAlive: false, idle: 7_200_000_000_000n, interval: 75_000_000_000n, count: 9, hopLimit: 64, rcv: 65536n, snd: 65536n };
    private constructor(readonly family: Family) {}

    static create(family: Family): TcpSocket {
      if (denied) throw err('access-denied');
      return new TcpSocket(family);
    }

    bind(local: SocketAddress): void {
      if (this.local !== undefined || this.sock !== undefined) throw err('invalid-state');
      if (local.tag !== this.family) throw err('invalid-argument');
      if (!allowed(grant, ipText(local), portOf(local))) throw err('access-denied');
      // node:net binds when it connects or listens: the address is kept until then.
      this.local = local;
    }

    async connect(remote: SocketAddress): Promise<void> {
      if (this.sock !== undefined || this.connecting) throw err('invalid-state');
      if (remote.tag !== this.family) throw err('invalid-argument');
      const host = ipText(remote);
      if (portOf(remote) === 0 || unspecified(remote)) throw err('invalid-argument');
      if (!allowed(grant, host, portOf(remote))) throw err('access-denied');
      this.connecting = true;
      const n = await loadNet();
      const s = await new Promise<import('node:net').Socket>((resolve, reject) => {
        const c = n.connect({
          host, port: portOf(remote), ...(this.local !== undefined ? { localAddress: ipText(this.local), localPort: portOf(this.local) } : {}),
        });
        c.once('connect', () => { c.off('error', reject); resolve(c); });
        c.once('error', reject);
      }).catch((e: unknown) => { this.connecting = false; throw hostError(e); });
      this.connecting = false;
      s.setNoDelay(true);
      this.sock = s;
      this.remote = remote;
      this.local = socketAddress(s.localAddress ?? host, s.localPort ?? 0);
    }

    listen(): never {
      // A stream of accepted tcp-sockets needs resource handles written into the guest's stream buffer.
      throw err('not-supported');
    }

    send(data: StreamValue): unknown {
      const s = this.sock;
      const done = (async () => {
        if (s === undefined) {
          for await (const _ of readBytes(data)) { /* drained: not connected */ }
          throw err('invalid-state');
        }
        for await (const chunk of readBytes(data)) {
          if (!s.write(chunk)) await new Promise<void>((resolve, reject) => { s.once('drain', resolve); s.once('error', reject); }).catch((e: unknown) => { throw hostError(e); });
        }
        // The end of the guest's stream shuts down the sending half.
        s.end();
      })();
      return resultFuture(done, SOCKET_RESULT, 'other');
    }

    receive(): unknown[] {
      const s = this.sock;
      let settle: (e: unknown) => void = () => {};
      const ended = new Promise<void>((resolve, reject) => { settle = (e) => (e === undefined ? resolve() : reject(hostError(e))); });
      if (s === undefined) return [byteStream([]), resultFuture(Promise.reject(err('invalid-state')), SOCKET_RESULT, 'other')];
      const chunks = (async function* (): AsyncGenerator<Uint8Array> {
        for await (const b of s as AsyncIterable<Buffer>) yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      })();
      return [byteStream(chunks, settle), resultFuture(ended, SOCKET_RESULT, 'other')];
    }

    getLocalAddress(): SocketAddress {
      if (this.local === undefined) throw err('invalid-state');
      return this.local;
    }

    getRemoteAddress(): SocketAddress {
      if (this.remote === undefined) throw err('invalid-state');
      return this.remote;
    }

    getIsListening(): boolean { return false; }
    getAddressFamily(): Family { return this.family; }
    setListenBacklogSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); }
    getKeepAliveEnabled(): boolean { return this.opts.keepAlive; }
    setKeepAliveEnabled(v: boolean): void { this.opts.keepAlive = v; this.sock?.setKeepAlive(v); }
    getKeepAliveIdleTime(): bigint { return this.opts.idle; }
    setKeepAliveIdleTime(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.idle = v; }
    getKeepAliveInterval(): bigint { return this.opts.interval; }
    setKeepAliveInterval(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.interval = v; }
    getKeepAliveCount(): number { return this.opts.count; }
    setKeepAliveCount(v: number): void { if (v === 0) throw err('invalid-argument'); this.opts.count = v; }
    getHopLimit(): number { return this.opts.hopLimit; }
    setHopLimit(v: number): void { if (v === 0) throw err('invalid-argument'); this.opts.hopLimit = v; }
    getReceiveBufferSize(): bigint { return this.opts.rcv; }
    setReceiveBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.rcv = v; }
    getSendBufferSize(): bigint { return this.opts.snd; }
    setSendBufferSize(v: bigint): void { if (v === 0n) throw err('invalid-argument'); this.opts.snd = v; }
    [Symbol.dispose](): void { this.sock?.destroy(); }
  }

  class UdpSocket {
    private sock: import('node:dgram').Socket | undefined;
    /** bind is synchronous in WIT and in node:dgram it completes later: the socket's later calls await it. */
    private binding: Promise<import('node:dgram').Socket> | undefined;
    private local: SocketAddress | undefined;
    private remote: SocketAddress | undefined;
    private readonly queue: { data: Uint8Array; from: SocketAddress }[] = [];
    private waiter: (() => void) | undefined;
    private readonly opts = { hopLimit: 64, rcv: 65536n, snd: 65536n };
    private constructor(readonly family: Family) {}

    static create(family: Family): UdpSocket {
      if (denied) throw err('access-denied');
      return new UdpSocket(family);
    }

    /** The node:dgram socket, bound to `local` (or any port) the first time it is needed. */
    private socket(local?: SocketAddress): Promise<import('node:dgram').Socket> {
      return (this.binding ??= this.open(local));
    }

    private async open(local?: SocketAddress): Promise<import('node:dgram').Socket> {
      const d = await loadDgram();
      const s = d.createSocket(this.family === 'ipv4' ? 'udp4' : 'udp6');
      s.on('message', (msg, rinfo) => {
        this.queue.push({ data: new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength), from: socketAddress(rinfo.address, rinfo.port) });
        this.waiter?.();
      });
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.bind(local === undefined ? 0 : portOf(local), local === undefined ? (this.family === 'ipv4' ? '0.0.0.0' : '::') : ipText(local), () => { s.off('error', reject); resolve(); });
      }).catch((e: unknown) => { s.close(); throw hostError(e); });
      const a = s.address();
      this.local = socketAddress(a.address, a.port);
      this.sock = s;
      return s;
    }

    bind(local: SocketAddress): void {
      if (this.binding !== undefined) throw err('invalid-state');
      if (local.tag !== this.family) throw err('invalid-argument');
      if (!allowed(grant, ipText(local), portOf(local))) throw err('access-denied');
      this.local = local;
      this.socket(local).catch(() => {});
    }

    connect(remote: SocketAddress): void {
      if (remote.tag !== this.family || portOf(remote) === 0 || unspecified(remote)) throw err('invalid-argument');
      if (!allowed(grant, ipText(remote), portOf(remote))) throw err('access-denied');
      this.remote = remote;
    }

    disconnect(): void {
      if (this.remote === undefined) throw err('invalid-state');
      this.remote = undefined;
    }

    async send(data: Uint8Array, to: SocketAddress | undefined): Promise<void> {
      const dest = to ?? this.remote;
      if (dest === undefined) throw err('invalid-argument');
      if (to !== undefined && this.remote !== undefined && (ipText(to) !== ipText(this.remote) || portOf(to) !== portOf(this.remote))) throw err('invalid-argument');
      if (dest.tag !== this.family || portOf(dest) === 0) throw err('invalid-argument');
      if (!allowed(grant, ipText(dest), portOf(dest))) throw err('access-denied');
      const s = await this.socket();
      await new Promise<void>((resolve, reject) => s.send(data, portOf(dest), ipText(dest), (e) => (e ? reject(hostError(e)) : resolve())));
    }

    async receive(): Promise<[Uint8Array, SocketAddress]> {
      if (this.binding === undefined) throw err('invalid-state');
      await this.binding;
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
    [Symbol.dispose](): void { this.sock?.close(); }
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
