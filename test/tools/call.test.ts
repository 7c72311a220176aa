// `kumiki call` and `kumiki types` end to end: the CLI run as a user runs it, on components built from text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../support/build.js';
import { encodePackage, parseWit } from '../../src/index.js';
import { ALL_WIT, listsComponent, needsImportsComponent, shapesComponent } from './fixture.js';

let dir = '';
let shapes = '';
let needs = '';
let lists = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kumiki-call-'));
  shapes = join(dir, 'shapes.wasm');
  needs = join(dir, 'needs.wasm');
  writeFileSync(shapes, await shapesComponent());
  writeFileSync(needs, await needsImportsComponent());
  lists = join(dir, 'lists.wasm');
  writeFileSync(lists, await listsComponent());
});
after(() => rmSync(dir, { recursive: true, force: true }));

function kumiki(...args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/kumiki.js'), ...args], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test('kumiki call: root and interface functions, JSON in and out', () => {
  assert.deepEqual(kumiki('call', shapes, 'greet-count', '41'), { status: 0, out: '42\n', err: '' });
  assert.equal(kumiki('call', shapes, 'greetCount', '1').out, '2\n');
  // u64 from a decimal string (beyond 2^53) and printed as a string
  assert.equal(kumiki('call', shapes, 'test:shapes/api#big', '"18446744073709551615"').out, '"18446744073709551615"\n');
  assert.equal(kumiki('call', shapes, 'api.big', '7').out, '"7"\n');
  assert.equal(kumiki('call', shapes, 'api#shape-of', '0').out, '{"tag":"circle","val":5}\n');
  assert.equal(kumiki('call', shapes, 'api.shapeOf', '1').out, '{"tag":"empty"}\n');
  assert.equal(kumiki('call', shapes, 'api#point-of').out, '{"x":-1,"yCoord":7}\n');
  assert.equal(kumiki('call', shapes, 'api#maybe', '0').out, 'null\n');
  assert.equal(kumiki('call', shapes, 'api#check', '0').out, '0\n');
});

test('kumiki call: typed arrays, 64-bit lists, strings and records from JSON', () => {
  assert.deepEqual(kumiki('call', lists, 'first', '["9007199254740993", 2]'), { status: 0, out: '"9007199254740993"\n', err: '' });
  assert.equal(kumiki('call', lists, 'count', '[0.5, 1, 2]').out, '3\n');
  assert.equal(kumiki('call', lists, 'echo', '"héllo ✓"').out, '"héllo ✓"\n');
  assert.equal(kumiki('call', lists, 'name-of', '{"name": "pt", "n": "18446744073709551615"}').out, '"pt"\n');
  const badElem = kumiki('call', lists, 'count', '[1, "two"]');
  assert.equal(badElem.status, 1);
  assert.match(badElem.err, /count: parameter 'xs'\[1\]: expected a number, got the string "two"/);
  const badField = kumiki('call', lists, 'name-of', '{"name": "pt", "n": 1.5}');
  assert.match(badField.err, /name-of: parameter 'p'\.n: expected an integer/);
});

test('kumiki call: clear errors', () => {
  const err = kumiki('call', shapes, 'api#check', '1');
  assert.equal(err.status, 1);
  assert.match(err.err, /test:shapes\/api#check returned an error: "dark-green"/);
  const badBig = kumiki('call', shapes, 'api#big', '"ten"');
  assert.equal(badBig.status, 1);
  assert.match(badBig.err, /test:shapes\/api#big: parameter 'x': expected an integer/);
  const badU32 = kumiki('call', shapes, 'greet-count', '"x"');
  assert.equal(badU32.status, 1);
  assert.match(badU32.err, /TypeError: greet-count\(n\): expected [^\n]*u32[^\n]*, got string "x"/); // the runtime's check
  const badJson = kumiki('call', shapes, 'greet-count', '{');
  assert.match(badJson.err, /parameter 'n': not valid JSON/);
  const arity = kumiki('call', shapes, 'greet-count');
  assert.match(arity.err, /takes 1 argument\(s\) \(n\), got 0/);
  const missing = kumiki('call', shapes, 'nope');
  assert.equal(missing.status, 1);
  assert.match(missing.err, /no exported function 'nope' \(exported functions: greet-count, test:shapes\/api#big,/);
  const imports = kumiki('call', needs, 'run');
  assert.equal(imports.status, 1);
  assert.match(imports.err, /needs imports[^\n]*: log/);
});

test('kumiki types: from a binary and from a WIT file, to stdout or -o', () => {
  const fromBinary = kumiki('types', shapes);
  assert.equal(fromBinary.status, 0, fromBinary.err);
  assert.match(fromBinary.out, /shapeOf\(i: number\): Shape;/);
  const wit = join(dir, 'all.wit');
  writeFileSync(wit, ALL_WIT);
  const out = join(dir, 'all.d.ts');
  const r = kumiki('types', wit, '--world', 'all', '-o', out);
  assert.equal(r.status, 0, r.err);
  assert.match(readFileSync(out, 'utf8'), /export declare namespace Store \{/);
  // A WIT package encoded as a component gives the same declarations as its text (docs included).
  const { resolve, main } = parseWit(ALL_WIT);
  const pkg = join(dir, 'pkg.wasm');
  writeFileSync(pkg, encodePackage(resolve, main));
  const fromPkg = kumiki('types', pkg);
  assert.equal(fromPkg.status, 0, fromPkg.err);
  const body = (t: string): string => t.slice(t.indexOf('\n'));
  assert.equal(body(fromPkg.out), body(readFileSync(out, 'utf8')));
  const noWorld = kumiki('types', wit, '--world', 'nope');
  assert.equal(noWorld.status, 1);
  assert.match(noWorld.err, /no world named 'nope' in package \(worlds: all\)/);
});
