// wasi:http@0.3 types (fields, request, response, request-options) as host resources. A request or response the
// host makes (serve's incoming requests, the client's responses) carries a node or fetch body as a host stream and
// a trailers future the host resolves when the body has ended; a guest's carries the guest's stream and future,
// which the host reads (trailers move as `own<fields>` handles between the guest's table and the host).
import { byteStream, byteFuture, encodedFuture, readFuture } from './host-streams.js';
import type { FutureValue, StreamValue } from '../../runtime/async/values.js';
import type { GuestBuffer } from '../../runtime/async/copy.js';
import type { AsyncInstance } from '../../runtime/async/task.js';
import { DISPOSE, HandleEntry, hostResource } from '../../runtime/resources.js';
import { ERROR_CODES, resultBytes, type ErrorCode } from './http-errors.js';

export type Method = { tag: string; val?: string };
export type Scheme = { tag: 'HTTP' | 'HTTPS' } | { tag: 'other'; val: string };

/** What a path-with-query may not hold (as the `http` crate's URI parser): controls, space, DEL, '#', '<', '>', '`'. */
const PATH = /[\x00-\x20\x7f#<>`]/;

/** RFC 3986 §3.2 authority: [userinfo@]host[:port], host a name, IPv4, or [IPv6]; port 0-65535. */
function validAuthority(a: string): boolean {
  const at = a.lastIndexOf('@');
  if (at >= 0 && !/^[\w\-.~!$&'()*+,;=:%]*$/.test(a.slice(0, at))) return false;
  const hp = a.slice(at + 1);
  const m = /^(\[[0-9A-Fa-f:.]+\]|[\w\-.~!$&'()*+,;=%]+)(?::(\d*))?$/.exec(hp);
  if (m === null) return false;
  return m[2] === undefined || m[2] === '' || (m[2].length <= 5 && Number(m[2]) <= 65535);
}

/** The standard methods, wasi:http's `method` cases. */
export const METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);

export const FORBIDDEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Hop-by-hop and connection-level headers a guest may not set (RFC 9110 §7.6.1; the host's HTTP stack owns them). */
const FORBIDDEN_HEADERS = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'transfer-encoding', 'upgrade', 'te', 'http2-settings']);

type HeaderError = { tag: 'invalid-syntax' | 'forbidden' | 'immutable' };

/** A field name (RFC 9110 §5.1 token) and value (§5.5: no control bytes but tab) a guest may set; else why not. */
function fieldError(name: string, values: readonly Uint8Array[] = []): HeaderError | undefined {
  if (name === '' || FORBIDDEN.test(name)) return { tag: 'invalid-syntax' };
  for (const v of values) for (const b of v) if ((b < 0x20 && b !== 0x09) || b === 0x7f) return { tag: 'invalid-syntax' };
  if (FORBIDDEN_HEADERS.has(name.toLowerCase())) return { tag: 'forbidden' };
  return undefined;
}

/** wasi:http/types#fields: header names compare case-insensitively; values are bytes. */
export class Fields {
  /** @internal Names in lower case (as HTTP/2 sends them; wasi:http hosts give them so). */
  entries: [string, Uint8Array][] = [];
  /** @internal */ immutable = false;

  static fromList(list: [string, Uint8Array][]): Fields {
    const f = new Fields();
    for (const [n, v] of list) {
      const e = fieldError(n, [v]);
      if (e !== undefined) throw e;
      f.entries.push([n.toLowerCase(), v]);
    }
    return f;
  }

  private check(name: string, values?: readonly Uint8Array[]): void {
    if (this.immutable) throw { tag: 'immutable' };
    const e = fieldError(name, values);
    if (e !== undefined) throw e;
  }

  get(name: string): Uint8Array[] { const n = name.toLowerCase(); return this.entries.filter(([k]) => k === n).map(([, v]) => v); }
  has(name: string): boolean { const n = name.toLowerCase(); return this.entries.some(([k]) => k === n); }
  set(name: string, values: Uint8Array[]): void { this.check(name, values); this.remove(name); for (const v of values) this.entries.push([name.toLowerCase(), v]); }
  delete(name: string): void { this.check(name); this.remove(name); }
  getAndDelete(name: string): Uint8Array[] { this.check(name); const v = this.get(name); this.remove(name); return v; }
  append(name: string, value: Uint8Array): void { this.check(name, [value]); this.entries.push([name.toLowerCase(), value]); }
  copyAll(): [string, Uint8Array][] { return this.entries.map(([k, v]) => [k, v]); }
  clone(): Fields { const f = new Fields(); f.entries = this.copyAll(); return f; }
  private remove(name: string): void { const n = name.toLowerCase(); this.entries = this.entries.filter(([k]) => k !== n); }
}

/** wasi:http/types#request-options: timeouts (ns) kept as given; immutable once a request holds them. */
export class RequestOptions {
  connect: bigint | undefined;
  firstByte: bigint | undefined;
  betweenBytes: bigint | undefined;
  /** @internal */ immutable = false;
  private mutable(): void { if (this.immutable) throw { tag: 'immutable' }; }
  getConnectTimeout(): bigint | undefined { return this.connect; }
  setConnectTimeout(d: bigint | undefined): void { this.mutable(); this.connect = d; }
  getFirstByteTimeout(): bigint | undefined { return this.firstByte; }
  setFirstByteTimeout(d: bigint | undefined): void { this.mutable(); this.firstByte = d; }
  getBetweenBytesTimeout(): bigint | undefined { return this.betweenBytes; }
  setBetweenBytesTimeout(d: bigint | undefined): void { this.mutable(); this.betweenBytes = d; }
  clone(): RequestOptions { const o = new RequestOptions(); o.connect = this.connect; o.firstByte = this.firstByte; o.betweenBytes = this.betweenBytes; return o; }
}

/** node:http and fetch give header text as latin1 (one char per byte). */
export const latin1 = new TextDecoder('latin1');

/** A header value's bytes from the host's latin1 text. */
export function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** Received header or trailer lines (node's raw name, value list) as immutable fields, names in lower case. */
export function fieldsOf(raw: readonly string[]): Fields {
  const f = new Fields();
  for (let i = 0; i < raw.length; i += 2) f.entries.push([raw[i]!.toLowerCase(), latin1Bytes(raw[i + 1]!)]);
  f.immutable = true;
  return f;
}

/** How a body ended: its trailers, none, or the error that cut it. */
export type Trailers = Fields | ErrorCode | undefined;

/** The instance's own handle table (a guest buffer's owner is its async instance). */
function tableOf(b: GuestBuffer): AsyncInstance['table'] {
  return (b.owner as AsyncInstance).table;
}

/**
 * A `future<result<option<trailers>, error-code>>` the host resolves (CanonicalABI.md layout: 40 bytes, 8-aligned;
 * the case at 0, the payload at 8: option's case at 8 and the handle at 12, or error-code's case at 8): trailers go
 * into the reader's table as an owned `fields` handle.
 */
export function trailersFuture(ended: Promise<Trailers>): FutureValue {
  return encodedFuture(ended, (dst, v) => {
    const m = new DataView(dst.mem!.buffer);
    if (v instanceof Fields) {
      v.immutable = true;
      m.setUint8(dst.ptr + 8, 1);
      m.setUint32(dst.ptr + 12, tableOf(dst).add(new HandleEntry(hostResource('fields', Fields), v, true, undefined)), true);
    } else if (v !== undefined) {
      m.setUint8(dst.ptr, 1);
      m.setUint8(dst.ptr + 8, ERROR_CODES.indexOf(v.tag));
    }
  });
}

/** What a guest wrote into its trailers future (its `fields` handle leaves its table); none if it dropped it. */
export function readTrailers(f: FutureValue): Promise<Trailers> {
  return readFuture<Trailers>(f, (src) => {
    const m = new DataView(src.mem!.buffer);
    if (m.getUint8(src.ptr) !== 0) {
      const tag = ERROR_CODES[m.getUint8(src.ptr + 8)];
      return { tag: tag ?? 'internal-error' };
    }
    if (m.getUint8(src.ptr + 8) === 0) return undefined;
    const h = m.getUint32(src.ptr + 12, true);
    const t = tableOf(src);
    const e = t.get(h, 'trailers');
    if (!(e instanceof HandleEntry) || !e.own || !(e.rep instanceof Fields)) throw new TypeError(`kumiki/wasi: trailers handle ${h} is not an owned fields`);
    t.remove(h);
    return e.rep;
  });
}

/** A future of `result<_, error-code>` the host resolves with how sending ended. */
function sentFuture(done: Promise<ErrorCode | undefined>): FutureValue {
  return byteFuture(done.then((e) => resultBytes(e)));
}

/** wasi:http/types#request. */
export class Request {
  method: Method = { tag: 'get' };
  pathWithQuery: string | undefined;
  scheme: Scheme | undefined;
  authority: string | undefined;
  /** @internal The trailers future: the guest's (its `new`), or the host's (an incoming request). */
  trailers: FutureValue | undefined;
  /** @internal The client reports how sending ended (the future `new` returned resolves with it). */
  transmitted: ((error?: ErrorCode) => void) | undefined;
  /** @internal */
  constructor(readonly headers: Fields, public contents: StreamValue | undefined, readonly options: RequestOptions | undefined) {}

  static new(headers: Fields, contents: StreamValue | undefined, trailers: FutureValue, options: RequestOptions | undefined): [Request, FutureValue] {
    headers.immutable = true;
    if (options !== undefined) options.immutable = true;
    const r = new Request(headers, contents, options);
    r.trailers = trailers;
    return [r, sentFuture(new Promise((resolve) => { r.transmitted = resolve; }))];
  }

  getMethod(): Method { return this.method; }
  setMethod(m: Method): void {
    if (m.tag === 'other' && (m.val === '' || FORBIDDEN.test(m.val ?? ''))) throw undefined;
    // `other("GET")` is `get`: methods are case-sensitive (RFC 9110 §9.1), the standard ones upper case.
    const std = m.tag === 'other' && /^[A-Z]+$/.test(m.val ?? '') ? m.val!.toLowerCase() : undefined;
    this.method = std !== undefined && METHODS.has(std) ? { tag: std } : m;
  }
  getPathWithQuery(): string | undefined { return this.pathWithQuery; }
  setPathWithQuery(p: string | undefined): void {
    if (p !== undefined && PATH.test(p)) throw undefined;
    // The empty path is the root (RFC 9112 §3.2.1); others are kept as given.
    this.pathWithQuery = p === '' ? '/' : p;
  }
  getScheme(): Scheme | undefined { return this.scheme; }
  setScheme(s: Scheme | undefined): void {
    // `other("https")` is HTTPS (schemes compare case-insensitively, RFC 3986 §3.1).
    const o = s?.tag === 'other' ? s.val.toLowerCase() : undefined;
    if (o !== undefined && !/^[a-z][a-z0-9+.-]*$/.test(o)) throw undefined;
    this.scheme = o === 'http' ? { tag: 'HTTP' } : o === 'https' ? { tag: 'HTTPS' } : s;
  }
  getAuthority(): string | undefined { return this.authority; }
  setAuthority(a: string | undefined): void { if (a !== undefined && !validAuthority(a)) throw undefined; this.authority = a; }
  getOptions(): RequestOptions | undefined { return this.options; }
  getHeaders(): Fields { return this.headers; }

  static consumeBody(self: Request, res: FutureValue): [StreamValue, FutureValue] {
    return consume(self, res);
  }

  /** Dropped by the guest: a body and trailers nobody consumed are let go (their writers see the end dropped). */
  [DISPOSE](): void { release(this); }
}

/** The host will not read a guest's future: its end is dropped, so the guest's writer completes (dropped). */
export function dropFuture(f: FutureValue | undefined): void {
  f?.shared.drop();
}

/** consume-body: the body and trailers go to the guest once (a second call gets an empty body and none). */
function consume(self: Request | Response, res: FutureValue): [StreamValue, FutureValue] {
  dropFuture(res);
  const body = self.contents ?? byteStream([]);
  const trailers = self.trailers ?? trailersFuture(Promise.resolve(undefined));
  self.contents = undefined;
  self.trailers = undefined;
  return [body, trailers];
}

/** Lets go of what consume-body never handed out. */
function release(self: Request | Response): void {
  self.contents?.shared.drop();
  self.trailers?.shared.drop();
  self.contents = undefined;
  self.trailers = undefined;
}

/** wasi:http/types#response. */
export class Response {
  status = 200;
  /** @internal The trailers future: the guest's (its `new`), or the host's (a received response). */
  trailers: FutureValue | undefined;
  /** @internal serve reports how sending ended (the future `new` returned resolves with it). */
  transmitted: ((error?: ErrorCode) => void) | undefined;
  /** @internal */
  constructor(readonly headers: Fields, public contents: StreamValue | undefined) {}

  static new(headers: Fields, contents: StreamValue | undefined, trailers: FutureValue): [Response, FutureValue] {
    headers.immutable = true;
    const r = new Response(headers, contents);
    r.trailers = trailers;
    return [r, sentFuture(new Promise((resolve) => { r.transmitted = resolve; }))];
  }

  getStatusCode(): number { return this.status; }
  setStatusCode(s: number): void { if (s < 100 || s > 599) throw undefined; this.status = s; }
  getHeaders(): Fields { return this.headers; }

  static consumeBody(self: Response, res: FutureValue): [StreamValue, FutureValue] {
    return consume(self, res);
  }

  /** Dropped by the guest: a body and trailers nobody consumed are let go (a received body's connection closes). */
  [DISPOSE](): void { release(this); }
}
