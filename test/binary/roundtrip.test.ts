// Round trip over the conformance corpora: every assembled component form reads, and writeComponent reproduces
// its exact bytes. Also: invalid/malformed forms never make the reader throw anything but ValidationError, and
// every core module (top-level or nested) yields its surface.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { readComponent } from '../../src/binary/read.js';
import { readCoreModuleSurface } from '../../src/binary/read-module.js';
import { writeComponent } from '../../src/binary/write.js';
import type { Component } from '../../src/binary/ast.js';
import { assembleCorpus, isComponent, type AssembledForm, type CorpusName } from './corpus.js';

interface Row {
  corpus: string; files: number; forms: number; assembled: number;
  validComponents: number; validRead: number; roundTrip: number;
  invalidComponents: number; invalidRead: number; invalidRejected: number; invalidRoundTrip: number;
  modules: number; modulesRead: number; nestedModules: number; nestedModulesRead: number;
  /** Invalid forms the reader (or the module surface reader) rejects, and how many with wasm-tools' wording. */
  readerRejects: number; wordingMatches: number;
}

/** Our reason agrees with wasm-tools' expected text when either contains the other. */
function sameWording(reason: string, expected: string | undefined): boolean {
  return expected !== undefined && (reason.includes(expected) || expected.includes(reason));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function* nestedModules(c: Component): Generator<{ bytes: Uint8Array; offset: number }> {
  for (const s of c.sections) {
    if (s.kind === 'core-module') yield s.module;
    else if (s.kind === 'component') yield* nestedModules(s.component);
  }
}

const failures: string[] = [];
const rows: Row[] = [];

async function run(corpus: CorpusName): Promise<Row> {
  const { forms, tally } = await assembleCorpus(corpus);
  const row: Row = {
    corpus, files: tally.files, forms: tally.forms, assembled: tally.assembled,
    validComponents: 0, validRead: 0, roundTrip: 0,
    invalidComponents: 0, invalidRead: 0, invalidRejected: 0, invalidRoundTrip: 0,
    modules: 0, modulesRead: 0, nestedModules: 0, nestedModulesRead: 0, readerRejects: 0, wordingMatches: 0,
  };
  const rejected = (f: AssembledForm, e: ValidationError) => {
    row.readerRejects++;
    if (sameWording(e.reason, f.message)) row.wordingMatches++;
    else failures.push(`${where(f)}: rejected as "${e.reason}", wasm-tools says "${f.message}"`);
  };
  const where = (f: AssembledForm) => `${f.corpus}/${f.file}:${f.line}`;
  for (const f of forms) {
    if (!isComponent(f.bytes)) {
      if (f.kind !== 'module' || f.expect !== 'valid') continue;
      row.modules++;
      try {
        readCoreModuleSurface(f.bytes);
        row.modulesRead++;
      } catch (e) {
        failures.push(`${where(f)}: module surface: ${(e as Error).message}`);
      }
      continue;
    }
    const valid = f.expect === 'valid';
    if (valid) row.validComponents++;
    else row.invalidComponents++;
    let ast: Component;
    try {
      ast = readComponent(f.bytes);
    } catch (e) {
      if (!(e instanceof ValidationError)) failures.push(`${where(f)}: non-ValidationError ${(e as Error).stack}`);
      else if (valid) failures.push(`${where(f)}: valid component rejected: ${e.message}`);
      else {
        row.invalidRejected++;
        rejected(f, e);
      }
      continue;
    }
    if (valid) row.validRead++;
    else row.invalidRead++;
    const out = writeComponent(ast);
    if (equalBytes(out, f.bytes)) {
      if (valid) row.roundTrip++;
      else row.invalidRoundTrip++;
    } else {
      failures.push(`${where(f)}: round trip differs at byte 0x${firstDiff(out, f.bytes).toString(16)} (len ${out.length} vs ${f.bytes.length})`);
    }
    for (const m of nestedModules(ast)) {
      if (valid) row.nestedModules++;
      try {
        readCoreModuleSurface(m.bytes, m.offset);
        if (valid) row.nestedModulesRead++;
      } catch (e) {
        if (!(e instanceof ValidationError)) failures.push(`${where(f)}: nested module surface threw ${(e as Error).stack}`);
        else if (valid) failures.push(`${where(f)}: nested module surface: ${e.message}`);
        else rejected(f, e);
      }
    }
  }
  return row;
}

test('round trip: component-model-spec corpus', async () => {
  rows.push(await run('component-model-spec'));
});

test('round trip: wasm-tools component-model corpus', async () => {
  rows.push(await run('wasm-tools'));
});

test('round trip: every valid component reads and re-encodes byte-identically', () => {
  console.log('\nbinary round trip (read → write === input)');
  console.table(rows.map((r) => ({
    corpus: r.corpus, files: r.files, forms: r.forms, assembled: r.assembled,
    'valid comp': `${r.roundTrip}/${r.validComponents} rt (${r.validRead} read)`,
    'invalid comp': `${r.invalidRoundTrip}/${r.invalidRead} rt, ${r.invalidRejected} rejected of ${r.invalidComponents}`,
    'nested modules': `${r.nestedModulesRead}/${r.nestedModules}`,
    'reader rejects w/ same wording': `${r.wordingMatches}/${r.readerRejects}`,
  })));
  if (failures.length) console.log(failures.slice(0, 40).join('\n'));
  assert.ok(rows.length === 2);
  for (const r of rows) assert.ok(r.validComponents > 0, `${r.corpus}: no valid components found`);
  assert.deepEqual(failures, []);
});

test('real-world component: StarlingMonkey + WASI adapter (jco componentNew) round trips', async (t) => {
  const { existsSync, readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const { componentNew } = await import('@bytecodealliance/jco');
  // Installed dev-dependency files (not committed binaries); the repo root is three levels above dist/test/binary/.
  const modules = fileURLToPath(new URL('../../../node_modules/@bytecodealliance/', import.meta.url));
  const core = `${modules}componentize-js/lib/starlingmonkey_embedding.wasm`;
  const adapter = `${modules}jco/lib/wasi_snapshot_preview1.reactor.wasm`;
  if (!existsSync(core) || !existsSync(adapter)) { t.skip('inputs missing'); return; }
  const bytes = await componentNew(readFileSync(core), [['wasi_snapshot_preview1', readFileSync(adapter)]]);
  readComponent(bytes); // warm up
  const t0 = performance.now();
  const ast = readComponent(bytes);
  const readMs = performance.now() - t0;
  assert.ok(equalBytes(writeComponent(ast), bytes), 'round trip');
  const cores = [...nestedModules(ast)];
  for (const m of cores) readCoreModuleSurface(m.bytes, m.offset);
  const imports = ast.sections.flatMap((s) => (s.kind === 'import' ? s.items : []));
  assert.ok(imports.some((i) => i.name.name.startsWith('wasi:io/streams@')));
  console.log(`real-world component: ${(bytes.length / 1e6).toFixed(2)} MB, ${cores.length} core modules, ${imports.length} imports, read in ${readMs.toFixed(2)} ms`);
});
