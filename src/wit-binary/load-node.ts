// Node-only: reads a `.wit` file, a WIT folder (with `deps/`) or a WIT package encoded as a component from disk,
// and resolves it. Here, not in wit/, because encoded packages are decoded by wit-binary/ (which builds on wit/);
// the text part is wit/read-node.ts. Not reachable from index.ts.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UnsupportedError } from '../errors.js';
import { decodeWitFromBinary } from './decode.js';
import { parseWit, type ParseWitOptions, type ParsedWit } from '../wit/parse.js';
import { readWitPath } from '../wit/read-node.js';
import { SourceMap } from '../wit/source-map.js';
import type { Resolve } from '../wit/model.js';

export interface LoadWitOptions extends Omit<ParseWitOptions, 'path' | 'dependencies'> {
  /** Assembles component text (`.wat`) to binary; kumiki has no WAT parser, so `.wat` inputs need this hook. */
  assembleWat?: (path: string, text: string) => Uint8Array;
}

const isBinary = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0 && b[1] === 0x61 && b[2] === 0x73 && b[3] === 0x6d;

/** The bytes of an encoded package file (`.wasm`, or `.wat` through the hook). */
function encodedBytes(path: string, opts: LoadWitOptions): Uint8Array {
  const raw = readFileSync(path);
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (isBinary(bytes)) return bytes;
  if (!opts.assembleWat) throw new UnsupportedError(`${path}: component text (.wat) needs a WAT assembler; pass a binary (.wasm) or .wit text`);
  return opts.assembleWat(path, raw.toString('utf8'));
}

/** `deps/*.wasm` and `deps/*.wat` of a folder, in name order (the order wit-parser merges them in). */
function encodedDeps(dir: string): string[] {
  const deps = join(dir, 'deps');
  if (!existsSync(deps)) return [];
  return readdirSync(deps).filter((n) => /\.(wasm|wat)$/.test(n) && !statSync(join(deps, n)).isDirectory()).sort().map((n) => join(deps, n));
}

/** Resolves a `.wit` file, a folder, or an encoded package; messages name files by `path`. */
export function loadWit(path: string, options: LoadWitOptions = {}): ParsedWit {
  const { assembleWat, ...parseOptions } = options;
  if (!statSync(path).isDirectory()) {
    const head = readFileSync(path);
    if (/\.(wasm|wat)$/.test(path) || isBinary(new Uint8Array(head.buffer, head.byteOffset, Math.min(4, head.byteLength)))) {
      const decoded = decodeWitFromBinary(encodedBytes(path, options));
      return { resolve: decoded.resolve, main: decoded.package, sourceMap: new SourceMap() };
    }
  }
  const dependencies: Resolve[] = statSync(path).isDirectory()
    ? encodedDeps(path).map((p) => decodeWitFromBinary(encodedBytes(p, { assembleWat })).resolve)
    : [];
  return parseWit(readWitPath(path), { ...parseOptions, path, dependencies });
}
