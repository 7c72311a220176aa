// Dependency order for types and for interfaces/worlds of a package: ready items leave in declaration order.
import type { Id } from './ast.js';
import { WitSyntaxError } from './lexer.js';

/** Sorts `deps` (name → names it uses); unknown names and cycles are errors naming `kind`. */
export function toposort(kind: string, deps: Map<string, Id[]>): string[] {
  let anyEdges = false;
  for (const edges of deps.values()) if (edges.length) { anyEdges = true; break; }
  if (!anyEdges) return [...deps.keys()]; // nothing depends on anything: declaration order
  const names = [...deps.keys()];
  const index = new Map(names.map((n, i) => [n, i]));
  const remaining = new Int32Array(names.length);
  const reverse: number[][] = names.map(() => []);
  names.forEach((n, i) => {
    const edges = deps.get(n)!;
    remaining[i] = edges.length;
    for (const e of edges) {
      const j = index.get(e.name);
      if (j === undefined) throw new WitSyntaxError(`${kind} \`${e.name}\` does not exist`, e.span);
      reverse[j]!.push(i);
    }
  });
  // A min-heap on declaration index: among ready items the earliest declared goes first.
  const heap: number[] = [];
  const push = (x: number): void => {
    heap.push(x);
    let i = heap.length - 1;
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
    const last = heap.pop()!;
    if (heap.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const c = l + 1 < heap.length && heap[l + 1]! < heap[l]! ? l + 1 : l;
        if (heap[c]! >= last) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let i = 0; i < names.length; i++) if (remaining[i] === 0) push(i);
  const order: string[] = [];
  while (heap.length) {
    const i = pop();
    order.push(names[i]!);
    for (const r of reverse[i]!) if (--remaining[r]! === 0) push(r);
  }
  if (order.length === names.length) return order;
  for (let i = 0; i < names.length; i++) {
    if (remaining[i] === 0) continue;
    for (const e of deps.get(names[i]!)!) {
      if (remaining[index.get(e.name)!] === 0) continue;
      throw new WitSyntaxError(`${kind} \`${e.name}\` depends on itself`, e.span);
    }
  }
  throw new WitSyntaxError(`${kind} cycle`, undefined);
}
