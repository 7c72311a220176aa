// The Component Model spec's async `.wast` scripts (test/async/*.wast, shared conformance) run in every mode
// (generated adapters, interpreted adapters, transpiled ahead of time): a table per mode, the commands that do not
// pass grouped by reason, and these checks:
// - the pass ratio of all directives is at least the measured floor in each mode;
// - nothing hangs (no command ends in a timeout);
// - every command that does not pass is in a listed category with its reason (JSPI needed where the host has none,
//   blocking under JS adapter frames where it has JSPI, the `cancellable` immediate removed by component-model #716,
//   or a listed gap) — never an unexplained failure. Without JSPI, "JSPI needed" is the only reason a blocking case
//   may fail; with JSPI (test/async/jspi-node.test.ts runs this file under the pinned Node 24), it is not accepted.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { CommandResult, RunOptions } from '../support/wast-run.js';
import { IsolatedRunner } from '../support/wast-run-isolated.js';
import { filesUnder } from '../support/files.js';
import { JSPI } from '../../src/runtime/async/jspi.js';

const SPEC = new URL('../../../../shared/conformance/component-model-spec/test/async/', import.meta.url).pathname;
const FEATURES = ['cm-async', 'cm-more-async-builtins', 'cm-threading', 'cm-async-stackful', 'cm-implements', 'cm-fixed-length-lists', 'cm-map', 'cm-error-context'];
const MODES: readonly NonNullable<RunOptions['mode']>[] = ['codegen', 'interp', 'aot'];

/**
 * Floor, all directives (312), in codegen, interp and AOT alike: 95 % (issue 12's target). Measured without JSPI
 * (Node 20): 297 (95.2 %), every case that blocks failing with the JSPI UnsupportedError; with JSPI (the pinned
 * Node 24, jspi-node.test.ts): 308 (98.7 %).
 */
const FLOOR = 0.95;

/** Why a command may not pass here, by the text of its reason. */
const CATEGORIES: readonly (readonly [string, RegExp])[] = [
  // Only where the host has no JSPI: with it, these cases pass or land in a category below.
  ...(JSPI ? [] : [['JSPI needed (a thread must suspend its core code; this host has no JSPI)', /needs JSPI .*this host has none/] as const]),
  ['a synchronous lift or lower of an async function that must block: JS adapter frames on the stack, which JSPI cannot suspend', /JS adapter frames/],
  ['a synchronous call that must wait for a thread suspended on its own stack: kumiki runs synchronous calls on their caller\'s stack', /kumiki runs synchronous calls on their caller's stack/],
  ['`cancellable` immediate, removed by component-model #716 (the assembler and kumiki reject it)', /component-model#716|component-model #716/],
  ['stream/future elements holding strings or lists: not copied yet', /not copied yet/],
  // drop-cross-task-borrow.wast: a borrow lent to an async subtask outlives the caller's own borrow scope.
  ['borrows lent across async tasks (drop-cross-task-borrow.wast)', /handle was dropped or moved and cannot be used/],
];

function category(r: CommandResult): string | undefined {
  const why = r.reason ?? '';
  return CATEGORIES.find(([, re]) => re.test(why))?.[0];
}

test('component-model spec: async .wast scripts in every mode', { skip: !existsSync(SPEC) && `no corpus at ${SPEC}` }, async () => {
  const runner = new IsolatedRunner();
  after(() => runner.close());
  const files = filesUnder(SPEC, '.wast');
  const lines: string[] = [];
  for (const mode of MODES) {
    const all: { file: string; r: CommandResult }[] = [];
    const rows: string[] = [];
    for (const path of files) {
      const file = relative(SPEC, path);
      const rs = await runner.run(path, { features: FEATURES, mode }, 20_000);
      for (const r of rs) all.push({ file, r });
      rows.push(`  ${file.padEnd(58)} ${rs.filter((r) => r.status === 'pass').length}/${rs.length}`);
    }
    const pass = all.filter((x) => x.r.status === 'pass').length;
    const ratio = pass / all.length;
    const groups = new Map<string, string[]>();
    const unexplained: string[] = [];
    for (const { file, r } of all) {
      if (r.status === 'pass') continue;
      const c = category(r);
      if (c === undefined) { unexplained.push(`${file}:${r.line} ${r.head} ${r.status}: ${r.reason ?? ''}`); continue; }
      groups.set(c, [...(groups.get(c) ?? []), `${file}:${r.line}`]);
    }
    lines.push(`\n== async .wast, ${mode}: ${pass}/${all.length} directives = ${(100 * ratio).toFixed(1)} % (JSPI ${JSPI ? 'on' : 'off'}, Node ${process.version}) ==\n${rows.join('\n')}`);
    for (const [c, at] of groups) lines.push(`  not passing: ${c}: ${at.length}\n    ${at.join(' ')}`);
    if (unexplained.length > 0) lines.push(`  UNEXPLAINED:\n    ${unexplained.join('\n    ')}`);
    console.log(lines.splice(0).join('\n'));
    assert.ok(!all.some((x) => /Timeout/.test(x.r.reason ?? '')), `${mode}: a script hung`);
    assert.deepEqual(unexplained, [], `${mode}: commands fail for no listed reason`);
    assert.ok(ratio >= FLOOR, `${mode}: ${pass}/${all.length} async directives pass, below the floor ${FLOOR}`);
  }
});
