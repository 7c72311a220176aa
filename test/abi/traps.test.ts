// Each kind of trap the Canonical ABI raises for bad guest data, with its cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Trap } from '../../src/errors.js';
import { AbiContext, CoreValueIter, liftFlat, load, lowerFlat, type AbiOptions, type Flat } from '../../src/abi/index.js';
import { primitive as p, type ValType } from '../../src/types/index.js';
import { Heap } from './heap.js';

function cxWith(bytes: number[] | Uint8Array, opts: AbiOptions = {}): AbiContext {
  const heap = new Heap(Math.max(64, bytes.length), Uint8Array.from(bytes));
  return new AbiContext({ memory: heap, realloc: heap.realloc, ...opts });
}

function assertTrap(f: () => unknown, cause: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof Trap, `expected a Trap, got ${String(e)}`);
    assert.ok(e instanceof WebAssembly.RuntimeError);
    assert.match(e.message, cause);
    return true;
  });
}

const lift = (cx: AbiContext, t: ValType, ...flat: Flat[]): unknown => liftFlat(cx, new CoreValueIter(flat), t);
const str = p('string');
const list = (element: ValType): ValType => ({ kind: 'list', element });

test('string out of bounds', () => assertTrap(() => lift(cxWith([]), str, 60, 10), /string: string pointer\/length out of bounds of memory \(string content out-of-bounds: range \[60, 70\) is out of bounds of memory \(64 bytes\)\)/));
test('string length overflowing the address space', () => assertTrap(() => lift(cxWith([]), str, 0xffffffff, 0xffff), /out of bounds/));
test('utf16 string misaligned', () => assertTrap(() => lift(cxWith([], { encoding: 'utf16' }), str, 1, 2), /string: unaligned pointer 1 \(alignment 2\)/));
test('latin1+utf16 string misaligned', () => assertTrap(() => lift(cxWith([], { encoding: 'latin1+utf16' }), str, 3, 1), /unaligned pointer 3 \(alignment 2\)/));
test('invalid UTF-8 (short and long)', () => {
  // Worded as the reference runtime (Rust's Utf8Error): the first bad sequence, its length, or that it is cut off.
  assertTrap(() => lift(cxWith([0x61, 0xff]), str, 0, 2), /invalid utf-8: invalid utf-8 sequence of 1 bytes from index 1 \(string at 0, 2 bytes\)/);
  assertTrap(() => lift(cxWith([...Array(40).fill(0x61), 0xc0, 0x80]), str, 0, 42), /invalid utf-8 sequence of 1 bytes from index 40/);
  assertTrap(() => lift(cxWith([0xed, 0xa0, 0x80]), str, 0, 3), /invalid utf-8 sequence of 1 bytes from index 0/); // an encoded surrogate
  assertTrap(() => lift(cxWith([0x61, 0xe2, 0x82, 0x41]), str, 0, 4), /invalid utf-8 sequence of 2 bytes from index 1/);
  assertTrap(() => lift(cxWith([0x61, 0xc3]), str, 0, 2), /invalid utf-8: incomplete utf-8 byte sequence from index 1/);
  assertTrap(() => lift(cxWith([0xf0, 0x9f, 0x98]), str, 0, 3), /incomplete utf-8 byte sequence from index 0/);
});
test('invalid UTF-16: unpaired surrogates (short and long)', () => {
  assertTrap(() => lift(cxWith([0x00, 0xd8, 0x61, 0x00], { encoding: 'utf16' }), str, 0, 2), /invalid UTF-16 in string at \d+ \(unpaired surrogate\)/);
  const long = new Uint8Array(100); long[98] = 0x00; long[99] = 0xdc;
  assertTrap(() => lift(cxWith(long, { encoding: 'utf16' }), str, 0, 50), /invalid UTF-16 in string at \d+ \(unpaired surrogate\)/);
  assertTrap(() => lift(cxWith([0x00, 0xdc], { encoding: 'latin1+utf16' }), str, 0, 0x80000001), /invalid UTF-16 in string at \d+ \(unpaired surrogate\)/);
});
test('oversized string', () => {
  assertTrap(() => lift(cxWith([]), str, 0, 2 ** 28), /string of 268435456 bytes exceeds the maximum of 268435455/);
  assertTrap(() => lift(cxWith([], { encoding: 'utf16' }), str, 0, 2 ** 27), /exceeds the maximum/);
  assertTrap(() => lift(cxWith([], { encoding: 'latin1+utf16', addrType: 'i64' }), str, 0n, (1n << 63n) | (1n << 27n)), /exceeds the maximum/);
});
test('list out of bounds, misaligned, oversized', () => {
  assertTrap(() => lift(cxWith([]), list(p('u32')), 0, 17), /list: range \[0, 68\) is out of bounds/);
  assertTrap(() => lift(cxWith([]), list(p('u32')), 2, 1), /list: unaligned pointer 2 \(alignment 4\)/);
  assertTrap(() => lift(cxWith([]), list(p('u64')), 0, 2 ** 25), /list of 33554432 elements \(268435456 bytes\) exceeds the maximum/);
  assertTrap(() => lift(cxWith([], { addrType: 'i64' }), list(p('u8')), 1n << 40n, 1n), /out of bounds/);
});
test('bad discriminants (flat and in memory)', () => {
  const v: ValType = { kind: 'variant', cases: [{ name: 'a' }, { name: 'b', type: p('u8') }] };
  assertTrap(() => lift(cxWith([]), v, 2, 0), /invalid variant discriminant 2 \(this variant has 2 cases\)/);
  assertTrap(() => lift(cxWith([]), { kind: 'option', type: p('u8') }, 2, 0), /invalid variant discriminant 2 \(this variant has 2 cases\)/);
  assertTrap(() => lift(cxWith([]), { kind: 'result', ok: p('u8') }, 0xffffffff, 0), /discriminant 4294967295/);
  assertTrap(() => lift(cxWith([]), { kind: 'enum', names: ['x'] }, 1), /invalid variant discriminant 1 \(this variant has 1 case\)/);
  assertTrap(() => load(cxWith([3, 0]), 0, v), /discriminant 3/);
});
test('bad char: surrogates and past U+10FFFF', () => {
  assertTrap(() => lift(cxWith([]), p('char'), 0xd800), /invalid `char` bit pattern 0xd800 \(a surrogate/);
  assertTrap(() => lift(cxWith([]), p('char'), 0xdfff), /surrogate/);
  assertTrap(() => lift(cxWith([]), p('char'), 0x110000), /above U\+10FFFF/);
  assertTrap(() => lift(cxWith([]), p('char'), -1), /above U\+10FFFF/); // wasm hands i32 over signed
  assertTrap(() => load(cxWith([0, 0xd8, 0, 0]), 0, p('char')), /surrogate/);
});
test('load: misaligned or out-of-bounds pointer', () => {
  assertTrap(() => load(cxWith([]), 2, p('u32')), /value: unaligned pointer 2 \(alignment 4\)/);
  assertTrap(() => load(cxWith([]), 64, p('u8')), /value: range \[64, 65\) is out of bounds/);
});
test('realloc returning a bad pointer, or missing', () => {
  const heap = new Heap(64);
  const oob = new AbiContext({ memory: heap, realloc: () => 1000 });
  assertTrap(() => lowerFlat(oob, 'hello', str), /string: realloc return: beyond end of memory \(string content out-of-bounds: range \[1000, 1005\) is out of bounds/);
  const odd = new AbiContext({ memory: heap, realloc: () => 3, encoding: 'utf16' });
  assertTrap(() => lowerFlat(odd, 'hi', str), /string: realloc return: result not aligned \(unaligned pointer 3 \(alignment 2\)\)/);
  const bad = new AbiContext({ memory: heap, realloc: () => 8n });
  assertTrap(() => lowerFlat(bad, 'hi', str), /realloc returned a value of the wrong type/);
  assertTrap(() => lowerFlat(new AbiContext({ memory: heap }), [1], list(p('u8'))), /needs a realloc function/);
  assertTrap(() => lift(new AbiContext({}), str, 0, 0), /needs a memory/);
});
test('too few core values', () => assertTrap(() => lift(cxWith([]), { kind: 'tuple', types: [p('u8'), p('u8')] }, 1), /expected more core values/));

test('what the spec does not trap on: non-zero bools are true, stray flag bits are ignored', () => {
  assert.equal(lift(cxWith([]), p('bool'), 2), true);
  assert.equal(lift(cxWith([]), p('bool'), -1), true);
  assert.equal(load(cxWith([0x80]), 0, p('bool')), true);
  assert.deepEqual(lift(cxWith([]), { kind: 'flags', names: ['a', 'b'] }, 0b110), { a: false, b: true });
  assert.deepEqual(load(cxWith([0xfe]), 0, { kind: 'flags', names: ['a'] }), { a: false });
});
