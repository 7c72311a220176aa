// The `.wast` typed-value reader (test/support/wast-values.ts): script syntax → WastVal → kumiki JS values, and the
// comparison of JS results with expected script values (DESIGN.md §4 conventions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { primitive, type ValType } from '../../src/types/index.js';
import { parseSExprs } from '../support/wast.js';
import { matchJs, parseFloatLit, parseInvoke, parseWastVal, toJs, WastValueError, type WastVal } from '../support/wast-values.js';

const p = primitive;
const val = (src: string): WastVal => parseWastVal(parseSExprs(src), 1);
const js = (src: string, t: ValType): unknown => toJs(val(src), t, 'f(x)');

test('integers: ranges, hex, separators, signed bit patterns', () => {
  assert.equal(js('(u32.const 0xffff_ffff)', p('u32')), 0xffffffff);
  assert.equal(js('(s8.const -128)', p('s8')), -128);
  assert.equal(js('(s8.const 0xff)', p('s8')), -1);
  assert.equal(js('(u64.const 18446744073709551615)', p('u64')), 18446744073709551615n);
  assert.equal(js('(s64.const -14)', p('s64')), -14n);
  assert.throws(() => val('(u8.const 256)'), WastValueError);
  assert.throws(() => val('(u8.const -1)'), WastValueError);
  assert.throws(() => val('(u32.const 1.5)'), WastValueError);
});

test('floats: decimal, hex, inf, nan patterns', () => {
  assert.deepEqual(parseFloatLit('0x1.8p3', 1), { nan: false, value: 12 });
  assert.deepEqual(parseFloatLit('-0x1p-2', 1), { nan: false, value: -0.25 });
  assert.deepEqual(parseFloatLit('-inf', 1), { nan: false, value: -Infinity });
  assert.deepEqual(parseFloatLit('1e3', 1), { nan: false, value: 1000 });
  assert.deepEqual(parseFloatLit('nan:canonical', 1), { nan: true });
  assert.deepEqual(parseFloatLit('-nan:0x7fffff', 1), { nan: true });
  assert.ok(Object.is(js('(f64.const -0)', p('f64')), -0));
  assert.equal(js('(f32.const 0.1)', p('f32')), Math.fround(0.1));
  assert.equal(matchJs(NaN, val('(f32.const nan:arithmetic)'), p('f32')), undefined);
  assert.match(matchJs(0, val('(f64.const -0)'), p('f64')) ?? '', /expected/);
  assert.throws(() => parseFloatLit('1.2.3', 1), WastValueError);
});

test('chars and strings come from the decoded literal', () => {
  assert.equal(js('(char.const "\\u{1f370}")', p('char')), '🍰');
  assert.equal(js('(str.const "a\\00b")', p('string')), 'a\0b');
  assert.throws(() => val('(char.const "ab")'), WastValueError);
});

test('records: inline field values, camelCase keys, missing fields rejected', () => {
  const t: ValType = { kind: 'record', fields: [{ name: 'first-name', type: p('string') }, { name: 'scores', type: { kind: 'list', element: p('u32') } }] };
  const v = js('(record.const (field "first-name" str.const "p:") (field "scores" list.const (u32.const 10) (u32.const 20)))', t);
  assert.deepEqual(v, { firstName: 'p:', scores: new Uint32Array([10, 20]) });
  assert.throws(() => js('(record.const (field "first-name" (str.const "x")))', t), /lacks field "scores"/);
});

test('lists of numbers are typed arrays, other lists arrays; the result must match exactly', () => {
  const u8s: ValType = { kind: 'list', element: p('u8') };
  assert.ok(js('(list.const)', u8s) instanceof Uint8Array);
  const strs: ValType = { kind: 'list', element: p('string') };
  assert.deepEqual(js('(list.const (str.const "a") (str.const "b"))', strs), ['a', 'b']);
  assert.equal(matchJs(new Uint8Array([1, 2]), val('(list.const (u8.const 1) (u8.const 2))'), u8s), undefined);
  assert.match(matchJs([1, 2], val('(list.const (u8.const 1) (u8.const 2))'), u8s) ?? '', /Uint8Array/);
  assert.match(matchJs(new Uint8Array([1]), val('(list.const (u8.const 1) (u8.const 2))'), u8s) ?? '', /2 elements/);
});

test('variants, enums, flags, tuples', () => {
  const v: ValType = { kind: 'variant', cases: [{ name: 'not-found' }, { name: 's', type: p('string') }] };
  assert.deepEqual(js('(variant.const "s" (str.const "hi"))', v), { tag: 's', val: 'hi' });
  assert.deepEqual(js('(variant.const "not-found")', v), { tag: 'not-found', val: undefined });
  assert.throws(() => js('(variant.const "x")', v), /no case "x"/);
  assert.equal(js('(enum.const "red")', { kind: 'enum', names: ['red'] }), 'red');
  assert.deepEqual(js('(flags.const "a-b")', { kind: 'flags', names: ['a-b', 'c'] }), { aB: true, c: false });
  assert.deepEqual(js('(tuple.const (u32.const 1) (bool.const true))', { kind: 'tuple', types: [p('u32'), p('bool')] }), [1, true]);
  assert.throws(() => js('(tuple.const (u32.const 1))', { kind: 'tuple', types: [p('u32'), p('bool')] }), WastValueError);
});

test('options: undefined/value, tagged when inside an option; results as { tag, val } arguments', () => {
  const o: ValType = { kind: 'option', type: p('u32') };
  assert.equal(js('(option.none)', o), undefined);
  assert.equal(js('(option.some (u32.const 5))', o), 5);
  const oo: ValType = { kind: 'option', type: o };
  assert.deepEqual(js('(option.some (option.none))', oo), { tag: 'none' });
  assert.deepEqual(js('(option.some (option.some (u32.const 1)))', oo), { tag: 'some', val: 1 });
  assert.equal(matchJs({ tag: 'some', val: 1 }, val('(option.some (option.some (u32.const 1)))'), oo), undefined);
  const r: ValType = { kind: 'result', ok: p('string'), err: p('u32') };
  assert.deepEqual(js('(result.err (u32.const 404))', r), { tag: 'err', val: 404 });
  assert.deepEqual(js('(result.ok (str.const "yo"))', r), { tag: 'ok', val: 'yo' });
});

test('a value of the wrong kind for the type is rejected, not coerced', () => {
  assert.throws(() => js('(str.const "1")', p('u32')), /is not a value of type u32/);
  assert.match(matchJs('1', val('(u32.const 1)'), p('u32')) ?? '', /expected \(u32\.const 1\)/);
  assert.throws(() => val('(foo.const 1)'), /unknown value form/);
});

test('invoke: name, optional instance, arguments', () => {
  const [e] = parseSExprs('(invoke $i "f" (u32.const 1) (str.const "x"))');
  const inv = parseInvoke(e, 1);
  assert.equal(inv.instance, '$i');
  assert.equal(inv.name, 'f');
  assert.equal(inv.args.length, 2);
  assert.throws(() => parseInvoke(parseSExprs('(call "f")')[0], 1), WastValueError);
});
