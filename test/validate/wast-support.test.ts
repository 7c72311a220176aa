// test/support/wast.ts: splitting scripts, string escapes, quote/binary forms, expected-result pairing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleForm, pairExpected, parseWast, AssembleError } from '../support/wast.js';

const SCRIPT = `;; RUN: wast --assert default --snapshot tests/snapshots % -f cm-async,cm64
(component $a (; block (; nested ;) comment ;)
  (import "x" (func)))
(assert_invalid
  (component (type (own 0)))
  "type index out of bounds")
(component definition $D (type $t u32) (export "e" (type $t)))
(component instance $i $D)
(assert_malformed (component quote "(type $t u32)" "(export \\"t\\" (type $t))") "x")
(component binary "\\00asm" "\\0d\\00\\01\\00")
`;

test('splits commands with lines, features, messages and instance commands', () => {
  const s = parseWast(SCRIPT);
  assert.deepEqual(s.features, ['cm-async', 'cm64']);
  assert.deepEqual(s.commands.map((c) => [c.head, c.line]), [['component', 2], ['assert_invalid', 4], ['component', 7], ['component', 8], ['assert_malformed', 9], ['component', 10]]);
  assert.equal(s.commands[1]!.message, 'type index out of bounds');
  assert.equal(s.commands[1]!.form!.line, 5);
  assert.equal(s.commands[2]!.form!.definition, true);
  assert.equal(s.commands[2]!.form!.name, '$D');
  assert.deepEqual(s.commands[3]!.instance, { name: '$i', definition: '$D' });
  assert.equal(s.commands[3]!.form, undefined);
  assert.equal(s.commands[4]!.form!.encoding, 'quote');
  assert.deepEqual([...s.commands[5]!.form!.strings[1]!.bytes], [0x0d, 0, 1, 0]);
});

test('assembles text, definition, quote and binary forms', async () => {
  const s = parseWast(SCRIPT);
  for (const i of [0, 2, 4, 5]) {
    const bytes = await assembleForm(s.commands[i]!.form!);
    assert.deepEqual([...bytes.subarray(0, 8)], [0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]);
  }
  const bad = parseWast('(component (type $t u32) (type $t u32))').commands[0]!.form!;
  await assert.rejects(assembleForm(bad), AssembleError);
});

test('pairs wasm-tools expected entries by the form line', () => {
  const s = parseWast(SCRIPT);
  const pairs = pairExpected(s, [{ type: 'module', line: 2 }, { type: 'assert_invalid', line: 5, text: 'type index out of bounds' }]);
  assert.equal(pairs[0]!.expected?.type, 'module');
  assert.equal(pairs[1]!.expected?.type, 'assert_invalid');
  assert.equal(pairs[2]!.expected, undefined);
});

test('string escapes: hex, unicode, quotes', () => {
  const s = parseWast('(module binary "\\u{1F600}\\t\\"\\\\\\ff")');
  assert.deepEqual([...s.commands[0]!.form!.strings[0]!.bytes], [0xf0, 0x9f, 0x98, 0x80, 9, 0x22, 0x5c, 0xff]);
});
