// Strict layers (issue 9 point 3, DESIGN.md §2), over the TypeScript sources, value AND type imports: compile time
// never imports run time; runtime/ holds what adapters call while running and imports neither backend (nor the
// linker, the program builder or the entries); the linker gets its backend from the entries; no cycles between
// folders or between files. A new top folder under src/ must be placed in one of the lists below.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/build.js';
import { cycles, folderOf, sourceGraph, sourceSpecifiers } from './source-imports.js';

const src = join(repoRoot, 'src');

/** Compile time: reading, validating, planning, building the program, generating code, the toolchain and tools. */
const COMPILE_TIME = ['types', 'wit', 'binary', 'validate', 'wit-binary', 'abi', 'program', 'codegen', 'print', 'toolchain', 'tools'];
/** Run time: what adapters call (runtime/), the interpreter, the linker, and the entries that put them together. */
const RUN_TIME = ['runtime', 'interp', 'link', 'entries', 'index.ts'];
/** All that runtime/ may import besides itself: shared ABI definitions, the type model and the error classes. */
const RUNTIME_MAY_IMPORT = ['runtime', 'abi', 'types', 'errors.ts'];
/** The two backends: only the entries choose one (and inject it into the linker). */
const BACKENDS = ['codegen', 'interp'];

const edges = sourceGraph(src);
const local = edges.filter((e): e is typeof e & { to: string } => e.to !== undefined);
const show = (e: { from: string; to: string; typeOnly: boolean }): string => `${e.from} → ${e.to}${e.typeOnly ? ' (type)' : ''}`;
const crossing = (from: (f: string) => boolean, to: (f: string) => boolean): string[] =>
  local.filter((e) => from(folderOf(e.from)) && to(folderOf(e.to))).map(show);

describe('layers of src/ (value and type imports)', () => {
  it('sees the sources and resolves every relative import to an existing file', () => {
    assert.ok(local.length > 500, `only ${local.length} imports found`);
    assert.ok(local.some((e) => e.typeOnly), 'no type-only import found');
    assert.deepEqual(local.filter((e) => !existsSync(join(src, e.to))).map(show), []);
  });

  it('every top folder is placed in a layer (or is a known top-level entry/tool)', () => {
    const known = new Set([...COMPILE_TIME, ...RUN_TIME, ...RUNTIME_MAY_IMPORT, 'cli', 'wasi', 'wave']);
    assert.deepEqual([...new Set(local.map((e) => folderOf(e.from)))].filter((f) => !known.has(f)), []);
  });

  it('no compile-time folder imports run time', () => {
    assert.deepEqual(crossing((f) => COMPILE_TIME.includes(f), (f) => RUN_TIME.includes(f) || f === 'cli' || f === 'wasi'), []);
  });

  it('runtime/ imports only itself, abi/, types/ and errors.ts: neither backend, nor the linker, builder or entries', () => {
    assert.deepEqual(crossing((f) => f === 'runtime', (f) => !RUNTIME_MAY_IMPORT.includes(f)), []);
  });

  it('the linker imports neither backend (the entries inject it)', () => {
    assert.deepEqual(crossing((f) => f === 'link', (f) => BACKENDS.includes(f)), []);
  });

  it('codegen does not import interp, nor interp codegen', () => {
    assert.deepEqual(crossing((f) => f === 'codegen', (f) => f === 'interp'), []);
    assert.deepEqual(crossing((f) => f === 'interp', (f) => f === 'codegen'), []);
  });

  it('no cycles between folders', () => {
    const between = local.filter((e) => folderOf(e.from) !== folderOf(e.to)).map((e) => [folderOf(e.from), folderOf(e.to)] as const);
    const found = cycles(between);
    // Name the imports that close each cycle, so that the failure says what to move.
    const why = found.map((c) => c.join(' ⇄ ') + ': ' + local.filter((e) => c.includes(folderOf(e.from)) && c.includes(folderOf(e.to)) && folderOf(e.from) !== folderOf(e.to)).map(show).join(', '));
    assert.deepEqual(why, []);
  });

  it('no cycles between files', () => {
    assert.deepEqual(cycles(local.map((e) => [e.from, e.to] as const)).map((c) => c.join(' ⇄ ')), []);
  });
});

describe('the source import scanner (self-check)', () => {
  it('finds value, type, re-export, side-effect and import() specifiers, not ones in comments or strings', () => {
    const got = sourceSpecifiers([
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  type C,\n  d,\n} from './c.js';",
      "export type { E } from './e.js';",
      "export * as f from './f.js';",
      "export { g } from './g.js';",
      "import './h.js';",
      "type I = import('./i.js').I;",
      "const j = () => import('./j.js');",
      "export type K = { from: 'x' };",
      "export { a };",
      "// import { z } from './comment.js';",
      "/* export * from './block.js'; */",
      "const s = \"import x from './string.js'\";",
      "const r = /import('.\\/regex.js')/;",
      'const t = `${s} from \'./template.js\'`;',
      "const from = 1; export const type = from;",
    ].join('\n'));
    assert.deepEqual(got, [
      { specifier: './a.js', typeOnly: false },
      { specifier: './b.js', typeOnly: true },
      { specifier: './c.js', typeOnly: false },
      { specifier: './e.js', typeOnly: true },
      { specifier: './f.js', typeOnly: false },
      { specifier: './g.js', typeOnly: false },
      { specifier: './h.js', typeOnly: false },
      { specifier: './i.js', typeOnly: false },
      { specifier: './j.js', typeOnly: false },
    ]);
  });

  it('finds cycles (self-check)', () => {
    assert.deepEqual(cycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd'], ['d', 'd'], ['e', 'f']]), [['d'], ['a', 'b', 'c']]);
  });
});
