// `kumiki validate FILE…`: one line per file, exit 0 when all are valid, 1 otherwise, 2 on usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco';
import { command } from '../../src/cli/validate.js';

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = console.log, err = console.error;
  console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
  console.error = (...a: unknown[]) => { lines.push(a.join(' ')); };
  try {
    return { code: await command.run(args), lines };
  } finally {
    console.log = log;
    console.error = err;
  }
}

test('kumiki validate reports each file and sets the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-validate-'));
  try {
    const ok = join(dir, 'ok.wasm'), bad = join(dir, 'bad.wasm'), gated = join(dir, 'gated.wasm');
    writeFileSync(ok, await parse('(component (type $r (record (field "a" u32))) (export "r" (type $r)))'));
    writeFileSync(bad, await parse('(component (type $r (record (field "a" u32))) (type $f (func (result $r))) (export "f" (type $f)))'));
    writeFileSync(gated, await parse('(component (type (list u8 4)))'));
    const all = await run([ok, bad]);
    assert.equal(all.code, 1);
    assert.deepEqual(all.lines, [`${ok}: valid`, `${bad}: invalid: type not valid to be used as export (at offset 0x17)`]);
    assert.equal((await run([ok])).code, 0);
    assert.equal((await run([gated])).code, 1);
    assert.equal((await run(['--features', 'cm-fixed-length-lists', gated])).code, 0);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['--features', 'nope', ok])).code, 2);
    const missing = await run([join(dir, 'missing.wasm')]);
    assert.equal(missing.code, 1);
    assert.match(missing.lines[0]!, /missing\.wasm: error: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
