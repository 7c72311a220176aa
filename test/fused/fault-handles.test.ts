// A fused call whose arguments fault part-way leaves both handle tables as the same call through JS does: the JS path
// lifts every argument from the caller before it lowers anything into the callee, so when a later argument's data
// is bad (an out-of-bounds string or list) the callee's table never saw the earlier arguments' handles (an own moved
// in, a borrow entry added for a component lent a resource it does not implement). The callee (`impl`) is observed afterwards: the index its next handle gets, its live count and
// its destructor count; in codegen, interp and AOT, fused and through JS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { assemble } from '../support/build.js';
import { compileAot } from './aot.js';

await Component.loadInterpreter();

type Api = Record<string, (...a: unknown[]) => unknown>;
type Mode = 'codegen' | 'interp' | 'aot';

const BAD = '(i32.const 0xfffffff0) (i32.const 16)';

/** impl defines `r` and takes handles with a string or list after them; user makes a handle and passes it with bad data. */
const PAIR = `(component
  (component $Impl
    (core module $S
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      (global $n (mut i32) (i32.const 0))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        (local.set $p (global.get $bump)) (global.set $bump (i32.add (global.get $bump) (local.get 3))) (local.get $p))
      (func (export "dtor") (param i32) (global.set $n (i32.add (global.get $n) (i32.const 1))))
      (func (export "count") (result i32) (global.get $n)))
    (core instance $s (instantiate $S))
    (alias core export $s "dtor" (core func $dtor))
    (alias core export $s "mem" (core memory $mem))
    (alias core export $s "realloc" (core func $realloc))
    (type $r (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $r))
    (core func $drop (canon resource.drop $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      (func (export "take") (param i32 i32 i32) (result i32) (call $drop (local.get 0)) (i32.const 1))
      (func (export "lend") (param i32 i32 i32) (result i32) (i32.const 2))
      (func (export "many") (param i32 i32) (result i32) (i32.const 3))
      (func (export "spill") (param i32) (result i32) (i32.const 5))
      (func (export "probe") (result i32) (local $h i32)
        (local.set $h (call $new (i32.const 7)))
        (call $drop (local.get $h))
        (local.get $h)))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new)) (export "drop" (func $drop))))))
    (export $rx "r" (type $r))
    (type $pr (record (field "h" (own $rx)) (field "s" string)))
    (export $prx "pr" (type $pr))
    (func (export "make") (param "v" u32) (result (own $rx)) (canon lift (core func $m "make")))
    (func (export "take") (param "x" (own $rx)) (param "s" string) (result u32) (canon lift (core func $m "take") (memory $mem) (realloc $realloc)))
    (func (export "lend") (param "x" (borrow $rx)) (param "l" (list u8)) (result u32) (canon lift (core func $m "lend") (memory $mem) (realloc $realloc)))
    (func (export "rec") (param "x" $prx) (result u32) (canon lift (core func $m "take") (memory $mem) (realloc $realloc)))
    (func (export "many") (param "x" (list $prx)) (result u32) (canon lift (core func $m "many") (memory $mem) (realloc $realloc)))
    (func (export "spill") (param "x" (own $rx)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (param "s" string) (result u32) (canon lift (core func $m "spill") (memory $mem) (realloc $realloc)))
    (func (export "probe") (result u32) (canon lift (core func $m "probe")))
    (func (export "count") (result u32) (canon lift (core func $s "count")))
  )
  (component $Mid
    (import "impl" (instance $impl (export "r" (type $r (sub resource)))))
    (alias export $impl "r" (type $r))
    (core module $S
      (memory (export "mem") 1)
      (global $bump (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        (local.set $p (global.get $bump)) (global.set $bump (i32.add (global.get $bump) (local.get 3))) (local.get $p)))
    (core instance $s (instantiate $S))
    (alias core export $s "mem" (core memory $mem))
    (alias core export $s "realloc" (core func $realloc))
    (type $q (resource (rep i32)))
    (core func $new (canon resource.new $q))
    (core func $dropq (canon resource.drop $q))
    (core func $drop (canon resource.drop $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (import "" "dropq" (func $dropq (param i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "use") (param i32 i32 i32) (result i32) (call $drop (local.get 0)) (i32.const 4))
      (func (export "probe") (result i32) (local $h i32)
        (local.set $h (call $new (i32.const 7)))
        (call $dropq (local.get $h))
        (local.get $h)))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new)) (export "dropq" (func $dropq)) (export "drop" (func $drop))))))
    (func (export "use") (param "x" (borrow $r)) (param "l" (list u8)) (result u32) (canon lift (core func $m "use") (memory $mem) (realloc $realloc)))
    (func (export "probe") (result u32) (canon lift (core func $m "probe")))
  )
  (component $User
    (import "impl" (instance $impl
      (export "r" (type $r (sub resource)))
      (type $prd (record (field "h" (own $r)) (field "s" string)))
      (export "pr" (type $pr (eq $prd)))
      (export "make" (func (param "v" u32) (result (own $r))))
      (export "take" (func (param "x" (own $r)) (param "s" string) (result u32)))
      (export "lend" (func (param "x" (borrow $r)) (param "l" (list u8)) (result u32)))
      (export "rec" (func (param "x" $pr) (result u32)))
      (export "many" (func (param "x" (list $pr)) (result u32)))
      (export "spill" (func (param "x" (own $r)) (param "pad" (tuple u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64 u64)) (param "s" string) (result u32)))))
    (alias export $impl "r" (type $r))
    (import "mid" (instance $mid (export "use" (func (param "x" (borrow $r)) (param "l" (list u8)) (result u32)))))
    (core module $L (memory (export "mem") 1))
    (core instance $l (instantiate $L))
    (alias core export $l "mem" (core memory $mem))
    (core func $make (canon lower (func $impl "make")))
    (core func $take (canon lower (func $impl "take") (memory $mem)))
    (core func $lend (canon lower (func $impl "lend") (memory $mem)))
    (core func $rec (canon lower (func $impl "rec") (memory $mem)))
    (core func $many (canon lower (func $impl "many") (memory $mem)))
    (core func $use (canon lower (func $mid "use") (memory $mem)))
    (core func $spill (canon lower (func $impl "spill") (memory $mem)))
    (core module $U
      (import "" "mem" (memory 1))
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "take" (func $take (param i32 i32 i32) (result i32)))
      (import "" "lend" (func $lend (param i32 i32 i32) (result i32)))
      (import "" "rec" (func $rec (param i32 i32 i32) (result i32)))
      (import "" "many" (func $many (param i32 i32) (result i32)))
      (import "" "use" (func $use (param i32 i32 i32) (result i32)))
      (import "" "spill" (func $spill (param i32) (result i32)))
      ;; More than 16 flat parameters: the arguments are a tuple in memory (own at 0, the string at 120).
      (func (export "spill") (param i32) (result i32)
        (i32.store (i32.const 512) (call $make (local.get 0)))
        (i32.store (i32.const 632) (i32.const 0xfffffff0)) (i32.store (i32.const 636) (i32.const 16))
        (call $spill (i32.const 512)))
      (func (export "lentok") (param i32) (result i32) (local $h i32)
        (local.set $h (call $make (local.get 0)))
        (i32.add (call $use (local.get $h) (i32.const 0) (i32.const 2)) (call $take (local.get $h) (i32.const 0) (i32.const 2))))
      (func (export "lent") (param i32) (result i32) (call $use (call $make (local.get 0)) ${BAD}))
      (func (export "ok") (param i32) (result i32) (call $take (call $make (local.get 0)) (i32.const 0) (i32.const 2)))
      (func (export "own") (param i32) (result i32) (call $take (call $make (local.get 0)) ${BAD}))
      (func (export "borrow") (param i32) (result i32) (call $lend (call $make (local.get 0)) ${BAD}))
      (func (export "rec") (param i32) (result i32) (call $rec (call $make (local.get 0)) ${BAD}))
      (func (export "many") (param i32) (result i32)
        (i32.store (i32.const 256) (call $make (local.get 0)))
        (i32.store (i32.const 260) (i32.const 0)) (i32.store (i32.const 264) (i32.const 2))
        (i32.store (i32.const 268) (call $make (local.get 0)))
        (i32.store (i32.const 272) (i32.const 0xfffffff0)) (i32.store (i32.const 276) (i32.const 16))
        (call $many (i32.const 256) (i32.const 2))))
    (core instance $u (instantiate $U (with "" (instance (export "mem" (memory $mem))
      (export "make" (func $make)) (export "take" (func $take)) (export "lend" (func $lend)) (export "rec" (func $rec)) (export "many" (func $many)) (export "use" (func $use)) (export "spill" (func $spill))))))
    (func (export "spill") (param "v" u32) (result u32) (canon lift (core func $u "spill")))
    (func (export "lentok") (param "v" u32) (result u32) (canon lift (core func $u "lentok")))
    (func (export "lent") (param "v" u32) (result u32) (canon lift (core func $u "lent")))
    (func (export "ok") (param "v" u32) (result u32) (canon lift (core func $u "ok")))
    (func (export "own") (param "v" u32) (result u32) (canon lift (core func $u "own")))
    (func (export "borrow") (param "v" u32) (result u32) (canon lift (core func $u "borrow")))
    (func (export "rec") (param "v" u32) (result u32) (canon lift (core func $u "rec")))
    (func (export "many") (param "v" u32) (result u32) (canon lift (core func $u "many")))
  )
  (instance $impl (instantiate $Impl))
  (instance $mid (instantiate $Mid (with "impl" (instance $impl))))
  (instance $user (instantiate $User (with "impl" (instance $impl)) (with "mid" (instance $mid))))
  (export "lentok" (func $user "lentok"))
  (export "lent" (func $user "lent"))
  (export "spill" (func $user "spill"))
  (export "midprobe" (func $mid "probe"))
  (export "ok" (func $user "ok"))
  (export "own" (func $user "own"))
  (export "borrow" (func $user "borrow"))
  (export "rec" (func $user "rec"))
  (export "many" (func $user "many"))
  (export "probe" (func $impl "probe"))
  (export "count" (func $impl "count"))
)`;

async function compile(mode: Mode, bytes: Uint8Array, fuse: boolean): Promise<() => Api> {
  if (mode === 'aot') {
    const c = await compileAot(bytes, { fuse, features: [] });
    return () => c.instantiate({}) as unknown as Api;
  }
  const c = new Component(bytes, { fuse, mode });
  return () => c.instantiate({}).exports as unknown as Api;
}

function outcome(f: () => unknown): string {
  try { return `ok ${JSON.stringify(f())}`; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
}

/** The callees' state: the index their next handle gets (impl, then mid, lent a borrow of impl's resource), and how
 *  many of impl's destructors ran. */
function calleeState(api: Api): string {
  return `probe ${outcome(() => api.probe!())} ${outcome(() => api.midprobe!())} | count ${outcome(() => api.count!())}`;
}

const bytes = await assemble(PAIR);

for (const mode of ['codegen', 'interp', 'aot'] as const) {
  describe(`a faulting fused call leaves the handle tables as through JS (${mode})`, () => {
    const run = async (fuse: boolean, call: (api: Api) => unknown): Promise<string[]> => {
      const before = fuseStats.fused;
      const api = (await compile(mode, bytes, fuse))();
      assert.equal(fuseStats.fused - before, fuse ? 7 : 0);
      const start = calleeState(api);
      return [start, outcome(() => call(api)), calleeState(api), `again ${outcome(() => call(api))}`, calleeState(api)];
    };

    it('a good call moves the own handle in and the callee drops it', async () => {
      const fused = await run(true, (api) => api.ok!(5));
      assert.deepEqual(fused, await run(false, (api) => api.ok!(5)));
      assert.deepEqual(fused, ['probe ok 1 ok 1 | count ok 1', 'ok 1', 'probe ok 1 ok 1 | count ok 3', 'again ok 1', 'probe ok 1 ok 1 | count ok 5']);
    });

    it('a good call lends a borrow to a non-implementer, which drops it', async () => {
      const fused = await run(true, (api) => api.lentok!(5));
      assert.deepEqual(fused, await run(false, (api) => api.lentok!(5)));
      assert.deepEqual(fused, ['probe ok 1 ok 1 | count ok 1', 'ok 5', 'probe ok 1 ok 1 | count ok 3', 'again ok 5', 'probe ok 1 ok 1 | count ok 5']);
    });

    for (const [name, where] of [['own', 'c#take\\(s\\)|take\\(s\\)'], ['borrow', 'lend\\(l\\)'], ['rec', 'rec\\(x\\)\\.s'], ['many', 'many\\(x\\)\\[\\]\\.s'], ['lent', 'use\\(l\\)'], ['spill', 'spill\\(s\\)']] as const) {
      it(`${name}: a handle then bad data: the callee's table is untouched, the caller poisoned`, async () => {
        const fused = await run(true, (api) => api[name]!(5));
        const js = await run(false, (api) => api[name]!(5));
        assert.deepEqual(fused, js);
        assert.match(fused[1]!, new RegExp(`^Trap: ${name}: canonical ABI: .*(${where}).*out of bounds`));
        const probe = (x: string): string => x.replace(/ \| count.*/, '');
        assert.equal(probe(fused[2]!), probe(fused[0]!), 'no handle of the faulting call is left in the callee');
        assert.match(fused[3]!, /poisoned/);
      });
    }
  });
}
