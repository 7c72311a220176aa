// Linking the async ops of a program description (program/desc.ts): async lifts and lowers composed of
// their synchronous halves' adapters (whatever the mode made them: generated, interpreted or transpiled), task.return,
// and the other built-ins (runtime/async). Called by link/link.ts.
import type { BorrowScope } from '../runtime/instance-state.js';
import type { InstanceState, MemView, ReallocFn } from '../runtime/glue/index.js';
import type { HandleTable, ResourceResolver } from '../runtime/resources.js';
import type { AdapterFn, LinkAdapter, LiftedEnv } from '../runtime/adapter-env.js';
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

/** A step for one async op; `view` gives the memory view adapters share per memory. */
export function asyncStep(op: AsyncOp, adapters: readonly LinkAdapter[], view: (x: AsyncCtx, mem: unknown) => MemView): (x: AsyncCtx) => void {
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
        const callback = op.callback === undefined ? undefined : x.coreFuncs[op.callback] as (c: number, i: number, p: number) => number;
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, core: x.coreFuncs[op.core] as Fn,
          opts: { fnAsync: op.fnAsync, async: true, callback }, throwsResult: op.throwsResult === true,
          // Borrows lowered into the arguments belong to the task (checked at its task.return), not to the instance.
          lowerArgs: (args: readonly unknown[], borrows: BorrowScope): unknown[] => {
            x.st.bs = borrows;
            try { lowerArgs(...args); } finally { x.st.bs = undefined; }
            const c = captured; captured = NONE; return c;
          },
        };
        x.funcs.push(((...args: unknown[]) => liftAsync(e, args)) as AdapterFn);
      };
    }
    case 'lower-async': {
      const adapter = adapters[op.a]!;
      const resAdapter = op.res === undefined ? undefined : adapters[op.res]!;
      return (x) => {
        const caller = { m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res };
        let captured: unknown[] = [];
        const liftArgs = adapter.create({ ...caller, callee: ((...args: unknown[]) => { captured = args; }) as Fn });
        let value: unknown;
        let thrown = false;
        const store = resAdapter?.create({ ...caller, callee: (() => { if (thrown) throw value; return value; }) as Fn });
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, callee: x.funcs[op.func] as Fn,
          liftArgs: (flat: readonly unknown[]): unknown[] => { liftArgs(...flat); const c = captured; captured = []; return c; },
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
