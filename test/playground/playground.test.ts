// The playground page (issue 15) in headless Chromium: `scripts/playground.ts` builds the site (the examples from
// source), then the page is loaded from a static server twice — under a Content-Security-Policy allowing eval
// (codegen) and under a strict one without 'unsafe-eval' (the interpreter) — and driven like a user: each bundled
// example is dropped on the page, every view is opened and checked by the text it shows, functions are called
// through the generated forms, one call is stepped, the C command runs in the terminal, and a truncated component
// points at its byte in the hex view.
// Screenshots of every view go to dist/playground-artifacts/ (git-ignored). No console errors allowed.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleMessage, Page } from 'playwright-core';
import { buildSite, serveSite, type SiteReport } from '../../scripts/playground.js';
import { repoRoot } from '../support/build.js';
import { launchChromium, type LaunchedBrowser } from '../browser/chromium.js';

const ARTIFACTS = join(repoRoot, 'dist/playground-artifacts');
/** Its own copy of the site (the test adds a broken component beside the examples). */
const SITE = join(repoRoot, 'dist/playground-test-site');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
/** The same policy allowing eval: kumiki generates its adapters (codegen). */
const EVAL_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'";

describe('the playground page in headless Chromium', () => {
  let browser: LaunchedBrowser;
  let report: SiteReport;
  const servers: { origin: string; close(): Promise<void> }[] = [];

  before(async () => {
    report = await buildSite(SITE);
    // A truncated greeter: what a user might drop by mistake (served beside the examples, not listed).
    const greeter = readFileSync(join(SITE, 'examples/greeter.wasm'));
    writeFileSync(join(SITE, 'examples/truncated.wasm'), greeter.subarray(0, Math.floor(greeter.length * 0.6)));
    servers.push(await serveSite(SITE, 0, { 'content-security-policy': EVAL_CSP }), await serveSite(SITE, 0, { 'content-security-policy': STRICT_CSP }));
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    for (const s of servers) await s.close();
  });

  it('first load is at most 150 KB min+gzip (examples excluded)', () => {
    console.log(`playground first load: ${(report.firstLoadGzip / 1024).toFixed(1)} KB min+gzip; files: ${JSON.stringify(report.files)}`);
    assert.ok(report.firstLoadGzip <= 150 * 1024, `first load ${report.firstLoadGzip} B`);
  });

  for (const [label, csp] of [['CSP with unsafe-eval: codegen', false], ['strict CSP without unsafe-eval: the interpreter', true]] as const) {
    describe(label, () => {
      let page: Page;
      const errors: string[] = [];
      const tag = csp ? 'csp' : 'codegen';
      const shot = async (name: string): Promise<void> => {
        await page.screenshot({ path: join(ARTIFACTS, `${tag}-${name}.png`), fullPage: true });
      };
      const text = async (sel: string): Promise<string> => (await page.locator(sel).first().innerText()).trim();
      const view = async (v: string): Promise<string> => {
        await page.click(`nav button[data-view="${v}"]`);
        await page.waitForSelector(`#view[data-view="${v}"]`);
        return text('#view');
      };
      /** Drops `file` (fetched from the site) on the page, as a user dragging it from their disk. */
      const drop = async (file: string): Promise<void> => {
        await page.evaluate(async (f) => {
          const bytes = await (await fetch(`examples/${f}`)).arrayBuffer();
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], f, { type: 'application/wasm' }));
          document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }, file);
        await page.waitForSelector(`body[data-loaded="${file}"]`);
      };
      const call = async (id: string, fill: Record<string, string> = {}): Promise<string> => {
        for (const [path, value] of Object.entries(fill)) await page.fill(`[data-path="${id}.${path}"]`, value);
        await page.click(`button[data-call="${id}"]`);
        const r = page.locator(`[data-result="${id}"]`);
        await r.filter({ hasText: /\S/ }).waitFor();
        return (await r.innerText()).trim();
      };

      before(async () => {
        page = await browser.context.newPage();
        await page.setViewportSize({ width: 1280, height: 860 });
        page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`); });
        page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
        await page.goto(`${servers[csp ? 1 : 0]!.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
      });

      it('shows which adapters run', async () => {
        assert.equal(await text('#mode'), csp ? 'interpreter (no eval)' : 'codegen');
      });

      it('the greeter: WIT, structure, picture, adapter plans', async () => {
        await drop('greeter.wasm');
        assert.match(await text('#summary'), new RegExp(`valid · adapters: ${csp ? 'interp' : 'codegen'}`));
        await view('wit');
        await page.waitForFunction(() => !document.querySelector('pre.wit')?.textContent?.startsWith('…'));
        assert.match(await text('pre.wit'), /greet: func\(name: string\) -> string;/);
        assert.match(await text('pre.wit'), /import host;|import example:greeter\/host/);
        await shot('greeter-wit');
        assert.match(await view('structure'), /core module/);
        await shot('greeter-structure');
        await view('picture');
        const labels = await page.locator('svg.picture .node').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-node')));
        assert.ok(labels.includes('example:greeter/host') && labels.includes('example:greeter/greet'), labels.join());
        assert.ok(await page.locator('svg.picture path.link').count() >= 3);
        await shot('greeter-picture');
        const plans = await view('adapters');
        for (const instr of ['arg.get name', 'string-to-memory utf8', 'call-export', 'memory-to-string utf8', 'defer post-return', 'call-import example:greeter/host#log']) {
          assert.ok(plans.includes(instr), instr);
        }
        await shot('greeter-adapters');
      });

      it('the greeter: calls through the form (string, list, record, result error)', async () => {
        await view('call');
        assert.equal(await call('example:greeter/greet#greet', { name: 'Lin' }), '→ "Hello, Lin!"');
        assert.match(await text('#host-log'), /example:greeter\/host#log\("Hello, Lin!"\)/);
        for (let i = 0; i < 3; i++) await page.click('[data-path="example:greeter/greet#sum.xs+"]');
        await page.fill('[data-path="example:greeter/greet#sum.xs.0"]', '5');
        await page.fill('[data-path="example:greeter/greet#sum.xs.2"]', '4000000000');
        assert.equal(await call('example:greeter/greet#sum'), '→ 4000000005');
        assert.equal(await call('example:greeter/greet#stats'), '→ { calls: 1, bytes: 11n }');
        assert.equal(await call('example:greeter/greet#invert', { x: '0' }), 'threw ComponentError, payload "zero has no inverse"');
        assert.equal(await call('example:greeter/greet#invert', { x: '4' }), '→ 0.25');
        // Host imports: a JS snippet where eval is allowed; under the strict CSP, logging stubs only.
        const snippet = page.locator('textarea[data-import="example:greeter/host#log"]');
        if (csp) assert.ok(await snippet.isDisabled());
        else {
          await snippet.fill("document.title = 'host got: ' + line;");
          await snippet.dispatchEvent('change');
          assert.equal(await call('example:greeter/greet#greet', { name: 'Ada' }), '→ "Hello, Ada!"');
          assert.equal(await page.title(), 'host got: Hello, Ada!');
        }
        // A bad entry is the form's error, naming the parameter.
        await page.fill('[data-path="example:greeter/greet#sum.xs.1"]', '-1');
        assert.match(await call('example:greeter/greet#sum'), /threw TypeError: .*sum\.xs\.1.*u32/);
        await shot('greeter-call');
      });

      it('the greeter: steps through one call, with the values and bytes each instruction moved', async () => {
        await view('steps');
        await page.selectOption('#step-func', 'example:greeter/greet#greet');
        await page.fill('[data-path="example:greeter/greet#greet.name"]', 'Lin');
        await page.click('#step-run');
        await page.waitForSelector('#trace table.steps');
        const t = await text('#trace');
        assert.match(t, /→ "Hello, Lin!"/);
        assert.match(t, /arg\.get name\s+"Lin"/);
        assert.match(t, /string-to-memory utf8\s+core \d+, 3 · realloc\(0, 0, 1, 3\) → \d+/);
        assert.match(t, /4c 69 6e Lin/, 'the bytes of "Lin" in guest memory');
        assert.match(t, /48 65 6c 6c 6f 2c 20 4c 69 6e 21 Hello, Lin!/, 'the result string bytes');
        assert.match(t, /import example:greeter\/host#log/, 'the nested import call');
        assert.match(t, /defer post-return\s+post-return\(\d+\)/);
        await shot('greeter-steps');
        // The README's picture (docs/playground.png is made from it): the viewport, not the whole page.
        if (!csp) {
          await page.setViewportSize({ width: 1100, height: 980 });
          await page.screenshot({ path: join(ARTIFACTS, 'readme.png') });
          await page.setViewportSize({ width: 1280, height: 860 });
        }
      });

      it('the C command runs in the terminal with stdin and an in-memory file system', async () => {
        await drop('command.wasm');
        await page.waitForSelector('#view[data-view="terminal"]');
        await page.fill('#term-args', 'alpha beta');
        await page.fill('#term-stdin', 'hello there');
        await page.press('#term-stdin', 'Enter');
        await page.fill('#term-stdin', 'second');
        await page.press('#term-stdin', 'Enter');
        await page.click('#term-run');
        await page.waitForSelector('#exit-status');
        const out = await text('#terminal');
        assert.match(out, /hello from C: 3 arguments/);
        assert.match(out, /argv\[2\] = beta/);
        assert.match(out, /files in \/: notes\.txt/);
        assert.match(out, /notes\.txt has 3 lines/);
        assert.match(out, /stdin> HELLO THERE\nstdin> SECOND/);
        assert.match(out, /done: 2 stdin lines/);
        assert.match(out, /\[exit 0\]$/);
        // The guest wrote /log.txt into the in-memory file system; the user can edit files and run again.
        assert.match(await page.locator('textarea[data-file="log.txt"]').inputValue(), /ran with 3 argument\(s\), read 2 line\(s\) of stdin/);
        await shot('command-terminal');
        await page.fill('textarea[data-file="notes.txt"]', 'just one\n');
        await page.click('#term-run');
        await page.waitForSelector('#exit-status');
        assert.match(await text('#terminal'), /notes\.txt has 1 line\n/);
        await page.click('textarea[data-file="notes.txt"] >> xpath=../div/button');
        await page.click('#term-run');
        await page.waitForSelector('#exit-status');
        const out2 = await text('#terminal');
        assert.match(out2, /no \/notes\.txt to read/);
        // main returned 3; WASI 0.2's `exit` carries only ok or err, so the status seen is 1.
        assert.match(out2, /\[exit 1\]$/);
        await view('picture');
        assert.ok(await page.locator('svg.picture .node.core').count() >= 2, 'the adapter and the main module');
        await shot('command-picture');
      });

      it('the composed pair: fused links, records, variants, flags, enums, options, a resource', async () => {
        await drop('pair.wasm');
        await view('picture');
        assert.ok(await page.locator('svg.picture path.link.fused').count() >= 1, 'a fused link between the two instances');
        assert.ok(await page.locator('svg.picture .component.depth1').count() >= 2, 'both components drawn nested');
        await shot('pair-picture');
        await view('call');
        const f = 'example:pair/front#';
        assert.equal(await call(`${f}shout`, { s: 'fused, Lin!' }), '→ "FUSED, LIN!"');
        assert.equal(await call(`${f}mirror`, { 'p.x': '3', 'p.y': '-7' }), '→ { x: -7, y: 3 }');
        await page.selectOption(`[data-path="${f}area.s"]`, 'rect');
        assert.equal(await call(`${f}area`, { 's.rect.x': '6', 's.rect.y': '7' }), '→ 42');
        await page.check(`[data-path="${f}count-styles.st.bold"]`);
        await page.check(`[data-path="${f}count-styles.st.underline"]`);
        assert.equal(await call(`${f}count-styles`), '→ 2');
        await page.selectOption(`[data-path="${f}pick.c"]`, 'blue');
        assert.equal(await call(`${f}pick`), '→ undefined');
        await page.check(`[data-path="${f}pick.fallback?"]`);
        assert.equal(await call(`${f}pick`, { 'fallback.some': '9' }), '→ 9');
        assert.equal(await call(`${f}[constructor]counter`, { start: '40' }), '→ Counter {…}');
        assert.equal(await call(`${f}[method]counter.bump`, { by: '2' }), '→ 42');
        assert.equal(await call(`${f}[method]counter.bump`, { by: '3' }), '→ 45');
        await shot('pair-call');
        await view('steps');
        await page.selectOption('#step-func', `${f}shout`);
        await page.fill(`[data-path="${f}shout.s"]`, 'abc');
        await page.click('#step-run');
        await page.waitForSelector('#trace table.steps');
        const t = await text('#trace');
        assert.match(t, /→ "ABC"/);
        assert.match(t, /export example:pair\/shapes#shout/, 'the callee\'s lift, nested in the caller\'s call');
        await shot('pair-steps');
      });

      it('a truncated component: the validation error points at its byte in the hex view', async () => {
        await drop('truncated.wasm');
        await page.waitForSelector('#view[data-view="hex"]');
        const err = await text('#load-error');
        assert.match(err, /^ValidationError: .*offset 0x[0-9a-f]+/);
        const offset = Number.parseInt(/offset 0x([0-9a-f]+)/.exec(err)![1]!, 16);
        assert.match(await text('#view'), new RegExp(`byte offset 0x${offset.toString(16)} \\(${offset}\\)`));
        const marked = page.locator('.hex-byte.mark');
        if (await marked.count()) assert.equal(await marked.getAttribute('data-offset'), String(offset));
        else assert.match(await text('.hex-note'), /past the end/);
        await shot('truncated-hex');
      });

      it('logged no console errors', () => {
        assert.deepEqual(errors, []);
      });
    });
  }
});
