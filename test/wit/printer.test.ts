// The printer's layout (wasm-tools' `component wit` conventions) and the `kumiki wit` command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWit, printWit, resolveToJson } from '../../src/index.js';
import { UI_DIR } from './corpus.js';

const SOURCE = `package a:b@1.2.0;
/// iface docs
interface i {
  /// rec
  record r { /// f
    x: u32, y: list<string> }
  resource res { constructor(a: u32); m: func() -> option<res>; s: static func(); }
  variant v { a, b(u8) }
  type t = tuple<u8, r>;
  f: func(a: r, b: borrow<res>) -> result<_, string>;
  enum %type { x, y }
  @since(version = 1.0.0) @deprecated(version = 1.1.0) flags fl { a, b }
}
interface j { use i.{r, res as rr}; g: func() -> r; }
world w {
  import i;
  import j;
  import k: interface { h: func(); }
  import z: func(a: u32) -> string;
  type q = u32;
  export y: func();
}
`;

// The world block is exactly what jco's `componentWit` (wasm-tools' printer) prints for this world's component.
const EXPECTED = `package a:b@1.2.0;

/// iface docs
interface i {
  /// rec
  record r {
    /// f
    x: u32,
    y: list<string>,
  }

  resource res {
    constructor(a: u32);
    m: func() -> option<res>;
    s: static func();
  }

  variant v {
    a,
    b(u8),
  }

  type t = tuple<u8, r>;

  enum %type {
    x,
    y,
  }

  @since(version = 1.0.0)
  @deprecated(version = 1.1.0)
  flags fl {
    a,
    b,
  }

  f: func(a: r, b: borrow<res>) -> result<_, string>;
}

interface j {
  use i.{r, res as rr};

  g: func() -> r;
}

world w {
  import i;
  import j;
  import k: interface {
    h: func();
  }

  type q = u32;
  import z: func(a: u32) -> string;

  export y: func();
}
`;

test('printWit lays out packages like wasm-tools', () => {
  const parsed = parseWit(SOURCE, { path: 'a.wit' });
  assert.equal(printWit(parsed.resolve, parsed.main), EXPECTED);
});

test('printWit nests other packages after the main one', () => {
  const parsed = parseWit({ 'a.wit': 'package a:a;\nworld w { import b:b/i@1.0.0; }', 'deps/b.wit': 'package b:b@1.0.0;\ninterface i { f: func(); }' });
  assert.equal(printWit(parsed.resolve, parsed.main), 'package a:a;\n\nworld w {\n  import b:b/i@1.0.0;\n}\npackage b:b@1.0.0 {\n  interface i {\n    f: func();\n  }\n}\n');
});

const root = fileURLToPath(new URL('../../../', import.meta.url));

function kumiki(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/kumiki.js'), 'wit', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('kumiki wit prints WIT, --json the wit-parser JSON, errors with location', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-wit-'));
  const file = join(dir, 'a.wit');
  writeFileSync(file, SOURCE);
  const text = kumiki(file);
  assert.equal(text.code, 0);
  assert.equal(text.out, EXPECTED);
  const json = kumiki(`${UI_DIR}use.wit`, '--json');
  assert.equal(json.code, 0);
  assert.deepEqual(JSON.parse(json.out), JSON.parse(readFileSync(`${UI_DIR}use.wit.json`, 'utf8')));
  assert.deepEqual(JSON.parse(json.out), resolveToJson(parseWit(readFileSync(`${UI_DIR}use.wit`, 'utf8')).resolve));
  writeFileSync(file, 'package a:b;\ninterface i { type t = nope; }\n');
  const bad = kumiki(file);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /type `nope` does not exist\n {5}--> .*a\.wit:2:24\n/);
});

test('--features / --all-features enable @unstable items', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-wit-'));
  const file = join(dir, 'g.wit');
  writeFileSync(file, 'package a:b;\ninterface i {\n  @unstable(feature = fancy)\n  f: func();\n}\n');
  assert.doesNotMatch(kumiki(file).out, /f: func/);
  assert.match(kumiki(file, '--features', 'fancy').out, /@unstable\(feature = fancy\)\n  f: func\(\);/);
  assert.match(kumiki(file, '--all-features').out, /f: func\(\);/);
});
