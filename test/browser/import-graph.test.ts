// The runtime entry (dist/src/index.js) must load in a browser: its import graph may hold only relative imports of
// existing files under dist/src — no `node:` builtins, no bare package names, no computed dynamic imports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/build.js';
import { importGraph } from './import-graph.js';

const entry = join(repoRoot, 'dist/src/index.js');
const distSrc = join(repoRoot, 'dist/src/');

describe('import graph of dist/src/index.js', () => {
  const edges = importGraph(entry);
  const files = new Set(edges.flatMap((e) => (e.file === undefined ? [] : [e.file])));

  it('reaches the runtime modules', () => {
    for (const f of ['entries/component.js', 'binary/read.js', 'validate/index.js', 'wit/index.js']) {
      assert.ok(files.has(join(distSrc, f)), `${f} not reached`);
    }
  });

  it('has no node: or bare imports and no computed import()', () => {
    const bad = edges.filter((e) => e.file === undefined).map((e) => `${relative(repoRoot, e.from)} imports '${e.specifier}'`);
    assert.deepEqual(bad, []);
  });

  it('stays inside dist/src and every imported file exists', () => {
    const bad = [...files].filter((f) => !f.startsWith(distSrc) || !existsSync(f)).map((f) => relative(repoRoot, f));
    assert.deepEqual(bad, []);
  });

  it('the scanner sees node:, bare, multi-line and dynamic imports (self-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kumiki-graph-'));
    try {
      writeFileSync(join(dir, 'a.js'), [
        "import {\n  readFileSync,\n} from 'node:fs';", "export * from './b.js';", "const s = \"import('x')\";",
        '// import("y")', '/* import z from "z" */', 'const r = /import("w")/g;', 'const t = `${s}\nimport q from "q"`;',
        'export { s, r as default };', 'export const m = import.meta.url;',
      ].join('\n'));
      writeFileSync(join(dir, 'b.js'), "import 'lodash';\nexport const f = () => import('./c.js');\nexport const g = (n) => import(n);\n");
      writeFileSync(join(dir, 'c.js'), 'export {};\n');
      const got = importGraph(join(dir, 'a.js')).map((e) => e.specifier).sort();
      assert.deepEqual(got, ['./b.js', './c.js', '<computed import()>', 'lodash', 'node:fs']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `kumiki/runtime` (what `kumiki transpile` output imports) only links and runs: none of the readers, validator,
// planner, code generators or interpreter, and nothing Node-only.
describe('import graph of dist/src/entries/transpiled.js (kumiki/runtime)', () => {
  const runtimeEntry = join(repoRoot, 'dist/src/entries/transpiled.js');
  const edges = importGraph(runtimeEntry);
  const files = [...new Set(edges.flatMap((e) => (e.file === undefined ? [] : [e.file])))].map((f) => relative(distSrc, f));

  it('reaches the linker and the adapter helpers', () => {
    for (const f of ['link/link.js', 'runtime/glue/index.js', 'runtime/resources.js']) assert.ok(files.includes(f), `${f} not reached`);
  });

  it('does not import the async runtime (kumiki/runtime/async: only async components import it)', () => {
    assert.deepEqual(files.filter((f) => f.startsWith('runtime/async/') || f === 'link/link-async.js'), []);
  });

  it('imports no reader, validator, planner, code generator, interpreter or WIT module', () => {
    // interp/fuse.js (interp's eval-free fused half) is what transpiled instances fuse with; the rest of interp/ is not.
    const forbidden = /^(binary|validate|codegen|wit|wit-binary|program)\/|^interp\/(?!fuse\.js$)|^abi\/plan/;
    assert.deepEqual(files.filter((f) => forbidden.test(f) || f === 'entries/component.js' || f === 'program/program.js'), []);
  });

  it('has no node: or bare imports and no computed import(), and stays inside dist/src', () => {
    assert.deepEqual(edges.filter((e) => e.file === undefined).map((e) => `${relative(repoRoot, e.from)} imports '${e.specifier}'`), []);
    assert.deepEqual(files.filter((f) => f.startsWith('..') || !existsSync(join(distSrc, f))), []);
  });

  it('uses no eval or Function constructor', () => {
    const bad = files.filter((f) => /\bnew Function\s*\(|\beval\s*\(/.test(readFileSync(join(distSrc, f), 'utf8')));
    assert.deepEqual(bad, []);
  });
});

// What the package exports: the entries bundled by scripts/bundle.ts (`npm run build`) into dist/bundle/, a few files
// instead of ~140 (cold start, issue 16). The same rules hold there: `kumiki/runtime` loads only the linker and the
// adapter helpers (checked through the dist/src modules each chunk holds, from dist/bundle/manifest.json), nothing
// Node-only or bare is imported, the interpreter and the CLI's commands load on demand.
describe('bundled entries (dist/bundle)', () => {
  const bundleDir = join(repoRoot, 'dist/bundle/');
  const manifest = JSON.parse(readFileSync(join(bundleDir, 'manifest.json'), 'utf8')) as {
    entries: Record<string, string>;
    chunks: Record<string, { imports: string[]; dynamicImports: string[]; modules: string[] }>;
  };
  /** The chunks `entry` loads at start (static imports only), and every dist/src module inside them. */
  const startOf = (entry: string): { chunks: string[]; modules: string[] } => {
    const chunks = new Set<string>();
    const visit = (c: string): void => {
      if (chunks.has(c) || manifest.chunks[c] === undefined) return;
      chunks.add(c);
      for (const i of manifest.chunks[c].imports) visit(i);
    };
    visit(manifest.entries[entry]!);
    return { chunks: [...chunks], modules: [...chunks].flatMap((c) => manifest.chunks[c]!.modules) };
  };

  it('package.json exports point at the bundles, with the .d.ts of dist/src', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    assert.equal(pkg.exports['.']?.default, './dist/bundle/kumiki.js');
    assert.equal(pkg.exports['.']?.types, './dist/src/index.d.ts');
    assert.equal(pkg.exports['./runtime']?.default, './dist/bundle/runtime.js');
    assert.equal(pkg.exports['./runtime']?.types, './dist/src/entries/transpiled.d.ts');
    assert.equal(pkg.exports['./runtime/async']?.default, './dist/bundle/runtime-async.js');
    assert.equal(pkg.exports['./runtime/async']?.types, './dist/src/entries/async.d.ts');
    const runtime = await import('kumiki/runtime') as Record<string, unknown>;
    const main = await import('kumiki') as Record<string, unknown>;
    assert.equal(typeof runtime.TranspiledComponent, 'function');
    assert.equal(typeof main.Component, 'function');
    // One build: both entries share one copy of the error classes (an app importing both sees one ComponentError).
    assert.equal(runtime.ComponentError, main.ComponentError);
    assert.equal(runtime.Trap, main.Trap);
  });

  it('exports from the bundle what dist/src exports', async () => {
    const fromBundle = Object.keys(await import('kumiki') as object).sort();
    const fromSrc = Object.keys(await import(pathToFileURL(entry).href) as object).sort();
    assert.deepEqual(fromBundle, fromSrc);
  });

  it('kumiki/runtime loads no reader, validator, planner, code generator, interpreter or WIT module', () => {
    const { chunks, modules } = startOf('runtime');
    assert.ok(modules.includes('link/link.js') && modules.includes('entries/transpiled.js'), `runtime modules: ${modules.join(', ')}`);
    // interp/fuse.js (interp's eval-free fused half) is what transpiled instances fuse with; the rest of interp/ is not.
    const forbidden = /^(binary|validate|codegen|wit|wit-binary|program)\/|^interp\/(?!fuse\.js$)|^abi\/plan/;
    // program/compat.js (the async runtime's option names, 20 lines) is shared with kumiki/runtime/async, so that
    // entry does not load the lib chunk for it.
    assert.deepEqual(modules.filter((f) => (forbidden.test(f) && f !== 'program/compat.js') || f === 'entries/component.js' || f === 'program/program.js'), []);
    assert.deepEqual(chunks.filter((c) => /\bnew Function\s*\(|\beval\s*\(/.test(readFileSync(join(bundleDir, c), 'utf8'))), []);
  });

  it('neither kumiki/runtime nor kumiki loads the async runtime at start; kumiki loads it on demand (kumiki/runtime/async)', () => {
    const isAsync = (f: string): boolean => f.startsWith('runtime/async/') || f === 'link/link-async.js' || f === 'entries/async.js';
    assert.deepEqual(startOf('runtime').modules.filter(isAsync), []);
    assert.deepEqual(startOf('kumiki').modules.filter(isAsync), []);
    const asyncEntry = manifest.entries['runtime-async']!;
    assert.ok(startOf('runtime-async').modules.includes('runtime/async/scheduler.js'));
    // Transpiled async components import it: it must not load the compiler (the lib chunk).
    assert.deepEqual(startOf('runtime-async').modules.filter((f) => f === 'entries/component.js' || f.startsWith('validate/')), []);
    assert.ok(Object.values(manifest.chunks).some((c) => c.dynamicImports.includes(asyncEntry)), 'kumiki does not import() kumiki/runtime/async');
  });

  it('kumiki loads the interpreter on demand only', () => {
    const { modules } = startOf('kumiki');
    assert.ok(modules.includes('entries/component.js') && modules.includes('validate/index.js'));
    assert.deepEqual(modules.filter((f) => f.startsWith('interp/') && f !== 'interp/fuse.js'), []);
    const lazy = Object.values(manifest.chunks).flatMap((c) => c.dynamicImports);
    assert.ok(Object.entries(manifest.chunks).some(([f, c]) => lazy.includes(f) && c.modules.includes('interp/index.js')), 'no lazy chunk holds interp/index.js');
  });

  it('the library entries import nothing Node-only or bare, and every chunk they load (also on demand) exists', () => {
    for (const name of ['kumiki', 'runtime', 'runtime-async']) {
      const seen = new Set<string>();
      const bad: string[] = [];
      const visit = (c: string): void => {
        if (seen.has(c)) return;
        seen.add(c);
        if (manifest.chunks[c] === undefined || !existsSync(join(bundleDir, c))) { bad.push(c); return; }
        for (const i of [...manifest.chunks[c].imports, ...manifest.chunks[c].dynamicImports]) visit(i);
      };
      visit(manifest.entries[name]!);
      assert.deepEqual(bad, [], `${name} reaches imports that are not its own chunks`);
    }
  });

  it('the CLI starts from one file and loads its commands on demand', () => {
    const cli = manifest.chunks[manifest.entries.cli!]!;
    assert.deepEqual(cli.imports.filter((i) => !i.startsWith('node:')), []);
    assert.ok(cli.dynamicImports.length > 0);
  });
});
