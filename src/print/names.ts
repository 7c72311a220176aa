// The name sections a printer turns back into `$id`s: the core `name` section (Core spec appendix "Name Section")
// and the `component-name` section (component-model Binary.md "Name Section"). Malformed sections are ignored, as
// engines do: names are debug information.
import { Reader } from '../binary/reader.js';

/** index → name, per index space. */
export type NameMap = Map<number, string>;

/** Names from a core module's `name` section. */
export interface CoreNames {
  module?: string;
  /** Subsection id (1 funcs, 4 types, 5 tables, 6 memories, 7 globals, 8 elems, 9 datas, 11 tags) → names. */
  readonly spaces: Map<number, NameMap>;
  /** Function index → local index → name (subsection 2). */
  readonly locals: Map<number, NameMap>;
  /** Function index → label index (block-introducing instructions in order) → name (subsection 3). */
  readonly labels: Map<number, NameMap>;
}

/** Names from a component's `component-name` section, by sort key (`core-func`, `func`, `type`, …). */
export interface ComponentNames {
  component?: string;
  readonly spaces: Map<string, NameMap>;
}

const CORE_SORTS = ['func', 'table', 'memory', 'global', 'tag'];
const CORE_SORTS_HI: Record<number, string> = { 0x10: 'type', 0x11: 'module', 0x12: 'instance' };
const SORTS = ['', 'func', 'value', 'type', 'component', 'instance'];

function nameMap(r: Reader): NameMap {
  const m: NameMap = new Map();
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    m.set(idx, r.string());
  }
  return m;
}

/** Each subsection `id size content`, handed to `f` with a reader bounded to its content. */
function subsections(data: Uint8Array, f: (id: number, r: Reader) => void): void {
  const r = new Reader(data);
  while (!r.eof()) {
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (end > data.length) return;
    f(id, new Reader(data, r.pos, end));
    r.pos = end;
  }
}

/** Decodes a core `name` section payload (undefined-free: unreadable parts are skipped). */
export function readCoreNames(data: Uint8Array | undefined): CoreNames {
  const names: CoreNames = { spaces: new Map(), locals: new Map(), labels: new Map() };
  if (!data) return names;
  try {
    subsections(data, (id, r) => {
      if (id === 0) names.module = r.string();
      else if (id === 2 || id === 3) {
        const n = r.u32();
        for (let i = 0; i < n; i++) {
          const f = r.u32();
          (id === 2 ? names.locals : names.labels).set(f, nameMap(r));
        }
      } else if (id !== 10) names.spaces.set(id, nameMap(r));
    });
  } catch {
    // names are optional; keep what was read
  }
  return names;
}

/** Decodes a `component-name` section payload. */
export function readComponentNames(data: Uint8Array | undefined): ComponentNames {
  const names: ComponentNames = { spaces: new Map() };
  if (!data) return names;
  try {
    subsections(data, (id, r) => {
      if (id === 0) { names.component = r.string(); return; }
      if (id !== 1) return;
      const b = r.u8();
      let sort: string | undefined;
      if (b === 0) {
        const c = r.u8();
        const core = CORE_SORTS[c] ?? CORE_SORTS_HI[c];
        sort = core && `core-${core}`;
      } else sort = SORTS[b];
      if (sort) names.spaces.set(sort, nameMap(r));
    });
  } catch {
    // names are optional
  }
  return names;
}

/** Hands out `$id`s: each name at most once per scope (duplicates stay unnamed, so the text always assembles). */
export class IdScope {
  private readonly used = new Set<string>();
  constructor(private readonly map: NameMap | undefined) {}
  /** The name for `index`, or undefined (no name, or already taken). */
  take(index: number): string | undefined {
    const n = this.map?.get(index);
    if (n === undefined || this.used.has(n)) return undefined;
    this.used.add(n);
    return n;
  }
}
