// `kumiki wit` on ordinary components vs `jco wit` (wit-component 0.259's `decode` + printer): every valid
// `(component …)` of the spec test suite and wasm-tools' component-model scripts that jco can describe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentWit } from '@bytecodealliance/jco';
import { assembleForm, readWastFile } from '../support/wast.js';
import { decodeWitFromBinary, printDecodedWit } from '../../src/wit-binary/index.js';
import { filesUnder } from '../support/files.js';

/** dist/test/wit-binary/ → the conformance corpora beside the repo. */
const ROOT = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));
const DIRS = ['component-model-spec/test', 'wasm-tools/component-model'];

/** jco's wasm panics print a Rust backtrace on stderr; keep the test output readable. */
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try { return await f(); } finally { process.stderr.write = write; }
}

test('component worlds: kumiki wit equals jco wit on the conformance components', async () => {
  const counts = { components: 0, both: 0, same: 0, jcoOnly: 0, kumikiOnly: 0, neither: 0 };
  const notes: string[] = [];
  for (const file of DIRS.flatMap((d) => filesUnder(join(ROOT, d), '.wast'))) {
    let script: ReturnType<typeof readWastFile>;
    try { script = readWastFile(file); } catch { continue; }
    for (const cmd of script.commands) {
      if (cmd.head !== 'component' || cmd.form?.kind !== 'component') continue;
      let bytes: Uint8Array;
      try { bytes = await assembleForm(cmd.form); } catch { continue; }
      counts.components++;
      const where = `${file.slice(ROOT.length)}:${cmd.line}`;
      const jco = await quietly(() => componentWit(bytes).then((t) => t, () => undefined));
      let ours: string | undefined;
      try {
        ours = printDecodedWit(decodeWitFromBinary(bytes));
      } catch (e) {
        // Refusals must be ours, never a crash of our own code.
        assert.ok(e instanceof Error && (e.name === 'ValidationError' || e.name === 'WitError'), `${where}: ${String(e)}`);
      }
      if (jco !== undefined && ours !== undefined) {
        counts.both++;
        if (jco === ours) counts.same++;
        else notes.push(`${where}: printed WIT differs`);
      } else if (jco !== undefined) { counts.jcoOnly++; notes.push(`${where}: kumiki refused, jco printed`); }
      else if (ours !== undefined) counts.kumikiOnly++;
      else counts.neither++;
    }
  }
  console.log(`components ${counts.components}: both printed ${counts.both} (identical ${counts.same}), only jco ${counts.jcoOnly}, only kumiki ${counts.kumikiOnly}, neither ${counts.neither}`);
  for (const n of notes) console.log(`  ${n}`);
  assert.ok(counts.both >= 140, `only ${counts.both} components printed by both`);
  assert.equal(counts.same, counts.both);
  assert.equal(counts.jcoOnly, 0);
});
