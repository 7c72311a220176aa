// wasi:cli commands in the page: kumiki/wasi (WASI 0.2 over @bytecodealliance/preview2-shim's browser build, loaded
// on demand in their own chunks), with stdout/stderr captured for the terminal pane, stdin from the lines the user
// typed, and an in-memory file system (a tree of `{ dir }` / `{ source }` entries) the user edits and the guest may
// change.

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

/** Runs the `wasi:cli/run` export of a component with `args`, `stdin` and `files`: WASI 0.2 from kumiki/wasi (over
 *  preview2-shim's browser build), with the one thing it does not grant in a browser, a preopened directory, served
 *  from memory by the shim's in-memory file system. */
export async function runCommand(
  instantiate: (imports: Record<string, unknown>) => Record<string, unknown>,
  args: readonly string[], stdin: string, files: Files,
): Promise<CommandRun> {
  const [{ wasi, exitCodeOf }, fs] = await Promise.all([import('../src/wasi/index.js'), import('@bytecodealliance/preview2-shim/filesystem')]);
  const dec = new TextDecoder();
  const outDec = new TextDecoder(), errDec = new TextDecoder();
  let stdout = '', stderr = '';
  const imports = await wasi({
    args, env: { PLAYGROUND: 'kumiki' }, stdin, cwd: '/',
    stdout: (b) => { stdout += outDec.decode(b, { stream: true }); },
    stderr: (b) => { stderr += errDec.decode(b, { stream: true }); },
    // The bundler cannot hand kumiki/wasi's own `import()` of the peer to the page: its modules are passed in.
    shim: { instantiation: await import('@bytecodealliance/preview2-shim/instantiation') },
  });
  const enc = new TextEncoder();
  const tree: Entry = { dir: Object.fromEntries([...files].map(([n, t]) => [n, { source: enc.encode(t) }])) };
  const F = fs as unknown as { InMemoryFilesystemAdapter: new () => unknown; createFilesystem(o: unknown): { preopens: unknown; dispose(): void } };
  const filesystem = F.createFilesystem({ adapter: new F.InMemoryFilesystemAdapter(), preopens: { '/': tree } });
  imports['wasi:filesystem/preopens'] = filesystem.preopens as Record<string, unknown>;
  let code: number | undefined;
  let error: unknown;
  try {
    const exports = instantiate(imports);
    const run = (exports['wasi:cli/run'] ?? exports.run) as { run(): void } | undefined;
    if (!run) throw new TypeError('this component exports no wasi:cli/run');
    run.run();
    code = 0;
  } catch (e) {
    // `exit` throws kumiki/wasi's WasiExit; kumiki reports a throw during a guest call as a Trap caused by it.
    code = exitCodeOf(e);
    if (code === undefined) error = e;
  } finally {
    filesystem.dispose();
  }
  const after: Files = new Map();
  for (const [n, e] of Object.entries(tree.dir ?? {})) {
    if (e.source !== undefined) after.set(n, typeof e.source === 'string' ? e.source : dec.decode(e.source));
  }
  return { stdout: stdout + outDec.decode(), stderr: stderr + errDec.decode(), code, ...(error !== undefined ? { error } : {}), files: after };
}
