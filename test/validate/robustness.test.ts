// Bad input never crashes the validator: mutated component binaries either validate or throw ValidationError
// (never a TypeError/RangeError from our own code, never a hang).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '@bytecodealliance/jco';
import { ValidationError } from '../../src/errors.js';
import { validate } from '../../src/validate/index.js';

const SOURCES = [
  `(component
    (core module $m (memory (export "m") 1) (func (export "f") (param i32 i32) (result i32) i32.const 0)
      (func (export "r") (param i32 i32 i32 i32) (result i32) i32.const 0))
    (core instance $i (instantiate $m))
    (type $e (enum "a" "b"))
    (export $e2 "e" (type $e))
    (type $v (variant (case "x" u8) (case "y" string)))
    (export $v2 "v" (type $v))
    (func $f (param "s" string) (result $e2) (canon lift (core func $i "f") (memory (core memory $i "m")) (realloc (core func $i "r"))))
    (export "f" (func $f)))`,
  `(component
    (import "i" (instance $i (export "r" (type (sub resource))) (export "g" (func (result u32)))))
    (alias export $i "r" (type $r))
    (type $t (tuple (own $r) (option (list u8))))
    (component $c (import "x" (func (result u32))) (export "y" (func 0)))
    (instance $n (instantiate $c (with "x" (func $i "g"))))
    (export "n" (instance $n)))`,
];

/** A small deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

test('mutated binaries yield ValidationError or a type, nothing else', async () => {
  const next = rng(0x6b756d69);
  let rejected = 0, accepted = 0;
  for (const src of SOURCES) {
    const base = await parse(src);
    validate(base);
    for (let n = 0; n < 600; n++) {
      const bytes = base.slice();
      const edits = 1 + (next() % 3);
      for (let k = 0; k < edits; k++) {
        const at = 8 + (next() % (bytes.length - 8));
        bytes[at] = next() % 4 === 0 ? bytes[at]! ^ (1 << (next() % 8)) : next() & 0xff;
      }
      try {
        validate(bytes);
        accepted++;
      } catch (e) {
        if (!(e instanceof ValidationError)) assert.fail(`mutation ${n} threw ${e instanceof Error ? e.stack : String(e)}`);
        rejected++;
      }
    }
  }
  assert.ok(rejected > 0 && accepted + rejected === 1200);
});
