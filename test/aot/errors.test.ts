// Errors through a transpiled component: bad JS arguments (TypeError/RangeError naming function and parameter, the
// instance stays usable), traps (Trap naming the function, then poisoning), invalid guest values, reentrance,
// missing imports (LinkError), bad `instantiate` arguments, and what `transpile` rejects at build time.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, LinkError, Trap, UnsupportedError, ValidationError } from '../../src/index.js';
import { transpile } from '../../src/tools/transpile.js';
import { assemble, BENCH_CORE, BENCH_WIT, witComponent } from '../support/build.js';
import { TRAP_CORE, TRAP_WIT } from '../support/trap-fixture.js';
import { SRC_RUNTIME, transpileAndImport, type TranspiledModule } from '../support/wast-run-aot.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TRANSPILED_FORMAT } from '../../src/abi/transpiled-format.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();


type Api = Record<string, (...a: unknown[]) => unknown>;

describe('errors: transpiled', () => {
  let bench: TranspiledModule;
  let traps: TranspiledModule;
  let benchBytes: Uint8Array;
  before(async () => {
    benchBytes = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
    bench = (await transpileAndImport(benchBytes, 'errors', { name: 'bench' })).module;
    traps = (await transpileAndImport(await witComponent(TRAP_WIT, 'traps', TRAP_CORE), 'errors', { name: 'traps' })).module;
  });
  const host = (callBack: () => void = () => {}): Record<string, unknown> => ({ 'kumiki:traps/host': { callBack } });

  it('rejects bad arguments with the JIT\'s TypeError/RangeError naming function and parameter', async () => {
    const api = (await bench.instantiate()).api as unknown as Api;
    const jit = new Component(benchBytes).instantiate().exports.api as unknown as Api;
    const bad: [string, unknown[], RegExp][] = [
      ['add', ['1', 2], /add\(a\)/], ['add', [1, -1], /add\(b\)/], ['add', [1.5, 1], /add\(a\)/],
      ['echo', [5], /echo\(s\)/], ['sum', [new Float32Array([1, 2])], /sum\(xs\)/], ['sum', [[1, -2]], /sum\(xs\)/],
    ];
    for (const [f, args, re] of bad) {
      let want: Error | undefined;
      try { jit[f]!(...args); } catch (e) { want = e as Error; }
      assert.ok(want !== undefined);
      assert.throws(() => api[f]!(...args), (e: unknown) => e instanceof want!.constructor && (e as Error).message === want!.message && re.test((e as Error).message), `${f}(${args.map(String).join(', ')})`);
    }
    assert.equal(api.add!(1, 2), 3, 'bad arguments do not poison the instance');
    assert.equal(api.sum!(new Uint32Array([4, 5])), 9);
  });

  it('a trap raises Trap naming the function, then poisons the instance; instances are independent', async () => {
    const api = (await traps.instantiate(host())).api as unknown as Api;
    assert.equal(api.boom!(0), 1);
    assert.throws(() => api.boom!(1), (e: unknown) => e instanceof Trap && e instanceof WebAssembly.RuntimeError && /boom/.test((e as Error).message));
    assert.throws(() => api.ok!(), (e: unknown) => e instanceof Trap && /poisoned/.test((e as Error).message));
    const b = (await traps.instantiate(host())).api as unknown as Api;
    assert.throws(() => b.badChar!(), (e: unknown) => e instanceof Trap && /bad-char/.test((e as Error).message));
    const c = (await traps.instantiate(host())).api as unknown as Api;
    assert.throws(() => c.badString!(), (e: unknown) => e instanceof Trap && /bounds/.test((e as Error).message));
    assert.equal(((await traps.instantiate(host())).api as unknown as Api).ok!(), 42);
  });

  it('reentering the instance from a host import traps', async () => {
    let api: Api = {};
    api = (await traps.instantiate(host(() => api.ok!()))).api as unknown as Api;
    assert.throws(() => api.reenter!(), Trap);
  });

  it('missing imports are LinkErrors; imports must be an object; getCoreModule must be a function', async () => {
    await assert.rejects(traps.instantiate({}), LinkError);
    await assert.rejects(traps.instantiate({ 'kumiki:traps/host': {} }), LinkError);
    await assert.rejects(traps.instantiate(null as never), (e: unknown) => e instanceof TypeError && /instantiate\(imports\)/.test((e as Error).message));
    await assert.rejects(traps.instantiate(host(), { getCoreModule: 5 as never }), /getCoreModule/);
  });

  it('getCoreModule overrides loading; instantiateSync takes compiled modules', async () => {
    const { module, files } = await transpileAndImport(benchBytes, 'errors', { name: 'bench' });
    const asked: string[] = [];
    const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
    const ex = await module.instantiate({}, { getCoreModule: (f) => { asked.push(f); return modules[module.coreModules.indexOf(f)]!; } });
    assert.deepEqual(asked, [...module.coreModules]);
    assert.equal((ex.api as unknown as Api).add!(2, 3), 5);
    assert.equal((module.instantiateSync({}, modules).api as unknown as Api).echo!('é'), 'é');
    assert.throws(() => module.instantiateSync({}, [] as never), LinkError, 'too few modules');
    assert.throws(() => module.instantiateSync({}, [{}] as never), TypeError);
  });

  it('a module transpiled for another runtime format is a LinkError naming both formats, before anything runs', async () => {
    const { files } = transpile(benchBytes, { name: 'bench', runtime: SRC_RUNTIME });
    const text = files.get('bench.js') as string;
    const field = `,"format":${TRANSPILED_FORMAT}}`;
    assert.ok(text.includes(field), 'the program description carries the format');
    const dir = mkdtempSync(join(tmpdir(), 'kumiki-format-'));
    try {
      for (const [f, data] of files) writeFileSync(join(dir, f), f === 'bench.js' ? text.replace(field, `,"format":${TRANSPILED_FORMAT - 1}}`) : data);
      const old = (await import(pathToFileURL(join(dir, 'bench.js')).href)) as TranspiledModule;
      await assert.rejects(async () => old.instantiate(), (e: unknown) => e instanceof LinkError
        && new RegExp(`runtime format ${TRANSPILED_FORMAT - 1}, and this kumiki/runtime reads format ${TRANSPILED_FORMAT}: transpile the component again`).test((e as Error).message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('transpile rejects what the JIT rejects, at build time', async () => {
    assert.throws(() => transpile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 2])), ValidationError);
    // Async built-ins transpile (component-model async runs ahead of time too).
    const async = await assemble(`(component (core func (canon backpressure.inc)))`);
    assert.doesNotThrow(() => transpile(async));
    assert.throws(() => transpile(benchBytes, { name: '../x' }), TypeError);
  });
});
