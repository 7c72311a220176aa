// `kumiki/runtime/async`: the component-model async runtime (scheduler, tasks, streams, futures, waitable sets) as
// one backend object. Only components that use async load it: `Component.compile` / `instantiate` import it
// dynamically (its own lazy chunk), and `kumiki transpile` imports it only into modules of async components.
import type { AsyncBackend } from '../link/async-backend.js';
import type { AdapterFn } from '../runtime/adapter-env.js';
import { asyncStep } from '../link/link-async.js';
import { freshContext, stackfulCore, syncLiftOfAsync, type StackfulCore } from '../runtime/async/calls.js';
import { liftAsyncHandle, lowerAsyncHandle } from '../runtime/async/values.js';
import { allowSyncCancelInSet } from '../runtime/async/task.js';
import { checkCompat, type CompatOption } from '../program/compat.js';

export type { AsyncBackend } from '../link/async-backend.js';

/** The async runtime, for `new TranspiledComponent(desc, adapters, modules, asyncRuntime)`. */
export const asyncRuntime: AsyncBackend = {
  step: asyncStep,
  lift: (fn, st, table, op, core) => {
    const f = op.ctx ? freshContext(fn, st, table) : fn;
    return (op.fnAsync ? syncLiftOfAsync(f, st, table, op.name ?? 'func', core as StackfulCore | undefined) : f) as AdapterFn;
  },
  liftCore: (core, st, table, sig, resumeOf) => stackfulCore(core as (...a: never[]) => unknown, st, table, sig, resumeOf),
  liftAsyncHandle, lowerAsyncHandle,
  withCompat: (compat) => withCompat(compat),
};

/** The async runtime with compatibility options (program/compat.ts `COMPAT_OPTIONS`): each instance it links is marked. */
function withCompat(compat: readonly CompatOption[]): AsyncBackend {
  if (!checkCompat(compat, 'compat').includes('sync-cancel-in-set')) return asyncRuntime;
  return {
    ...asyncRuntime,
    step: (op, adapters, view, fuse, entry) => {
      const s = asyncStep(op, adapters, view, fuse, entry);
      return (x) => { allowSyncCancelInSet(x.st); s(x); };
    },
  };
}
