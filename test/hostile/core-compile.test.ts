// A core module the engine rejects (here: a function body with a type error, which kumiki's structural checks leave
// to the engine) is a ValidationError of kumiki's, from every way of compiling a component: it names the core
// module's index and its byte offset in the component, carries the engine's message, and keeps the engine's
// WebAssembly.CompileError as `cause`. A bare CompileError never escapes (issue 10).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, instantiate, transpile, ValidationError } from '../../src/index.js';
import { assemble } from '../support/build.js';

const GOOD = '(core module (func (export "f") (result i32) i32.const 1))';
const BAD = '(core module (func (result i32) i64.const 1))';
// The bad module is the third in pre-order, inside a nested component.
const TEXT = `(component ${GOOD} (component ${GOOD} ${BAD}) ${GOOD})`;

function check(e: unknown, bytes: Uint8Array): true {
  assert.ok(e instanceof ValidationError, `a ValidationError, got ${String(e)}`);
  assert.match(e.message, /^core module 2 does not compile: .*(type error|expected i32).* \(at offset 0x[0-9a-f]+\)$/);
  assert.ok(e.cause instanceof WebAssembly.CompileError, 'the engine\'s CompileError is the cause');
  // The offset is where the bad module's bytes start: its preamble.
  assert.deepEqual([...bytes.subarray(e.offset, e.offset + 4)], [0, 0x61, 0x73, 0x6d]);
  assert.ok(e.offset > 40, 'past the first two (good) modules');
  return true;
}

describe('core modules the engine rejects are ValidationErrors', () => {
  it('new Component, Component.compile, instantiate, transpile', async () => {
    const bytes = await assemble(TEXT);
    assert.throws(() => new Component(bytes), (e) => check(e, bytes));
    await assert.rejects(Component.compile(bytes), (e) => check(e, bytes));
    await assert.rejects(instantiate(bytes), (e) => check(e, bytes));
    assert.throws(() => transpile(bytes), (e) => check(e, bytes));
  });
});
