// The `aot` mode of the `.wast` runner (wast-run.ts): a component is transpiled ahead of time (tools/transpile.ts)
// into `.cache/aot/wast/<hash>/`, the generated module is imported and instantiated synchronously with its core
// modules, as an app would. It imports the runtime from dist/src (SRC_RUNTIME), the modules the tests themselves
// import, so that errors it throws are the tests' `Trap`/`ComponentError` classes (`kumiki/runtime`, the bundle,
// has its own copies, shared with the `kumiki` bundle: test/aot/cli.test.ts and the Chromium suite run that one).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '../../src/tools/transpile.js';
import type { Exports, Imports } from '../../src/entries/component.js';
import { repoRoot } from './build.js';

/** The runtime entry of dist/src as a module URL (for `transpile`'s `runtime` option). */
export const SRC_RUNTIME = pathToFileURL(join(repoRoot, 'dist/src/entries/transpiled.js')).href;

/** What the runner needs of a compiled component. */
export interface Instantiable { instantiate(imports: Imports): { readonly exports: Exports } }

/** The generated module's surface. */
export interface TranspiledModule {
  instantiate(imports?: Imports, options?: { getCoreModule?(file: string): WebAssembly.Module | Promise<WebAssembly.Module> }): Promise<Exports>;
  instantiateSync(imports: Imports | undefined, modules: readonly WebAssembly.Module[]): Exports;
  readonly coreModules: readonly string[];
}

/** Writes the transpiled files under `.cache/aot/<folder>/<hash of the files>/` and imports the module. */
export async function transpileAndImport(bytes: Uint8Array, folder: string, options: { name?: string; features?: readonly string[] } = {}): Promise<{ module: TranspiledModule; dir: string; files: ReadonlyMap<string, string | Uint8Array> }> {
  const name = options.name ?? 'component';
  const { files } = transpile(bytes, { name, features: options.features ?? [], runtime: SRC_RUNTIME });
  const h = createHash('sha256');
  for (const [f, data] of files) h.update(f).update('\0').update(data).update('\0');
  const dir = join(repoRoot, '.cache', 'aot', folder, h.digest('hex').slice(0, 20));
  if (!existsSync(join(dir, `${name}.js`))) {
    mkdirSync(dir, { recursive: true });
    // The module last: its presence means the folder is complete.
    for (const [f, data] of files) if (f !== `${name}.js`) writeFileSync(join(dir, f), data);
    writeFileSync(join(dir, `${name}.js`), files.get(`${name}.js`)!);
  }
  const module = (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as TranspiledModule;
  return { module, dir, files };
}

/** Compiles like `new Component(bytes)` but ahead of time: throws what transpiling throws. */
export async function compileAot(bytes: Uint8Array, features: readonly string[]): Promise<Instantiable> {
  const { module, files } = await transpileAndImport(bytes, 'wast', { features });
  const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
  return { instantiate: (imports) => ({ exports: module.instantiateSync(imports, modules) }) };
}
