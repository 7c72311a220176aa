// Fixtures for the tools tests: a WIT world with every value type and resources on both sides (for `.d.ts`
// type-checking), and a small runnable component built from WIT + core text (for run-time shapes and `kumiki call`).
import { witComponent } from '../support/build.js';

export const ALL_WIT = `package test:all@0.1.0;

/// Shared types.
interface types {
  /// A point.
  record point {
    /// Horizontal.
    x: s32,
    y-coord: f64,
  }
  enum color { red, dark-green }
  flags perms { read, write-all }
  variant shape {
    /// A round one.
    circle(f32),
    square(point),
    empty,
  }
  type bytes = list<u8>;
  /// A counter resource.
  resource counter {
    /// Makes one.
    constructor(start: u64);
    /// Current value.
    get: func() -> u64;
    bump: func(by: u32);
    make: static func(start: u64) -> counter;
  }
}

interface api {
  use types.{point, color, perms, shape, counter, bytes};
  /// Adds numbers.
  add: func(a: u32, b: u32) -> u32;
  all: func(b: bool, i8: s8, i16: u16, %in: s64, f: f32, c: char, s: string) -> tuple<bool, u64>;
  lists: func(a: bytes, b: list<s64>, c: list<f64>, d: list<string>, e: list<point>) -> list<u32>;
  opts: func(a: option<u32>, b: option<option<string>>) -> option<point>;
  res: func(r: result<u32, string>) -> result<string, color>;
  nothing: func() -> result;
  shapes: func(s: shape, p: perms, c: color) -> shape;
  count: func(c: borrow<counter>) -> u64;
  take: func(c: counter);
}

/// Blob storage.
interface store {
  /// Bytes held by the component.
  resource blob {
    constructor(init: list<u8>);
    read: func(n: u32) -> list<u8>;
    merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;
  }
}

interface host {
  log: func(msg: string);
  resource logger {
    constructor(name: string);
    write: func(msg: string) -> result<_, string>;
  }
}

world all {
  import host;
  import now: func() -> u64;
  export api;
  export store;
  /// Says hello.
  export greet: func(name: string) -> string;
}
`;

export const SHAPES_WIT = `package test:shapes;

interface api {
  record point { x: s32, y-coord: s32 }
  enum color { red, dark-green }
  flags perms { read, write-all }
  variant shape { circle(u32), empty }
  big: func(x: u64) -> u64;
  color-of: func(i: u32) -> color;
  perms-of: func() -> perms;
  point-of: func() -> point;
  shape-of: func(i: u32) -> shape;
  maybe: func(i: u32) -> option<u32>;
  check: func(i: u32) -> result<u32, color>;
  nested: func(i: u32) -> option<option<u32>>;
}

world shapes {
  export api;
  export greet-count: func(n: u32) -> u32;
}
`;

/** Results that do not fit one flat value come back through memory: static data at fixed addresses. */
const SHAPES_CORE = `(module
  (memory (export "memory") 1)
  (data (i32.const 16) "\\ff\\ff\\ff\\ff\\07\\00\\00\\00")
  (data (i32.const 32) "\\00\\00\\00\\00\\05\\00\\00\\00\\01\\00\\00\\00\\00\\00\\00\\00")
  (data (i32.const 48) "\\00\\00\\00\\00\\00\\00\\00\\00\\01\\00\\00\\00\\09\\00\\00\\00\\01\\00\\00\\00\\01\\00\\00\\00")
  (func (export "test:shapes/api#big") (param i64) (result i64) local.get 0)
  (func (export "test:shapes/api#color-of") (param i32) (result i32) local.get 0)
  (func (export "test:shapes/api#perms-of") (result i32) i32.const 2)
  (func (export "test:shapes/api#point-of") (result i32) i32.const 16)
  (func (export "test:shapes/api#shape-of") (param i32) (result i32)
    (select (i32.const 40) (i32.const 32) (local.get 0)))
  (func (export "test:shapes/api#maybe") (param i32) (result i32)
    (select (i32.const 56) (i32.const 48) (local.get 0)))
  (func (export "test:shapes/api#check") (param i32) (result i32)
    (select (i32.const 64) (i32.const 48) (local.get 0)))
  ;; option<option<u32>>: outer disc at 0, inner disc at 4, payload at 8 (12 bytes): none, some(none), some(some(9))
  (data (i32.const 72) "\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\01\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\00\\01\\00\\00\\00\\01\\00\\00\\00\\09\\00\\00\\00")
  (func (export "test:shapes/api#nested") (param i32) (result i32)
    (i32.add (i32.const 72) (i32.mul (local.get 0) (i32.const 12))))
  (func (export "greet-count") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
)`;

export function shapesComponent(): Promise<Uint8Array> {
  return witComponent(SHAPES_WIT, 'shapes', SHAPES_CORE);
}

/** A component that needs a host import, for `kumiki call`'s missing-imports error. */
export function needsImportsComponent(): Promise<Uint8Array> {
  return witComponent('package test:needs;\nworld needs {\n  import log: func(x: u32);\n  export run: func();\n}\n', 'needs',
    '(module (import "$root" "log" (func $log (param i32))) (func (export "run") (call $log (i32.const 1))))');
}

export const LISTS_WIT = `package test:lists;

world lists {
  record pair { name: string, n: u64 }
  export first: func(xs: list<u64>) -> u64;
  export count: func(xs: list<f32>) -> u32;
  export echo: func(s: string) -> string;
  export name-of: func(p: pair) -> string;
}
`;

/** Lists and strings arrive in memory through a bump allocator (`cabi_realloc`). */
const LISTS_CORE = `(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
    (global.set $next (i32.add (local.get $p) (local.get 3)))
    ;; a realloc keeps the old contents (the runtime grows a string buffer after encoding its ASCII prefix)
    (if (local.get 0) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
    (local.get $p))
  (func (export "first") (param i32 i32) (result i64) (i64.load (local.get 0)))
  (func (export "count") (param i32 i32) (result i32) (local.get 1))
  (func (export "echo") (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8))
  ;; pair flattens to (name.ptr, name.len, n): the name comes back as it went in
  (func (export "name-of") (param i32 i32 i64) (result i32)
    (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8))
)`;

export function listsComponent(): Promise<Uint8Array> {
  return witComponent(LISTS_WIT, 'lists', LISTS_CORE);
}
