// The validator's resolved view carries one entry per definition (validate/index.ts `definitions`): the index each
// section item got in the space it added to, with its type, and a nested component section's own view. The program
// builder (program/program.ts) reads these instead of recounting index spaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco';
import { validateComponent } from '../../src/validate/index.js';
import { readComponent } from '../../src/binary/read.js';

const validated = async (text: string) => {
  const ast = readComponent(await parse(text));
  return { ast, view: validateComponent(ast).view };
};

const FIXTURE = `(component
  (import "f" (func $f (param "x" u32) (result u32)))
  (type $r (resource (rep i32)))
  (import "i" (instance $i (export "g" (func))))
  (alias export $i "g" (func $g))
  (core module $m (func (export "h") (param i32) (result i32) local.get 0))
  (core instance $mi (instantiate $m))
  (alias core export $mi "h" (core func $h))
  (func $lifted (param "x" u32) (result u32) (canon lift (core func $h)))
  (core func $lowered (canon lower (func $g)))
  (component $c (import "x" (func)))
  (export "run" (func $lifted))
  (export "r" (type $r))
)`;

test('one entry per section item, each index of each space defined exactly once, with the view\'s own types', async () => {
  const { ast, view: v } = await validated(FIXTURE);
  assert.equal(v.definitions.length, ast.sections.length);
  ast.sections.forEach((sec, i) => {
    const n = 'items' in sec ? sec.items.length : sec.kind === 'custom' ? 0 : 1;
    assert.equal(v.definitions[i]!.length, n, `section ${i} (${sec.kind})`);
  });
  const all = v.definitions.flat();
  const indices = (k: 'func' | 'instance' | 'type' | 'component' | 'coreModule' | 'coreInstance') => all.flatMap((d) => (d[k] === undefined ? [] : [d[k]!.index]));
  assert.deepEqual(indices('func'), v.funcs.map((_, i) => i));
  assert.deepEqual(indices('instance'), v.instances.map((_, i) => i));
  assert.deepEqual(indices('type'), v.types.map((_, i) => i));
  assert.deepEqual(indices('component'), v.components.map((_, i) => i));
  assert.deepEqual(indices('coreModule'), v.core.modules.map((_, i) => i));
  assert.deepEqual(all.flatMap((d) => (d.coreFunc === undefined ? [] : [d.coreFunc])), v.core.funcs.map((_, i) => i));
  for (const d of all) {
    if (d.func) assert.equal(d.func.type, v.funcs[d.func.index]);
    if (d.instance) assert.equal(d.instance.type, v.instances[d.instance.index]);
    if (d.type) assert.equal(d.type.type, v.types[d.type.index]);
    if (d.coreModule) assert.equal(d.coreModule.type, v.core.modules[d.coreModule.index]);
  }
});

test('entries name what each item defines: imports, aliases, canon, exports, nested components', async () => {
  const { ast, view: v } = await validated(FIXTURE);
  type Item = { readonly kind?: string; readonly sort?: string; readonly desc?: { readonly kind: string } };
  const at = (kind: string, pick: (item: Item) => boolean = () => true) => {
    for (const [i, sec] of ast.sections.entries()) {
      const items = ('items' in sec ? sec.items : [sec]) as readonly Item[];
      const j = sec.kind === kind ? items.findIndex(pick) : -1;
      if (j >= 0) return v.definitions[i]![j]!;
    }
    assert.fail(`no ${kind} item`);
  };
  assert.equal(at('import', (x) => x.desc?.kind === 'func').func?.index, 0);
  assert.equal(at('import', (x) => x.desc?.kind === 'instance').instance?.index, 0);
  assert.equal(at('alias', (x) => x.kind === 'instance-export').func?.index, 1);
  assert.equal(at('alias', (x) => x.kind === 'core-instance-export').coreFunc, 0);
  assert.equal(at('canon', (x) => x.kind === 'lift').func?.index, 2);
  assert.equal(at('canon', (x) => x.kind === 'lower').coreFunc, 1);
  assert.equal(at('export', (x) => x.sort === 'func').func?.index, 3);
  assert.equal(at('export', (x) => x.sort === 'type').type?.type.kind, 'resource');
  const nested = at('component').component;
  assert.equal(nested?.view, v.nested[0]);
  assert.equal(nested?.view?.definitions.flat().find((d) => d.func)?.func?.index, 0, 'a nested view has its own definitions');
});
