// The real-world tier, C: wasi-libc programs through the preview1 adapter, each run by `kumiki run` (or kumiki/wasi
// for reactor exports) and by jco's transpiled output, on Node, Bun and Deno: stdout, exit code and results equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { repoRoot } from '../support/build.js';
import { bothAgree, cProgram, haveWasiLibc, jcoRunner, kumikiRunner, runtimes, runUnder, type Outcome, type RunCase, type Runtime } from './build.js';

const skip = haveWasiLibc() ? false : 'wasi-libc is not installed (scripts/setup.sh installs it)';
const kumikiBin = join(repoRoot, 'bin', 'kumiki.js');
const RUNTIMES: Runtime[] = skip ? [] : runtimes();

async function both(component: string, c: RunCase, fresh?: () => void): Promise<Outcome> {
  return bothAgree(RUNTIMES, component, c, fresh);
}

test('real-world C: arguments with non-ASCII text, environment, exit codes', { skip }, async () => {
  const comp = await cProgram('args-env', 'command');
  const name = basename(comp).replace(/\.wasm$/, '');
  const ok = await both(comp, { args: [name, 'plain', 'ünïcödé ✓', '日本語', '😀'], env: { GREETING: 'Grüß dich', HOME: '/home/x' } });
  assert.match(ok.stdout, /^argc=5\narg\[1\]=plain \(5 bytes\)\narg\[2\]=ünïcödé ✓ \(15 bytes\)\narg\[3\]=日本語 \(9 bytes\)\narg\[4\]=😀 \(4 bytes\)\nenv count=2\nGREETING=Grüß dich\nHOME=\/home\/x\n$/);
  assert.equal(ok.status, 0);
  // Deny by default: no environment unless given.
  const bare = await both(comp, { args: [name] });
  assert.match(bare.stdout, /env count=0\nGREETING=\(unset\)\nHOME=\(unset\)/);
  const failed = await both(comp, { args: [name, 'fail'] });
  assert.equal(failed.status, 1); // wasi:cli/exit carries ok/err only: 7 is err
});

test('real-world C: files and directories in a mapped directory; without it the same read fails with the WASI error', { skip }, async () => {
  const comp = await cProgram('files', 'command');
  const name = basename(comp).replace(/\.wasm$/, '');
  const host = mkdtempSync(join(tmpdir(), 'kumiki-files-'));
  const fresh = (): void => {
    rmSync(host, { recursive: true, force: true });
    mkdirSync(host);
    writeFileSync(join(host, 'in.txt'), 'héllo from the host\n');
  };
  try {
    const r = await both(comp, { args: [name, '/data'], preopens: { '/data': host } }, fresh);
    assert.equal(r.stdout, [
      'read 21 bytes: héllo from the host', 'stat size=43 dir=0', 'entry renamed.txt',
      'missing: No such file or directory', 'done', '',
    ].join('\n'));
    assert.deepEqual(readdirSync(host), ['in.txt']);
    const denied = await both(comp, { args: [name, '/data'] }, fresh);
    assert.equal(denied.stdout, 'open /data/in.txt failed: Capabilities insufficient\n'); // ENOTCAPABLE: no preopen covers it
    assert.equal(denied.status, 1);
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
});

test('real-world C: stdin read to its end', { skip }, async () => {
  const comp = await cProgram('stdin', 'command');
  const name = basename(comp).replace(/\.wasm$/, '');
  const text = 'first line\nsecond, ünïcode\n' + 'x'.repeat(3000) + '\n';
  const r = await both(comp, { args: [name], stdin: text });
  assert.equal(r.stdout, `bytes=${Buffer.byteLength(text)} lines=3\n${text.toUpperCase().replace(/Ü/g, 'ü').replace(/Ï/g, 'ï')}`);
});

test('real-world C: clocks, random, sleep', { skip }, async () => {
  const comp = await cProgram('clocks-random', 'command');
  const name = basename(comp).replace(/\.wasm$/, '');
  const r = await both(comp, { args: [name] });
  assert.equal(r.stdout, 'wall after 2020: yes\nmonotonic ordered: yes\nentropy: differs\nsleep: 0\n');
});

test('real-world C: exit() codes', { skip }, async () => {
  const comp = await cProgram('exit', 'command');
  const name = basename(comp).replace(/\.wasm$/, '');
  assert.equal((await both(comp, { args: [name, '0'] })).status, 0);
  const r = await both(comp, { args: [name, '3'] });
  assert.equal(r.stdout, 'exiting with 3\n');
  assert.equal(r.status, 1); // wasi:cli/exit 0.2 carries ok/err only
});

const REACTOR_WIT = `package test:reactor;
world main {
  export greet: func(name: string) -> string;
  export count: func(n: u32) -> u32;
}`;

test('real-world C: a reactor\'s exports with non-ASCII strings and env, under kumiki/wasi and jco', { skip }, async () => {
  const comp = await cProgram('reactor', 'reactor', REACTOR_WIT);
  const runner = await jcoRunner(comp);
  const kumiki = kumikiRunner();
  const cases: RunCase[] = [
    { args: ['reactor'], env: { GREETING: 'Grüß dich' }, invoke: { fn: 'greet', args: ['Lin ✓ 日本'] } },
    { args: ['reactor'], invoke: { fn: 'greet', args: ['x'.repeat(5000)] } },
    { args: ['reactor'], invoke: { fn: 'count', args: [100] } },
  ];
  for (const rt of RUNTIMES) {
    for (const c of cases) {
      const k = runUnder(rt, kumiki, [comp, JSON.stringify(c)]);
      const j = runUnder(rt, runner, [JSON.stringify(c)]);
      assert.equal(k.stdout, j.stdout, `${rt.name} ${c.invoke!.fn}: kumiki and jco differ (kumiki stderr: ${k.stderr}; jco stderr: ${j.stderr})`);
      assert.equal(k.status, 0, k.stderr);
    }
  }
  const k = runUnder(RUNTIMES[0]!, kumiki, [comp, JSON.stringify(cases[0])]);
  assert.equal(k.stdout, '"Grüß dich, Lin ✓ 日本!"\n');
  // `kumiki run --invoke` with WAVE in and out.
  const w = runUnder(RUNTIMES[0]!, kumikiBin, ['run', '--env', 'GREETING=Hi', '--invoke', 'greet("Lin \\u{1F600}")', comp]);
  assert.equal(w.stdout, '"Hi, Lin 😀!"\n', w.stderr);
  const n = runUnder(RUNTIMES[0]!, kumikiBin, ['run', '--invoke', 'count(7)', comp]);
  assert.equal(n.stdout, '7\n', n.stderr);
  // Errors on the command line say what is wrong.
  const noRun = runUnder(RUNTIMES[0]!, kumikiBin, ['run', comp]);
  assert.equal(noRun.status, 1);
  assert.match(noRun.stderr, /does not export wasi:cli\/run .*use --invoke/);
  const badArg = runUnder(RUNTIMES[0]!, kumikiBin, ['run', '--invoke', 'count("x")', comp]);
  assert.equal(badArg.status, 1);
  assert.match(badArg.stderr, /count: expected a u32 value, got a string \(at offset 6\)/);
  const badName = runUnder(RUNTIMES[0]!, kumikiBin, ['run', '--invoke', 'nope()', comp]);
  assert.match(badName.stderr, /no exported function 'nope' \(exported functions: greet, count\)/);
  const badOption = runUnder(RUNTIMES[0]!, kumikiBin, ['run', '--frobnicate', comp]);
  assert.equal(badOption.status, 2);
  assert.match(badOption.stderr, /unknown option --frobnicate/);
});

test('real-world: the runtimes this machine runs the tier on', { skip }, () => {
  // Bun and Deno come from the pinned npm packages; the tier is only complete when both run here.
  assert.deepEqual(RUNTIMES.map((r) => r.name), ['node', 'bun', 'deno']);
});
