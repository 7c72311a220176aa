// Host conventions (issue 11, README "Values at the boundary"): values a host import RETURNS are taken as jco takes
// them (`undefined`/`null` flags mean none set); arguments of JS callers stay strict. Every mode the same.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { compileAot } from '../fused/aot.js';
import { buildPair, TYPE_CASES } from './fixture.js';

await Component.loadInterpreter();

type Api = Record<string, (x: unknown) => unknown>;
const NONE = { read: false, write: false, execIt: false };

describe('host conventions: lenient host returns, strict arguments', () => {
  let pair: { caller: Uint8Array; callee: Uint8Array };
  before(async () => { pair = await buildPair('utf8', 'utf8'); });

  for (const mode of ['codegen', 'interp', 'aot'] as const) {
    it(`undefined/null flags returned by a host import are empty flags (${mode})`, async () => {
      let ret: unknown;
      let thrown: unknown;
      const host = { hostPerms: () => ret, hostRes: () => { throw thrown; } };
      // Every declared member must be an own property (link checks): the others echo their argument.
      const echo = Object.fromEntries(TYPE_CASES.map((c) => [`host${c.name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`, (x: unknown) => x]));
      const imports = { 'kumiki:modes/host': { ...echo, ...host } };
      const make = async (bytes: Uint8Array) => (mode === 'aot'
        ? await compileAot(bytes, { fuse: false, features: [] })
        : { instantiate: (i: Record<string, unknown>) => new Component(bytes, { mode, fuse: false }).instantiate(i).exports as Record<string, unknown> });
      const callee = (await make(pair.callee)).instantiate(imports);
      const api = (await make(pair.caller)).instantiate({ 'kumiki:modes/api': callee['kumiki:modes/api'] })['kumiki:modes/api'] as Api;
      for (const v of [undefined, null]) {
        ret = v;
        assert.deepStrictEqual(api.callPerms!({ read: true }), NONE, `host returned ${v}`);
      }
      ret = { write: true };
      assert.deepStrictEqual(api.callPerms!({ read: true }), { ...NONE, write: true });
      // A result error thrown by the host: an object's `.payload`, else a thrown non-Error value is the payload.
      for (const [t, payload] of [[Object.assign(new Error('x'), { payload: 'p' }), 'p'], ['is-directory', 'is-directory']] as const) {
        thrown = t;
        assert.throws(() => api.callRes!({ tag: 'ok', val: 1 }), (e: unknown) => { assert.deepStrictEqual((e as { payload?: unknown }).payload, payload); return e instanceof Error && e.name === 'ComponentError'; });
      }
      // The same values as arguments are rejected, naming the parameter.
      assert.throws(() => api.callPerms!(undefined), { name: 'TypeError', message: 'kumiki:modes/api#call-perms(x): expected an object of booleans for flags, got undefined' });
      assert.throws(() => api.callPerms!({ read: 'yes' }), { name: 'TypeError', message: 'kumiki:modes/api#call-perms(x).read: expected a boolean for a flag, got string "yes"' });
      assert.throws(() => api.callPerms!({ reed: true }), { name: 'RangeError', message: 'kumiki:modes/api#call-perms(x): unknown flag "reed" (the flags are "read", "write", "execIt")' });
      // Lone surrogates: a RangeError naming the path, in every encoding (this pair: UTF-8).
      assert.throws(() => api.callString!('a\uD800'), { name: 'RangeError', message: 'kumiki:modes/api#call-string(x): string contains an unpaired surrogate, which a component string cannot carry' });
      assert.throws(() => api.callListString!(['ok', '\uDC00']), { name: 'RangeError', message: 'kumiki:modes/api#call-list-string(x)[1]: string contains an unpaired surrogate, which a component string cannot carry' });
      // Last: an Error without a payload is not a result error; it traps (and poisons the instance).
      thrown = new TypeError('a host bug');
      assert.throws(() => api.callRes!({ tag: 'ok', val: 1 }), { name: 'Trap' }, 'an Error without a payload is not a result error');
    });
  }
});
