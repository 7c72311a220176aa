// A component for the host-mistake tests (issue 10, point 6): an export taking a record (a host value with getters),
// exports calling non-async host imports (which may return a Promise by mistake), a resource whose destructor traps
// (for GC-driven destruction), and a root export named `then`.
import { LIBC, witComponent } from '../support/build.js';

export const HOSTILE_WIT = `package kumiki:hostile;
interface host {
  get-num: func() -> u32;
  notify: func();
}
interface api {
  record point { x: u32, y: u32 }
  sum: func(p: point) -> u32;
  call-get: func() -> u32;
  call-notify: func();
  ok: func() -> u32;
  resource bomb { constructor(); }
}
world hostile {
  import host;
  export api;
  export then: func() -> u32;
}`;

const A = 'kumiki:hostile/api#';
export const HOSTILE_CORE = `(module
  (import "kumiki:hostile/host" "get-num" (func $get (result i32)))
  (import "kumiki:hostile/host" "notify" (func $notify))
  (import "[export]kumiki:hostile/api" "[resource-new]bomb" (func $new (param i32) (result i32)))
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")')}
  (func (export "${A}sum") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "${A}call-get") (result i32) (call $get))
  (func (export "${A}call-notify") (call $notify))
  (func (export "${A}ok") (result i32) (i32.const 42))
  (func (export "${A}[constructor]bomb") (result i32) (call $new (i32.const 7)))
  (func (export "${A}[dtor]bomb") (param i32) unreachable)
  (func (export "then") (result i32) (i32.const 1))
)`;

export function hostileComponent(): Promise<Uint8Array> {
  return witComponent(HOSTILE_WIT, 'hostile', HOSTILE_CORE);
}

export interface HostileApi {
  sum(p: unknown): number;
  callGet(): number;
  callNotify(): void;
  ok(): number;
  Bomb: new () => object;
}

/** Host imports; `getNum` / `notify` can be replaced per test. */
export function hostileImports(over: { getNum?: () => unknown; notify?: () => unknown } = {}): Record<string, unknown> {
  return { 'kumiki:hostile/host': { getNum: over.getNum ?? (() => 5), notify: over.notify ?? (() => undefined) } };
}
