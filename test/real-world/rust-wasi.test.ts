// The real-world tier, Rust: a std program built with Debian's rustc for wasm32-wasi through the preview1 adapter,
// run by `kumiki run` and by jco's transpiled output on Node, Bun and Deno: same stdout and exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bothAgree, haveRust, runtimes, rustProgram } from './build.js';

const skip = haveRust() ? false : "Debian's rustc with the wasm32-wasi std is not installed (scripts/setup.sh installs rustc and libstd-rust-dev-wasm32)";

test('real-world Rust: args, env, a mapped directory, stdin, clocks, exit code agree with jco', { skip, timeout: 120_000 }, async () => {
  const comp = await rustProgram('cli');
  const rts = runtimes();
  const host = mkdtempSync(join(tmpdir(), 'kumiki-rs-'));
  try {
    writeFileSync(join(host, 'in.txt'), 'héllo\n');
    const ok = await bothAgree(rts, comp, { args: ['cli', 'x', 'ünï 日本'], env: { LANG: 'C', K: 'ü' }, preopens: { '/data': host }, stdin: 'abc ü\nsecond\n' });
    assert.equal(ok.stdout, [
      'args: ["x", "ünï 日本"]', 'env: [("K", "ü"), ("LANG", "C")]', 'file: "héllo\\n"', 'dir: ["in.txt"]',
      'stdin: 13 chars, 2 lines, upper "ABC Ü\\nSECOND\\n"', 'clocks: wall after 2020 true, monotonic ordered true', '',
    ].join('\n'));
    assert.equal(ok.status, 0);
    // Deny by default: no directory, no environment.
    const denied = await bothAgree(rts, comp, { args: ['cli', 'fail'] });
    assert.match(denied.stdout, /^args: \["fail"\]\nenv: \[\]\nfile error: \w+\ndir error: \w+\n/);
    assert.equal(denied.status, 1);
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
});
