// Strings: all three encodings both ways, the spec's realloc sequences, BOM preservation, memory growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiContext, CoreValueIter, liftFlat, lowerFlat, type AddrType, type StringEncoding } from '../../src/abi/index.js';
import { primitive } from '../../src/types/index.js';
import { Heap } from './heap.js';

const str = primitive('string');
const ENCODINGS: StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];
const SAMPLES = [
  '', 'a', 'hello', '\ufeffbom first', 'café', 'ÿ latin1 only ÿ', 'Ā first non-latin1', 'naïve 😀 emoji', '日本語テキスト',
  'x'.repeat(31) + 'é', 'y'.repeat(200), 'z'.repeat(100) + '😀' + 'é'.repeat(50), '\u0000\u007f\u0080\u00ff\u0100\uffff',
  // Past the native codecs' thresholds (UTF-8 transcoding from 256 bytes, latin1/UTF-16 writers past 64 units).
  'héllo wörld — 日本 😀 '.repeat(20), 'ÿ café é'.repeat(40), '\ufeff' + 'b'.repeat(300) + '€',
];

function context(encoding: StringEncoding, addrType: AddrType = 'i32', size = 1 << 16): { cx: AbiContext; heap: Heap } {
  const heap = new Heap(size);
  heap.lastAlloc = 8; // keep pointer 0 free so that a zero pointer would stand out
  return { cx: new AbiContext({ memory: heap, realloc: heap.realloc, encoding, addrType }), heap };
}

for (const encoding of ENCODINGS) {
  for (const addrType of ['i32', 'i64'] as const) {
    test(`strings round-trip through ${encoding} (${addrType})`, () => {
      const { cx } = context(encoding, addrType);
      for (const s of SAMPLES) {
        const flat = lowerFlat(cx, s, str);
        assert.equal(typeof flat[0], addrType === 'i64' ? 'bigint' : 'number');
        assert.equal(liftFlat(cx, new CoreValueIter(flat), str), s, JSON.stringify(s));
      }
    });
  }
}

test('a leading U+FEFF survives lifting in every encoding', () => {
  const bytes: Record<StringEncoding, number[]> = {
    utf8: [0xef, 0xbb, 0xbf, 0x61], utf16: [0xff, 0xfe, 0x61, 0x00], 'latin1+utf16': [0xff, 0xfe, 0x61, 0x00],
  };
  for (const encoding of ENCODINGS) {
    const heap = new Heap(64, Uint8Array.from(bytes[encoding]));
    const cx = new AbiContext({ memory: heap, encoding });
    const len = encoding === 'utf8' ? 4 : encoding === 'utf16' ? 2 : 2 | 0x80000000;
    assert.equal(liftFlat(cx, new CoreValueIter([0, len]), str), '\ufeffa', encoding);
  }
  const long = '\ufeff' + 'b'.repeat(100);
  const { cx } = context('utf8');
  assert.equal(liftFlat(cx, new CoreValueIter(lowerFlat(cx, long, str)), str), long);
});

test('utf8 destination: one allocation at the exact encoded length (ASCII, short and long non-ASCII)', () => {
  const { cx, heap } = context('utf8');
  lowerFlat(cx, 'plain', str);
  assert.deepEqual(heap.calls, [[0, 0, 1, 5]]);
  heap.calls.length = 0;
  const [ptr, len] = lowerFlat(cx, 'héllo', str) as number[];
  assert.deepEqual(heap.calls.map((c) => [c[1], c[2], c[3]]), [[0, 1, 6]]);
  assert.equal(len, 6);
  assert.deepEqual([...new Uint8Array(heap.buffer, ptr, 6)], [0x68, 0xc3, 0xa9, 0x6c, 0x6c, 0x6f]);
  const long = 'a'.repeat(100) + '€😀'; // the native path: 103 units, 107 bytes
  heap.calls.length = 0;
  const [, len2] = lowerFlat(cx, long, str) as number[];
  assert.equal(len2, 107);
  assert.deepEqual(heap.calls.map((c) => [c[1], c[3]]), [[0, 107]]);
});

test('latin1+utf16 destination: latin1 when every unit fits a byte, else tagged UTF-16', () => {
  const { cx, heap } = context('latin1+utf16');
  const [p1, n1] = lowerFlat(cx, 'ÿes', str) as number[];
  assert.equal(n1, 3);
  assert.deepEqual([...new Uint8Array(heap.buffer, p1!, 3)], [0xff, 0x65, 0x73]);
  heap.calls.length = 0;
  const [p2, n2] = lowerFlat(cx, 'aĀ', str) as number[];
  assert.equal(n2, (2 | 0x80000000) >>> 0);
  assert.deepEqual(heap.calls.map((c) => [c[1], c[2], c[3]]), [[0, 2, 4]], 'one allocation: measured first');
  assert.deepEqual([...new Uint8Array(heap.buffer, p2!, 4)], [0x61, 0x00, 0x00, 0x01]);
  const { cx: cx64 } = context('latin1+utf16', 'i64');
  const [, n3] = lowerFlat(cx64, 'aĀ', str);
  assert.equal(n3, (1n << 63n) | 2n);
});

test('memory growing inside realloc is picked up (views refreshed)', () => {
  const heap = new Heap(16);
  const realloc: typeof heap.realloc = (a, b, c, d) => {
    if (heap.lastAlloc + Number(d) > heap.buffer.byteLength) heap.grow(1 << 16);
    return heap.realloc(a, b, c, d);
  };
  const cx = new AbiContext({ memory: heap, realloc });
  const s = 'grow '.repeat(30) + 'ü';
  const flat = lowerFlat(cx, s, str);
  assert.ok(heap.buffer.byteLength > 16);
  assert.equal(liftFlat(cx, new CoreValueIter(flat), str), s);
  const list = lowerFlat(cx, [s, s], { kind: 'list', element: str });
  assert.deepEqual(liftFlat(cx, new CoreValueIter(list), { kind: 'list', element: str }), [s, s]);
});

test('latin1 lifting maps every byte to the same code point (not windows-1252), short and long', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const heap = new Heap(512, all);
  const cx = new AbiContext({ memory: heap, encoding: 'latin1+utf16' });
  const want = String.fromCharCode(...all);
  assert.equal(liftFlat(cx, new CoreValueIter([0, 256]), str), want);
  assert.equal(liftFlat(cx, new CoreValueIter([128, 16]), str), want.slice(128, 144));
});

test('invalid UTF-8 past the native decoding threshold is refused in the same words', () => {
  // 300 two-byte code points (native transcoding from 256 bytes), then an overlong NUL at byte 600.
  const bytes = Uint8Array.from([...Array(300).fill([0xc3, 0xa9]).flat(), 0xc0, 0x80]);
  const cx = new AbiContext({ memory: new Heap(1024, bytes), encoding: 'utf8' });
  assert.equal(liftFlat(cx, new CoreValueIter([0, 600]), str), 'é'.repeat(300));
  assert.throws(() => liftFlat(cx, new CoreValueIter([0, 602]), str), /invalid utf-8 sequence of 1 bytes from index 600/);
});

test('the JS decoders for short strings agree with fatal TextDecoders on random bytes (every UTF-8 boundary case)', async () => {
  const { utf8At, utf16At } = await import('../../src/abi/decode-strings.js');
  const fatal8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const fatal16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
  const decode = (d: TextDecoder, b: Uint8Array): string | undefined => { try { return d.decode(b); } catch { return undefined; } };
  // Bytes near every boundary of Unicode Table 3-7 (lead bytes, continuation ranges, surrogates, U+10FFFF).
  const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
  let seed = 12345;
  const rand = (k: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  const mem = new Uint8Array(256);
  for (let round = 0; round < 20000; round++) {
    const n = rand(70);
    for (let i = 0; i < n; i++) mem[16 + i] = rand(4) === 0 ? rand(256) : interesting[rand(interesting.length)]!;
    assert.equal(utf8At(mem, 16, n), decode(fatal8, mem.subarray(16, 16 + n)), `utf-8 ${[...mem.subarray(16, 16 + n)].map((b) => b.toString(16))}`);
    const units = n >>> 1;
    for (let i = 0; i < 2 * units; i += 2) if (rand(3) === 0) mem[17 + i] = 0xd8 + rand(8); // surrogates, paired or not
    assert.equal(utf16At(mem, 16, units), decode(fatal16, mem.subarray(16, 16 + 2 * units)), `utf-16 ${[...mem.subarray(16, 16 + 2 * units)].map((b) => b.toString(16))}`);
  }
  // Random valid text (1- to 4-byte sequences at their range edges), whole and cut off by one byte.
  const cps = [0x24, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff, 0xffff, 0x10000, 0x10ffff];
  for (let round = 0; round < 5000; round++) {
    let s = '';
    for (let k = rand(20); k > 0; k--) s += String.fromCodePoint(cps[rand(cps.length)]!);
    const b = new TextEncoder().encode(s);
    mem.set(b.subarray(0, 200), 16);
    const n = Math.min(b.length, 200);
    assert.equal(utf8At(mem, 16, n), decode(fatal8, mem.subarray(16, 16 + n)));
    if (n > 0) assert.equal(utf8At(mem, 16, n - 1), decode(fatal8, mem.subarray(16, 15 + n)));
  }
  // Valid text of every sequence length, ASCII runs of every short length.
  for (const s of ['', 'a', 'é', '€', '😀', 'aé€😀'.repeat(8), 'x'.repeat(47), 'x'.repeat(48), 'x'.repeat(49), 'y'.repeat(128), 'y'.repeat(129)]) {
    const b = new TextEncoder().encode(s);
    mem.set(b, 16);
    assert.equal(utf8At(mem, 16, b.length), s);
  }
});

test('UTF-16 of every length class (JS loop, TextDecoder, native transcoding; latin1 narrowed): valid text decodes, an unpaired surrogate traps in the same words', () => {
  const fatal16 = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
  for (const units of [10, 100, 300, 3000]) {
    for (const body of ['a', 'ÿ', 'é😀日', '\ufeff']) {
      const s = body.repeat(Math.ceil(units / body.length)).slice(0, units).replace(/[\ud800-\udbff]$/, 'z');
      const heap = new Heap(8 * units + 64);
      const cx = new AbiContext({ memory: heap, realloc: heap.realloc, encoding: 'utf16' });
      const [ptr, len] = lowerFlat(cx, s, str) as number[];
      assert.equal(liftFlat(cx, new CoreValueIter([ptr!, len!]), str), s);
      assert.equal(liftFlat(cx, new CoreValueIter([ptr!, len!]), str), fatal16.decode(new Uint8Array(heap.buffer, ptr, 2 * len!)));
      for (const [at, unit] of [[0, 0xdc00], [len! - 1, 0xd800], [len! >> 1, 0xdbff]] as const) {
        const view = new DataView(heap.buffer);
        const keep = view.getUint16(ptr! + 2 * at, true);
        view.setUint16(ptr! + 2 * at, unit, true);
        if ((unit & 0xfc00) === 0xd800 && at + 1 < len!) view.setUint16(ptr! + 2 * at + 2, 0x61, true); // no low half after it
        assert.throws(() => liftFlat(cx, new CoreValueIter([ptr!, len!]), str), /invalid UTF-16 in string at \d+ \(unpaired surrogate\)/, `${units} ${JSON.stringify(body)} @${at}`);
        view.setUint16(ptr! + 2 * at, keep, true);
        if (at + 1 < len!) view.setUint16(ptr! + 2 * at + 2, s.charCodeAt(at + 1), true);
      }
    }
  }
});

test('a long string just lifted is lowered again without a second scan, and its UTF-8 from a UTF-16 lift is reused byte for byte; the memory of it ends with the job', async () => {
  const { knownWellFormed, knownUtf8 } = await import('../../src/abi/decode-strings.js');
  const s = 'héllo wörld — 日本 😀 '.repeat(200);
  const from = new Heap(1 << 16), to = new Heap(1 << 16);
  const cx16 = new AbiContext({ memory: from, realloc: from.realloc, encoding: 'utf16' });
  const cx8 = new AbiContext({ memory: to, realloc: to.realloc, encoding: 'utf8' });
  const lifted = liftFlat(cx16, new CoreValueIter(lowerFlat(cx16, s, str)), str) as string;
  assert.equal(lifted, s);
  assert.ok(knownWellFormed(lifted));
  assert.ok(knownUtf8(lifted) !== undefined);
  to.calls.length = 0;
  const [ptr, len] = lowerFlat(cx8, lifted, str) as number[];
  assert.deepEqual(new Uint8Array(to.buffer, ptr, len), new TextEncoder().encode(s));
  assert.deepEqual(to.calls.map((c) => c[3]), [len], 'one allocation at the exact length');
  assert.ok(!knownWellFormed(s + 'x'), 'only that string');
  await null;
  assert.ok(!knownWellFormed(lifted), 'forgotten once the job ends');
  assert.equal(knownUtf8(lifted), undefined);
  // A lone surrogate in a string of the same length is still refused.
  const bad = lifted.slice(0, 100) + '\ud800' + lifted.slice(101);
  assert.throws(() => lowerFlat(cx8, bad, str), /unpaired surrogate/);
  assert.throws(() => lowerFlat(cx16, bad, str), /unpaired surrogate/);
});

test('long mixed UTF-8 lifts to a string equal to the text (a later lift leaves it alone), remembered well formed, lowers to the same bytes in every encoding with one exact allocation, and copies fused the same', async () => {
  const { knownWellFormed } = await import('../../src/abi/decode-strings.js');
  const TRANSCODE_CHUNK = 1 << 15; // (a chunk size an earlier decoder used: sequences straddle its edges)
  const { MemView, out } = await import('../../src/runtime/glue/memview.js');
  const { liftUtf8, lowerUtf8, lowerUtf16, lowerLatin1Utf16 } = await import('../../src/runtime/glue/strings.js');
  const { stringCopy } = await import('../../src/runtime/fuse-strings.js');
  // Multi-byte sequences straddling each chunk edge (4-, 3- and 2-byte ones), a BOM past the first chunk, and text
  // that fits latin1 (the latin1+utf16 destination narrows it piece by piece).
  const edge = (k: number, ch: string) => 'a'.repeat(k * TRANSCODE_CHUNK - 1) + ch;
  const texts = [
    edge(1, '😀') + 'héllo wörld — 日本 😀 '.repeat(3000) + '\ufeff' + '€',
    'x'.repeat(TRANSCODE_CHUNK - 2) + '日本' + 'é'.repeat(TRANSCODE_CHUNK) + 'ÿ',
    'ÿ café é'.repeat(10000),
    'é'.repeat(TRANSCODE_CHUNK),
  ];
  const lifts: [string, string][] = [];
  const enc = new TextEncoder();
  for (const text of texts) {
    const utf8 = enc.encode(text);
    const pages = Math.ceil((utf8.length + 64) / 65536);
    const ms = new MemView(new WebAssembly.Memory({ initial: pages }));
    ms.u8.set(utf8, 64);
    const lifted = liftUtf8(ms, 64, utf8.length, 'src');
    assert.equal(lifted, text);
    assert.ok(knownWellFormed(lifted), 'remembered as well formed: the lowering below does not scan it again');
    lifts.push([lifted, text]);
    const expect: Record<StringEncoding, [Uint8Array, number]> = {
      utf8: [utf8, utf8.length],
      utf16: [new Uint8Array(Buffer.from(text, 'utf16le')), text.length],
      'latin1+utf16': /[^\u0000-\u00ff]/.test(text) ? [new Uint8Array(0), (text.length | 0x80000000) >>> 0] : [Uint8Array.from(text, (c) => c.charCodeAt(0)), text.length],
    };
    expect['latin1+utf16'][0] = expect['latin1+utf16'][1] === text.length ? expect['latin1+utf16'][0] : expect.utf16[0];
    for (const [to, lower] of [['utf8', lowerUtf8], ['utf16', lowerUtf16], ['latin1+utf16', lowerLatin1Utf16]] as const) {
      const md = new MemView(new WebAssembly.Memory({ initial: 2 * pages }));
      const sizes: number[] = [];
      const ra = (_o: number, _s: number, _a: number, size: number): number => { sizes.push(size); return 128; };
      const q = lower(md, ra, lifted, 'dst');
      const [bytes, len] = expect[to];
      assert.equal(out.len, len, to);
      assert.deepEqual(sizes, [bytes.length], `${to}: one allocation at the exact length`);
      assert.ok(Buffer.from(md.u8.subarray(q, q + bytes.length)).equals(bytes), to);
    }
    // Fused utf8 → utf16 (one exact allocation) gives the same bytes.
    const md = new MemView(new WebAssembly.Memory({ initial: 2 * pages }));
    const sizes: number[] = [];
    const q = stringCopy('utf8', 'utf16')(ms, 64, utf8.length, md, (_o, _s, _a, size) => { sizes.push(size); return 256; }, 'fused');
    assert.deepEqual(sizes, [expect.utf16[0].length]);
    assert.ok(Buffer.from(md.u8.subarray(q, q + sizes[0]!)).equals(expect.utf16[0]));
  }
  for (const [lifted, text] of lifts) assert.equal(lifted, text, 'a lift is a copy: later lifts leave it as it was');
  await null;
  // Invalid UTF-8 past the first chunk (a lead byte at 32774 whose continuation is 0xFF) traps in the same words, unfused and fused.
  const bad = enc.encode('é'.repeat(TRANSCODE_CHUNK));
  bad[TRANSCODE_CHUNK + 7] = 0xff;
  const ms = new MemView(new WebAssembly.Memory({ initial: 4 }));
  ms.u8.set(bad, 64);
  const words = /invalid utf-8: invalid utf-8 sequence of 1 bytes from index 32774 \(string at 64, 65536 bytes\)/;
  assert.throws(() => liftUtf8(ms, 64, bad.length, 'src'), words);
  const md = new MemView(new WebAssembly.Memory({ initial: 4 }));
  assert.throws(() => stringCopy('utf8', 'utf16')(ms, 64, bad.length, md, () => 64, 'fused'), words);
});

test('long one-byte strings to utf8: ASCII tested piece by piece then written in place, a latin1 unit in any piece found (one exact allocation, right bytes)', () => {
  const { cx, heap } = context('utf8', 'i32', 1 << 20);
  const piece = 1 << 14; // encode-strings ASCII_PIECE
  const cases = [
    'q'.repeat(3 * piece + 5), // ASCII over several pieces and a partial one
    'q'.repeat(2 * piece + 3) + 'é' + 'q'.repeat(100), // a latin1 unit in the third piece
    'é' + 'q'.repeat(piece), // ... in the first
    'q'.repeat(piece - 1) + 'ÿ', // ... last unit of the first piece
  ];
  for (const s of cases) {
    heap.calls.length = 0;
    const [ptr, len] = lowerFlat(cx, s, str) as number[];
    const utf8 = new TextEncoder().encode(s);
    assert.equal(len, utf8.length);
    assert.deepEqual(heap.calls.map((c) => [c[1], c[3]]), [[0, utf8.length]], 'one allocation at the exact length');
    assert.ok(Buffer.from(heap.buffer, ptr!, len!).equals(utf8));
    assert.equal(liftFlat(cx, new CoreValueIter([ptr!, len!]), str), s);
  }
});
