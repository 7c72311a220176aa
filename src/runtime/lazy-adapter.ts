// Adapters made on first call (issue 16): compiling a component plans every canon lift/lower (cheap, and where every
// link and type error is found) but generates or prepares an adapter only when a function is first called, so compile
// time grows with what is called rather than with what is declared. Once made, an adapter's factory is kept for the
// compiled component: instances created after that get the adapter itself, with no stub in between.
import type { AdapterFn, CompiledAdapter } from './adapter-env.js';

/**
 * A stub for `env` that makes the adapter on its first call and then forwards to it. Arity-specialised up to four
 * arguments (no rest array or spread on the forwarding call); `length` is the adapter's arity, as for the adapter.
 */
function stubFor<Env>(make: () => CompiledAdapter<Env>, env: Env, arity: number): AdapterFn {
  let f: AdapterFn | undefined;
  const first = (): AdapterFn => (f = make().create(env));
  switch (arity) {
    case 0: return function () { return (f ?? first())(); };
    case 1: return function (a) { return (f ?? first())(a); };
    case 2: return function (a, b) { return (f ?? first())(a, b); };
    case 3: return function (a, b, c) { return (f ?? first())(a, b, c); };
    case 4: return function (a, b, c, d) { return (f ?? first())(a, b, c, d); };
    default: return function (...args: unknown[]) { return (f ?? first())(...args); };
  }
}

/**
 * The factory the linker calls per instance, for an adapter made by `make` (codegen or interp) on first use. `arity`
 * is the number of arguments the adapter takes (the function's parameters for a lift, core parameters for a lower).
 */
export function lazyAdapter<Env>(make: () => CompiledAdapter<Env>, arity: number): (env: Env) => AdapterFn {
  let made: CompiledAdapter<Env> | undefined;
  const once = (): CompiledAdapter<Env> => (made ??= make());
  return (env) => (made !== undefined ? made.create(env) : stubFor(once, env, arity));
}
