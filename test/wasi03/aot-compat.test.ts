// The `compat` option reaches transpiled (AOT) code: a WASI 0.3 program built by a wit-bindgen that cancels its
// wake-up stream synchronously while in a waitable set (CanonicalABI.md traps for it) runs from `kumiki transpile`
// output with `compat: ['sync-cancel-in-set']`, as it does from `Component.compile(bytes, { compat })`, and traps
// without it, as the JIT does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpile } from '../../src/tools/transpile.js';
import { wasi } from '../../src/wasi/index.js';
import { exitCodeOf } from '../../src/wasi/index.js';
import { runCommand03, runExport03 } from '../../src/cli/run.js';
import type { CompatOption } from '../../src/program/compat.js';
import { repoRoot } from '../support/build.js';
import { CONFORMANCE } from './run03.js';

const HELLO = join(CONFORMANCE, 'jco-p3/cli/p3-cli-hello-stdout.wasm');

/** Transpiles HELLO (one file, the runtime as this build's file), imports it and runs it: exit code, stdout, trap. */
async function runTranspiled(dir: string, name: string, compat: readonly CompatOption[]): Promise<{ code: number; out: string; trap?: string }> {
  const runtime = pathToFileURL(join(repoRoot, 'dist/src/entries/transpiled.js')).href;
  const { files } = transpile(new Uint8Array(readFileSync(HELLO)), { name, runtime, base64Cutoff: Infinity, ...(compat.length > 0 ? { compat } : {}) });
  const js = files.get(`${name}.js`) as string;
  writeFileSync(join(dir, `${name}.mjs`), js);
  const mod = await import(pathToFileURL(join(dir, `${name}.mjs`)).href) as { instantiate(imports: unknown): Promise<Record<string, unknown>> };
  let out = '';
  const exports = await mod.instantiate(await wasi({ stdout: (b) => { out += Buffer.from(b).toString(); }, stderr: 'ignore' }));
  try {
    return { code: await runCommand03(runExport03(exports)!), out };
  } catch (e) {
    const c = exitCodeOf(e);
    if (c !== undefined) return { code: c, out };
    if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    return { code: 1, out, trap: e.message };
  }
}

test('transpile({ compat }): the module links with the async runtime\'s compatibility options (and traps without them)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-aot-compat-'));
  try {
    const js = transpile(new Uint8Array(readFileSync(HELLO)), { name: 'hello', compat: ['sync-cancel-in-set'] }).files.get('hello.js') as string;
    assert.match(js, /asyncRuntime\.withCompat\(\["sync-cancel-in-set"\]\)/);
    assert.throws(() => transpile(new Uint8Array(readFileSync(HELLO)), { compat: ['no-such' as CompatOption] }), /unknown compatibility option 'no-such'/);
    assert.deepEqual(await runTranspiled(dir, 'with', ['sync-cancel-in-set']), { code: 0, out: 'hello, world\n' });
    const without = await runTranspiled(dir, 'without', []);
    assert.equal(without.code, 1);
    assert.match(without.trap ?? '', /waitable cannot be used synchronously while added to a waitable set/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
