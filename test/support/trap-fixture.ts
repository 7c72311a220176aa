// A component whose exports misbehave on purpose (unreachable, a lone surrogate as char, a string out of bounds,
// reentrance through a host callback): shared by the JIT and transpiled error tests.
import { LIBC } from './build.js';

export const TRAP_WIT = `package kumiki:traps;
interface api {
  boom: func(x: u32) -> u32;
  bad-char: func() -> char;
  bad-string: func() -> string;
  reenter: func();
  ok: func() -> u32;
}
interface host { call-back: func(); }
world traps { import host; export api; }`;

export const TRAP_CORE = `(module
  (import "kumiki:traps/host" "call-back" (func $cb))
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")').replace('(func (export "reset1") (param i32) (call $reset))', '')}
  (func (export "kumiki:traps/api#boom") (param i32) (result i32) (if (local.get 0) (then unreachable)) (i32.const 1))
  (func (export "kumiki:traps/api#bad-char") (result i32) (i32.const 0xD800))
  (func (export "kumiki:traps/api#bad-string") (result i32)
    (i32.store (i32.const 8) (i32.const 0x7fff0000)) (i32.store (i32.const 12) (i32.const 10)) (i32.const 8))
  (func (export "kumiki:traps/api#reenter") (call $cb))
  (func (export "kumiki:traps/api#ok") (result i32) (i32.const 42))
)`;
