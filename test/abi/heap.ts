// A test memory with a bump-allocating realloc, modelled on the reference tests' `Heap`: fixed size, shrinking
// in place, copying on growth, trapping when full.
import { Trap } from '../../src/errors.js';
import type { MemoryLike, Realloc } from '../../src/abi/index.js';

export class Heap implements MemoryLike {
  buffer: ArrayBuffer;
  lastAlloc = 0;
  /** Every realloc call, as [oldPtr, oldSize, align, newSize]. */
  readonly calls: number[][] = [];

  constructor(size: number, init?: Uint8Array) {
    this.buffer = new ArrayBuffer(size);
    if (init) new Uint8Array(this.buffer).set(init);
  }

  readonly realloc: Realloc = (op, os, al, ns) => {
    const [oldPtr, oldSize, align, newSize] = [op, os, al, ns].map(Number) as [number, number, number, number];
    this.calls.push([oldPtr, oldSize, align, newSize]);
    const wide = typeof op === 'bigint';
    const ret = (p: number): number | bigint => (wide ? BigInt(p) : p);
    if (oldPtr !== 0 && newSize < oldSize) return ret(Math.ceil(oldPtr / align) * align);
    const at = Math.ceil(this.lastAlloc / align) * align;
    this.lastAlloc = at + newSize;
    if (this.lastAlloc > this.buffer.byteLength) throw new Trap('test heap exhausted');
    const u8 = new Uint8Array(this.buffer);
    u8.copyWithin(at, oldPtr, oldPtr + oldSize);
    return ret(at);
  };

  /** Replaces the buffer by a larger copy (as memory.grow does: the old buffer's views go stale). */
  grow(bytes: number): void {
    const b = new ArrayBuffer(this.buffer.byteLength + bytes);
    new Uint8Array(b).set(new Uint8Array(this.buffer));
    this.buffer = b;
  }
}

export function hex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
