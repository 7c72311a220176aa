// Fused adapters without eval (DESIGN.md §1, §2 runtime; CanonicalABI.md "canon lower" of a "canon lift"): the
// same memory-to-memory copy as the generated fused adapters (codegen/fused.ts), for hosts that bar eval
// (`mode: 'interp'`) and for transpiled components (`kumiki/runtime`). A pair's plans are compiled once into a tree
// of closures — one per value op — that the core function walks per call: arguments from the caller's memory (or
// flat values) into the callee's with the callee's realloc, the callee's core function, the result back, then
// post-return. Strings go through runtime/fuse-strings.ts, handles through runtime/fuse-handles.ts; no JS value of
// the crossing type is ever made (so a `map` keeps duplicate keys, as the spec's list of pairs does).
// It lives in runtime/ because `kumiki/runtime` links with it; the JIT loads it only in the interpreter's on-demand
// chunk (interp/index.ts), so codegen apps do not ship it.
import type { CaseOp, ValueOp } from '../abi/plan.js';
import type { FlatType } from '../abi/flatten.js';
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, LiftedEnv } from '../runtime/adapter-env.js';
import { enterFail, enterNested, exitNested, fail, leaveFail, type InstanceState } from '../runtime/glue/index.js';
import type { MemView, ReallocFn } from '../runtime/glue/memview.js';
import { destAlloc as alloc, destCheck, isDestFault, otherSideFault } from '../runtime/fuse-fault.js';
import { checkList } from '../runtime/glue/lists.js';
import { badDisc } from '../runtime/glue/checks.js';
import { joinIn, joinOut } from '../abi/join.js';
import { INT_WRAP as W } from '../abi/int-wrap.js';
import { char, fout, stringCopy, type StringCopy } from '../runtime/fuse-strings.js';
import { argsStart, lendBorrow, lendBorrowIn, moveOwn, moveOwnIn, releaseLends, undoArgs } from '../runtime/fuse-handles.js';
import { flatPassThrough } from '../abi/fuse-shape.js';
import { fuseSteps, norm, plain, plainPayloads, splitsFaults, type FusedInstr, type FusePlan } from '../abi/fuse-plan.js';
import { intSize } from '../abi/type-facts.js';
import { inlineCost } from '../abi/op-cost.js';
import { l64, p64, realloc64, t64 } from '../runtime/addr64.js';
import { fuser, type CallerEnv, type FusedFactory, type FuseTag } from '../runtime/fuse-link.js';
import { borrowsLeft, type HandleEntry, type HandleTable, type RuntimeResource } from '../runtime/resources.js';

/** A core value as wasm hands it to JS: i32/f32/f64 as numbers, i64 as bigint. */
type Flat = number | bigint;

/** One instance's side of a fused call, resolved once per instance pair. */
interface Side {
  readonly m: MemView;
  /** The memory is 64-bit (cm64): i64 pointers and lengths, 8 bytes each in memory; `ra` takes numbers anyway. */
  readonly w64: boolean;
  readonly ra: ReallocFn | undefined;
  readonly st: InstanceState;
  readonly t: HandleTable;
  /** The runtime types of the plan's resources, by index in `plan.resources`. */
  readonly r: readonly RuntimeResource[];
}

/** Loans of the current call (lift_borrow), released when the callee returns; undefined when no borrow crosses. */
type Lends = HandleEntry[] | undefined;

/**
 * The path of a value in error messages (`f(x)[].name`), from `W`: the path of the nearest enclosing shared copy
 * (below), or '' at the top. Composed at compile time and called only when a message is needed.
 */
type Path = (W: string) => string;

/** Copies one value from source memory at `sp` to destination memory at `dp` (both already checked). */
type MemCopy = (s: Side, d: Side, sp: number, dp: number, L: Lends, W: string) => void;
/** Copies one value's flat values `v[i..]` into destination flat values (appended to `out`); returns the next `i`. */
type FlatCopy = (s: Side, d: Side, v: readonly Flat[], i: number, out: Flat[], L: Lends, W: string) => number;

/** Values whose copy is bigger than this are compiled once per op and shared by every use (linear in the type size,
 *  where one closure per path through a type that uses another twice grows with the paths). */
const SHARE_OVER = 8;

const STRING_COPIES = new Map<string, StringCopy>();
/** The string copier from `from` to `to` (one per pair of encodings, shared by every fused pair). */
function strings(from: StringEncoding, to: StringEncoding): StringCopy {
  const key = `${from}>${to}`;
  let c = STRING_COPIES.get(key);
  if (c === undefined) { c = stringCopy(from, to); STRING_COPIES.set(key, c); }
  return c;
}

// CanonicalABI.md "Flattening": lift_flat_variant / lower_flat_variant join coercions (abi/join.ts).
const coerceOut = (have: FlatType, want: FlatType): ((x: Flat) => Flat) | undefined => joinOut(have, want)?.fn;
const coerceIn = (have: FlatType, want: FlatType): ((x: Flat) => Flat) | undefined => joinIn(have, want)?.fn;

/** lift_flat's integer wrap as a flat i32 again (abi/int-wrap.ts); 32-bit kinds pass through unchanged. */
const INT_WRAP: Readonly<Record<string, (x: number) => number>> = { s8: W.s8.fn, u8: W.u8.fn, s16: W.s16.fn, u16: W.u16.fn };

/** Byte copy of `size` bytes between two memories (plain values: every bit pattern is valid). */
function bytes(size: number): MemCopy {
  switch (size) {
    case 0: return () => {};
    case 1: return (s, d, sp, dp) => { d.m.u8[dp] = s.m.u8[sp]!; };
    case 2: return (s, d, sp, dp) => { d.m.dv.setUint16(dp, s.m.dv.getUint16(sp, true), true); };
    case 4: return (s, d, sp, dp) => { d.m.dv.setUint32(dp, s.m.dv.getUint32(sp, true), true); };
    case 8: return (s, d, sp, dp) => {
      const sv = s.m.dv, dv = d.m.dv;
      dv.setUint32(dp, sv.getUint32(sp, true), true);
      dv.setUint32(dp + 4, sv.getUint32(sp + 4, true), true);
    };
    default: return (s, d, sp, dp) => { d.m.u8.set(s.m.u8.subarray(sp, sp + size), dp); };
  }
}

const DISC_LOAD = { u8: (m: MemView, p: number) => m.u8[p]!, u16: (m: MemView, p: number) => m.dv.getUint16(p, true), u32: (m: MemView, p: number) => m.dv.getUint32(p, true) };
const DISC_STORE = {
  u8: (m: MemView, p: number, x: number) => { m.u8[p] = x; },
  u16: (m: MemView, p: number, x: number) => { m.dv.setUint16(p, x, true); },
  u32: (m: MemView, p: number, x: number) => { m.dv.setUint32(p, x, true); },
};
const FLAG_SIZE = { 1: 'u8', 2: 'u16', 4: 'u32' } as const;

/** Compiles the copying of values from one side to the other. Ops are those of the source side's plan. */
class FuseCompiler {
  private readonly sharedMem = new Map<ValueOp, MemCopy>();
  private readonly sharedFlat = new Map<ValueOp, FlatCopy>();
  /** A handle was compiled (for `args`: its adds to the callee's table are logged, runtime/fuse-handles.ts). */
  handles = false;
  /** `srcPlan` resolves handle ops to resource indices; `copy` copies strings from the source's to the destination's
   *  encoding (`from`, `to`). */
  constructor(private readonly srcPlan: FusePlan, private readonly copy: StringCopy, private readonly from: StringEncoding, private readonly to: StringEncoding, private readonly args = false) {}

  private res(op: ValueOp & { op: 'handle' }): number {
    const i = this.srcPlan.resources.indexOf(op.resource);
    if (i < 0) throw new TypeError('unreachable: a handle of a resource the plan does not list');
    return i;
  }

  // CanonicalABI.md lift_own/lift_borrow on the source side, then lower_own/lower_borrow on the destination side.
  private handle(op: ValueOp & { op: 'handle' }, w: Path): (s: Side, d: Side, i: number, L: Lends, W: string) => number {
    const r = this.res(op);
    this.handles = true;
    // Arguments' handles are logged, to be taken out of the callee's table again on a caller's argument fault.
    const own = this.args ? moveOwnIn : moveOwn, lend = this.args ? lendBorrowIn : lendBorrow;
    return op.kind === 'own'
      ? (s, d, i, _L, W) => own(s.t, s.r[r]!, d.t, i, w(W))
      : (s, d, i, L, W) => lend(s.t, s.r[r]!, d.t, d.st, i, w(W), L!);
  }

  /** Copies a list of `n` elements at source `p` (unchecked) into fresh destination memory; returns its pointer. */
  private list(op: ValueOp & { op: 'list' }, w: Path): (s: Side, d: Side, p: number, n: number, L: Lends, W: string) => number {
    const { size, align } = op;
    if (plain(op.elem)) {
      // Lists of plain values: one TypedArray#set between the two memories.
      return (s, d, p, n, _L, W) => {
        const at = w(W);
        checkList(s.m, p, n, size, align, at);
        const q = alloc(d.m, d.ra, 0, 0, align, n * size, at, 'list');
        if (n !== 0) d.m.u8.set(s.m.u8.subarray(p, p + n * size), q);
        return q;
      };
    }
    const elem = this.mem(op.elem, (W) => `${w(W)}[]`);
    return (s, d, p, n, L, W) => {
      const at = w(W);
      checkList(s.m, p, n, size, align, at);
      const q = alloc(d.m, d.ra, 0, 0, align, n * size, at, 'list');
      for (let i = 0; i < n; i++) elem(s, d, p + i * size, q + i * size, L, W);
      return q;
    };
  }

  // CanonicalABI.md load on the source side, then store on the destination side (addresses checked by the caller).
  mem(op0: ValueOp, w: Path): MemCopy {
    if (inlineCost(op0) <= SHARE_OVER) return this.memOf(op0, w);
    let f = this.sharedMem.get(op0);
    if (f === undefined) {
      // Set before compiling: a shared copy's body refers to itself only through the map (types do not recurse).
      const slot: { f?: MemCopy } = {};
      this.sharedMem.set(op0, (s, d, sp, dp, L, W) => slot.f!(s, d, sp, dp, L, W));
      slot.f = this.memOf(op0, (W) => W);
      f = this.sharedMem.get(op0)!;
    }
    const shared = f;
    return (s, d, sp, dp, L, W) => shared(s, d, sp, dp, L, w(W));
  }

  private memOf(op0: ValueOp, w: Path): MemCopy {
    const op = norm(op0);
    switch (op.op) {
      case 'bool': return (s, d, sp, dp) => { d.m.u8[dp] = s.m.u8[sp] !== 0 ? 1 : 0; };
      case 'int': return bytes(intSize(op.kind));
      case 'float': return bytes(op.kind === 'f32' ? 4 : 8);
      case 'char': return (s, d, sp, dp, _L, W) => { const c = char(s.m.dv.getUint32(sp, true), w(W)); d.m.dv.setUint32(dp, c, true); };
      case 'string': {
        const copy = this.copy, sTagged = this.from === 'latin1+utf16', dTagged = this.to === 'latin1+utf16';
        return (s, d, sp, dp, _L, W) => {
          const p = s.w64 ? p64(s.m.dv.getBigUint64(sp, true)) : s.m.dv.getUint32(sp, true);
          const n = s.w64 ? (sTagged ? l64 : p64)(s.m.dv.getBigUint64(sp + 8, true)) : s.m.dv.getUint32(sp + 4, true);
          const q = copy(s.m, p, n, d.m, d.ra, w(W));
          const dv = d.m.dv; // after the copy: the destination's realloc may have grown its memory
          if (d.w64) { dv.setBigUint64(dp, BigInt(q), true); dv.setBigUint64(dp + 8, dTagged ? t64(fout.len) : BigInt(fout.len), true); }
          else { dv.setUint32(dp, q, true); dv.setUint32(dp + 4, fout.len, true); }
        };
      }
      case 'list': {
        const list = this.list(op, w);
        return (s, d, sp, dp, L, W) => {
          const sv = s.m.dv;
          const p = s.w64 ? p64(sv.getBigUint64(sp, true)) : sv.getUint32(sp, true);
          const n = s.w64 ? p64(sv.getBigUint64(sp + 8, true)) : sv.getUint32(sp + 4, true);
          const q = list(s, d, p, n, L, W);
          const dv = d.m.dv;
          if (d.w64) { dv.setBigUint64(dp, BigInt(q), true); dv.setBigUint64(dp + 8, BigInt(n), true); }
          else { dv.setUint32(dp, q, true); dv.setUint32(dp + 4, n, true); }
        };
      }
      case 'record': {
        if (plain(op)) return bytes(op.size);
        const fields = op.fields.map((f) => [f.offset, this.mem(f.op, (W) => `${w(W)}${op.tuple ? `[${f.key}]` : `.${f.key}`}`)] as const);
        return (s, d, sp, dp, L, W) => { for (const [o, f] of fields) f(s, d, sp + o, dp + o, L, W); };
      }
      case 'variant': {
        const n = op.cases.length, off = op.payloadOffset;
        const load = DISC_LOAD[op.disc], store = DISC_STORE[op.disc];
        const payload: readonly (MemCopy | undefined)[] = op.cases.every((c) => c.op === undefined) ? []
          // Only when every case fills the payload area: store writes a case's own bytes, never the rest.
          : plainPayloads(op) ? op.cases.map(() => bytes(op.size - off))
          : op.cases.map((c) => (c.op === undefined ? undefined : this.mem(c.op, (W) => `${w(W)}${op.form === 'option' ? '' : '.val'}`)));
        return (s, d, sp, dp, L, W) => {
          const disc = load(s.m, sp);
          if (disc >= n) badDisc(disc, n, w(W));
          store(d.m, dp, disc);
          const p = payload[disc];
          if (p !== undefined) p(s, d, sp + off, dp + off, L, W);
        };
      }
      case 'flags': {
        const k = FLAG_SIZE[op.size], load = DISC_LOAD[k], store = DISC_STORE[k];
        const mask = op.names.length >= 32 ? 0xffffffff : (2 ** op.names.length) - 1;
        return (s, d, sp, dp) => { store(d.m, dp, (load(s.m, sp) & mask) >>> 0); };
      }
      case 'handle': {
        const h = this.handle(op, w);
        return (s, d, sp, dp, L, W) => { const x = h(s, d, s.m.dv.getUint32(sp, true), L, W); d.m.dv.setUint32(dp, x, true); };
      }
      default: throw new TypeError(`unreachable: ${op.op}`);
    }
  }

  // lift_flat on the source side, then lower_flat on the destination side.
  flat(op0: ValueOp, w: Path): FlatCopy {
    if (inlineCost(op0) <= SHARE_OVER) return this.flatOf(op0, w);
    let f = this.sharedFlat.get(op0);
    if (f === undefined) {
      const slot: { f?: FlatCopy } = {};
      this.sharedFlat.set(op0, (s, d, v, i, out, L, W) => slot.f!(s, d, v, i, out, L, W));
      slot.f = this.flatOf(op0, (W) => W);
      f = this.sharedFlat.get(op0)!;
    }
    const shared = f;
    return (s, d, v, i, out, L, W) => shared(s, d, v, i, out, L, w(W));
  }

  private flatOf(op0: ValueOp, w: Path): FlatCopy {
    const op = norm(op0);
    switch (op.op) {
      case 'bool': return (_s, _d, v, i, out) => { out.push(v[i] !== 0 ? 1 : 0); return i + 1; };
      case 'int': {
        const wrap = INT_WRAP[op.kind];
        if (wrap === undefined) return (_s, _d, v, i, out) => { out.push(v[i]!); return i + 1; };
        return (_s, _d, v, i, out) => { out.push(wrap(v[i] as number)); return i + 1; };
      }
      case 'float': return (_s, _d, v, i, out) => { out.push(v[i]!); return i + 1; };
      case 'char': return (_s, _d, v, i, out, _L, W) => { out.push(char(v[i] as number, w(W))); return i + 1; };
      case 'string': {
        const copy = this.copy, sTagged = this.from === 'latin1+utf16', dTagged = this.to === 'latin1+utf16';
        return (s, d, v, i, out, _L, W) => {
          const p = s.w64 ? p64(v[i] as bigint) : v[i] as number;
          const n = s.w64 ? (sTagged ? l64 : p64)(v[i + 1] as bigint) : v[i + 1] as number;
          const q = copy(s.m, p, n, d.m, d.ra, w(W));
          if (d.w64) out.push(BigInt(q), dTagged ? t64(fout.len) : BigInt(fout.len));
          else out.push(q, fout.len);
          return i + 2;
        };
      }
      case 'list': {
        const list = this.list(op, w);
        return (s, d, v, i, out, L, W) => {
          const n = s.w64 ? p64(v[i + 1] as bigint) : (v[i + 1] as number) >>> 0;
          const q = list(s, d, s.w64 ? p64(v[i] as bigint) : (v[i] as number) >>> 0, n, L, W);
          if (d.w64) out.push(BigInt(q), BigInt(n));
          else out.push(q, n);
          return i + 2;
        };
      }
      case 'record': {
        const fields = op.fields.map((f) => this.flat(f.op, (W) => `${w(W)}${op.tuple ? `[${f.key}]` : `.${f.key}`}`));
        return (s, d, v, i, out, L, W) => { for (const f of fields) i = f(s, d, v, i, out, L, W); return i; };
      }
      case 'variant': return this.flatVariant(op, w);
      case 'flags': {
        if (op.names.length >= 32) return (_s, _d, v, i, out) => { out.push(v[i]!); return i + 1; };
        const mask = (2 ** op.names.length) - 1;
        return (_s, _d, v, i, out) => { out.push((v[i] as number) & mask); return i + 1; };
      }
      case 'handle': {
        const h = this.handle(op, w);
        return (s, d, v, i, out, L, W) => { out.push(h(s, d, v[i] as number, L, W)); return i + 1; };
      }
      default: throw new TypeError(`unreachable: ${op.op}`);
    }
  }

  // CanonicalABI.md lift_flat_variant then lower_flat_variant: cases whose flat values need no work pass through.
  private flatVariant(op: ValueOp & { op: 'variant' }, w: Path): FlatCopy {
    const n = op.cases.length, slots = op.flat.length;
    const cases = op.cases.map((c: CaseOp) => {
      if (c.op === undefined || flatPassThrough(c.op)) return undefined;
      const copy = this.flat(c.op, (W) => `${w(W)}${op.form === 'option' ? '' : '.val'}`);
      const outs = c.flat.map((t, j) => coerceOut(op.flat[j]!, t));
      const ins = c.flat.map((t, j) => coerceIn(t, op.flat[j]!));
      return { copy, outs, ins };
    });
    return (s, d, v, i, out, L, W) => {
      const disc = v[i] as number;
      if ((disc >>> 0) >= n) badDisc(disc >>> 0, n, w(W));
      const c = cases[disc];
      const base = out.length;
      for (let j = 0; j <= slots; j++) out.push(v[i + j]!);
      if (c !== undefined) {
        const vals = c.outs.map((f, j) => (f === undefined ? v[i + 1 + j]! : f(v[i + 1 + j]!)));
        const res: Flat[] = [];
        c.copy(s, d, vals, 0, res, L, W);
        res.forEach((x, j) => { const f = c.ins[j]; out[base + 1 + j] = f === undefined ? x : f(x); });
      }
      return i + 1 + slots;
    };
  }
}

/** Builds the eval-free fused adapter factory of a (lower, lift) pair that `fuseBlocker` accepted. */
export function interpFused(lowerTag: FuseTag, liftTag: FuseTag): FusedFactory {
  const lower = lowerTag.plan, lift = liftTag.plan;
  const N = lift.name, lowerName = lower.name;
  const ea = lower.options.encoding, eb = lift.options.encoding;
  const toCallee = new FuseCompiler(lower, strings(ea, eb), ea, eb, true);
  const toCaller = new FuseCompiler(lift, strings(eb, ea), eb, ea);
  const aw = lower.options.addrType === 'i64', bw = lift.options.addrType === 'i64';
  // The composed steps (abi/fuse-plan.ts), decoded once per pair.
  let tuple: (ValueOp & { op: 'record' }) | undefined, tupleCopy: MemCopy | undefined;
  const params: FlatCopy[] = [];
  let rStep: Extract<FusedInstr, { i: 'copy-result' }> | undefined;
  let rMem: MemCopy | undefined, rFlat: FlatCopy | undefined;
  let checkLeave = false, enter = false, exit = false, borrows = false, postReturn = false, checkBorrows = false;
  let argReallocs = false, resultReallocs = false;
  for (const st of fuseSteps(lower, lift)) {
    switch (st.i) {
      case 'check-may-leave': checkLeave = true; break;
      case 'enter': enter = true; break;
      case 'lend-scope': borrows = true; break;
      // may_leave of the destination is cleared for a whole copy that allocates (set again on failure).
      case 'may-leave': if (!st.value) { if (st.side === 'callee') argReallocs = true; else resultReallocs = true; } break;
      // Arguments: caller → callee (walked on the caller's plan), through memory when they spill.
      case 'copy-args-tuple': {
        tuple = st.op;
        // Each field named as its parameter (`f(p0)`), as the JS path names it; a plain tuple is one byte copy.
        const fields = plain(st.op) ? undefined : st.op.fields.map((fd, i) => [fd.offset, toCallee.mem(fd.op, () => st.fieldWheres[i]!)] as const);
        const whole = fields === undefined ? toCallee.mem(st.op, () => st.where) : undefined;
        tupleCopy = (s, d, sp, dp, L, W) => { if (whole !== undefined) whole(s, d, sp, dp, L, W); else for (const [o, f] of fields!) f(s, d, sp + o, dp + o, L, W); };
        break;
      }
      case 'copy-arg': params.push(toCallee.flat(st.op, () => st.where)); break;
      case 'call-export': break;
      // Result: callee → caller (walked on the callee's plan).
      case 'copy-result':
        rStep = st;
        if (st.via === 'memory') rMem = toCaller.mem(st.op, () => st.where);
        else rFlat = toCaller.flat(st.op, () => st.where);
        break;
      case 'check-borrows': checkBorrows = true; break;
      case 'post-return': postReturn = true; break;
      case 'exit': exit = true; break;
      case 'return-core': break;
    }
  }
  const resultWhere = rStep?.where ?? `result of ${N}`;
  const split = splitsFaults(lower, lift);
  const undo = split && toCallee.handles;
  const outPtr = lower.core.params.length - 1;
  const hasCore = lift.core.results.length > 0;
  const side = (env: CallerEnv, tag: FuseTag, w64: boolean): Side => ({
    m: env.m, w64, ra: w64 ? realloc64(env.ra) : env.ra, st: env.st, t: env.t, r: tag.plan.resources.map((_r, i) => env.res(tag.resIds[i]!)),
  });

  return (a: CallerEnv, b: LiftedEnv): AdapterFn => {
    const A = side(a, lowerTag, aw), B = side(b, liftTag, bw);
    const sta = A.st, stb = B.st;
    const core = b.core as (...x: Flat[]) => Flat | undefined;
    const pr = postReturn ? b.pr as ((...x: Flat[]) => unknown) | undefined : undefined;
    const one: Flat[] = [0];
    // Per call: 1 once the callee's core function is called; a destination fault of the result (both reset on entry).
    let ph = 0, rf: unknown;
    const run = (w: readonly Flat[], L: Lends): Flat | undefined => {
      let bargs: Flat[];
      if (argReallocs) stb.l = 2;
      if (tupleCopy !== undefined) {
        const ap = aw ? p64(w[0] as bigint) : (w[0] as number) >>> 0;
        A.m.check(ap, tuple!.size, tuple!.align, N);
        const bp = alloc(B.m, B.ra, 0, 0, tuple!.align, tuple!.size, N);
        tupleCopy(A, B, ap, bp, L, '');
        bargs = [bw ? BigInt(bp) : bp];
      } else {
        bargs = [];
        let i = 0;
        for (const p of params) i = p(A, B, w, i, bargs, L, '');
      }
      if (argReallocs) stb.l = 0;
      ph = 1;
      const c = core(...bargs);
      let ret: Flat | undefined;
      if (resultReallocs) sta.l = 2;
      // The JS path lowers the result into the caller after the callee returned (post-return run): a destination
      // fault is kept until then, and is the caller's (runtime/fuse-fault.ts).
      try {
      if (rMem !== undefined) {
        // CanonicalABI.md "canon lift": the returned pointer addresses the result; "canon lower": the caller's out-pointer.
        const rp = bw ? p64(c as bigint) : (c as number) >>> 0;
        B.m.check(rp, rStep!.size, rStep!.align, resultWhere);
        const op = aw ? p64(w[outPtr] as bigint) : (w[outPtr] as number) >>> 0;
        destCheck(A.m, op, rStep!.size, rStep!.align, resultWhere);
        rMem(B, A, rp, op, L, '');
      } else if (rFlat !== undefined) {
        const out: Flat[] = [];
        one[0] = c!;
        rFlat(B, A, one, 0, out, L, '');
        ret = out[0];
      }
      } catch (x) {
        if (!split || !isDestFault(x)) throw x;
        rf = x;
      }
      if (resultReallocs) sta.l = 0;
      // CanonicalABI.md "canon lift": the callee must have dropped every borrow it was lent before returning.
      if (checkBorrows && stb.b !== 0) borrowsLeft(stb, N);
      if (pr !== undefined) { stb.l = 1; if (hasCore) pr(c!); else pr(); stb.l = 0; }
      return ret;
    };
    return (...w: unknown[]): unknown => {
      // CanonicalABI.md "canon lower": trap_if(not may_leave) in the caller; then "canon lift" enters the callee.
      if (checkLeave && sta.l !== 0) leaveFail(lowerName, sta.l);
      if (enter) {
        if (stb.f !== 0) enterFail(stb, N);
        if (stb.p !== undefined) enterNested(stb, N);
        stb.f = 1;
      }
      const L: Lends = borrows ? [] : undefined;
      let ret: Flat | undefined;
      ph = 0;
      rf = undefined;
      if (undo) argsStart();
      try {
        ret = run(w as Flat[], L);
      } catch (x) {
        // fail() sets the callee's may_leave again; the caller's is set here when the result's copy failed.
        if (resultReallocs) sta.l = 0;
        if (L !== undefined) releaseLends(L);
        // A fault of the caller's argument data (before the call, not the callee's realloc) is the caller's.
        if (split && ph === 0 && !isDestFault(x)) {
          // Handles the arguments already put in the callee's table are taken out again (the JS path lifts them all first).
          if (undo) undoArgs(B.t);
          throw otherSideFault(x, N, lowerName, stb, enter);
        }
        throw fail(stb, N, x);
      }
      if (L !== undefined) releaseLends(L);
      if (exit) {
        stb.f = 0;
        if (stb.p !== undefined) exitNested(stb);
      }
      if (rf !== undefined) { const x = rf; rf = undefined; throw otherSideFault(x, resultWhere, `result of import ${lowerName}`); }
      return ret;
    };
  };
}

/** `tryFuse` for interp mode and transpiled components: fused pairs run by `interpFused`, no eval. */
export const tryFuseInterp = fuser(interpFused);
