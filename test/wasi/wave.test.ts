// WAVE text ⇄ component values (src/wave): every value kind parsed against its type and printed back, the
// shorthand forms wasm-wave accepts, and errors that say where and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ValType } from '../../src/index.js';
import { parseWave, parseWaveCall, printWave, WaveError } from '../../src/wave/index.js';

const u8: ValType = { kind: 'u8' };
const s64: ValType = { kind: 's64' };
const str: ValType = { kind: 'string' };
const rec: ValType = { kind: 'record', fields: [{ name: 'first-name', type: str }, { name: 'age', type: { kind: 'option', type: u8 } }] };
const variant: ValType = { kind: 'variant', cases: [{ name: 'none-yet' }, { name: 'some-num', type: { kind: 'u32' } }] };
const result: ValType = { kind: 'result', ok: str, err: { kind: 'enum', names: ['denied', 'closed'] } };

test('WAVE: each kind parses to the JS shape and prints back to the same text', () => {
  const cases: [ValType, string, unknown][] = [
    [{ kind: 'bool' }, 'true', true],
    [u8, '255', 255],
    [s64, '-9223372036854775808', -(2n ** 63n)],
    [{ kind: 'f64' }, '1.5', 1.5],
    [{ kind: 'f32' }, 'nan', NaN],
    [{ kind: 'f64' }, '-inf', -Infinity],
    [{ kind: 'char' }, "'😀'", '😀'],
    [{ kind: 'char' }, "'\\''", "'"],
    [str, '"Lin \\"ü\\"\\n\\t\\\\"', 'Lin "ü"\n\t\\'],
    [{ kind: 'list', element: u8 }, '[1, 2, 3]', new Uint8Array([1, 2, 3])],
    [{ kind: 'list', element: str }, '["a", "b"]', ['a', 'b']],
    [{ kind: 'tuple', types: [u8, str] }, '(7, "x")', [7, 'x']],
    [rec, '{first-name: "Lin", age: some(30)}', { firstName: 'Lin', age: 30 }],
    [rec, '{first-name: "Lin"}', { firstName: 'Lin', age: undefined }],
    [{ kind: 'record', fields: [] }, '{:}', {}],
    [{ kind: 'flags', names: ['read', 'write-all'] }, '{read, write-all}', { read: true, writeAll: true }],
    [{ kind: 'flags', names: ['read', 'write-all'] }, '{}', { read: false, writeAll: false }],
    [{ kind: 'enum', names: ['denied', 'closed'] }, 'closed', 'closed'],
    [variant, 'none-yet', { tag: 'none-yet' }],
    [variant, 'some-num(4)', { tag: 'some-num', val: 4 }],
    [{ kind: 'option', type: str }, 'none', undefined],
    [{ kind: 'option', type: str }, 'some("x")', 'x'],
    [{ kind: 'option', type: { kind: 'option', type: u8 } }, 'some(none)', { tag: 'some', val: undefined }], // only the outer option is tagged
    [result, 'ok("done")', { tag: 'ok', val: 'done' }],
    [result, 'err(denied)', { tag: 'err', val: 'denied' }],
    [{ kind: 'result' }, 'ok', { tag: 'ok' }],
    [{ kind: 'enum', names: ['true', 'x'] }, '%true', 'true'],
  ];
  for (const [t, text, value] of cases) {
    assert.deepStrictEqual(parseWave(t, text), value, text);
    assert.equal(printWave(t, value), text, text);
  }
});

test('WAVE: shorthand and whitespace forms', () => {
  assert.equal(parseWave({ kind: 'option', type: str }, ' "bare" '), 'bare'); // a bare value is some(value)
  assert.deepStrictEqual(parseWave({ kind: 'list', element: str }, '[\n "a", // note\n "b",\n]'), ['a', 'b']);
  assert.equal(parseWave(str, '"\\u{1F600}"'), '😀');
  const call = parseWaveCall(' iface#greet("Lin", 3) ');
  assert.equal(call.name, 'iface#greet');
  assert.equal(call.args.length, 2);
  assert.equal(parseWaveCall('noop()').args.length, 0);
});

test('WAVE: bad text and mismatched types are WaveErrors with an offset', () => {
  const bad: [ValType, string, RegExp][] = [
    [u8, '256', /out of range for u8 \(at offset 0\)/],
    [u8, '"1"', /expected a u8 value, got a string/],
    [str, '"open', /unterminated string/],
    [str, '"a" "b"', /unexpected text after the value, found '"' \(at offset 4\)/],
    [rec, '{age: some(1)}', /missing field 'first-name'/],
    [rec, '{first-name: "a", x: 1}', /unknown field 'x'/],
    [variant, 'some-num', /needs a payload/],
    [variant, 'other', /unknown case 'other'/],
    [{ kind: 'enum', names: ['a'] }, 'b', /expected one of a/],
    [{ kind: 'char' }, "'ab'", /exactly one character/],
    [str, '"\\u{D800}"', /Unicode scalar value/],
    [{ kind: 'list', element: u8 }, '[1, 2', /expected '\]'/],
  ];
  for (const [t, text, re] of bad) assert.throws(() => parseWave(t, text), (e: unknown) => e instanceof WaveError && re.test(e.message), text);
  assert.throws(() => parseWaveCall('greet'), WaveError);
});
