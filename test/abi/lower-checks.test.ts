// Lowering checks JS values strictly: every wrong value is rejected with TypeError/RangeError naming its path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiContext, lowerFlatValues, lowerFlat, store, MAX_FLAT_PARAMS, ValueRangeError, ValueTypeError } from '../../src/abi/index.js';
import { primitive as p, type ValType } from '../../src/types/index.js';
import { Heap } from './heap.js';

const point: ValType = { kind: 'record', fields: [{ name: 'x', type: p('s32') }, { name: 'y-pos', type: p('f64') }] };
const shape: ValType = { kind: 'record', fields: [{ name: 'name', type: p('string') }, { name: 'points', type: { kind: 'list', element: point } }] };
const color: ValType = { kind: 'enum', names: ['red', 'dark-green'] };
const perms: ValType = { kind: 'flags', names: ['read', 'write-all'] };
const v: ValType = { kind: 'variant', cases: [{ name: 'none' }, { name: 'circle', type: p('u8') }, { name: 'pt', type: point }] };

type Row = [label: string, type: ValType, value: unknown, error: typeof TypeError | typeof RangeError, message: string];
const rows: Row[] = [
  ['bool from number', p('bool'), 1, TypeError, 'f(a): expected bool (a boolean), got number 1'],
  ['u8 of 300', p('u8'), 300, RangeError, 'f(a): expected u8 (an integer in 0..255), got 300'],
  ['u8 of -1', p('u8'), -1, RangeError, 'f(a): expected u8'],
  ['u32 non-integer', p('u32'), 1.5, RangeError, 'expected u32 (an integer in 0..4294967295), got 1.5'],
  ['u32 NaN', p('u32'), Number.NaN, RangeError, 'got NaN'],
  ['u32 from string', p('u32'), '5', TypeError, 'expected u32 (a number), got string "5"'],
  ['s8 of 128', p('s8'), 128, RangeError, 'expected s8 (an integer in -128..127)'],
  ['s16 of -32769', p('s16'), -32769, RangeError, 'expected s16'],
  ['u16 of 65536', p('u16'), 65536, RangeError, 'expected u16'],
  ['s32 of 2^31', p('s32'), 2 ** 31, RangeError, 'expected s32'],
  ['u64 from number', p('u64'), 5, TypeError, 'expected u64 (a bigint), got number 5'],
  ['u64 negative', p('u64'), -1n, RangeError, 'expected u64 (a bigint in 0..2^64-1), got -1n'],
  ['s64 of 2^63', p('s64'), 2n ** 63n, RangeError, 'expected s64'],
  ['f32 from bigint', p('f32'), 1n, TypeError, 'expected f32 (a number), got bigint 1n'],
  ['f64 from string', p('f64'), '1', TypeError, 'expected f64'],
  ['char of two code points', p('char'), 'ab', RangeError, 'expected char (exactly one code point), got a string of 2 code points'],
  ['char empty', p('char'), '', RangeError, 'got a string of 0 code points'],
  ['char lone surrogate', p('char'), '\ud800', RangeError, 'lone surrogate U+D800'],
  ['char from number', p('char'), 65, TypeError, 'expected char'],
  ['string from number', p('string'), 5, TypeError, 'f(a): expected string, got number 5'],
  ['string lone surrogate', p('string'), 'a\udc00b', RangeError, 'unpaired surrogate'],
  ['list<u32> from Float32Array', { kind: 'list', element: p('u32') }, new Float32Array(2), TypeError, 'expected a Uint32Array or an array for list<u32>, got a Float32Array'],
  ['list<u8> element', { kind: 'list', element: p('u8') }, [1, 2, 256], RangeError, 'f(a)[2]: expected u8'],
  ['list<string> element', { kind: 'list', element: p('string') }, ['a', null], TypeError, 'f(a)[1]: expected string, got null'],
  ['list from object', { kind: 'list', element: p('string') }, {}, TypeError, 'expected an array for a list, got an object'],
  ['fixed list length', { kind: 'list', element: p('u8'), length: 3 }, new Uint8Array(2), RangeError, 'expected a list of exactly 3 elements, got number 2'],
  ['record missing field', point, { x: 1 }, TypeError, 'f(a).yPos: expected f64 (a number), got undefined'],
  ['record from array', point, [1, 2], TypeError, 'expected an object for a record, got an array'],
  ['nested path', shape, { name: 'tri', points: [{ x: 1, yPos: 0 }, { x: 1, yPos: 0 }, { x: 1, yPos: 0 }, { x: 1.5, yPos: 0 }] }, RangeError, 'f(a).points[3].x: expected s32'],
  ['tuple length', { kind: 'tuple', types: [p('u8'), p('u8')] }, [1], TypeError, 'expected an array of length 2 for a tuple, got an array of length 1'],
  ['tuple element', { kind: 'tuple', types: [p('u8'), p('string')] }, [1, 2], TypeError, 'f(a)[1]: expected string'],
  ['enum unknown label', color, 'blue', RangeError, 'expected one of "red", "dark-green" for an enum, got string "blue"'],
  ['enum from number', color, 0, TypeError, 'expected one of "red", "dark-green" for an enum, got number 0'],
  ['flags non-boolean', perms, { read: 1 }, TypeError, 'f(a).read: expected a boolean for a flag, got number 1'],
  ['flags unknown key', perms, { read: true, writeAll: false, exec: true }, RangeError, 'unknown flag "exec"'],
  ['flags from string', perms, 'read', TypeError, 'expected an object of booleans for flags, got string "read"'],
  ['variant unknown tag', v, { tag: 'square', val: 1 }, RangeError, 'f(a).tag: expected tag "none" | "circle" | "pt", got string "square"'],
  ['variant without tag', v, { val: 1 }, RangeError, '.tag: expected tag'],
  ['variant payload', v, { tag: 'pt', val: { x: 'a', yPos: 1 } }, TypeError, 'f(a).val.x: expected s32 (a number)'],
  ['option payload', { kind: 'option', type: p('u8') }, 'x', TypeError, 'f(a): expected u8'],
  ['nested option form', { kind: 'option', type: { kind: 'option', type: p('u8') } }, 5, TypeError, 'f(a): expected an object { tag, val } for a option, got number 5'],
  ['nested option payload', { kind: 'option', type: { kind: 'option', type: p('u8') } }, { tag: 'some', val: 999 }, RangeError, 'f(a).val: expected u8'],
  ['result tag', { kind: 'result', ok: p('u8') }, { tag: 'error', val: 1 }, RangeError, 'f(a).tag: expected tag "ok" | "err", got string "error"'],
  ['result payload', { kind: 'result', ok: p('u8'), err: p('string') }, { tag: 'err', val: 1 }, TypeError, 'f(a).val: expected string'],
  ['map from object', { kind: 'map', key: p('string'), value: p('u8') }, { a: 1 }, TypeError, 'expected a map (a Map or an array of [key, value] pairs)'],
  ['map value', { kind: 'map', key: p('string'), value: p('u8') }, new Map([['a', 1], ['b', -1]]), RangeError, 'f(a)[1][1]: expected u8'],
];

function lowerOne(t: ValType, value: unknown, viaMemory: boolean): void {
  const heap = new Heap(1 << 16);
  const cx = new AbiContext({ memory: heap, realloc: heap.realloc });
  // Seventeen copies force the in-memory (store) path; one copy takes the flat (lowerFlat) path.
  const n = viaMemory ? MAX_FLAT_PARAMS + 1 : 1;
  lowerFlatValues(cx, MAX_FLAT_PARAMS, Array(n).fill(value), Array(n).fill(t), undefined, () => 'f(a)');
}

for (const [label, t, value, error, message] of rows) {
  for (const viaMemory of [false, true]) {
    test(`rejects ${label} (${viaMemory ? 'store' : 'lowerFlat'})`, () => {
      assert.throws(() => lowerOne(t, value, viaMemory), (e: unknown) => {
        assert.ok(e instanceof error, `expected ${error.name}, got ${String(e)}`);
        assert.ok(e instanceof ValueTypeError || e instanceof ValueRangeError);
        assert.ok((e as Error).message.includes(message), `message ${JSON.stringify((e as Error).message)} lacks ${JSON.stringify(message)}`);
        return true;
      });
    });
  }
}

test('accepted JS values lower without error (the checks are not over-strict)', () => {
  const heap = new Heap(1 << 16);
  const cx = new AbiContext({ memory: heap, realloc: heap.realloc });
  const ok: [ValType, unknown][] = [
    [p('u8'), 255], [p('s8'), -128], [p('u32'), 4294967295], [p('s32'), -2147483648], [p('u64'), 2n ** 64n - 1n],
    [p('s64'), -(2n ** 63n)], [p('f32'), Number.NaN], [p('char'), '😀'], [p('string'), '\ufeffé😀'], [p('bool'), false],
    [{ kind: 'list', element: p('u32') }, new Uint32Array([1, 2])], [{ kind: 'list', element: p('u32') }, [1, 2]],
    [{ kind: 'list', element: p('u8') }, new Uint8Array(0)], [point, { x: 1, yPos: 2, extra: 'ignored' }],
    [{ kind: 'record', fields: [{ name: 'o', type: { kind: 'option', type: p('u8') } }] }, {}],
    [perms, {}], [perms, { writeAll: true }], [color, 'dark-green'], [v, { tag: 'none' }],
    [{ kind: 'option', type: p('u8') }, null], [{ kind: 'option', type: { kind: 'option', type: p('u8') } }, { tag: 'none' }],
    [{ kind: 'map', key: p('string'), value: p('u8') }, [['a', 1]]],
  ];
  for (const [t, value] of ok) {
    lowerFlat(cx, value, t);
    store(cx, value, t, 1024);
  }
});

test('oversized lists and strings are rejected before any allocation', () => {
  const heap = new Heap(64);
  const cx = new AbiContext({ memory: heap, realloc: heap.realloc });
  const sparse = new Array(2 ** 26 + 1); // 2^26 + 1 u32 elements: one element past MAX_LIST_BYTE_LENGTH
  assert.throws(() => lowerFlat(cx, sparse, { kind: 'list', element: p('u32') }), (e: unknown) =>
    e instanceof RangeError && /list too long for the canonical ABI \(at most 268435455 bytes\)/.test(e.message));
  const huge = 'x'.repeat(2 ** 28); // a rope: cheap until flattened, and never flattened here
  assert.throws(() => lowerFlat(cx, huge, p('string')), (e: unknown) => e instanceof RangeError && /string too long for the canonical ABI \(at most 268435455 bytes\)/.test(e.message));
  assert.deepEqual(heap.calls, []);
});
