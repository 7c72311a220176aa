// Every diagnostic kind: exact reason, file:line:col and the rendered caret line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWit } from '../../src/wit/parse.js';
import { WitError } from '../../src/errors.js';

/** Expects rejection with `reason` at the `nth` occurrence of `marker` in the (main) source, or without location. */
function fails(src: string | Record<string, string>, reason: string, marker: string | undefined, nth = 0, caret?: string): void {
  const text = typeof src === 'string' ? src : src['a.wit']!;
  let line = 0;
  let col = 0;
  if (marker !== undefined) {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = text.indexOf(marker, at + 1);
    assert.ok(at >= 0, `marker ${marker} not in source`);
    const before = text.slice(0, at).split('\n');
    line = before.length;
    col = before[before.length - 1]!.length + 1;
  }
  try {
    parseWit(src, { path: typeof src === 'string' ? 't.wit' : 'dir' });
  } catch (e) {
    assert.ok(e instanceof WitError, `not a WitError: ${String(e)}`);
    assert.equal(e.reason, reason);
    assert.equal(`${e.line}:${e.col}`, `${line}:${col}`);
    if (caret !== undefined) assert.equal(e.message.split('\n').pop(), caret);
    return;
  }
  assert.fail(`accepted: ${JSON.stringify(src)}`);
}

const P = 'package a:b;\n';

test('lexical errors', () => {
  fails(`${P}interface i { type t = u32$; }`, "unexpected character '$'", '$');
  fails(`${P}/* open`, 'unterminated block comment', '/*');
  fails(`${P}interface i {}\u0001`, "Control code '\\u{1}'", '\u0001');
  fails(`${P}interface Foo-bar {}`, "invalid character in identifier 'o'", 'Foo');
});

test('syntax errors', () => {
  fails(`${P}interface i { type a = list<u32,> }`, "expected fixed-length, found '>'", '>');
  fails(`${P}interface i { type t = option; }`, "expected '<', found ';'", ';', 1);
  fails(`${P}interface i { resource r { async constructor(); } }`, 'expected `constructor` or identifier, found keyword `async`', 'async', 0, '      |                            ^----');
  fails(`${P}@foo interface i {}`, 'unknown attribute `foo`', 'foo');
  fails(`${P}interface i { @since(version = 1.0.0) @since(version = 1.0.0) f: func(); }`, 'cannot specify @since twice', 'since', 1);
});

test('name resolution errors', () => {
  fails(`${P}interface i { type t = nope; }`, 'type `nope` does not exist', 'nope', 0, '      |                        ^---');
  fails(`${P}interface i { f: func(x: nope); }`, 'name `nope` does not exist', 'nope');
  fails(`${P}interface i { use j.{t}; }`, 'interface or world `j` does not exist', 'j.');
  fails(`${P}interface i { type t = u32; type t = u8; }`, 'name `t` is defined more than once', 't =', 1);
  fails(`${P}interface i {}\ninterface i {}`, 'duplicate item named `i`', 'i {}', 1);
  fails(`${P}interface i { type a = b; type b = a; }`, 'type `b` depends on itself', 'b;', 1);
  fails(`${P}interface i { use j.{t}; }\ninterface j { use i.{t}; }`, 'interface or world `j` depends on itself', 'j {');
  fails(`${P}interface i { f: func(x: u32, x: u32); }`, 'param `x` is defined more than once', 'x:', 1);
  fails(`${P}interface i { type t = u32; type h = own<t>; }`, 'type `t` used in a handle must be a resource', 't>');
  fails(`${P}interface i { enum e {} }`, 'empty enum', 'e {');
  fails(`${P}interface i { type m = map<f32, u8>; }`, 'invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string', 'map');
  fails('interface i {}', 'no `package` header was found in any WIT file for this package', undefined);
});

test('world and package errors', () => {
  fails(`${P}interface i {}\nworld w { import i; import i; }`, 'interface cannot be imported more than once', 'i;', 1);
  fails(`${P}world w { import f: func(); import f: func(); }`, 'import `f` conflicts with prior func of same name', 'f:', 1);
  fails(`${P}interface i { resource r; f: func() -> borrow<r>; }`, 'function `f` returns a type which contains a `borrow<T>` which is not supported', 'f:');
  fails(`${P}world w { import x:y/z; }`, "package 'x:y' not found. known packages:\n    a:b", 'x:y');
  fails({ 'a.wit': `${P}world w { import x:y/z; }`, 'deps/y.wit': 'package x:y;\ninterface q {}' }, "interface 'z' not found in package 'x:y'", 'z;');
  fails(`${P}world w { include v with { nope as x } }\nworld v {}`, 'no import or export kebab-name `nope`. Note that an ID does not support renaming', 'v with');
  fails(`package a:b@0.1.0;\n@since(version = 0.2.0) interface i {}`, 'feature gate cannot reference unreleased version 0.2.0 of package [a:b@0.1.0] (current version 0.1.0)', 'i {}');
  fails(`${P}@unstable(feature = off) interface i { type t = u32; }\ninterface j { use i.{t}; }`, 'found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is', 't =');
  fails({ 'a.wit': 'package a:a;\nworld w { import b:b/i; }', 'deps/b.wit': 'package b:b;\ninterface i { use a:a/x.{}; }' }, 'package `b:b` creates a dependency cycle', 'b:b');
});

test('more resolution diagnostics', () => {
  fails(`${P}interface i { f: func(); }\ninterface j { use i.{f}; }`, 'cannot import function `f`', 'f}');
  fails(`${P}interface i { f: func(); g: func(x: f); }`, 'cannot use function `f` as a type', 'f)');
  fails(`${P}world w {}\ninterface j { use w.{t}; }`, 'name `w` is defined as a world, not an interface', 'w.');
  fails(`${P}interface i {}\nworld w { include i; }`, 'name `i` is defined as an interface, not a world', 'i;');
  fails(`${P}world v { import a: func(); }\nworld w { import a: func(); include v; }`, 'import of `a` shadows previously imported items', 'v;');
  fails(`${P}world w { import a: func(); import A: func(); }`, 'import `A` in world `w` conflicts with import `a` (kebab-case identifiers are case-insensitive)', undefined);
  assert.throws(() => parseWit({ 'a.wit': `${P}world w {}`, 'deps/x.wit': 'package x:y;', 'deps/z.wit': 'package x:y;' }, { path: 'dir' }), (e) =>
    e instanceof WitError && e.line === 1 && e.col === 9 && e.file === 'dir/deps/z.wit' &&
    e.message === 'package `x:y` is defined in two different locations:\n  * dir/deps/z.wit:1:9\n  * dir/deps/x.wit:1:9');
  fails(`${P}interface i { resource r { constructor() -> u32; } }`, 'if a constructor return type is declared it must be a `result`', 'u32');
  fails(`${P}interface i { resource r { constructor() -> result<u32>; } }`, 'the `ok` type must be the resource being constructed', 'u32');
  fails(`package a:b;\n@since(version = 1.0.0) interface i {}`, 'package [a:b] contains a feature gate with a version specifier, so it must have a version', 'i {}');
});

test('no TypeError on hostile input', () => {
  for (const src of ['', 'package', 'package a:b; world', '%', '"', 'package a:b@1.0.0-', `${P}interface i { type t = ${'list<'.repeat(200)}u8${'>'.repeat(200)}; }`]) {
    assert.throws(() => parseWit(src), WitError);
  }
});
