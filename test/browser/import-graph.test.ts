// The runtime entry (dist/src/index.js) must load in a browser: its import graph may hold only relative imports of
// existing files under dist/src — no `node:` builtins, no bare package names, no computed dynamic imports.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot } from '../support/build.js';
import { importGraph } from './import-graph.js';

const entry = join(repoRoot, 'dist/src/index.js');
const distSrc = join(repoRoot, 'dist/src/');

describe('import graph of dist/src/index.js', () => {
  const edges = importGraph(entry);
  const files = new Set(edges.flatMap((e) => (e.file === undefined ? [] : [e.file])));

  it('reaches the runtime modules', () => {
    for (const f of ['runtime/component.js', 'binary/read.js', 'validate/index.js', 'wit/index.js']) {
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
describe('import graph of dist/src/runtime/transpiled.js (kumiki/runtime)', () => {
  const runtimeEntry = join(repoRoot, 'dist/src/runtime/transpiled.js');
  const edges = importGraph(runtimeEntry);
  const files = [...new Set(edges.flatMap((e) => (e.file === undefined ? [] : [e.file])))].map((f) => relative(distSrc, f));

  it('is the package subpath kumiki/runtime', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    assert.equal(pkg.exports['./runtime']?.default, './dist/src/runtime/transpiled.js');
    const viaPackage = await import('kumiki/runtime') as Record<string, unknown>;
    assert.equal(typeof viaPackage.TranspiledComponent, 'function');
  });

  it('reaches the linker and the adapter helpers', () => {
    for (const f of ['runtime/link.js', 'runtime/glue/index.js', 'runtime/resources.js']) assert.ok(files.includes(f), `${f} not reached`);
  });

  it('imports no reader, validator, planner, code generator, interpreter or WIT module', () => {
    const forbidden = /^(binary|validate|codegen|interp|wit|wit-binary)\/|^abi\/plan/;
    assert.deepEqual(files.filter((f) => forbidden.test(f) || f === 'runtime/component.js' || f === 'runtime/program.js'), []);
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
