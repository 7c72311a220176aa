// Async lowers that finish at once (issue 12): a host function returning a value makes no subtask object
// (runtime/async/calls.ts lowerAsync: made only when a kumiki callee takes the call or a Promise comes back), a
// kumiki callee's finished call and task serve the next call (LowerCall.reset, TaskRun.rehook), and a lower fused
// with another instance's async lift starts its task directly (lowerFused). Each must keep every check of the general
// path: borrows lent for the call (released when it returns), a host throw, a `result` error payload, reentrance,
// may_leave, a Promise (not at once), a callee that waits or is cancelled and the next call after it, a callee trapping
// after task.return. Every mode (codegen, interp, AOT, and fusion off) gives the same values and the same errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from '../support/build.js';
import { bumpMemory } from '../support/wat-snippets.js';
import { MODES_AND_UNFUSED, type Inst } from './compile-modes.js';
import { streamComponent } from './stream-fixture.js';

// Guest → host. Each export is a synchronous lift whose core code makes one async lower and returns what it saw.
//   call(a): host(a) at 64 → RETURNED: the stored value; else 0xdead0000 | the packed status
//   callr(a): hostr(a): result<u32, string> at 64 → status << 24 | disc << 16 | (ok: value; err: len << 8 | first byte)
//   callb(n): hostb(borrow of make(n)) at 64, then drops the own handle (a loan left live would trap there):
//     status << 16 | the stored value
//   leave(): the sync import gets() lowers a string through a realloc that calls host (may_leave: a trap)
const HOST = `(component
  (import "r" (type $R (sub resource)))
  (import "make" (func $make (param "n" u32) (result (own $R))))
  (import "host" (func $host async (param "a" u32) (result u32)))
  (import "hostr" (func $hostr async (param "a" u32) (result (result u32 (error string)))))
  (import "hostb" (func $hostb async (param "x" (borrow $R)) (result u32)))
  (import "gets" (func $gets (result string)))
  ${bumpMemory(1024)}
  (core func $make (canon lower (func $make)))
  (core func $host (canon lower (func $host) async (memory $memory)))
  (core func $hostr (canon lower (func $hostr) async (memory $memory) (realloc $realloc)))
  (core func $hostb (canon lower (func $hostb) async (memory $memory)))
  (core func $rdrop (canon resource.drop $R))
  (core module $Evil
    (import "" "host" (func $host (param i32 i32) (result i32)))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (drop (call $host (i32.const 1) (i32.const 64))) (i32.const 512)))
  (core instance $evil (instantiate $Evil (with "" (instance (export "host" (func $host))))))
  (core func $gets (canon lower (func $gets) (memory $memory) (realloc (core func $evil "realloc"))))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "make" (func $make (param i32) (result i32)))
    (import "" "host" (func $host (param i32 i32) (result i32)))
    (import "" "hostr" (func $hostr (param i32 i32) (result i32)))
    (import "" "hostb" (func $hostb (param i32 i32) (result i32)))
    (import "" "rdrop" (func $rdrop (param i32)))
    (import "" "gets" (func $gets (param i32)))
    (func (export "call") (param $a i32) (result i32) (local $r i32)
      (local.set $r (call $host (local.get $a) (i32.const 64)))
      (if (result i32) (i32.eq (local.get $r) (i32.const 2)) (then (i32.load (i32.const 64))) (else (i32.or (i32.const 0xdead0000) (local.get $r)))))
    (func (export "callr") (param $a i32) (result i32) (local $r i32)
      (local.set $r (call $hostr (local.get $a) (i32.const 64)))
      (i32.or (i32.or (i32.shl (local.get $r) (i32.const 24)) (i32.shl (i32.load8_u (i32.const 64)) (i32.const 16)))
        (if (result i32) (i32.load8_u (i32.const 64))
          (then (i32.or (i32.shl (i32.load (i32.const 72)) (i32.const 8)) (i32.load8_u (i32.load (i32.const 68)))))
          (else (i32.load (i32.const 68))))))
    (func (export "callb") (param $n i32) (result i32) (local $h i32) (local $r i32)
      (local.set $h (call $make (local.get $n)))
      (local.set $r (call $hostb (local.get $h) (i32.const 64)))
      (call $rdrop (local.get $h))
      (i32.or (i32.shl (local.get $r) (i32.const 16)) (i32.load (i32.const 64))))
    (func (export "leave") (result i32) (call $gets (i32.const 128)) (i32.load (i32.const 132))))
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "make" (func $make))
    (export "host" (func $host)) (export "hostr" (func $hostr)) (export "hostb" (func $hostb)) (export "rdrop" (func $rdrop))
    (export "gets" (func $gets))))))
  (func (export "call") (param "a" u32) (result u32) (canon lift (core func $m "call")))
  (func (export "callr") (param "a" u32) (result u32) (canon lift (core func $m "callr")))
  (func (export "callb") (param "n" u32) (result u32) (canon lift (core func $m "callb")))
  (func (export "leave") (result u32) (canon lift (core func $m "leave"))))`;

// Guest → guest. The callee's async (callback) lifts:
//   add(a, b): task.return(a + b), EXIT
//   slow(a): below 100 task.return(a * 2), EXIT at once; else YIELD, then task.return(a * 2), EXIT (or, cancelled,
//     task.cancel, EXIT)
//   bad(a): task.return(a), then a trap
// and hold(), release() (sync): backpressure.inc, backpressure.dec.
const CALLEE = `(component
  (core func $ret (canon task.return (result u32)))
  (core func $cancel (canon task.cancel))
  (core func $cset (canon context.set i32 0))
  (core func $cget (canon context.get i32 0))
  (core func $bpinc (canon backpressure.inc))
  (core func $bpdec (canon backpressure.dec))
  (core module $M
    (import "" "bpinc" (func $bpinc))
    (import "" "bpdec" (func $bpdec))
    (import "" "ret" (func $ret (param i32)))
    (import "" "cancel" (func $cancel))
    (import "" "cset" (func $cset (param i32)))
    (import "" "cget" (func $cget (result i32)))
    (func (export "hold") (call $bpinc))
    (func (export "release") (call $bpdec))
    (func (export "add") (param i32 i32) (result i32) (call $ret (i32.add (local.get 0) (local.get 1))) (i32.const 0))
    (func (export "slow") (param i32) (result i32)
      (if (i32.lt_u (local.get 0) (i32.const 100)) (then (call $ret (i32.mul (local.get 0) (i32.const 2))) (return (i32.const 0))))
      (call $cset (local.get 0)) (i32.const 1))
    (func (export "slow-cb") (param $e i32) (param i32 i32) (result i32)
      (if (i32.eq (local.get $e) (i32.const 6)) (then (call $cancel) (return (i32.const 0))))
      (call $ret (i32.mul (call $cget) (i32.const 2))) (i32.const 0))
    (func (export "bad") (param i32) (result i32) (call $ret (local.get 0)) unreachable)
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret)) (export "cancel" (func $cancel))
    (export "cset" (func $cset)) (export "cget" (func $cget)) (export "bpinc" (func $bpinc)) (export "bpdec" (func $bpdec))))))
  (func (export "hold") (canon lift (core func $m "hold")))
  (func (export "release") (canon lift (core func $m "release")))
  (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add") async (callback (core func $m "never"))))
  (func (export "slow") async (param "a" u32) (result u32) (canon lift (core func $m "slow") async (callback (core func $m "slow-cb"))))
  (func (export "bad") async (param "a" u32) (result u32) (canon lift (core func $m "bad") async (callback (core func $m "never")))))`;

// The caller: add-now(a, b), slow-now(a) and bad-now(a) (sync lifts) as HOST's call; run-slow(a) (an async lift) waits for
// slow(a) and returns its result + 1000; cancel-slow(a) (async) starts slow(a), cancels it and returns
// status << 8 | the cancelled state; add-two(a, b, c, d) (async) calls add(a, b) and add(c, d), both in flight
// (under the callee's backpressure neither starts at once: each keeps its own arguments), and returns
// (a + b) * 1000 + c + d.
const CALLER = `(component
  (import "add" (func $add async (param "a" u32) (param "b" u32) (result u32)))
  (import "slow" (func $slow async (param "a" u32) (result u32)))
  (import "bad" (func $bad async (param "a" u32) (result u32)))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $add (canon lower (func $add) async (memory $memory)))
  (core func $slow (canon lower (func $slow) async (memory $memory)))
  (core func $bad (canon lower (func $bad) async (memory $memory)))
  (core func $ret (canon task.return (result u32)))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core func $scancel (canon subtask.cancel))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "add" (func $add (param i32 i32 i32) (result i32)))
    (import "" "slow" (func $slow (param i32 i32) (result i32)))
    (import "" "bad" (func $bad (param i32 i32) (result i32)))
    (import "" "ret" (func $ret (param i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    (import "" "scancel" (func $scancel (param i32) (result i32)))
    (func (export "add-now") (param i32 i32) (result i32) (local $r i32)
      (local.set $r (call $add (local.get 0) (local.get 1) (i32.const 64)))
      (if (result i32) (i32.eq (local.get $r) (i32.const 2)) (then (i32.load (i32.const 64))) (else (i32.or (i32.const 0xdead0000) (local.get $r)))))
    (func (export "slow-now") (param i32) (result i32) (local $r i32)
      (local.set $r (call $slow (local.get 0) (i32.const 64)))
      (if (result i32) (i32.eq (local.get $r) (i32.const 2)) (then (i32.load (i32.const 64))) (else (i32.or (i32.const 0xdead0000) (local.get $r)))))
    (func (export "bad-now") (param i32) (result i32) (local $r i32)
      (local.set $r (call $bad (local.get 0) (i32.const 64)))
      (if (result i32) (i32.eq (local.get $r) (i32.const 2)) (then (i32.load (i32.const 64))) (else (i32.or (i32.const 0xdead0000) (local.get $r)))))
    (func (export "run-slow") (param $a i32) (result i32) (local $r i32) (local $ws i32)
      (local.set $r (call $slow (local.get $a) (i32.const 80)))
      (if (i32.ne (i32.and (local.get $r) (i32.const 0xf)) (i32.const 1)) (then unreachable)) ;; STARTED
      (local.set $ws (call $wsnew))
      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "run-slow-cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.ne (local.get $p) (i32.const 2)) (then unreachable)) ;; RETURNED
      (call $join (local.get $i) (i32.const 0))
      (call $sdrop (local.get $i))
      (call $ret (i32.add (i32.load (i32.const 80)) (i32.const 1000)))
      (i32.const 0))
    (func (export "cancel-slow") (param $a i32) (result i32) (local $r i32) (local $c i32)
      (local.set $r (call $slow (local.get $a) (i32.const 96)))
      (local.set $c (call $scancel (i32.shr_u (local.get $r) (i32.const 4))))
      (call $sdrop (i32.shr_u (local.get $r) (i32.const 4)))
      (call $ret (i32.or (i32.shl (local.get $r) (i32.const 8)) (local.get $c)))
      (i32.const 0))
    (global $n (mut i32) (i32.const 0))
    (global $ws2 (mut i32) (i32.const 0))
    (func $finish (call $ret (i32.add (i32.mul (i32.load (i32.const 64)) (i32.const 1000)) (i32.load (i32.const 68)))))
    ;; one call's packed status: RETURNED counts, anything else joins the set
    (func $track (param $r i32)
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2))
        (then (global.set $n (i32.add (global.get $n) (i32.const 1))))
        (else (call $join (i32.shr_u (local.get $r) (i32.const 4)) (global.get $ws2)))))
    (func (export "add-two") (param i32 i32 i32 i32) (result i32)
      (global.set $n (i32.const 0))
      (if (i32.eqz (global.get $ws2)) (then (global.set $ws2 (call $wsnew))))
      (call $track (call $add (local.get 0) (local.get 1) (i32.const 64)))
      (call $track (call $add (local.get 2) (local.get 3) (i32.const 68)))
      (if (i32.eq (global.get $n) (i32.const 2)) (then (call $finish) (return (i32.const 0))))
      (i32.or (i32.const 2) (i32.shl (global.get $ws2) (i32.const 4))))
    (func (export "add-two-cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (if (i32.eq (local.get $p) (i32.const 2)) (then
        (call $join (local.get $i) (i32.const 0)) (call $sdrop (local.get $i))
        (global.set $n (i32.add (global.get $n) (i32.const 1)))))
      (if (i32.eq (global.get $n) (i32.const 2)) (then (call $finish) (return (i32.const 0))))
      (i32.or (i32.const 2) (i32.shl (global.get $ws2) (i32.const 4))))
    (func (export "never") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "add" (func $add))
    (export "slow" (func $slow)) (export "bad" (func $bad)) (export "ret" (func $ret)) (export "wsnew" (func $wsnew))
    (export "join" (func $join)) (export "sdrop" (func $sdrop)) (export "scancel" (func $scancel))))))
  (func (export "add-now") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add-now")))
  (func (export "slow-now") (param "a" u32) (result u32) (canon lift (core func $m "slow-now")))
  (func (export "bad-now") (param "a" u32) (result u32) (canon lift (core func $m "bad-now")))
  (func (export "run-slow") async (param "a" u32) (result u32) (canon lift (core func $m "run-slow") async (callback (core func $m "run-slow-cb"))))
  (func (export "add-two") async (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (result u32) (canon lift (core func $m "add-two") async (callback (core func $m "add-two-cb"))))
  (func (export "cancel-slow") async (param "a" u32) (result u32) (canon lift (core func $m "cancel-slow") async (callback (core func $m "never")))))`;

const COMPILE = MODES_AND_UNFUSED;

const [hostBytes, calleeBytes, callerBytes, streamBytes] = await Promise.all([assemble(HOST), assemble(CALLEE), assemble(CALLER), streamComponent()]);

class R { constructor(readonly n: number) {} }
type HostExports = { call(a: number): number; callr(a: number): number; callb(n: number): number; leave(): number };
type CallerExports = { addNow(a: number, b: number): number; slowNow(a: number): number; badNow(a: number): number; runSlow(a: number): Promise<number>; cancelSlow(a: number): Promise<number>; addTwo(a: number, b: number, c: number, d: number): Promise<number> };

/** What a call gave: its value, or its error's class and message. */
async function outcome(f: () => unknown): Promise<unknown> {
  try {
    return { value: await f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
}

/** The host-side sequence: every outcome in order (values and errors). */
async function hostRun(compile: (b: Uint8Array) => Promise<Inst>): Promise<unknown[]> {
  const seen: unknown[] = [];
  let inside: HostExports | undefined;
  const imports = {
    r: R,
    make: (n: number) => new R(n),
    host: (a: number) => {
      if (a === 13) throw new Error('host failed');
      if (a === 99) return Promise.resolve(100);
      if (a === 7) return inside!.call(1);
      return a + 1;
    },
    hostr: (a: number) => {
      if (a === 0) throw Object.assign(new Error('bad'), { payload: 'no zero' });
      return a * 3;
    },
    hostb: (x: R) => { seen.push(x instanceof R ? x.n : 'not an R'); return x.n + 5; },
    gets: () => 'string',
  };
  const x = (await compile(hostBytes)).instantiate(imports).exports as HostExports;
  inside = x;
  const out: unknown[] = [];
  for (const a of [1, 2, 1]) out.push(await outcome(() => x.call(a)));
  out.push(await outcome(() => x.callr(4)), await outcome(() => x.callr(0)), await outcome(() => x.callr(5)));
  out.push(await outcome(() => x.callb(10)), await outcome(() => x.callb(20)), seen.slice());
  out.push(await outcome(() => x.call(99)), await outcome(() => x.call(3)));
  // Reentrance: the host calls back into the instance that is inside its call (a trap, which poisons it).
  out.push(await outcome(() => x.call(7)));
  out.push(await outcome(() => x.call(3)));
  // A host throw and may_leave, each on a fresh instance.
  const y = (await compile(hostBytes)).instantiate(imports).exports as HostExports;
  out.push(await outcome(() => y.call(13)), await outcome(() => y.call(3)));
  const z = (await compile(hostBytes)).instantiate(imports).exports as HostExports;
  out.push(await outcome(() => z.leave()));
  return out;
}

/** The guest → guest sequence: finished-at-once calls around ones that wait, are cancelled, and trap. */
async function guestRun(compile: (b: Uint8Array) => Promise<Inst>): Promise<unknown[]> {
  const x = (await compile(calleeBytes)).instantiate({}).exports as Record<string, unknown>;
  const y = (await compile(callerBytes)).instantiate({ add: x.add, slow: x.slow, bad: x.bad }).exports as CallerExports;
  const out: unknown[] = [];
  out.push(await outcome(() => y.addNow(1, 2)), await outcome(() => y.addNow(3, 4)));
  // One lower, its calls finishing at once (its call and the callee's task reused) and not, in turns.
  out.push(await outcome(() => y.slowNow(5)), await outcome(() => y.runSlow(105)), await outcome(() => y.slowNow(6)));
  out.push(await outcome(() => Promise.all([y.runSlow(101), y.runSlow(102)])), await outcome(() => y.slowNow(7)));
  out.push(await outcome(() => y.cancelSlow(108)), await outcome(() => y.slowNow(8)));
  out.push(await outcome(() => y.addNow(7, 8)), await outcome(() => y.runSlow(109)));
  // Two calls parked by the callee's backpressure, then started; the same without backpressure.
  (x.hold as () => void)();
  const held = y.addTwo(1, 2, 3, 4);
  await new Promise((r) => setTimeout(r, 1));
  (x.release as () => void)();
  out.push(await outcome(() => held), await outcome(() => y.addTwo(5, 6, 7, 8)));
  // A callee trapping after task.return: the caller's call fails with its trap, which poisons both instances.
  out.push(await outcome(() => y.badNow(3)));
  out.push(await outcome(() => y.addNow(1, 1)));
  out.push(await outcome(() => (x.add as (a: number, b: number) => Promise<number>)(1, 1)));
  return out;
}

const expectHost = (results: unknown[]): void => {
  const v = (value: unknown): unknown => ({ value });
  assert.deepEqual(results.slice(0, 3), [v(2), v(3), v(2)]);
  // ok: status 2, disc 0, 12; err 'no zero' (7 bytes, 'n' = 0x6e); ok 15.
  assert.deepEqual(results.slice(3, 6), [v(0x2000000 | 12), v(0x2010000 | (7 << 8) | 0x6e), v(0x2000000 | 15)]);
  assert.deepEqual(results.slice(6, 9), [v(0x20000 | 15), v(0x20000 | 25), [10, 20]]);
  // A Promise: the call is STARTED (1) as subtask 1; the next call returns at once.
  assert.deepEqual(results.slice(9, 11), [v((0xdead0000 | 1 | (1 << 4)) >>> 0), v(4)]);
  const err = (i: number, re: RegExp): void => {
    const r = results[i] as { error?: string; message?: string };
    assert.ok(r.error !== undefined && re.test(r.message!), `${i}: ${JSON.stringify(r)}`);
  };
  err(11, /cannot enter component instance/);
  err(12, /poisoned|cannot enter/);
  err(13, /host failed/);
  err(15, /cannot leave component instance/);
};

const expectGuest = (results: unknown[]): void => {
  const v = (value: unknown): unknown => ({ value });
  assert.deepEqual(results.slice(0, 7), [v(3), v(7), v(10), v(1210), v(12), v([1202, 1204]), v(14)]);
  // STARTED (1) as a subtask, then CANCELLED_BEFORE_RETURNED (4).
  const c = (results[7] as { value: number }).value;
  assert.deepEqual([(c >> 8) & 0xf, c & 0xff], [1, 4], JSON.stringify(results[7]));
  assert.deepEqual(results.slice(8, 11), [v(16), v(15), v(1218)]);
  assert.deepEqual(results.slice(11, 13), [v(3007), v(11015)]);
  const bad = results[13] as { error?: string; message?: string };
  assert.equal(bad.error, 'Trap', JSON.stringify(bad));
  assert.match(bad.message!, /unreachable/);
  assert.match((results[14] as { message: string }).message, /poisoned/);
  assert.match((results[15] as { message: string }).message, /poisoned/);
};

describe('async lowers that finish at once keep the general path\'s checks (every mode alike)', () => {
  const hostRuns = new Map<string, unknown[]>();
  const guestRuns = new Map<string, unknown[]>();
  for (const [mode, compile] of COMPILE) {
    it(`guest → host (${mode})`, async () => {
      const r = await hostRun(compile);
      expectHost(r);
      hostRuns.set(mode, r);
    });
    it(`guest → guest (${mode})`, async () => {
      const r = await guestRun(compile);
      expectGuest(r);
      guestRuns.set(mode, r);
    });
  }
  for (const [mode, compile] of COMPILE) {
    // A host call's subtask, dropped by the guest, serves the lower's next host call (LowerCall.recycle), one after
    // another (the fixture's round-trip keeps its subtask in a global: one call at a time); a rejection with a
    // payload-less Error is a trap.
    it(`host Promises, one after another (${mode})`, async () => {
      const make = async (): Promise<{ roundTrip(a: number): Promise<number> }> => (await compile(streamBytes)).instantiate({
        host: (a: number) => (a === 13 ? Promise.reject(new Error('no')) : new Promise((r) => setTimeout(() => r(a * 10), a % 3))),
      }).exports as never;
      const x = await make();
      const got: number[] = [];
      for (const a of [1, 2, 3, 4, 5, 6, 7, 8, 9]) got.push(await x.roundTrip(a));
      assert.deepEqual(got, [10, 20, 30, 40, 50, 60, 70, 80, 90]);
      const y = await make();
      assert.equal(await y.roundTrip(2), 20);
      await assert.rejects(y.roundTrip(13), /no/);
    });
  }
  it('every mode gives the same values and errors', () => {
    for (const [mode, r] of hostRuns) assert.deepEqual(r, hostRuns.get('codegen'), `guest → host, ${mode}`);
    for (const [mode, r] of guestRuns) assert.deepEqual(r, guestRuns.get('codegen'), `guest → guest, ${mode}`);
  });
});
