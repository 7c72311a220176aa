// JS values for the mode-agreement test (issue 9): good and bad values of every shape a host may pass, shared by
// every type (so each type sees far more than 60), plus per-type ones, and guest-side lies as return-area bytes.
import { HEAP_BASE, type TypeCase } from './fixture.js';

/** 2^28: one past the spec's byte limit for a string or a list of bytes (CanonicalABI.md MAX_*_BYTE_LENGTH + 1). */
const BIG = 2 ** 28;

/** Lazily built huge values, cheap to make: a sparse array, a zero-filled (untouched) typed array, a rope string. */
let huge: unknown[] | undefined;
function hugeValues(): unknown[] {
  if (process.env.MODES_NO_HUGE) return [];
  return huge ??= [new Array(BIG), new Uint8Array(BIG), 'a'.repeat(BIG), new Uint32Array(BIG / 4 + 1)];
}

function throwingGetter(key: string): object {
  return Object.defineProperty({}, key, { enumerable: true, get() { throw new Error(`getter of ${key} threw`); } });
}

function throwingProxy(): object {
  const boom = (what: string) => () => { throw new Error(`proxy ${what} trap threw`); };
  return new Proxy({}, { get: boom('get'), has: boom('has'), ownKeys: boom('ownKeys'), getOwnPropertyDescriptor: boom('gopd'), getPrototypeOf: boom('getPrototypeOf') });
}

/** Values every type is called with. */
export function commonValues(): unknown[] {
  const sparse: unknown[] = [];
  sparse[2] = 1;
  return [
    undefined, null, true, false, 0, -0, 1, -1, 1.5, -2.5, NaN, Infinity, -Infinity, 127, 128, -128, -129, 255, 256,
    32767, 32768, -32769, 65535, 65536, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, Number.MAX_VALUE, 1e-320,
    0n, 1n, -1n, 255n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 64n - 1n, 2n ** 64n,
    '', 'a', 'é', '€', '😀', 'hello', '\uD800', 'a\uDC00b', '\uDBFF', 'x\uD83D', '\uDE00y', '\uFEFFbom', 'ab\u0000c', 'ÿ'.repeat(40), '日本語'.repeat(30),
    'red', 'blue', 'purple', 'ok', 'err', 'none', 'some',
    [], [1], [1, 2, 3], ['a', 'b'], [1, 'x', true], [undefined], [null], sparse, [, 1], [[1, 2]], [[]],
    new Uint8Array([1, 2, 255]), new Int8Array([-1]), new Uint16Array([65535]), new Uint32Array([1, 2 ** 32 - 1]), new BigInt64Array([-1n]),
    new Float32Array([1.5]), new Float64Array([0.1]), new Uint8Array(0), new DataView(new ArrayBuffer(4)), new ArrayBuffer(4),
    {}, { tag: 'ok' }, { tag: 'ok', val: 1 }, { tag: 'err', val: 'no' }, { tag: 'err' }, { tag: 'some', val: undefined }, { tag: 'some', val: 3 },
    { tag: 'none' }, { tag: 'none', val: 5 }, { tag: 'circle', val: 1.5 }, { tag: 'rect', val: { x: 1, y: 2 } }, { tag: 'empty' }, { tag: 'label', val: '\uD800' },
    { tag: 'big', val: 1 }, { tag: 7 }, { tag: 'nope', val: 1 }, { tag: 'toString' },
    { read: true }, { read: true, write: true, execIt: true }, { read: false }, { read: 1 }, { read: 'no' }, { read: null }, { read: undefined },
    { execIt: true }, { 'exec-it': true }, { unknown: true }, { read: true, extra: false }, { toString: true },
    Object.create({ read: true }), Object.create(null),
    { x: 1, y: 2 }, { x: 1.5, y: -3 }, { x: 1 }, { x: 1, y: 2.5 }, { x: '1', y: 2 }, { x: 1, y: 2, z: 3 },
    { a: 1, bName: 'b', c: [1], d: 5n }, { a: 1, bName: 'b', c: new Uint16Array([2]) }, { a: 300, bName: 'b', c: [], d: undefined }, { a: 1, b_name: 'b', c: [] },
    { length: 2, 0: 1, 1: 2 }, { length: 0 }, new Map([[1, 2]]), new Set([1]), new Date(0), /re/, Symbol('s'), () => 1, new Error('e'),
    Object(1), Object('s'), Object(true), Object(1n),
    throwingGetter('x'), throwingGetter('tag'), throwingGetter('read'), throwingGetter('a'), throwingGetter('length'), throwingGetter('0'),
    throwingProxy(),
    ...hugeValues(),
  ];
}

/** Good values (and near misses) of each type, on top of the common ones. */
export function typeValues(c: TypeCase): unknown[] {
  switch (c.name) {
    case 'char': return ['\u{10FFFF}', '\uD7FF', '\uE000', 'ab', '😀😀', '\uD83D\uDE00'];
    case 'string': return ['x'.repeat(300), 'é'.repeat(70) + '€', 'ascii then é', 'a\uD800'.repeat(50), `${'a'.repeat(100)}\uDFFF`];
    case 'list-u8': return [[0, 255], [256], [-1], [1.5], new Uint8Array(1000).fill(7), [1n]];
    case 'list-u32': return [[0, 2 ** 32 - 1], [2 ** 32], new Int32Array([-1]), [NaN]];
    case 'list-s64': return [[1n, -1n], [1], new BigUint64Array([2n ** 64n - 1n]), [2n ** 63n]];
    case 'list-f32': return [[1.5, NaN, -0, Infinity], [1n], new Float64Array([0.1]), ['1']];
    case 'list-string': return [['', 'é', '😀'], ['\uD800'], [1], ['a', undefined]];
    case 'list-point': return [[{ x: 1, y: 2 }, { x: -0, y: -5 }], [{ x: 1, y: 2.5 }], [{ x: 1 }], [null]];
    case 'tuple': return [[1, 'one', true], [255, '', false], [256, '', true], [1, 'x'], [1, 'x', true, 4], [1, '\uD800', true], [1, 'x', 1]];
    case 'point': return [{ x: NaN, y: 0 }, { x: -0, y: 2 ** 31 - 1 }, { x: 1, y: 2 ** 31 }, { x: 1n, y: 0 }];
    case 'rec': return [{ a: 7, bName: 'zé', c: new Uint16Array([1, 65535]), d: -5n }, { a: 0, bName: '', c: [], d: undefined }, { a: 0, bName: '', c: [] }, { a: 0, bName: '', c: [], d: 5 }];
    case 'shape': return [{ tag: 'circle', val: NaN }, { tag: 'circle', val: 1n }, { tag: 'rect', val: { x: 1 } }, { tag: 'empty', val: 9 }, { tag: 'label', val: 'hi ü' }, { tag: 'big', val: 2n ** 64n - 1n }, { tag: 'big', val: -1n }];
    case 'color': return ['green', 'Red', ' red'];
    case 'perms': return [{ read: false, write: false, execIt: false }, { write: true }, { read: true, write: 'yes' }];
    case 'opt-u32': return [42, -42, '42'];
    case 'opt-string': return ['x€'];
    case 'opt-opt': return [{ tag: 'some', val: 300 }, { tag: 'some', val: null }, { tag: 'some' }];
    case 'list-res': return [[{ tag: 'ok', val: 1 }, { tag: 'err', val: 'bad' }], [{ tag: 'ok', val: -1 }], [{ tag: 'ok' }], [{ tag: 'err', val: 1 }], [undefined]];
    case 'list-res-empty': return [[{ tag: 'ok' }, { tag: 'err' }], [{ tag: 'ok', val: undefined }], [{ tag: 'ok', val: 5 }], [{ tag: 'fail' }]];
    case 'list-res-err': return [[{ tag: 'ok' }, { tag: 'err', val: 255 }], [{ tag: 'err', val: 256 }], [{ tag: 'err' }]];
    case 'res': return [{ tag: 'ok', val: 2 }, { tag: 'err', val: 'bad' }, { tag: 'err', val: '\uD800' }];
    default: return [];
  }
}

const u32 = (...xs: number[]): number[] => xs.flatMap((x) => [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24]);

/** Return-area bytes a lying guest hands back (at HEAP_BASE; pointers into the bytes are HEAP_BASE + offset). */
export function lies(): Uint8Array[] {
  const at = (off: number): number => HEAP_BASE + off;
  const raw: number[][] = [
    new Array(16).fill(0), new Array(16).fill(0xff), new Array(16).fill(0x01), new Array(16).fill(0x80), new Array(16).fill(0x02),
    [3, 0, 0, 0, ...new Array(12).fill(0)], [5, 0, 0, 0, ...new Array(12).fill(0)], [0, 0xd8, 0, 0, ...new Array(12).fill(0)], [0, 0, 0x11, 0, ...new Array(12).fill(0)],
    // (ptr, len) pairs: valid text, invalid UTF-8, UTF-16 lone surrogates, odd and out-of-bounds pointers, huge lengths.
    [...u32(at(8), 2), 0x68, 0x69, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 2), 0xc3, 0x28, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 3), 0xed, 0xa0, 0x80, 0, 0, 0, 0, 0],
    [...u32(at(8), 2), 0xc0, 0x80, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 1), 0x00, 0xd8, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 2), 0x3d, 0xd8, 0x00, 0xde, 0, 0, 0, 0],
    [...u32(at(9), 1), 0, 0x41, 0, 0, 0, 0, 0, 0],
    [...u32(0xfffffff0, 4), 0, 0, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 2 ** 28), 0, 0, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 2 ** 31 + 1), 0x41, 0, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 2 ** 27), 0, 0, 0, 0, 0, 0, 0, 0],
    [...u32(65530, 100), 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, ...u32(at(12), 1), 0x41, 0, 0, 0],
    [3, 0, 0, 0, ...u32(at(16), 3), 0, 0, 0, 0, 0xff, 0xfe, 0x41, 0],
    [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0x41, 0, 0, 0, ...u32(at(16), 1), 0, 0, 0, 0, 0x80, 0, 0, 0],
    [...u32(at(8), 1), 7, 0, 0, 0, 0, 0, 0, 0],
    [...u32(at(8), 1), 3, 0, 0, 0, 0, 0, 0, 0],
  ];
  return raw.map((r) => Uint8Array.from([...r, ...new Array(32).fill(0)]));
}

/** A value every mode lowers, of each type (the argument when a host return is under test). */
export function goodValue(c: TypeCase): unknown {
  const GOOD: Record<string, unknown> = {
    bool: true, char: 'a', string: 'hi', 'list-u8': new Uint8Array([1]), 'list-u32': new Uint32Array([1]), 'list-s64': new BigInt64Array([1n]),
    'list-f32': new Float32Array([1]), 'list-string': ['a'], 'list-point': [{ x: 1, y: 2 }], tuple: [1, 'a', true], point: { x: 1, y: 2 },
    rec: { a: 1, bName: 'b', c: new Uint16Array([1]), d: 2n }, shape: { tag: 'empty' }, color: 'red', perms: { read: true },
    'opt-u32': 1, 'opt-string': 'a', 'opt-opt': { tag: 'some', val: 1 }, 'list-res': [{ tag: 'ok', val: 1 }], 'list-res-empty': [{ tag: 'ok' }],
    'list-res-err': [{ tag: 'err', val: 1 }], res: { tag: 'ok', val: 1 }, s64: 1n, u64: 1n,
  };
  return c.name in GOOD ? GOOD[c.name] : 1;
}
