// Nested components with resources, as component text, shared by the JIT tests (test/resources/nested.test.ts) and
// the transpiled ones (test/aot/nested.test.ts).

/**
 * Two nested components: `Impl` defines resource `r` (its destructor counts); `User` imports Impl's instance (a type
 * import) and uses it: own moves, borrows, drop → the defining instance's destructor.
 */
export const SIBLINGS = `(component
  (component $Impl
    (core module $S
      (global $n (mut i32) (i32.const 0))
      (func (export "dtor") (param i32) (global.set $n (i32.add (global.get $n) (i32.const 1))))
      (func (export "count") (result i32) (global.get $n)))
    (core instance $s (instantiate $S))
    (alias core export $s "dtor" (core func $dtor))
    (type $r (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $r))
    (core module $M
      (import "" "new" (func $new (param i32) (result i32)))
      (func (export "make") (param i32) (result i32) (call $new (local.get 0)))
      (func (export "get") (param i32) (result i32) (local.get 0)))
    (core instance $m (instantiate $M (with "" (instance (export "new" (func $new))))))
    (export $rx "r" (type $r))
    (func (export "make") (param "v" u32) (result (own $rx)) (canon lift (core func $m "make")))
    (func (export "get") (param "x" (borrow $rx)) (result u32) (canon lift (core func $m "get")))
    (func (export "count") (result u32) (canon lift (core func $s "count")))
  )
  (component $User
    (import "impl" (instance $impl
      (export "r" (type $r (sub resource)))
      (export "make" (func (param "v" u32) (result (own $r))))
      (export "get" (func (param "x" (borrow $r)) (result u32)))))
    (alias export $impl "r" (type $r))
    (core func $make (canon lower (func $impl "make")))
    (core func $get (canon lower (func $impl "get")))
    (core func $drop (canon resource.drop $r))
    (core module $U
      (import "" "make" (func $make (param i32) (result i32)))
      (import "" "get" (func $get (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "run") (param i32) (result i32) (local $h i32) (local $v i32)
        (local.set $h (call $make (local.get 0)))
        (local.set $v (call $get (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v))
      (func (export "keep") (param i32) (result i32) (call $make (local.get 0))))
    (core instance $u (instantiate $U (with "" (instance
      (export "make" (func $make)) (export "get" (func $get)) (export "drop" (func $drop))))))
    (func (export "run") (param "v" u32) (result u32) (canon lift (core func $u "run")))
    (func (export "keep") (param "v" u32) (result u32) (canon lift (core func $u "keep")))
  )
  (instance $impl (instantiate $Impl))
  (instance $user (instantiate $User (with "impl" (instance $impl))))
  (export $rr "r" (type $impl "r"))
  (export "run" (func $user "run"))
  (export "keep" (func $user "keep"))
  (export "make" (func $impl "make") (func (param "v" u32) (result (own $rr))))
  (export "count" (func $impl "count"))
  (export "impl" (instance $impl))
)`;

/**
 * A host resource type import passed to a nested component as a type argument (`[method]blob.size` reaches it
 * through the inner component's import); with `start`, also a start function that calls the host's `hello`.
 */
export function hostTypeComponent(start = false): string {
  return `(component
  (import "blob" (type $blob (sub resource)))
  (import "[method]blob.size" (func $size (param "self" (borrow $blob)) (result u32)))
  ${start ? '(import "hello" (func $hello))' : ''}
  (component $Inner
    (import "b" (type $b (sub resource)))
    (import "size" (func $size (param "self" (borrow $b)) (result u32)))
    (core func $size-l (canon lower (func $size)))
    (core func $drop (canon resource.drop $b))
    (core module $M
      (import "" "size" (func $size (param i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (func (export "twice") (param $h i32) (result i32) (local $v i32)
        (local.set $v (i32.mul (call $size (local.get $h)) (i32.const 2)))
        (call $drop (local.get $h))
        (local.get $v)))
    (core instance $m (instantiate $M (with "" (instance (export "size" (func $size-l)) (export "drop" (func $drop))))))
    (func (export "twice") (param "x" (borrow $b)) (result u32) (canon lift (core func $m "twice")))
  )
  (instance $i (instantiate $Inner (with "b" (type $blob)) (with "size" (func $size))))
  (export "twice" (func $i "twice"))
  ${start ? '(start $hello)' : ''}
)`;
}

/** A component start function that calls the host's `hello`. */
export const START = `(component
  (import "hello" (func $hello))
  (start $hello)
)`;
