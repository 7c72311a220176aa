// The component-model async runtime (runtime/async) as the linker and the adapters reach it: injected by the entries
// (DESIGN.md §2) only into programs that use it (program/uses-async.ts), so a component without async ops or stream/future/error-context
// values neither loads nor ships the scheduler, streams, futures and waitable sets. entries/async.ts makes it.
import type { asyncStep } from './link-async.js';
import type { AdapterFn } from '../runtime/adapter-env.js';
import type { InstanceState } from '../runtime/instance-state.js';
import type { HandleTable } from '../runtime/resources.js';
import type { liftAsyncHandle, lowerAsyncHandle } from '../runtime/async/values.js';
import { UnsupportedError } from '../errors.js';
import type { CompatOption } from '../program/compat.js';

/** What linking an async program needs of the async runtime. */
export interface AsyncBackend {
  /** The step of an async op (link/link-async.ts). */
  readonly step: typeof asyncStep;
  /**
   * A synchronous lift that needs the async runtime: `ctx`, its core function uses the task context (CanonicalABI.md
   * context.get/set); `fnAsync`, an async function type lifted without `async` (a task that may block).
   */
  readonly lift: (fn: AdapterFn, st: InstanceState, table: HandleTable, op: { readonly ctx?: true; readonly fnAsync?: true; readonly name?: string }, core?: unknown) => AdapterFn;
  /**
   * For an async function type lifted without `async`: the core function the adapter calls instead of `core`
   * (then passed back to `lift`), so that it can suspend under JSPI; undefined to keep `core`.
   */
  readonly liftCore?: (core: unknown, st: InstanceState, table: HandleTable, sig: string | undefined, resumeOf: () => ((c: unknown) => unknown) | undefined) => unknown;
  /** stream / future / error-context values across the boundary (runtime/async/values.ts). */
  readonly liftAsyncHandle: typeof liftAsyncHandle;
  readonly lowerAsyncHandle: typeof lowerAsyncHandle;
  /** This runtime with compatibility options on (for components built by toolchains with known deviations). */
  readonly withCompat?: (compat: readonly CompatOption[]) => AsyncBackend;
}

/** The error for an async program linked without the async runtime; `how` says how the caller's entry loads it. */
export function noAsyncBackend(how: string): UnsupportedError {
  return new UnsupportedError(`this component uses component-model async (async lifts or lowers, task built-ins, streams, futures or error contexts), and the async runtime is loaded on demand: ${how}`);
}
