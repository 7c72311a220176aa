// A method on the instance's own exported resource (`c.get()`: `self` a borrow of a resource the instance
// implements, the rep passed, no table entry). The interpreter runs it in a function of its own (issue 16, interp
// resource calls) and gives the class its own method form: values, errors (forged, dead, wrong-type `self`, a call
// while the instance is running) and the instance's state after each must be codegen's and AOT's.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { DISPOSE, hostImports } from './fixture.js';
import { outcome, resModes, type Make as MakeOf } from './modes.js';

type Api = Record<string, any>;
type Log = { disposed: number; callback?: () => void };
type Make = MakeOf<Api>;

describe('methods on the instance\'s own exported resource', () => {
  const modes: [string, Make][] = [];

  before(async () => { modes.push(...await resModes<Api>()); });

  /** Every mode's outcomes of `run` over a fresh instance. */
  function each(run: (api: Api, log: Log) => unknown[]): Map<string, unknown[]> {
    const r = new Map<string, unknown[]>();
    for (const [name, make] of modes) {
      const log: Log = { disposed: 0 };
      r.set(name, run(make(hostImports(log)), log));
    }
    return r;
  }

  function agree(r: Map<string, unknown[]>): unknown[] {
    const base = r.get('codegen')!;
    for (const [name, v] of r) assert.deepEqual(v, base, `${name} differs from codegen`);
    return base;
  }

  it('gives the same values and errors for good and bad selves, and works on after each', () => {
    const out = agree(each((api) => {
      const c = new api.Counter(7);
      const d = new api.Counter(8);
      d[DISPOSE]();
      const get = api.Counter.prototype.get as (this: unknown) => unknown;
      const o: unknown[] = [c.get()];
      for (const self of [{}, 5, null, undefined, d, Object.create(api.Counter.prototype), { ...c }]) {
        o.push(outcome(() => get.call(self)), c.get());
      }
      c.inc();
      o.push(c.get(), api.peek(c), outcome(() => api.peek(d)), c.get());
      return o;
    }));
    assert.equal(out[0], 7);
    assert.match(String(out[1]), /^TypeError: .*\[method\]counter\.get\(self\): expected a counter resource object, got an object$/);
    assert.match(String(out[9]), /dropped or moved/);
    assert.match(String(out[11]), /not a live handle/);
    assert.equal(out.at(-1), 8);
  });

  it('refuses a method call while the instance is running (may_enter), then works again', () => {
    const out = agree(each((api, log) => {
      const c = new api.Counter(3);
      const seen: unknown[] = [];
      log.callback = () => { seen.push(outcome(() => c.get())); };
      const r = outcome(() => api.reenter());
      log.callback = undefined;
      return [r, ...seen, c.get(), api.peek(c)];
    }));
    assert.match(String(out[1]), /^Trap: .*cannot enter component instance.*may_enter/);
    assert.deepEqual(out.slice(2), [3, 3]);
  });
});
