// A synthetic component with `n` exported root functions (issue 16: compile time should grow with what is called),
// cycling through a few signatures so that functions share types: (u32, u32) -> u32, (string) -> u32,
// (list<u32>) -> u32, (f64, f64) -> f64, (point) -> u32. Built with jco's WAT parser + componentEmbed/componentNew
// (cached by hash under .cache/wit, like every fixture).
import { LIBC, witComponent } from './build.js';

const KINDS = [
  { wit: 'func(a: u32, b: u32) -> u32', core: '(param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))' },
  { wit: 'func(s: string) -> u32', core: '(param i32 i32) (result i32) (local.get 1)' },
  { wit: 'func(xs: list<u32>) -> u32', core: '(param i32 i32) (result i32) (call $reset) (local.get 1)' },
  { wit: 'func(x: f64, y: f64) -> f64', core: '(param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1))' },
  { wit: 'func(p: point) -> u32', core: '(param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1))' },
] as const;

/** Arguments for function `i` (by its signature) and the result they give. */
export function callOf(i: number): { args: unknown[]; result: unknown } {
  switch (i % KINDS.length) {
    case 0: return { args: [i, 1], result: i + 1 };
    case 1: return { args: ['héllo'], result: 6 };
    case 2: return { args: [new Uint32Array([1, 2, 3])], result: 3 };
    case 3: return { args: [i, 0.5], result: i + 0.5 };
    default: return { args: [{ x: i + 7, y: 7 }], result: i };
  }
}

/** `fun0` … `fun<n-1>`: the exported names (camelCase is the same). */
export function manyFunctions(n: number): Promise<Uint8Array> {
  const names = Array.from({ length: n }, (_, i) => `fun${i}`);
  const wit = `package kumiki:many;
world many {
  record point { x: u32, y: u32 }
${names.map((f, i) => `  export ${f}: ${KINDS[i % KINDS.length]!.wit};`).join('\n')}
}`;
  const core = `(module
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")')}
${names.map((f, i) => `  (func (export "${f}") ${KINDS[i % KINDS.length]!.core})`).join('\n')}
)`;
  return witComponent(wit, 'many', core);
}
