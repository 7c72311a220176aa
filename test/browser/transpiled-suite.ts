// `kumiki transpile` output in headless Chromium under a strict CSP (`script-src 'self' 'wasm-unsafe-eval'`: no
// eval, no `new Function`): the generated ES module, its `.wasm` core modules (default loader: fetch +
// WebAssembly.compileStreaming) and `kumiki/runtime` (the plain ES modules of dist/src, and a rolldown bundle of
// one chunk) run the same jobs as the JIT suite (chromium.test.ts) plus the resources fixture; every outcome (values,
// ComponentError payloads, TypeErrors naming function and parameter, Traps and poisoning) must equal what the
// transpiled module and the JIT give in Node. The page must really bar eval, and log no errors. Declared inside
// chromium.test.ts's suite, on its browser and server (launching another Chromium costs seconds).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleMessage, Page } from 'playwright-core';
import * as kumiki from '../../src/index.js';
import { transpile } from '../../src/tools/transpile.js';
import { assemble, BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../support/build.js';
import { VALUES_WIT, valuesCore } from '../support/build-values.js';
import { transpileAndImport } from '../support/wast-run-aot.js';
import { resComponent } from '../resources/fixture.js';
import { runAotJob, evalProbe, type AotJob, type AotResult, type RuntimeClasses } from './aot-page.js';
import { bundleEntry, type Bundle } from './bundle.js';
import type { LaunchedBrowser } from './chromium.js';
import { decode, type Wire } from './codec.js';
import { BENCH_CALLS, NESTED_WAT, VALUES_HOST, valuesCalls } from './jobs.js';
import type { StaticServer } from './server.js';

/** Where the generated modules find the runtime, and under which folder they are served. */
const VARIANTS = [
  { name: 'dist/src ES modules', runtime: '/dist/src/entries/transpiled.js', dir: '/aot/esm' },
  { name: 'rolldown bundle', runtime: '/runtime.js', dir: '/aot/bundle' },
  { name: 'dist/bundle package entry', runtime: '/dist/bundle/runtime.js', dir: '/aot/package' },
] as const;

interface Fixture { readonly name: string; readonly bytes: () => Promise<Uint8Array>; readonly job: AotJob }
const FIXTURES: readonly Fixture[] = [
  { name: 'bench', bytes: () => witComponent(BENCH_WIT, 'bench', BENCH_CORE), job: { sessions: BENCH_CALLS.map((c) => [c]) } },
  { name: 'values', bytes: () => witComponent(VALUES_WIT, 'values', valuesCore()), job: { sessions: valuesCalls().map((c) => [c]), host: VALUES_HOST } },
  { name: 'nested', bytes: () => assemble(NESTED_WAT), job: { sessions: [] } },
  { name: 'res', bytes: resComponent, job: { sessions: [], resources: true } },
];

const rt: RuntimeClasses = kumiki;

/** Declares the suite; `shared()` gives the enclosing suite's browser and server once its `before` has run. */
export function transpiledSuite(shared: () => { readonly browser: LaunchedBrowser; readonly server: StaticServer }): void {
  describe('transpiled components under a CSP without eval (kumiki transpile + kumiki/runtime)', () => {
    let server: StaticServer;
    let runtimeBundle: Bundle;
    let page: Page;
    const errors: string[] = [];
    /** Node's outcomes per fixture: the transpiled module (loaded from disk) and the JIT (codegen). */
    const node = new Map<string, { aot: AotResult; jit: AotResult }>();
    let compared = 0;

    before(async () => {
      const { browser } = shared();
      server = shared().server;
      let bytes: Uint8Array[];
      [runtimeBundle, bytes] = await Promise.all([bundleEntry(repoRoot, 'dist/src/entries/transpiled.js'), Promise.all(FIXTURES.map((f) => f.bytes()))]);
      server.put('/runtime.js', runtimeBundle.code);
      for (const [i, f] of FIXTURES.entries()) {
        for (const v of VARIANTS) {
          const { files } = transpile(bytes[i]!, { name: f.name, runtime: v.runtime });
          for (const [file, data] of files) if (!file.endsWith('.d.ts')) server.put(`${v.dir}/${file}`, data);
        }
        const { module } = await transpileAndImport(bytes[i]!, 'browser', { name: f.name });
        const component = await kumiki.Component.compile(bytes[i]!, { mode: 'codegen' });
        node.set(f.name, {
          aot: await runAotJob((imports) => module.instantiate(imports), rt, f.job),
          jit: await runAotJob(async (imports) => component.instantiate(imports).exports, rt, f.job),
        });
      }
      const html = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>kumiki aot</title>';
      server.put('/aot-csp.html', html, { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });
      page = await browser.context.newPage();
      page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await page.goto(`${server.origin}/aot-csp.html`);
    });

    it('bundles kumiki/runtime into a single chunk with no imports and no eval', () => {
      assert.deepEqual(runtimeBundle.logs, []);
      assert.deepEqual(runtimeBundle.leftImports, []);
      assert.deepEqual([...runtimeBundle.lazy.keys()], [], 'one chunk');
      assert.match(runtimeBundle.code, /\bTranspiledComponent = class\b|\bclass TranspiledComponent\b/);
      assert.doesNotMatch(runtimeBundle.code, /\bnew Function\b|\beval\(/);
    });

    it('the page bars eval: new Function and eval throw EvalError there, not in Node', async () => {
      const got = await page.evaluate(async (url) => {
        const p = (await import(url)) as typeof import('./aot-page.js');
        p.watchViolations();
        return p.evalProbe();
      }, '/dist/test/browser/aot-page.js');
      assert.deepEqual(got, { fn: 'EvalError', eval: 'EvalError' });
      assert.deepEqual(evalProbe(), { fn: 'allowed', eval: 'allowed' }, 'Node allows both, so the probe can tell');
    });

    it('Node: the transpiled module and the JIT agree, and the jobs cover values, errors, rejections and traps', () => {
      for (const [name, { aot, jit }] of node) {
        assert.deepStrictEqual(decode(aot.shape), decode(jit.shape), `${name}: exports' shape`);
        assert.deepStrictEqual(aot.results.map(decode), jit.results.map(decode), `${name}: outcomes`);
      }
      const all = [...node.values()].flatMap((r) => r.aot.results.map(decode)) as { error?: string; message?: string; payload?: unknown }[];
      const errs = all.filter((r) => typeof r === 'object' && r !== null && 'error' in r);
      const has = (error: string, re: RegExp): boolean => errs.some((e) => e.error === error && re.test(e.message!));
      assert.ok(errs.some((e) => e.error === 'ComponentError' && e.payload === 'bad ü'), 'a result error with its payload');
      assert.ok(has('TypeError', /call-u32\(x\)/), 'a wrong argument names function and parameter');
      assert.ok(has('RangeError', /call-u8\(x\)/), 'an out-of-range argument');
      assert.ok(has('TypeError', /consume\(c\)/), 'a moved resource handle');
      assert.ok(has('Trap', /borrow/) && has('Trap', /poisoned/) && has('Trap', /unknown handle index 999/), 'traps, then poisoning');
      assert.ok(all.length - errs.length > 100, `mostly values: ${all.length - errs.length} of ${all.length}`);
      assert.deepEqual(decode(node.get('nested')!.aot.shape), { inner: {} });
    });

    for (const f of FIXTURES) {
      for (const v of VARIANTS) {
        it(`${f.name} (${v.name}): the page's outcomes equal Node's`, async () => {
          const got = await page.evaluate(async ({ pageUrl, moduleUrl, runtimeUrl, job }) => {
            const p = (await import(pageUrl)) as typeof import('./aot-page.js');
            return p.runInPage(moduleUrl, runtimeUrl, job);
          }, { pageUrl: '/dist/test/browser/aot-page.js', moduleUrl: `${v.dir}/${f.name}.js`, runtimeUrl: v.runtime, job: f.job });
          const want = node.get(f.name)!.aot;
          // Each core module compiled once, by streaming (the server sends application/wasm).
          assert.deepEqual([...got.streamed].sort(), [...got.coreModules].sort());
          assert.equal(got.coreModules.length > 0, f.name !== 'nested');
          assert.deepStrictEqual(decode(got.shape), decode(want.shape), 'exports\' shape');
          assert.equal(got.results.length, want.results.length);
          for (let i = 0; i < want.results.length; i++) {
            assert.deepStrictEqual(decode(got.results[i] as Wire), decode(want.results[i]!), `${f.name} outcome ${i}`);
          }
          compared += got.results.length;
        });
      }
    }

    it('no console errors, page errors or missing files; the only CSP violations are the probe\'s', async (t) => {
      assert.deepEqual(server.missing, []);
      const violations = await page.evaluate(async (url) => ((await import(url)) as typeof import('./aot-page.js')).watchViolations(), '/dist/test/browser/aot-page.js');
      assert.deepEqual(violations, ['script-src eval', 'script-src eval'], 'new Function and eval, nothing from the runtime');
      const other = errors.filter((e) => !/unsafe-eval|Content Security Policy/i.test(e));
      assert.deepEqual(other, []);
      assert.ok(errors.length <= 2, errors.join('\n'));
      assert.ok(compared > 250, `${compared} outcomes compared`);
      t.diagnostic(`${compared} outcomes compared in the page`);
    });
  });
}
