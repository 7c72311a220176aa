// Node-only: the WIT text of a `.wit` file or of a folder (its `*.wit` files and `deps/` text packages), as
// `parseWit` takes it. Encoded packages (`.wasm`) are wit-binary/load-node.ts's. Not reachable from index.ts.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WitFiles } from './parse.js';

/** Reads the WIT text `parseWit` needs for `path`: the file itself, or a folder's `*.wit` plus `deps/` text packages. */
export function readWitPath(path: string): string | WitFiles {
  if (!statSync(path).isDirectory()) return readFileSync(path, 'utf8');
  const files: Record<string, string> = {};
  const addDir = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name.endsWith('.wit') && !statSync(p).isDirectory()) files[rel + name] = readFileSync(p, 'utf8');
    }
  };
  addDir(path, '');
  const deps = join(path, 'deps');
  if (existsSync(deps)) {
    for (const name of readdirSync(deps)) {
      const p = join(deps, name);
      if (statSync(p).isDirectory()) addDir(p, `deps/${name}/`);
      else if (name.endsWith('.wit')) files[`deps/${name}`] = readFileSync(p, 'utf8');
    }
  }
  return files;
}
