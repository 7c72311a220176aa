// Node-only: reads a `.wit` file or a WIT folder (with `deps/`) from disk and parses it. Not reachable from index.ts.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UnsupportedError } from '../errors.js';
import { parseWit, type ParseWitOptions, type ParsedWit, type WitFiles } from './parse.js';

/** WIT packages encoded as components (`.wasm`, or component text `.wat`) need a decoder this front end lacks. */
function rejectEncoded(path: string): void {
  if (/\.(wasm|wat)$/.test(path)) throw new UnsupportedError(`${path}: WIT packages encoded as components (.wasm/.wat) are not supported; use .wit text`);
}

/** Reads the files `parseWit` needs for `path`: the file itself, or a folder's `*.wit` plus `deps/`. */
export function readWitPath(path: string): string | WitFiles {
  if (!statSync(path).isDirectory()) {
    rejectEncoded(path);
    return readFileSync(path, 'utf8');
  }
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
      else rejectEncoded(p);
    }
  }
  return files;
}

/** Parses and resolves a `.wit` file or folder on disk; messages name files by `path`. */
export function loadWit(path: string, options: Omit<ParseWitOptions, 'path'> = {}): ParsedWit {
  return parseWit(readWitPath(path), { ...options, path });
}
