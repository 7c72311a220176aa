// Real components from a JS guest (test/fixtures/componentize/: every value type and a resource, no WASI), built
// by ComponentizeJS (StarlingMonkey, all features disabled) and componentize-qjs (QuickJS, sync, WASI stubbed),
// for the full world and (QuickJS) for `jsguest-plain` (no resources: value-type failures show apart from resources):
// kumiki's reader round-trips them byte-exactly, its validator accepts them, jco's transpile runs them (the oracle,
// recorded under .cache/componentize/), and kumiki's runtime gives the same outcomes as jco in both adapter modes
// and as a transpiled module (`kumiki transpile` + kumiki/runtime).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { binary, Component, validate } from '../../src/index.js';
import type { ComponentType } from '../../src/index.js';
import { jcoTranspile, repoRoot } from '../support/build.js';
import { componentizeJs, enableExtendedConst, JS_BACKENDS, JS_GUEST, type JsGuestBuild } from '../support/componentize.js';
import { encode } from '../browser/codec.js';
import { transpileAndImport } from '../support/wast-run-aot.js';
import { GUEST_CASES, outcome, type GuestCase, type GuestExports } from './cases.js';

/** Nested components at any depth. */
function countNested(c: binary.Component): number {
  let n = 0;
  for (const s of c.sections) if (s.kind === 'component') n += 1 + countNested(s.component);
  return n;
}

/** Runs every case against fresh instances from `make` (a new one after each trap, which poisons an instance). */
function runCases(cases: readonly GuestCase[], make: () => GuestExports): Map<string, unknown> {
  const out = new Map<string, unknown>();
  let ex = make();
  for (const c of cases) {
    const r = outcome(() => c.run(ex));
    out.set(c.name, r);
    if (typeof r === 'object' && r !== null && ('trap' in r || 'thrown' in r)) ex = make();
  }
  return out;
}

const FULL = { world: 'jsguest', exports: ['hello', 'kumiki:jsguest/values', 'kumiki:jsguest/counters'], cases: GUEST_CASES };
const PLAIN = { world: 'jsguest-plain', exports: ['hello', 'kumiki:jsguest/values'], cases: GUEST_CASES.filter((c) => c.resource !== true) };
/** The plain world only with QuickJS: a StarlingMonkey build costs ~30-40 s on a cold cache (CI), QuickJS ~7 s. */
const WORLDS: Record<(typeof JS_BACKENDS)[number], readonly (typeof FULL)[]> = { starlingmonkey: [FULL], quickjs: [FULL, PLAIN] };

for (const backend of JS_BACKENDS) for (const { world, exports, cases } of WORLDS[backend]) {
  describe(`JS guest (world ${world}) built with ${backend}`, () => {
    let build: JsGuestBuild;
    let jco: Map<string, unknown>;

    before(async () => {
      // The QuickJS build uses extended-const, which Node 20 runs only behind a V8 flag (building does not need it).
      assert.ok(enableExtendedConst(), 'this Node cannot enable extended-const');
      build = await componentizeJs(backend, { ...JS_GUEST, world });
    });

    it('builds (or comes from the cache) as a component', (t) => {
      t.diagnostic(`${backend}: ${build.bytes.length} bytes, ${build.built ? 'built' : 'cached'} in ${build.ms.toFixed(0)} ms (${basename(build.file)})`);
      assert.equal(binary.binaryKind(build.bytes), 'component');
    });

    it('kumiki reads and writes it back byte-exactly', (t) => {
      const t0 = performance.now();
      const ast = binary.readComponent(build.bytes);
      const out = binary.writeComponent(ast);
      t.diagnostic(`read + write: ${(performance.now() - t0).toFixed(1)} ms; ${countNested(ast)} nested components`);
      assert.equal(out.length, build.bytes.length);
      assert.ok(Buffer.from(out.buffer, out.byteOffset, out.length).equals(Buffer.from(build.bytes.buffer, build.bytes.byteOffset, build.bytes.length)), 'bytes differ');
      if (backend === 'quickjs') assert.ok(countNested(ast) >= 20, `expected a composition, got ${countNested(ast)} nested components`);
    });

    it('kumiki validates it: no imports, the world exports', (t) => {
      const t0 = performance.now();
      const type: ComponentType = validate(build.bytes);
      t.diagnostic(`validate: ${(performance.now() - t0).toFixed(1)} ms; exports ${[...type.exports.keys()].join(', ')}`);
      assert.deepEqual([...type.imports.keys()], []);
      for (const name of exports) assert.ok(type.exports.has(name), `missing export ${name}`);
      if (world === 'jsguest-plain') assert.ok(!type.exports.has('kumiki:jsguest/counters'));
    });

    it('jco transpile runs it and gives the outputs the guest source implies (the oracle)', async (t) => {
      const t0 = performance.now();
      const j = await jcoTranspile(build.bytes);
      jco = runCases(cases, () => j.instantiate({}) as GuestExports);
      t.diagnostic(`jco transpile + ${cases.length} cases: ${(performance.now() - t0).toFixed(0)} ms`);
      const dir = join(repoRoot, '.cache', 'componentize');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${basename(build.file, '.wasm')}.oracle.json`),
        `${JSON.stringify(Object.fromEntries([...jco].map(([k, v]) => [k, encode(v)])), null, 1)}\n`);
      for (const c of cases) {
        const expected = c.expectBy?.[backend] ?? c.expect;
        assert.deepStrictEqual(jco.get(c.name), expected, c.name);
      }
    });

    it('kumiki runs it like jco (codegen and interp)', async (t) => {
      assert.ok(jco !== undefined, 'the jco oracle did not run');
      for (const mode of ['codegen', 'interp'] as const) {
        const t0 = performance.now();
        const component = await Component.compile(build.bytes, { mode });
        let fresh: GuestExports | undefined = component.instantiate({}).exports as GuestExports;
        const t1 = performance.now();
        const got = runCases(cases, () => {
          const ex = fresh ?? (component.instantiate({}).exports as GuestExports);
          fresh = undefined;
          return ex;
        });
        for (const c of cases) assert.deepStrictEqual(got.get(c.name), jco.get(c.name), `${mode}: ${c.name}`);
        t.diagnostic(`${mode}: compile + instantiate ${(t1 - t0).toFixed(0)} ms; agrees with jco on ${cases.length} cases`);
      }
    });

    it('transpiled ahead of time, it runs like jco (kumiki/runtime, no eval)', async (t) => {
      assert.ok(jco !== undefined, 'the jco oracle did not run');
      const t0 = performance.now();
      const { module } = await transpileAndImport(build.bytes, 'componentize', { name: `${backend}-${world}` });
      const first = (await module.instantiate({})) as GuestExports;
      const t1 = performance.now();
      // Later instances reuse the compiled core modules (the generated module caches the linked component).
      const more: GuestExports[] = [];
      for (let i = 0; i < cases.length; i++) more.push((await module.instantiate({})) as GuestExports);
      let fresh: GuestExports | undefined = first;
      const got = runCases(cases, () => {
        const ex = fresh ?? more.pop()!;
        fresh = undefined;
        return ex;
      });
      for (const c of cases) assert.deepStrictEqual(got.get(c.name), jco.get(c.name), `transpiled: ${c.name}`);
      t.diagnostic(`transpiled: transpile + load + instantiate ${(t1 - t0).toFixed(0)} ms; agrees with jco on ${cases.length} cases`);
    });
  });
}
