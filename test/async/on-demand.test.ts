// The async runtime is loaded on demand (link/async-backend.ts): a component without async never loads it; an async
// one loads it in Component.compile / instantiate, or after Component.loadAsync() in the synchronous constructor,
// and `kumiki transpile` imports kumiki/runtime/async only into modules of async components. This file runs in its
// own process, so nothing has loaded the async runtime before its first test.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component, transpile, UnsupportedError } from '../../src/index.js';
import { assemble } from '../support/build.js';
import { streamComponent } from './stream-fixture.js';

const SYNC_WAT = `(component
  (core module $M (func (export "inc") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
  (core instance $m (instantiate $M))
  (func (export "inc") (param "a" u32) (result u32) (canon lift (core func $m "inc")))
)`;
const syncBytes = await assemble(SYNC_WAT);
const asyncBytes = await streamComponent();

describe('the async runtime, loaded on demand', () => {
  it('the synchronous constructor runs a component without async, and refuses an async one until the runtime is loaded', () => {
    const inc = new Component(syncBytes).instantiate().exports.inc!;
    assert.equal(inc(41), 42);
    assert.throws(() => new Component(asyncBytes), (e: unknown) => e instanceof UnsupportedError && /Component\.loadAsync\(\)/.test(e.message) && /Component\.compile/.test(e.message));
  });

  it('Component.compile loads it for an async component; the synchronous constructor works after that', async () => {
    const x = (await Component.compile(asyncBytes)).instantiate({ host: async (a: number) => a + 1 }).exports;
    assert.equal(await x.add!(2, 40), 42);
    const y = new Component(asyncBytes, { mode: 'codegen' }).instantiate({ host: (a: number) => a * 2 }).exports;
    assert.equal(await y.roundTrip!(21), 42);
    await Component.loadAsync();
  });

  it('transpile imports kumiki/runtime/async only for async components', () => {
    const js = (bytes: Uint8Array, options: Parameters<typeof transpile>[1] = {}): string => transpile(bytes, { name: 'c', ...options }).files.get('c.js') as string;
    assert.doesNotMatch(js(syncBytes), /runtime\/async|asyncRuntime/);
    assert.match(js(asyncBytes), /^import \{ asyncRuntime \} from "kumiki\/runtime\/async";$/m);
    // The async lifts' own JS functions (codegen/async-entry.ts) follow: this component's `add` and `roundTrip` qualify.
    assert.match(js(asyncBytes), /new TranspiledComponent\(program, adapters, modules, asyncRuntime(, fusion|, undefined), asyncEntries\)/);
    assert.match(js(asyncBytes, { base64Cutoff: Infinity }), /new TranspiledComponent\(program, adapters, cores\.map\(.*\), asyncRuntime(, fusion|, undefined), asyncEntries\)/);
    assert.match(js(asyncBytes, { fuse: false }), /new TranspiledComponent\(program, adapters, modules, asyncRuntime, undefined, asyncEntries\)/);
    assert.match(js(asyncBytes), /^asyncEntries\[\d+\] = function \(H, E, L, A, C, B\) \{ \/\/ add$/m);
    assert.match(js(asyncBytes, { runtime: '/dist/src/entries/transpiled.js' }), /from "\/dist\/src\/entries\/async\.js"/);
    assert.match(js(asyncBytes, { runtime: '/vendor/runtime.js' }), /from "\/vendor\/runtime-async\.js"/);
    assert.match(js(asyncBytes, { runtime: 'my-rt', asyncRuntime: 'my-rt-async' }), /from "my-rt-async"/);
    assert.throws(() => js(asyncBytes, { runtime: 'my-rt' }), (e: unknown) => e instanceof UnsupportedError && /options\.asyncRuntime/.test(e.message));
  });
});
