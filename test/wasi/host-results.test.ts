// Host imports returning `result`: the thrown-error-payload rule (an error's `.payload`, else a thrown non-Error
// value, is the E value; a thrown Error without payload is not an E value), and root-level imports in jco's
// `{ default: f }` form; every case compared with jco's transpiled output, in every kumiki mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Component, ComponentError } from '../../src/index.js';
import { jcoTranspile, witComponent } from '../support/build.js';

const WIT = `package test:host;
world w {
  enum code { closed, denied }
  import lookup: func(key: string) -> result<u32, string>;
  import read: func(n: u32) -> result<u32, code>;
  export try-lookup: func(key: string) -> result<u32, string>;
  export try-read: func(n: u32) -> result<u32, code>;
}`;

// The exports forward to the imports and return the imports' result area as their own (same layout).
const CORE = `(module
  (import "$root" "lookup" (func $lookup (param i32 i32 i32)))
  (import "$root" "read" (func $read (param i32 i32)))
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (global.get $bump) (i32.add (local.get 3) (i32.const 8))))
    (if (local.get 0) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
    (local.get $p))
  (func (export "try-lookup") (param i32 i32) (result i32) (call $lookup (local.get 0) (local.get 1) (i32.const 64)) (i32.const 64))
  (func (export "try-read") (param i32) (result i32) (call $read (local.get 0) (i32.const 64)) (i32.const 64))
)`;

class PayloadError extends Error {
  constructor(readonly payload: unknown) { super('with payload'); }
}

type Host = { lookup: (k: string) => number; read: (n: number) => number };
type Exports = { tryLookup(k: string): number; tryRead(n: number): number };

/** What each side does for one host behaviour: a value, or the error's payload, or 'rethrown'. */
function outcome(f: () => unknown): unknown {
  try { return { ok: f() }; } catch (e) {
    // kumiki's ComponentError, or jco's (an Error with an own `payload`).
    if (e instanceof ComponentError || (e instanceof Error && Object.prototype.hasOwnProperty.call(e, 'payload'))) return { err: (e as unknown as { payload: unknown }).payload };
    return 'rethrown';
  }
}

const behaviours: [string, Host][] = [
  ['values', { lookup: (k) => k.length, read: (n) => n * 2 }],
  ['thrown raw values (preview2-shim style)', { lookup: () => { throw 'no-entry'; }, read: () => { throw 'closed'; } }],
  ['thrown errors with .payload', { lookup: () => { throw new PayloadError('ünï'); }, read: () => { throw new PayloadError('denied'); } }],
  ['thrown plain objects with .payload', { lookup: () => { throw { payload: 'obj' }; }, read: () => { throw { payload: 'closed' }; } }],
];

test('host result errors follow jco: payload, else a thrown non-Error value; root imports as { default }', async () => {
  const bytes = await witComponent(WIT, 'w', CORE);
  const jco = await jcoTranspile(bytes);
  for (const mode of ['codegen', 'interp'] as const) {
    const component = await Component.compile(bytes, { mode });
    for (const [label, host] of behaviours) {
      // kumiki takes the functions themselves and jco's form; jco takes `{ default }`.
      for (const imports of [{ lookup: host.lookup, read: host.read }, { lookup: { default: host.lookup }, read: { default: host.read } }]) {
        const k = component.instantiate(imports).exports as unknown as Exports;
        const j = jco.instantiate({ lookup: { default: host.lookup }, read: { default: host.read } }) as Exports;
        for (const [name, f, g] of [['lookup', () => k.tryLookup('héllo'), () => j.tryLookup('héllo')], ['read', () => k.tryRead(21), () => j.tryRead(21)]] as const) {
          assert.deepStrictEqual(outcome(f), outcome(g), `${mode}, ${label}, ${name}`);
        }
      }
    }
    // A thrown Error without payload is the host's failure, not an E value: it is not turned into err(...).
    const k = component.instantiate({ lookup: () => { throw new TypeError('host bug'); }, read: () => 1 }).exports as unknown as Exports;
    assert.throws(() => k.tryLookup('x'), (e: unknown) => !(e instanceof ComponentError) && e instanceof Error && /host bug/.test(`${e.message} ${(e.cause as Error | undefined)?.message}`));
  }
  const j = jco.instantiate({ lookup: { default: () => { throw new TypeError('host bug'); } }, read: { default: () => 1 } }) as Exports;
  assert.throws(() => j.tryLookup('x'), /host bug/);
});
