// AbiContext keeps its memory views current: a grown WebAssembly.Memory detaches the old buffer (the cheap check),
// a grown shared memory keeps it (bounds failures re-read before trapping), other memories are compared by buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiContext, load, store } from '../../src/abi/index.js';
import { Trap } from '../../src/errors.js';
import { primitive as p } from '../../src/types/index.js';
import { Heap } from './heap.js';

test('a grown WebAssembly.Memory is seen after refresh', () => {
  const mem = new WebAssembly.Memory({ initial: 1 });
  const cx = new AbiContext({ memory: mem });
  assert.equal(cx.memoryLength, 65536);
  assert.throws(() => load(cx, 65536, p('u32')), Trap);
  mem.grow(1);
  store(cx, 7, p('u32'), 65536);
  assert.equal(cx.memoryLength, 131072);
  assert.equal(new DataView(mem.buffer).getUint32(65536, true), 7);
  assert.equal(load(cx, 65536, p('u32')), 7);
});

test('a grown shared memory is re-read before a bounds trap', () => {
  const mem = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
  const cx = new AbiContext({ memory: mem });
  mem.grow(1); // the old SharedArrayBuffer stays valid (not detached) but is shorter
  store(cx, 9, p('u32'), 70000);
  assert.equal(load(cx, 70000, p('u32')), 9);
  assert.throws(() => load(cx, 131072, p('u32')), /out of bounds/);
});

test('a plain MemoryLike whose buffer is replaced is re-read by refresh', () => {
  const heap = new Heap(64);
  const cx = new AbiContext({ memory: heap });
  assert.throws(() => load(cx, 64, p('u8')), Trap);
  heap.grow(64); // replaces the buffer without detaching the old one
  store(cx, 5, p('u8'), 100);
  assert.equal(new Uint8Array(heap.buffer)[100], 5);
});

test('no memory: even an empty range traps with a precise message', () => {
  const cx = new AbiContext();
  assert.throws(() => cx.checkRange(0, 0, 1, 'string'), /string needs a memory/);
});
