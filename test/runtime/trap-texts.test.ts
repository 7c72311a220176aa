// Trap texts: every `assert_trap` of the component-model spec suite that traps must carry the suite's expected text
// verbatim (test/support/wast-run.ts `textMatches`: a substring, only wasmtime's `wasm trap: ` prefix dropped), with
// generated, interpreted and ahead-of-time adapters. Component-to-component calls cross through fused adapters by
// default and through JS with `fuse: false`; both are checked.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { IsolatedRunner } from '../support/wast-run-isolated.js';
import type { RunOptions } from '../support/wast-run.js';
import { filesUnder } from '../support/files.js';

const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/', import.meta.url).pathname;
const FEATURES = ['cm-async', 'cm-more-async-builtins', 'cm-threading', 'cm-async-stackful', 'cm-implements', 'cm-fixed-length-lists', 'cm-map', 'cm-error-context'];

const MODES: readonly { label: string; opts: Pick<RunOptions, 'mode' | 'fuse'> }[] = [
  { label: 'codegen', opts: { mode: 'codegen' } },
  { label: 'codegen, fuse: false', opts: { mode: 'codegen', fuse: false } },
  { label: 'interp', opts: { mode: 'interp' } },
  { label: 'interp, fuse: false', opts: { mode: 'interp', fuse: false } },
  { label: 'aot', opts: { mode: 'aot' } },
];

test('spec assert_trap texts are contained verbatim in kumiki\'s trap messages', { skip: !existsSync(SPEC) && `no corpus at ${SPEC}` }, async () => {
  const runner = new IsolatedRunner();
  after(() => runner.close());
  const files = filesUnder(SPEC, '.wast');
  for (const { label, opts } of MODES) {
    let trapped = 0, exact = 0;
    const differ: string[] = [];
    for (const path of files) {
      for (const c of await runner.run(path, { features: FEATURES, ...opts }, 10_000)) {
        if (c.bucket !== 'assert_trap' || c.status !== 'pass') continue;
        trapped++;
        const at = `${relative(SPEC, path)}:${c.line}`;
        // Async scripts (issue 12, in progress): their trap texts are reported by test/async, not held exact here.
        if (at.startsWith('async/')) continue;
        if (c.expectedText === undefined) exact++;
        else differ.push(`${at}: want ${JSON.stringify(c.expectedText)}, got ${JSON.stringify(c.actualText)}`);
      }
    }
    console.log(`${label}: ${exact}/${trapped} trapping assert_trap texts match exactly`);
    assert.ok(trapped > 0, `${label}: no assert_trap ran`);
    assert.deepEqual(differ, [], `${label}: trap texts differ`);
  }
});
