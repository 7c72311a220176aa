// The validator's API: verdicts with offsets, feature gates, the returned component type and resolved view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco';
import { ValidationError, ResourceType } from '../../src/index.js';
import { validate, validateComponent } from '../../src/validate/index.js';
import { readComponent } from '../../src/binary/read.js';

const wat = async (text: string): Promise<Uint8Array> => parse(text);

function rejects(bytes: Uint8Array, fragment: string, opts = {}): ValidationError {
  try {
    validate(bytes, opts);
  } catch (e) {
    assert.ok(e instanceof ValidationError, `expected ValidationError, got ${String(e)}`);
    assert.ok(e.reason.includes(fragment), `reason ${JSON.stringify(e.reason)} lacks ${JSON.stringify(fragment)}`);
    assert.ok(e.offset > 0 && e.offset < bytes.length + 1, `offset ${e.offset} inside the input`);
    return e;
  }
  assert.fail(`accepted; expected rejection with ${fragment}`);
}

const ADDER = `(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "greet") (param i32 i32 i32) (result i32) i32.const 0)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (type $r (record (field "x" u32) (field "y" string)))
  (export $r2 "point" (type $r))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add")))
  (func $greet (param "p" $r2) (result string)
    (canon lift (core func $i "greet") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (export "add" (func $add))
  (export "greet" (func $greet)))`;

test('a valid component yields its type and resolved index spaces', async () => {
  const bytes = await wat(ADDER);
  const t = validate(bytes);
  assert.deepEqual([...t.exports.keys()], ['point', 'add', 'greet']);
  const add = t.exports.get('add');
  assert.equal(add?.kind, 'func');
  assert.deepEqual(add?.kind === 'func' && add.type.params.map((p) => [p.name, p.type.kind]), [['a', 'u32'], ['b', 'u32']]);
  const { view } = validateComponent(readComponent(bytes));
  assert.equal(view.funcs.length, 4); // two lifted, two exported (an export adds an index)
  assert.equal(view.core.modules.length, 1);
  assert.deepEqual(view.core.funcs.map((f) => `${f.params.join(',')}->${f.results.join(',')}`), ['i32,i32->i32', 'i32,i32,i32->i32', 'i32,i32,i32,i32->i32']);
  assert.deepEqual(view.core.modules[0]!.exports.map((e) => e.name), ['mem', 'add', 'greet', 'realloc']);
  assert.deepEqual(view.types.map((x) => x.kind), ['record', 'record', 'func', 'func']); // record, its export, 2 func types
  assert.notEqual(view.types[0], view.types[1]); // the export is a new type index of the same structure
});

test('canon lift checks the core signature and required options', async () => {
  rejects(await wat(`(component
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func (param "a" u64) (canon lift (core func $i "f"))))`), 'lowered parameter types');
  rejects(await wat(`(component
    (core module $m (func (export "f") (param i32 i32)))
    (core instance $i (instantiate $m))
    (func (param "a" string) (canon lift (core func $i "f"))))`), 'canonical option `memory` is required');
});

test('exported functions must only mention exported (named) types', async () => {
  rejects(await wat(`(component
    (core module $m (func (export "f") (result i32) i32.const 0))
    (core instance $i (instantiate $m))
    (type $r (record (field "x" u32)))
    (func $f (result $r) (canon lift (core func $i "f")))
    (export "f" (func $f)))`), 'func not valid to be used as export');
});

test('resources: local rep, own/borrow of non-resources, destructor signature', async () => {
  rejects(await wat('(component (import "r" (type $r (sub resource))) (core func (canon resource.new $r)))'), 'not a local resource');
  rejects(await wat('(component (type $t u32) (type (own $t)))'), 'not a resource type');
  rejects(await wat(`(component
    (core module $m (func (export "d") (param i64)))
    (core instance $i (instantiate $m))
    (type $r (resource (rep i32) (dtor (core func $i "d")))))`), 'wrong signature for a destructor');
  const t = validate(await wat(`(component
    (import "r" (type $r (sub resource)))
    (import "f" (func (param "x" (own $r)))))`));
  const r = t.imports.get('r');
  assert.ok(r?.kind === 'type' && r.type instanceof ResourceType && r.bound === 'sub-resource');
  const f = t.imports.get('f');
  assert.ok(f?.kind === 'func' && f.type.params[0]!.type.kind === 'own');
  assert.equal(f.kind === 'func' && f.type.params[0]!.type.kind === 'own' && f.type.params[0]!.type.resource, r.type);
});

test('feature gates use wasm-tools names; -name disables a default', async () => {
  const bytes = await wat('(component (type (list u8 4)))');
  rejects(bytes, 'fixed-length lists feature');
  validate(bytes, { features: ['cm-fixed-length-lists'] });
  const stream = await wat('(component (type (stream u8)))');
  validate(stream);
  rejects(stream, 'requires the component model async feature', { features: ['-cm-async'] });
  assert.throws(() => validate(bytes, { features: ['no-such-feature'] }), RangeError);
});

test('instantiation arguments are type-checked', async () => {
  const e = rejects(await wat(`(component
    (component $c (import "f" (func (param "x" u32))))
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func $g (param "x" s32) (canon lift (core func $i "f")))
    (instance (instantiate $c (with "f" (func $g)))))`), 'type mismatch for import `f`');
  assert.match(e.reason, /expected primitive `u32` found primitive `s32`/);
  rejects(await wat(`(component
    (component $c (import "f" (func)))
    (instance (instantiate $c)))`), 'missing import named `f`');
});

test('malformed bytes and bad core modules are ValidationErrors', async () => {
  assert.throws(() => validate(Uint8Array.from([0, 97, 115, 109, 13, 0, 1, 0, 99])), ValidationError);
  const good = await wat('(component (core module (func (export "f"))))');
  const bad = good.slice();
  const at = bad.indexOf(0x60, 12); // the core func type's 0x60 inside the embedded module
  bad[at] = 0x61;
  assert.throws(() => validate(bad), ValidationError);
});

test('resources flow through instantiation by identity', async () => {
  const child = `(component $c
      (import "r" (type $r (sub resource)))
      (import "f" (func (param "x" (own $r))))
      (export "r2" (type $r)))`;
  // Supplying the matching resource and a function over it is fine; the instance re-exports the parent's resource.
  const ok = validateComponent(readComponent(await wat(`(component
    (type $R (resource (rep i32)))
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func $f (param "x" (own $R)) (canon lift (core func $i "f")))
    ${child}
    (instance $inst (instantiate $c (with "r" (type $R)) (with "f" (func $f)))))`)));
  const inst = ok.view.instances[0]!;
  const r2 = inst.exports.get('r2');
  assert.ok(r2?.kind === 'type' && r2.type === ok.view.types[0]);
  // A function over a different resource does not match.
  rejects(await wat(`(component
    (type $R (resource (rep i32)))
    (type $S (resource (rep i32)))
    (core module $m (func (export "f") (param i32)))
    (core instance $i (instantiate $m))
    (func $f (param "x" (own $S)) (canon lift (core func $i "f")))
    ${child}
    (instance (instantiate $c (with "r" (type $R)) (with "f" (func $f)))))`), 'resource types are not the same');
});

test('outer aliases may not carry resources out of their component; export ascription is checked', async () => {
  rejects(await wat(`(component
    (type $R (resource (rep i32)))
    (component (alias outer 1 $R (type))))`), 'refers to resources not defined in the current component');
  rejects(await wat(`(component
    (core module $m (func (export "f")))
    (core instance $i (instantiate $m))
    (func $f (canon lift (core func $i "f")))
    (export "f" (func $f) (func (param "x" u32))))`), 'ascribed type of export is not compatible');
});
