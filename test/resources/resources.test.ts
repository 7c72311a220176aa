// Resources end to end: guest resources as JS classes (constructor, methods, statics, destructor), host resources
// as JS classes, own moves, borrows (rep given directly to the implementing instance, scoped borrows elsewhere),
// borrow-scope and bad-handle traps, use after drop, reentrance, and GC of forgotten owned handles. The same
// component also runs through `jco transpile` where jco's behaviour is the reference.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { jcoTranspile } from '../support/build.js';
import { DISPOSE, hostImports, resComponent, resourceScenario, type ResEngine } from './fixture.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

type Api = ResEngine['api'];
type Engine = ResEngine;

function instantiate(bytes: Uint8Array, mode: 'codegen' | 'interp'): Engine {
  const log: Engine['log'] = { disposed: 0 };
  const imports = hostImports(log);
  const api = new Component(bytes, { mode }).instantiate(imports).exports.api as unknown as Api;
  return { api, log, Blob: (imports['kumiki:res/host'] as { Blob: Engine['Blob'] }).Blob };
}

const isTrap = (re: RegExp) => (e: unknown): boolean => e instanceof Trap && re.test((e as Error).message);

describe('resources', () => {
  let bytes: Uint8Array;
  /** A fresh jco instance (the oracle). */
  let jco: () => Engine;

  before(async () => {
    bytes = await resComponent();
    const j = await jcoTranspile(bytes);
    jco = () => {
      const log: Engine['log'] = { disposed: 0 };
      const imports = hostImports(log);
      return { api: j.instantiate(imports).api, log, Blob: (imports['kumiki:res/host'] as { Blob: Engine['Blob'] }).Blob };
    };
  });

  /**
   * Objects the scenarios made, kept alive to the end of the process: jco's own finalizers for collected handles
   * can throw outside any test (an uncaught error fails the file), and kumiki's are tested on their own below.
   */
  const keep: unknown[] = [];

  function scenario(e: Engine): unknown[] {
    return resourceScenario(e, keep);
  }

  for (const mode of ['codegen', 'interp'] as const) {
    describe(mode, () => {
      it('guest and host resources agree with jco (classes, methods, statics, moves, destructors, disposal)', () => {
        const got = scenario(instantiate(bytes, mode));
        assert.deepStrictEqual(got, [true, 5, 6, 6, 9, 9, 1, 7, 1, 4, 1, 5, 2, true, 6, 42, true, 2]);
        assert.deepStrictEqual(got, scenario(jco()), 'vs jco');
      });

      it('the exported interface has the same members as jco\'s (guest classes PascalCase, functions camelCase)', () => {
        const k = instantiate(bytes, mode).api;
        const j = jco().api;
        assert.deepStrictEqual(Object.keys(k).sort(), Object.keys(j).sort());
        assert.deepStrictEqual(Object.getOwnPropertyNames(k.Counter.prototype).sort(), Object.getOwnPropertyNames(j.Counter.prototype).filter((n: string) => n !== 'constructor' && !n.startsWith('_')).concat('constructor').sort());
      });

      it('a moved or dropped handle is a clear TypeError, not a trap (the instance stays usable)', () => {
        const { api } = instantiate(bytes, mode);
        const m = new api.Counter(1);
        assert.equal(api.consume(m), 1);
        assert.throws(() => m.get(), (e: unknown) => e instanceof TypeError && /dropped or moved/.test((e as Error).message));
        assert.throws(() => api.consume(m), (e: unknown) => e instanceof TypeError && /consume\(c\)/.test((e as Error).message));
        const d = new api.Counter(2);
        d[DISPOSE]();
        d[DISPOSE](); // disposing twice is harmless
        assert.throws(() => api.peek(d), /dropped or moved/);
        assert.equal(api.dtors(), 2);
        assert.equal(new api.Counter(3).get(), 3, 'still usable');
      });

      it('the wrong class is a TypeError naming the function and parameter', () => {
        const { api, Blob } = instantiate(bytes, mode);
        assert.throws(() => api.consume(new Blob(1)), (e: unknown) => e instanceof TypeError && /consume\(c\)/.test((e as Error).message));
        assert.throws(() => api.blobSize({ n: 1 }), (e: unknown) => e instanceof TypeError && /blob-size\(b\)/.test((e as Error).message));
        assert.throws(() => api.peek(42), TypeError);
        assert.throws(() => api.Counter.prototype.get.call({}), TypeError);
      });

      it('a guest returning while still holding a borrow it was lent traps, and poisons the instance', () => {
        const { api, Blob } = instantiate(bytes, mode);
        assert.equal(api.blobSize(new Blob(3)), 3, 'dropping the borrow first is fine');
        assert.throws(() => api.leakBorrow(new Blob(3)), isTrap(/borrow/));
        assert.throws(() => api.dtors(), isTrap(/poisoned/));
      });

      it('a bad handle index from the guest traps', () => {
        const { api } = instantiate(bytes, mode);
        assert.throws(() => api.badHandle(), isTrap(/unknown handle index 999/));
      });

      it('a guest calling back into its own instance through a host import traps (may_enter)', () => {
        const e = instantiate(bytes, mode);
        e.log.callback = () => { e.api.dtors(); };
        assert.throws(() => e.api.reenter(), isTrap(/cannot enter component instance/));
        assert.throws(() => e.api.dtors(), isTrap(/poisoned/));
      });

      it('disposing a guest object from inside a call into its instance traps (reentrance)', () => {
        const e = instantiate(bytes, mode);
        const k = new e.api.Counter(1);
        e.log.callback = () => { k[DISPOSE](); };
        assert.throws(() => e.api.reenter(), Trap);
      });

      it('a class cannot be called without new; exported classes carry the resource name', () => {
        const { api } = instantiate(bytes, mode);
        assert.equal(api.Counter.name, 'Counter');
        assert.throws(() => (api.Counter as () => unknown)(), TypeError);
        assert.equal(typeof api.Counter.make, 'function');
      });
    });
  }

  it('10 000 guest objects created and forgotten are all destroyed by the guest destructor after GC', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    assert.ok(gc, 'tests run with --expose-gc');
    const { api } = instantiate(bytes, 'codegen');
    const N = 10_000;
    (() => { for (let i = 0; i < N; i++) new api.Counter(i); })();
    let rounds = 0;
    while (api.dtors() < N && rounds < 100) {
      gc();
      await new Promise((r) => setImmediate(r));
      rounds++;
    }
    assert.equal(api.dtors(), N, `after ${rounds} GC rounds`);
  });
});
