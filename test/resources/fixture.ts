// The resources fixture: a guest resource `counter` (exported, with constructor, methods, a static function and a
// destructor that counts), a host resource `blob` (imported: constructor, method, static), and functions that move
// owned handles, lend borrows, leak a borrow, call back into the host, take a handle before a number (to reject the
// number after the handle was lowered), and report the handle index they were lent (`probe`). Built from WIT + core text through
// jco's componentEmbed/componentNew (wit-component's conventions: nested shim components with type imports).
import { witComponent } from '../support/build.js';

export const RES_WIT = `package kumiki:res;
interface host {
  resource blob {
    constructor(n: u32);
    size: func() -> u32;
    total: static func() -> u32;
  }
  callback: func();
  echo: func(b: blob) -> blob;
}
interface api {
  use host.{blob};
  resource counter {
    constructor(v: u32);
    get: func() -> u32;
    inc: func();
    make: static func(v: u32) -> counter;
  }
  consume: func(c: counter) -> u32;
  peek: func(c: borrow<counter>) -> u32;
  dtors: func() -> u32;
  use-blob: func(n: u32) -> u32;
  blob-size: func(b: borrow<blob>) -> u32;
  leak-borrow: func(b: borrow<blob>) -> u32;
  take-blob: func(b: blob) -> u32;
  make-blob: func(n: u32) -> blob;
  blob-total: func() -> u32;
  reenter: func();
  pass-through: func(b: blob) -> blob;
  bad-handle: func() -> u32;
  blob-size-plus: func(b: borrow<blob>, n: u32) -> u32;
  take-blob-plus: func(b: blob, n: u32) -> u32;
  consume-plus: func(c: counter, n: u32) -> u32;
  probe: func(b: borrow<blob>) -> u32;
}
world res {
  import host;
  export api;
}`;

const A = 'kumiki:res/api#';
export const RES_CORE = `(module
  (import "kumiki:res/host" "[constructor]blob" (func $blob-new (param i32) (result i32)))
  (import "kumiki:res/host" "[method]blob.size" (func $blob-size (param i32) (result i32)))
  (import "kumiki:res/host" "[static]blob.total" (func $blob-total (result i32)))
  (import "kumiki:res/host" "[resource-drop]blob" (func $blob-drop (param i32)))
  (import "kumiki:res/host" "callback" (func $callback))
  (import "kumiki:res/host" "echo" (func $echo (param i32) (result i32)))
  (import "[export]kumiki:res/api" "[resource-new]counter" (func $new (param i32) (result i32)))
  (import "[export]kumiki:res/api" "[resource-rep]counter" (func $rep (param i32) (result i32)))
  (import "[export]kumiki:res/api" "[resource-drop]counter" (func $drop (param i32)))
  (memory 2)
  (global $next (mut i32) (i32.const 16))
  (global $dtors (mut i32) (i32.const 0))
  (func $alloc (param $v i32) (result i32) (local $p i32)
    (local.set $p (global.get $next))
    (global.set $next (i32.add (local.get $p) (i32.const 4)))
    (i32.store (local.get $p) (local.get $v))
    (local.get $p))
  (func (export "${A}[constructor]counter") (param $v i32) (result i32) (call $new (call $alloc (local.get $v))))
  (func (export "${A}[method]counter.get") (param $self i32) (result i32) (i32.load (local.get $self)))
  (func (export "${A}[method]counter.inc") (param $self i32)
    (i32.store (local.get $self) (i32.add (i32.load (local.get $self)) (i32.const 1))))
  (func (export "${A}[static]counter.make") (param $v i32) (result i32) (call $new (call $alloc (local.get $v))))
  (func (export "${A}consume") (param $h i32) (result i32) (local $v i32)
    (local.set $v (i32.load (call $rep (local.get $h))))
    (call $drop (local.get $h))
    (local.get $v))
  (func (export "${A}peek") (param $self i32) (result i32) (i32.load (local.get $self)))
  (func (export "${A}[dtor]counter") (param $rep i32) (global.set $dtors (i32.add (global.get $dtors) (i32.const 1))))
  (func (export "${A}dtors") (result i32) (global.get $dtors))
  (func (export "${A}use-blob") (param $n i32) (result i32) (local $h i32) (local $s i32)
    (local.set $h (call $blob-new (local.get $n)))
    (local.set $s (call $blob-size (local.get $h)))
    (call $blob-drop (local.get $h))
    (local.get $s))
  (func (export "${A}blob-size") (param $b i32) (result i32) (local $s i32)
    (local.set $s (call $blob-size (local.get $b)))
    (call $blob-drop (local.get $b))
    (local.get $s))
  (func (export "${A}leak-borrow") (param $b i32) (result i32) (call $blob-size (local.get $b)))
  (func (export "${A}take-blob") (param $b i32) (result i32) (local $s i32)
    (local.set $s (call $blob-size (local.get $b)))
    (call $blob-drop (local.get $b))
    (local.get $s))
  (func (export "${A}make-blob") (param $n i32) (result i32) (call $blob-new (local.get $n)))
  (func (export "${A}blob-total") (result i32) (call $blob-total))
  (func (export "${A}reenter") (call $callback))
  (func (export "${A}pass-through") (param $b i32) (result i32) (call $echo (local.get $b)))
  (func (export "${A}bad-handle") (result i32) (call $rep (i32.const 999)))
  (func (export "${A}blob-size-plus") (param $b i32) (param $n i32) (result i32) (local $s i32)
    (local.set $s (call $blob-size (local.get $b)))
    (call $blob-drop (local.get $b))
    (i32.add (local.get $s) (local.get $n)))
  (func (export "${A}take-blob-plus") (param $b i32) (param $n i32) (result i32) (local $s i32)
    (local.set $s (call $blob-size (local.get $b)))
    (call $blob-drop (local.get $b))
    (i32.add (local.get $s) (local.get $n)))
  (func (export "${A}consume-plus") (param $h i32) (param $n i32) (result i32) (local $v i32)
    (local.set $v (i32.load (call $rep (local.get $h))))
    (call $drop (local.get $h))
    (i32.add (local.get $v) (local.get $n)))
  ;; The handle index the guest was lent (a clean table hands out the same one call after call).
  (func (export "${A}probe") (param $b i32) (result i32) (call $blob-drop (local.get $b)) (local.get $b))
)`;

export function resComponent(): Promise<Uint8Array> {
  return witComponent(RES_WIT, 'res', RES_CORE);
}

/** The host side: a `Blob` class (PascalCase, camelCase methods, as for jco) that counts disposals. */
export function hostImports(log: { disposed: number; callback?: () => void }): Record<string, unknown> {
  class Blob {
    constructor(readonly n: number) {}
    size(): number { return this.n; }
    static total(): number { return 42; }
    [Symbol.dispose](): void { log.disposed++; }
  }
  return {
    'kumiki:res/host': {
      Blob,
      callback: () => log.callback?.(),
      echo: (b: unknown) => b,
    },
  };
}

/** A resources fixture instance as the scenarios drive it: the exported interface, the host log and host class. */
export interface ResEngine { api: Record<string, any>; log: { disposed: number; callback?: () => void }; Blob: new (n: number) => { n: number } }

export const DISPOSE = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');

/** One scenario over the fixture, run against every engine (jco, kumiki modes, transpiled): results must agree. */
export function resourceScenario(e: ResEngine, keep: unknown[]): unknown[] {
  const { api, log, Blob } = e;
  const out: unknown[] = [];
  keep.push(e);
  const k = new api.Counter(5);
  out.push(k instanceof api.Counter, k.get());
  k.inc();
  out.push(k.get(), api.peek(k));
  const m = api.Counter.make(9);
  out.push(m.get(), api.consume(m), api.dtors());
  out.push(api.useBlob(7), log.disposed);
  out.push(api.blobSize(new Blob(4)), log.disposed);
  out.push(api.takeBlob(new Blob(5)), log.disposed);
  const mb = api.makeBlob(6);
  keep.push(k, m, mb);
  out.push(mb instanceof Blob, mb.n, api.blobTotal());
  const b8 = new Blob(8);
  out.push(api.passThrough(b8) === b8);
  k[DISPOSE]();
  out.push(api.dtors());
  return out;
}
