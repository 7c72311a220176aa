// Component text shared by tests of the nested-instance reentrance rule (CanonicalABI.md call_might_be_recursive).

/** A parent whose export `g` calls its child's `f` through a lowered import; `f` is also re-exported. */
export const PARENT_CALLS_CHILD = `(component
  (component $Child
    (core module $C (func (export "f")))
    (core instance $c (instantiate $C))
    (func (export "f") (canon lift (core func $c "f"))))
  (instance $child (instantiate $Child))
  (core func $f (canon lower (func $child "f")))
  (core module $O (import "" "f" (func $f)) (func (export "g") (call $f)))
  (core instance $o (instantiate $O (with "" (instance (export "f" (func $f))))))
  (func (export "g") (canon lift (core func $o "g")))
  (export "f" (func $child "f")))`;
