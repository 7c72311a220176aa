// task.return of a JS call's task settles it at once (runtime/async/calls.ts returnsNow/settleNow: codegen, AOT and
// interp's task.return import with a fusable result), and the plain path (returnSink, taskReturn) makes every check
// otherwise. Both must give the same values, errors and traps, in the same order, in every mode: a second task.return
// (of the same or another result type: it traps inside, after the first settled the call), a trap after task.return, EXIT without task.return, EXIT with bits above
// the code, a yield after task.return, a result lifted from memory (and one that fails to lift), a top-level
// `result` (not settled directly), and the task reused by the next call after each. And the entries that lower
// scalar arguments themselves (codegen/async-entry.ts directParams): each bad argument, and a call made while the
// instance is inside a synchronous call, give the general entry's errors and traps.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { compileAot } from '../support/wast-run-aot.js';

const WAT = `(component
  (import "cb" (func $cb))
  (import "get-str" (func $get-str (result string)))
  (core func $cbl (canon lower (func $cb)))
  (core module $Mem (memory (export "mem") 1))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $ret (canon task.return (result u32)))
  (core func $rets (canon task.return (result string) (memory $memory)))
  (core func $retr (canon task.return (result (result u32 (error string))) (memory $memory)))
  (core func $ret8 (canon task.return (result s8)))
  (core func $retb (canon task.return (result bool)))
  (core func $ret0 (canon task.return))
  ;; A realloc that calls task.return (the instance may not leave while it runs: a trap in every mode).
  (core module $R
    (import "" "ret" (func $ret (param i32)))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (call $ret (i32.const 7)) (i32.const 512)))
  (core instance $r (instantiate $R (with "" (instance (export "ret" (func $ret))))))
  (core func $gets (canon lower (func $get-str) (memory $memory) (realloc (core func $r "realloc"))))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "ret" (func $ret (param i32)))
    (import "" "rets" (func $rets (param i32 i32)))
    (import "" "retr" (func $retr (param i32 i32 i32)))
    (import "" "cb" (func $cb))
    (import "" "ret8" (func $ret8 (param i32)))
    (import "" "retb" (func $retb (param i32)))
    (import "" "ret0" (func $ret0))
    (import "" "gets" (func $gets (param i32)))
    ;; s8-of(a), bool-of(a), unit(a): task.return of a as s8, as bool, and with no result
    (func (export "s8-of") (param i32) (result i32) (call $ret8 (local.get 0)) (i32.const 0))
    (func (export "bool-of") (param i32) (result i32) (call $retb (local.get 0)) (i32.const 0))
    (func (export "unit") (param i32) (result i32) (call $ret0) (i32.const 0))
    ;; leave(a): a host string lowered through the realloc that calls task.return
    (func (export "leave") (param i32) (result i32) (call $gets (i32.const 256)) (i32.const 0))
    ;; mix(a: s8, b: u64, c: bool, d: f64): task.return(a + b + c + d as u32)
    (func (export "mix") (param i32 i64 i32 f64) (result i32)
      (call $ret (i32.add (i32.add (local.get 0) (i32.wrap_i64 (local.get 1))) (i32.add (local.get 2) (i32.trunc_f64_s (local.get 3)))))
      (i32.const 0))
    ;; sync-cb(): a synchronous export that calls the host (which calls an async export: the instance is inside a call)
    (func (export "sync-cb") (call $cb))
    (data (i32.const 64) "hello\\ff")
    ;; add(a, b): task.return(a + b), EXIT
    (func (export "add") (param i32 i32) (result i32) (call $ret (i32.add (local.get 0) (local.get 1))) (i32.const 0))
    ;; twice(a): task.return(a) twice
    (func (export "twice") (param i32) (result i32) (call $ret (local.get 0)) (call $ret (local.get 0)) (i32.const 0))
    ;; other(a): task.return(a), then the string task.return
    (func (export "other") (param i32) (result i32) (call $ret (local.get 0)) (call $rets (i32.const 64) (i32.const 5)) (i32.const 0))
    ;; late-trap(a): task.return(a), then a trap
    (func (export "late-trap") (param i32) (result i32) (call $ret (local.get 0)) unreachable)
    ;; none(a): EXIT without task.return
    (func (export "none") (param i32) (result i32) (i32.const 0))
    ;; bits(a): task.return(a), then EXIT with a payload above the code
    (func (export "bits") (param i32) (result i32) (call $ret (local.get 0)) (i32.const 0x10))
    ;; yield(a): task.return(a), then YIELD; the callback says EXIT
    (func (export "yield") (param i32) (result i32) (call $ret (local.get 0)) (i32.const 1))
    ;; str(n): task.return of the n bytes at 64 ("hello", then an invalid byte)
    (func (export "str") (param i32) (result i32) (call $rets (i32.const 64) (local.get 0)) (i32.const 0))
    ;; res(a): task.return of ok(a) when a < 10, else err("hello")
    (func (export "res") (param i32) (result i32)
      (if (i32.lt_u (local.get 0) (i32.const 10))
        (then (call $retr (i32.const 0) (local.get 0) (i32.const 0)))
        (else (call $retr (i32.const 1) (i32.const 64) (i32.const 5))))
      (i32.const 0))
    (func (export "exit") (param i32 i32 i32) (result i32) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $memory)) (export "ret" (func $ret)) (export "rets" (func $rets)) (export "retr" (func $retr)) (export "cb" (func $cbl))
    (export "ret8" (func $ret8)) (export "retb" (func $retb)) (export "ret0" (func $ret0)) (export "gets" (func $gets))))))
  (func (export "s8-of") async (param "a" u32) (result s8) (canon lift (core func $m "s8-of") async (callback (core func $m "exit"))))
  (func (export "bool-of") async (param "a" u32) (result bool) (canon lift (core func $m "bool-of") async (callback (core func $m "exit"))))
  (func (export "unit") async (param "a" u32) (canon lift (core func $m "unit") async (callback (core func $m "exit"))))
  (func (export "leave") async (param "a" u32) (result u32) (canon lift (core func $m "leave") async (callback (core func $m "exit"))))
  (func (export "mix") async (param "a" s8) (param "b" u64) (param "c" bool) (param "d" f64) (result u32) (canon lift (core func $m "mix") async (callback (core func $m "exit"))))
  (func (export "sync-cb") (canon lift (core func $m "sync-cb")))
  (func (export "add") async (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $m "add") async (callback (core func $m "exit"))))
  (func (export "twice") async (param "a" u32) (result u32) (canon lift (core func $m "twice") async (callback (core func $m "exit"))))
  (func (export "other") async (param "a" u32) (result u32) (canon lift (core func $m "other") async (callback (core func $m "exit"))))
  (func (export "late-trap") async (param "a" u32) (result u32) (canon lift (core func $m "late-trap") async (callback (core func $m "exit"))))
  (func (export "none") async (param "a" u32) (result u32) (canon lift (core func $m "none") async (callback (core func $m "exit"))))
  (func (export "bits") async (param "a" u32) (result u32) (canon lift (core func $m "bits") async (callback (core func $m "exit"))))
  (func (export "yield") async (param "a" u32) (result u32) (canon lift (core func $m "yield") async (callback (core func $m "exit"))))
  (func (export "str") async (param "n" u32) (result string) (canon lift (core func $m "str") async (memory $memory) (callback (core func $m "exit"))))
  (func (export "res") async (param "a" u32) (result (result u32 (error string))) (canon lift (core func $m "res") async (memory $memory) (callback (core func $m "exit")))))`;

type Exports = Record<string, (...a: unknown[]) => Promise<unknown>>;
type Make = () => Exports;

/** The host's `cb`: calls `add` of the instance being called (set once it is made), keeping its outcome. */
const IMPORTS = (): { imports: Record<string, unknown>; bind(x: Exports): void; inner: () => Promise<unknown> | undefined } => {
  let x: Exports | undefined;
  let inner: Promise<unknown> | undefined;
  return { imports: { cb: () => { inner = x!.add!(1, 2); }, 'get-str': () => 'hi' }, bind: (e) => { x = e; }, inner: () => inner };
};

const bytes = await assemble(WAT);
const made = (inst: (i: Record<string, unknown>) => { exports: unknown }): Make => () => {
  const h = IMPORTS();
  const x = inst(h.imports).exports as Exports;
  h.bind(x);
  // syncCb: the synchronous export, then the outcome of the async call its host made inside it.
  return { ...x, syncCb: async () => { (x.syncCb as unknown as () => void)(); return h.inner(); } };
};
const modes: [string, () => Promise<Make>][] = [
  ['codegen', async () => { const c = await Component.compile(bytes, { mode: 'codegen' }); return made((i) => c.instantiate(i)); }],
  ['interp', async () => { const c = await Component.compile(bytes, { mode: 'interp' }); return made((i) => c.instantiate(i)); }],
  ['aot', async () => { const c = await compileAot(bytes, []); return made((i) => c.instantiate(i as never)); }],
];

/** What each call gave, in order, on one instance: its value, or its error's class and message. */
async function outcomes(x: Exports, calls: readonly ((x: Exports) => Promise<unknown>)[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of calls) {
    try {
      out.push(`value ${JSON.stringify(await c(x))}`);
    } catch (e) {
      out.push(`${(e as Error).constructor.name}: ${(e as Error).message}`);
    }
  }
  return out;
}

/** Per mode: the outcomes of `calls` on a fresh instance; every mode must give codegen's. */
async function agree(calls: readonly ((x: Exports) => Promise<unknown>)[]): Promise<string[]> {
  const all = await Promise.all(modes.map(async ([, compile]) => outcomes((await compile())(), calls)));
  for (let m = 1; m < all.length; m++) assert.deepEqual(all[m], all[0], `${modes[m]![0]} differs from codegen`);
  return all[0]!;
}

describe('task.return settling a JS call at once: the same values, errors and traps in every mode', () => {
  it('plain returns, then a reused task, a yield after task.return and EXIT with bits above the code', async () => {
    const out = await agree([(x) => x.add!(1, 2), (x) => x.add!(3, 4), (x) => x.yield!(5), (x) => x.add!(6, 7), (x) => x.bits!(8), (x) => x.add!(9, 10)]);
    assert.deepEqual(out.slice(0, 4), ['value 3', 'value 7', 'value 5', 'value 13']);
    assert.deepEqual(out.slice(4), await agree([(x) => x.bits!(8), (x) => x.add!(9, 10)]));
  });

  it('a second task.return traps inside it, of the same result type or another', async () => {
    for (const f of ['twice', 'other'] as const) {
      const out = await agree([(x) => x.add!(1, 1), (x) => x[f]!(2), (x) => x.add!(1, 1)]);
      // The first task.return settled the call; the second traps in it, and the trap poisons the instance.
      assert.deepEqual(out.slice(0, 2), ['value 2', 'value 2'], f);
      assert.match(out[2]!, new RegExp(`^Trap: .*poisoned.*\\(${f}: task\\.return called more than once`), f);
    }
  });

  it('results the task.return import lifts itself (s8, bool, none), and a task.return while the instance may not leave', async () => {
    const out = await agree([(x) => x.s8Of!(0xff), (x) => x.s8Of!(0x17f), (x) => x.boolOf!(2), (x) => x.boolOf!(0), (x) => x.unit!(1), (x) => x.leave!(1), (x) => x.add!(1, 1)]);
    assert.deepEqual(out.slice(0, 5), ['value -1', 'value 127', 'value true', 'value false', 'value undefined']);
    assert.match(out[5]!, /^Trap: .*cannot leave component instance during realloc/);
    assert.match(out[6]!, /^Trap: /, 'the instance is poisoned');
  });

  it('a trap after task.return, and EXIT without task.return', async () => {
    const late = await agree([(x) => x.add!(1, 1), (x) => x.lateTrap!(2), (x) => x.add!(1, 1)]);
    assert.equal(late[0], 'value 2');
    assert.match(late[2]!, /^Trap: /, 'the instance is poisoned');
    const none = await agree([(x) => x.add!(1, 1), (x) => x.none!(2), (x) => x.add!(1, 1)]);
    assert.match(none[1]!, /^Trap: .*exited without calling task\.return/);
    assert.match(none[2]!, /^Trap: /);
  });

  it('a result lifted from memory, one that fails to lift, and a top-level result (ok and err)', async () => {
    const s = await agree([(x) => x.str!(5), (x) => x.add!(1, 1), (x) => x.str!(6), (x) => x.add!(1, 1)]);
    assert.deepEqual(s.slice(0, 2), ['value "hello"', 'value 2']);
    assert.match(s[2]!, /^Trap: /);
    assert.match(s[3]!, /^Trap: /);
    const r = await agree([(x) => x.res!(4), (x) => x.res!(40), (x) => x.res!(5)]);
    assert.deepEqual(r, ['value 4', 'ComponentError: component returned an error: "hello"', 'value 5']);
  });

  it('scalar arguments the entry lowers itself: values, each bad argument, and a call while the instance is inside a call', async () => {
    for (const [mode, compile] of modes) {
      const x = (await compile())();
      assert.equal(/st\.p !== undefined/.test(String(x.mix)), mode !== 'interp', `${mode}: mix lowers its arguments in its entry`);
      assert.equal(/st\.p !== undefined/.test(String(x.str)), mode !== 'interp', `${mode}: so does str`);
    }
    const out = await agree([
      (x) => x.mix!(-1, 2n, true, 3.5), (x) => x.mix!(128, 2n, true, 3.5), (x) => x.mix!(1, 2, true, 3.5), (x) => x.mix!(1, -1n, true, 3.5),
      (x) => x.mix!(1, 2n, 1, 3.5), (x) => x.mix!(1, 2n, false, '3'), (x) => x.mix!(1, 2n, false), (x) => x.add!(1, 2), (x) => x.syncCb!(), (x) => x.add!(1, 2),
    ]);
    assert.equal(out[0], 'value 5');
    assert.match(out[1]!, /^Value(Range|Type)Error: mix\(a\)/);
    assert.match(out[2]!, /^Value(Range|Type)Error: mix\(b\)/);
    assert.match(out[3]!, /^Value(Range|Type)Error: mix\(b\)/);
    assert.match(out[4]!, /^Value(Range|Type)Error: mix\(c\)/);
    assert.match(out[5]!, /^Value(Range|Type)Error: mix\(d\)/);
    assert.match(out[6]!, /^Value(Range|Type)Error: mix\(d\)/);
    assert.equal(out[7], 'value 3');
    assert.match(out[8]!, /^Trap: add: cannot enter component instance: it is already inside a call/);
  });
});
