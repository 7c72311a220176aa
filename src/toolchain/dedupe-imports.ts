// Duplicate core imports (wit-component's import dedupe): core wasm lets a module import the same `module` `name`
// twice (AssemblyScript does, for `fd_write`), but inside a component its two-level names must be unique
// (Explainer.md: core module import names mangle to one `module:name`). Each repeat is renamed in place to a
// unique field, and the original name is kept so the import still resolves to the same world function.
import { readCoreExternDesc } from '../binary/read-core-types.js';
import { Reader } from '../binary/reader.js';
import { Writer } from '../binary/writer.js';
import { ComponentNewError } from './errors.js';

export interface DedupedImports {
  /** The module, its repeated imports renamed (the same bytes when nothing repeats). */
  readonly module: Uint8Array;
  /** The name each import had, by import index (all imports, every kind), when any was renamed. */
  readonly originalNames?: readonly string[];
}

/** Renames the second and later imports of each `module` `name` pair to `name` + `#dup<k>` (unique in the module). */
export function dedupeImports(bytes: Uint8Array, imports: readonly { module: string; name: string }[]): DedupedImports {
  const seen = new Set<string>();
  const key = (m: string, n: string): string => `${m}\0${n}`;
  if (imports.every((i) => !seen.has(key(i.module, i.name)) && seen.add(key(i.module, i.name)))) return { module: bytes };
  const taken = new Set(imports.map((i) => key(i.module, i.name)));
  const firstSeen = new Set<string>();
  const newNames = imports.map((i) => {
    const k = key(i.module, i.name);
    if (!firstSeen.has(k)) { firstSeen.add(k); return i.name; }
    let n = 1;
    while (taken.has(key(i.module, `${i.name}#dup${n}`))) n++;
    const renamed = `${i.name}#dup${n}`;
    taken.add(key(i.module, renamed));
    return renamed;
  });
  // Rewrite the import section (id 2): every entry copied, its name replaced.
  const r = new Reader(bytes, 8);
  const out = new Writer(bytes.length + 64);
  out.bytes(bytes.subarray(0, 8));
  while (!r.eof()) {
    const start = r.pos;
    const id = r.u8();
    const size = r.u32();
    const end = r.pos + size;
    if (id !== 2) { out.bytes(bytes.subarray(start, end)); r.pos = end; continue; }
    const body = new Writer(size + 64);
    const sub = new Reader(bytes, r.pos, end);
    const count = sub.u32();
    body.u32(count);
    for (let i = 0, k = 0; i < count; i++, k++) {
      const module = sub.string();
      const name = sub.string();
      const d = sub.peek();
      // Compact groups (`"" 0x7f`/`0x7e`) would need splitting; no toolchain emits them with repeated names.
      if (name === '' && (d === 0x7f || d === 0x7e)) throw new ComponentNewError('core module repeats an import inside a compact import group; not supported');
      const descStart = sub.pos;
      readCoreExternDesc(sub);
      body.string(module);
      body.string(newNames[k]!);
      body.bytes(bytes.subarray(descStart, sub.pos));
    }
    const content = body.finish();
    out.u8(2);
    out.u32(content.length);
    out.bytes(content);
    r.pos = end;
  }
  return { module: out.finish(), originalNames: imports.map((i) => i.name) };
}
