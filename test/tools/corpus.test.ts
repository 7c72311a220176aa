// Every world of wasm-tools' wit-parser UI corpus (read from ../shared/conformance) gives declarations that
// TypeScript accepts under `strict`, with every handle resolved to a named class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { worldToComponentType } from '../../src/wit/to-types.js';
import { loadWit } from '../../src/wit-binary/load-node.js';
import { componentTypeToDts } from '../../src/tools/dts.js';
import { witDocs } from '../../src/tools/wit-docs.js';
import { repoRoot } from '../support/build.js';
import { validCases } from '../wit/corpus.js';

test('wit-parser UI corpus: the .d.ts of every world type-checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-dts-corpus-'));
  try {
    const files: string[] = [];
    let cases = 0;
    const skipped: string[] = [];
    for (const c of validCases()) {
      if (c.input.endsWith('.wat')) continue; // component text needs an assembler; covered by the WIT tests
      let parsed: ReturnType<typeof loadWit>;
      try {
        parsed = loadWit(c.input, { allFeatures: true });
      } catch (e) {
        skipped.push(`${c.name}: ${(e as Error).message.split('\n')[0]}`); // the WIT front end's business, not this test's
        continue;
      }
      cases++;
      parsed.resolve.worlds.forEach((_w, id) => {
        const dts = componentTypeToDts(worldToComponentType(parsed.resolve, id), { docs: witDocs(parsed.resolve, id) });
        assert.doesNotMatch(dts, /: unknown\b/, `${c.name} world ${id}: an unresolved type`);
        const f = join(dir, `${c.name}-${id}.d.ts`);
        writeFileSync(f, dts);
        files.push(f);
      });
    }
    assert.ok(cases > 60 && files.length > 90 && skipped.length < 10, `only ${cases} cases / ${files.length} worlds; skipped:\n${skipped.join('\n')}`);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,esnext.disposable', '--types', '', ...files], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
    console.log(`# ${files.length} worlds from ${cases} corpus cases type-check; ${skipped.length} cases did not load: ${skipped.join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
