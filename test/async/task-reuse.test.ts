// A JS call of an async export that returns and exits in its first run leaves its task object to the next call
// (runtime/async/calls.ts TaskRun.reusable), and so does one that waited, once nothing holds it (spareAfterWait:
// its host Promises settled). Nothing of one call may show in the next: its context slots, and a
// root that a callee or a host Promise of the earlier call still holds (a late rejection there must not end the
// later call), and a stream it passed that fails later (its error goes to onStreamError, not to the later call).
// Codegen, interp and AOT.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, onStreamError } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../support/wast-run-aot.js';

const WAT = `(component
  (import "host" (func $host async (param "a" u32) (result u32)))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $host (canon lower (func $host) async (memory $memory)))
  (type $S (stream u8))
  (core func $sread (canon stream.read $S async (memory $memory)))
  (core func $sdropr (canon stream.drop-readable $S))
  (core func $ret (canon task.return (result u32)))
  (core func $cget (canon context.get i32 0))
  (core func $cset (canon context.set i32 0))
  (core func $ws.new (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "host" (func $host (param i32 i32) (result i32)))
    (import "" "ret" (func $ret (param i32)))
    (import "" "cget" (func $cget (result i32)))
    (import "" "cset" (func $cset (param i32)))
    (import "" "ws.new" (func $ws.new (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    (import "" "sread" (func $sread (param i32 i32 i32) (result i32)))
    (import "" "sdropr" (func $sdropr (param i32)))
    ;; ctx(v): returns context slot 0 as the task found it, then sets it to v
    (func (export "ctx") (param i32) (result i32)
      (call $ret (call $cget))
      (call $cset (local.get 0))
      (i32.const 0))
    (global $ws (mut i32) (i32.const 0))
    ;; wait-on(r): joins the subtask of an async lower's result r to the waitable set (made once), returns WAIT on it
    (func $wait-on (param $r i32) (result i32)
      (if (i32.eqz (global.get $ws)) (then (global.set $ws (call $ws.new))))
      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (global.get $ws))
      (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))
    ;; fire(wait): calls the async host import; wait = 0: returns 0 and exits at once (its subtask stays pending);
    ;; otherwise waits for the host and returns its result
    (func (export "fire") (param $wait i32) (result i32) (local $r i32)
      (local.set $r (call $host (local.get $wait) (i32.const 16)))
      (if (i32.eqz (local.get $wait)) (then (call $ret (i32.const 0)) (return (i32.const 0))))
      (call $wait-on (local.get $r)))
    ;; keep(s, wait): wait = 0: starts reading s (JS's source is pulled), keeps it and returns 0 at once;
    ;; otherwise drops s, waits for the async host import and returns its result
    (func (export "keep") (param $s i32) (param $wait i32) (result i32)
      (if (i32.eqz (local.get $wait)) (then
        (drop (call $sread (local.get $s) (i32.const 64) (i32.const 16)))
        (call $ret (i32.const 0))
        (return (i32.const 0))))
      (call $sdropr (local.get $s))
      (call $wait-on (call $host (i32.const 1) (i32.const 16))))
    (func (export "fire-cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $p) (i32.const 2)) (then (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
      (call $sdrop (local.get $i))
      (call $ret (i32.load (i32.const 16)))
      (i32.const 0))
    ;; wctx(v): keeps context slot 0 as the task found it, sets it to v, waits for the async host import, then
    ;; returns the slot as found
    (global $saved (mut i32) (i32.const 0))
    (func (export "wctx") (param $v i32) (result i32)
      (global.set $saved (call $cget))
      (call $cset (local.get $v))
      (call $wait-on (call $host (i32.const 1) (i32.const 16))))
    (func (export "wctx-cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $p) (i32.const 2)) (then (return (i32.or (i32.const 2) (i32.shl (global.get $ws) (i32.const 4))))))
      (call $sdrop (local.get $i))
      (call $ret (global.get $saved))
      (i32.const 0))
    ;; trap-if(v): traps when v is not 0, else returns 0 at once
    (func (export "trap-if") (param i32) (result i32)
      (if (local.get 0) (then unreachable))
      (call $ret (i32.const 0))
      (i32.const 0))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory)) (export "host" (func $host)) (export "ret" (func $ret))
    (export "cget" (func $cget)) (export "cset" (func $cset)) (export "ws.new" (func $ws.new))
    (export "join" (func $join)) (export "sdrop" (func $sdrop)) (export "sread" (func $sread)) (export "sdropr" (func $sdropr))))))
  (func (export "ctx") async (param "v" u32) (result u32) (canon lift (core func $m "ctx") async (callback (core func $m "never"))))
  (func (export "wctx") async (param "v" u32) (result u32) (canon lift (core func $m "wctx") async (callback (core func $m "wctx-cb"))))
  (func (export "keep") async (param "s" $S) (param "wait" u32) (result u32) (canon lift (core func $m "keep") async (callback (core func $m "fire-cb"))))
  (func (export "trap-if") async (param "v" u32) (result u32) (canon lift (core func $m "trap-if") async (callback (core func $m "never"))))
  (func (export "fire") async (param "wait" u32) (result u32) (canon lift (core func $m "fire") async (callback (core func $m "fire-cb")))))`;

type Exports = Record<string, (...a: unknown[]) => Promise<unknown>>;
type Make = (imports: Record<string, unknown>) => Exports;

const bytes = await assemble(WAT);
const modes: [string, () => Promise<Make>][] = [
  ['codegen', async () => { const c = await Component.compile(bytes, { mode: 'codegen' }); return (i) => c.instantiate(i).exports as Exports; }],
  ['interp', async () => { const c = await Component.compile(bytes, { mode: 'interp' }); return (i) => c.instantiate(i).exports as Exports; }],
  ['aot', async () => { const c = await compileAot(bytes, []); return (i) => c.instantiate(i as never).exports as Exports; }],
];

/** What each call of `calls` on a fresh instance gave: its value, or its error's class and message. */
async function outcomes(make: Make, calls: readonly ((x: Exports) => Promise<unknown>)[]): Promise<string[]> {
  const x = make({ host: () => 0 });
  const out: string[] = [];
  for (const c of calls) {
    try {
      out.push(`value ${String(await c(x))}`);
    } catch (e) {
      out.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
  }
  return out;
}

// A codegen or AOT lift's JS function is its own (codegen/async-entry.ts): its fast path on a reused task must give
// what interp's shared entry gives, for a bad argument and for a trap.
describe('the fast path of a reused task: the same values and errors in every mode', () => {
  it('a bad argument, a call after it, a trap, and the poisoned instance after it', async () => {
    const calls: ((x: Exports) => Promise<unknown>)[] = [
      (x) => x.ctx!(1), (x) => x.ctx!('one'), (x) => x.ctx!(-1), (x) => x.ctx!(2),
      (x) => x.trapIf!(0), (x) => x.trapIf!(0), (x) => x.trapIf!(1), (x) => x.trapIf!(0), (x) => x.ctx!(3),
    ];
    const all = await Promise.all(modes.map(async ([, compile]) => outcomes(await compile(), calls)));
    assert.equal(all[0]![0], 'value 0');
    assert.match(all[0]![1]!, /TypeError: ctx\(v\): expected u32/);
    assert.match(all[0]![2]!, /RangeError: ctx\(v\)/);
    assert.equal(all[0]![3], 'value 0');
    assert.equal(all[0]![5], 'value 0');
    assert.match(all[0]![6]!, /^Trap: .*trap-if/);
    assert.match(all[0]![7]!, /^Trap: /);
    assert.match(all[0]![8]!, /^Trap: /);
    for (let m = 1; m < all.length; m++) assert.deepEqual(all[m], all[0], `${modes[m]![0]} differs from codegen`);
  });

  it('codegen and AOT give each async lift without streams or borrows a function of its own; interp, the shared one', async () => {
    for (const [mode, compile] of modes) {
      const x = (await compile())({ host: () => 0 });
      const own = (f: unknown): boolean => /E\.spare/.test(String(f));
      assert.equal(own(x.ctx), mode !== 'interp', mode);
      assert.equal(own(x.trapIf), mode !== 'interp', mode);
      assert.equal(own(x.keep), false, `${mode}: a stream parameter takes the general entry`);
    }
  });
});

for (const [mode, compile] of modes) {
  describe(`async export calls from JS reuse finished tasks (${mode})`, () => {
    it('each call sees fresh context slots', async () => {
      const x = (await compile())({ host: () => 0 });
      assert.equal(await x.ctx!(5), 0);
      assert.equal(await x.ctx!(7), 0);
      const [a, b] = [x.ctx!(1), x.ctx!(2)];
      assert.deepEqual(await Promise.all([a, b]), [0, 0]);
    });

    it('a call that waited for its host Promise leaves its task to the next call, which starts fresh', async () => {
      const x = (await compile())({ host: async (a: number) => a * 10 });
      assert.equal(await x.wctx!(5), 0);
      assert.equal(await x.wctx!(7), 0);
      // Each result is its own call's, sequentially and overlapping (the second call cannot take the first's task).
      assert.equal(await x.fire!(1), 10);
      assert.equal(await x.fire!(2), 20);
      assert.deepEqual(await Promise.all([x.fire!(3), x.fire!(4), x.fire!(5)]), [30, 40, 50]);
      assert.equal(await x.fire!(6), 60);
    });

    it("a late rejection of an earlier call's host Promise does not end a later pending call", async () => {
      const pending: { resolve(v: number): void; reject(e: unknown): void }[] = [];
      const host = (): Promise<number> => new Promise((resolve, reject) => { pending.push({ resolve, reject }); });
      const x = (await compile())({ host });
      assert.equal(await x.fire!(0), 0); // returned and exited; its subtask (pending[0]) is still running
      const later = x.fire!(1); // waits for pending[1]
      assert.equal(pending.length, 2);
      pending[0]!.reject(new Error('the earlier call failed late'));
      await new Promise((r) => setTimeout(r, 5));
      pending[1]!.resolve(42);
      assert.equal(await later, 42);
      assert.equal(await x.ctx!(3), 0);
    });

    it('a stream an earlier call passed that fails later reports to onStreamError, not to a later pending call', async () => {
      const pending: { resolve(v: number): void }[] = [];
      const x = (await compile())({ host: () => new Promise((resolve) => { pending.push({ resolve }); }) });
      const handled: unknown[] = [];
      onStreamError((e) => { handled.push(e); });
      try {
        async function* failing(): AsyncGenerator<Uint8Array> { await new Promise((r) => setTimeout(r, 10)); throw new Error('the source failed late'); }
        assert.equal(await x.keep!(failing(), 0), 0);
        const later = x.keep!([], 1);
        await new Promise((r) => setTimeout(r, 40));
        assert.equal(pending.length, 1);
        pending[0]!.resolve(42);
        assert.equal(await later, 42);
        assert.deepEqual(handled.map((e) => (e as Error).message), ['the source failed late']);
      } finally {
        onStreamError(undefined);
      }
    });
  });
}
