// pack_flags_into_int for JS objects (abi/checks.ts packFlags, which every mode calls): the one definition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packFlags } from '../../src/abi/checks.js';

test('flags: true sets, false/absent clears; other values, unknown keys and non-objects are errors', () => {
  const keys = ['read', 'write', 'toString'];
  assert.equal(packFlags({}, keys), 0, 'a flag named like an Object.prototype member is not set by a plain {}');
  assert.equal(packFlags({ toString: true, read: true }, keys), 0b101);
  assert.equal(packFlags({ read: false, write: true }, keys), 0b010);
  assert.throws(() => packFlags({ read: 'no' }, keys), { name: 'TypeError', message: '.read: expected a boolean for a flag, got string "no"' });
  assert.throws(() => packFlags({ read: 1 }, keys), TypeError);
  assert.throws(() => packFlags({ exec: true }, keys), { name: 'RangeError', message: 'unknown flag "exec" (the flags are "read", "write", "toString")' });
  assert.throws(() => packFlags([], keys), TypeError);
  assert.throws(() => packFlags(new Uint8Array(2), keys), TypeError);
  assert.throws(() => packFlags(undefined, keys), TypeError);
  assert.equal(packFlags(undefined, keys, true), 0, 'lenient (a host import\'s return): undefined is no flags');
  assert.equal(packFlags(null, keys, true), 0);
  assert.throws(() => packFlags('read', keys, true), TypeError, 'leniency covers only undefined and null');
  const bits = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`f${i}`, true]));
  assert.equal(packFlags(bits, Object.keys(bits)), 0xffffffff, 'all 32 flags: unsigned');
});
