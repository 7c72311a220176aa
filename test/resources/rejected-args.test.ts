// A call whose arguments are lowered left to right and rejected part-way (a TypeError/RangeError for a later
// argument) never happened (CanonicalABI.md "canon lift": the callee is not entered): handles already lowered for
// earlier arguments are taken back out of the guest's table (no borrow or own left behind), an owned JS object moved
// in keeps owning its handle, and the instance stays usable with a clean table.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { hostImports, resComponent } from './fixture.js';

await Component.loadInterpreter();

type Api = Record<string, any>;
interface Engine { api: Api; log: { disposed: number }; Blob: new (n: number) => { n: number } }

describe('handles lowered before a rejected argument', () => {
  let bytes: Uint8Array;
  before(async () => { bytes = await resComponent(); });

  for (const mode of ['codegen', 'interp'] as const) {
    const instantiate = (): Engine => {
      const log = { disposed: 0 };
      const imports = hostImports(log);
      const api = new Component(bytes, { mode }).instantiate(imports).exports.api as unknown as Api;
      return { api, log, Blob: (imports['kumiki:res/host'] as { Blob: Engine['Blob'] }).Blob };
    };

    it(`a borrow lent for an earlier argument leaves the table (${mode})`, () => {
      const { api, Blob } = instantiate();
      const b = new Blob(4);
      const clean = api.probe(b);
      assert.throws(() => api.blobSizePlus(b, -1), (e: unknown) => e instanceof RangeError && /blob-size-plus\(n\)/.test((e as Error).message));
      assert.throws(() => api.blobSizePlus(b, 'x'), TypeError);
      assert.equal(api.probe(b), clean, 'the next loan gets the same handle index: no borrow was left in the table');
      assert.equal(api.blobSizePlus(b, 1), 5, 'the instance stays usable');
    });

    it(`a host object moved in as own for an earlier argument is taken back (${mode})`, () => {
      const { api, Blob, log } = instantiate();
      const b = new Blob(4);
      const clean = api.probe(new Blob(1));
      assert.throws(() => api.takeBlobPlus(b, 2 ** 32), RangeError);
      assert.equal(log.disposed, 0, 'not dropped');
      assert.equal(api.probe(new Blob(1)), clean, 'no own handle was left in the table');
      assert.equal(api.takeBlobPlus(b, 1), 5, 'the object can still be passed as own');
      assert.equal(log.disposed, 1, 'and the guest dropped it then');
    });

    it(`a guest object moved in as own for an earlier argument still owns its handle (${mode})`, () => {
      const { api, Blob } = instantiate();
      const c = new api.Counter(7);
      const clean = api.probe(new Blob(1));
      assert.throws(() => api.consumePlus(c, null), TypeError);
      assert.equal(c.get(), 7, 'the JS object still owns its handle: the call did not happen');
      assert.equal(api.dtors(), 0, 'nothing was destroyed');
      assert.equal(api.probe(new Blob(1)), clean, 'no own handle was left in the table');
      assert.equal(api.consumePlus(c, 1), 8);
      assert.equal(api.dtors(), 1);
      assert.throws(() => c.get(), /dropped or moved/, 'moved once the call happened');
    });
  }
});
