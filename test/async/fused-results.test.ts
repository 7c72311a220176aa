// An async call's result between two kumiki instances goes memory to memory (issue 12, Build 5), as its arguments
// do: the callee's task.return copies the value into the caller's out-pointer through a fused adapter (strings and
// lists allocated by the caller's realloc), flat values stored in the value's layout, spilled ones as one tuple. The
// same values come out linked through JS (instances given each other's exports) in codegen, interp and AOT, and
// with fusion off; a result fusion does not cover (a stream) keeps the JS path.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { assemble } from '../support/build.js';
import { bumpMemory } from '../support/wat-snippets.js';
import { MODES_AND_UNFUSED } from './compile-modes.js';

/** One result type: the callee's task.return arguments (constants, data at 100 and 200 in its memory), and the
 *  caller's (read back from its out-pointer at 64); `expect`, what JS sees. */
interface Case { readonly name: string; readonly type: string; readonly flat: string; readonly data?: string; readonly give: string; readonly load: string; readonly expect: unknown }

const SPILLED_DATA = `(data (i32.const 100) "hello") (data (i32.const 200) "\\64\\00\\00\\00\\05\\00\\00\\00${Array.from({ length: 15 }, (_, i) => `\\${(i + 1).toString(16).padStart(2, '0')}\\00\\00\\00`).join('')}")`;

const CASES: readonly Case[] = [
  { name: 'string', type: 'string', flat: 'i32 i32', data: '(data (i32.const 100) "hello fused")', give: '(i32.const 100) (i32.const 11)', load: '(i32.load (i32.const 64)) (i32.load (i32.const 68))', expect: 'hello fused' },
  { name: 'tuple<u32, u64, f32> (flat values stored in its layout)', type: '(tuple u32 u64 f32)', flat: 'i32 i64 f32', give: '(i32.const 7) (i64.const 0x100000002) (f32.const 1.5)', load: '(i32.load (i32.const 64)) (i64.load (i32.const 72)) (f32.load (i32.const 80))', expect: [7, 4294967298n, 1.5] },
  { name: 'a result with a joined f32 case, in a tuple', type: '(tuple (result u32 (error f32)) u8)', flat: 'i32 i32 i32', give: '(i32.const 1) (i32.reinterpret_f32 (f32.const 2.5)) (i32.const 9)', load: '(i32.load8_u (i32.const 64)) (i32.load (i32.const 68)) (i32.load8_u (i32.const 72))', expect: [{ tag: 'err', val: 2.5 }, 9] },
  { name: 'list<u16>', type: '(list u16)', flat: 'i32 i32', data: '(data (i32.const 100) "\\01\\00\\02\\00\\03\\00")', give: '(i32.const 100) (i32.const 3)', load: '(i32.load (i32.const 64)) (i32.load (i32.const 68))', expect: new Uint16Array([1, 2, 3]) },
  { name: 'a tuple of 17 flat values (spilled: one tuple at the out-pointer)', type: `(tuple string ${'u32 '.repeat(15)})`, flat: 'i32', data: SPILLED_DATA, give: '(i32.const 200)', load: '(i32.const 64)', expect: ['hello', ...Array.from({ length: 15 }, (_, i) => i + 1)] },
];

function callee(c: Case): string {
  return `(component
  (core module $Mem (memory (export "mem") 1) ${c.data ?? ''})
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "mem" (core memory $memory))
  (core func $ret (canon task.return (result ${c.type}) (memory $memory)))
  (core module $M
    (import "" "ret" (func $ret (param ${c.flat})))
    (func (export "get") (result i32) (call $ret ${c.give}) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
  (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret))))))
  (func (export "get") async (result ${c.type}) (canon lift (core func $m "get") async (memory $memory) (callback (core func $m "cb")))))`;
}

function caller(c: Case): string {
  return `(component
  (import "get" (func $get async (result ${c.type})))
  ${bumpMemory(1024)}
  (core func $get (canon lower (func $get) async (memory $memory) (realloc $realloc)))
  (core func $ret (canon task.return (result ${c.type}) (memory $memory)))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "get" (func $get (param i32) (result i32)))
    (import "" "ret" (func $ret (param ${c.flat})))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    (func $finish (call $ret ${c.load}))
    (func (export "run") (result i32) (local $r i32) (local $ws i32)
      (local.set $r (call $get (i32.const 64)))
      (if (i32.eq (i32.and (local.get $r) (i32.const 0xf)) (i32.const 2)) (then (call $finish) (return (i32.const 0))))
      (local.set $ws (call $wsnew))
      (call $join (i32.shr_u (local.get $r) (i32.const 4)) (local.get $ws))
      (i32.or (i32.const 2) (i32.shl (local.get $ws) (i32.const 4))))
    (func (export "cb") (param $e i32) (param $i i32) (param $p i32) (result i32)
      (call $join (local.get $i) (i32.const 0)) (call $sdrop (local.get $i)) (call $finish) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "get" (func $get))
    (export "ret" (func $ret)) (export "wsnew" (func $wsnew)) (export "join" (func $join)) (export "sdrop" (func $sdrop))))))
  (func (export "run") async (result ${c.type}) (canon lift (core func $m "run") async (memory $memory) (callback (core func $m "cb")))))`;
}

/** A caller that async-lowers `get` (a string) with the out-pointer `ptr` and returns at once. */
function badPointerCaller(ptr: number): string {
  return `(component
  (import "get" (func $get async (result string)))
  (core module $Libc (memory (export "mem") 1) (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024)))
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "mem" (core memory $memory))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $get (canon lower (func $get) async (memory $memory) (realloc $realloc)))
  (core module $M
    (import "" "get" (func $get (param i32) (result i32)))
    (func (export "run") (result i32) (drop (call $get (i32.const ${ptr}))) (i32.const 0)))
  (core instance $m (instantiate $M (with "" (instance (export "get" (func $get))))))
  (func (export "run") (result u32) (canon lift (core func $m "run"))))`;
}

const COMPILE = MODES_AND_UNFUSED;

const stringCallee = await assemble(callee(CASES[0]!));
const badCallers = await Promise.all([65532, 66].map(async (p) => assemble(badPointerCaller(p))));

const built = await Promise.all(CASES.map(async (c) => ({ c, callee: await assemble(callee(c)), caller: await assemble(caller(c)) })));

for (const [mode, compile] of COMPILE) {
  describe(`async call results between kumiki instances (${mode})`, () => {
    for (const { c, callee: cb, caller: rb } of built) {
      it(c.name, async () => {
        const x = (await compile(cb)).instantiate({}).exports as { get: unknown };
        const y = (await compile(rb)).instantiate({ get: x.get }).exports as { run(): Promise<unknown> };
        const before = fuseStats.fused;
        assert.deepEqual(await y.run(), c.expect);
        assert.deepEqual(await Promise.all([y.run(), y.run()]), [c.expect, c.expect]);
        // The result fused once per instance pair (the fused adapter is cached after the first call).
        assert.equal(fuseStats.fused - before, mode.includes('fuse off') ? 0 : 1, 'the result fused');
      });
    }

    it('an out-pointer out of bounds or unaligned traps with the same message fused or not', async () => {
      const expect = [/result of import get \[async result\]: range \[65532, 65540\) is out of bounds of memory/, /result of import get \[async result\]: unaligned pointer 66 \(alignment 4\)/];
      for (let i = 0; i < badCallers.length; i++) {
        // The trap is the callee's task.return's (its instance is poisoned): a fresh pair each time.
        const x = (await compile(stringCallee)).instantiate({}).exports as { get: unknown };
        const y = (await compile(badCallers[i]!)).instantiate({ get: x.get }).exports as { run(): number };
        assert.throws(() => y.run(), (e: unknown) => e instanceof Trap && expect[i]!.test((e as Error).message));
      }
    });
  });
}
