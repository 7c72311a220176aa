// kumiki/wasi: WASI 0.2 imports for a component, from @bytecodealliance/preview2-shim (an optional peer
// dependency), deny by default. Its own entry, so `kumiki` and `kumiki/runtime` stay dependency-free.
import { LinkError } from '../errors.js';
import { exitStatus, WasiExit } from './exit.js';
import { byteSink, byteSource, type ShimStreams } from './streams.js';
import { resolveWasiName, WASI_INTERFACES } from './versions.js';
import { wasi03Interfaces, type Wasi03Options } from './p3/index.js';
import type { MemoryFs } from './p3/fs-memory.js';
import { nulSafePathMethods } from './paths.js';

export { WasiExit, exitStatus } from './exit.js';
export { WASI_INTERFACES } from './versions.js';
export { WASI03_INTERFACES, type Wasi03Options, type InputSource, type OutputSink, type Preopen } from './p3/index.js';
export { MemoryFs } from './p3/fs-memory.js';
export { ERRNO_TO_WASI } from './p3/fs-node.js';
export { serveHttp03, type Handler03, type HandlerSource, type Serving03 } from './p3/http.js';

/** Where guest output goes: the host process's stream (`'inherit'`), nowhere (`'ignore'`), or a function. */
export type WasiOutput = 'inherit' | 'ignore' | ((bytes: Uint8Array) => void);
/** What the guest reads as stdin: the host process's (`'inherit'`), or these bytes (text as UTF-8), then end of file. */
export type WasiInput = 'inherit' | string | Uint8Array;

export interface WasiOptions {
  /** `wasi:cli/environment#get-arguments` (the first is the program name by convention). Default: none. */
  readonly args?: readonly string[];
  /** `wasi:cli/environment#get-environment`. Default: none. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Directories the guest may open: guest path → host path. Default: none. An in-memory file system (`MemoryFs`)
   * serves WASI 0.3 only (the WASI 0.2 shim takes host paths).
   */
  readonly preopens?: Readonly<Record<string, string | MemoryFs>>;
  /** `wasi:cli/environment#initial-cwd`. Default: none. */
  readonly cwd?: string;
  /** Default: empty (end of file at once). */
  readonly stdin?: WasiInput;
  /** Default: `'inherit'`. */
  readonly stdout?: WasiOutput;
  /** Default: `'inherit'`. */
  readonly stderr?: WasiOutput;
  /**
   * TCP, UDP, name lookup and outgoing HTTP. Default: false (each fails with WASI's access-denied error). `{ allow }`
   * (host patterns) limits WASI 0.3's sockets to those hosts; WASI 0.2's shim has no such limit and stays denied.
   */
  readonly network?: boolean | { readonly allow: readonly string[] };
  /**
   * The shim's modules when a bundler or a browser cannot resolve `@bytecodealliance/preview2-shim` on its own:
   * `{ instantiation: await import('@bytecodealliance/preview2-shim/instantiation') }`.
   */
  readonly shim?: { readonly instantiation: unknown };
}

/** The imports object: `wasi:<pkg>/<iface>` keys (any 0.2.x version resolves), each an object of functions and classes. */
export type WasiImports = Record<string, Record<string, unknown>>;

/** The optional peer dependency is not installed (or could not be loaded on this host). */
export class WasiUnavailableError extends Error {
  override name = 'WasiUnavailableError';
}

interface ShimObject { getImportObject(): Record<string, Record<string, unknown> | undefined> }
interface ShimModule { WASIShim: new (config: unknown) => ShimObject }

const PEER = '@bytecodealliance/preview2-shim';

async function loadShim(options: WasiOptions): Promise<ShimModule> {
  if (options.shim !== undefined) return options.shim.instantiation as ShimModule;
  try {
    return (await import('@bytecodealliance/preview2-shim/instantiation')) as unknown as ShimModule;
  } catch (e) {
    throw new WasiUnavailableError(`kumiki/wasi needs the optional peer dependency ${PEER} (npm install ${PEER}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/**
 * Builds the WASI 0.2 imports object. Nothing is granted unless given: no arguments, environment, directories or
 * network. Per object: arguments, environment, cwd, preopens, network, stdio given as bytes or functions, and
 * exit (which throws `WasiExit` instead of ending the process). Shared by every object in the process (the shim's
 * module state): its I/O worker thread, and the host's own stdio when `'inherit'` is used.
 */
export async function wasi(options: WasiOptions = {}): Promise<WasiImports> {
  const mod = await loadShim(options);
  const shim = new mod.WASIShim({
    sandbox: {
      preopens: Object.fromEntries(Object.entries(options.preopens ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string')),
      env: { ...(options.env ?? {}) },
      args: [...(options.args ?? [])],
      enableNetwork: options.network === true,
    },
  });
  const base = shim.getImportObject();
  const obj: WasiImports = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) obj[k] = v;
  const streams = obj['wasi:io/streams'] as unknown as ShimStreams;
  const cwd = options.cwd;
  obj['wasi:cli/environment'] = { ...obj['wasi:cli/environment'], initialCwd: () => cwd };
  obj['wasi:cli/exit'] = {
    exit(status: { tag: string }) { throw new WasiExit(exitStatus(status)); },
    exitWithCode(code: number) { throw new WasiExit(code); },
  };
  const stdin = options.stdin ?? '';
  if (stdin !== 'inherit') {
    const s = byteSource(streams, typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin, obj);
    obj['wasi:cli/stdin'] = { getStdin: () => s };
  }
  for (const [key, getter, opt] of [['wasi:cli/stdout', 'getStdout', options.stdout], ['wasi:cli/stderr', 'getStderr', options.stderr]] as const) {
    if (opt === undefined || opt === 'inherit') continue;
    const s = byteSink(streams, opt === 'ignore' ? () => {} : opt, obj);
    obj[key] = { [getter]: () => s };
  }
  // The shim's preopen descriptors answer get-flags with `undefined`, which jco reads as no flags: so do we, here.
  obj['wasi:filesystem/types'] = {
    ...obj['wasi:filesystem/types'],
    '[method]descriptor.get-flags': (self: { getFlags(): unknown }) => self.getFlags() ?? {},
    ...nulSafePathMethods(),
  };
  if (options.network !== true) {
    // The shim denies sockets per object; outgoing HTTP gets wasi:http's own error code (a raw string would not lower).
    obj['wasi:http/outgoing-handler'] = { handle() { throw { tag: 'HTTP-request-denied' }; } };
    // The shim's denied lookup says permanent-resolver-failure; access-denied says why.
    obj['wasi:sockets/ip-name-lookup'] = { ...obj['wasi:sockets/ip-name-lookup'], resolveAddresses() { throw 'access-denied'; } };
  }
  return versioned(obj, wasi03Interfaces(p3Options(options)));
}

/** The WASI 0.2 options as WASI 0.3's (the same grants; 0.3's own code, no shim). */
function p3Options(o: WasiOptions): Wasi03Options {
  return {
    ...(o.args !== undefined ? { args: o.args } : {}), ...(o.env !== undefined ? { env: o.env } : {}), ...(o.cwd !== undefined ? { cwd: o.cwd } : {}),
    ...(o.preopens !== undefined ? { preopens: o.preopens } : {}), ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
    ...(o.stdout !== undefined ? { stdout: o.stdout } : {}), ...(o.stderr !== undefined ? { stderr: o.stderr } : {}),
    network: o.network ?? false,
  };
}

/**
 * WASI 0.3 imports only: kumiki's own host (no peer dependency), for components that import nothing of WASI 0.2.
 * Deny by default: nothing is granted unless `options` gives it.
 */
export function wasi03(options: Wasi03Options = {}): WasiImports {
  return versioned({}, wasi03Interfaces(options));
}

/**
 * The object, answering every `wasi:<pkg>/<iface>@0.2.x` name with its interface (semver: a 0.2 shim serves any
 * 0.2 import) and every `@0.3.x` name with kumiki's own WASI 0.3 one; a `wasi:` name it does not serve throws a `LinkError` naming the interface and the versions offered.
 */
function versioned(obj: WasiImports, p3: WasiImports): WasiImports {
  const lookup = (key: string | symbol): Record<string, unknown> | undefined => {
    if (typeof key !== 'string') return undefined;
    if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
    const r = resolveWasiName(key, obj, p3);
    if (r === undefined) return undefined;
    if (typeof r === 'string') throw new LinkError(r);
    return r;
  };
  return new Proxy(obj, {
    get: (t, key) => (typeof key === 'string' ? lookup(key) : Reflect.get(t, key)),
    has: (t, key) => Reflect.has(t, key) || lookup(key) !== undefined,
    getOwnPropertyDescriptor: (t, key) => {
      const own = Reflect.getOwnPropertyDescriptor(t, key);
      if (own !== undefined) return own;
      const v = lookup(key);
      return v === undefined ? undefined : { value: v, writable: true, enumerable: false, configurable: true };
    },
  });
}

/** The exit code of a finished `wasi:cli/run` call: 0, or the code of a `WasiExit` in `e`'s cause chain. */
export function exitCodeOf(e: unknown): number | undefined {
  for (let x = e, depth = 0; x !== null && x !== undefined && depth < 8; x = (x as { cause?: unknown }).cause, depth++) {
    if (x instanceof WasiExit) return x.code;
    if (typeof x !== 'object') break;
  }
  return undefined;
}
