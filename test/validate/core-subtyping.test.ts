// Core type identity and GC subtyping as the component validator sees them (src/validate/core-canon.ts): rec-group
// (iso-recursive) equivalence, finality, declared supertypes when core instances satisfy module imports, the
// definition rules of `core type` rec groups and module-type declarations, and the shared built-ins of
// shared-everything-threads. Expected verdicts follow wasmparser a7ef4778 (`canonical.rs`, `matches.rs`,
// `SubtypeCx::entity_type`) and wasm-tools' tests/cli/shared-everything-threads/builtins.wast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco';
import { ValidationError } from '../../src/errors.js';
import { validate, type ValidateOptions } from '../../src/validate/index.js';
import { internedGroupCount } from '../../src/validate/core-canon.js';

/** Core module bodies here use GC/shared types Node 20's V8 does not compile; the subject is the component rules. */
const SKIP_BODIES: ValidateOptions['coreValidator'] = () => undefined;

async function accepts(text: string, features: string[] = []): Promise<void> {
  validate(await parse(text), { features, coreValidator: SKIP_BODIES });
}

async function rejects(text: string, fragment: string, features: string[] = []): Promise<void> {
  const bytes = await parse(text);
  assert.throws(() => validate(bytes, { features, coreValidator: SKIP_BODIES }), (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected ValidationError, got ${String(e)}`);
    assert.ok(e.reason.includes(fragment), `reason ${JSON.stringify(e.reason)} lacks ${JSON.stringify(fragment)}`);
    return true;
  });
}

/** Module $A exports "f" (function of type `$t` as declared by `types`); module $B imports it as `$u`. */
const link = (aTypes: string, bTypes: string, kind = 'func'): string => `(component
  (core module $A ${aTypes} ${kind === 'func' ? '(func (export "f") (type $t) unreachable)' : '(global (export "f") (ref null $t) ref.null $t)'})
  (core instance $a (instantiate $A))
  (core module $B ${bTypes} (import "a" "f" ${kind === 'func' ? '(func (type $u))' : '(global (ref null $u))'}))
  (core instance (instantiate $B (with "a" (instance $a)))))`;

test('a function whose type declares the expected type as supertype satisfies the import', async () => {
  // Core spec "Import Matching" uses subtyping; wasmparser `core_func_type` walks declared supertypes.
  await accepts(link(
    '(type $s (sub (func (result anyref)))) (type $t (sub $s (func (result eqref))))',
    '(type $u (sub (func (result anyref))))'));
  // The reverse direction is no subtype.
  await rejects(link(
    '(type $t (sub (func (result anyref)))) (type $x (sub $t (func (result eqref))))',
    '(type $s (sub (func (result anyref)))) (type $u (sub $s (func (result eqref))))'), 'type mismatch for export `f`');
});

test('structurally matching function types are not subtypes without a declared relation', async () => {
  await rejects(link('(type $t (func (result eqref)))', '(type $u (func (result anyref)))'), 'type mismatch for export `f`');
});

test('finality is part of a type: (sub (func)) and (func) differ', async () => {
  await rejects(link('(type $t (sub (func)))', '(type $u (func))'), 'type mismatch for export `f`');
  await accepts(link('(type $t (sub (func)))', '(type $u (sub (func)))'));
});

test('rec groups are compared whole (iso-recursive equivalence)', async () => {
  await rejects(link('(rec (type $t (func)) (type (struct)))', '(type $u (func))'), 'type mismatch for export `f`');
  await accepts(link('(rec (type $t (func)) (type (struct)))', '(rec (type $u (func)) (type (struct)))'));
  // Same members, other position in the group: another type.
  await rejects(link('(rec (type $t (func)) (type (struct)))', '(rec (type (struct)) (type $u (func)))'), 'type mismatch for export `f`');
  // Self-recursive groups in different modules are the same type.
  await accepts(link('(type $t (func (param (ref null $t))))', '(type $u (func (param (ref null $u))))'));
});

test('core module types: a module argument is matched against the expected module type canonically', async () => {
  const pass = (module: string, expected: string): string => `(component
    (core module $m ${module})
    (component $c (import "m" (core module ${expected})))
    (instance (instantiate $c (with "m" (core module $m)))))`;
  const M = '(type $s (sub (func))) (type $t (sub $s (func))) (func (export "f") (type $t) unreachable)';
  await accepts(pass(M, '(type $s (sub (func))) (export "f" (func (type $s)))'));
  await rejects(pass(M, '(type $u (func)) (export "f" (func (type $u)))'), 'type mismatch in export `f`');
  // Imports are contravariant: the module may import a supertype of what the expected type's import offers.
  await rejects(pass('(type $u (sub (func))) (import "a" "f" (func (type $u)))', '(import "a" "f" (func))'), 'type mismatch in import `a::f`');
});

test('global types with concrete references match by canonical type, not by printed structure', async () => {
  await rejects(link('(type $t (struct (field i32)))', '(type $u (sub (struct (field i32))))', 'global'), 'type mismatch for export `f`');
  await accepts(link('(type $t (struct (field i32)))', '(type (func)) (type $u (struct (field i32)))', 'global'));
});

test('core type definitions: declared supertypes must match structurally', async () => {
  await rejects('(component (core type $a (sub (func (param i32)))) (core type (sub $a (func (param i64)))))', 'sub type must match super type');
  // Parameters are contravariant, results covariant.
  await accepts('(component (core type $a (sub (func (param eqref) (result anyref)))) (core type (sub $a (func (param anyref) (result eqref)))))');
  await rejects('(component (core type $a (sub (func (param anyref)))) (core type (sub $a (func (param eqref)))))', 'sub type must match super type');
  // Struct width and depth subtyping: immutable fields covariant, mutable fields invariant.
  await accepts('(component (core type $a (sub (struct (field anyref)))) (core type (sub $a (struct (field eqref) (field i32)))))');
  await rejects('(component (core type $a (sub (struct (field (mut anyref))))) (core type (sub $a (struct (field (mut eqref))))))', 'sub type must match super type');
  await rejects('(component (core type $a (sub (array i8))) (core type (sub $a (array i16))))', 'sub type must match super type');
  await rejects('(component (core type $a (sub (struct))) (core type (sub $a (array i8))))', 'sub type must match super type');
  // Concrete references are subtypes of their abstract tops, and through declared supertypes.
  await accepts(`(component (core type $s (sub (struct))) (core type $t (sub $s (struct (field i32))))
    (core type $a (sub (func (result (ref null $s))))) (core type (sub $a (func (result (ref $t))))))`);
  await accepts('(component (core type $s (struct)) (core type $a (sub (func (result structref)))) (core type (sub $a (func (result (ref $s))))))');
  await rejects('(component (core type $s (struct)) (core type $a (sub (func (result (ref $s))))) (core type (sub $a (func (result structref)))))', 'sub type must match super type');
  await rejects('(component (core type $a (func)) (core type (sub $a (func))))', 'sub type cannot have a final super type');
});

test('abstract heap types: exn/noexn, cont, nullability and shared hierarchies', async () => {
  const sub = (sup: string, sub: string): string => `(component (core type $a (sub (func (result ${sup})))) (core type (sub $a (func (result ${sub})))))`;
  await accepts(sub('exnref', 'nullexnref'));
  await rejects(sub('nullexnref', 'exnref'), 'sub type must match super type');
  await rejects(sub('anyref', 'exnref'), 'sub type must match super type');
  await accepts(sub('(ref null any)', '(ref i31)'));
  await rejects(sub('(ref any)', '(ref null i31)'), 'sub type must match super type');
  await accepts(sub('externref', 'nullexternref'));
  await rejects(sub('funcref', 'externref'), 'sub type must match super type');
  const SET = ['shared-everything-threads'];
  await accepts(sub('(ref null (shared eq))', '(ref null (shared i31))'), SET);
  await rejects(sub('(ref null eq)', '(ref null (shared i31))'), 'sub type must match super type', SET);
  await accepts(sub('contref', 'nullcontref'), ['stack-switching']);
});

test('core type definitions: supertypes come first; rec groups refer within themselves', async () => {
  await rejects('(component (core rec (type $a (sub $b (func))) (type $b (sub (func)))))', 'supertypes must be defined before subtypes');
  await accepts('(component (core rec (type $b (sub (func))) (type $a (sub $b (func)))))');
  await accepts('(component (core rec (type $l (struct (field (ref null $r)))) (type $r (struct (field (ref null $l))))))');
});

test('module type declarations obey the same definition rules', async () => {
  await rejects('(component (core type (module (type $a (sub (func))) (type (sub $a (func (param i32)))))))', 'sub type must match super type');
  await accepts('(component (core type (module (type $a (sub (func (result anyref)))) (type (sub $a (func (result i31ref)))))))');
});

test('shared composite types: feature gate and shared contents', async () => {
  await rejects('(component (core type (shared (func (param anyref)))))', 'shared composite type must contain shared types', ['shared-everything-threads']);
  await accepts('(component (core type (shared (func (param i32) (param (ref null (shared any)))))))', ['shared-everything-threads']);
  await rejects('(component (core type (func (param (ref null (shared any))))))', 'shared reference types require the shared-everything-threads proposal');
});

test('continuation types need stack switching, which is off by default', async () => {
  await rejects('(component (core type $f (func)) (core type (cont $f)))', 'cannot define continuation types when stack switching is disabled');
  await rejects('(component (core type (func (param contref))))', 'continuation refs not supported without the stack switching feature');
  await accepts('(component (core type $f (func)) (core type (cont $f)))', ['stack-switching']);
  await rejects('(component (core type $f (struct)) (core type (cont $f)))', 'non-function type', ['stack-switching']);
});

// ───── shared-everything-threads built-ins (CanonicalABI.md "thread.spawn_ref", "thread.spawn_indirect",
// "thread.available_parallelism"): their core function types are shared, as wasmparser interns them ─────

const SET = ['shared-everything-threads'];
const BUILTINS = `(core type $start (shared (func (param $context i32))))
  (core func $spawn-ref (canon thread.spawn-ref $start))
  (core module $libc (table (export "start-table") shared 1 (ref null (shared func))))
  (core instance $libc (instantiate $libc))
  (core func $spawn-indirect (canon thread.spawn-indirect $start (core table $libc "start-table")))
  (core func $parallelism (canon thread.available_parallelism))`;

test('thread built-ins satisfy imports of shared function types (wasm-tools builtins.wast)', async () => {
  await accepts(`(component ${BUILTINS}
  (core module $m
    (type $spawned_func_ty (shared (func (param $context i32))))
    (type $spawn_ref_ty (shared (func (param (ref null $spawned_func_ty)) (param i32) (result i32))))
    (type $spawn_indirect_ty (shared (func (param i32) (param i32) (result i32))))
    (type $parallelism_ty (shared (func (result i32))))
    (import "" "spawn-ref" (func (type $spawn_ref_ty)))
    (import "" "spawn-indirect" (func (type $spawn_indirect_ty)))
    (import "" "parallelism" (func (type $parallelism_ty))))
  (core instance (instantiate $m (with "" (instance
    (export "spawn-ref" (func $spawn-ref)) (export "spawn-indirect" (func $spawn-indirect)) (export "parallelism" (func $parallelism))))))
)`, SET);
});

test('thread built-ins do not satisfy imports of unshared function types', async () => {
  for (const [name, type] of [['parallelism', '(func (result i32))'], ['spawn-indirect', '(func (param i32 i32) (result i32))']] as const) {
    await rejects(`(component ${BUILTINS}
  (core module $m (import "" "${name}" (func ${type.slice(6, -1)})))
  (core instance (instantiate $m (with "" (instance (export "${name}" (func $${name}))))))
)`, `type mismatch for export \`${name}\``, SET);
  }
  // The spawn_ref parameter is a reference to the spawned function's (shared) type, not to another one.
  await rejects(`(component ${BUILTINS}
  (core module $m
    (type $other (shared (func (param i32) (param i32))))
    (type $ty (shared (func (param (ref null $other)) (param i32) (result i32))))
    (import "" "spawn-ref" (func (type $ty))))
  (core instance (instantiate $m (with "" (instance (export "spawn-ref" (func $spawn-ref))))))
)`, 'type mismatch for export `spawn-ref`', SET);
});

test('thread.spawn-indirect: the table must be a shared table of shared funcref (wasmparser table subtyping)', async () => {
  await rejects(`(component
    (core type $start (shared (func (param i32))))
    (core module $libc (table (export "start-table") 1 (ref null (shared func))))
    (core instance $libc (instantiate $libc))
    (core func (canon thread.spawn-indirect $start (core table $libc "start-table"))))`, 'mismatch in the shared flag for tables', SET);
  await rejects(`(component
    (core type $start (shared (func (param i32))))
    (core module $libc (table (export "start-table") shared 1 (ref null (shared any))))
    (core instance $libc (instantiate $libc))
    (core func (canon thread.spawn-indirect $start (core table $libc "start-table"))))`, 'expected table element type', SET);
});

test('thread.new-indirect: table subtyping against (table 0 funcref), a shared start type allowed (wasmparser)', async () => {
  const withTable = (table: string, start = '(func (param i32))', features = ['cm-threading']): Promise<void> => accepts(`(component
    (core type $start ${start})
    (core module $libc (table (export "t") ${table}))
    (core instance $libc (instantiate $libc))
    (core func (canon thread.new-indirect $start (core table $libc "t"))))`, features);
  // wasmparser's table subtyping does not compare index types.
  await withTable('i64 1 funcref');
  await withTable('1 funcref', '(shared (func (param i32)))', ['cm-threading', 'shared-everything-threads']);
  await assert.rejects(withTable('1 externref'), (e: unknown) => e instanceof ValidationError && e.reason.includes('expected table element type funcref, found externref'));
});

test('module type imports/exports: reference types are gated like in core modules (wasmparser check_type_ref)', async () => {
  await rejects('(component (core type (module (import "a" "g" (global (ref null (shared any)))))))', 'shared reference types require the shared-everything-threads proposal');
  await rejects('(component (core type (module (export "t" (table 1 contref)))))', 'continuation refs not supported without the stack switching feature');
  await accepts('(component (core type (module (import "a" "g" (global exnref)))))');
});

test('a core module with cyclic supertypes cannot make import matching loop: rejected by the host engine', async () => {
  const bytes = await parse(`(component
    (core module $A (rec (type $a (sub $b (func))) (type $b (sub $a (func)))) (func (export "f") (type $a) unreachable))
    (core instance $a (instantiate $A))
    (core module $B (type $u (sub (func))) (import "a" "f" (func (type $u))))
    (core instance (instantiate $B (with "a" (instance $a)))))`);
  assert.throws(() => validate(bytes, { coreValidator: SKIP_BODIES }), ValidationError);
  assert.throws(() => validate(bytes), ValidationError);
});

test('the table of interned rec groups forgets groups no longer in use (long-running hosts)', async () => {
  // Each component brings a core type no other has; once the components are gone, so are their groups.
  const texts = Array.from({ length: 64 }, (_, i) => `(component (core type (func (param ${'i32 '.repeat(i + 1)}) (result f64 f32 i64))))`);
  const all = await Promise.all(texts.map((t) => parse(t)));
  const before = internedGroupCount();
  for (const bytes of all) validate(bytes, { coreValidator: SKIP_BODIES });
  assert.ok(internedGroupCount() >= before + 64, 'each distinct group is interned while validated');
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, 'the test runner exposes gc (--expose-gc)');
  for (let i = 0; i < 20 && internedGroupCount() >= before + 64; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10)); // FinalizationRegistry callbacks run after a collection, on a later task
  }
  assert.ok(internedGroupCount() < before + 64, `groups were forgotten (${internedGroupCount()} interned, ${before} before)`);
});

// A core module whose rec groups are all single function types naming no type index gets its type entries built
// only for the indices its imports, exports, tables, globals and tags name (validate/core.ts moduleTypeOfSurface).
test('modules of plain function types: types at other indices, unused ones around them, match as before', async () => {
  const unused = '(type (func (param i32))) (type (func (param i64) (result f32))) (type (func (param v128)))';
  // Same signature at index 3 in $A and index 0 in $B; abstract references keep the on-demand path.
  await accepts(link(`${unused} (type $t (func (param funcref i32) (result externref)))`, '(type $u (func (param funcref i32) (result externref)))'));
  await rejects(link(`${unused} (type $t (func (param funcref i32) (result externref)))`, '(type $u (func (param funcref i64) (result externref)))'), 'type mismatch for export `f`');
  // Finality without supertypes stays part of the type.
  await rejects(link(`${unused} (type $t (sub (func)))`, `(type $u (func)) ${unused}`), 'type mismatch for export `f`');
  await accepts(link(`${unused} (type $t (sub (func)))`, `(type $u (sub (func))) ${unused}`));
  // Globals (and tables) of concrete references name types too.
  await accepts(link(`${unused} (type $t (func (param i32)))`, `(type (func)) (type $u (func (param i32)))`, 'global'));
  await rejects(link(`${unused} (type $t (func (param i32)))`, `(type (func)) (type $u (func (param i64)))`, 'global'), 'type mismatch for export `f`');
});

test('modules of plain function types: a table of concrete references', async () => {
  const table = (a: string, b: string): string => `(component
    (core module $A (type (func (param i32))) ${a} (table (export "t") 1 (ref null $t)))
    (core instance $a (instantiate $A))
    (core module $B ${b} (import "a" "t" (table 1 (ref null $u))))
    (core instance (instantiate $B (with "a" (instance $a)))))`;
  await accepts(table('(type $t (func (result i32)))', '(type $u (func (result i32)))'));
  await rejects(table('(type $t (func (result i32)))', '(type $u (func (result i64)))'), 'type mismatch for export `t`');
});
