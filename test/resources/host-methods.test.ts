// A host resource's method called by the guest on a borrow it was lent (issue 16: the adapters call the host class's
// method on `self` directly rather than through the shared wrapper link/linking.ts makes): the method is looked up
// per call as jco does (instance overrides and subclasses win, a getter runs once per call), a missing method is the
// wrapper's TypeError, a callee the host gave itself is called as given, and the borrow entries it reuses leave the
// table as they found it. Codegen, interp and AOT must agree on every value and message.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { hostImports } from './fixture.js';
import { outcome, resModes, type Make as MakeOf } from './modes.js';

type Api = Record<string, (...a: unknown[]) => unknown>;
type BlobClass = new (n: number) => { n: number; size(): number };
type Make = MakeOf<Api>;

describe('host resource methods called on a lent borrow', () => {
  const modes: [string, Make][] = [];

  before(async () => { modes.push(...await resModes<Api>()); });

  /** Every mode's outcomes of `run` over a fresh instance with the fixture's host (`edit` may change it). */
  function each(run: (api: Api, Blob: BlobClass) => unknown[], edit?: (host: Record<string, unknown>, Blob: BlobClass) => void): Map<string, unknown[]> {
    const out = new Map<string, unknown[]>();
    for (const [name, make] of modes) {
      const imports = hostImports({ disposed: 0 });
      const host = imports['kumiki:res/host'] as Record<string, unknown>;
      const Blob = host.Blob as BlobClass;
      edit?.(host, Blob);
      out.set(name, run(make(imports), Blob));
    }
    return out;
  }

  function agree(got: Map<string, unknown[]>, expected: unknown[]): void {
    for (const [mode, v] of got) assert.deepStrictEqual(v, expected, mode);
  }

  it('calls the method each object has now: an own override, a subclass\'s, a getter\'s function (run once a call)', () => {
    agree(each((api, Blob) => {
      const plain = new Blob(4);
      const own = new Blob(4);
      (own as { size: () => number }).size = () => 40;
      class Big extends Blob { override size(): number { return this.n * 100; } }
      let gets = 0;
      const viaGetter = new Blob(4);
      Object.defineProperty(viaGetter, 'size', { get: () => { gets++; return () => 7; } });
      const r: unknown[] = [];
      // Warm, then switch objects under the same call site: each call looks the method up again.
      for (let i = 0; i < 200; i++) r[0] = api.blobSize!(plain);
      r.push(api.blobSize!(own), api.blobSize!(new Big(4)), api.blobSize!(viaGetter), gets, api.blobSize!(plain));
      return r;
    }), [4, 40, 400, 7, 1, 4]);
  });

  it('a member that is not a function is the wrapper\'s error (a trap: the guest was running) in every mode', () => {
    const got = each((api, Blob) => {
      const noFn = new Blob(1);
      Object.defineProperty(noFn, 'size', { value: 3 });
      const r = [api.blobSize!(new Blob(2))];
      r.push(outcome(() => api.blobSize!(noFn)));
      return r;
    });
    const first = [...got.values()][0]!;
    assert.match(String(first[1]), /^Trap: .*blob-size: \[method\]blob\.size: the host object has no method 'size'$/);
    agree(got, first);
  });

  it('a method the host gives as a function of its own (`[method]blob.size`) is called as given, with the object', () => {
    const seen: unknown[] = [];
    agree(each((api, Blob) => [api.blobSize!(new Blob(6)), api.blobSizePlus!(new Blob(6), 1)], (host) => {
      host['[method]blob.size'] = (self: { n: number }) => { seen.push(self.n); return self.n + 1000; };
    }), [1006, 1007]);
    assert.deepStrictEqual(seen, [6, 6, 6, 6, 6, 6]);
  });

  it('borrows lent call after call reuse one table slot and leave none behind', () => {
    agree(each((api, Blob) => {
      const b = new Blob(3);
      const first = api.probe!(b);
      for (let i = 0; i < 100; i++) api.blobSize!(b);
      // A borrow, then an owned handle and a borrow in one call, then the slot again.
      return [first, api.blobSizePlus!(b, 2), api.takeBlob!(new Blob(8)), api.probe!(b) === first];
    }), [1, 5, 8, true]);
  });
});
