// Issue 10, point 5 (CLI): input files are bounded. Devices, FIFOs and directories are refused with a message naming
// the file and why (`kumiki validate /dev/zero` used to read forever); files over the size cap
// (`KUMIKI_MAX_INPUT_BYTES`, default 1 GiB) are refused too; stdin is read up to the cap.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/build.js';

const kumiki = join(repoRoot, 'bin', 'kumiki.js');
const dir = join(repoRoot, '.cache', 'hostile-cli');

function run(args: string[], opts: { env?: Record<string, string>; input?: Uint8Array } = {}): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [kumiki, ...args], {
    encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...opts.env }, ...(opts.input ? { input: opts.input } : {}),
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('hostile: CLI inputs', () => {
  before(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hundred.wasm'), new Uint8Array(100));
    spawnSync('mkfifo', [join(dir, 'fifo.wasm')]);
  });

  it('refuses character devices, FIFOs and directories in every reading command', () => {
    for (const cmd of [['validate'], ['inspect'], ['types'], ['wit'], ['call'], ['transpile', '-o', join(dir, 'out')]]) {
      const r = run([...cmd.slice(0, 1), '/dev/zero', ...(cmd[0] === 'call' ? ['f'] : []), ...cmd.slice(1)]);
      assert.equal(r.status, 1, `${cmd[0]}: ${r.out}`);
      assert.match(r.out, /\/dev\/zero: refusing to read a character device: expected a regular file/, cmd[0]);
    }
    const fifo = run(['validate', join(dir, 'fifo.wasm')]);
    assert.equal(fifo.status, 1);
    assert.match(fifo.out, /fifo\.wasm: refusing to read a FIFO/);
    writeFileSync(join(dir, 'core.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    const wit = run(['embed', join(dir, 'core.wasm'), '--wit', '/dev/zero', '-o', join(dir, 'out.wasm')]);
    assert.equal(wit.status, 1, wit.out);
    assert.match(wit.out, /\/dev\/zero: refusing to read a character device/);
    const folder = run(['inspect', dir]);
    assert.equal(folder.status, 1);
    assert.match(folder.out, /refusing to read a directory/);
  });

  it('refuses files and stdin over the size cap, with the cap in the message', () => {
    const env = { KUMIKI_MAX_INPUT_BYTES: '50' };
    const big = run(['validate', join(dir, 'hundred.wasm')], { env });
    assert.equal(big.status, 1);
    assert.match(big.out, /hundred\.wasm: 100 bytes is over the input size cap of 50 bytes \(set KUMIKI_MAX_INPUT_BYTES to raise it\)/);
    const stdin = run(['validate', '-'], { env, input: new Uint8Array(100) });
    assert.equal(stdin.status, 1);
    assert.match(stdin.out, /stdin: over the input size cap of 50 bytes/);
    // Under the cap the file is read and judged.
    const ok = run(['validate', join(dir, 'hundred.wasm')], { env: { KUMIKI_MAX_INPUT_BYTES: '100' } });
    assert.match(ok.out, /hundred\.wasm: invalid: /);
    const bad = run(['validate', join(dir, 'hundred.wasm')], { env: { KUMIKI_MAX_INPUT_BYTES: 'lots' } });
    assert.match(bad.out, /KUMIKI_MAX_INPUT_BYTES: expected a positive integer number of bytes, got 'lots'/);
  });
});
