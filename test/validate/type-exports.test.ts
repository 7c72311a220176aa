// Type imports/exports with `eq` bounds on any type (Explainer.md "typebound": `(type (eq <typeidx>))` may name a
// value, resource, function, instance or component type): the public model carries them as `TypeExtern`s, in the
// component type, the view's import/export maps and instance/component types, and later aliases of them resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco';
import { ValidationError } from '../../src/errors.js';
import { validate, validateComponent } from '../../src/validate/index.js';
import { readComponent } from '../../src/binary/read.js';
import { externTypeToString, type ExternType, type FuncType } from '../../src/types/index.js';

const view = async (text: string) => validateComponent(readComponent(await parse(text)));

function typeOf(e: ExternType | undefined): Extract<ExternType, { kind: 'type' }>['type'] {
  assert.ok(e, 'missing extern');
  assert.equal(e.kind, 'type');
  assert.equal(e.bound, 'eq');
  return e.type;
}

test('an exported function type is a type export bound to that function type', async () => {
  const { type, view: v } = await view(`(component
    (type $f (func (param "x" u32) (result string)))
    (export "f-ty" (type $f)))`);
  for (const exports of [type.exports, v.exports]) {
    const t = typeOf(exports.get('f-ty')) as FuncType;
    assert.equal(t.kind, 'func');
    assert.deepEqual(t.params.map((p) => [p.name, p.type.kind]), [['x', 'u32']]);
    assert.equal(t.result?.kind, 'string');
  }
  assert.equal(externTypeToString(type.exports.get('f-ty')!), 'type func(x: u32) -> string');
});

test('instance and component types export as type exports too (Explainer.md type-checking examples)', async () => {
  const { type } = await view(`(component $C
    (type $T (list (tuple string bool)))
    (type $U (option $T))
    (type $G (func (param "x" (list $T)) (result $U)))
    (type $D (component
      (alias outer $C $T (type $C_T))
      (type $L (list $C_T))
      (import "f" (func (param "x" $L) (result (list u8))))
      (import "g" (func (type $G)))
      (export "g2" (func (type $G)))
      (export "h" (func (result $U)))
      (import "T" (type $T (sub resource)))
      (import "i" (func (param "x" (list (own $T)))))
      (export "T2" (type $T' (eq $T)))
      (export "U" (type $U' (sub resource)))
      (export "j" (func (param "x" (borrow $T')) (result (own $U'))))))
    (type $I (instance (export "g" (func (type $G)))))
    (export "D" (type $D))
    (export "I" (type $I))
    (export "G" (type $G)))`);
  const d = typeOf(type.exports.get('D'));
  assert.equal(d.kind, 'component');
  assert.deepEqual([...d.imports.keys()], ['f', 'g', 'T', 'i']);
  assert.deepEqual([...d.exports.keys()], ['g2', 'h', 'T2', 'U', 'j']);
  // `T2` is `eq` to the imported abstract resource `T`: the same resource object.
  assert.equal(typeOf(d.exports.get('T2')), (d.imports.get('T') as { type: unknown }).type);
  const i = typeOf(type.exports.get('I'));
  assert.equal(i.kind, 'instance');
  assert.equal(i.exports.get('g')?.kind, 'func');
  assert.equal(typeOf(type.exports.get('G')).kind, 'func');
});

test('a function type exported by an imported instance resolves through an alias and types a later import', async () => {
  const { view: v } = await view(`(component
    (import "i" (instance $i
      (type $f (func (param "x" u32)))
      (export "f-ty" (type (eq $f)))))
    (alias export $i "f-ty" (type $g))
    (import "g" (func (type $g))))`);
  const inst = v.instances[0]!;
  const exported = typeOf(inst.exports.get('f-ty')) as FuncType;
  assert.equal(exported.kind, 'func');
  // The alias lands in the type index space as that function type, and the import is typed by it.
  assert.equal(v.types[1], exported);
  const g = v.imports.get('g');
  assert.equal(g?.kind, 'func');
  assert.equal(g.type, exported);
});

test('uses of an aliased function type are checked as function types', async () => {
  const bytes = await parse(`(component
    (import "i" (instance $i
      (type $f (func (param "x" u32)))
      (export "f-ty" (type (eq $f)))))
    (alias export $i "f-ty" (type $g))
    (import "g" (instance (type $g))))`);
  assert.throws(() => validate(bytes), (e: unknown) => e instanceof ValidationError && e.reason.includes('is not an instance type'));
  // Satisfying such an import: the argument's type export must be `eq` to a matching function type.
  const inner = `(component $C
      (import "i" (instance (type $f (func (param "x" u32))) (export "f-ty" (type (eq $f))))))`;
  const good = await parse(`(component ${inner}
    (type $h (func (param "x" u32)))
    (instance $a (export "f-ty" (type $h)))
    (instance (instantiate $C (with "i" (instance $a)))))`);
  validate(good);
  const bad = await parse(`(component ${inner}
    (type $h (func (param "y" u32)))
    (instance $a (export "f-ty" (type $h)))
    (instance (instantiate $C (with "i" (instance $a)))))`);
  assert.throws(() => validate(bad), (e: unknown) => e instanceof ValidationError && e.reason.includes('expected parameter named `x`, found `y`'));
});
