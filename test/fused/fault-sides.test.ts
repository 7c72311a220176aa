// A fused call fails exactly as the same call through JS (README "One behaviour"): a fault of the caller's argument
// data is the caller's (worded at the caller's lower, `c#f(x)`, and the callee is not poisoned: it never ran), a
// fault writing the result into the caller is the caller's too (after the callee's post-return), and a tuple's
// elements are named `[i]` on both paths. Two top-level components the host links, so the callee can be called
// afterwards; in codegen, interp and AOT, fused and through JS.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import { assemble } from '../support/build.js';
import { compileAot } from './aot.js';
import { calleeComponent, callerComponent, type Enc, type FusedFunc } from './fixture.js';

await Component.loadInterpreter();
await Component.loadAsync();

type Api = Record<string, (...a: unknown[]) => unknown>;
type Mode = 'codegen' | 'interp' | 'aot';

async function compile(mode: Mode, text: string, fuse: boolean, features: string[] = []): Promise<(imports: Record<string, unknown>) => Api> {
  const bytes = await assemble(text);
  if (mode === 'aot') {
    const c = await compileAot(bytes, { fuse, features });
    return (imports) => c.instantiate(imports) as unknown as Api;
  }
  const c = new Component(bytes, { fuse, mode, features });
  return (imports) => c.instantiate(imports).exports as unknown as Api;
}

const FUNCS: readonly FusedFunc[] = [
  { name: 'echo', sig: '(param "x" string) (result string)', flat: 2, retArea: true },
  { name: 'len', sig: '(param "x" string) (result u32)', flat: 2, retArea: false },
  { name: 'pair', sig: '(param "x" (tuple string string)) (result u32)', flat: 4, retArea: false },
  { name: 'opt', sig: '(param "x" (option string)) (result u32)', flat: 3, retArea: false },
];

/** What a step gave: a value, or the error's class and message. */
function outcome(f: () => unknown): string {
  try { return `ok ${JSON.stringify(f())}`; } catch (e) { return `${(e as Error).name}: ${(e as Error).message}`; }
}

/**
 * Runs `fault` on a caller whose core body was edited by `edit` (linked to a fresh callee), then calls the callee
 * directly and the caller again: the outcomes, fused and through JS.
 */
async function scenario(mode: Mode, enc: Enc, edit: (text: string) => string, fault: (api: Api) => unknown): Promise<{ fused: string[]; js: string[] }> {
  const out: Record<'fused' | 'js', string[]> = { fused: [], js: [] };
  for (const fuse of [true, false]) {
    const callee = (await compile(mode, calleeComponent(FUNCS, 'utf8'), true))({});
    const before = fuseStats.fused;
    const api = (await compile(mode, edit(callerComponent(FUNCS, enc)), fuse))({ c: callee });
    assert.equal(fuseStats.fused - before, fuse ? FUNCS.length : 0);
    const o = out[fuse ? 'fused' : 'js'];
    o.push(outcome(() => fault(api)), `callee | ${outcome(() => callee.len!('abc'))}`, `caller | ${outcome(() => api.len!('abc'))}`);
  }
  return out;
}

for (const mode of ['codegen', 'interp', 'aot'] as const) {
  describe(`fused calls fail as through JS (${mode})`, () => {
    it('bad argument data from the caller is the caller\'s fault: worded at its lower, the callee not poisoned', async () => {
      // The caller's core forges an unpaired surrogate in its own memory before calling (JS cannot pass one).
      const { fused, js } = await scenario(mode, 'utf16', (t) => t.replace('(func (export "len") (param i32 i32) (result i32) (call $len',
        '(func (export "len") (param i32 i32) (result i32) (i32.store16 (local.get 0) (i32.const 0xd800)) (call $len'), (api) => api.len!('ab'));
      assert.deepEqual(fused, js);
      assert.match(fused[0]!, /^Trap: len: canonical ABI: c#len\(x\): invalid UTF-16/);
      assert.equal(fused[1], 'callee | ok 3', 'the callee never ran: it is not poisoned');
      assert.match(fused[2]!, /^caller \| Trap: len: cannot enter component instance: it is poisoned/);
    });

    it('a tuple element is named [i], lifted or lowered, fused or not', async () => {
      const { fused, js } = await scenario(mode, 'utf16', (t) => t.replace('(func (export "pair") (param i32 i32 i32 i32) (result i32) (call $pair',
        '(func (export "pair") (param i32 i32 i32 i32) (result i32) (i32.store16 (local.get 2) (i32.const 0xdc00)) (call $pair'), (api) => api.pair!(['a', 'b']));
      assert.deepEqual(fused, js);
      assert.match(fused[0]!, /^Trap: pair: canonical ABI: c#pair\(x\)\[1\]: invalid UTF-16/);
    });

    it('an option\'s payload is named as the value itself (no `.val`), lifted or lowered, fused or not', async () => {
      const { fused, js } = await scenario(mode, 'utf16', (t) => t.replace('(func (export "opt") (param i32 i32 i32) (result i32) (call $opt',
        '(func (export "opt") (param i32 i32 i32) (result i32) (i32.store16 (local.get 1) (i32.const 0xdc00)) (call $opt'), (api) => api.opt!('a'));
      assert.deepEqual(fused, js);
      assert.match(fused[0]!, /^Trap: opt: canonical ABI: c#opt\(x\): invalid UTF-16/);
    });

    it('a bad out-pointer for the result is the caller\'s fault, found after the callee returned', async () => {
      // The caller's core passes a misaligned out-pointer (513) for `echo`'s result.
      const { fused, js } = await scenario(mode, 'utf8', (t) => t.replace('(call $echo (local.get 0) (local.get 1) (i32.const 512))',
        '(call $echo (local.get 0) (local.get 1) (i32.const 513))'), (api) => api.echo!('hi'));
      assert.deepEqual(fused, js);
      assert.match(fused[0]!, /^Trap: echo: canonical ABI: result of import c#echo: unaligned pointer 513/);
      assert.equal(fused[1], 'callee | ok 3');
    });

    it('a fault of the callee\'s own data still poisons the callee, fused or not', async () => {
      // The callee returns an out-of-bounds string for `echo`: its lift fails, so it is poisoned on both paths.
      const f: FusedFunc[] = FUNCS.map((x) => x.name === 'echo' ? { ...x, calleeBody: '(i32.store (i32.const 16) (i32.const 0x7ffffff0)) (i32.store (i32.const 20) (i32.const 64)) (i32.const 16)' } : x);
      const out: string[][] = [];
      for (const fuse of [true, false]) {
        const callee = (await compile(mode, calleeComponent(f, 'utf8'), true))({});
        const api = (await compile(mode, callerComponent(f, 'utf8'), fuse))({ c: callee });
        out.push([outcome(() => api.echo!('hi')), outcome(() => callee.len!('abc'))]);
      }
      assert.deepEqual(out[0], out[1]);
      assert.ok(out[0]![0]!.startsWith('Trap: echo: echo: canonical ABI: result of echo'), out[0]![0]);
      assert.match(out[0]![1]!, /^Trap: len: cannot enter component instance: it is poisoned/);
      assert.ok(Trap);
    });

    it('property-async seed 3 case 6: a bad task.return value fused into its caller poisons the callee, worded as task.return', async () => {
      // The callee's async export task.returns invalid UTF-8; the caller's sync export calls it through an async lower.
      const callee = `(component
        (core module $L (memory (export "mem") 1) (data (i32.const 16) "\\ff\\fe"))
        (core instance $l (instantiate $L))
        (alias core export $l "mem" (core memory $memory))
        (core func $ret (canon task.return (result string) (memory $memory)))
        (core module $M (import "" "ret" (func $ret (param i32 i32)))
          (func (export "f") (result i32) (call $ret (i32.const 16) (i32.const 2)) (i32.const 0))
          (func (export "ok") (result i32) (i32.const 7))
          (func (export "cb") (param i32 i32 i32) (result i32) unreachable))
        (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret))))))
        (func (export "f") async (result string) (canon lift (core func $m "f") async (memory $memory) (callback (core func $m "cb"))))
        (func (export "ok") (result u32) (canon lift (core func $m "ok"))))`;
      const caller = `(component
        (import "c" (instance $c (export "f" (func async (result string)))))
        (core module $L (memory (export "mem") 1) (func (export "realloc") (param i32 i32 i32 i32) (result i32) (i32.const 512)))
        (core instance $l (instantiate $L))
        (alias core export $l "mem" (core memory $memory))
        (core func $f (canon lower (func $c "f") async (memory $memory) (realloc (core func $l "realloc"))))
        (core module $M (import "" "f" (func $f (param i32) (result i32)))
          (func (export "g") (result i32) (drop (call $f (i32.const 64))) (i32.const 5)))
        (core instance $m (instantiate $M (with "" (instance (export "f" (func $f))))))
        (func (export "g") (result u32) (canon lift (core func $m "g"))))`;
      const out: string[][] = [];
      for (const fuse of [true, false]) {
        const ce = (await compile(mode, callee, true, ['cm-async']))({});
        const before = fuseStats.fused;
        const ca = (await compile(mode, caller, fuse, ['cm-async']))({ c: ce });
        if (fuse) assert.ok(fuseStats.fused > before, 'the result sink fuses');
        const o: string[] = [];
        for (let i = 0; i < 2; i++) o.push(outcome(() => ca.g!()), `callee | ${outcome(() => ce.ok!())}`);
        out.push(o);
      }
      assert.deepEqual(out[0], out[1]);
      assert.match(out[0]![0]!, /canonical ABI: task\.return\(result\): invalid utf-8/);
      assert.match(out[0]![1]!, /^callee \| Trap: ok: cannot enter component instance: it is poisoned/);
    });
  });
}
