// jco's P3 (component-model async) components (shared conformance, jco-p3/): every one but the WASI 0.3 programs
// compiles and instantiates with the gates their toolchains use; the scenarios jco tests that need no WASI run with
// jco's results (context-sync: context slots are per task; backpressure-sync: inc/dec). README there says where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Component, Trap, ValidationError } from '../../src/index.js';
import { filesUnder } from '../support/files.js';

const P3 = new URL('../../../../shared/conformance/jco-p3/', import.meta.url).pathname;
const SKIP = !existsSync(P3) && `no corpus at ${P3}`;
/** Gates the P3 toolchains' output uses beyond the defaults (wasmparser's: cm-async on). */
const FEATURES = ['cm-async-stackful', 'cm-more-async-builtins', 'cm-error-context'];
const WASI3 = /^(cli|clocks|random|fs)\//;

test('jco-p3: every async component compiles (the one with the removed `cancellable` byte is rejected)', { skip: SKIP }, async () => {
  const out: string[] = [];
  for (const path of filesUnder(P3, '.wasm')) {
    const rel = relative(P3, path);
    if (WASI3.test(rel)) continue;
    try {
      await Component.compile(readFileSync(path), { features: FEATURES });
      out.push(`${rel}: ok`);
    } catch (e) {
      // README there: this file encodes `thread.yield` with the byte component-model #716 removed.
      if (rel === 'yield/async-yield-callee-synchronous.wasm' && e instanceof ValidationError && /component-model #716/.test(e.message)) { out.push(`${rel}: rejected (#716)`); continue; }
      throw e;
    }
  }
  console.log(out.join('\n'));
  assert.ok(out.length >= 35, `only ${out.length} components`);
});

test('jco-p3 context-sync: context.set/get slots belong to a task; a sync call from JS is a task of its own', { skip: SKIP }, async () => {
  for (const mode of ['codegen', 'interp'] as const) {
    const x = (await Component.compile(readFileSync(join(P3, 'context-sync/component.wasm')), { mode })).instantiate({}).exports as Record<string, (...a: unknown[]) => unknown>;
    assert.equal(x.pushContext!(33), 33);
    assert.equal(x.pullContext!(), 0); // as jco's test: context is wiped from task to task
  }
});

test('jco-p3 backpressure-sync: backpressure.inc/dec from sync exports; below zero traps', { skip: SKIP }, async () => {
  const x = (await Component.compile(readFileSync(join(P3, 'backpressure-sync/component.wasm')))).instantiate({}).exports as Record<string, () => unknown>;
  x.incBackpressure!();
  x.decBackpressure!();
  assert.throws(() => x.decBackpressure!(), (e: unknown) => e instanceof Trap && /backpressure counter underflow/.test((e as Error).message));
});
