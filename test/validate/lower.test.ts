// The validator's canon signatures agree with abi/flatten's flattenFunctype (CanonicalABI.md "Flattening")
// wherever both apply, and enforce wasmparser's memory/realloc requirements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenFunctype } from '../../src/abi/flatten.js';
import { ValidationError } from '../../src/errors.js';
import { primitive, type FuncType, type ValType } from '../../src/types/index.js';
import { lowerFuncType, type CanonOptions } from '../../src/validate/lower.js';

const p = primitive;
const rec = (...ts: ValType[]): ValType => ({ kind: 'record', fields: ts.map((type, i) => ({ name: `f${i}`, type })) });
const fn = (params: ValType[], result?: ValType): FuncType => ({ kind: 'func', params: params.map((type, i) => ({ name: `p${i}`, type })), result });
const FULL: CanonOptions = { stringEncoding: 'utf8', memory: { index: 0, addr: 'i32' }, realloc: 1, async: false, gc: false };

const CASES: FuncType[] = [
  fn([]), fn([p('u32'), p('u32')], p('u32')), fn([p('string')], p('string')), fn([p('f32'), p('u64')], p('f64')),
  fn([{ kind: 'variant', cases: [{ name: 'a', type: p('f32') }, { name: 'b', type: p('u64') }, { name: 'c' }] }]),
  fn([{ kind: 'option', type: p('string') }], { kind: 'result', ok: p('u8'), err: p('string') }),
  fn(Array.from({ length: 17 }, () => p('u32'))), fn([rec(...Array.from({ length: 8 }, () => p('string')))], rec(p('u8'), p('u8'))),
  fn([{ kind: 'list', element: p('u8'), length: 5 }], { kind: 'flags', names: ['a', 'b'] }),
];

test('sync lift/lower signatures equal flattenFunctype', () => {
  for (const ft of CASES) {
    for (const ctx of ['lift', 'lower'] as const) {
      const ours = lowerFuncType(ft, FULL, ctx, 0);
      const spec = flattenFunctype(ft, ctx);
      assert.deepEqual({ params: [...ours.params], results: [...ours.results] }, { params: [...spec.params], results: [...spec.results] }, `${ctx} ${JSON.stringify(ft)}`);
    }
  }
});

test('async lift with callback returns i32; async lower returns the status i32', () => {
  const ft = fn([p('u32')], p('string'));
  const o = { ...FULL, async: true, callback: 3 };
  assert.deepEqual(lowerFuncType(ft, o, 'lift', 0).results, ['i32']);
  const lowered = lowerFuncType(ft, { ...FULL, async: true }, 'lower', 0);
  assert.deepEqual([lowered.params, lowered.results], [['i32', 'i32'], ['i32']]);
});

test('pointers need memory (lower) or realloc (lift); huge fixed lists spill without materializing', () => {
  const none: CanonOptions = { stringEncoding: 'utf8', async: false, gc: false };
  assert.throws(() => lowerFuncType(fn([p('string')]), none, 'lower', 5), (e: unknown) => e instanceof ValidationError && /`memory` is required/.test(e.reason) && e.offset === 5);
  assert.throws(() => lowerFuncType(fn([p('string')]), { ...FULL, realloc: undefined }, 'lift', 0), /`realloc` is required/);
  assert.throws(() => lowerFuncType(fn([], p('string')), { ...FULL, realloc: undefined }, 'lower', 0), /`realloc` is required/);
  const huge = fn([{ kind: 'list', element: p('u32'), length: 1_000_000_000 }]);
  assert.deepEqual(lowerFuncType(huge, FULL, 'lift', 0).params, ['i32']);
});
