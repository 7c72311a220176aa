// `kumiki inspect`: tree and JSON output for a component file, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../src/cli/inspect.js';
import { RICH_COMPONENT, assemble } from './fixtures.js';

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...xs: unknown[]) => { lines.push(xs.join(' ')); };
  try {
    const code = await command.run(args);
    return { code, out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

test('kumiki inspect prints the tree and the AST as JSON', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-inspect-'));
  try {
    const file = join(dir, 'rich.wasm');
    writeFileSync(file, await assemble(RICH_COMPONENT));
    const tree = await capture([file]);
    assert.equal(tree.code, 0);
    assert.match(tree.out, /^component \(\d+ bytes\)/);
    assert.match(tree.out, /core module 0 \(\d+ bytes @0xb\)\n│  import "env" "f": func \(func \(param i32 i32\) \(result i32\)\)/);
    assert.match(tree.out, /core func 1 = canon resource.new resource 0/);
    assert.match(tree.out, /│    export "read": func 0 : type \d+ = func\(s: u64\) -> type \d+/);
    const json = await capture([file, '--json']);
    assert.equal(json.code, 0);
    const ast = JSON.parse(json.out) as { kind: string; sections: { kind: string; module?: { bytes: { bytes: number } } }[] };
    assert.equal(ast.kind, 'component');
    assert.ok(ast.sections[0]!.module!.bytes.bytes > 100);
    const lean = await capture([file, '--no-modules']);
    assert.doesNotMatch(lean.out, /import "env" "f"/);
    const errors: string[] = [];
    const err = console.error;
    console.error = (...xs: unknown[]) => { errors.push(xs.join(' ')); };
    try {
      assert.equal(await command.run([]), 2);
      assert.equal(await command.run([file, '--bogus']), 2);
    } finally {
      console.error = err;
    }
    assert.match(errors.join('\n'), /usage: kumiki inspect/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
