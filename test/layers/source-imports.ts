// The import graph of the TypeScript sources under src/, type imports included (`import type`, `export type … from`,
// `import('…')` in a type): what the compiled JavaScript no longer shows. Relative specifiers only; `.js` resolves
// to the `.ts` file beside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { tokenize } from '../browser/js-tokens.js';

/** One import of `from` (a path relative to the scanned root), as written and as resolved. */
export interface SourceEdge {
  readonly from: string;
  readonly specifier: string;
  /** The imported file relative to the root; undefined for bare and `node:` specifiers. */
  readonly to: string | undefined;
  readonly typeOnly: boolean;
}

/** The specifiers a TypeScript module imports or re-exports, each with whether only types come through it. */
export function sourceSpecifiers(src: string): { specifier: string; typeOnly: boolean }[] {
  const t = tokenize(src);
  const out: { specifier: string; typeOnly: boolean }[] = [];
  const isPunct = (k: number, text: string): boolean => t[k]?.kind === 'punct' && t[k]!.text === text;
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (tok.kind !== 'name' || (tok.text !== 'import' && tok.text !== 'export') || isPunct(k - 1, '.')) continue;
    if (tok.text === 'import' && isPunct(k + 1, '.')) continue; // import.meta
    if (tok.text === 'import' && isPunct(k + 1, '(')) {
      // `import('x')`: a dynamic import, or a type (`import('x').T`) when it follows a type position.
      const arg = t[k + 2];
      if (arg?.kind === 'string' && isPunct(k + 3, ')')) out.push({ specifier: arg.text, typeOnly: false });
      continue;
    }
    if (tok.text === 'import' && t[k + 1]?.kind === 'string') { out.push({ specifier: t[k + 1]!.text, typeOnly: false }); continue; }
    let j = k + 1;
    const typeOnly = t[j]?.kind === 'name' && t[j]!.text === 'type' && !(t[j + 1]?.kind === 'name' && t[j + 1]!.text === 'from');
    if (typeOnly) j++;
    // `export const/function/class/type X =`: not a re-export.
    if (tok.text === 'export' && !(isPunct(j, '{') || isPunct(j, '*'))) continue;
    for (; j < t.length; j++) {
      const u = t[j]!;
      if (u.kind === 'punct' && u.text === ';') break;
      if (u.kind === 'name' && u.text === 'from' && t[j + 1]?.kind === 'string') { out.push({ specifier: t[j + 1]!.text, typeOnly }); break; }
      if (tok.text === 'export' && u.kind === 'punct' && u.text === '}' && !(t[j + 1]?.kind === 'name' && t[j + 1]!.text === 'from')) break;
    }
  }
  return out;
}

/** Every `.ts` file under `root` (not `.d.ts`), relative to it. */
export function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(relative(root, p));
    }
  };
  walk(root);
  return out;
}

/** The import edges of every source file under `root`. */
export function sourceGraph(root: string): SourceEdge[] {
  return sourceFiles(root).flatMap((from) => sourceSpecifiers(readFileSync(join(root, from), 'utf8')).map(({ specifier, typeOnly }) => {
    if (!specifier.startsWith('./') && !specifier.startsWith('../')) return { from, specifier, to: undefined, typeOnly };
    const to = relative(root, resolve(root, dirname(from), specifier)).replace(/\.js$/, '.ts');
    return { from, specifier, to, typeOnly };
  }));
}

/** The layer a file belongs to: its top folder under src/ (`runtime`), or the file itself at the top (`index.ts`). */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash);
}

/** The strongly connected components with more than one node (cycles) of a directed graph, each sorted. */
export function cycles(edges: readonly (readonly [string, string])[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const [a, b] of edges) {
    if (!adj.has(a)) adj.set(a, []);
    if (!adj.has(b)) adj.set(b, []);
    adj.get(a)!.push(b);
  }
  // Tarjan's algorithm, iterative so that a long chain of files cannot overflow the stack.
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  for (const start of adj.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    index.set(start, next); low.set(start, next++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const succ = adj.get(v)!;
      if (i < succ.length) {
        frame[1]++;
        const w = succ[i]!;
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next++); stack.push(w); onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) { const u = work[work.length - 1]![0]; low.set(u, Math.min(low.get(u)!, low.get(v)!)); }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do { w = stack.pop()!; onStack.delete(w); scc.push(w); } while (w !== v);
        if (scc.length > 1 || adj.get(v)!.includes(v)) out.push(scc.sort());
      }
    }
  }
  return out;
}
