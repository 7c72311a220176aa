// The mode-agreement fixture (issue 9): a callee and a caller component built from one WIT, linked by the host.
// For each value type T the callee exports
//   call-T(T) -> T            forwards its flat arguments to the host import host-T and returns its result
//   echo-T(list<T>) -> list<T> returns its argument's memory untouched (store + load of T in memory)
//   lie-T(list<u8>) -> T      returns the bytes it was given as its result (the return area, or the flat value):
//                             the host writes whatever lie it likes (lengths, pointers, discriminants, UTF-8)
// and the caller imports the same interface and forwards each export to it, so a call crosses host → caller →
// callee (fused memory to memory, or through JS) and back. Core bodies are generic, driven by each type's flat
// signature only.
import { flattenType } from '../../src/abi/flatten.js';
import { primitive, type ValType } from '../../src/types/index.js';
import { LIBC, witComponent, type Encoding } from '../support/build.js';

export interface TypeCase {
  /** Kebab name used in function names (`call-<name>`). */
  readonly name: string;
  readonly wit: string;
  readonly type: ValType;
}

const p = primitive;
const list = (element: ValType): ValType => ({ kind: 'list', element });
const option = (type: ValType): ValType => ({ kind: 'option', type });

const point: ValType = { kind: 'record', fields: [{ name: 'x', type: p('f64') }, { name: 'y', type: p('s32') }] };
const rec: ValType = {
  kind: 'record', fields: [
    { name: 'a', type: p('u8') }, { name: 'b-name', type: p('string') }, { name: 'c', type: list(p('u16')) }, { name: 'd', type: option(p('s64')) },
  ],
};
const shape: ValType = {
  kind: 'variant', cases: [
    { name: 'circle', type: p('f32') }, { name: 'rect', type: point }, { name: 'empty' }, { name: 'label', type: p('string') }, { name: 'big', type: p('u64') },
  ],
};
const color: ValType = { kind: 'enum', names: ['red', 'green', 'blue'] };
const perms: ValType = { kind: 'flags', names: ['read', 'write', 'exec-it'] };

export const TYPES_WIT = `
  record point { x: f64, y: s32 }
  record rec { a: u8, b-name: string, c: list<u16>, d: option<s64> }
  variant shape { circle(f32), rect(point), empty, label(string), big(u64) }
  enum color { red, green, blue }
  flags perms { read, write, exec-it }
`;

export const TYPE_CASES: readonly TypeCase[] = [
  ...(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'] as const)
    .map((k) => ({ name: k, wit: k, type: p(k) })),
  { name: 'list-u8', wit: 'list<u8>', type: list(p('u8')) },
  { name: 'list-u32', wit: 'list<u32>', type: list(p('u32')) },
  { name: 'list-s64', wit: 'list<s64>', type: list(p('s64')) },
  { name: 'list-f32', wit: 'list<f32>', type: list(p('f32')) },
  { name: 'list-string', wit: 'list<string>', type: list(p('string')) },
  { name: 'list-point', wit: 'list<point>', type: list(point) },
  { name: 'tuple', wit: 'tuple<u8, string, bool>', type: { kind: 'tuple', types: [p('u8'), p('string'), p('bool')] } },
  { name: 'point', wit: 'point', type: point },
  { name: 'rec', wit: 'rec', type: rec },
  { name: 'shape', wit: 'shape', type: shape },
  { name: 'color', wit: 'color', type: color },
  { name: 'perms', wit: 'perms', type: perms },
  { name: 'opt-u32', wit: 'option<u32>', type: option(p('u32')) },
  { name: 'opt-string', wit: 'option<string>', type: option(p('string')) },
  { name: 'opt-opt', wit: 'option<option<u8>>', type: option(option(p('u8'))) },
  { name: 'list-res', wit: 'list<result<u32, string>>', type: list({ kind: 'result', ok: p('u32'), err: p('string') }) },
  { name: 'list-res-empty', wit: 'list<result>', type: list({ kind: 'result' }) },
  { name: 'list-res-err', wit: 'list<result<_, u8>>', type: list({ kind: 'result', err: p('u8') }) },
  { name: 'res', wit: 'result<u32, string>', type: { kind: 'result', ok: p('u32'), err: p('string') } },
] as TypeCase[];

export const MODES_WIT = `package kumiki:modes;
interface types {
${TYPES_WIT}
}
interface host {
  use types.{point, rec, shape, color, perms};
${TYPE_CASES.map((c) => `  host-${c.name}: func(x: ${c.wit}) -> ${c.wit};`).join('\n')}
}
interface api {
  use types.{point, rec, shape, color, perms};
${TYPE_CASES.map((c) => `  call-${c.name}: func(x: ${c.wit}) -> ${c.wit};
  echo-${c.name}: func(x: list<${c.wit}>) -> list<${c.wit}>;
  lie-${c.name}: func(x: list<u8>) -> ${c.wit};`).join('\n')}
}
world callee { import host; export api; }
world caller { import api; export api; }`;

/** Where the callee's bump allocator puts the first allocation of a call (the `lie-T` bytes land here). */
export const HEAP_BASE = 1024;
const RET_AREA = 512;

function libc(): string {
  return LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")')
    .replace('(func (export "reset1") (param i32) (call $reset))', '');
}

const LOAD: Record<string, string> = { i32: 'i32.load', i64: 'i64.load', f32: 'f32.load', f64: 'f64.load' };

/** Core module of one side: `from` is the module the forwarded calls go to (`kumiki:modes/host` or `.../api`). */
function core(side: 'callee' | 'caller'): string {
  const imports: string[] = [];
  const funcs: string[] = [];
  const forward = (name: string, target: string, params: readonly string[], results: readonly string[]): void => {
    const spill = results.length > 1;
    const ps = params.join(' ');
    const args = params.map((_t, i) => `(local.get ${i})`).join(' ');
    imports.push(`(import "${target}" "${name}" (func $${name} (param ${ps}${spill ? ' i32' : ''})${spill ? '' : ` (result ${results[0]})`}))`);
    funcs.push(`(func (export "kumiki:modes/api#${name}") (param ${ps}) (result ${spill ? 'i32' : results[0]}) ${spill ? `(call $${name} ${args} (i32.const ${RET_AREA})) (i32.const ${RET_AREA})` : `(call $${name} ${args})`})`);
    funcs.push(`(func (export "cabi_post_kumiki:modes/api#${name}") (param ${spill ? 'i32' : results[0]}) (call $reset))`);
  };
  for (const c of TYPE_CASES) {
    const flat = flattenType(c.type);
    const results = flat.length > 1 ? ['i32', 'i32'] : flat; // spilled results: a pointer (marked by length > 1)
    if (side === 'callee') {
      forward(`call-${c.name}`, 'kumiki:modes/host', flat, results);
      // host-T is imported under the name call-T's forwarder calls.
      imports[imports.length - 1] = imports[imports.length - 1]!.replace(`"call-${c.name}"`, `"host-${c.name}"`);
      funcs.push(`(func (export "kumiki:modes/api#echo-${c.name}") (param i32 i32) (result i32) (call $echo (local.get 0) (local.get 1)))`);
      funcs.push(`(func (export "cabi_post_kumiki:modes/api#echo-${c.name}") (param i32) (call $reset))`);
      const r = flat.length > 1 ? 'i32' : flat[0]!;
      funcs.push(`(func (export "kumiki:modes/api#lie-${c.name}") (param i32 i32) (result ${r}) ${flat.length > 1 ? '(local.get 0)' : `(${LOAD[r]} (local.get 0))`})`);
      funcs.push(`(func (export "cabi_post_kumiki:modes/api#lie-${c.name}") (param ${r}) (call $reset))`);
    } else {
      forward(`call-${c.name}`, 'kumiki:modes/api', flat, results);
      forward(`echo-${c.name}`, 'kumiki:modes/api', ['i32', 'i32'], ['i32', 'i32']);
      forward(`lie-${c.name}`, 'kumiki:modes/api', ['i32', 'i32'], results);
    }
  }
  return `(module
  ${imports.join('\n  ')}
  ${libc()}
  (func $echo (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8))
  ${funcs.join('\n  ')}
)`;
}

/** The callee and caller components, each with its own string encoding. */
export async function buildPair(callerEnc: Encoding, calleeEnc: Encoding): Promise<{ caller: Uint8Array; callee: Uint8Array }> {
  return {
    callee: await witComponent(MODES_WIT, 'callee', core('callee'), calleeEnc),
    caller: await witComponent(MODES_WIT, 'caller', core('caller'), callerEnc),
  };
}
