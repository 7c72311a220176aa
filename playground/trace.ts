// The step view: one call run through a separate, traced instance. The component is linked again with adapters
// that wrap the interpreter's (interp/) and record what crosses each seam: the core export's flat arguments and
// results, every realloc, the bytes at the pointers passed and returned, post-return, and every import called
// (with nested lifts). The normal instances never see any of this: zero cost when not tracing.
import { readComponent } from '../src/binary/read.js';
import { validateComponent } from '../src/validate/index.js';
import { buildProgram, coreModuleBytes, newBuildState } from '../src/program/program.js';
import { instantiateProgram, link } from '../src/link/link.js';
import type { LiftEnv, LinkAdapter, LowerEnv } from '../src/runtime/adapter-env.js';
import type { AdapterPlan, ValueOp } from '../src/abi/plan.js';
import { flattenType } from '../src/abi/flatten.js';
import { interpLift, interpLower } from '../src/interp/index.js';

export type Flat = number | bigint;

export type TraceEvent =
  | { readonly e: 'realloc'; readonly args: readonly Flat[]; readonly ptr: Flat }
  | { readonly e: 'core-call'; readonly args: readonly Flat[]; readonly regions: readonly Region[] }
  | { readonly e: 'core-return'; readonly results: readonly Flat[]; readonly regions: readonly Region[] }
  | { readonly e: 'post-return'; readonly args: readonly Flat[] }
  | { readonly e: 'import'; readonly frame: Frame };

/** Bytes of guest memory at a pointer the adapter passed or got back, read at that moment. */
export interface Region { readonly what: string; readonly ptr: number; readonly bytes: Uint8Array }

/** One adapter run: its plan, the JS-side values (arguments in, result out, or the error), and what it moved. */
export interface Frame {
  readonly plan: AdapterPlan;
  args: readonly unknown[];
  result?: { ok: true; value: unknown } | { ok: false; error: unknown };
  readonly events: TraceEvent[];
}

/** A compiled component whose instances are traced. */
export interface Tracer {
  readonly plans: readonly AdapterPlan[];
  /** Instantiates afresh, runs `call` on its exports and returns the outermost frames it produced. */
  run(imports: Record<string, unknown>, call: (exports: Record<string, unknown>) => unknown): { frames: Frame[]; value?: unknown; error?: unknown };
}

const read = (mem: WebAssembly.Memory | undefined, ptr: number, len: number): Uint8Array => {
  if (mem === undefined || len <= 0) return new Uint8Array(0);
  const end = Math.min(mem.buffer.byteLength, ptr + Math.min(len, 4096));
  return ptr >= end ? new Uint8Array(0) : new Uint8Array(mem.buffer.slice(ptr, end));
};

/** The flat values of each lowered parameter (for reading memory at its pointers). */
function paramRegions(plan: AdapterPlan, args: readonly Flat[], mem: WebAssembly.Memory | undefined): Region[] {
  const out: Region[] = [];
  if (plan.paramsInMemory) {
    const size = plan.paramsTuple && 'size' in plan.paramsTuple ? plan.paramsTuple.size : 0;
    out.push({ what: 'args tuple', ptr: Number(args[0]), bytes: read(mem, Number(args[0]), size) });
    return out;
  }
  let i = 0;
  for (const p of plan.params) {
    const n = flattenType(p.type).length;
    pointed(p.op, args.slice(i, i + n), p.name, plan, mem, out);
    i += n;
  }
  return out;
}

/** For a string or list at (ptr, len): the bytes it points at. */
function pointed(op: ValueOp, flat: readonly Flat[], what: string, plan: AdapterPlan, mem: WebAssembly.Memory | undefined, out: Region[]): void {
  if (op.op !== 'string' && op.op !== 'list') return;
  if (op.op === 'list' && op.fixed !== undefined) return;
  const ptr = Number(flat[0] ?? 0), len = Number(flat[1] ?? 0);
  const unit = op.op === 'list' ? op.size : plan.options.encoding === 'utf8' ? 1 : 2;
  out.push({ what, ptr, bytes: read(mem, ptr, len * unit) });
}

/** The result area and, for a string or list result, the bytes it points at. */
function resultRegions(plan: AdapterPlan, results: readonly Flat[], mem: WebAssembly.Memory | undefined): Region[] {
  const out: Region[] = [];
  if (plan.result === undefined) return out;
  if (plan.resultInMemory) {
    const ptr = Number(results[0]);
    const op = plan.result;
    const size = 'size' in op && typeof op.size === 'number' ? op.size : 8;
    const area = read(mem, ptr, op.op === 'string' || op.op === 'list' ? 8 : size);
    out.push({ what: 'result area', ptr, bytes: area });
    if ((op.op === 'string' || op.op === 'list') && area.length >= 8) {
      const dv = new DataView(area.buffer, area.byteOffset, area.length);
      pointed(op, [dv.getUint32(0, true), dv.getUint32(4, true)], 'result', plan, mem, out);
    }
  } else pointed(plan.result, results, 'result', plan, mem, out);
  return out;
}

/** Reads, validates and links `bytes` with tracing adapters (interpreted: works under a strict CSP too). */
export async function traced(bytes: Uint8Array): Promise<Tracer> {
  const tree = readComponent(bytes);
  const { view } = validateComponent(tree, { features: [], coreValidator: () => undefined });
  const modules = await Promise.all(coreModuleBytes(tree).map((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
  const state = newBuildState();
  const { desc } = buildProgram(tree, view, state);
  let stack: Frame[] = [];
  let top: Frame[] = [];
  const begin = (plan: AdapterPlan, args: readonly unknown[]): Frame => {
    const f: Frame = { plan, args, events: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.events.push({ e: 'import', frame: f });
    else top.push(f);
    stack.push(f);
    return f;
  };
  const end = (f: Frame, r: Frame['result']): void => {
    if (r !== undefined) f.result = r;
    stack = stack.filter((x) => x !== f);
  };
  const current = (): Frame | undefined => stack[stack.length - 1];
  const adapters = state.plans.map((plan, i): LinkAdapter => {
    const resIds = state.resIds[i]!;
    if (plan.direction === 'lift') {
      const compiled = interpLift(plan, resIds);
      return {
        create(env0) {
          const env = env0 as LiftEnv;
          const mem = (): WebAssembly.Memory | undefined => (env.m as { mem?: WebAssembly.Memory }).mem;
          const core = (...a: Flat[]): unknown => {
            const f = current();
            f?.events.push({ e: 'core-call', args: a, regions: paramRegions(plan, a, mem()) });
            const r = (env.core as (...x: Flat[]) => Flat | undefined)(...a);
            const results = r === undefined ? [] : [r];
            f?.events.push({ e: 'core-return', results, regions: resultRegions(plan, results, mem()) });
            return r;
          };
          const ra = env.ra === undefined ? undefined : (...a: Flat[]): Flat => {
            const p = (env.ra as unknown as (...x: Flat[]) => Flat)(...a);
            current()?.events.push({ e: 'realloc', args: a, ptr: p });
            return p;
          };
          const pr = env.pr === undefined ? undefined : (...a: Flat[]): unknown => {
            current()?.events.push({ e: 'post-return', args: a });
            return (env.pr as (...x: Flat[]) => unknown)(...a);
          };
          const inner = compiled.create({ ...env, core: core as LiftEnv['core'], ra: ra as LiftEnv['ra'], pr: pr as LiftEnv['pr'] });
          return (...args: unknown[]) => {
            const f = begin(plan, args);
            try {
              const value = inner(...args);
              end(f, { ok: true, value });
              return value;
            } catch (error) {
              end(f, { ok: false, error });
              throw error;
            }
          };
        },
      };
    }
    const compiled = interpLower(plan, resIds);
    return {
      create(env0) {
        const env = env0 as LowerEnv;
        let f: Frame | undefined;
        // The host's side: the lifted JS arguments and its result.
        const callee = (...args: unknown[]): unknown => {
          if (f) f.args = args;
          const value = (env.callee as (...x: unknown[]) => unknown)(...args);
          if (f) f.result = { ok: true, value };
          return value;
        };
        const inner = compiled.create({ ...env, callee: callee as LowerEnv['callee'] });
        return (...core: unknown[]) => {
          f = begin(plan, []);
          const mem = (env.m as { mem?: WebAssembly.Memory }).mem;
          f.events.push({ e: 'core-call', args: core as Flat[], regions: paramRegions(plan, core as Flat[], mem) });
          try {
            const r = inner(...core);
            f.events.push({ e: 'core-return', results: r === undefined ? [] : [r as Flat], regions: [] });
            end(f, undefined);
            return r;
          } catch (error) {
            end(f, { ok: false, error });
            throw error;
          }
        };
      },
    };
  });
  const program = link(desc, { modules, adapters });
  return {
    plans: state.plans,
    run(imports, call) {
      stack = [];
      top = [];
      const exports = instantiateProgram(program, imports).exports as Record<string, unknown>;
      top = [];
      try {
        const value = call(exports);
        return { frames: top, value };
      } catch (error) {
        return { frames: top, error };
      }
    },
  };
}
