// Issue 10, point 2: links are checked at instantiation, each mismatch a LinkError naming the import, what was
// expected and what was found. Every declared member of an imported instance is required as the host's own
// property (an import named `to-string` never binds Object.prototype.toString); resource classes must be present,
// be classes, and agree where the component says two types are one; an imported core module must match its
// declared module type (names and kinds).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, LinkError } from '../../src/index.js';
import { hostImports, resComponent } from '../resources/fixture.js';
import { assemble, witComponent } from '../support/build.js';
import { engine, err, MODES, type Engine } from './engines.js';

const PROTO_WIT = `package kumiki:proto;
interface host { to-string: func(); value-of: func(); }
interface api { go: func(); }
world w { import host; export api; }`;
const PROTO_CORE = `(module
  (import "kumiki:proto/host" "to-string" (func $ts))
  (import "kumiki:proto/host" "value-of" (func $vo))
  (func (export "kumiki:proto/api#go") (call $ts) (call $vo)))`;

const SAME_WIT = `package kumiki:same;
interface types { resource r { constructor(); } }
interface user { use types.{r}; take: func(x: r); }
interface api { go: func(); }
world w { import user; export api; }`;
const SAME_CORE = `(module
  (import "kumiki:same/types" "[constructor]r" (func $new (result i32)))
  (import "kumiki:same/user" "take" (func $take (param i32)))
  (func (export "kumiki:same/api#go") (call $take (call $new))))`;

const MODULE_COMPONENT = `(component
  (import "m" (core module $m (import "env" "g" (func)) (export "f" (func)) (export "mem" (memory 1))))
)`;

/** Components exporting core modules (kumiki compiles them: their types are known to link checks). */
const EXPORTS_MODULE = (body: string): string => `(component
  (core module $m ${body})
  (export "m" (core module $m))
)`;

const res = (over: (h: Record<string, unknown>) => void): Record<string, unknown> => {
  const imports = hostImports({ disposed: 0 });
  over(imports['kumiki:res/host'] as Record<string, unknown>);
  return imports;
};

for (const mode of MODES) {
  describe(`hostile links: ${mode}`, () => {
    let resE: Engine, proto: Engine, same: Engine, mod: Engine;
    before(async () => {
      resE = await engine(await resComponent(), mode);
      proto = await engine(await witComponent(PROTO_WIT, 'w', PROTO_CORE), mode);
      same = await engine(await witComponent(SAME_WIT, 'w', SAME_CORE), mode);
      mod = await engine(await assemble(MODULE_COMPONENT), mode);
    });

    it('every declared function is required, as an own property: to-string never binds Object.prototype.toString', () => {
      assert.throws(() => proto.instantiate({ 'kumiki:proto/host': {} }), err(LinkError, /import 'kumiki:proto\/host'/, /expected a function 'toString' for 'to-string', found nothing/));
      assert.throws(() => proto.instantiate({ 'kumiki:proto/host': { toString: () => {} } }), err(LinkError, /expected a function 'valueOf' for 'value-of', found nothing/));
      assert.throws(() => proto.instantiate({ 'kumiki:proto/host': { toString: () => {}, valueOf: 3 } }), err(LinkError, /'valueOf'.*found number 3/));
      const calls: string[] = [];
      const ex = proto.instantiate({ 'kumiki:proto/host': { toString: () => { calls.push('t'); }, valueOf: () => { calls.push('v'); } } });
      (ex.api as unknown as { go(): void }).go();
      assert.deepEqual(calls, ['t', 'v']);
      // Members on the host's own class prototype count (a class instance as the import object).
      class Host { toString(): string { calls.push('T'); return ''; } valueOf(): number { calls.push('V'); return 0; } }
      (proto.instantiate({ 'kumiki:proto/host': new Host() }).api as unknown as { go(): void }).go();
      assert.deepEqual(calls, ['t', 'v', 'T', 'V']);
    });

    it('declared members the component never calls are required too', () => {
      assert.throws(() => resE.instantiate(res((h) => { delete h.callback; })), err(LinkError, /import 'kumiki:res\/host'/, /'callback'/, /found nothing/));
    });

    it('resource classes: missing, not a class, missing static or method', () => {
      assert.throws(() => resE.instantiate(res((h) => { delete h.Blob; })), err(LinkError, /import 'kumiki:res\/host'/, /expected a class Blob for resource blob, found nothing/));
      assert.throws(() => resE.instantiate(res((h) => { h.Blob = (n: number) => ({ n }); })), err(LinkError, /expected a class Blob/, /not a class/));
      assert.throws(() => resE.instantiate(res((h) => { h.Blob = class { size(): number { return 1; } }; })), err(LinkError, /expected a static function Blob\.total for '\[static\]blob\.total'/));
      assert.throws(() => resE.instantiate(res((h) => { h.Blob = class { static total(): number { return 1; } }; })), err(LinkError, /expected a method Blob\.prototype\.size for '\[method\]blob\.size'/));
    });

    it('two classes where the component says the resource types are equal', () => {
      class R1 {}
      class R2 {}
      const take = (): void => {};
      assert.throws(() => same.instantiate({ 'kumiki:same/types': { R: R1 }, 'kumiki:same/user': { R: R2, take } }), err(LinkError, /import 'kumiki:same\/user'/, /resource r is the same type as one bound to class R1/, /different class/));
      // The same class, or none (an alias needs none), links.
      same.instantiate({ 'kumiki:same/types': { R: R1 }, 'kumiki:same/user': { R: R1, take } });
      const got: unknown[] = [];
      (same.instantiate({ 'kumiki:same/types': { R: R1 }, 'kumiki:same/user': { take: (x: unknown) => got.push(x) } }).api as unknown as { go(): void }).go();
      assert.ok(got[0] instanceof R1);
    });

    it('an imported core module is checked against its declared module type', async () => {
      const m = async (wat: string): Promise<WebAssembly.Module> => new WebAssembly.Module(await assemble(wat) as Uint8Array<ArrayBuffer>);
      const good = await m('(module (import "env" "g" (func)) (func (export "f")) (memory (export "mem") 1) (global (export "extra") i32 (i32.const 0)))');
      mod.instantiate({ m: good });
      const fewer = await m('(module (func (export "f")) (memory (export "mem") 1))');
      mod.instantiate({ m: fewer });
      const noF = await m('(module (memory (export "mem") 1))');
      const extraImport = await m('(module (import "env" "h" (func)) (func (export "f")) (memory (export "mem") 1))');
      const wrongImport = await m('(module (import "env" "g" (global i32)) (func (export "f")) (memory (export "mem") 1))');
      const wrongExport = await m('(module (func (export "f")) (func (export "mem")))');
      assert.throws(() => mod.instantiate({ m: noF }), err(LinkError, /import m: expected the module to export "f" \(a function\), found no such export/));
      assert.throws(() => mod.instantiate({ m: extraImport }), err(LinkError, /import m: the module imports "env" "h" \(a function\), which its declared module type does not/));
      assert.throws(() => mod.instantiate({ m: wrongImport }), err(LinkError, /import "env" "g": expected a function, found a global/));
      assert.throws(() => mod.instantiate({ m: wrongExport }), err(LinkError, /export "mem": expected a memory, found a function/));
      assert.throws(() => mod.instantiate({ m: {} }), err(LinkError, /import m: expected a WebAssembly\.Module, found/));
    });

    it('a core module kumiki compiled (exported by another component) is checked with its types too', async () => {
      const exported = async (body: string): Promise<WebAssembly.Module> => new Component(await assemble(EXPORTS_MODULE(body))).instantiate().exports.m as unknown as WebAssembly.Module;
      mod.instantiate({ m: await exported('(import "env" "g" (func)) (func (export "f")) (memory (export "mem") 1 3)') });
      const wrongSig = await exported('(func (export "f") (param i32)) (memory (export "mem") 1)');
      assert.throws(() => mod.instantiate({ m: wrongSig }), err(LinkError, /import m: export "f": expected a function \(\) -> \(\), found a function \(i32\) -> \(\)/));
      const wrongImport = await exported('(import "env" "g" (func (param i64))) (func (export "f")) (memory (export "mem") 1)');
      assert.throws(() => mod.instantiate({ m: wrongImport }), err(LinkError, /import "env" "g": the module requires a function \(i64\) -> \(\), but its declared type provides a function \(\) -> \(\)/));
      const shared = await exported('(func (export "f")) (memory (export "mem") 1 1 shared)');
      assert.throws(() => mod.instantiate({ m: shared }), err(LinkError, /export "mem": expected a memory i32 1\.\., found a memory i32 shared 1\.\.1/));
    });
  });
}
