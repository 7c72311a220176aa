// Resources through a transpiled component: guest classes (constructor, methods, statics, destructor via
// Symbol.dispose), host classes, own moves and borrows, use after move, borrow-scope and bad-handle traps,
// reentrance, compared with the JIT on the resources fixture (test/resources/fixture.ts).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { hostImports, resComponent, resourceScenario, type ResEngine } from '../resources/fixture.js';
import { transpileAndImport, type TranspiledModule } from '../support/wast-run-aot.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();

type Api = ResEngine['api'];
type Engine = ResEngine;

const isTrap = (re: RegExp) => (e: unknown): boolean => e instanceof Trap && re.test((e as Error).message);

describe('resources: transpiled vs JIT', () => {
  let bytes: Uint8Array;
  let mod: TranspiledModule;
  const keep: unknown[] = [];

  before(async () => {
    bytes = await resComponent();
    mod = (await transpileAndImport(bytes, 'resources', { name: 'res' })).module;
  });

  const engine = async (kind: 'jit' | 'aot'): Promise<Engine> => {
    const log: Engine['log'] = { disposed: 0 };
    const imports = hostImports(log);
    const exports = kind === 'jit' ? new Component(bytes).instantiate(imports).exports : await mod.instantiate(imports);
    const e = { api: exports.api as unknown as Api, log, Blob: (imports['kumiki:res/host'] as { Blob: Engine['Blob'] }).Blob };
    keep.push(e);
    return e;
  };

  function scenario(e: Engine): unknown[] {
    return resourceScenario(e, keep);
  }

  it('guest and host classes, methods, statics, moves, borrows, destructors and disposal agree', async () => {
    const got = scenario(await engine('aot'));
    assert.deepStrictEqual(got, [true, 5, 6, 6, 9, 9, 1, 7, 1, 4, 1, 5, 2, true, 6, 42, true, 2]);
    assert.deepStrictEqual(got, scenario(await engine('jit')));
  });

  it('the exported interface and the class have the same members as the JIT\'s', async () => {
    const a = (await engine('aot')).api, j = (await engine('jit')).api;
    assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(j).sort());
    assert.deepStrictEqual(Object.getOwnPropertyNames(a.Counter.prototype).sort(), Object.getOwnPropertyNames(j.Counter.prototype).sort());
    assert.equal(a.Counter.name, 'Counter');
    assert.notEqual(a.Counter, j.Counter, 'each instance has its own resource type');
  });

  it('a moved handle is a TypeError naming the function and parameter; the wrong class too', async () => {
    const { api, Blob } = await engine('aot');
    const m = api.Counter.make(1);
    assert.equal(api.consume(m), 1);
    assert.throws(() => m.get(), (e: unknown) => e instanceof TypeError && /dropped or moved/.test((e as Error).message));
    assert.throws(() => api.consume(m), (e: unknown) => e instanceof TypeError && /consume\(c\)/.test((e as Error).message));
    assert.throws(() => api.consume(new Blob(1)), (e: unknown) => e instanceof TypeError && /consume\(c\)/.test((e as Error).message));
    assert.throws(() => api.blobSize({ n: 1 }), (e: unknown) => e instanceof TypeError && /blob-size\(b\)/.test((e as Error).message));
    assert.equal(new api.Counter(3).get(), 3, 'still usable');
  });

  it('a leaked borrow and a bad handle trap and poison; reentrance through a host import traps', async () => {
    const { api, Blob } = await engine('aot');
    assert.throws(() => api.leakBorrow(new Blob(3)), isTrap(/borrow/));
    assert.throws(() => api.dtors(), isTrap(/poisoned/));
    assert.throws(() => (api as Api).badHandle(), isTrap(/poisoned/));
    const b = await engine('aot');
    assert.throws(() => b.api.badHandle(), isTrap(/unknown handle index 999/));
    const c = await engine('aot');
    c.log.callback = () => c.api.dtors();
    assert.throws(() => c.api.reenter(), isTrap(/cannot enter component instance/));
    assert.throws(() => c.api.dtors(), isTrap(/poisoned/));
  });
});
