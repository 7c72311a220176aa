// The spec's runtime `.wast` scripts (those needing no async) run ahead of time: every component is transpiled
// (tools/transpile.ts), its generated module imported and linked by kumiki/runtime (test/support/wast-run-aot.ts).
// Every command must get the same verdict as with the JIT (`Component`, codegen adapters, fused adapters): transpiled
// modules carry their plans as data, so component-to-component calls fuse there too (interp/fuse.ts). The same
// scripts with fusion off (calls between instances through JS values) must get those verdicts too: a `map` whose
// entries repeat a key (values/concat.wast) keeps them through a JS Map (abi/map-entries.ts).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { readWastFile } from '../support/wast.js';
import type { CommandResult } from '../support/wast-run.js';
import { IsolatedRunner } from '../support/wast-run-isolated.js';
import { ASYNC_USE, filesUnder } from '../support/files.js';

const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/', import.meta.url).pathname;
const FEATURES = ['cm-async', 'cm-more-async-builtins', 'cm-threading', 'cm-async-stackful', 'cm-implements', 'cm-fixed-length-lists', 'cm-map', 'cm-error-context'];
/** Per script: transpiling writes files and imports a module per component, so allow more than the JIT's 10 s. */
const SCRIPT_MS = 30_000;

const asserts = (rs: readonly CommandResult[]): CommandResult[] => rs.filter((r) => r.bucket !== 'other');
const passed = (rs: readonly CommandResult[]): number => asserts(rs).filter((r) => r.status === 'pass').length;

test('spec runtime scripts (no async): transpiled ahead of time, the same verdicts as the JIT', { skip: !existsSync(SPEC) && `no corpus at ${SPEC}` }, async () => {
  const runner = new IsolatedRunner();
  after(() => runner.close());
  const fused: CommandResult[] = [];
  const jit: CommandResult[] = [];
  const aot: CommandResult[] = [];
  const differ: string[] = [];
  for (const path of filesUnder(SPEC, '.wast')) {
    const rel = relative(SPEC, path);
    const script = readWastFile(path);
    if (rel.startsWith('async/') || script.features.includes('cm-async') || ASYNC_USE.test(readFileSync(path, 'utf8'))) continue;
    const a = await runner.run(path, { features: FEATURES }, SCRIPT_MS);
    const u = await runner.run(path, { features: FEATURES, fuse: false }, SCRIPT_MS);
    jit.push(...u);
    const b = await runner.run(path, { features: FEATURES, mode: 'aot' }, SCRIPT_MS);
    fused.push(...a);
    aot.push(...b);
    a.forEach((r, i) => {
      const s = b[i];
      if (s === undefined || s.status !== r.status) differ.push(`${rel}:${r.line} ${r.head}: jit ${r.status}, aot ${s?.status ?? 'missing'}${s?.reason ? ` (${s.reason})` : ''}`);
      // One behaviour: calls between the script's instances through JS values (fuse: false) give what fused ones give
      // (values/concat.wast's maps with a repeated key lost it through a JS Map before abi/map-entries.ts).
      const v = u[i];
      if (v === undefined || v.status !== r.status) differ.push(`${rel}:${r.line} ${r.head}: jit ${r.status}, jit fuse:false ${v?.status ?? 'missing'}${v?.reason ? ` (${v.reason})` : ''}`);
    });
  }
  const all = (rs: readonly CommandResult[]): string => `${rs.filter((r) => r.status === 'pass').length}/${rs.length}`;
  console.log(`spec runtime (no async) assert_return + assert_trap: JIT ${passed(fused)}/${asserts(fused).length}, JIT fuse:false ${passed(jit)}/${asserts(jit).length}, AOT ${passed(aot)}/${asserts(aot).length}`
    + `; all commands: JIT ${all(fused)}, JIT fuse:false ${all(jit)}, AOT ${all(aot)}`);
  assert.ok(asserts(fused).length > 0, 'no commands ran');
  assert.deepEqual(differ, []);
});
