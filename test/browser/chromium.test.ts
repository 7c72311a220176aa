// kumiki in headless Chromium (Debian's /usr/bin/chromium through playwright-core): the main entry, bundled with
// rolldown and also as plain ES modules from a static server, reads, validates, instantiates and calls components
// in the page; every result must equal what the same code gives in Node. A page with a strict CSP (no eval) must
// fall back to the interpreter and still agree. A real JS guest (componentize-qjs: 24 nested components, resources)
// runs there too. `kumiki transpile` output runs under that CSP with kumiki/runtime (transpiled-suite.ts). No console
// errors allowed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsoleMessage, Page } from 'playwright-core';
import * as kumiki from '../../src/index.js';
import { assemble, BENCH_CORE, BENCH_WIT, repoRoot, witComponent } from '../support/build.js';
import { VALUES_WIT, valuesCore } from '../support/build-values.js';
import { componentizeJs, enableExtendedConst } from '../support/componentize.js';
import { GUEST_CASES } from '../componentize/cases.js';
import { bundleEntry, type Bundle } from './bundle.js';
import { launchChromium, type LaunchedBrowser } from './chromium.js';
import { decode, type Wire } from './codec.js';
import { BENCH_CALLS, NESTED_WAT, VALUES_HOST, valuesCalls } from './jobs.js';
import { readReport, runCalls, runGuestCases, type CallSpec, type HostSpec, type ReadReport, type RunJob } from './page.js';
import { startServer, type StaticServer } from './server.js';
import { transpiledSuite } from './transpiled-suite.js';

/** Component fixtures by URL path; built in Node (jco's parse, componentEmbed + componentNew). */
async function fixtures(): Promise<Map<string, Uint8Array>> {
  const values = await witComponent(VALUES_WIT, 'values', valuesCore());
  const bench = await witComponent(BENCH_WIT, 'bench', BENCH_CORE);
  const nested = await assemble(NESTED_WAT);
  const truncated = values.slice(0, Math.floor(values.length / 2));
  const badMagic = Uint8Array.from(nested, (b, i) => (i === 1 ? 0x62 : b));
  // The QuickJS build: ~7 s to build once, then cached (the StarlingMonkey one is 12 MB and ~40 s: Node-only tests).
  const guest = (await componentizeJs('quickjs')).bytes;
  return new Map([
    ['/fixtures/jsguest-qjs.wasm', guest],
    ['/fixtures/values.wasm', values], ['/fixtures/bench.wasm', bench], ['/fixtures/nested.wasm', nested],
    ['/fixtures/truncated.wasm', truncated], ['/fixtures/bad-magic.wasm', badMagic],
  ]);
}

interface Entry { readonly name: string; readonly url: string }

/** What the page runs (stringified by playwright: only its arguments cross, so it imports everything by URL). */
async function inPage(page: Page, task: { kind: 'read' | 'run' | 'guest'; entry: string; fixture: string; job?: RunJob }): Promise<unknown> {
  return page.evaluate(async ({ kind, entry, fixture, job, pageUrl }) => {
    type PageModule = typeof import('./page.js');
    const pageModule = (await import(pageUrl)) as PageModule;
    const k = (await import(entry)) as Parameters<PageModule['readReport']>[0];
    const bytes = new Uint8Array(await (await fetch(fixture)).arrayBuffer());
    if (kind === 'read') return pageModule.readReport(k, bytes);
    if (kind === 'guest') return pageModule.runGuestCases(k, bytes, job!.mode);
    const mode = (await k.Component.compile(bytes, { mode: job!.mode })).mode;
    return { mode, results: await pageModule.runCalls(k, bytes, job!) };
  }, { ...task, pageUrl: '/dist/test/browser/page.js' });
}

describe('kumiki in headless Chromium', () => {
  let browser: LaunchedBrowser;
  let server: StaticServer;
  let bundle: Bundle;
  let bytes: Map<string, Uint8Array>;
  const pages: { name: string; page: Page; errors: string[] }[] = [];
  const entries: Entry[] = [
    { name: 'rolldown bundle', url: '/bundle.js' }, { name: 'dist/src ES modules', url: '/dist/src/index.js' },
    // What package.json exports (scripts/bundle.ts): the entry, its start chunks and the interpreter's lazy chunk.
    { name: 'dist/bundle package entry', url: '/dist/bundle/kumiki.js' },
  ];

  async function openPage(name: string, path: string): Promise<Page> {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.origin}${path}`);
    pages.push({ name, page, errors });
    return page;
  }

  before(async () => {
    browser = await launchChromium();
    server = await startServer(repoRoot);
    [bundle, bytes] = await Promise.all([bundleEntry(repoRoot), fixtures()]);
    server.put('/bundle.js', bundle.code);
    for (const [file, code] of bundle.lazy) server.put(`/${file}`, code);
    for (const [path, b] of bytes) server.put(path, b);
    const html = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>kumiki</title>';
    server.put('/index.html', html);
    // A realistic strict policy: modules from this origin, wasm compilation allowed, no eval.
    server.put('/csp.html', html, { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('bundles dist/src/index.js for the browser with no warnings and no imports left', () => {
    assert.deepEqual(bundle.logs, []);
    assert.deepEqual(bundle.leftImports, []);
    assert.ok(bundle.code.includes('class Component'), 'bundle lacks Component');
    // The adapter interpreter is split off and loaded only where it is used (CSP hosts, `mode: 'interp'`).
    const withInterp = [...bundle.lazy].filter(([, code]) => code.includes('function interpLift')).map(([f]) => f);
    assert.equal(withInterp.length, 1, `one chunk holds the interpreter: ${[...bundle.lazy.keys()].join(', ')}`);
    assert.ok(!bundle.code.includes('function interpLift'), 'the entry chunk does not');
    assert.match(bundle.code, new RegExp(`import\\(\\s*["'][./]*${withInterp[0]!.replace('.', '\\.')}["']\\s*\\)`), 'the entry loads it with a dynamic import');
  });

  describe('reads and validates components in the page like in Node', () => {
    let page: Page;
    before(async () => { page = await openPage('read', '/index.html'); });
    const cases: [string, (r: ReadReport) => void][] = [
      ['/fixtures/values.wasm', (r) => assert.ok(r.ok && r.roundTrip && r.exports.some((e) => e.startsWith('kumiki:values/api')))],
      ['/fixtures/bench.wasm', (r) => assert.ok(r.ok && r.roundTrip)],
      ['/fixtures/nested.wasm', (r) => assert.ok(r.ok && r.roundTrip && r.sections.includes('component') && r.exports.length === 2)],
      ['/fixtures/truncated.wasm', (r) => assert.ok(!r.ok && r.error === 'ValidationError' && typeof r.offset === 'number')],
      ['/fixtures/bad-magic.wasm', (r) => assert.ok(!r.ok && r.error === 'ValidationError' && r.offset === 0)],
    ];
    for (const entry of entries) {
      for (const [fixture, check] of cases) {
        it(`${fixture} (${entry.name})`, async () => {
          const node = readReport(kumiki, bytes.get(fixture)!);
          check(node);
          assert.deepEqual(await inPage(page, { kind: 'read', entry: entry.url, fixture }), node);
        });
      }
    }
  });

  describe('instantiates components and calls exports in the page like in Node', () => {
    let page: Page;
    let cspPage: Page;
    let cspPackagePage: Page;
    before(async () => {
      page = await openPage('run', '/index.html');
      cspPage = await openPage('csp', '/csp.html');
      // Its own page: each copy of kumiki probes eval once (the single refusal each CSP page may log).
      cspPackagePage = await openPage('csp package entry', '/csp.html');
    });
    const jobs: { fixture: string; calls: CallSpec[]; host?: HostSpec }[] = [
      { fixture: '/fixtures/bench.wasm', calls: BENCH_CALLS },
      { fixture: '/fixtures/values.wasm', calls: valuesCalls(), host: VALUES_HOST },
    ];
    for (const { fixture, calls, host } of jobs) {
      for (const mode of ['codegen', 'interp'] as const) {
        const job: RunJob = host === undefined ? { mode, calls } : { mode, calls, host };
        const expected = async (): Promise<Wire[]> => runCalls(kumiki, bytes.get(fixture)!, job);
        for (const entry of entries) {
          it(`${fixture} ${mode} (${entry.name}): ${calls.length} calls`, async () => {
            const node = await expected();
            const got = (await inPage(page, { kind: 'run', entry: entry.url, fixture, job })) as { mode: string; results: Wire[] };
            assert.equal(got.mode, mode);
            assert.equal(got.results.length, calls.length);
            for (let i = 0; i < calls.length; i++) {
              assert.deepStrictEqual(decode(got.results[i]!), decode(node[i]!), `${calls[i]!.path.join('.')}(${JSON.stringify(calls[i]!.args)})`);
            }
          });
        }
      }
      for (const [entry, onPage] of [['/bundle.js', () => cspPage], ['/dist/bundle/kumiki.js', () => cspPackagePage]] as const) {
        it(`${fixture} under a CSP without eval falls back to interp and agrees (${entry})`, async () => {
          const node = await runCalls(kumiki, bytes.get(fixture)!, host === undefined ? { mode: 'interp', calls } : { mode: 'interp', calls, host });
          const job: RunJob = host === undefined ? { mode: 'codegen', calls } : { mode: 'codegen', calls, host };
          const got = (await inPage(onPage(), { kind: 'run', entry, fixture, job })) as { mode: string; results: Wire[] };
          assert.equal(got.mode, 'interp');
          assert.deepStrictEqual(got.results.map(decode), node.map(decode));
        });
      }
    }
    it('sanity: the values job returns values, errors and rejections (not all errors)', async () => {
      const results = (await runCalls(kumiki, bytes.get('/fixtures/values.wasm')!, { mode: 'codegen', calls: valuesCalls(), host: VALUES_HOST })).map(decode);
      const errors = results.filter((r) => typeof r === 'object' && r !== null && 'error' in r);
      assert.ok(errors.length >= 4 && errors.length <= 6, `unexpected error count ${errors.length}: ${JSON.stringify(errors.map(String))}`);
    });
  });

  describe('runs a componentize-qjs JS guest in the page like in Node', () => {
    let page: Page;
    before(async () => {
      // Node 20 compiles the guest's extended-const globals only behind a V8 flag; Chromium has them on.
      assert.ok(enableExtendedConst());
      page = await openPage('guest', '/index.html');
    });
    for (const mode of ['codegen', 'interp'] as const) {
      it(`every case of test/componentize/cases.ts (${mode}, rolldown bundle)`, async () => {
        const fixture = '/fixtures/jsguest-qjs.wasm';
        const node = await runGuestCases(kumiki, bytes.get(fixture)!, mode);
        const got = (await inPage(page, { kind: 'guest', entry: '/bundle.js', fixture, job: { mode, calls: [] } })) as Record<string, Wire>;
        assert.deepEqual(Object.keys(got), Object.keys(node));
        for (const name of Object.keys(node)) assert.deepStrictEqual(decode(got[name]!), decode(node[name]!), name);
        // And Node's kumiki gives what the guest's source implies (the componentize tests check jco agrees).
        for (const c of GUEST_CASES) assert.deepStrictEqual(decode(node[c.name]!), c.expectBy?.quickjs ?? c.expect, `node: ${c.name}`);
      });
    }
  });

  transpiledSuite(() => ({ browser, server }));

  it('no console errors, page errors or missing files', () => {
    assert.deepEqual(server.missing, []);
    for (const { name, errors } of pages) {
      // The CSP page may log the runtime's single eval probe being refused; nothing else.
      const csp = name.startsWith('csp');
      const allowed = csp ? errors.filter((e) => !/unsafe-eval|Content Security Policy/i.test(e)) : errors;
      assert.deepEqual(allowed, [], `${name} page`);
      if (csp) assert.ok(errors.length <= 1, `eval probed more than once: ${errors.join('\n')}`);
    }
  });
});
