// Layout (size, alignment, offsets) and flattening, including memory64 and the async signatures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alignment, despecialize, discriminantSize, elemSize, fieldOffsets, flattenFunctype, flattenType, variantPayloadOffset,
} from '../../src/abi/index.js';
import { primitive as p, type Case, type FuncType, type RecordType, type ValType, type VariantType } from '../../src/types/index.js';

const cases = (n: number): Case[] => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const flags = (n: number): ValType => ({ kind: 'flags', names: Array.from({ length: n }, (_, i) => `f${i}`) });

test('sizes and alignments', () => {
  const rec: RecordType = { kind: 'record', fields: [{ name: 'a', type: p('u8') }, { name: 'b', type: p('u64') }, { name: 'c', type: p('u16') }] };
  assert.deepEqual([elemSize(rec), alignment(rec)], [24, 8]);
  assert.deepEqual(fieldOffsets(rec.fields), [0, 8, 16]);
  assert.deepEqual([elemSize(p('string')), alignment(p('string'))], [8, 4]);
  assert.deepEqual([elemSize(p('string'), 'i64'), alignment(p('string'), 'i64')], [16, 8]);
  assert.deepEqual([elemSize({ kind: 'list', element: p('u16'), length: 5 }), alignment({ kind: 'list', element: p('u16'), length: 5 })], [10, 2]);
  const res: ValType = { kind: 'result', ok: p('u8'), err: p('string') };
  assert.deepEqual([elemSize(res), alignment(res)], [12, 4]);
  assert.equal(variantPayloadOffset((despecialize(res) as VariantType).cases), 4);
  assert.deepEqual([elemSize({ kind: 'option', type: p('f64') }), alignment({ kind: 'option', type: p('f64') })], [16, 8]);
  assert.deepEqual([elemSize({ kind: 'enum', names: ['a'] }), elemSize({ kind: 'map', key: p('u8'), value: p('u8') })], [1, 8]);
  assert.deepEqual([elemSize({ kind: 'own', resource: undefined as never }), elemSize(p('char'))], [4, 4]);
});

test('discriminant and flags sizes', () => {
  assert.deepEqual([discriminantSize(cases(1)), discriminantSize(cases(256)), discriminantSize(cases(257)), discriminantSize(cases(65537))], [1, 1, 2, 4]);
  assert.deepEqual([8, 9, 16, 17, 32].map((n) => elemSize(flags(n))), [1, 2, 2, 4, 4]);
  assert.throws(() => elemSize(flags(33)), RangeError);
  assert.throws(() => elemSize(flags(0)), RangeError);
});

test('flattening joins variant payloads', () => {
  const v: ValType = { kind: 'variant', cases: [{ name: 'a', type: p('f32') }, { name: 'b', type: p('u32') }, { name: 'c', type: p('f64') }, { name: 'd', type: { kind: 'tuple', types: [p('f32'), p('u8')] } }] };
  assert.deepEqual(flattenType(v), ['i32', 'i64', 'i32']);
  assert.deepEqual(flattenType({ kind: 'option', type: p('f32') }), ['i32', 'f32']);
  assert.deepEqual(flattenType({ kind: 'result', ok: p('f32'), err: p('u32') }), ['i32', 'i32']);
  assert.deepEqual(flattenType({ kind: 'list', element: p('u8'), length: 3 }), ['i32', 'i32', 'i32']);
  assert.deepEqual(flattenType(p('string'), 'i64'), ['i64', 'i64']);
});

test('flattenFunctype: limits, return areas, async', () => {
  const many: FuncType = { kind: 'func', params: Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, type: p('u8') })) };
  const str: FuncType = { kind: 'func', params: [{ name: 's', type: p('string') }], result: p('string') };
  assert.deepEqual(flattenFunctype(many, 'lift').params, ['i32']);
  assert.deepEqual(flattenFunctype(str, 'lift'), { kind: 'func', params: ['i32', 'i32'], results: ['i32'] });
  assert.deepEqual(flattenFunctype(str, 'lower'), { kind: 'func', params: ['i32', 'i32', 'i32'], results: [] });
  assert.deepEqual(flattenFunctype(str, 'lower', { addrType: 'i64' }), { kind: 'func', params: ['i64', 'i64', 'i64'], results: [] });
  assert.deepEqual(flattenFunctype(str, 'lift', { async: true }), { kind: 'func', params: ['i32', 'i32'], results: [] });
  assert.deepEqual(flattenFunctype(str, 'lift', { async: true, callback: true }).results, ['i32']);
  const five: FuncType = { kind: 'func', params: Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, type: p('u8') })), result: p('u8') };
  assert.deepEqual(flattenFunctype(five, 'lower', { async: true }), { kind: 'func', params: ['i32', 'i32'], results: ['i32'] });
});
