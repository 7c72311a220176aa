// WASI 0.3 imports, kumiki's own (no preview2-shim): wasi:cli, wasi:clocks, wasi:random, wasi:filesystem. Deny by
// default: no arguments, environment, directories, network or time zone unless the options grant them. One object
// per call: two instances share state only when given the same objects (preopens, sinks).
import { cli, type InputSource, type OutputSink } from './cli.js';
import { clocks } from './clocks.js';
import { random } from './random.js';
import { filesystem, type Preopen } from './filesystem.js';
import { sockets } from './sockets.js';
import { http } from './http.js';
import type { FetchLike } from './http-client.js';

export type { InputSource, OutputSink } from './cli.js';
export { commandSettled } from './cli.js';
export type { Preopen } from './filesystem.js';

export interface Wasi03Options {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Guest path → a host directory path (Node, Bun, Deno: node:fs) or an in-memory file system (`MemoryFs`). */
  readonly preopens?: Readonly<Record<string, Preopen>>;
  /** `'inherit'` (the host process's), text or bytes then end of file, or chunks as they come. Default: empty. */
  readonly stdin?: 'inherit' | string | Uint8Array | InputSource;
  /** `'inherit'` (default), `'ignore'`, or a function (it may return a Promise: the guest then waits for it). */
  readonly stdout?: 'inherit' | 'ignore' | OutputSink;
  readonly stderr?: 'inherit' | 'ignore' | OutputSink;
  /** TCP, UDP and name lookup, and outgoing HTTP: `true`, or `{ allow }` host patterns. Default: denied. */
  readonly network?: boolean | { readonly allow: readonly string[] };
  /** Outgoing HTTP through this `fetch` (default: node:http(s) on Node, Bun and Deno, the global fetch elsewhere). */
  readonly fetch?: FetchLike;
}

interface NodeProcess {
  readonly stdout: { write(b: Uint8Array): boolean; once(e: 'drain', f: () => void): void };
  readonly stderr: { write(b: Uint8Array): boolean; once(e: 'drain', f: () => void): void };
  readonly stdin: AsyncIterable<Uint8Array>;
}

function hostProcess(): NodeProcess | undefined {
  const p = (globalThis as { process?: NodeProcess }).process;
  return p !== undefined && typeof p.stdout?.write === 'function' ? p : undefined;
}

function sinkOf(o: 'inherit' | 'ignore' | OutputSink | undefined, which: 'stdout' | 'stderr'): OutputSink {
  if (typeof o === 'function') return o;
  if (o === 'ignore') return () => {};
  const p = hostProcess();
  if (p === undefined) {
    // A browser or Worker: lines to the console.
    const dec = new TextDecoder();
    return (b) => { (which === 'stdout' ? console.log : console.error)(dec.decode(b).replace(/\n$/, '')); };
  }
  const s = p[which];
  return (b) => (s.write(b) ? undefined : new Promise<void>((resolve) => s.once('drain', resolve)));
}

function sourceOf(i: Wasi03Options['stdin']): InputSource {
  if (i === undefined) return [];
  // The host's stdin is touched only when the guest reads it (opening it may keep a process alive).
  if (i === 'inherit') return { async *[Symbol.asyncIterator]() { const s = hostProcess()?.stdin; if (s !== undefined) yield* s; } };
  if (typeof i === 'string') return [new TextEncoder().encode(i)];
  if (i instanceof Uint8Array) return [i];
  return i;
}

/** The WASI 0.3 interfaces, by unversioned name (`wasi:cli/stdout`…). */
export function wasi03Interfaces(options: Wasi03Options = {}): Record<string, Record<string, unknown>> {
  return {
    ...cli({
      args: options.args ?? [], env: options.env ?? {}, cwd: options.cwd,
      stdin: sourceOf(options.stdin), stdout: sinkOf(options.stdout, 'stdout'), stderr: sinkOf(options.stderr, 'stderr'),
    }),
    ...clocks(),
    ...random(),
    ...filesystem(options.preopens ?? {}),
    ...sockets(options.network ?? false),
    ...http(options.network ?? false, options.fetch),
  };
}

/** The interface names WASI 0.3 imports of kumiki/wasi answer (any 0.3.x version). */
export const WASI03_INTERFACES: readonly string[] = Object.keys(wasi03Interfaces({ stdout: 'ignore', stderr: 'ignore' }));
