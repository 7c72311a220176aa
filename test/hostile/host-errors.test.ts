// Issue 10, point 6: host mistakes stay host errors. An exception from the caller's own argument values (a throwing
// getter, a revoked Proxy) fails the call with that very exception and does not poison the instance; a Promise
// returned by the host function of a non-async WIT function is a TypeError naming the import; a root export named
// `then` makes async instantiation reject (never hang); a destructor trapping in GC cleanup reaches the
// `onDestructorTrap` hook and poisons the instance.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Component, instantiate, onDestructorTrap, Trap } from '../../src/index.js';
import { transpileAndImport } from '../support/wast-run-aot.js';
import { engine, err, MODES, type Engine } from './engines.js';
import { hostileComponent, hostileImports, type HostileApi } from './fixture.js';

let bytes: Uint8Array;
before(async () => { bytes = await hostileComponent(); });

for (const mode of MODES) {
  describe(`hostile host errors: ${mode}`, () => {
    let e: Engine;
    before(async () => { e = await engine(bytes, mode); });
    const api = (imports = hostileImports()): HostileApi => e.instantiate(imports).api as unknown as HostileApi;

    it('a throwing getter in an argument fails the call with that exception and does not poison', () => {
      const a = api();
      const boom = new Error('getter says no');
      assert.throws(() => a.sum({ get x() { throw boom; }, y: 1 }), (x: unknown) => x === boom);
      assert.equal(a.sum({ x: 2, y: 3 }), 5, 'the instance is not poisoned');
      assert.throws(() => a.sum({ x: 1, get y() { throw 'not an error'; } }), (x: unknown) => x === 'not an error');
      assert.equal(a.ok(), 42);
    });

    it('a revoked Proxy as an argument is the host\'s TypeError, not a Trap', () => {
      const a = api();
      const { proxy, revoke } = Proxy.revocable({ x: 1, y: 2 }, {});
      assert.equal(a.sum(proxy), 3);
      revoke();
      assert.throws(() => a.sum(proxy), (x: unknown) => x instanceof TypeError && !(x instanceof Trap) && /revoked/.test((x as Error).message));
      assert.equal(a.ok(), 42, 'the instance is not poisoned');
    });

    it('a Promise returned by a non-async host import is a TypeError naming the import (and poisons: the guest was unwound)', () => {
      const a = api(hostileImports({ getNum: () => Promise.resolve(5) }));
      assert.throws(() => a.callGet(), err(TypeError, /import kumiki:hostile\/host#get-num/, /returned a Promise/, /not an async function/));
      assert.throws(() => a.ok(), err(Trap, /poisoned/));
      const b = api(hostileImports({ notify: () => Promise.reject(new Error('late')) }));
      assert.throws(() => b.callNotify(), err(TypeError, /import kumiki:hostile\/host#notify/, /returned a Promise/));
      const c = api(hostileImports({ getNum: () => ({ then: (r: (v: number) => void) => r(1) }) }));
      assert.throws(() => c.callGet(), err(TypeError, /get-num.*thenable/));
      assert.equal(api().callGet(), 5, 'a plain value still works');
    });

    it('a trap in a destructor run by GC cleanup reaches onDestructorTrap and poisons the instance', async () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      assert.ok(gc, 'tests run with --expose-gc');
      const seen: Trap[] = [];
      onDestructorTrap((t) => seen.push(t));
      try {
        const a = api();
        (() => { new a.Bomb(); })();
        for (let i = 0; i < 100 && seen.length === 0; i++) {
          gc();
          await new Promise((r) => setImmediate(r));
        }
        assert.equal(seen.length, 1);
        assert.ok(seen[0] instanceof Trap);
        assert.match(seen[0]!.message, /bomb destructor: .*unreachable/);
        assert.throws(() => a.ok(), err(Trap, /poisoned/));
      } finally {
        onDestructorTrap(undefined);
      }
    });

    it('by default, a destructor trap in GC cleanup is a console warning', async () => {
      const gc = (globalThis as { gc?: () => void }).gc!;
      const warned: string[] = [];
      const warn = console.warn;
      console.warn = (m: unknown) => { warned.push(String(m)); };
      try {
        const a = api();
        (() => { new a.Bomb(); })();
        for (let i = 0; i < 100 && warned.length === 0; i++) {
          gc();
          await new Promise((r) => setImmediate(r));
        }
      } finally {
        console.warn = warn;
      }
      assert.equal(warned.length, 1);
      assert.match(warned[0]!, /^kumiki: bomb destructor: .*unreachable.*garbage-collected handle trapped; the instance is poisoned/);
    });
  });
}

describe('hostile: an export named then', () => {
  it('Component#instantiate returns it as a function; await instantiate(...) rejects instead of hanging', async () => {
    for (const mode of ['codegen', 'interp'] as const) {
      const ex = (await Component.compile(bytes, { mode })).instantiate(hostileImports()).exports as unknown as { then(): number };
      assert.equal(ex.then(), 1);
      await assert.rejects(instantiate(bytes, hostileImports(), { mode }), err(TypeError, /exports a root function named 'then'/, /synchronous API/));
    }
  });

  it('a transpiled module: instantiateSync returns it; instantiate rejects', async () => {
    const { module, files } = await transpileAndImport(bytes, 'hostile', { name: 'then' });
    const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
    assert.equal((module.instantiateSync(hostileImports(), modules) as unknown as { then(): number }).then(), 1);
    await assert.rejects(module.instantiate(hostileImports()), err(TypeError, /exports a root function named 'then'/));
  });
});
after(() => onDestructorTrap(undefined));
