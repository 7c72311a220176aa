// Adapter plans → one straight-line specialised JS function each (CanonicalABI.md "canon lift" / "canon lower").
// The source is compiled once per compiled component (`new Function`); each instance calls the factory with its
// core function, memory view, realloc and state: no per-call allocation beyond the values themselves.
import type { AdapterPlan } from '../abi/plan.js';
import { paramsAllocate, resultAllocates } from '../abi/allocates.js';
import { alignment, elemSize } from '../abi/layout.js';
import { glue, type Glue } from '../runtime/glue/index.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../runtime/adapter-env.js';
import { Emitter } from './emitter.js';
import { ValueCodegen } from './values.js';

export type { LiftEnv, LowerEnv, AdapterFn, CompiledAdapter } from '../runtime/adapter-env.js';

function ident(name: string): string {
  // The `$` prefix keeps every export name (`enum`, `import`, `1st`) a legal, non-reserved JS identifier.
  return `$${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** Emits the source of a lift adapter's body (after `h`, `k`, `env` parameters). */
export function liftSource(plan: AdapterPlan): { source: string; consts: unknown[] } {
  const e = new Emitter();
  const g = new ValueCodegen(e, plan.options.encoding, plan.resources);
  const N = Emitter.str(plan.name);
  const args = plan.params.map((_p, i) => `a${i}`);
  const body = new Emitter();
  // Build the inner body first (in `e`), then wrap it.
  const flat: string[] = [];
  // CanonicalABI.md "Lifting and Lowering Context" reallocate: may_leave is cleared while realloc runs; lowering the
  // arguments runs no other guest code, so it is cleared for the whole lowering (and set again by h.fail on failure).
  const reallocs = plan.options.realloc && paramsAllocate(plan);
  if (reallocs) e.line('st.l = 2;');
  // Handles lowered for the arguments are recorded in `J`, and taken back when a later argument fails.
  g.journal = true;
  if (plan.paramsInMemory) {
    const t = plan.paramsTuple!;
    e.line(`const ap = h.alloc(m, ra, 0, 0, ${t.align}, ${t.size}, ${N});`);
    plan.params.forEach((p, i) => g.store(p.op, args[i]!, `ap + ${t.fields[i]!.offset}`, `${plan.name}(${p.name})`));
    flat.push('ap');
  } else {
    plan.params.forEach((p, i) => flat.push(...g.lowerFlat(p.op, args[i]!, `${plan.name}(${p.name})`)));
  }
  g.journal = false;
  const hasResult = plan.core.results.length > 0;
  if (reallocs) e.line('st.l = 0;');
  if (g.journaled) e.line('J.length = 0;');
  e.line(`${hasResult ? 'const c = ' : ''}core(${flat.join(', ')});`);
  const direct = plan.throwsResult && plan.result !== undefined && plan.result.op === 'variant';
  if (direct) {
    // Top-level result<T, E>: dispatch on the discriminant straight to return/throw, no { tag, val } in between.
    const op = plan.result as Extract<AdapterPlan['result'], { op: 'variant' }>;
    const where = `result of ${plan.name}`;
    let disc = 'c';
    if (plan.resultInMemory) {
      e.line('const rp = c >>> 0;');
      e.line(`m.check(rp, ${sizeOf(plan)}, ${alignOf(plan)}, ${Emitter.str(where)});`);
      disc = op.disc === 'u8' ? 'm.u8[rp]' : op.disc === 'u16' ? 'm.dv.getUint16(rp, true)' : 'm.dv.getUint32(rp, true)';
    }
    e.block(`switch (${disc})`, () => {
      op.cases.forEach((cs, i) => e.block(`case ${i}:`, () => {
        if (cs.op !== undefined) {
          if (!plan.resultInMemory) throw new TypeError('a result with a payload is always returned through memory');
          e.line(`r = ${g.load(cs.op, `rp + ${op.payloadOffset}`, `${where}.val`)};`);
        }
        if (i === 1) e.line('isErr = true;');
        e.line('break;');
      }));
      e.line(`default: h.badDisc(${disc}, 2, ${Emitter.str(where)});`);
    });
  } else if (plan.result !== undefined) {
    const where = `result of ${plan.name}`;
    if (plan.resultInMemory) {
      e.line('const rp = c >>> 0;');
      e.line(`m.check(rp, ${sizeOf(plan)}, ${alignOf(plan)}, ${Emitter.str(where)});`);
      e.line(`r = ${g.load(plan.result, 'rp', where)};`);
    } else {
      e.line(`r = ${g.liftFlat(plan.result, ['c'], where)};`);
    }
  }
  // CanonicalABI.md "canon lift": the callee must have dropped every borrow it was lent before returning.
  if (plan.borrowParams) e.line(`if (st.b !== 0) h.borrowsLeft(st, ${N});`);
  // CanonicalABI.md "canon lift": the instance may not leave (call imports) during post-return.
  if (plan.options.postReturn) e.line(`st.l = 1; pr(${hasResult ? 'c' : ''}); st.l = 0;`);
  body.line('const m = env.m, ra = env.ra, core = env.core, pr = env.pr, st = env.st;');
  resourcePrelude(plan, body);
  if (g.journaled) body.line('const J = [];');
  body.block(`return function ${ident(plan.name)}(${args.join(', ')})`, () => {
    body.line(`if (st.f !== 0) h.enterFail(st, ${N});`);
    body.line(`if (st.p !== undefined) h.enterNested(st, ${N});`);
    body.line('st.f = 1;');
    body.line(direct ? 'let r, isErr = false;' : 'let r;');
    body.block('try', () => { for (const l of e.source().split('\n')) body.line(l.trim() === '' ? '' : l.replace(/^ {2}/, '')); });
    body.line(`catch (e) { ${g.journaled ? 'if (J.length !== 0) h.unlower(T, J); ' : ''}throw h.fail(st, ${N}, e); }`);
    body.line('st.f = 0;');
    body.line('if (st.p !== undefined) h.exitNested(st);');
    if (direct) {
      body.line('if (isErr) throw new h.ComponentError(r);');
      body.line('return r;');
    } else if (plan.result !== undefined) body.line('return r;');
  });
  return { source: body.source(), consts: e.consts };
}

/** Emits the source of a lower adapter's body (guest calls `env.callee`). */
export function lowerSource(plan: AdapterPlan): { source: string; consts: unknown[] } {
  const e = new Emitter();
  const g = new ValueCodegen(e, plan.options.encoding, plan.resources);
  g.lenient = true; // a lower adapter only lowers what the host import returned
  const N = Emitter.str(plan.name);
  const cargs = plan.core.params.map((_t, i) => `w${i}`);
  const args: string[] = [];
  // CanonicalABI.md lift_borrow: handles lent to the callee for this call (released when it returns).
  if (plan.borrowParams) e.line('const L = [];');
  if (plan.paramsInMemory) {
    const t = plan.paramsTuple!;
    e.line("const ap = w0 >>> 0;");
    e.line(`m.check(ap, ${t.size}, ${t.align}, ${N});`);
    plan.params.forEach((p, i) => args.push(g.load(p.op, `ap + ${t.fields[i]!.offset}`, `${plan.name}(${p.name})`)));
  } else {
    const vals = cargs.slice();
    plan.params.forEach((p) => args.push(g.liftFlat(p.op, vals, `${plan.name}(${p.name})`)));
  }
  if (plan.borrowParams) {
    e.block('try', () => emitCallAndResult(plan, e, g, args, cargs, N));
    e.line('finally { h.release(L); }');
  } else emitCallAndResult(plan, e, g, args, cargs, N);
  const body = new Emitter();
  body.line('const m = env.m, ra = env.ra, fn = env.callee, st = env.st;');
  resourcePrelude(plan, body);
  body.block(`return function ${ident(plan.name)}(${cargs.join(', ')})`, () => {
    // CanonicalABI.md "canon lower": trap_if(not may_leave).
    body.line(`if (st.l !== 0) h.leaveFail(${N}, st.l);`);
    for (const l of e.source().split('\n')) body.line(l.replace(/^ {2}/, ''));
  });
  return { source: body.source(), consts: e.consts };
}

/** Binds the instance's handle table and each resource type a plan names (`T`, `R<i>`), once per instance. */
function resourcePrelude(plan: AdapterPlan, body: Emitter): void {
  if (plan.resources.length === 0) return;
  body.line(`const T = env.t, ${plan.resources.map((_r, i) => `R${i} = env.res(k.res[${i}])`).join(', ')};`);
}

/** The callee call of a lower adapter and the lowering of its result back into the guest. */
function emitCallAndResult(plan: AdapterPlan, e: Emitter, g: ValueCodegen, args: string[], cargs: string[], N: string): void {
  const call = `fn(${args.join(', ')})`;
  if (plan.result === undefined) {
    e.line(`${call};`);
    e.line('return;');
  } else {
    if (plan.throwsResult) {
      e.line('let r;');
      e.line(`try { r = { tag: 'ok', val: ${call} }; }`);
      e.block('catch (x)', () => {
        e.line('const pl = h.payloadOf(x);');
        e.line('if (pl === h.NO_PAYLOAD) throw x;');
        e.line(`r = { tag: 'err', val: pl };`);
      });
    } else e.line(`const r = ${call};`);
    const where = `result of import ${plan.name}`;
    // CanonicalABI.md reallocate: the caller may not leave while its realloc runs (st.l was 0 on entry).
    const reallocs = plan.options.realloc && resultAllocates(plan);
    const lowering = (emit: () => void): void => {
      if (reallocs) e.line('st.l = 2;');
      emit();
      if (reallocs) e.line('st.l = 0;');
    };
    const failed = `catch (x) { ${reallocs ? 'st.l = 0; ' : ''}throw h.importFail(${N}, x); }`;
    if (plan.resultInMemory) {
      e.line(`const op = ${cargs[cargs.length - 1]} >>> 0;`);
      e.line(`m.check(op, ${sizeOf(plan)}, ${alignOf(plan)}, ${Emitter.str(where)});`);
      e.block('try', () => lowering(() => g.store(plan.result!, 'r', 'op', where)));
      e.line(failed);
      e.line('return;');
    } else {
      e.line('let out;');
      e.block('try', () => lowering(() => e.line(`out = ${g.lowerFlat(plan.result!, 'r', where)[0]};`)));
      e.line(failed);
      e.line('return out;');
    }
  }
}

function sizeOf(plan: AdapterPlan): number {
  return elemSize(plan.resultType!);
}
function alignOf(plan: AdapterPlan): number {
  return alignment(plan.resultType!);
}

type Factory = (h: Glue, k: unknown[], env: unknown) => AdapterFn;

function compile<Env>(src: { source: string; consts: unknown[] }, resIds: readonly number[]): CompiledAdapter<Env> {
  const f = new Function('h', 'k', 'env', src.source) as Factory;
  // The ids of the plan's resource types ride along as `k.res` (resolved once per instance by the prelude).
  const consts = Object.assign(src.consts, { res: resIds });
  return { source: src.source, create: (env: Env) => f(glue, consts, env) };
}

/**
 * Compiles a lift adapter (throws when the host forbids `new Function`; the runtime then falls back to interp/).
 * `resIds` are the program's ids of `plan.resources` (runtime/program.ts).
 */
export function compileLift(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LiftEnv> {
  return compile<LiftEnv>(liftSource(plan), resIds);
}

/** Compiles a lower adapter. */
export function compileLower(plan: AdapterPlan, resIds: readonly number[] = []): CompiledAdapter<LowerEnv> {
  return compile<LowerEnv>(lowerSource(plan), resIds);
}
