// Linking the async ops of a program description (program/desc.ts): async lifts and lowers composed of
// their synchronous halves' adapters (whatever the mode made them: generated, interpreted or transpiled), task.return,
// and the other built-ins (runtime/async). Called by link/link.ts.
import type { InstanceState, MemView, ReallocFn } from '../runtime/glue/index.js';
import type { BorrowScope, HandleEntry, HandleTable, ResourceResolver } from '../runtime/resources.js';
import { borrowLog } from '../runtime/resources.js';
import type { AdapterFn, LinkAdapter, LiftedEnv } from '../runtime/adapter-env.js';
import type { Op } from '../program/desc.js';
import { makeBuiltin, taskReturn } from '../runtime/async/builtins.js';
import { liftAsync, lowerAsync, suspendableLower, syncCallOfAsync } from '../runtime/async/calls.js';
import { asyncInstance } from '../runtime/async/task.js';

/** The parts of an instance context the async steps read and fill. */
export interface AsyncCtx {
  readonly coreFuncs: unknown[];
  readonly memories: unknown[];
  readonly tables: unknown[];
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
        let scope: BorrowScope = x.st;
        const log: HandleEntry[] = [];
        const env: LiftedEnv = {
          // CanonicalABI.md canon lift (async): borrows in the arguments are the task's (dropped by any of its
          // instance's code before it returns), not the argument plan's call's.
          core: ((...flat: unknown[]) => {
            captured = flat;
            if (log.length !== 0) {
              for (let i = 0; i < log.length; i++) { log[i]!.scope = scope; x.st.b--; scope.b++; }
              log.length = 0;
            }
          }) as Fn, m: mem(x, op.memory), ra: ra(x, op.realloc), pr: undefined,
          st: x.st, t: x.table, res: x.res, tag: adapter.tag, fn: undefined,
        };
        const lowerArgs = adapter.create(env);
        const callback = op.callback === undefined ? undefined : x.coreFuncs[op.callback] as (c: number, i: number, p: number) => number;
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, core: x.coreFuncs[op.core] as Fn, sig: op.sig,
          opts: { fnAsync: op.fnAsync, async: true, callback },
          lowerArgs: (args: readonly unknown[], s: BorrowScope): unknown[] => {
            const prev = borrowLog.entries;
            scope = s;
            borrowLog.entries = log;
            try {
              lowerArgs(...args);
            } finally {
              borrowLog.entries = prev;
              if (log.length !== 0) log.length = 0;
            }
            const c = captured;
            captured = NONE;
            return c;
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
        // The adapter calls `call` (set per call) inside its borrow scope: a borrow lent to the callee stays live
        // while the callee starts (drop-cross-task-borrow.wast).
        let call: (args: unknown[]) => unknown = () => undefined;
        let result: unknown;
        const liftArgs = adapter.create({ ...caller, callee: ((...args: unknown[]) => { result = call(args); }) as Fn });
        let value: unknown;
        let thrown = false;
        const store = resAdapter?.create({ ...caller, callee: (() => { if (thrown) throw value; return value; }) as Fn });
        const e = {
          inst: asyncInstance(x.st, x.table), name: op.name, callee: x.funcs[op.func] as Fn,
          liftArgs: (flat: readonly unknown[], k: (args: unknown[]) => unknown): unknown => {
            const prev = call;
            call = k;
            try { liftArgs(...flat); } finally { call = prev; }
            const r = result;
            result = undefined;
            return r;
          },
          storeResult: store === undefined ? undefined : (v: unknown, ptr: unknown, t?: boolean): void => { value = v; thrown = t === true; try { store(ptr); } finally { value = undefined; thrown = false; } },
        };
        x.coreFuncs.push((...flat: unknown[]) => lowerAsync(e, flat));
      };
    }
    case 'lower-sync-of-async': {
      const adapter = adapters[op.a]!;
      return (x) => {
        const a = asyncInstance(x.st, x.table);
        const callee = syncCallOfAsync(x.funcs[op.func] as Fn, a, op.name, op.replay === true);
        const core = adapter.create({ m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res, callee });
        // The caller blocks until the callee returns: with JSPI, a point where its stack may suspend.
        x.coreFuncs.push(op.replay === true ? suspendableLower(core as Fn, a, op.sig) : core);
      };
    }
    case 'task.return': {
      const adapter = adapters[op.a]!;
      return (x) => {
        x.coreFuncs.push(adapter.create({ m: mem(x, op.memory), ra: ra(x, op.realloc), st: x.st, t: x.table, res: x.res, callee: taskReturn(x.st, x.table) as Fn }));
      };
    }
    case 'async-builtin': {
      const { d, memory, realloc, sig, table } = op;
      return (x) => {
        x.coreFuncs.push(makeBuiltin(d, {
          st: x.st, table: x.table, memory: memory === undefined ? undefined : x.memories[memory] as WebAssembly.Memory,
          realloc: realloc === undefined ? undefined : x.coreFuncs[realloc] as (...a: number[]) => number,
          sig, coreTable: table === undefined ? undefined : x.tables[table] as WebAssembly.Table,
        }));
      };
    }
  }
}
