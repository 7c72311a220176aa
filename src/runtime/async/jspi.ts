// JavaScript Promise Integration (JSPI, WebAssembly.Suspending / WebAssembly.promising) at the true blocking points
// only (issue 12, "Build" 3): a core instance whose code may block gets its blocking built-ins through a switch
// trampoline, and its tasks' and threads' core code runs under `promising`; nothing else pays for it. V8 refuses a
// call of a Suspending import outside `promising` or with JS frames between (even one that does not suspend), so
// the trampoline picks per call, by a flag the runtime sets when the running thread's stack is a `promising` one
// entered directly: the Suspending import there, the plain one everywhere else (a sync adapter's nested call).
import { UnsupportedError } from '../../errors.js';
import { MODULE_HEADER, funcType, leb, name, section, sigTypes } from '../wasm-bytes.js';

interface JspiApi {
  readonly Suspending: new (f: (...a: never[]) => unknown) => object;
  readonly promising: (f: unknown) => (...a: unknown[]) => Promise<unknown>;
}

const W = WebAssembly as unknown as Partial<JspiApi>;

/** The host has JSPI (Node ≥ 24.20 / V8 13.6 and current browsers have it on by default; Node 20 and 22 do not). */
export const JSPI: boolean = typeof W.Suspending === 'function' && typeof W.promising === 'function';

/** The error of a built-in that must suspend its caller's core code where the host has no JSPI. */
export function jspiNeeded(name: string, why = 'the calling task must block'): UnsupportedError {
  if (!JSPI) return new UnsupportedError(`${name}: ${why}, which needs JSPI (WebAssembly.Suspending / WebAssembly.promising) to suspend its core code; this host has none`);
  // With JSPI: the stack holds JS frames of kumiki's adapters (a synchronous lift or lower of an async function),
  // which JSPI cannot suspend.
  return new UnsupportedError(`${name}: ${why}, but its stack holds JS adapter frames (a synchronous lift or lower of an async function), which JSPI cannot suspend`);
}

/** `f` (a core export) as an async JS function whose core code may suspend. */
export function promising(f: unknown): (...a: unknown[]) => Promise<unknown> {
  return W.promising!(f);
}

/**
 * The switch module of a signature. Imports `k.n` (the built-in), `k.s` (Suspending: returns the Promise the
 * built-in left) and `k.g` (set by the built-in when it must suspend). `f` calls `n`; when `g` is set, it clears it
 * and returns what `s` gives once the Promise settles. V8 suspends at every call of a Suspending import, even one
 * that returns a plain value, so only calls that must wait go through it.
 */
function switchBytes(sig: string): Uint8Array {
  const { params, results } = sigTypes(sig);
  const type = funcType;
  const r = results.length === 1 ? results[0]! : undefined;
  const body: number[] = r === undefined ? [0x00] : [0x01, 0x01, r];
  for (let i = 0; i < params.length; i++) body.push(0x20, ...leb(i)); // local.get i
  body.push(0x10, 0x00); // call n
  if (r !== undefined) body.push(0x21, ...leb(params.length)); // local.set $r
  body.push(0x23, 0x00, 0x04, 0x40); // global.get g; if
  body.push(0x41, 0x00, 0x24, 0x00); // i32.const 0; global.set g
  body.push(0x10, 0x01, 0x0f, 0x0b); // call s; return; end
  if (r !== undefined) body.push(0x20, ...leb(params.length)); // local.get $r
  body.push(0x0b);
  return new Uint8Array([
    ...MODULE_HEADER,
    ...section(1, [2, ...type(params, results), ...type([], results)]),
    ...section(2, [3, ...name('k'), ...name('n'), 0x00, 0x00, ...name('k'), ...name('s'), 0x00, 0x01, ...name('k'), ...name('g'), 0x03, 0x7f, 0x01]),
    ...section(3, [1, 0x00]),
    ...section(7, [1, ...name('f'), 0x00, 0x02]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

const MODULES = new Map<string, WebAssembly.Module>();

type CoreFn = (...a: never[]) => unknown;

/**
 * An instance's JSPI state: `value` is 1 while one of its threads runs on a stack entered by `promising` with no
 * JS frames above (its built-ins may suspend there), else 0; `want` and `pending` carry a suspension request from
 * a built-in to its switch trampoline.
 */
export class JspiState {
  value = 0;
  readonly want = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
  pending: Promise<unknown> | undefined;
}

/**
 * `f` (a built-in that may block) as the core function an instance imports: with JSPI and a known signature, the
 * switch trampoline (a Promise from `f` suspends the calling stack until it settles); else `f` itself. `f` may
 * return a Promise only while `state.value` is 1.
 */
export function suspendable<F extends CoreFn>(f: F, sig: string | undefined, state: JspiState | undefined): F {
  if (!JSPI || sig === undefined || state === undefined || !/^[iIfF]*:[iIfF]?$/.test(sig)) return f;
  let m = MODULES.get(sig);
  if (m === undefined) {
    m = new WebAssembly.Module(switchBytes(sig) as Uint8Array<ArrayBuffer>);
    MODULES.set(sig, m);
  }
  const zero = sig.endsWith('I') ? 0n : 0;
  const n = (...a: never[]): unknown => {
    const r = f(...a);
    if (!(r instanceof Promise)) return r;
    state.pending = r;
    state.want.value = 1;
    return zero;
  };
  const s = (): unknown => {
    const p = state.pending;
    state.pending = undefined;
    return p;
  };
  const inst = new WebAssembly.Instance(m, { k: { n: n as WebAssembly.ImportValue, s: new W.Suspending!(s) as WebAssembly.ImportValue, g: state.want } });
  return inst.exports['f'] as unknown as F;
}

/** The JSPI state of an instance that has a point that may block (made on first use; undefined without JSPI). */
export function jspiFlag(a: { flag: JspiState | undefined }): JspiState | undefined {
  if (!JSPI) return undefined;
  return (a.flag ??= new JspiState());
}

/** The sink module of a signature: `f` calls the import `k.c`, hands its result to `k.r`, and returns it. */
function sinkBytes(sig: string): Uint8Array {
  const { params, results } = sigTypes(sig);
  const type = funcType;
  const r = results.length === 1 ? results[0]! : undefined;
  const body: number[] = r === undefined ? [0x00] : [0x01, 0x01, r];
  for (let i = 0; i < params.length; i++) body.push(0x20, ...leb(i));
  body.push(0x10, 0x00); // call c
  if (r !== undefined) body.push(0x22, ...leb(params.length), 0x10, 0x01, 0x20, ...leb(params.length)); // local.tee; call r; local.get
  else body.push(0x10, 0x01); // call r
  body.push(0x0b);
  return new Uint8Array([
    ...MODULE_HEADER,
    ...section(1, [2, ...type(params, results), ...type(results, [])]),
    ...section(2, [2, ...name('k'), ...name('c'), 0x00, 0x00, ...name('k'), ...name('r'), 0x00, 0x01]),
    ...section(3, [1, 0x00]),
    ...section(7, [1, ...name('f'), 0x00, 0x02]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

const SINKS = new Map<string, WebAssembly.Module>();

/**
 * `core` (a core export of signature `sig`) run under `promising`, whose result is a Promise even when nothing
 * suspended: here the result comes back at once when the code ran to its end without suspending (a sink
 * trampoline hands it over), so only a call that really suspended continues later. A trap before any suspension
 * is thrown at once too. Undefined when the signature cannot be written.
 */
export function promisingCall(core: unknown, sig: string | undefined): ((...a: unknown[]) => unknown) | undefined {
  if (!JSPI || sig === undefined || !/^[iIfF]*:[iIfF]?$/.test(sig)) return undefined;
  let m = SINKS.get(sig);
  if (m === undefined) {
    m = new WebAssembly.Module(sinkBytes(sig) as Uint8Array<ArrayBuffer>);
    SINKS.set(sig, m);
  }
  let done = false, value: unknown;
  const r = (v?: unknown): void => { done = true; value = v; };
  const inst = new WebAssembly.Instance(m, { k: { c: core as WebAssembly.ImportValue, r: r as WebAssembly.ImportValue } });
  const run = promising(inst.exports['f']);
  return (...a: unknown[]) => {
    done = false;
    const p = run(...a);
    if (!done) return p;
    done = false;
    const v = value;
    value = undefined;
    return v;
  };
}
