// A host method whose `self` is the call's one borrow (lent directly, no list of loans: codegen/adapter.ts) and whose
// other argument is lifted by a shared per-type function (a variant of records, past the inline budget): the value
// arrives whole, the loan ends with the call, and the guest can drop its borrow, in codegen and interp.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Component } from '../../src/index.js';
import { witComponent } from '../support/build.js';

await Component.loadInterpreter();

const WIT = `package kumiki:bs;
interface host {
  record v4 { port: u16, address: tuple<u8, u8, u8, u8> }
  record v6 { port: u16, flow: u32, address: tuple<u16, u16, u16, u16, u16, u16, u16, u16>, scope: u32 }
  variant addr { ipv4(v4), ipv6(v6) }
  resource sock {
    connect: func(to: addr) -> u32;
  }
}
interface api {
  use host.{sock};
  dial: func(s: borrow<sock>, six: bool) -> u32;
}
world bs {
  import host;
  export api;
}`;

const CORE = `(module
  (import "kumiki:bs/host" "[method]sock.connect" (func $connect (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "kumiki:bs/host" "[resource-drop]sock" (func $drop (param i32)))
  (memory (export "memory") 1)
  (func (export "kumiki:bs/api#dial") (param $s i32) (param $six i32) (result i32) (local $r i32)
    (if (local.get $six)
      (then (local.set $r (call $connect (local.get $s) (i32.const 1) (i32.const 443) (i32.const 7) (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9))))
      (else (local.set $r (call $connect (local.get $s) (i32.const 0) (i32.const 80) (i32.const 127) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))))
    (call $drop (local.get $s))
    (local.get $r)))`;

describe('a host method with a borrowed self and a variant argument lifted by a shared function', () => {
  for (const mode of ['codegen', 'interp'] as const) {
    it(`the argument arrives whole and the loan ends with the call (${mode})`, async () => {
      const seen: unknown[] = [];
      class Sock {
        connect(to: unknown): number { seen.push(to); return seen.length; }
      }
      const c = await Component.compile(await witComponent(WIT, 'bs', CORE), { mode });
      const api = c.instantiate({ 'kumiki:bs/host': { Sock } }).exports.api as unknown as { dial(s: unknown, six: boolean): number };
      const s = new Sock();
      assert.equal(api.dial(s, false), 1);
      assert.equal(api.dial(s, true), 2);
      assert.equal(api.dial(s, false), 3, 'the borrow was released: the guest could drop it and lend it again');
      assert.deepEqual(seen[0], { tag: 'ipv4', val: { port: 80, address: [127, 0, 0, 1] } });
      assert.deepEqual(seen[1], { tag: 'ipv6', val: { port: 443, flow: 7, address: [1, 2, 3, 4, 5, 6, 7, 8], scope: 9 } });
      assert.throws(() => api.dial({}, false), TypeError);
    });
  }
});
