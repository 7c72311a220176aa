// The `.wast` runtime runner itself (test/support/wast-run.ts, wast-run-isolated.ts): verdicts per command kind,
// failures inherited by dependent commands, and a hung script cut off without stopping the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWast } from '../support/wast.js';
import { runScript, type CommandResult } from '../support/wast-run.js';
import { IsolatedRunner } from '../support/wast-run-isolated.js';

/** A component exporting `seven: func() -> u32`, `boom: func()` (unreachable) and `r: func() -> result<u32, u8>`. */
const BASIC = `
(component $A
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 0) "\\01\\00\\00\\00\\2a\\00\\00\\00")
    (func (export "seven") (result i32) i32.const 7)
    (func (export "boom") unreachable)
    (func (export "r") (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (func (export "seven") (result u32) (canon lift (core func $i "seven")))
  (func (export "boom") (canon lift (core func $i "boom")))
  (func (export "r") (result (result u32 (error u8))) (canon lift (core func $i "r") (memory (core memory $i "mem")))))
`;

/** Instantiation traps (a core start function hits `unreachable`). */
const TRAPS_ON_START = `
(component definition $S
  (core module $m (func $s unreachable) (start $s) (func (export "f") (result i32) i32.const 1))
  (core instance $i (instantiate $m))
  (func (export "f") (result u32) (canon lift (core func $i "f"))))
`;

const statuses = (rs: readonly CommandResult[]): string[] => rs.map((r) => `${r.head}:${r.status}`);

test('verdicts: assert_return, assert_trap, invoke, result<T, E> as ComponentError', async () => {
  const script = parseWast(`${BASIC}
(assert_return (invoke "seven") (u32.const 7))
(assert_return (invoke "seven") (u32.const 8))
(assert_trap (invoke "seven") "unreachable")
(assert_trap (invoke "boom") "unreachable")
(component $B ${BASIC.slice(BASIC.indexOf('(core module'))}
(invoke "seven")
(assert_return (invoke "r") (result.err (u8.const 42)))
(assert_return (invoke "r") (result.ok (u32.const 42)))
(assert_return (invoke "nope"))
`);
  const rs = await runScript(script, { features: [] });
  assert.deepEqual(statuses(rs), [
    'component:pass', 'assert_return:pass', 'assert_return:fail', 'assert_trap:fail', 'assert_trap:pass',
    'component:pass', 'invoke:pass', 'assert_return:pass', 'assert_return:fail', 'assert_return:fail',
  ]);
  assert.match(rs[2]!.reason!, /^Mismatch: result: expected \(u32\.const 8\), got 7/);
  assert.match(rs[3]!.reason!, /^NoTrap/);
  assert.match(rs[8]!.reason!, /returned normally|ComponentError/);
  assert.match(rs[9]!.reason!, /no function export "nope"/);
  assert.deepEqual(rs.map((r) => r.bucket), ['other', 'assert_return', 'assert_return', 'assert_trap', 'assert_trap', 'other', 'other', 'assert_return', 'assert_return', 'assert_return']);
});

test('a failed instantiation fails its dependents with its reason; assert_trap over an instantiation', async () => {
  const script = parseWast(`${TRAPS_ON_START}
(assert_trap (component instance $S) "unreachable")
(component instance $s $S)
(assert_return (invoke "f") (u32.const 1))
(assert_return (invoke $s "f") (u32.const 1))
`);
  const rs = await runScript(script, { features: [] });
  assert.deepEqual(statuses(rs), ['component:pass', 'assert_trap:pass', 'component:fail', 'assert_return:fail', 'assert_return:fail']);
  assert.match(rs[2]!.reason!, /^(Trap|RuntimeError)/);
  assert.equal(rs[3]!.reason, rs[2]!.reason);
  assert.equal(rs[4]!.reason, rs[2]!.reason);
});

test('assert_malformed / assert_invalid must be rejected at compile', async () => {
  const script = parseWast(`
(assert_malformed (component binary "\\00asm\\0d\\00\\01\\00\\ff") "bad")
(assert_invalid (component binary "\\00asm\\0d\\00\\01\\00") "not invalid at all")
`);
  const rs = await runScript(script, { features: [] });
  assert.deepEqual(statuses(rs), ['assert_malformed:pass', 'assert_invalid:fail']);
  assert.match(rs[1]!.reason!, /^Accepted/);
});

test('a hung script is cut off; its later commands fail, the next script still runs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-wast-'));
  const runner = new IsolatedRunner();
  try {
    const ok = join(dir, 'ok.wast');
    writeFileSync(ok, `${BASIC}\n(assert_return (invoke "seven") (u32.const 7))\n`);
    const hang = join(dir, 'hang.wast');
    writeFileSync(hang, `${BASIC}
(component $L
  (core module $m (func (export "spin") (loop $l (br $l))))
  (core instance $i (instantiate $m))
  (func (export "spin") (canon lift (core func $i "spin"))))
(assert_return (invoke "seven") (u32.const 7))
(invoke "spin")
(assert_return (invoke "seven") (u32.const 7))
`);
    // Warm-up: the worker's first script also pays for loading the assembler.
    assert.deepEqual(statuses(await runner.run(ok, { features: [] }, 30_000)), ['component:pass', 'assert_return:pass']);
    const rs = await runner.run(hang, { features: [] }, 1500);
    assert.deepEqual(statuses(rs), ['component:pass', 'component:pass', 'assert_return:fail', 'invoke:fail', 'assert_return:fail']);
    assert.match(rs[2]!.reason!, /no function export "seven"/);
    assert.match(rs[3]!.reason!, /^Timeout/);
    assert.match(rs[4]!.reason!, /did not finish/);
    assert.deepEqual(statuses(await runner.run(ok, { features: [] }, 30_000)), ['component:pass', 'assert_return:pass']);
  } finally {
    await runner.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
