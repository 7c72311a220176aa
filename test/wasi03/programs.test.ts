// The WASI 0.3 programs of jco-p3 (cli, clocks, random, fs; wasmtime's P3 test programs, which check themselves:
// exit 0 and the expected stdout) under kumiki/wasi, from the API and through `kumiki run`; deny by default; the
// in-memory file system. All on the Node running the tests (20 included: nothing here blocks synchronously).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE, run03 } from './run03.js';
import { MemoryFs } from '../../src/wasi/index.js';

const P3 = join(CONFORMANCE, 'jco-p3');
const KUMIKI = new URL('../../../bin/kumiki.js', import.meta.url).pathname;

/** The programs, what jco's tests pass them, and what they print. */
const PROGRAMS: readonly { file: string; args?: string[]; env?: Record<string, string>; out: string; err?: string; dir?: boolean }[] = [
  { file: 'cli/p3-cli-hello-stdout.wasm', out: 'hello, world\n' },
  { file: 'cli/p3-cli-hello-stdout-post-return.wasm', out: 'hello, world\nhello again, after return\n' },
  { file: 'cli/p3-cli-much-stdout.wasm', args: ['p3_cli_much_stdout.component', 'abc', '50'], out: 'abc'.repeat(50) },
  // p3_cli checks its arguments and that the environment is not empty.
  { file: 'cli/p3-cli.wasm', args: ['p3_cli.component', '.'], env: { GREETING: 'hi' }, out: 'hello stdout\n', err: 'hello stderr\n' },
  { file: 'clocks/p3-clocks-sleep.wasm', out: '' },
  { file: 'random/p3-random-imports.wasm', out: '' },
  { file: 'fs/p3-file-write.wasm', out: '', dir: true },
  { file: 'fs/p3-filesystem-file-read-write.wasm', out: '', dir: true },
  { file: 'fs/p3-readdir.wasm', out: '', dir: true },
];

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'kumiki-p3-'));
}

test('jco-p3 WASI 0.3 programs from the API: exit 0 and the expected output', async () => {
  for (const p of PROGRAMS) {
    const dir = p.dir === true ? scratch() : undefined;
    try {
      const r = await run03(join(P3, p.file), { args: p.args ?? [p.file], env: p.env ?? {}, ...(dir !== undefined ? { preopens: { '/': dir } } : {}) });
      assert.deepEqual([r.code, r.trap, r.out], [0, undefined, p.out], `${p.file}: stderr ${r.err}`);
      if (p.err !== undefined) assert.equal(r.err, p.err, p.file);
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('jco-p3 WASI 0.3 programs through `kumiki run` (WASI 0.3 chosen by the export): exit 0 and the expected output', () => {
  for (const p of PROGRAMS) {
    const dir = p.dir === true ? scratch() : undefined;
    try {
      const [argv0, ...rest] = p.args ?? [];
      const argv = [
        KUMIKI, 'run', '--compat', 'sync-cancel-in-set', ...(argv0 !== undefined ? ['--argv0', argv0] : []), ...Object.entries(p.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
        ...(dir !== undefined ? ['--dir', `${dir}::/`] : []), join(P3, p.file), ...rest,
      ];
      const r = spawnSync(process.execPath, argv, { encoding: 'utf8', input: '', timeout: 60_000 });
      assert.deepEqual([r.status, r.stdout], [0, p.out], `${p.file}: ${r.stderr}`);
    } finally {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('kumiki run: a WASI 0.3 command exiting with an error result exits 1; a trap exits non-zero', () => {
  const tmp = scratch();
  try {
    // p3_cli_much_stdout without its arguments panics (a trap), as under wasmtime.
    const r = spawnSync(process.execPath, [KUMIKI, 'run', '--compat', 'sync-cancel-in-set', join(P3, 'cli/p3-cli-much-stdout.wasm')], { encoding: 'utf8', input: '', timeout: 60_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /panicked/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('deny by default: no arguments, environment or directories unless granted', async () => {
  // p3_cli asserts a non-empty environment: with none granted it fails.
  const r = await run03(join(P3, 'cli/p3-cli.wasm'), { args: ['p3_cli.component', '.'] });
  assert.notEqual(r.code, 0);
  assert.match(r.err, /left != right|assertion/);
  // The file programs need a preopen: with none they cannot open their scratch directory.
  const f = await run03(join(P3, 'fs/p3-file-write.wasm'), {});
  assert.notEqual(f.code, 0);
});

test('the in-memory file system serves the file programs (also the browser provider), and keeps what they wrote', async () => {
  for (const file of ['fs/p3-file-write.wasm', 'fs/p3-filesystem-file-read-write.wasm', 'fs/p3-readdir.wasm']) {
    const fs = new MemoryFs();
    const r = await run03(join(P3, file), { args: [file], preopens: { '/': fs } });
    assert.deepEqual([r.code, r.trap], [0, undefined], `${file}: ${r.err}`);
  }
  const fs = new MemoryFs({ 'a.txt': 'hello' });
  const r = await run03(join(P3, 'fs/p3-file-write.wasm'), { args: ['w'], preopens: { '/': fs } });
  assert.equal(r.code, 0);
  // p3_file_write leaves its 64 KiB file behind.
  assert.equal(fs.readFile('long_write.txt')?.length, 65536);
  assert.equal(new TextDecoder().decode(fs.readFile('a.txt')), 'hello');
});

test('a host directory: the guest sees only its preopen (a symlink out of it is refused)', async () => {
  const root = scratch();
  const outside = scratch();
  try {
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(outside, join(root, 'escape'));
    const { wasi03 } = await import('../../src/wasi/index.js');
    const imports = wasi03({ preopens: { '/': root } });
    const [[dir]] = (imports['wasi:filesystem/preopens@0.3.0'] as { getDirectories(): [unknown, string][] }).getDirectories() as [[{ openAt(...a: unknown[]): Promise<unknown>; statAt(...a: unknown[]): Promise<unknown> }, string]];
    await assert.rejects(dir.openAt({}, 'escape/secret.txt', {}, { read: true }), (e: unknown) => (e as { tag?: string }).tag === 'not-permitted');
    await assert.rejects(dir.openAt({}, '../x', {}, { read: true }), (e: unknown) => (e as { tag?: string }).tag === 'not-permitted');
    await assert.rejects(dir.statAt({}, 'missing'), (e: unknown) => (e as { tag?: string }).tag === 'no-entry');
    assert.equal(readFileSync(join(outside, 'secret.txt'), 'utf8'), 'secret');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
