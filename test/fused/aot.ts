// Transpiled (AOT) builds of the fused fixtures: `kumiki transpile` with or without plans as data (`fuse`), written
// under `.cache/aot/fused/<hash>/` and imported (the module imports the runtime of dist/src, as the tests do: SRC_RUNTIME).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '../../src/tools/transpile.js';
import type { Exports, Imports } from '../../src/entries/component.js';
import { repoRoot } from '../support/build.js';
import { SRC_RUNTIME } from '../support/wast-run-aot.js';

/** A transpiled component linked with its core modules: instantiate synchronously, as often as needed. */
export interface AotComponent { instantiate(imports: Imports): Exports }

interface GeneratedModule {
  instantiateSync(imports: Imports | undefined, modules: readonly WebAssembly.Module[]): Exports;
  readonly coreModules: readonly string[];
}

export async function compileAot(bytes: Uint8Array, options: { fuse: boolean; features: readonly string[] }): Promise<AotComponent> {
  const { files } = transpile(bytes, { name: 'fused', features: options.features, fuse: options.fuse, runtime: SRC_RUNTIME });
  const h = createHash('sha256');
  for (const [f, data] of files) h.update(f).update('\0').update(data).update('\0');
  const dir = join(repoRoot, '.cache', 'aot', 'fused', h.digest('hex').slice(0, 20));
  if (!existsSync(join(dir, 'fused.js'))) {
    mkdirSync(dir, { recursive: true });
    // The module last: its presence means the folder is complete.
    for (const [f, data] of files) if (f !== 'fused.js') writeFileSync(join(dir, f), data);
    writeFileSync(join(dir, 'fused.js'), files.get('fused.js')!);
  }
  const module = (await import(pathToFileURL(join(dir, 'fused.js')).href)) as GeneratedModule;
  const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
  return { instantiate: (imports) => module.instantiateSync(imports, modules) };
}
