// Lifted JS values follow DESIGN.md §4; lowering then lifting gives the value back; NaNs are canonical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbiContext, CoreValueIter, liftFlat, liftFlatValues, load, lowerFlat, lowerFlatValues, store, MAX_FLAT_PARAMS,
  type AddrType, type HandleHooks,
} from '../../src/abi/index.js';
import { primitive as p, ResourceType, type ValType } from '../../src/types/index.js';
import { Heap } from './heap.js';

function context(addrType: AddrType = 'i32', hooks?: HandleHooks): AbiContext {
  const heap = new Heap(1 << 16);
  heap.lastAlloc = 8;
  return new AbiContext({ memory: heap, realloc: heap.realloc, addrType, ...(hooks ? { hooks } : {}) });
}

const point: ValType = { kind: 'record', fields: [{ name: 'x-coord', type: p('s16') }, { name: 'label', type: p('string') }, { name: 'w', type: p('f64') }] };
const shape: ValType = { kind: 'variant', cases: [{ name: 'empty' }, { name: 'dot', type: point }, { name: 'weight', type: p('f32') }, { name: 'id', type: p('u64') }] };
const optOpt: ValType = { kind: 'option', type: { kind: 'option', type: p('u8') } };
const CASES: [string, ValType, unknown][] = [
  ['u64 as bigint', p('u64'), 2n ** 64n - 1n], ['s64 as bigint', p('s64'), -5n], ['char', p('char'), '😀'],
  ['list<u8> as Uint8Array', { kind: 'list', element: p('u8') }, new Uint8Array([1, 2, 255])],
  ['list<s16> as Int16Array', { kind: 'list', element: p('s16') }, new Int16Array([-1, 300])],
  ['list<u64> as BigUint64Array', { kind: 'list', element: p('u64') }, new BigUint64Array([1n, 2n ** 64n - 1n])],
  ['list<f64> as Float64Array', { kind: 'list', element: p('f64') }, new Float64Array([0.5, -0])],
  ['list<f32> as Float32Array', { kind: 'list', element: p('f32') }, new Float32Array([1.5, Infinity])],
  ['list<bool> as array', { kind: 'list', element: p('bool') }, [true, false]],
  ['fixed list<u32, 3>', { kind: 'list', element: p('u32'), length: 3 }, new Uint32Array([7, 8, 9])],
  ['fixed list<string, 2>', { kind: 'list', element: p('string'), length: 2 }, ['a', 'b']],
  ['record with camelCase fields', point, { xCoord: -3, label: 'pt', w: 2.5 }],
  ['tuple as array', { kind: 'tuple', types: [p('u8'), p('string'), p('s64')] }, [1, 'two', -3n]],
  ['variant { tag, val }', shape, { tag: 'dot', val: { xCoord: 1, label: 'x', w: 0 } }],
  ['variant joined f32 in i64', shape, { tag: 'weight', val: 1.5 }],
  ['variant joined u64', shape, { tag: 'id', val: 2n ** 63n }],
  ['variant without payload (no val key)', shape, { tag: 'empty' }],
  ['enum as string', { kind: 'enum', names: ['a', 'b-c'] }, 'b-c'],
  ['flags camelCase', { kind: 'flags', names: ['read', 'write-all'] }, { read: false, writeAll: true }],
  ['option some', { kind: 'option', type: p('string') }, 'x'],
  ['option none', { kind: 'option', type: p('string') }, undefined],
  ['nested option none (outer tagged)', optOpt, { tag: 'none' }],
  ['nested option some(none)', optOpt, { tag: 'some', val: undefined }],
  ['nested option some(some)', optOpt, { tag: 'some', val: 4 }],
  ['triple option some(some(none))', { kind: 'option', type: optOpt }, { tag: 'some', val: { tag: 'some', val: undefined } }],
  ['option<result> (untagged option)', { kind: 'option', type: { kind: 'result', ok: p('u8') } }, { tag: 'ok', val: 3 }],
  ['result ok', { kind: 'result', ok: p('u8'), err: p('string') }, { tag: 'ok', val: 1 }],
  ['result err', { kind: 'result', ok: p('u8'), err: p('string') }, { tag: 'err', val: 'bad' }],
  ['result without payloads', { kind: 'result' }, { tag: 'err', val: undefined }],
  ['map as Map', { kind: 'map', key: p('string'), value: p('u32') }, new Map([['a', 1], ['b', 2]])],
];

for (const addrType of ['i32', 'i64'] as const) {
  for (const [label, t, value] of CASES) {
    test(`${label} round-trips flat and through memory (${addrType})`, () => {
      const cx = context(addrType);
      assert.deepEqual(liftFlat(cx, new CoreValueIter(lowerFlat(cx, value, t)), t), value);
      store(cx, value, t, 4096);
      assert.deepEqual(load(cx, 4096, t), value);
    });
  }
}

test('lowering accepts the unambiguous alternative shapes', () => {
  const cx = context();
  const relift = (v: unknown, t: ValType): unknown => liftFlat(cx, new CoreValueIter(lowerFlat(cx, v, t)), t);
  // A payload-less case lowers with or without `val`; it lifts in jco's shape: `{ tag }` for a variant case,
  // `{ tag, val: undefined }` for a result case.
  assert.deepEqual(relift({ tag: 'empty', val: undefined }, shape), { tag: 'empty' });
  assert.deepEqual(relift({ tag: 'ok' }, { kind: 'result' }), { tag: 'ok', val: undefined });
  // option<option<T>> is always tagged, in every mode: undefined and null are errors, not the outer none.
  assert.throws(() => lowerFlat(cx, undefined, optOpt), /expected an object \{ tag, val \} for a option, got undefined/);
  assert.throws(() => lowerFlat(cx, null, optOpt), TypeError);
  assert.deepEqual(lowerFlat(cx, { tag: 'none' }, optOpt), [0, 0, 0]);
  assert.deepEqual(lowerFlat(cx, { tag: 'some', val: undefined }, optOpt), [1, 0, 0]);
  assert.deepEqual(lowerFlat(cx, { tag: 'some', val: 9 }, optOpt), [1, 1, 9]);
  // A bare payload is ambiguous for a tagged option and stays an error.
  assert.throws(() => lowerFlat(cx, 9, optOpt), /expected an object \{ tag, val \} for a option/);
  assert.throws(() => lowerFlat(cx, { tag: 'maybe' }, optOpt), /\.tag: expected tag "none" \| "some", got string "maybe"/);
});

test('NaN is stored canonically and lifted as NaN', () => {
  const cx = context();
  store(cx, Number.NaN, p('f32'), 64);
  store(cx, -Number.NaN, p('f64'), 72);
  assert.equal(cx.dv.getUint32(64, true), 0x7fc00000);
  assert.equal(cx.dv.getBigUint64(72, true), 0x7ff8000000000000n);
  cx.dv.setUint32(80, 0xffc00001, true); // a NaN with payload
  assert.ok(Number.isNaN(load(cx, 80, p('f32'))));
  const flat = lowerFlat(cx, { tag: 'weight', val: Number.NaN }, shape);
  assert.deepEqual(flat.slice(0, 2), [2, 0x7fc00000n]);
});

test('lifted typed arrays do not alias memory', () => {
  const cx = context();
  const t: ValType = { kind: 'list', element: p('u32') };
  const flat = lowerFlat(cx, new Uint32Array([1, 2]), t);
  const got = liftFlat(cx, new CoreValueIter(flat), t) as Uint32Array;
  cx.dv.setUint32(Number(flat[0]), 99, true);
  assert.deepEqual([...got], [1, 2]);
});

test('spilled parameters and results: a pointer to a tuple in memory', () => {
  const cx = context();
  const ts = Array<ValType>(MAX_FLAT_PARAMS + 1).fill(p('u32'));
  const vs = ts.map((_, i) => i * 10);
  const flat = lowerFlatValues(cx, MAX_FLAT_PARAMS, vs, ts);
  assert.equal(flat.length, 1);
  assert.deepEqual(liftFlatValues(cx, MAX_FLAT_PARAMS, new CoreValueIter(flat), ts), vs);
  // A caller-supplied return area (the out-pointer of a lowered import).
  const rt: ValType[] = [{ kind: 'tuple', types: [p('string'), p('u8')] }];
  assert.deepEqual(lowerFlatValues(cx, 1, [['s', 7]], rt, 512), []);
  assert.deepEqual(liftFlatValues(cx, 1, new CoreValueIter([512]), rt), [['s', 7]]);
  // Few enough values stay flat.
  assert.deepEqual(lowerFlatValues(cx, MAX_FLAT_PARAMS, [1, 2n], [p('u8'), p('u64')]), [1, 2n]);
});

test('own/borrow handles go through the runtime hooks', () => {
  const r = new ResourceType('file');
  const seen: string[] = [];
  const hooks: HandleHooks = {
    liftOwn: (h) => { seen.push(`liftOwn ${h}`); return { own: h }; },
    liftBorrow: (h) => { seen.push(`liftBorrow ${h}`); return { borrow: h }; },
    lowerOwn: (v) => { seen.push('lowerOwn'); return (v as { own: number }).own; },
    lowerBorrow: (v) => { seen.push('lowerBorrow'); return (v as { borrow: number }).borrow; },
  };
  const cx = context('i32', hooks);
  const t: ValType = { kind: 'tuple', types: [{ kind: 'own', resource: r }, { kind: 'borrow', resource: r }] };
  assert.deepEqual(liftFlat(cx, new CoreValueIter([3, 4]), t), [{ own: 3 }, { borrow: 4 }]);
  assert.deepEqual(lowerFlat(cx, [{ own: 5 }, { borrow: 6 }], t), [5, 6]);
  assert.deepEqual(seen, ['liftOwn 3', 'liftBorrow 4', 'lowerOwn', 'lowerBorrow']);
});
