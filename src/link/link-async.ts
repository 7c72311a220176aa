// Linking the async ops of a program description (program/desc.ts): async lifts and lowers composed of
// their synchronous halves' adapters (whatever the mode made them: generated, interpreted or transpiled), task.return,
// and the other built-ins (runtime/async). Called by link/link.ts.
import type { BorrowScope } from '../runtime/instance-state.js';
import type { InstanceState, MemView, ReallocFn } from '../runtime/glue/index.js';
import type { HandleTable, ResourceResolver } from '../runtime/resources.js';
import type { AdapterFn, FuseHooks, LinkAdapter, LiftedEnv } from '../runtime/adapter-env.js';
import type { FuseTag } from '../runtime/fuse-link.js';
import type { Op } from '../program/desc.js';
import { makeBuiltin, taskReturn } from '../runtime/async/builtins.js';
import { liftAsync, lowerAsync, syncCallOfAsync } from '../runtime/async/calls.js';
import { asyncInstance } from '../runtime/async/task.js';

/** The parts of an instance context the async steps read and fill. */
export interface AsyncCtx {
  readonly coreFuncs: unknown[];
  readonly memories: unknown[];
  readonly funcs: AdapterFn[];
  readonly st: InstanceState;
  readonly table: HandleTable;
  readonly res: ResourceResolver;
}

type AsyncOp = Extract<Op, { op: 'lift-async' | 'lower-async' | 'lower-sync-of-async' | 'task.return' | 'async-builtin' }>;
type Fn = (...args: never[]) => unknown;
const NONE: unknown[] = [];

/**
 * The arguments an async lower passes to an async lift of another kumiki instance when the pair fuses (DESIGN.md §1):
 * the caller's flat core arguments and the fused adapter that copies them memory to memory into the callee's flat
 * arguments when its task starts (the caller keeps them alive until then: CanonicalABI.md Subtask STARTING).
 */
class FusedArgs {
  constructor(readonly copy: AdapterFn, readonly flat: readonly unknown[]) {}
}

/** Async lifts whose argument adapter can fuse: the lifted function → that adapter (registered with the fuser). */
const fusableArgs = new WeakMap<object, AdapterFn>();

/** A step for one async op; `view` gives the memory view adapters share per memory. */
export function asyncStep(op: AsyncOp, adapters: readonly LinkAdapter[], view: (x: AsyncCtx, mem: unknown) => MemView, fuse?: FuseHooks): (x: AsyncCtx) => void {
  const mem = (x: AsyncCtx, i: number | undefined): MemView => view(x, i === undefined ? undefined : x.memories[i]);
  const ra = (x: AsyncCtx, i: number | undefined): ReallocFn | undefined => (i === undefined ? undefined : x.coreFuncs[i] as ReallocFn);
  switch (op.op) {
    case 'lift-async': {
      const adapter = adapters[op.a]!;
      return (x) => {
        let captured = NONE;
        const env: LiftedEnv = {
          core: ((...flat: unknown[]) => { captured = flat; }) as Fn, m: mem(x, op.memory), ra: ra(x, op.realloc), pr: undefined,
          st: x.st, t: x.table, res: x.res, tag: adapter.tag, fn: undefined,
        };
        const lowerArgs = adapter.create(env);
        // Fusable unless borrows cross: fused adapters count them on the instance, an async task counts its own.
        const fusable = fuse !== undefined && (adapter.tag as FuseTag | undefined)?.plan.borrowParams === false;
        if (fusable) fuse.register(lowerArgs, env);
        const callback = op.callback === undefined ? undefined : x.coreFuncs[op.callback] as (c: number, i: number, p: number) => number;
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, core: x.coreFuncs[op.core] as Fn,
          opts: { fnAsync: op.fnAsync, async: true, callback }, throwsResult: op.throwsResult === true,
          // Borrows lowered into the arguments belong to the task (checked at its task.return), not to the instance.
          lowerArgs: (args: readonly unknown[], borrows: BorrowScope): unknown[] => {
            x.st.bs = borrows;
            const fused = args.length === 1 ? args[0] : undefined;
            try {
              if (fused instanceof FusedArgs) fused.copy(...fused.flat);
              else lowerArgs(...args);
            } finally { x.st.bs = undefined; }
            const c = captured; captured = NONE; return c;
          },
        };
        const fn = ((...args: unknown[]) => liftAsync(e, args)) as AdapterFn;
        if (fusable) fusableArgs.set(fn, lowerArgs);
        x.funcs.push(fn);
      };
    }
    case 'lower-async': {
      const adapter = adapters[op.a]!;
      const resAdapter = op.res === undefined ? undefined : adapters[op.res]!;
      return (x) => {
        const caller = { m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res };
        let captured: unknown[] = [];
        const liftArgs = adapter.create({ ...caller, callee: ((...args: unknown[]) => { captured = args; }) as Fn });
        // The callee an async lift of another kumiki instance: its arguments copy memory to memory when it starts.
        const callee = x.funcs[op.func] as unknown;
        const target = fuse !== undefined && typeof callee === 'function' ? fusableArgs.get(callee) : undefined;
        const copy = target === undefined ? undefined : fuse!.tryFuse(adapter.tag, target, caller);
        let value: unknown;
        let thrown = false;
        const store = resAdapter?.create({ ...caller, callee: (() => { if (thrown) throw value; return value; }) as Fn });
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, callee: x.funcs[op.func] as Fn,
          liftArgs: copy !== undefined ? (flat: readonly unknown[]): unknown[] => [new FusedArgs(copy, flat)]
            : (flat: readonly unknown[]): unknown[] => { liftArgs(...flat); const c = captured; captured = []; return c; },
          storeResult: store === undefined ? undefined : (v: unknown, ptr: unknown, t?: boolean): void => { value = v; thrown = t === true; try { store(ptr); } finally { value = undefined; thrown = false; } },
        };
        x.coreFuncs.push((...flat: unknown[]) => lowerAsync(e, flat));
      };
    }
    case 'lower-sync-of-async': {
      const adapter = adapters[op.a]!;
      return (x) => {
        const callee = syncCallOfAsync(x.funcs[op.func] as Fn, asyncInstance(x.st, x.table), op.name);
        x.coreFuncs.push(adapter.create({ m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res, callee }));
      };
    }
    case 'task.return': {
      const adapter = adapters[op.a]!;
      return (x) => {
        x.coreFuncs.push(adapter.create({ m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res, callee: taskReturn(x.st, x.table) as Fn }));
      };
    }
    case 'async-builtin': {
      const { d, memory, realloc } = op;
      return (x) => {
        x.coreFuncs.push(makeBuiltin(d, {
          st: x.st, table: x.table, memory: memory === undefined ? undefined : x.memories[memory] as WebAssembly.Memory,
          realloc: realloc === undefined ? undefined : x.coreFuncs[realloc] as (...a: number[]) => number,
        }));
      };
    }
  }
}
