// Walks the imports (declarations and `import()`) of compiled ES modules from an entry file: the runtime entry must
// reach only relative `.js` files inside dist/src (no `node:` builtins, no bare package names), or it will not load
// in a browser from a plain static server.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { importSpecifiers } from './js-tokens.js';

export interface ImportEdge {
  readonly from: string;
  readonly specifier: string;
  /** The resolved file for relative specifiers. */
  readonly file?: string;
}

/** Every import edge reachable from `entry`, breadth-first. */
export function importGraph(entry: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('./') && !specifier.startsWith('../')) {
        edges.push({ from: file, specifier });
        continue;
      }
      const target = resolve(dirname(file), specifier);
      edges.push({ from: file, specifier, file: target });
      if (!seen.has(target) && existsSync(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return edges;
}
