// wasi:cli commands in the page: WASI 0.2 from @bytecodealliance/preview2-shim's browser build (loaded on demand,
// its own chunk), with stdout/stderr captured for the terminal pane, stdin from the lines the user typed, and an
// in-memory file system (a tree of `{ dir }` / `{ source }` entries) the user edits and the guest may change.
// TODO(lead): switch to kumiki/wasi (branch `wasi`) once it is on main.

/** The in-memory file system: file name → text (one flat directory, preopened as `/`). */
export type Files = Map<string, string>;

export interface CommandRun {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code (0 when `run` returned ok), or undefined when the run failed with `error`. */
  readonly code: number | undefined;
  readonly error?: unknown;
  /** The files after the run (the guest may have written some). */
  readonly files: Files;
}

interface Entry { source?: Uint8Array | string; dir?: Record<string, Entry> }

/** Whether a component type's exports make it a wasi:cli command. */
export function isCommand(exportNames: Iterable<string>): boolean {
  for (const n of exportNames) if (/^wasi:cli\/run(@|$)/.test(n)) return true;
  return false;
}

/** Runs the `wasi:cli/run` export of `component` (a kumiki Component) with `args`, `stdin` and `files`. */
export async function runCommand(
  instantiate: (imports: Record<string, unknown>) => Record<string, unknown>,
  args: readonly string[], stdin: string, files: Files,
): Promise<CommandRun> {
  const [cli, io, clocks, random, fs] = await Promise.all([
    import('@bytecodealliance/preview2-shim/cli'), import('@bytecodealliance/preview2-shim/io'),
    import('@bytecodealliance/preview2-shim/clocks'), import('@bytecodealliance/preview2-shim/random'),
    import('@bytecodealliance/preview2-shim/filesystem'),
  ]);
  const dec = new TextDecoder();
  let stdout = '', stderr = '';
  const sink = (put: (s: string) => void) => ({
    write: (b: Uint8Array) => { put(dec.decode(b, { stream: true })); },
    blockingFlush: () => undefined, flush: () => undefined,
  });
  let input = new TextEncoder().encode(stdin);
  const c = (cli as unknown as { createCli(o: unknown): Record<string, unknown> }).createCli({
    arguments: args,
    environment: { PLAYGROUND: 'kumiki' },
    stdout: sink((s) => { stdout += s; }),
    stderr: sink((s) => { stderr += s; }),
    stdin: {
      blockingRead(len: bigint) {
        // End of input: the stream-error `closed`, thrown as an error carrying it as its payload (DESIGN.md §4).
        if (input.length === 0) throw Object.assign(new Error('end of stdin'), { payload: { tag: 'closed' } });
        const n = Math.min(Number(len), input.length);
        const chunk = input.slice(0, n);
        input = input.subarray(n);
        return chunk;
      },
      subscribe: () => (io as unknown as { pollableCreate(): unknown }).pollableCreate(),
    },
  });
  const enc = new TextEncoder();
  const tree: Entry = { dir: Object.fromEntries([...files].map(([n, t]) => [n, { source: enc.encode(t) }])) };
  const F = fs as unknown as { InMemoryFilesystemAdapter: new () => unknown; createFilesystem(o: unknown): { types: unknown; preopens: unknown; dispose(): void } };
  const filesystem = F.createFilesystem({ adapter: new F.InMemoryFilesystemAdapter(), preopens: { '/': tree } });
  const streams = (io as unknown as { streams: Record<string, unknown> }).streams;
  rawThrowsAsPayloads([streams.InputStream, streams.OutputStream, ...Object.values(filesystem.types as Record<string, unknown>)]);
  const imports: Record<string, unknown> = {};
  const add = (pkg: string, ifaces: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(ifaces)) if (v && typeof v === 'object') imports[`wasi:${pkg}/${k.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`)}`] = v;
  };
  add('cli', c);
  add('io', { error: (io as Record<string, unknown>).error, streams: (io as Record<string, unknown>).streams, poll: (io as Record<string, unknown>).poll });
  add('clocks', { monotonicClock: (clocks as Record<string, unknown>).monotonicClock, wallClock: (clocks as Record<string, unknown>).wallClock });
  add('random', { random: (random as Record<string, unknown>).random, insecure: (random as Record<string, unknown>).insecure, insecureSeed: (random as Record<string, unknown>).insecureSeed });
  add('filesystem', { types: filesystem.types, preopens: filesystem.preopens });
  let code: number | undefined;
  let error: unknown;
  try {
    const exports = instantiate(imports);
    const run = (exports['wasi:cli/run'] ?? exports.run) as { run(): void } | undefined;
    if (!run) throw new TypeError('this component exports no wasi:cli/run');
    run.run();
    code = 0;
  } catch (e) {
    // preview2-shim's exit throws an error carrying the exit code (`exit(err)` is 1); kumiki reports a host throw
    // during a guest call as a Trap whose `cause` is that error.
    const t = e as { cause?: unknown };
    const x = ((t?.cause as { exitError?: boolean } | undefined)?.exitError ? t.cause : e) as { exitError?: boolean; code?: number };
    if (x && x.exitError === true && typeof x.code === 'number') code = x.code;
    else error = e;
  } finally {
    filesystem.dispose();
  }
  const after: Files = new Map();
  for (const [n, e] of Object.entries(tree.dir ?? {})) {
    if (e.source !== undefined) after.set(n, typeof e.source === 'string' ? e.source : dec.decode(e.source));
  }
  return { stdout: stdout + dec.decode(), stderr, code, ...(error !== undefined ? { error } : {}), files: after };
}

const patched = new WeakSet<object>();

/**
 * preview2-shim throws WASI error values raw (`{ tag: 'closed' }` at a file's end, `'no-entry'`): wraps each method of
 * its resource classes once so that such a throw becomes an Error carrying the value as its `.payload`, the form
 * kumiki lowers as the `err` of a `result` (DESIGN.md §4).
 */
function rawThrowsAsPayloads(classes: readonly unknown[]): void {
  for (const C of classes) {
    if (typeof C !== 'function' || patched.has(C)) continue;
    patched.add(C);
    const proto = (C as { prototype?: Record<string, unknown> }).prototype;
    if (proto === undefined) continue;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const f = proto[name];
      if (name === 'constructor' || typeof f !== 'function') continue;
      proto[name] = function (this: unknown, ...a: unknown[]): unknown {
        try {
          return (f as (...x: unknown[]) => unknown).apply(this, a);
        } catch (e) {
          if (e instanceof Error || e === null || (typeof e !== 'object' && typeof e !== 'string')) throw e;
          throw Object.assign(new Error(`WASI error ${JSON.stringify(e)}`), { payload: e });
        }
      };
    }
  }
}
