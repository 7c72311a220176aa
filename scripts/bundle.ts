// `npm run build` (and `npm install`'s prepare) after `tsc`: bundles the compiled entries into a few ES modules under
// dist/bundle/, which package.json's exports and bin/kumiki.js point at. Node's ESM loader pays per file (resolve, stat,
// read: ~0.3 ms each), so `import('kumiki')` over ~140 files of dist/src took ~50 ms; one entry file plus a shared
// chunk loads in a fraction of that (issue 16). Code reached only through `import()` (the adapter interpreter, each
// CLI command) stays in its own lazy chunk. Sources and .d.ts are unchanged: `types` still point into dist/src.
//
// Every entry is built in one rolldown run, so modules reached from several entries land in one shared chunk: an app
// importing both `kumiki` and `kumiki/runtime` gets one copy of the error classes and the fusion registry.
// Writes dist/bundle/manifest.json (entry → its chunks, chunk → the dist/src modules inside) for the import-graph test.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { rolldown } from 'rolldown';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const dist = join(root, 'dist/src');
const out = join(root, 'dist/bundle');

/**
 * Bundle name → compiled entry (under dist/src). `wasi` (`kumiki/wasi`) is bundled once src/wasi/index.ts exists:
 * point package.json's `./wasi` export at `./dist/bundle/wasi.js` then.
 */
const ENTRIES: Readonly<Record<string, string>> = {
  kumiki: 'index.js',
  runtime: 'entries/transpiled.js',
  // `kumiki/runtime/async`: the component-model async runtime, imported by transpiled async components only.
  'runtime-async': 'entries/async.js',
  wasi: 'wasi/index.js',
  cli: 'cli/main.js',
};

export interface BundleManifest {
  /** Entry name → the file of its entry chunk (relative to dist/bundle). */
  readonly entries: Record<string, string>;
  /** Chunk file → its static imports, dynamic imports and the dist/src modules it holds (relative to dist/src). */
  readonly chunks: Record<string, { readonly imports: readonly string[]; readonly dynamicImports: readonly string[]; readonly modules: readonly string[] }>;
}

/**
 * Left as imports: `node:` builtins and bare package names (kumiki/wasi's optional peer
 * `@bytecodealliance/preview2-shim` must resolve in the user's project, never be copied in).
 */
const external = (id: string): boolean => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/** The dist/src modules `entry` reaches: through static imports only, or also through `import()` (`dynamic`). */
async function reach(entry: string, dynamic: boolean): Promise<Set<string>> {
  const build = await rolldown({ input: entry, platform: 'neutral', external, logLevel: 'silent' });
  try {
    const { output } = await build.generate({ format: 'esm', codeSplitting: dynamic ? false : true });
    const chunk = output.find((o) => o.type === 'chunk' && o.isEntry);
    return new Set(chunk?.type === 'chunk' ? chunk.moduleIds : []);
  } finally {
    await build.close();
  }
}

export async function bundle(): Promise<BundleManifest> {
  const input = Object.fromEntries(Object.entries(ENTRIES).filter(([, f]) => existsSync(join(dist, f))).map(([n, f]) => [n, join(dist, f)]));
  // The chunks, by what loads them: `core` is everything kumiki/runtime needs at start (also loaded by `kumiki`);
  // `lib` the rest of what `kumiki` needs at start; `interp` and `commands` load on demand. An entry's own module
  // stays in its entry file. What is in none of these (kumiki/wasi's own modules) rolldown places itself.
  const runtimeSet = await reach(input.runtime!, false);
  // What kumiki/runtime/async needs at start besides the async runtime (program/compat.js's option check): in `core`
  // too, or that entry, which transpiled async components import, loads all of `lib` for it.
  const runtimeAsyncSet = input['runtime-async'] === undefined ? new Set<string>() : await reach(input['runtime-async'], false);
  const kumikiSet = await reach(input.kumiki!, false);
  const cliSet = await reach(input.cli!, true);
  const entryIds = new Set(Object.values(input));
  const inInterp = (id: string): boolean => /[\\/]dist[\\/]src[\\/]interp[\\/]/.test(id);
  // The async runtime stays with its entry (kumiki/runtime/async), which `kumiki` also loads on demand.
  const inAsync = (id: string): boolean => /[\\/]dist[\\/]src[\\/](runtime[\\/]async[\\/]|link[\\/]link-async\.js$)/.test(id);
  const problems: string[] = [];
  const build = await rolldown({
    input,
    // Neutral: no Node or browser resolution conditions or polyfills; the library entries import nothing outside
    // dist/src, and only the CLI (and kumiki/wasi) import `node:` builtins, left as imports.
    platform: 'neutral',
    external,
    // A module both imported and `import()`ed (wit-binary by the CLI) just stays where the static import puts it.
    onLog: (level, log) => { if (level === 'warn' && log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') problems.push(`${log.code ?? level}: ${log.message}`); },
  });
  rmSync(out, { recursive: true, force: true });
  try {
    // Whitespace and comments removed, and the names of parameters and local variables shortened: V8 scans every
    // byte at load (this cuts `kumiki/runtime`'s import by ~1.5 ms of ~9, and `kumiki`'s by ~1.7 ms more of ~25).
    // Every other name stays: top-level bindings, functions and classes (`keepNames`: stack traces, `fn.name`,
    // error class names), properties, and error texts.
    // ASCII only (non-ASCII characters of strings and regexps as \u escapes): Node decodes a module's source into a
    // one-byte string then, where one arrow (→) in an error text made all 487 KB of the lib chunk a two-byte string,
    // slower to decode and scan: `import('kumiki')` ~6 M instructions of ~121 M more (issue 16).
    const { output } = await build.write({
      dir: out, format: 'esm', charset: 'ascii', minify: { compress: false, mangle: { toplevel: false, keepNames: true }, codegen: { removeWhitespace: true } }, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js',
      codeSplitting: {
        groups: [
          { name: 'core', priority: 4, test: (id) => (runtimeSet.has(id) || (runtimeAsyncSet.has(id) && !inAsync(id))) && !entryIds.has(id) },
          { name: 'lib', priority: 3, test: (id) => kumikiSet.has(id) && !entryIds.has(id) },
          { name: 'interp', priority: 2, test: inInterp },
          // The async runtime's modules that kumiki/wasi or the CLI also import: one chunk of their own, so the
          // async entry never loads the commands chunk (nor its node: imports).
          { name: 'async', priority: 1, test: (id) => inAsync(id) && !entryIds.has(id) },
          { name: 'commands', priority: 1, test: (id) => cliSet.has(id) && !entryIds.has(id) && !inInterp(id) && !inAsync(id) },
        ],
      },
    });
    const manifest: BundleManifest = { entries: {}, chunks: {} };
    for (const o of output) {
      if (o.type !== 'chunk') continue;
      if (o.isEntry) manifest.entries[o.name] = o.fileName;
      manifest.chunks[o.fileName] = { imports: o.imports, dynamicImports: o.dynamicImports, modules: o.moduleIds.map((id) => relative(dist, id)) };
    }
    for (const o of output) {
      if (o.type !== 'chunk') continue;
      // Left as is by `charset: 'ascii'`: tagged template text (its raw form is observable). Keep it ASCII in sources.
      const at = o.code.search(/[^\0-\x7f]/);
      if (at >= 0) problems.push(`${o.fileName}: a non-ASCII character the bundler kept (tagged template?): ${JSON.stringify(o.code.slice(Math.max(0, at - 40), at + 10))}`);
    }
    if (problems.length > 0) throw new Error(`bundling dist/src reported:\n${problems.join('\n')}`);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    return manifest;
  } finally {
    await build.close();
  }
}

if (process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1]) {
  const t0 = performance.now();
  const m = await bundle();
  console.log(`dist/bundle: ${Object.keys(m.entries).join(', ')} (${Object.keys(m.chunks).length} files) in ${(performance.now() - t0).toFixed(0)} ms`);
}
