// Resolved world → shared component type model (src/types).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWit, worldToComponentType, ResourceType, valTypeToString, type ExternType, type InstanceType } from '../../src/index.js';

const SRC = `package a:b@0.1.0;
interface i {
  resource r {
    constructor();
    m: func() -> u32;
  }
  record point { x: s32, y: s32 }
  g: func(a: borrow<r>, p: point) -> r;
}
interface j {
  use i.{r};
  h: func(x: r) -> option<list<r>>;
}
world w {
  import j;
  import log: func(msg: string);
  export run: async func(args: list<string>) -> result<u8, string>;
  export i;
}
`;

function instance(e: ExternType | undefined): InstanceType {
  assert.ok(e && e.kind === 'instance');
  return e.type;
}

test('worldToComponentType: imports, exports, functions and shared resources', () => {
  const { resolve, main } = parseWit(SRC);
  const world = resolve.packages[main]!.worlds.get('w')!;
  const ct = worldToComponentType(resolve, world);
  assert.deepEqual([...ct.imports.keys()], ['a:b/i@0.1.0', 'a:b/j@0.1.0', 'log']);
  assert.deepEqual([...ct.exports.keys()], ['run', 'a:b/i@0.1.0']);
  const i = instance(ct.imports.get('a:b/i@0.1.0'));
  const r = i.exports.get('r')!;
  assert.ok(r.kind === 'type' && r.bound === 'sub-resource' && r.type instanceof ResourceType);
  const res = r.type as ResourceType;
  assert.equal(res.name, 'r');
  const g = i.exports.get('g')!;
  assert.ok(g.kind === 'func');
  assert.equal(valTypeToString(g.type.params[1]!.type), 'record { x: s32, y: s32 }');
  const a = g.type.params[0]!.type;
  assert.ok(a.kind === 'borrow' && a.resource === res);
  assert.ok(g.type.result?.kind === 'own' && g.type.result.resource === res);
  const ctor = i.exports.get('[constructor]r')!;
  assert.ok(ctor.kind === 'func' && ctor.type.result?.kind === 'own' && ctor.type.result.resource === res);
  const m = i.exports.get('[method]r.m')!;
  assert.ok(m.kind === 'func' && m.type.params[0]!.name === 'self' && m.type.params[0]!.type.kind === 'borrow');
  // `use i.{r}` in j names the same resource object.
  const h = instance(ct.imports.get('a:b/j@0.1.0')).exports.get('h')!;
  assert.ok(h.kind === 'func' && h.type.params[0]!.type.kind === 'own');
  assert.equal((h.type.params[0]!.type as { resource: ResourceType }).resource, res);
  assert.equal(valTypeToString(h.type.result!), 'option<list<own<r>>>');
  const run = ct.exports.get('run')!;
  assert.ok(run.kind === 'func' && run.type.async === true);
  assert.equal(valTypeToString(run.type.result!), 'result<u8, string>');
  // The exported `i` defines its own resource, distinct from the imported one.
  const ei = instance(ct.exports.get('a:b/i@0.1.0'));
  const er = ei.exports.get('r')!;
  assert.ok(er.kind === 'type' && er.type instanceof ResourceType && er.type !== res && er.type.name === 'r');
  const eg = ei.exports.get('g')!;
  assert.ok(eg.kind === 'func' && eg.type.result?.kind === 'own' && eg.type.result.resource === er.type);
  const log = ct.imports.get('log')!;
  assert.ok(log.kind === 'func' && log.type.params[0]!.type.kind === 'string' && log.type.result === undefined);
});
