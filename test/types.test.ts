import { test } from 'node:test';
import assert from 'node:assert/strict';
import { primitive, valTypesEqual, valTypeToString, ResourceType, type ValType } from '../src/types/index.js';

test('structural equality: records by field names and types, resources by identity', () => {
  const r1: ValType = { kind: 'record', fields: [{ name: 'x', type: primitive('u32') }] };
  const r2: ValType = { kind: 'record', fields: [{ name: 'x', type: primitive('u32') }] };
  const r3: ValType = { kind: 'record', fields: [{ name: 'y', type: primitive('u32') }] };
  assert.ok(valTypesEqual(r1, r2));
  assert.ok(!valTypesEqual(r1, r3));
  const a = new ResourceType('a'), b = new ResourceType('a');
  assert.ok(valTypesEqual({ kind: 'own', resource: a }, { kind: 'own', resource: a }));
  assert.ok(!valTypesEqual({ kind: 'own', resource: a }, { kind: 'own', resource: b }));
});

test('types print in WIT syntax', () => {
  const t: ValType = { kind: 'result', ok: { kind: 'list', element: primitive('u8') }, err: primitive('string') };
  assert.equal(valTypeToString(t), 'result<list<u8>, string>');
  assert.equal(valTypeToString({ kind: 'list', element: primitive('f32'), length: 4 }), 'list<f32, 4>');
});
