// Fused adapters (DESIGN.md §1, §2 runtime): a guest import satisfied by another instance's lifted export becomes
// one straight-line core function that copies the arguments from the caller's memory (or flat values) into the
// callee's, calls the callee's core function, and copies the result back: CanonicalABI.md "canon lower" of a
// "canon lift", with no JS value in between. Strings are transcoded memory to memory (byte copy when encodings
// agree), lists of plain numbers/records move with one `TypedArray#set`, handles move table to table.
import type { CaseOp, ValueOp } from '../abi/plan.js';
import type { FlatType } from '../abi/flatten.js';
import type { StringEncoding } from '../abi/context.js';
import { Emitter } from './emitter.js';
import { coerceIn, coerceOut } from './values.js';
import { INT_WRAP } from '../abi/int-wrap.js';
import type { LiftEnv } from './adapter.js';
import { flatPassThrough, INT_SIZE, norm, opLayout, plain, type FusePlan } from '../runtime/fuse-shape.js';
import { paramsAllocate, resultAllocates } from '../abi/allocates.js';

type VariantOp = ValueOp & { op: 'variant' };
type ListOp = ValueOp & { op: 'list' };

/** lift_flat's integer wrap (CanonicalABI.md "Flat Lifting": lift_flat_unsigned/signed) as a flat i32 again. */
const INT_CANON: Readonly<Record<string, (x: string) => string>> = {
  s8: INT_WRAP.s8.expr, u8: INT_WRAP.u8.expr, s16: INT_WRAP.s16.expr, u16: INT_WRAP.u16.expr, // abi/int-wrap.ts
};

const DISC_LOAD = { u8: (m: string, p: string) => `${m}.u8[${p}]`, u16: (m: string, p: string) => `${m}.dv.getUint16(${p}, true)`, u32: (m: string, p: string) => `${m}.dv.getUint32(${p}, true)` };
const DISC_STORE = { u8: (m: string, p: string, x: string) => `${m}.u8[${p}] = ${x};`, u16: (m: string, p: string, x: string) => `${m}.dv.setUint16(${p}, ${x}, true);`, u32: (m: string, p: string, x: string) => `${m}.dv.setUint32(${p}, ${x}, true);` };
const FLAG_LOAD = { 1: DISC_LOAD.u8, 2: DISC_LOAD.u16, 4: DISC_LOAD.u32 };
const FLAG_STORE = { 1: DISC_STORE.u8, 2: DISC_STORE.u16, 4: DISC_STORE.u32 };

/** One side of the crossing, as names in the generated code. */
interface Side {
  readonly m: string;
  readonly ra: string;
  readonly st: string;
  readonly T: string;
  readonly enc: StringEncoding;
  /** Resource-type local for a handle op of this side's plan. */
  readonly R: (op: ValueOp & { op: 'handle' }) => string;
}

/** Emits the copying of values from one side to the other. Ops are walked on the source side's plan. */
class FuseGen {
  constructor(readonly e: Emitter) {}

  private bind(expr: string, prefix = 'v'): string {
    if (/^[A-Za-z_$][\w$]*$/.test(expr)) return expr;
    const t = this.e.tmp(prefix);
    this.e.line(`const ${t} = ${expr};`);
    return t;
  }

  // lift_flat on the source side, then lower_flat on the destination side; returns destination flat expressions.
  flat(op0: ValueOp, vals: string[], s: Side, d: Side, where: string): string[] {
    const op = norm(op0);
    const W = Emitter.str(where);
    switch (op.op) {
      case 'bool': return [`(${vals.shift()!} !== 0 ? 1 : 0)`];
      case 'int': { const x = vals.shift()!; const c = INT_CANON[op.kind]; return [c === undefined ? x : c(x)]; }
      case 'float': return [vals.shift()!];
      case 'char': return [this.bind(`f.char(${vals.shift()!}, ${W})`, 'c')];
      case 'string': {
        const p = vals.shift()!, n = vals.shift()!;
        return this.string(s, d, p, n, W);
      }
      case 'list': {
        const p = this.bind(`${vals.shift()!} >>> 0`, 'p'), n = this.bind(`${vals.shift()!} >>> 0`, 'n');
        return [this.list(op, p, n, s, d, where), n];
      }
      case 'record': {
        const out: string[] = [];
        for (const f of op.fields) out.push(...this.flat(f.op, vals, s, d, `${where}.${f.key}`));
        return out;
      }
      case 'variant': return this.flatVariant(op, vals, s, d, where);
      case 'flags': {
        const x = vals.shift()!;
        return [op.names.length >= 32 ? x : `(${x} & ${(2 ** op.names.length) - 1})`];
      }
      case 'handle': return [this.handle(op, vals.shift()!, s, d, W)];
      default: throw new TypeError(`unreachable: ${op.op}`);
    }
  }

  private string(s: Side, d: Side, p: string, n: string, W: string): [string, string] {
    const q = this.e.tmp('p');
    const len = this.e.tmp('n');
    this.e.line(`const ${q} = f.S[${Emitter.str(`${s.enc}>${d.enc}`)}](${s.m}, ${p}, ${n}, ${d.m}, ${d.ra}, ${W});`);
    this.e.line(`const ${len} = f.fout.len;`);
    return [q, len];
  }

  private handle(op: ValueOp & { op: 'handle' }, i: string, s: Side, d: Side, W: string): string {
    return this.bind(op.kind === 'own'
      ? `f.moveOwn(${s.T}, ${s.R(op)}, ${d.T}, ${i}, ${W})`
      : `f.lendBorrow(${s.T}, ${s.R(op)}, ${d.T}, ${d.st}, ${i}, ${W}, L)`, 'hd');
  }

  private flatVariant(op: VariantOp, vals: string[], s: Side, d: Side, where: string): string[] {
    const e = this.e;
    const W = Emitter.str(where);
    const disc = vals.shift()!;
    const slots = op.flat.map(() => vals.shift()!);
    const n = op.cases.length;
    if (op.cases.every((c) => c.op === undefined || flatPassThrough(c.op))) {
      e.line(`if ((${disc} >>> 0) >= ${n}) h.badDisc(${disc} >>> 0, ${n}, ${W});`);
      return [disc, ...slots];
    }
    const outs = op.flat.map(() => e.tmp('f'));
    e.line(`let ${outs.map((o, i) => `${o} = ${slots[i]}`).join(', ')};`);
    e.block(`switch (${disc})`, () => {
      op.cases.forEach((c: CaseOp, i) => {
        if (c.op === undefined || flatPassThrough(c.op)) return;
        e.block(`case ${i}:`, () => {
          const cvals = c.flat.map((t, j) => this.bind(coerceOut(slots[j]!, op.flat[j]!, t), 'x'));
          const res = this.flat(c.op!, cvals, s, d, `${where}.val`);
          res.forEach((v, j) => e.line(`${outs[j]} = ${coerceIn(v, c.flat[j]!, op.flat[j]!)};`));
          e.line('break;');
        });
      });
      const fine = op.cases.map((c, i) => (c.op === undefined || flatPassThrough(c.op) ? i : -1)).filter((i) => i >= 0);
      for (const i of fine) e.line(`case ${i}:`);
      if (fine.length > 0) e.line('break;');
      e.line(`default: h.badDisc(${disc} >>> 0, ${n}, ${W});`);
    });
    return [disc, ...outs];
  }

  /** Copies `n` elements of a list at source `p` (unchecked) into fresh destination memory; returns its pointer. */
  private list(op: ListOp, p: string, n: string, s: Side, d: Side, where: string): string {
    const e = this.e;
    const W = Emitter.str(where);
    e.line(`h.checkList(${s.m}, ${p}, ${n}, ${op.size}, ${op.align}, ${W});`);
    const q = e.tmp('p');
    e.line(`const ${q} = h.alloc(${d.m}, ${d.ra}, 0, 0, ${op.align}, ${n} * ${op.size}, ${W}, 'list');`);
    if (plain(op.elem)) {
      // Lists of plain values: one TypedArray#set between the two memories.
      e.line(`if (${n} !== 0) ${d.m}.u8.set(${s.m}.u8.subarray(${p}, ${p} + ${n} * ${op.size}), ${q});`);
    } else {
      const i = e.tmp('i');
      e.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => this.mem(op.elem, `${p} + ${i} * ${op.size}`, `${q} + ${i} * ${op.size}`, s, d, `${where}[]`));
    }
    return q;
  }

  /** Copies bytes `[sp, sp+size)` to `dp` (both checked). */
  private bytes(size: number, sp: string, dp: string, s: Side, d: Side): void {
    const e = this.e;
    if (size === 0) return;
    if (size === 1) e.line(`${d.m}.u8[${dp}] = ${s.m}.u8[${sp}];`);
    else if (size === 2) e.line(`${d.m}.dv.setUint16(${dp}, ${s.m}.dv.getUint16(${sp}, true), true);`);
    else if (size === 4) e.line(`${d.m}.dv.setUint32(${dp}, ${s.m}.dv.getUint32(${sp}, true), true);`);
    else if (size === 8) {
      e.line(`${d.m}.dv.setUint32(${dp}, ${s.m}.dv.getUint32(${sp}, true), true);`);
      e.line(`${d.m}.dv.setUint32(${dp} + 4, ${s.m}.dv.getUint32(${sp} + 4, true), true);`);
    } else e.line(`${d.m}.u8.set(${s.m}.u8.subarray(${sp}, ${sp} + ${size}), ${dp});`);
  }

  // CanonicalABI.md load on the source side, then store on the destination side (addresses checked by the caller).
  mem(op0: ValueOp, sp0: string, dp0: string, s: Side, d: Side, where: string): void {
    const op = norm(op0);
    const e = this.e;
    const W = Emitter.str(where);
    const sp = this.bind(sp0, 'sp');
    const dp = this.bind(dp0, 'dp');
    switch (op.op) {
      case 'bool': e.line(`${d.m}.u8[${dp}] = ${s.m}.u8[${sp}] !== 0 ? 1 : 0;`); return;
      case 'int': case 'float': this.bytes(op.op === 'int' ? INT_SIZE[op.kind]! : op.kind === 'f32' ? 4 : 8, sp, dp, s, d); return;
      case 'char': e.line(`${d.m}.dv.setUint32(${dp}, f.char(${s.m}.dv.getUint32(${sp}, true), ${W}), true);`); return;
      case 'string': {
        const [q, n] = this.string(s, d, `${s.m}.dv.getUint32(${sp}, true)`, `${s.m}.dv.getUint32(${sp} + 4, true)`, W);
        e.line(`${d.m}.dv.setUint32(${dp}, ${q}, true);`);
        e.line(`${d.m}.dv.setUint32(${dp} + 4, ${n}, true);`);
        return;
      }
      case 'list': {
        const p = this.bind(`${s.m}.dv.getUint32(${sp}, true)`, 'p');
        const n = this.bind(`${s.m}.dv.getUint32(${sp} + 4, true)`, 'n');
        const q = this.list(op, p, n, s, d, where);
        e.line(`${d.m}.dv.setUint32(${dp}, ${q}, true);`);
        e.line(`${d.m}.dv.setUint32(${dp} + 4, ${n}, true);`);
        return;
      }
      case 'record':
        if (plain(op)) { this.bytes(op.size, sp, dp, s, d); return; }
        for (const f of op.fields) this.mem(f.op, `${sp} + ${f.offset}`, `${dp} + ${f.offset}`, s, d, `${where}.${f.key}`);
        return;
      case 'variant': {
        const n = op.cases.length;
        const disc = this.bind(DISC_LOAD[op.disc](s.m, sp), 'd');
        e.line(`if (${disc} >= ${n}) h.badDisc(${disc}, ${n}, ${W});`);
        e.line(DISC_STORE[op.disc](d.m, dp, disc));
        if (op.cases.every((c) => c.op === undefined)) return;
        if (op.cases.every((c) => c.op === undefined || plain(c.op))) {
          this.bytes(op.size - op.payloadOffset, `${sp} + ${op.payloadOffset}`, `${dp} + ${op.payloadOffset}`, s, d);
          return;
        }
        e.block(`switch (${disc})`, () => {
          op.cases.forEach((c, i) => {
            if (c.op === undefined) return;
            e.block(`case ${i}:`, () => {
              this.mem(c.op!, `${sp} + ${op.payloadOffset}`, `${dp} + ${op.payloadOffset}`, s, d, `${where}.val`);
              e.line('break;');
            });
          });
        });
        return;
      }
      case 'flags': {
        const mask = op.names.length >= 32 ? '' : ` & ${(2 ** op.names.length) - 1}`;
        e.line(FLAG_STORE[op.size](d.m, dp, `(${FLAG_LOAD[op.size](s.m, sp)}${mask})`));
        return;
      }
      case 'handle':
        e.line(`${d.m}.dv.setUint32(${dp}, ${this.handle(op, `${s.m}.dv.getUint32(${sp}, true)`, s, d, W)}, true);`);
        return;
      default: throw new TypeError(`unreachable: ${op.op}`);
    }
  }
}

function ident(name: string): string {
  return `$fused_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** The source of a fused adapter's factory body (parameters `h`, `f`, `k`, `a` caller env, `b` callee env). */
export function fusedSource(lower: FusePlan, lift: FusePlan): string {
  const e = new Emitter();
  const g = new FuseGen(e);
  const N = Emitter.str(lift.name);
  const A: Side = { m: 'ma', ra: 'raa', st: 'sta', T: 'Ta', enc: lower.options.encoding, R: (op) => `RA${lower.resources.indexOf(op.resource)}` };
  const B: Side = { m: 'mb', ra: 'rab', st: 'stb', T: 'Tb', enc: lift.options.encoding, R: (op) => `RB${lift.resources.indexOf(op.resource)}` };
  const cargs = lower.core.params.map((_t, i) => `w${i}`);
  const borrows = lift.borrowParams;
  // CanonicalABI.md "Lifting and Lowering Context" reallocate: may_leave is cleared while a realloc runs. Copying
  // runs no other guest code, so the destination's flag is cleared for the whole copy (callee's for the arguments,
  // caller's for the result) and set again on failure; copies that allocate nothing leave it alone.
  const argReallocs = paramsAllocate(lower);
  const resultReallocs = resultAllocates(lift);
  // Arguments: caller (A) → callee (B).
  if (argReallocs) e.line('stb.l = 2;');
  let bargs: string[];
  if (lower.paramsInMemory) {
    const t = lower.paramsTuple!;
    e.line('const ap = w0 >>> 0;');
    e.line(`ma.check(ap, ${t.size}, ${t.align}, ${N});`);
    e.line(`const bp = h.alloc(mb, rab, 0, 0, ${t.align}, ${t.size}, ${N});`);
    g.mem(t, 'ap', 'bp', A, B, lift.name);
    bargs = ['bp'];
  } else {
    const vals = cargs.slice();
    bargs = [];
    lower.params.forEach((p) => bargs.push(...g.flat(p.op, vals, A, B, `${lift.name}(${p.name})`)));
  }
  if (argReallocs) e.line('stb.l = 0;');
  const hasCore = lift.core.results.length > 0;
  e.line(`${hasCore ? 'const c = ' : ''}core(${bargs.join(', ')});`);
  // Result: callee (B) → caller (A).
  let ret: string | undefined;
  if (lift.result !== undefined) {
    const where = `result of ${lift.name}`;
    const W = Emitter.str(where);
    if (resultReallocs) e.line('sta.l = 2;');
    if (lift.resultInMemory) {
      const { size, align } = opLayout(lift.result);
      e.line('const rp = c >>> 0;');
      e.line(`mb.check(rp, ${size}, ${align}, ${W});`);
      e.line(`const op = ${cargs[cargs.length - 1]} >>> 0;`);
      e.line(`ma.check(op, ${size}, ${align}, ${W});`);
      g.mem(lift.result, 'rp', 'op', B, A, where);
    } else {
      ret = e.tmp('out');
      e.line(`${ret} = ${g.flat(lift.result, ['c'], B, A, where)[0]};`);
    }
    if (resultReallocs) e.line('sta.l = 0;');
  }
  // CanonicalABI.md "canon lift": the callee must have dropped every borrow it was lent before returning.
  if (borrows) e.line(`if (stb.b !== 0) h.borrowsLeft(stb, ${N});`);
  if (lift.options.postReturn) e.line(`stb.l = 1; pr(${hasCore ? 'c' : ''}); stb.l = 0;`);

  const body = new Emitter();
  body.line('const ma = a.m, raa = a.ra, sta = a.st, mb = b.m, rab = b.ra, stb = b.st, core = b.core, pr = b.pr;');
  if (lower.resources.length > 0 || lift.resources.length > 0) {
    body.line('const Ta = a.t, Tb = b.t;');
    lower.resources.forEach((_r, i) => body.line(`const RA${i} = a.res(k.ra[${i}]);`));
    lift.resources.forEach((_r, i) => body.line(`const RB${i} = b.res(k.rb[${i}]);`));
  }
  body.block(`return function ${ident(lift.name)}(${cargs.join(', ')})`, () => {
    // CanonicalABI.md "canon lower": trap_if(not may_leave) in the caller; then "canon lift" enters the callee.
    body.line(`if (sta.l !== 0) h.leaveFail(${Emitter.str(lower.name)}, sta.l);`);
    body.line(`if (stb.f !== 0) h.enterFail(stb, ${N});`);
    body.line(`if (stb.p !== undefined) h.enterNested(stb, ${N});`);
    body.line('stb.f = 1;');
    if (borrows) body.line('const L = [];');
    if (ret !== undefined) body.line(`let ${ret};`);
    body.block('try', () => { for (const l of e.source().split('\n')) body.line(l.trim() === '' ? '' : l.replace(/^ {2}/, '')); });
    // h.fail sets the callee's may_leave again; the caller's is set here when the result's copy failed.
    body.line(`catch (x) { ${resultReallocs ? 'sta.l = 0; ' : ''}${borrows ? 'f.releaseLends(L); ' : ''}throw h.fail(stb, ${N}, x); }`);
    if (borrows) body.line('f.releaseLends(L);');
    body.line('stb.f = 0;');
    body.line('if (stb.p !== undefined) h.exitNested(stb);');
    if (ret !== undefined) body.line(`return ${ret};`);
  });
  return body.source();
}

/** The callee's environment, as recorded when its lift adapter was created. */
export type CalleeEnv = LiftEnv;
