// Dependency order for types and for interfaces/worlds of a package: ready items leave in declaration order.
import type { Id } from './ast.js';
import { WitSyntaxError } from './lexer.js';

/** Sorts `deps` (name → names it uses); unknown names and cycles are errors naming `kind`. */
export function toposort(kind: string, deps: Map<string, Id[]>): string[] {
  let anyEdges = false;
  for (const edges of deps.values()) if (edges.length) { anyEdges = true; break; }
  if (!anyEdges) return [...deps.keys()]; // nothing depends on anything: declaration order
  const names = [...deps.keys()];
  const index = new Map<string, number>();
  for (let i = 0; i < names.length; i++) index.set(names[i]!, i);
  const order = toposortIndexed(kind, names.length, [...deps.values()], index);
  return order.map((i) => names[i]!);
}

/**
 * Declaration indices in dependency order: item `i` uses the names `edges[i]`, `index` maps a name to its item.
 * Among ready items the earliest declared goes first. Allocation-light: small-int arrays and an intrusive edge list
 * (plain arrays: typed arrays need a backing store each, which costs more than these few elements).
 */
export function toposortIndexed(kind: string, n: number, edges: readonly (readonly Id[])[], index: ReadonlyMap<string, number>): number[] {
  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) total += edges[i]!.length;
  if (total === 0) { // nothing depends on anything: declaration order
    for (let i = 0; i < n; i++) order.push(i);
    return order;
  }
  const remaining: number[] = new Array<number>(n).fill(0);
  const head: number[] = new Array<number>(n).fill(-1); // first edge into each item's dependents list
  const next: number[] = new Array<number>(total).fill(0);
  const dependent: number[] = new Array<number>(total).fill(0);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const es = edges[i]!;
    remaining[i] = es.length;
    for (const e of es) {
      const j = index.get(e.name);
      if (j === undefined) throw new WitSyntaxError(`${kind} \`${e.name}\` does not exist`, e.span);
      dependent[k] = i;
      next[k] = head[j]!;
      head[j] = k++;
    }
  }
  // A min-heap on declaration index (so the order dependents are pushed in does not matter).
  const heap: number[] = new Array<number>(n).fill(0);
  let size = 0;
  const push = (x: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p]! <= x) break;
      heap[i] = heap[p]!;
      i = p;
    }
    heap[i] = x;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap[--size]!;
    if (size) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const c = l + 1 < size && heap[l + 1]! < heap[l]! ? l + 1 : l;
        if (heap[c]! >= last) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i < n; i++) if (remaining[i] === 0) push(i);
  while (size) {
    const i = pop();
    order.push(i);
    for (let e = head[i]!; e >= 0; e = next[e]!) if (--remaining[dependent[e]!]! === 0) push(dependent[e]!);
  }
  if (order.length === n) return order;
  for (let i = 0; i < n; i++) {
    if (remaining[i] === 0) continue;
    for (const e of edges[i]!) {
      if (remaining[index.get(e.name)!] === 0) continue;
      throw new WitSyntaxError(`${kind} \`${e.name}\` depends on itself`, e.span);
    }
  }
  throw new WitSyntaxError(`${kind} cycle`, undefined);
}
