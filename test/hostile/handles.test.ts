// Issue 10, point 1: handles are unforgeable. A guest-resource object's rep lives in a private field, so a copy
// (`Object.assign(Object.create(proto), h)`), a spread or a bare `Object.create(Counter.prototype)` is rejected with a
// TypeError naming the function and parameter, never reaching the guest; disposing twice is a no-op.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { hostImports, resComponent } from '../resources/fixture.js';
import { engine, err, MODES, type Engine } from './engines.js';

type Counter = { get(): number; inc(): void; [Symbol.dispose](): void };
type Api = {
  Counter: new (v: number) => Counter;
  consume(c: unknown): number;
  peek(c: unknown): number;
  dtors(): number;
};

for (const mode of MODES) {
  describe(`hostile handles: ${mode}`, () => {
    let e: Engine;
    before(async () => { e = await engine(await resComponent(), mode); });
    const api = (): Api => e.instantiate(hostImports({ disposed: 0 })).api as unknown as Api;

    it('a copy of a live handle is rejected by methods, by own and borrow parameters, and by dispose', () => {
      const a = api();
      const c = new a.Counter(5);
      const copy = Object.assign(Object.create(Object.getPrototypeOf(c) as object) as Counter, c);
      assert.throws(() => copy.get(), err(TypeError, /\[method\]counter\.get\(self\)/, /not a live handle/));
      assert.throws(() => a.peek(copy), err(TypeError, /peek\(c\)/, /expected a counter resource object/));
      assert.throws(() => a.consume({ ...c }), err(TypeError, /consume\(c\)/, /expected a counter resource object/));
      assert.throws(() => copy[Symbol.dispose](), err(TypeError, /Counter\[Symbol\.dispose\]/));
      // The original is untouched: still live, destroyed exactly once.
      assert.equal(c.get(), 5);
      c[Symbol.dispose]();
      assert.equal(a.dtors(), 1);
      assert.throws(() => copy.get(), err(TypeError, /not a live handle/));
    });

    it('a bare Object.create(Counter.prototype) never reaches the guest as a rep', () => {
      const a = api();
      const forged = Object.create(a.Counter.prototype) as Counter;
      assert.throws(() => forged.get(), err(TypeError, /\[method\]counter\.get\(self\)/));
      assert.throws(() => a.consume(forged), err(TypeError, /consume\(c\)/));
      assert.equal(a.dtors(), 0);
      assert.equal(new a.Counter(3).get(), 3, 'rejected handles do not poison');
    });

    it('disposing twice is a no-op; use after dispose is a TypeError', () => {
      const a = api();
      const c = new a.Counter(1);
      c[Symbol.dispose]();
      c[Symbol.dispose]();
      assert.equal(a.dtors(), 1);
      assert.throws(() => c.get(), err(TypeError, /dropped or moved/));
    });
  });
}
