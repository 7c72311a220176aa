// Adapters made on first call (issue 16): compiling a component plans every canon lift/lower (cheap, and where every
// link and type error is found) but generates or prepares an adapter only when a function is first called, so compile
// time grows with what is called rather than with what is declared. Once made, an adapter's factory is kept for the
// compiled component: instances created after that get the adapter itself, with no stub in between.
//
// An instance made before the first call holds a stub that makes the adapter, then forwards to it. In codegen mode
// (eval allowed) each adapter's stub can be its own function literal (all of a component's generated in one
// `new Function`): the engine then keeps one call target per stub and inlines the adapter into it, so forwarding
// costs nothing measurable. Otherwise stubs share a literal per arity, whose call site sees many targets once many
// functions are called (a few ns a call). entries/component.ts picks which, by the number of adapters.
import type { AdapterFn, CompiledAdapter } from '../runtime/adapter-env.js';

/** Makes a stub: `first` makes the adapter on the stub's first call. */
export type StubMaker = (first: () => AdapterFn) => AdapterFn;

/** Stubs shared by every adapter of an arity (no eval): arity-specialised up to four arguments, no rest array. */
function sharedStub(arity: number): StubMaker {
  switch (arity) {
    case 0: return (first) => { let f: AdapterFn | undefined; return function () { return (f ??= first())(); }; };
    case 1: return (first) => { let f: AdapterFn | undefined; return function (a) { return (f ??= first())(a); }; };
    case 2: return (first) => { let f: AdapterFn | undefined; return function (a, b) { return (f ??= first())(a, b); }; };
    case 3: return (first) => { let f: AdapterFn | undefined; return function (a, b, c) { return (f ??= first())(a, b, c); }; };
    case 4: return (first) => { let f: AdapterFn | undefined; return function (a, b, c, d) { return (f ??= first())(a, b, c, d); }; };
    default: return (first) => { let f: AdapterFn | undefined; return function (...args: unknown[]) { return (f ??= first())(...args); }; };
  }
}

let batches = 0;
/**
 * A stub maker per adapter (`arities[i]`: its argument count), each stub its own function literal, from one
 * `new Function` (callers check that eval is allowed): one `switch` picks the literal, so the engine compiles that
 * function once and each stub only when first called. A comment numbers the batch so the engine's eval cache never hands two components the same
 * stubs (whose call sites would then see both components' adapters).
 */
export function generatedStubs(arities: readonly number[]): StubMaker[] {
  const one = (n: number, i: number): string => {
    const ps = Array.from({ length: n }, (_, k) => `a${k}`).join(', ');
    return `case ${i}: return function (${ps}) { return (f ??= first())(${ps}); };`;
  };
  const make = new Function(`/* kumiki adapter stubs #${batches++} */ return function (i, first) { let f; switch (i) {\n${arities.map(one).join('\n')}\n} };`)() as (i: number, first: () => AdapterFn) => AdapterFn;
  return arities.map((_n, i) => (first) => make(i, first));
}

/**
 * The factory the linker calls per instance, for an adapter made by `make` (codegen or interp) on first use. `stub`
 * makes the forwarding function (generatedStubs, or per arity without eval: `arity` is the number of arguments the
 * adapter takes, the function's parameters for a lift, core parameters for a lower).
 */
export function lazyAdapter<Env>(make: () => CompiledAdapter<Env>, arity: number, stub: StubMaker = sharedStub(arity)): (env: Env) => AdapterFn {
  let made: CompiledAdapter<Env> | undefined;
  return (env) => (made !== undefined ? made.create(env) : stub(() => (made ??= make()).create(env)));
}
