// Adapter plans → one straight-line specialised JS function each (CanonicalABI.md "canon lift" / "canon lower").
// The source is compiled once per compiled component (`new Function`); each instance calls the factory with its
// core function, memory view, realloc and state: no per-call allocation beyond the values themselves.
import { hasBorrow, liftsBytes, type AdapterPlan, type Instr } from '../abi/plan.js';
import type { AdapterFn, CompiledAdapter } from '../abi/adapter-types.js';
import { Emitter } from './emitter.js';
import { methodMember } from '../abi/names.js';
import { PRELUDE_64, ValueCodegen } from './values.js';

/** Parameter types whose lowering runs no host code (no getters, proxies or `instanceof` hooks). */

function ident(name: string): string {
  // The `$` prefix keeps every export name (`enum`, `import`, `1st`) a legal, non-reserved JS identifier.
  return `$${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** Emits the source of a lift adapter's body (after `h`, `k`, `env` parameters), step by step from `plan.steps`. */
export function liftSource(plan: AdapterPlan): { source: string; consts: unknown[] } {
  const e = new Emitter();
  const addr = plan.options.addrType ?? 'i32';
  const g = new ValueCodegen(e, plan.options.encoding, plan.resources, addr);
  const N = Emitter.str(plan.name);
  const args = plan.params.map((_p, i) => `a${i}`);
  const hasCore = plan.core.results.length > 0;
  // The body of the call (in `e`, inside the try) from the steps; `enter`/`exit`/`return` frame it below.
  const flat: string[] = [];
  let arg = '';
  let enter = false, exit = false, returns = false, result = false, direct = false;
  // The line of `e` where the result half begins (after the core call).
  let half = -1;
  const steps = plan.steps;
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k]!;
    switch (st.i) {
      case 'enter': enter = true; break;
      // CanonicalABI.md reallocate: may_leave is cleared while lowering into the guest (set again by h.fail).
      case 'may-leave': e.line(st.value ? 'st.l = 0;' : 'st.l = 2;'); break;
      case 'alloc-args-tuple':
        e.line(`const ap = h.alloc(m, ra, 0, 0, ${st.align}, ${st.size}, ${Emitter.str(st.where)});`);
        flat.push(addr === 'i64' ? 'BigInt(ap)' : 'ap');
        break;
      case 'arg.get': arg = args[st.index]!; break;
      case 'lower':
        // Handles lowered for the arguments are recorded in `J`, and taken back when a later argument fails.
        g.journal = st.journal;
        if (st.into === 'memory') g.store(st.op, arg, `ap + ${st.offset}`, Emitter.str(st.where));
        else flat.push(...g.lowerFlat(st.op, arg, Emitter.str(st.where)));
        g.journal = false;
        break;
      case 'journal-commit': if (g.journaled) e.line('while (J.length !== 0) J.pop(); // pops, not a length store: that is a slow builtin call'); break;
      case 'call-export': e.line(`${hasCore ? 'const c = ' : ''}core(${flat.join(', ')});`); half = e.source().split('\n').length; break;
      case 'lift-result': {
        result = true;
        const rp = addr === 'i64' ? 'P64(c)' : 'c >>> 0';
        if (steps[k + 1]?.i === 'result-err-to-throw' && st.op.op === 'variant') {
          // Top-level result<T, E>: dispatch on the discriminant straight to return/throw, no { tag, val } between.
          k++;
          direct = true;
          const op = st.op;
          let disc = 'c';
          if (st.from === 'memory') {
            e.line(`const rp = ${rp};`);
            e.line(`m.check(rp, ${st.size}, ${st.align}, ${Emitter.str(st.where)});`);
            disc = op.disc === 'u8' ? 'm.u8[rp]' : op.disc === 'u16' ? 'm.dv.getUint16(rp, true)' : 'm.dv.getUint32(rp, true)';
          }
          e.block(`switch (${disc})`, () => {
            op.cases.forEach((cs, i) => e.block(`case ${i}:`, () => {
              if (cs.op !== undefined) {
                if (st.from !== 'memory') throw new TypeError('a result with a payload is always returned through memory');
                e.line(`r = ${g.load(cs.op, `rp + ${op.payloadOffset}`, Emitter.str(`${st.where}.val`))};`);
              }
              if (i === 1) e.line('isErr = true;');
              e.line('break;');
            }));
            e.line(`default: h.badDisc(${disc}, 2, ${Emitter.str(st.where)});`);
          });
        } else if (st.from === 'memory') {
          e.line(`const rp = ${rp};`);
          e.line(`m.check(rp, ${st.size}, ${st.align}, ${Emitter.str(st.where)});`);
          e.line(`r = ${g.load(st.op, 'rp', Emitter.str(st.where))};`);
        } else {
          e.line(`r = ${g.liftFlat(st.op, ['c'], Emitter.str(st.where))};`);
        }
        break;
      }
      case 'result-err-to-throw': throw new TypeError('unreachable: result-err-to-throw without a variant result before it');
      // CanonicalABI.md "canon lift": the callee must have dropped every borrow it was lent before returning.
      case 'check-borrows': e.line(`if (st.b !== 0) h.borrowsLeft(st, ${N});`); break;
      // CanonicalABI.md "canon lift": the instance may not leave (call imports) during post-return.
      case 'post-return': e.line(`st.l = 1; pr(${hasCore ? 'c' : ''}); st.l = 0;`); break;
      case 'exit': exit = true; break;
      case 'return': returns = true; break;
      default: throw new TypeError(`unreachable: '${st.i}' in a lift adapter`);
    }
  }
  const body = new Emitter();
  body.line(`const m = env.m, ${addr === 'i64' ? '' : 'ra = env.ra, '}core = env.core, pr = env.pr, st = env.st;`);
  prelude(plan, body, g);
  if (g.journaled) body.line('const J = [];');
  const epilogue = (): void => {
    if (exit) {
      body.line('st.f = 0;');
      body.line('if (st.p !== undefined) h.exitNested(st);');
    }
    if (direct) {
      body.line('if (isErr) throw new h.ComponentError(r);');
      body.line('return r;');
    } else if (result && returns) body.line('return r;');
  };
  const counts = plan.options.memory && steps.some((st) => st.i === 'lift-result' && liftsBytes(st.op));
  if (plan.resumable === true && enter && half >= 0) {
    // An async function type lifted without `async`: the result half alone, for a core call that suspended and
    // has returned since (JSPI, runtime/async/calls.ts): the arguments are not lowered again.
    body.block(`env.resume = function (${hasCore ? 'c' : ''})`, () => {
      body.line('st.f = 1;');
      if (counts) body.line('m.n = 0;');
      body.line(direct ? 'let r, isErr = false;' : 'let r;');
      const rest = e.source().split('\n').slice(half);
      body.block('try', () => { for (const l of rest) body.line(l.trim() === '' ? '' : l.replace(/^ {2}/, '')); });
      body.line(`catch (e) { throw h.fail(st, ${N}, e); }`);
      epilogue();
    });
  }
  body.block(`return function ${ident(plan.name)}(${args.join(', ')})`, () => {
    if (enter) {
      body.line(`if (st.f !== 0) h.enterFail(st, ${N});`);
      body.line(`if (st.p !== undefined) h.enterNested(st, ${N});`);
      body.line('st.f = 1;');
    }
    // Bytes lifted into JS are capped per call (h.liftList, h.liftUtf8...): only a result with strings or lists counts.
    if (counts) body.line('m.n = 0;');
    body.line(direct ? 'let r, isErr = false;' : 'let r;');
    body.block('try', () => { for (const l of e.source().split('\n')) body.line(l.trim() === '' ? '' : l.replace(/^ {2}/, '')); });
    body.line(`catch (e) { ${g.journaled ? 'if (J.length !== 0) h.unlower(T, J); ' : ''}throw h.fail(st, ${N}, e); }`);
    epilogue();
  });
  return { source: body.source(), consts: e.consts };
}

/** Emits the source of a lower adapter's body (guest calls `env.callee`), step by step from `plan.steps`. */
export function lowerSource(plan: AdapterPlan): { source: string; consts: unknown[] } {
  const e = new Emitter();
  const addr = plan.options.addrType ?? 'i32';
  // One borrow, a flat argument of its own (a host method's `self`, the common case): its entry is lent and released
  // directly, with no list of loans (`L`, which the value code and its shared functions then do not take).
  const borrowLifts = plan.steps.filter((st) => st.i === 'lift' && hasBorrow(st.op));
  const one = borrowLifts.length === 1 && borrowLifts[0]!.i === 'lift' && borrowLifts[0]!.op.op === 'handle' && borrowLifts[0]!.from === 'flat' ? borrowLifts[0] : undefined;
  const g = new ValueCodegen(e, plan.options.encoding, plan.resources, addr, undefined, one === undefined && plan.steps.some((st) => st.i === 'lend-scope'));
  g.lenient = true; // a lower adapter only lowers what the host import returned
  const N = Emitter.str(plan.name);
  const cargs = plan.core.params.map((_t, i) => `w${i}`);
  const vals = cargs.slice();
  const args: string[] = [];
  const head: string[] = [];
  let lends = false;
  const steps = plan.steps;
  let release = 'h.release(L)';
  // `[method]r.m` of an import: the member a host class's method function would call (see `call-import`).
  const method = methodMember(plan.name);
  let hostMethod: string | undefined;
  // Resources (indexes) whose `H<i>` (a host resource: its objects are their reps) the prelude binds.
  const hostReps = new Set<number>();
  for (let k = 0; k < steps.length; k++) {
    const st = steps[k]!;
    switch (st.i) {
      // CanonicalABI.md "canon lower": trap_if(not may_leave).
      case 'check-may-leave': head.push(`if (st.l !== 0) h.leaveFail(${N}, st.l);`); break;
      // CanonicalABI.md lift_borrow: handles lent to the callee for this call (released when it returns).
      // One list per adapter instance, emptied by h.release; a reentrant call while it holds loans gets its own.
      case 'lend-scope': lends = true; if (one === undefined) e.line('const L = L0.length === 0 ? L0 : [];'); break;
      case 'args-tuple':
        e.line(`const ap = ${addr === 'i64' ? 'P64(w0)' : 'w0 >>> 0'};`);
        e.line(`m.check(ap, ${st.size}, ${st.align}, ${Emitter.str(st.where)});`);
        break;
      case 'lift':
        if (st === one && st.op.op === 'handle') {
          // CanonicalABI.md lift_borrow: the entry is lent for the call; h.unlend ends the loan (and kills the object).
          // In line: a live entry of this type is lent (h.lend, which traps with the message, otherwise); a host
          // object (`H<i>`: a host resource's rep is the object) is passed as it is, with nothing to kill after.
          const x = vals.shift()!;
          const ei = e.tmp('e'), oi = e.tmp('o');
          const r = plan.resources.indexOf(st.op.resource);
          hostReps.add(r);
          e.line(`let ${ei} = T.slot(${x} >>> 0);`);
          e.line(`if (${ei} === undefined || ${ei}.rt !== R${r} || ${ei}.lends < 0) ${ei} = h.lend(T, R${r}, ${x}, ${Emitter.str(st.where)}); else ${ei}.lends++;`);
          e.line(`const ${oi} = H${r} ? ${ei}.rep : R${r}.wrap(${ei}.rep, false);`);
          release = `if (H${r}) ${ei}.lends--; else h.unlend(${ei}, ${oi})`;
          args.push(oi);
          break;
        }
        args.push(st.from === 'memory' ? g.load(st.op, `ap + ${st.offset}`, Emitter.str(st.where)) : g.liftFlat(st.op, vals, Emitter.str(st.where)));
        break;
      case 'call-import': {
        const rest = steps.slice(k + 1);
        let callee = `fn(${args.join(', ')})`;
        if (method !== undefined && one !== undefined && steps.indexOf(one) === steps.findIndex((x) => x.i === 'lift')) {
          // A host class's method (link/linking.ts hostResourceMember) called here, on `self` (the loan), with the
          // wrapper's checks (an object whose member is a function other than Object.prototype's, else the wrapper
          // throws its error): a named load and a call the engine can inline. `HM`: the callee is that wrapper.
          hostMethod = method;
          const [self, ...rest] = args;
          const key = `[${Emitter.str(method)}]`;
          e.line('let hf;');
          // (`self` is never null: a lent host object or a guest resource's object.)
          callee = `(HM && typeof ${self} === 'object' && typeof (hf = ${self}${key}) === 'function' && hf !== OP ? hf.call(${[self, ...rest].join(', ')}) : ${callee})`;
        }
        const call = st.syncResult ? `h.syncResult(${callee}, ${N})` : callee;
        if (lends && one !== undefined && !rest.some((x) => x.i === 'catch-payload-to-err')) {
          // The one loan ends as the callee returns or throws, before its result is lowered (as interp/ does): a
          // catch and a statement, which cost less than a `finally` around the result's lowering.
          e.line('let cr;');
          e.line(`try { cr = ${call}; } catch (x) { ${release}; throw x; }`);
          e.line(`${release};`);
          emitCallAndResult(rest, e, g, 'cr', cargs, N, addr);
        } else if (lends) {
          e.block('try', () => emitCallAndResult(rest, e, g, call, cargs, N, addr));
          e.line(`finally { ${release}; }`);
        } else emitCallAndResult(rest, e, g, call, cargs, N, addr);
        k = steps.length;
        break;
      }
      default: throw new TypeError(`unreachable: '${st.i}' before call-import in a lower adapter`);
    }
  }
  const body = new Emitter();
  body.line(`const m = env.m, ${addr === 'i64' ? '' : 'ra = env.ra, '}fn = env.callee, st = env.st;`);
  prelude(plan, body, g);
  if (hostReps.size !== 0) body.line(`const ${[...hostReps].map((i) => `H${i} = R${i}.impl === undefined`).join(', ')};`);
  if (hostMethod !== undefined) body.line(`const HM = h.hostMethodOf(fn) === ${Emitter.str(hostMethod)}, OP = Object.prototype[${Emitter.str(hostMethod)}];`);
  if (lends && one === undefined) body.line('const L0 = [];');
  body.block(`return function ${ident(plan.name)}(${cargs.join(', ')})`, () => {
    for (const l of head) body.line(l);
    // Bytes lifted into JS are capped per call: only arguments with strings or lists count.
    if (plan.options.memory && steps.some((st) => st.i === 'lift' && liftsBytes(st.op))) body.line('m.n = 0;');
    for (const l of e.source().split('\n')) body.line(l.replace(/^ {2}/, ''));
  });
  return { source: body.source(), consts: e.consts };
}

/** Once per instance: the handle table and each resource type a plan names (`T`, `R<i>`), the 64-bit memory
 *  helpers (cm64), and the adapter's shared per-type functions. */
function prelude(plan: AdapterPlan, body: Emitter, g: ValueCodegen): void {
  if (plan.options.addrType === 'i64') {
    for (const l of PRELUDE_64) body.line(l);
    body.line('const ra = R64(env.ra);');
  }
  if (plan.resources.length !== 0) body.line(`const T = env.t, ${plan.resources.map((_r, i) => `R${i} = env.res(k.res[${i}])`).join(', ')};`);
  if (g.implemented.size !== 0) body.line(`const ${[...g.implemented].map((i) => `I${i} = R${i}.impl === env.st`).join(', ')};`);
  if (g.hostClasses.size !== 0) body.line(`const BL = h.borrowLog, ${[...g.hostClasses].map((i) => `K${i} = R${i}.hostClass`).join(', ')};`);
  for (const def of g.sharedSource()) for (const l of def.split('\n')) body.line(l);
}

/** The steps after `call-import`: the callee call, its result lowered back into the guest, the core return. */
function emitCallAndResult(steps: readonly Instr[], e: Emitter, g: ValueCodegen, call: string, cargs: string[], N: string, addr: 'i32' | 'i64'): void {
  let throws = false, reallocs = false;
  let lower: Extract<Instr, { i: 'lower-result' }> | undefined;
  for (const st of steps) {
    switch (st.i) {
      case 'catch-payload-to-err': throws = true; break;
      // CanonicalABI.md reallocate: the caller may not leave while its realloc runs (st.l was 0 on entry).
      case 'may-leave': if (!st.value) reallocs = true; break;
      case 'lower-result': lower = st; break;
      case 'return-core': break;
      default: throw new TypeError(`unreachable: '${st.i}' after call-import`);
    }
  }
  if (lower === undefined) {
    e.line(`${call};`);
    e.line('return;');
    return;
  }
  if (throws) {
    e.line('let r;');
    e.line(`try { r = { tag: 'ok', val: ${call} }; }`);
    e.block('catch (x)', () => {
      e.line('const pl = h.payloadOf(x);');
      e.line('if (pl === h.NO_PAYLOAD) throw x;');
      e.line(`r = { tag: 'err', val: pl };`);
    });
  } else e.line(`const r = ${call};`);
  const res = lower;
  const lowering = (emit: () => void): void => {
    if (reallocs) e.line('st.l = 2;');
    emit();
    if (reallocs) e.line('st.l = 0;');
  };
  const failed = `catch (x) { ${reallocs ? 'st.l = 0; ' : ''}throw h.importFail(${N}, x); }`;
  if (res.into === 'memory') {
    const w = cargs[cargs.length - 1]!;
    e.line(`const op = ${addr === 'i64' ? `P64(${w})` : `${w} >>> 0`};`);
    e.line(`m.check(op, ${res.size}, ${res.align}, ${Emitter.str(res.where)});`);
    e.block('try', () => lowering(() => g.store(res.op, 'r', 'op', Emitter.str(res.where))));
    e.line(failed);
    e.line('return;');
  } else {
    e.line('let out;');
    e.block('try', () => lowering(() => e.line(`out = ${g.lowerFlat(res.op, 'r', Emitter.str(res.where))[0]};`)));
    e.line(failed);
    e.line('return out;');
  }
}

type Factory = (h: unknown, k: unknown[], env: unknown) => AdapterFn;

/**
 * Generated factories of one compiled component, by their shared key (`shareKey`): functions of one type compile one
 * factory (issue 16). Per component, not global: closures of one factory share the engine's call feedback, and
 * another component's functions should not make this one's call sites polymorphic.
 */
export interface AdapterShare { readonly batch: number; readonly factories: Map<string, Factory> }

let batches = 0;
/**
 * A component's table of shared factories. Its sources carry the component's batch number (a comment), so the
 * engine's compilation cache never hands one component's factory to another (their call sites would then see both
 * components' core functions), as entries/lazy-adapter.ts does for stubs.
 */
export function newAdapterShare(): AdapterShare {
  return { batch: batches++, factories: new Map() };
}

/** The name a generated adapter function is declared with (`return function $name(`). */
const NAME = /return function (\$[A-Za-z0-9_$]*)\(/;

/**
 * `source` with its plan-specific strings (names and locations, JSON literals from `Emitter.str`) taken out into
 * `S0`, `S1`... declared from `k.s`, and the function's name replaced: two plans of one type give the same key.
 * Literals that shape code stay: object literal keys (`{ "x": v }`), property keys (`o["k"]`) and `case` labels.
 */
export function shareKey(source: string): { key: string; strs: string[]; name: string } {
  const strs: string[] = [];
  const out = source.replace(TOKENS, (tok: string, at: number) => {
    if (tok[0] !== '"') return tok; // a fixed single-quoted literal of the generator ('u32'...), or a comment
    let b = at - 1;
    while (b >= 0 && source[b] === ' ') b--;
    let a = at + tok.length;
    while (a < source.length && source[a] === ' ') a++;
    if (source[a] === ':' || source[b] === '[' || source.slice(b - 3, b + 1) === 'case') return tok;
    const v = JSON.parse(tok) as string;
    let i = strs.indexOf(v);
    if (i < 0) i = strs.push(v) - 1;
    return `S${i}`;
  });
  const m = NAME.exec(out);
  if (m === null) return { key: out, strs, name: '' };
  // The function takes its name from a computed key when it is made (`.name` and stack traces), so the source is
  // the same for every function of the type.
  return { key: `${out.replace(NAME, () => 'return { [N]: function (').trimEnd()} }[N];`, strs, name: m[1]! };
}

/** String literals (JSON's double-quoted, the generator's single-quoted) and line comments of generated source. */
const TOKENS = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\/\/[^\n]*/g;

/**
 * Compiles generated adapters. `h` is the run-time glue (runtime/glue) generated code calls; the entry passes it
 * in, so that compile time imports nothing of runtime/ (DESIGN.md §2).
 */
export class AdapterCodegen<LiftEnv, LowerEnv> {
  constructor(private readonly h: unknown) {}

  private compile<Env>(src: { source: string; consts: unknown[] }, resIds: readonly number[], share: AdapterShare | undefined): CompiledAdapter<Env> {
    // The ids of the plan's resource types ride along as `k.res` (resolved once per instance by the prelude).
    const consts = Object.assign(src.consts, { res: resIds });
    const h = this.h;
    if (share === undefined) {
      const f = new Function('h', 'k', 'env', src.source) as Factory;
      return { source: src.source, create: (env: Env) => f(h, consts, env) };
    }
    const { key, strs, name } = shareKey(src.source);
    let f = share.factories.get(key);
    if (f === undefined) {
      f = new Function('h', 'k', 'env', `  /* kumiki adapters #${share.batch} */ const N = k.name${strs.map((_s, i) => `, S${i} = k.s[${i}]`).join('')};\n${key}`) as Factory;
      share.factories.set(key, f);
    }
    Object.assign(consts, { s: strs, name });
    const factory = f;
    return { source: src.source, create: (env: Env) => factory(h, consts, env) };
  }

  /**
   * Compiles a lift adapter (throws when the host forbids `new Function`; the runtime then falls back to interp/).
   * `resIds` are the program's ids of `plan.resources` (program/program.ts); `share`, the component's factories
   * (adapters of one type share one).
   */
  lift(plan: AdapterPlan, resIds: readonly number[] = [], share?: AdapterShare): CompiledAdapter<LiftEnv> {
    return this.compile<LiftEnv>(liftSource(plan), resIds, share);
  }

  /** Compiles a lower adapter. */
  lower(plan: AdapterPlan, resIds: readonly number[] = [], share?: AdapterShare): CompiledAdapter<LowerEnv> {
    return this.compile<LowerEnv>(lowerSource(plan), resIds, share);
  }
}
