// The picture: a component's imports, its instances (core and component, nested components drawn inside their
// instance) and its exports, with every link between them, as SVG. Links between two component instances are
// calls kumiki fuses (memory to memory, no JS value in between): drawn thick and labelled "fused".
import type * as ast from '../src/binary/ast.js';
import { s } from './dom.js';

/** Where a definition in an index space comes from: a graph node (import, instance) or nothing drawable. */
type Origin = { readonly node: string; readonly via: string } | undefined;

interface Node { readonly id: string; readonly label: string; readonly kind: 'import' | 'core' | 'comp' | 'export'; readonly nested?: Graph; readonly detail: string }
interface Edge { readonly from: string; readonly to: string; readonly label: string; readonly fused: boolean }
export interface Graph { readonly nodes: Node[]; readonly edges: Edge[] }

const MAX_DEPTH = 3;

/** The graph of one component (nested components as graphs of their own, inside their instances). */
export function componentGraph(c: ast.Component, depth = 0): Graph {
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  const spaces = new Map<string, Origin[]>();
  const push = (sort: string, o: Origin): void => { let a = spaces.get(sort); if (!a) spaces.set(sort, a = []); a.push(o); };
  const at = (sort: string, i: number): Origin => spaces.get(sort)?.[i];
  // Inline-exports bags: their members, by name, resolved to origins.
  const bags = new Map<string, Map<string, Origin>>();
  const components: ast.Component[] = [];
  const coreModules: number[] = [];
  const edge = (o: Origin, to: string, label: string, fused = false): void => {
    if (o === undefined || o.node === to) return;
    const dup = edges.find((e) => e.from === o.node && e.to === to);
    if (dup) return;
    edges.push({ from: o.node, to, label: label || o.via, fused });
  };
  for (const sec of c.sections) {
    switch (sec.kind) {
      case 'core-module': coreModules.push(sec.module.bytes.length); push('core-module', undefined); break;
      case 'component': components.push(sec.component); push('component', undefined); break;
      case 'import':
        for (const im of sec.items) {
          const id = `imp:${nodes.length}`;
          nodes.push({ id, label: im.name.name, kind: 'import', detail: im.desc.kind });
          push(im.desc.kind === 'core-module' ? 'core-module' : im.desc.kind === 'type' ? 'type' : im.desc.kind, { node: id, via: 'import' });
        }
        break;
      case 'core-instance':
        for (const ci of sec.items) {
          const idx = spaces.get('core-instance')?.length ?? 0;
          if (ci.kind === 'instantiate') {
            const id = `core:${idx}`;
            const size = coreModules[ci.module];
            nodes.push({ id, label: `core instance ${idx}`, kind: 'core', detail: `module ${ci.module}${size !== undefined ? ` · ${size} B` : ''}` });
            for (const a of ci.args) {
              const bag = bags.get(`core:${a.instance}`);
              if (bag) for (const o of bag.values()) edge(o, id, '');
              else edge(at('core-instance', a.instance), id, a.name);
            }
            push('core-instance', { node: id, via: 'core' });
          } else {
            const bag = new Map<string, Origin>();
            for (const e of ci.exports) bag.set(e.name, at(`core-${e.sort}`, e.index));
            bags.set(`core:${idx}`, bag);
            push('core-instance', undefined);
          }
        }
        break;
      case 'instance':
        for (const inst of sec.items) {
          const idx = spaces.get('instance')?.length ?? 0;
          if (inst.kind === 'instantiate') {
            const id = `comp:${idx}`;
            const nested = components[inst.component];
            nodes.push({
              id, label: `instance ${idx}`, kind: 'comp', detail: `of component ${inst.component}`,
              ...(nested && depth < MAX_DEPTH ? { nested: componentGraph(nested, depth + 1) } : {}),
            });
            for (const a of inst.args) {
              const o = a.sort === 'instance' && bags.has(`comp:${a.index}`) ? undefined : at(a.sort, a.index);
              const bag = bags.get(`comp:${a.index}`);
              if (bag) for (const b of bag.values()) edge(b, id, a.name, b?.node.startsWith('comp:') === true);
              else edge(o, id, a.name, o?.node.startsWith('comp:') === true && (a.sort === 'instance' || a.sort === 'func'));
            }
            push('instance', { node: id, via: 'instance' });
          } else {
            const bag = new Map<string, Origin>();
            for (const e of inst.exports) bag.set(e.name.name, at(e.sort, e.index));
            bags.set(`comp:${idx}`, bag);
            push('instance', undefined);
          }
        }
        break;
      case 'alias':
        for (const al of sec.items) {
          if (al.kind === 'instance-export') {
            const bag = bags.get(`comp:${al.instance}`);
            push(al.sort, bag ? bag.get(al.name) : at('instance', al.instance));
          } else if (al.kind === 'core-instance-export') {
            const bag = bags.get(`core:${al.instance}`);
            push(`core-${al.sort}`, bag ? bag.get(al.name) : at('core-instance', al.instance));
          } else push(al.sort, undefined);
        }
        break;
      case 'canon':
        for (const cn of sec.items) {
          if (cn.kind === 'lift') { const o = at('core-func', cn.coreFunc); push('func', o && { node: o.node, via: 'lift' }); }
          else if (cn.kind === 'lower') { const o = at('func', cn.func); push('core-func', o && { node: o.node, via: 'lower' }); }
          else push('core-func', undefined);
        }
        break;
      case 'type': for (let i = 0; i < sec.items.length; i++) push('type', undefined); break;
      case 'core-type': for (let i = 0; i < sec.items.length; i++) push('core-type', undefined); break;
      case 'export':
        for (const ex of sec.items) {
          const id = `exp:${nodes.length}`;
          nodes.push({ id, label: ex.name.name, kind: 'export', detail: ex.sort });
          const o = ex.sort === 'instance' && bags.has(`comp:${ex.index}`) ? undefined : at(ex.sort, ex.index);
          const bag = bags.get(`comp:${ex.index}`);
          if (ex.sort === 'instance' && bag) for (const b of bag.values()) edge(b, id, 'export');
          else edge(o, id, 'export');
          push(ex.sort, { node: id, via: 'export' });
        }
        break;
      default: break;
    }
  }
  return { nodes, edges };
}

// Layout: imports in the first column, exports in the last, instances in between by their rank (longest path from
// an import), each column stacked top to bottom. Nested graphs are laid out first to size their box.
const PAD = 14, GAP_X = 56, GAP_Y = 14, PILL_H = 26, CHAR_W = 7.2, HEADER = 34;

interface Box { readonly w: number; readonly h: number; draw(x: number, y: number, g: SVGElement): void; readonly ports: Map<string, { x: number; y: number; w: number; h: number }> }

function textWidth(t: string): number { return t.length * CHAR_W + 18; }

function layout(g: Graph, title: string, depth: number): Box {
  const rank = new Map<string, number>();
  for (const n of g.nodes) rank.set(n.id, n.kind === 'import' ? 0 : 1);
  for (let pass = 0; pass < g.nodes.length; pass++) {
    let changed = false;
    for (const e of g.edges) {
      const to = g.nodes.find((n) => n.id === e.to);
      if (!to || to.kind === 'export') continue;
      const r = (rank.get(e.from) ?? 0) + 1;
      if (r > (rank.get(e.to) ?? 0) && r < 40) { rank.set(e.to, r); changed = true; }
    }
    if (!changed) break;
  }
  const maxInner = Math.max(1, ...g.nodes.filter((n) => n.kind !== 'export').map((n) => rank.get(n.id)!));
  for (const n of g.nodes) if (n.kind === 'export') rank.set(n.id, maxInner + 1);
  const sparse: Node[][] = [];
  for (const n of g.nodes) (sparse[rank.get(n.id)!] ??= []).push(n);
  // Dense: a rank no node has is just skipped.
  const cols = sparse.filter((c) => c !== undefined);
  const boxes = new Map<string, Box | { w: number; h: number }>();
  for (const n of g.nodes) {
    if (n.nested) boxes.set(n.id, layout(n.nested, `${n.label} ${n.detail}`, depth + 1));
    else boxes.set(n.id, { w: Math.max(textWidth(n.label), textWidth(n.detail)), h: n.kind === 'core' || n.kind === 'comp' ? 40 : PILL_H });
  }
  const colW = cols.map((col) => Math.max(0, ...col.map((n) => boxes.get(n.id)!.w)));
  const colH = cols.map((col) => col.reduce((a, n) => a + boxes.get(n.id)!.h + GAP_Y, -GAP_Y));
  const innerW = colW.reduce((a, w) => a + w + GAP_X, -GAP_X);
  const innerH = Math.max(40, ...colH);
  const w = Math.max(innerW + 2 * PAD, textWidth(title) + 2 * PAD);
  const h = innerH + HEADER + PAD;
  const ports = new Map<string, { x: number; y: number; w: number; h: number }>();
  let x = PAD;
  cols.forEach((col, ci) => {
    let y = HEADER + (innerH - colH[ci]!) / 2;
    for (const n of col) {
      const b = boxes.get(n.id)!;
      ports.set(n.id, { x: x + (colW[ci]! - b.w) / 2, y, w: b.w, h: b.h });
      y += b.h + GAP_Y;
    }
    x += (colW[ci] ?? 0) + GAP_X;
  });
  return {
    w, h, ports,
    draw(ox, oy, parent) {
      const grp = s('g', { class: `component depth${depth}` });
      grp.append(s('rect', { x: ox, y: oy, width: w, height: h, rx: 10, class: 'frame' }));
      grp.append(s('text', { x: ox + PAD, y: oy + 21, class: 'title' }, title));
      for (const e of g.edges) {
        const a = ports.get(e.from), b = ports.get(e.to);
        if (!a || !b) continue;
        const x1 = ox + a.x + a.w, y1 = oy + a.y + a.h / 2, x2 = ox + b.x, y2 = oy + b.y + b.h / 2;
        const back = x2 <= x1;
        const mid = back ? Math.max(x1, x2) + 30 : (x1 + x2) / 2;
        const d = back ? `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 + b.w},${y2}` : `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
        const path = s('path', { d, class: e.fused ? 'link fused' : 'link', 'marker-end': e.fused ? 'url(#arrow-fused)' : 'url(#arrow)' });
        path.append(s('title', {}, `${e.label}${e.fused ? ' (fused: memory to memory)' : ''}`));
        grp.append(path);
        if (e.fused) grp.append(s('text', { x: mid, y: (y1 + y2) / 2 - 6, class: 'fused-label', 'text-anchor': 'middle' }, 'fused'));
      }
      for (const n of g.nodes) {
        const p = ports.get(n.id)!;
        const b = boxes.get(n.id)!;
        if ('draw' in b) { b.draw(ox + p.x, oy + p.y, grp); continue; }
        const node = s('g', { class: `node ${n.kind}`, 'data-node': n.label });
        node.append(s('rect', { x: ox + p.x, y: oy + p.y, width: p.w, height: p.h, rx: n.kind === 'import' || n.kind === 'export' ? 13 : 6 }));
        if (n.kind === 'core' || n.kind === 'comp') {
          node.append(s('text', { x: ox + p.x + 9, y: oy + p.y + 16 }, n.label));
          node.append(s('text', { x: ox + p.x + 9, y: oy + p.y + 31, class: 'detail' }, n.detail));
        } else node.append(s('text', { x: ox + p.x + 9, y: oy + p.y + 17 }, n.label));
        node.append(s('title', {}, `${n.kind}: ${n.label} (${n.detail})`));
        grp.append(node);
      }
      parent.append(grp);
    },
  };
}

/** The SVG picture of `c`. */
export function picture(c: ast.Component): SVGElement {
  const box = layout(componentGraph(c), 'component', 0);
  const svg = s('svg', { xmlns: 'http://www.w3.org/2000/svg', width: box.w + 8, height: box.h + 8, viewBox: `-4 -4 ${box.w + 8} ${box.h + 8}`, class: 'picture', role: 'img' });
  const defs = s('defs');
  for (const [id, cls] of [['arrow', 'arrowhead'], ['arrow-fused', 'arrowhead fused']] as const) {
    defs.append(s('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: cls })));
  }
  svg.append(defs);
  box.draw(0, 0, svg);
  return svg;
}
