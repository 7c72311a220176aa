// Size of what a browser app ships: rolldown bundles (minified, ESM, platform browser) gzipped with zlib (level 9).
// (a) the whole public entry; (b) an app importing only `{ Component, instantiate }` (tree-shaken), the JIT
// runtime; (c) `kumiki/runtime` as a transpiled module imports it (tree-shaken; (c') with the fuser, which modules that
// lower functions import); (d) a transpiled greeter's JS
// (generated module + kumiki/runtime, without its .wasm files). Target "runtime entry ≤ 25 KB min+gzip"; then the
// largest source files inside (b), to show what is pulled in.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { rolldown } from 'rolldown';
import { repoRoot, witComponent } from '../test/support/build.js';
import { transpile } from '../src/tools/transpile.js';

const TARGET_KB = 25;

interface Bundle {
  /** The code loaded at start: the entry chunk and the chunks it imports statically. */
  readonly code: string;
  /** min+gzip of the start chunks, each gzipped on its own (as served). */
  readonly gz: number;
  /** Chunks loaded only through `import()` (the adapter interpreter): min and min+gzip. */
  readonly lazy: { readonly min: number; readonly gz: number; readonly files: readonly string[] };
  /** Module id → its rendered code in the start chunks (tree-shaken, minified). */
  readonly modules: ReadonlyMap<string, string>;
}

const gzip = (code: string): number => gzipSync(code, { level: 9 }).length;

/** Bundles `entry` (a file path) minified for browsers, split as a bundler splits it (dynamic imports apart). */
async function bundle(entry: string): Promise<Bundle> {
  // A transpiled module reads its .wasm files on Node through `import('node:fs/promises')`: not bundled.
  const b = await rolldown({ input: entry, platform: 'browser', logLevel: 'silent', external: [/^node:/] });
  try {
    const { output } = await b.generate({ format: 'esm', minify: true });
    const chunks = new Map(output.flatMap((o) => (o.type === 'chunk' ? [[o.fileName, o] as const] : [])));
    const start = new Set<string>();
    const visit = (f: string): void => {
      if (start.has(f) || !chunks.has(f)) return;
      start.add(f);
      for (const i of chunks.get(f)!.imports) visit(i);
    };
    visit([...chunks.values()].find((c) => c.isEntry)!.fileName);
    const modules = new Map<string, string>();
    for (const f of start) for (const [id, m] of Object.entries(chunks.get(f)!.modules)) modules.set(id, m.code ?? '');
    const lazy = [...chunks.keys()].filter((f) => !start.has(f));
    return {
      code: [...start].map((f) => chunks.get(f)!.code).join('\n'),
      gz: [...start].reduce((a, f) => a + gzip(chunks.get(f)!.code), 0),
      lazy: { min: lazy.reduce((a, f) => a + chunks.get(f)!.code.length, 0), gz: lazy.reduce((a, f) => a + gzip(chunks.get(f)!.code), 0), files: lazy },
      modules,
    };
  } finally {
    await b.close();
  }
}

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

/** The four bundles (a)–(d), built in `dir`. */
async function bundles(dir: string): Promise<[string, Bundle][]> {
  const dist = join(repoRoot, 'dist/src/index.js');
  const app = join(dir, 'app.js');
  // What an app that only runs components writes; the export keeps the bindings alive under tree shaking.
  writeFileSync(app, `export { Component, instantiate } from ${JSON.stringify(dist)};\n`);
  // (c): what a generated module imports from kumiki/runtime (tools/transpile.ts).
  const runtime = join(repoRoot, 'dist/src/entries/transpiled.js');
  const aotApp = join(dir, 'aot-app.js');
  writeFileSync(aotApp, `export { TranspiledComponent, fetchCoreModule } from ${JSON.stringify(runtime)};\n`);
  // (c'): a module that lowers functions imports the fuser too (an import may be another instance's export).
  const aotFused = join(dir, 'aot-fused.js');
  writeFileSync(aotFused, `export { TranspiledComponent, fetchCoreModule, fusion } from ${JSON.stringify(runtime)};\n`);
  // (d): the greeter example transpiled, its runtime import pointed at dist.
  const g = join(repoRoot, 'examples/greeter');
  const greeter = await witComponent(readFileSync(join(g, 'greeter.wit'), 'utf8'), 'greeter', readFileSync(join(g, 'greeter.wat'), 'utf8'));
  const { files } = transpile(greeter, { name: 'greeter', runtime });
  writeFileSync(join(dir, 'greeter.js'), files.get('greeter.js')!);
  return [
    ['(a) whole entry (dist/src/index.js)', await bundle(dist)],
    ['(b) { Component, instantiate } only', await bundle(app)],
    ['(c) kumiki/runtime (as generated imports)', await bundle(aotApp)],
    ["(c') same, with fused adapters", await bundle(aotFused)],
    ['(d) transpiled greeter.js + runtime', await bundle(join(dir, 'greeter.js'))],
  ];
}

/** One line per bundle, min+gzip (for the engine bench's summary). */
export async function sizeSummary(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-size-'));
  try {
    return (await bundles(dir)).map(([label, b]) => `${label}: ${kb(b.code.length)} min, ${kb(b.gz)} min+gzip${b.lazy.files.length > 0 ? ` (+ ${kb(b.lazy.gz)} loaded on demand)` : ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-size-'));
  try {
    const rows = await bundles(dir);
    console.log(`${'bundle'.padEnd(44)}${'min'.padStart(10)}${'min+gzip'.padStart(11)}`);
    for (const [label, b] of rows) {
      console.log(`${label.padEnd(44)}${kb(b.code.length).padStart(10)}${kb(b.gz).padStart(11)}`);
      if (b.lazy.files.length > 0) console.log(`${'    + loaded on demand (interp, CSP hosts)'.padEnd(44)}${kb(b.lazy.min).padStart(10)}${kb(b.lazy.gz).padStart(11)}`);
    }
    for (const i of [1, 2, 3]) {
      const [label, r] = rows[i]!;
      const z = r.gz / 1024;
      console.log(`target ${label.slice(0, label.indexOf(')') + 1)} ≤ ${TARGET_KB} KB min+gzip: ${z <= TARGET_KB ? `met (${z.toFixed(1)} KB)` : `missed by ${(z - TARGET_KB).toFixed(1)} KB`}`);
    }
    const b = rows[1]![1];
    const gz = b.gz / 1024;
    // What (b) is made of. gzip does not split by module, so a folder's share is estimated by leaving it out:
    // gzip(all rendered modules) − gzip(all but that folder), scaled to the real min+gzip size.
    const src = join(repoRoot, 'dist/src/');
    const rel = (id: string): string => (id.startsWith(src) ? id.slice(src.length) : id);
    const folderOf = (id: string): string => { const r = rel(id); return r.includes('/') ? r.slice(0, r.lastIndexOf('/')) : '.'; };
    const ids = [...b.modules.keys()];
    const gzOf = (keep: (id: string) => boolean): number => gzipSync(ids.filter(keep).map((id) => b.modules.get(id)!).join('\n'), { level: 9 }).length;
    const whole = gzOf(() => true);
    const scale = gz * 1024 / whole;
    console.log('\n(b) by folder: rendered (tree-shaken, unminified) and ≈ share of min+gzip (leave-one-out):');
    for (const f of [...new Set(ids.map(folderOf))]) {
      const n = ids.filter((id) => folderOf(id) === f).reduce((a, id) => a + b.modules.get(id)!.length, 0);
      if (n === 0) continue;
      const share = (whole - gzOf((id) => folderOf(id) !== f)) * scale;
      console.log(`  ${f.padEnd(24)}${kb(n).padStart(10)}${`≈ ${kb(share)}`.padStart(13)}`);
    }
    console.log('(b) largest files (rendered, unminified):');
    for (const id of ids.sort((x, y) => b.modules.get(y)!.length - b.modules.get(x)!.length).slice(0, 15)) {
      console.log(`  ${rel(id).padEnd(36)}${kb(b.modules.get(id)!.length).padStart(10)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
