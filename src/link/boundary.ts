// Component boundaries (issue 10, point 3): a trap or exception in a callee component must never unwind into the
// calling component's core code, where a `try_table (catch_all …)` (or a legacy `catch_all`) would catch it. A JS
// exception thrown into wasm is catchable; only a wasm trap is not. So a core function that calls another component
// (a canon lower of a lifted function, fused or not) is wrapped: a JS wrapper that never throws records the error
// and raises a flag, and a tiny wasm trampoline checks the flag after the call and executes `unreachable`, a trap
// no core handler catches. The caller's adapter then reports the recorded error (glue `fail`, `takeBoundary`).
import { pendBoundary, type InstanceState } from '../runtime/glue/index.js';
import { MODULE_HEADER, funcType, leb, name, section, sigTypes } from '../runtime/wasm-bytes.js';

/** Lifted functions (adapters of canon lift, any instance): calls into them cross a component boundary. */
const LIFTED = new WeakSet<object>();

export function markLifted(f: object): void {
  LIFTED.add(f);
}

export function isLifted(f: unknown): boolean {
  return typeof f === 'function' && LIFTED.has(f);
}

/**
 * The trampoline module for a signature: imports `k.f` (the wrapper) and `k.g` (the flag, a mutable i32 global);
 * exports `f`, which calls `k.f` and traps (`unreachable`) when the flag is set, clearing it first.
 */
function trampolineBytes(sig: string): Uint8Array {
  const { params, results } = sigTypes(sig);
  const type = funcType(params, results);
  const body: number[] = [0x00]; // no locals
  for (let i = 0; i < params.length; i++) body.push(0x20, ...leb(i)); // local.get i
  body.push(0x10, 0x00); // call 0 (the wrapper)
  body.push(0x23, 0x00, 0x04, 0x40); // global.get 0; if (empty block type)
  body.push(0x41, 0x00, 0x24, 0x00, 0x00); // i32.const 0; global.set 0; unreachable
  body.push(0x0b, 0x0b); // end if; end func
  return new Uint8Array([
    ...MODULE_HEADER,
    ...section(1, [1, ...type]),
    ...section(2, [2, ...name('k'), ...name('f'), 0x00, 0x00, ...name('k'), ...name('g'), 0x03, 0x7f, 0x01]),
    ...section(3, [1, 0x00]),
    ...section(7, [1, ...name('f'), 0x00, 0x01]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

const MODULES = new Map<string, WebAssembly.Module>();

function trampoline(sig: string): WebAssembly.Module {
  let m = MODULES.get(sig);
  if (m === undefined) {
    m = new WebAssembly.Module(trampolineBytes(sig) as Uint8Array<ArrayBuffer>);
    MODULES.set(sig, m);
  }
  return m;
}

type CoreFn = (...a: unknown[]) => unknown;

/** The JS side: calls `f`, and on any exception records it for `st` (the caller) and raises the flag. */
function guard(f: CoreFn, n: number, zero: unknown, st: InstanceState, g: WebAssembly.Global): CoreFn {
  const failed = (e: unknown): unknown => {
    pendBoundary(st, e);
    g.value = 1;
    return zero;
  };
  switch (n) {
    case 0: return () => { try { return f(); } catch (e) { return failed(e); } };
    case 1: return (a) => { try { return f(a); } catch (e) { return failed(e); } };
    case 2: return (a, b) => { try { return f(a, b); } catch (e) { return failed(e); } };
    case 3: return (a, b, c) => { try { return f(a, b, c); } catch (e) { return failed(e); } };
    default: return (...a) => { try { return f(...a); } catch (e) { return failed(e); } };
  }
}

/**
 * `f` (a core function the caller instance `st` imports, calling into another component) behind the boundary: an
 * exception out of `f` becomes a trap in the caller's core code.
 */
export function behindBoundary(f: CoreFn, sig: string, st: InstanceState): CoreFn {
  const [ps, rs] = sig.split(':') as [string, string];
  const zero = rs === '' ? undefined : rs === 'I' ? 0n : 0;
  const g = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
  const inst = new WebAssembly.Instance(trampoline(sig), { k: { f: guard(f, ps.length, zero, st, g), g } });
  return inst.exports.f as CoreFn;
}
