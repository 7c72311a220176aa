// The "values" fixture: for each value type T, guest functions that make every crossing observable, generated from
// one table so kumiki and jco can be compared on the same inputs:
//   echo-T(list<T>) -> list<T>   (the guest returns the host's list untouched: store + load of T in memory)
//   call-T(T) -> T               (the guest forwards its flat arguments to the host import host-T and returns
//                                 its result: export lowering, import lifting, import lowering, export lifting)
import { flattenType } from '../../src/abi/flatten.js';
import { primitive, type ValType } from '../../src/types/index.js';
import { LIBC } from './build.js';

export interface ValueCase {
  readonly name: string;
  /** The type as written in WIT (named types come from VALUES_TYPES). */
  readonly wit: string;
  readonly type: ValType;
  /** Sample JS values (DESIGN.md §4 conventions). */
  readonly samples: readonly unknown[];
  /** JS form of `list<T>` of the samples (typed arrays for number lists). */
  readonly list?: unknown;
}

const p = primitive;
const point: ValType = { kind: 'record', fields: [{ name: 'x', type: p('f64') }, { name: 'y', type: p('f64') }] };
const shape: ValType = {
  kind: 'variant', cases: [
    { name: 'circle', type: p('f32') }, { name: 'rect', type: point }, { name: 'empty' }, { name: 'label', type: p('string') }, { name: 'big', type: p('u64') },
  ],
};
const color: ValType = { kind: 'enum', names: ['red', 'green', 'blue'] };
const perms: ValType = { kind: 'flags', names: ['read', 'write', 'exec-it'] };
const mixed: ValType = {
  kind: 'record', fields: [
    { name: 'a', type: p('u8') }, { name: 'b-name', type: p('string') }, { name: 'c', type: { kind: 'list', element: p('u16') } },
    { name: 'd', type: { kind: 'option', type: p('s64') } },
  ],
};

export const VALUES_TYPES = `
  record point { x: f64, y: f64 }
  variant shape { circle(f32), rect(point), empty, label(string), big(u64) }
  enum color { red, green, blue }
  flags perms { read, write, exec-it }
  record mixed { a: u8, b-name: string, c: list<u16>, d: option<s64> }
`;

const STRINGS = ['', 'hello', 'héllo wörld', '日本語テキスト', '😀 emoji 🎉', '\uFEFFleading BOM', 'x'.repeat(100), 'ü'.repeat(70)];

export const VALUE_CASES: readonly ValueCase[] = [
  { name: 'bool', wit: 'bool', type: p('bool'), samples: [true, false] },
  { name: 's8', wit: 's8', type: p('s8'), samples: [-128, -1, 0, 127], list: new Int8Array([-128, -1, 0, 127]) },
  { name: 'u8', wit: 'u8', type: p('u8'), samples: [0, 1, 255], list: new Uint8Array([0, 1, 255]) },
  { name: 's16', wit: 's16', type: p('s16'), samples: [-32768, 32767, -2], list: new Int16Array([-32768, 32767, -2]) },
  { name: 'u16', wit: 'u16', type: p('u16'), samples: [0, 65535], list: new Uint16Array([0, 65535]) },
  { name: 's32', wit: 's32', type: p('s32'), samples: [-(2 ** 31), 2 ** 31 - 1, -5], list: new Int32Array([-(2 ** 31), 2 ** 31 - 1, -5]) },
  { name: 'u32', wit: 'u32', type: p('u32'), samples: [0, 2 ** 32 - 1, 2 ** 31], list: new Uint32Array([0, 2 ** 32 - 1, 2 ** 31]) },
  { name: 's64', wit: 's64', type: p('s64'), samples: [-(2n ** 63n), 2n ** 63n - 1n, -1n], list: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n, -1n]) },
  { name: 'u64', wit: 'u64', type: p('u64'), samples: [0n, 2n ** 64n - 1n, 2n ** 63n], list: new BigUint64Array([0n, 2n ** 64n - 1n, 2n ** 63n]) },
  { name: 'f32', wit: 'f32', type: p('f32'), samples: [1.5, -0, Infinity, Math.fround(0.1)], list: new Float32Array([1.5, -0, Infinity, 0.1]) },
  { name: 'f64', wit: 'f64', type: p('f64'), samples: [0.1, -1e300, -0, Number.MAX_VALUE], list: new Float64Array([0.1, -1e300, -0, Number.MAX_VALUE]) },
  { name: 'char', wit: 'char', type: p('char'), samples: ['a', '€', '😀', '\u{10FFFF}'] },
  { name: 'string', wit: 'string', type: p('string'), samples: STRINGS },
  { name: 'tuple', wit: 'tuple<u8, string, f64>', type: { kind: 'tuple', types: [p('u8'), p('string'), p('f64')] }, samples: [[1, 'one', 1.5], [255, '', -0]] },
  { name: 'point', wit: 'point', type: point, samples: [{ x: 1, y: -2.5 }] },
  { name: 'mixed', wit: 'mixed', type: mixed, samples: [{ a: 7, bName: 'zé', c: new Uint16Array([1, 65535]), d: -5n }, { a: 0, bName: '', c: new Uint16Array([]), d: undefined }] },
  {
    name: 'shape', wit: 'shape', type: shape,
    samples: [{ tag: 'circle', val: 2.5 }, { tag: 'rect', val: { x: 1, y: 2 } }, { tag: 'empty' }, { tag: 'label', val: 'hi ü' }, { tag: 'big', val: 2n ** 64n - 1n }],
  },
  { name: 'color', wit: 'color', type: color, samples: ['red', 'blue'] },
  { name: 'perms', wit: 'perms', type: perms, samples: [{ read: true, write: false, execIt: true }, { read: false, write: false, execIt: false }] },
  { name: 'opt-u32', wit: 'option<u32>', type: { kind: 'option', type: p('u32') }, samples: [undefined, 0, 42] },
  { name: 'opt-string', wit: 'option<string>', type: { kind: 'option', type: p('string') }, samples: [undefined, '', 'x'] },
  {
    name: 'opt-opt', wit: 'option<option<u8>>', type: { kind: 'option', type: { kind: 'option', type: p('u8') } },
    samples: [{ tag: 'none' }, { tag: 'some', val: undefined }, { tag: 'some', val: 3 }],
  },
  {
    name: 'nested-result', wit: 'list<result<u32, string>>', type: { kind: 'list', element: { kind: 'result', ok: p('u32'), err: p('string') } },
    samples: [[{ tag: 'ok', val: 1 }, { tag: 'err', val: 'bad' }]],
  },
  // Payload-less result cases: `{ tag, val: undefined }` in jco's shape (a variant's payload-less case is `{ tag }`).
  {
    name: 'list-res-empty', wit: 'list<result>', type: { kind: 'list', element: { kind: 'result' } },
    samples: [[{ tag: 'ok', val: undefined }, { tag: 'err', val: undefined }]],
  },
  {
    name: 'list-res-ok', wit: 'list<result<string>>', type: { kind: 'list', element: { kind: 'result', ok: p('string') } },
    samples: [[{ tag: 'ok', val: 'x' }, { tag: 'err', val: undefined }]],
  },
  {
    name: 'list-res-err', wit: 'list<result<_, u8>>', type: { kind: 'list', element: { kind: 'result', err: p('u8') } },
    samples: [[{ tag: 'ok', val: undefined }, { tag: 'err', val: 7 }]],
  },
  { name: 'list-string', wit: 'list<string>', type: { kind: 'list', element: p('string') }, samples: [[], ['a', 'bé', '😀']] },
  { name: 'list-point', wit: 'list<point>', type: { kind: 'list', element: point }, samples: [[{ x: 1, y: 2 }, { x: 3, y: 4 }]] },
  { name: 'list-list', wit: 'list<list<u8>>', type: { kind: 'list', element: { kind: 'list', element: p('u8') } }, samples: [[new Uint8Array([1, 2]), new Uint8Array([])]] },
];

/** `result<u32, string>` at top level: exports throw ComponentError, hosts throw an error with `.payload`. */
export const RESULT_CASE: ValueCase = { name: 'result', wit: 'result<u32, string>', type: { kind: 'result', ok: p('u32'), err: p('string') }, samples: [] };

export const VALUES_WIT = `package kumiki:values;
interface types {
${VALUES_TYPES}
}
interface host {
  use types.{point, shape, color, perms, mixed};
${[...VALUE_CASES, RESULT_CASE].map((c) => `  host-${c.name}: func(x: ${c.wit}) -> ${c.wit};`).join('\n')}
}
interface api {
  use types.{point, shape, color, perms, mixed};
${VALUE_CASES.map((c) => `  echo-${c.name}: func(x: list<${c.wit}>) -> list<${c.wit}>;`).join('\n')}
${[...VALUE_CASES, RESULT_CASE].map((c) => `  call-${c.name}: func(x: ${c.wit}) -> ${c.wit};`).join('\n')}
}
world values { import host; export api; }`;

const RET_AREA = 256;

/** The core module for VALUES_WIT: generic echo and forwarding bodies, driven by each type's flat signature. */
export function valuesCore(): string {
  const lines: string[] = [];
  const imports: string[] = [];
  for (const c of [...VALUE_CASES, RESULT_CASE]) {
    const flat = flattenType(c.type);
    const params = flat.join(' ');
    const inMemory = flat.length > 1;
    const args = flat.map((_t, i) => `(local.get ${i})`).join(' ');
    if (inMemory) {
      imports.push(`(import "kumiki:values/host" "host-${c.name}" (func $host-${c.name} (param ${params} i32)))`);
      lines.push(`(func (export "kumiki:values/api#call-${c.name}") (param ${params}) (result i32) (call $host-${c.name} ${args} (i32.const ${RET_AREA})) (i32.const ${RET_AREA}))`);
    } else {
      imports.push(`(import "kumiki:values/host" "host-${c.name}" (func $host-${c.name} (param ${params}) (result ${flat[0]})))`);
      lines.push(`(func (export "kumiki:values/api#call-${c.name}") (param ${params}) (result ${flat[0]}) (call $host-${c.name} ${args}))`);
    }
    lines.push(`(func (export "cabi_post_kumiki:values/api#call-${c.name}") (param ${inMemory ? 'i32' : flat[0]}) (call $reset))`);
    if (c !== RESULT_CASE) {
      lines.push(`(func (export "kumiki:values/api#echo-${c.name}") (param i32 i32) (result i32) (call $echo (local.get 0) (local.get 1)))`);
      lines.push(`(func (export "cabi_post_kumiki:values/api#echo-${c.name}") (param i32) (call $reset))`);
    }
  }
  return `(module
  ${imports.join('\n  ')}
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")').replace('(func (export "reset1") (param i32) (call $reset))', '')}
  (func $echo (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8))
  ${lines.join('\n  ')}
)`;
}
