// JSON → component values for `kumiki call`: the JS shapes of DESIGN.md §4, and errors that name the parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { primitive, type ValType } from '../../src/types/index.js';
import { ArgumentError, fromJson, toJson } from '../../src/tools/json-values.js';

const u8 = primitive('u8');
const u64 = primitive('u64');
const s64 = primitive('s64');
const str = primitive('string');
const list = (element: ValType): ValType => ({ kind: 'list', element });

test('fromJson builds the runtime\'s shapes', () => {
  assert.equal(fromJson(u64, '18446744073709551615', 'f: parameter \'x\''), 18446744073709551615n);
  assert.equal(fromJson(s64, -5, 'w'), -5n);
  assert.deepEqual(fromJson(list(u8), [1, 2, 255], 'w'), new Uint8Array([1, 2, 255]));
  assert.deepEqual(fromJson(list(s64), [1, '-2'], 'w'), new BigInt64Array([1n, -2n]));
  assert.deepEqual(fromJson(list(str), ['a'], 'w'), ['a']);
  const rec: ValType = { kind: 'record', fields: [{ name: 'y-coord', type: u64 }, { name: 'x', type: str }] };
  assert.deepEqual(fromJson(rec, { 'y-coord': 1, x: 's' }, 'w'), { yCoord: 1n, x: 's' });
  assert.deepEqual(fromJson(rec, { yCoord: '2', x: 's' }, 'w'), { yCoord: 2n, x: 's' });
  assert.equal(fromJson({ kind: 'option', type: u64 }, null, 'w'), undefined);
  assert.deepEqual(fromJson({ kind: 'option', type: { kind: 'option', type: u64 } }, { tag: 'some', val: null }, 'w'), { tag: 'some', val: undefined });
  const v: ValType = { kind: 'variant', cases: [{ name: 'a', type: u64 }, { name: 'b' }] };
  assert.deepEqual(fromJson(v, { tag: 'a', val: 3 }, 'w'), { tag: 'a', val: 3n });
  assert.deepEqual(fromJson(v, { tag: 'b', val: 3 }, 'w'), { tag: 'b' });
  assert.deepEqual(fromJson({ kind: 'flags', names: ['read', 'write-all'] }, ['write-all'], 'w'), { read: false, writeAll: true });
  assert.deepEqual(fromJson({ kind: 'tuple', types: [u64, str] }, [1, 'x'], 'w'), [1n, 'x']);
});

test('fromJson rejects wrong JSON with the parameter named', () => {
  const where = 'api#f: parameter \'x\'';
  assert.throws(() => fromJson(u64, 1.5, where), (e: unknown) => e instanceof ArgumentError && /^api#f: parameter 'x': expected an integer/.test(e.message));
  assert.throws(() => fromJson(list(u8), 5, where), /parameter 'x': expected an array for list<u8>/);
  assert.throws(() => fromJson(list(u64), [1, 'z'], where), /parameter 'x'\[1\]: expected an integer/);
  assert.throws(() => fromJson(list(u8), [1, 'z'], where), /parameter 'x'\[1\]: expected a number/);
  assert.throws(() => fromJson({ kind: 'variant', cases: [{ name: 'a' }] }, { tag: 'q' }, where), /unknown case the string "q"/);
  assert.throws(() => fromJson({ kind: 'tuple', types: [u64] }, [], where), /expected an array of 1 elements/);
});

test('toJson prints bigints as strings, typed arrays as arrays, undefined as null', () => {
  assert.equal(toJson({ a: 1n, b: new BigUint64Array([2n]), c: new Float32Array([0.5]), d: undefined }), '{"a":"1","b":["2"],"c":[0.5],"d":null}');
  assert.equal(toJson(undefined), 'null');
});
