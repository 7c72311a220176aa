// `kumiki run` (WASI 0.3) after `run` returned: it waits for the command's task, not a fixed time. The fixture
// (component text) returns `ok` at once, then waits 300 ms on wasi:clocks' wait-for and only then writes "late\n"
// to a fresh stdout stream and exits: its output comes after task.return and after a moment with no stream open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Component } from '../../src/index.js';
import { wasi03 } from '../../src/wasi/index.js';
import { runCommand03, runExport03 } from '../../src/cli/run.js';
import { assemble, repoRoot } from '../support/build.js';
import { RUN_EXPORT } from '../support/wat-snippets.js';

const LATE_WAT = `(component
  (import "wasi:clocks/monotonic-clock@0.3.0" (instance $clock
    (export "wait-for" (func async (param "how-long" u64)))))
  (alias export $clock "wait-for" (func $wait-for))
  (import "wasi:cli/stdout@0.3.0" (instance $stdout
    (type $e (enum "io" "illegal-byte-sequence" "pipe"))
    (export "error-code" (type $ec (eq $e)))
    (type $s (stream u8))
    (type $res (result (error $ec)))
    (type $f (future $res))
    (export "write-via-stream" (func (param "data" $s) (result $f)))))
  (alias export $stdout "write-via-stream" (func $wvs))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (type $S (stream u8))
  (type $R (result))
  (core func $wait-for (canon lower (func $wait-for) async (memory $memory)))
  (core func $wvs (canon lower (func $wvs) (memory $memory)))
  (core func $subtask.drop (canon subtask.drop))
  (core func $stream.new (canon stream.new $S))
  (core func $stream.write (canon stream.write $S async (memory $memory)))
  (core func $stream.drop-writable (canon stream.drop-writable $S))
  (core func $waitable-set.new (canon waitable-set.new))
  (core func $waitable.join (canon waitable.join))
  (core func $ret (canon task.return (result $R)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "wait-for" (func $wait-for (param i64) (result i32)))
    (import "" "wvs" (func $wvs (param i32) (result i32)))
    (import "" "subtask.drop" (func $subtask.drop (param i32)))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
    (import "" "waitable-set.new" (func $waitable-set.new (result i32)))
    (import "" "waitable.join" (func $waitable.join (param i32 i32)))
    (import "" "ret" (func $ret (param i32)))
    (data (i32.const 16) "late\\0a")
    (global $ws (mut i32) (i32.const 0))
    (global $sub (mut i32) (i32.const 0))
    (global $tx (mut i32) (i32.const 0))
    (global $phase (mut i32) (i32.const 0))
    (func $wait (result i32) (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))
    ;; a fresh stdout stream, "late\\n" written into it; EXIT once written
    (func $write (result i32) (local $p i64) (local $r i32)
      (local.set $p (call $stream.new))
      (global.set $tx (i32.wrap_i64 (i64.shr_u (local.get $p) (i64.const 32))))
      (drop (call $wvs (i32.wrap_i64 (local.get $p))))
      (local.set $r (call $stream.write (global.get $tx) (i32.const 16) (i32.const 5)))
      (if (i32.eq (local.get $r) (i32.const -1)) (then
        (global.set $phase (i32.const 1))
        (call $waitable.join (global.get $tx) (global.get $ws))
        (return (call $wait))))
      (call $stream.drop-writable (global.get $tx))
      (i32.const 0))
    (func (export "run") (result i32) (local $r i32)
      (global.set $ws (call $waitable-set.new))
      ;; ok, at once: the caller's promise settles here
      (call $ret (i32.const 0))
      (local.set $r (call $wait-for (i64.const 300000000)))
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2)) (then (return (call $write))))
      (global.set $sub (i32.shr_u (local.get $r) (i32.const 4)))
      (call $waitable.join (global.get $sub) (global.get $ws))
      (call $wait))
    (func (export "run-cb") (param $e i32) (param $i i32) (param $payload i32) (result i32)
      (if (i32.eqz (global.get $phase)) (then
        (if (i32.ne (local.get $payload) (i32.const 2)) (then (return (call $wait))))
        (call $subtask.drop (global.get $sub))
        (return (call $write))))
      (call $waitable.join (global.get $tx) (i32.const 0))
      (call $stream.drop-writable (global.get $tx))
      (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory))
    (export "wait-for" (func $wait-for)) (export "wvs" (func $wvs)) (export "subtask.drop" (func $subtask.drop))
    (export "stream.new" (func $stream.new)) (export "stream.write" (func $stream.write))
    (export "stream.drop-writable" (func $stream.drop-writable))
    (export "waitable-set.new" (func $waitable-set.new)) (export "waitable.join" (func $waitable.join))
    (export "ret" (func $ret))))))
  ${RUN_EXPORT}`;

test('WASI 0.3 run from the API: output the task writes after returning (after a wait, on a new stream) is there when runCommand03 resolves', async () => {
  const c = await Component.compile(await assemble(LATE_WAT));
  const out: string[] = [];
  const instance = c.instantiate(wasi03({ stdout: (b) => { out.push(new TextDecoder().decode(b)); } }));
  const t0 = performance.now();
  const code = await runCommand03(runExport03(instance.exports)!);
  const ms = performance.now() - t0;
  assert.deepEqual([code, out.join('')], [0, 'late\n']);
  assert.ok(ms >= 290, `resolved after ${ms} ms, before the task's 300 ms wait ended`);
});

test('kumiki run (WASI 0.3): prints what the task writes after returning, and exits when the task ends (no fixed wait)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-late-'));
  try {
    const file = join(dir, 'late.wasm');
    writeFileSync(file, await assemble(LATE_WAT));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/kumiki.js'), 'run', file], { encoding: 'utf8', input: '', timeout: 60_000 });
    const ms = performance.now() - t0;
    assert.deepEqual([r.status, r.stdout], [0, 'late\n'], r.stderr);
    // Well under the old bounded 5 s wait (node's start-up and the compile take the rest).
    assert.ok(ms < 4_500, `kumiki run took ${ms} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
