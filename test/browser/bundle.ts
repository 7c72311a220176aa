// Bundles kumiki's main entry for browsers with rolldown (installed as a jco dependency, not one of ours: loaded
// by name at run time so a missing rolldown fails this test with a clear message instead of breaking the build).
import { join } from 'node:path';

interface RolldownLog { readonly code?: string; readonly message: string }
interface RolldownChunk { readonly type: 'chunk'; readonly fileName: string; readonly isEntry: boolean; readonly code: string; readonly imports: readonly string[]; readonly dynamicImports: readonly string[] }
interface RolldownApi {
  rolldown(opts: {
    input: string;
    platform: 'browser';
    onLog(level: string, log: RolldownLog): void;
  }): Promise<{ generate(o: { format: 'esm'; entryFileNames: string; chunkFileNames: string }): Promise<{ output: readonly (RolldownChunk | { type: 'asset' })[] }>; close(): Promise<void> }>;
}

export interface Bundle {
  /** The entry chunk (`bundle.js`). */
  readonly code: string;
  /** Chunks loaded on demand (file name, beside the entry → code): the adapter interpreter is one. */
  readonly lazy: ReadonlyMap<string, string>;
  /** Warnings and errors rolldown logged (unresolved or Node-only imports show up here). */
  readonly logs: readonly string[];
  /** Imports left in the output that are not its own chunks (a self-contained bundle has none). */
  readonly leftImports: readonly string[];
}

/** Bundles `input` (a file under `root`; default kumiki's main entry). */
export async function bundleEntry(root: string, input = 'dist/src/index.js'): Promise<Bundle> {
  let api: RolldownApi;
  const name = 'rolldown';
  try {
    api = (await import(name)) as RolldownApi;
  } catch (e) {
    throw new Error(`cannot load rolldown (a dependency of @bytecodealliance/jco): ${(e as Error).message}`);
  }
  const logs: string[] = [];
  const build = await api.rolldown({
    input: join(root, input),
    platform: 'browser',
    onLog: (level, log) => { if (level === 'warn' || level === 'error') logs.push(`${log.code ?? level}: ${log.message}`); },
  });
  try {
    const { output } = await build.generate({ format: 'esm', entryFileNames: 'bundle.js', chunkFileNames: 'bundle-[name].js' });
    const chunks = output.filter((o): o is RolldownChunk => o.type === 'chunk');
    const own = new Set(chunks.map((c) => c.fileName));
    const leftImports = chunks.flatMap((c) => [...c.imports, ...c.dynamicImports]).filter((i) => !own.has(i));
    const entry = chunks.find((c) => c.isEntry);
    if (entry === undefined) logs.push('no entry chunk');
    const lazy = new Map(chunks.filter((c) => c !== entry).map((c) => [c.fileName, c.code]));
    return { code: entry?.code ?? '', lazy, logs, leftImports };
  } finally {
    await build.close();
  }
}
