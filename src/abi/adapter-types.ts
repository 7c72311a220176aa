// What an adapter is, seen from both sides of the layers (DESIGN.md §2): the compilers (codegen/, interp/) make
// them, the linker and the entries call them. Kept free of run-time types so that compile time can name them
// without importing runtime/ (the per-instance environments they close over are runtime/adapter-env.ts).

/** An adapter as JS calls it: a lift adapter takes JS values, a lower adapter core values. */
export type AdapterFn = (...args: unknown[]) => unknown;

/** A compiled adapter: the per-instance factory, and its source where there is one (codegen; for `transpile`). */
export interface CompiledAdapter<Env> {
  readonly source?: string;
  readonly create: (env: Env) => AdapterFn;
}
