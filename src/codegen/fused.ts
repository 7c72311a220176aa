// Fused adapters (DESIGN.md §1, §2 runtime): a guest import satisfied by another instance's lifted export becomes
// one straight-line core function that copies the arguments from the caller's memory (or flat values) into the
// callee's, calls the callee's core function, and copies the result back: CanonicalABI.md "canon lower" of a
// "canon lift", with no JS value in between. Strings are transcoded memory to memory (byte copy when encodings
// agree), lists of plain numbers/records move with one `TypedArray#set`, handles move table to table.
import type { CaseOp, ValueOp } from '../abi/plan.js';
import type { FlatType } from '../abi/flatten.js';
import type { StringEncoding } from '../abi/context.js';
import { Emitter } from './emitter.js';
import { coerceIn, coerceOut, flatCount, INLINE_MAX, inlineCost, PRELUDE_64, sub } from './values.js';
import { INT_WRAP } from '../abi/int-wrap.js';
import { flatPassThrough } from '../abi/fuse-shape.js';
import { fuseSteps, norm, plain, plainPayloads, splitsFaults, type FusePlan } from '../abi/fuse-plan.js';
import { intSize } from '../abi/type-facts.js';

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
  /** The side's memory is 64-bit (cm64): i64 pointers and lengths, 8 bytes each in memory. */
  readonly w64: boolean;
}

/** The shared copy functions of one fused adapter (linear code, as codegen/values.ts): one per (op, source side). */
class FuseShared {
  readonly defs: string[] = [];
  private readonly names = new Map<ValueOp, Map<string, string>>();
  private count = 0;
  /** An argument (caller to callee) carries a handle: its adds to the callee's table are logged (runtime/fuse-handles.ts). */
  argHandles = false;
  constructor(readonly consts: unknown[], readonly A: Side, readonly B: Side, readonly loans: boolean) {}

  /** The function copying values of `op` the `kind` way from side `s` to side `d`, emitted on first use. */
  fn(op: ValueOp, kind: 'flat' | 'mem', s: Side, d: Side): string {
    let byKind = this.names.get(op);
    if (byKind === undefined) this.names.set(op, byKind = new Map());
    const key = `${kind}${s === this.A ? 'AB' : 'BA'}`;
    let name = byKind.get(key);
    if (name !== undefined) return name;
    name = `_${kind === 'flat' ? 'F' : 'M'}${s === this.A ? 'ab' : 'ba'}${this.count++}`;
    byKind.set(key, name);
    const e = new Emitter(this.consts);
    const g = new FuseGen(e, this);
    const L = this.loans ? ', L' : '';
    if (kind === 'mem') e.block(`function ${name}(sp, dp, W${L})`, () => g.memInline(op, 'sp', 'dp', s, d, 'W'));
    else {
      const n = flatCount(norm(op));
      e.block(`function ${name}(F, W${L})`, () => {
        const out = g.flatInline(op, Array.from({ length: n }, (_x, i) => `F[${i}]`), s, d, 'W');
        e.line(`return [${out.join(', ')}];`);
      });
    }
    this.defs.push(e.source().replace(/^ {2}/gm, ''));
    return name;
  }
}

/** Emits the copying of values from one side to the other. Ops are walked on the source side's plan.
 *  `where` arguments are JS expressions (string literals at the top level). */
class FuseGen {
  constructor(readonly e: Emitter, readonly shared: FuseShared) {}

  private get L(): string {
    return this.shared.loans ? ', L' : '';
  }

  private bind(expr: string, prefix = 'v'): string {
    if (/^[A-Za-z_$][\w$]*$/.test(expr)) return expr;
    const t = this.e.tmp(prefix);
    this.e.line(`const ${t} = ${expr};`);
    return t;
  }

  // lift_flat on the source side, then lower_flat on the destination side; returns destination flat expressions.
  flat(op0: ValueOp, vals: string[], s: Side, d: Side, where: string): string[] {
    if (inlineCost(op0) <= INLINE_MAX) return this.flatInline(op0, vals, s, d, where);
    const f = this.shared.fn(op0, 'flat', s, d);
    const mine = vals.splice(0, flatCount(norm(op0)));
    const a = this.bind(`${f}([${mine.join(', ')}], ${where}${this.L})`, 'fa');
    return Array.from({ length: flatCount(norm(op0)) }, (_x, i) => this.bind(`${a}[${i}]`));
  }

  flatInline(op0: ValueOp, vals: string[], s: Side, d: Side, where: string): string[] {
    const op = norm(op0);
    const W = where;
    switch (op.op) {
      case 'bool': return [`(${vals.shift()!} !== 0 ? 1 : 0)`];
      case 'int': { const x = vals.shift()!; const c = INT_CANON[op.kind]; return [c === undefined ? x : c(x)]; }
      case 'float': return [vals.shift()!];
      case 'char': return [this.bind(`f.char(${vals.shift()!}, ${W})`, 'c')];
      case 'string': {
        const p = vals.shift()!, n = vals.shift()!;
        const [q, len] = s.w64 ? this.string(s, d, `P64(${p})`, s.enc === 'latin1+utf16' ? `L64(${n})` : `P64(${n})`, W) : this.string(s, d, p, n, W);
        return d.w64 ? [`BigInt(${q})`, d.enc === 'latin1+utf16' ? `T64(${len})` : `BigInt(${len})`] : [q, len];
      }
      case 'list': {
        const p = this.bind(s.w64 ? `P64(${vals.shift()!})` : `${vals.shift()!} >>> 0`, 'p'), n = this.bind(s.w64 ? `P64(${vals.shift()!})` : `${vals.shift()!} >>> 0`, 'n');
        const q = this.list(op, p, n, s, d, where);
        return d.w64 ? [`BigInt(${q})`, `BigInt(${n})`] : [q, n];
      }
      case 'record': {
        const out: string[] = [];
        for (const f of op.fields) out.push(...this.flat(f.op, vals, s, d, sub(where, fieldSeg(op, f.key))));
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
    // Arguments' handles are logged, to be taken out of the callee's table again on a caller's argument fault.
    const arg = s === this.shared.A;
    if (arg) this.shared.argHandles = true;
    return this.bind(op.kind === 'own'
      ? `f.moveOwn${arg ? 'In' : ''}(${s.T}, ${s.R(op)}, ${d.T}, ${i}, ${W})`
      : `f.lendBorrow${arg ? 'In' : ''}(${s.T}, ${s.R(op)}, ${d.T}, ${d.st}, ${i}, ${W}, L)`, 'hd');
  }

  private flatVariant(op: VariantOp, vals: string[], s: Side, d: Side, where: string): string[] {
    const e = this.e;
    const W = where;
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
          const res = this.flat(c.op!, cvals, s, d, payloadWhere(op, where));
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
    const W = where;
    e.line(`h.checkList(${s.m}, ${p}, ${n}, ${op.size}, ${op.align}, ${W});`);
    const q = e.tmp('p');
    e.line(`const ${q} = f.alloc(${d.m}, ${d.ra}, 0, 0, ${op.align}, ${n} * ${op.size}, ${W}, 'list');`);
    if (plain(op.elem)) {
      // Lists of plain values: one TypedArray#set between the two memories.
      e.line(`if (${n} !== 0) ${d.m}.u8.set(${s.m}.u8.subarray(${p}, ${p} + ${n} * ${op.size}), ${q});`);
    } else {
      const i = e.tmp('i');
      const We = where.startsWith('"') ? sub(where, '[]') : this.bind(sub(where, '[]'), 'w');
      e.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => this.mem(op.elem, `${p} + ${i} * ${op.size}`, `${q} + ${i} * ${op.size}`, s, d, We));
    }
    return q;
  }

  /** Loads pointer/length number `k` (0 pointer, 1 length) of a string or list at `p` of side `m` as a number. */
  private loadPtr(m: Side, p: string, k = 0, tagged = false): string {
    if (!m.w64) return `${m.m}.dv.getUint32(${p}${k === 0 ? '' : ' + 4'}, true)`;
    return `${tagged ? 'L64' : 'P64'}(${m.m}.dv.getBigUint64(${p}${k === 0 ? '' : ' + 8'}, true))`;
  }

  /** Stores number `x` as pointer/length `k` of a string or list at `p` of side `m`. */
  private storePtr(m: Side, p: string, x: string, k = 0, tagged = false): string {
    if (!m.w64) return `${m.m}.dv.setUint32(${p}${k === 0 ? '' : ' + 4'}, ${x}, true);`;
    return `${m.m}.dv.setBigUint64(${p}${k === 0 ? '' : ' + 8'}, ${tagged ? 'T64' : 'BigInt'}(${x}), true);`;
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
    if (inlineCost(op0) <= INLINE_MAX) { this.memInline(op0, sp0, dp0, s, d, where); return; }
    this.e.line(`${this.shared.fn(op0, 'mem', s, d)}(${sp0}, ${dp0}, ${where}${this.L});`);
  }

  memInline(op0: ValueOp, sp0: string, dp0: string, s: Side, d: Side, where: string): void {
    const op = norm(op0);
    const e = this.e;
    const W = where;
    const sp = this.bind(sp0, 'sp');
    const dp = this.bind(dp0, 'dp');
    switch (op.op) {
      case 'bool': e.line(`${d.m}.u8[${dp}] = ${s.m}.u8[${sp}] !== 0 ? 1 : 0;`); return;
      case 'int': case 'float': this.bytes(op.op === 'int' ? intSize(op.kind) : op.kind === 'f32' ? 4 : 8, sp, dp, s, d); return;
      case 'char': e.line(`${d.m}.dv.setUint32(${dp}, f.char(${s.m}.dv.getUint32(${sp}, true), ${W}), true);`); return;
      case 'string': {
        const [q, n] = this.string(s, d, this.loadPtr(s, sp), this.loadPtr(s, sp, 1, s.enc === 'latin1+utf16'), W);
        e.line(this.storePtr(d, dp, q));
        e.line(this.storePtr(d, dp, n, 1, d.enc === 'latin1+utf16'));
        return;
      }
      case 'list': {
        const p = this.bind(this.loadPtr(s, sp), 'p');
        const n = this.bind(this.loadPtr(s, sp, 1), 'n');
        const q = this.list(op, p, n, s, d, where);
        e.line(this.storePtr(d, dp, q));
        e.line(this.storePtr(d, dp, n, 1));
        return;
      }
      case 'record':
        if (plain(op)) { this.bytes(op.size, sp, dp, s, d); return; }
        for (const f of op.fields) this.mem(f.op, `${sp} + ${f.offset}`, `${dp} + ${f.offset}`, s, d, sub(where, fieldSeg(op, f.key)));
        return;
      case 'variant': {
        const n = op.cases.length;
        const disc = this.bind(DISC_LOAD[op.disc](s.m, sp), 'd');
        e.line(`if (${disc} >= ${n}) h.badDisc(${disc}, ${n}, ${W});`);
        e.line(DISC_STORE[op.disc](d.m, dp, disc));
        if (op.cases.every((c) => c.op === undefined)) return;
        // Only when every case fills the payload area: store writes a case's own bytes, never the rest.
        if (plainPayloads(op)) {
          this.bytes(op.size - op.payloadOffset, `${sp} + ${op.payloadOffset}`, `${dp} + ${op.payloadOffset}`, s, d);
          return;
        }
        e.block(`switch (${disc})`, () => {
          op.cases.forEach((c, i) => {
            if (c.op === undefined) return;
            e.block(`case ${i}:`, () => {
              this.mem(c.op!, `${sp} + ${op.payloadOffset}`, `${dp} + ${op.payloadOffset}`, s, d, payloadWhere(op, where));
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

/** A field's path segment: a tuple's element as `[i]` (as JS-value lowering and the README name it), a record's `.name`. */
function fieldSeg(op: ValueOp & { op: 'record' }, key: string): string {
  return op.tuple ? `[${key}]` : `.${key}`;
}

/** A case's payload: `.val`, but an option's payload is the value itself (as JS values are named, lifted or lowered). */
function payloadWhere(op: VariantOp, where: string): string {
  return op.form === 'option' ? where : sub(where, '.val');
}

function ident(name: string): string {
  return `$fused_${name.replace(/[^A-Za-z0-9_$]/g, '_')}`;
}

/** The source of a fused adapter's factory body (parameters `h`, `f`, `k`, `a` caller env, `b` callee env), step
 *  by step from `fuseSteps(lower, lift)` (abi/fuse-plan.ts). */
export function fusedSource(lower: FusePlan, lift: FusePlan): string {
  const e = new Emitter();
  const N = Emitter.str(lift.name);
  const aw = lower.options.addrType === 'i64', bw = lift.options.addrType === 'i64';
  const A: Side = { m: 'ma', ra: 'raa', st: 'sta', T: 'Ta', enc: lower.options.encoding, R: (op) => `RA${lower.resources.indexOf(op.resource)}`, w64: aw };
  const B: Side = { m: 'mb', ra: 'rab', st: 'stb', T: 'Tb', enc: lift.options.encoding, R: (op) => `RB${lift.resources.indexOf(op.resource)}`, w64: bw };
  const steps = fuseSteps(lower, lift);
  const borrows = steps.some((st) => st.i === 'lend-scope');
  const shared = new FuseShared(e.consts, A, B, borrows);
  const g = new FuseGen(e, shared);
  const cargs = lower.core.params.map((_t, i) => `w${i}`);
  const vals = cargs.slice();
  const bargs: string[] = [];
  const hasCore = lift.core.results.length > 0;
  let ret: string | undefined;
  let checkLeave = false, enter = false, exit = false, resultReallocs = false, resultFault = false;
  const split = splitsFaults(lower, lift);
  for (const st of steps) {
    switch (st.i) {
      case 'check-may-leave': checkLeave = true; break;
      case 'enter': enter = true; break;
      case 'lend-scope': break; // `L`, declared below
      case 'may-leave': {
        const side = st.side === 'callee' ? 'stb' : 'sta';
        if (st.side === 'caller' && !st.value) resultReallocs = true;
        if (st.side === 'caller' && st.value) break; // in the result's copy (copy-result)
        e.line(`${side}.l = ${st.value ? 0 : 2};`);
        break;
      }
      case 'copy-args-tuple':
        e.line(`const ap = ${aw ? 'P64(w0)' : 'w0 >>> 0'};`);
        e.line(`ma.check(ap, ${st.op.size}, ${st.op.align}, ${Emitter.str(st.where)});`);
        e.line(`const bp = f.alloc(mb, rab, 0, 0, ${st.op.align}, ${st.op.size}, ${Emitter.str(st.where)});`);
        if (plain(st.op)) g.mem(st.op, 'ap', 'bp', A, B, Emitter.str(st.where));
        else st.op.fields.forEach((fd, i) => g.mem(fd.op, `ap + ${fd.offset}`, `bp + ${fd.offset}`, A, B, Emitter.str(st.fieldWheres[i]!)));
        bargs.push(bw ? 'BigInt(bp)' : 'bp');
        break;
      case 'copy-arg': bargs.push(...g.flat(st.op, vals, A, B, Emitter.str(st.where))); break;
      case 'call-export':
        if (split) e.line('ph = 1;');
        e.line(`${hasCore ? 'const c = ' : ''}core(${bargs.join(', ')});`);
        break;
      case 'copy-result': {
        const W = Emitter.str(st.where);
        if (st.via === 'flat') ret = e.tmp('out');
        const copy = (): void => {
          if (st.via === 'memory') {
            e.line(`const rp = ${bw ? 'P64(c)' : 'c >>> 0'};`);
            e.line(`mb.check(rp, ${st.size}, ${st.align}, ${W});`);
            e.line(`const op = ${aw ? `P64(${cargs[cargs.length - 1]})` : `${cargs[cargs.length - 1]} >>> 0`};`);
            e.line(`f.dcheck(ma, op, ${st.size}, ${st.align}, ${W});`);
            g.mem(st.op, 'rp', 'op', B, A, W);
          } else {
            e.line(`${ret} = ${g.flat(st.op, ['c'], B, A, W)[0]};`);
          }
          if (resultReallocs) e.line('sta.l = 0;');
        };
        // The JS path lowers the result into the caller after the callee returned (post-return run): a destination
        // fault is kept (`rf`) until then, and is the caller's.
        if (!split) { copy(); break; }
        e.block('try', copy);
        e.line(`catch (x) { if (!f.isDest(x)) throw x; ${resultReallocs ? 'sta.l = 0; ' : ''}rf = x; }`);
        resultFault = true;
        break;
      }
      // CanonicalABI.md "canon lift": the callee must have dropped every borrow it was lent before returning.
      case 'check-borrows': e.line(`if (stb.b !== 0) h.borrowsLeft(stb, ${N});`); break;
      case 'post-return': e.line(`stb.l = 1; pr(${hasCore ? 'c' : ''}); stb.l = 0;`); break;
      case 'exit': exit = true; break;
      case 'return-core': break;
    }
  }

  const body = new Emitter();
  if (aw || bw) for (const l of PRELUDE_64) body.line(l);
  body.line(`const ma = a.m, raa = ${aw ? 'R64(a.ra)' : 'a.ra'}, sta = a.st, mb = b.m, rab = ${bw ? 'R64(b.ra)' : 'b.ra'}, stb = b.st, core = b.core, pr = b.pr;`);
  if (lower.resources.length > 0 || lift.resources.length > 0) {
    body.line('const Ta = a.t, Tb = b.t;');
    lower.resources.forEach((_r, i) => body.line(`const RA${i} = a.res(k.ra[${i}]);`));
    lift.resources.forEach((_r, i) => body.line(`const RB${i} = b.res(k.rb[${i}]);`));
  }
  for (const def of shared.defs) for (const l of def.split('\n')) body.line(l);
  body.block(`return function ${ident(lift.name)}(${cargs.join(', ')})`, () => {
    // CanonicalABI.md "canon lower": trap_if(not may_leave) in the caller; then "canon lift" enters the callee.
    if (checkLeave) body.line(`if (sta.l !== 0) h.leaveFail(${Emitter.str(lower.name)}, sta.l);`);
    if (enter) {
      body.line(`if (stb.f !== 0) h.enterFail(stb, ${N});`);
      body.line(`if (stb.p !== undefined) h.enterNested(stb, ${N});`);
      body.line('stb.f = 1;');
    }
    if (borrows) body.line('const L = [];');
    if (ret !== undefined) body.line(`let ${ret};`);
    if (split) body.line('let ph = 0;');
    if (resultFault) body.line('let rf;');
    const undo = split && shared.argHandles;
    if (undo) body.line('f.argsStart();');
    body.block('try', () => { for (const l of e.source().split('\n')) body.line(l.trim() === '' ? '' : l.replace(/^ {2}/, '')); });
    // h.fail sets the callee's may_leave again; the caller's is set here when the result's copy failed. A fault of
    // the caller's argument data (before the call, not the callee's realloc) is the caller's: the callee never ran.
    // Handles the arguments already put in the callee's table are taken out again (the JS path lifts them all first).
    const callerArgs = split ? `if (ph === 0 && !f.isDest(x)) ${undo ? '{ f.undoArgs(Tb); ' : ''}throw f.other(x, ${N}, ${Emitter.str(lower.name)}, stb${enter ? '' : ', false'});${undo ? ' }' : ''} ` : '';
    body.line(`catch (x) { ${resultReallocs ? 'sta.l = 0; ' : ''}${borrows ? 'f.releaseLends(L); ' : ''}${callerArgs}throw h.fail(stb, ${N}, x); }`);
    if (borrows) body.line('f.releaseLends(L);');
    if (exit) {
      body.line('stb.f = 0;');
      body.line('if (stb.p !== undefined) h.exitNested(stb);');
    }
    if (resultFault) body.line(`if (rf !== undefined) throw f.other(rf, ${Emitter.str(`result of ${lift.name}`)}, ${Emitter.str(`result of import ${lower.name}`)});`);
    if (ret !== undefined) body.line(`return ${ret};`);
  });
  return body.source();
}
