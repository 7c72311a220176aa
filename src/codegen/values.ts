// Code generation for one value crossing: lowerFlat / liftFlat / store / load (CanonicalABI.md "Flattening",
// "Loading", "Storing"), specialised per type. Generated code sees `h` (runtime glue), `m` (MemView), `ra` (realloc).
//
// Linear code: a small value (scalars, strings, typed lists, records of a few scalars) is converted inline at its
// use; a bigger one is converted by one shared function per distinct (type, direction) of the adapter (`_s3`,
// `_l3`, `_f3`, `_g3`), so the generated source grows with the number of distinct types, not with the number of
// paths through them. Error paths (`where`) are JS expressions: literals inline, built at run time in shared
// functions (`W + ".x"`), so messages are the same either way.
import type { StringEncoding } from '../abi/context.js';
import type { FlatType } from '../abi/flatten.js';
import type { AddrType } from '../abi/layout.js';
import type { CaseOp, IntKind, ValueOp } from '../abi/plan.js';
import type { ResourceType } from '../types/index.js';
import { Emitter } from './emitter.js';
import { INLINE_MAX, inlineCost } from '../abi/op-cost.js';
import { KIND_FACTS, viewIndex, type TypedArrayName } from '../abi/type-facts.js';
import { joinIn, joinOut } from '../abi/join.js';
import { intWrapExpr } from '../abi/int-wrap.js';

type VariantOp = ValueOp & { op: 'variant' };

/** Typed lists up to this many elements are copied by a JS loop (integer kinds up to 32 bits: `LOOP_COPIED`). */
const FEW_ELEMENTS = 16;
const LOOP_COPIED: ReadonlySet<TypedArrayName> = new Set(['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array']);

/** The memory view a typed list is copied through. `list<u8>` uses `m.u8` itself: `h.alloc` / `m.check` (which
 *  always run just before) refresh it after `memory.grow`, so no second view or `tv` lookup is needed. */
function viewOf(typed: TypedArrayName): string {
  return typed === 'Uint8Array' ? 'm.u8' : `m.view(${viewIndex(typed)})`;
}

/** The kind's value of `x` (a flat i32 as a signed JS number from wasm, or an i64 bigint), wrapped to the kind's
 *  width and sign (KIND_FACTS: CanonicalABI.md lift_flat_signed / lift_flat_unsigned). */
function intWrap(kind: IntKind, x: string): string {
  return intWrapExpr(kind, x);
}

/** Range test that is true when a number `x` is NOT a valid value of the kind: wrapping changes it. */
function intBad(kind: IntKind, x: string): string {
  return `${intWrap(kind, x)} !== ${x}`;
}

const INT_LOAD: Readonly<Record<IntKind, (p: string) => string>> = {
  s8: (p) => `m.dv.getInt8(${p})`, u8: (p) => `m.u8[${p}]`, s16: (p) => `m.dv.getInt16(${p}, true)`, u16: (p) => `m.dv.getUint16(${p}, true)`,
  s32: (p) => `m.dv.getInt32(${p}, true)`, u32: (p) => `m.dv.getUint32(${p}, true)`,
  s64: (p) => `m.dv.getBigInt64(${p}, true)`, u64: (p) => `m.dv.getBigUint64(${p}, true)`,
};

const INT_STORE: Readonly<Record<IntKind, (p: string, x: string) => string>> = {
  s8: (p, x) => `m.u8[${p}] = ${x};`, u8: (p, x) => `m.u8[${p}] = ${x};`,
  s16: (p, x) => `m.dv.setInt16(${p}, ${x}, true);`, u16: (p, x) => `m.dv.setUint16(${p}, ${x}, true);`,
  s32: (p, x) => `m.dv.setInt32(${p}, ${x}, true);`, u32: (p, x) => `m.dv.setUint32(${p}, ${x}, true);`,
  s64: (p, x) => `m.dv.setBigInt64(${p}, ${x}, true);`, u64: (p, x) => `m.dv.setBigUint64(${p}, ${x}, true);`,
};

const DISC_LOAD = { u8: (p: string) => `m.u8[${p}]`, u16: (p: string) => `m.dv.getUint16(${p}, true)`, u32: (p: string) => `m.dv.getUint32(${p}, true)` };
const DISC_STORE = { u8: (p: string, x: string) => `m.u8[${p}] = ${x};`, u16: (p: string, x: string) => `m.dv.setUint16(${p}, ${x}, true);`, u32: (p: string, x: string) => `m.dv.setUint32(${p}, ${x}, true);` };
const FLAG_LOAD = { 1: (p: string) => `m.u8[${p}]`, 2: (p: string) => `m.dv.getUint16(${p}, true)`, 4: (p: string) => `m.dv.getUint32(${p}, true)` };
const FLAG_STORE = { 1: (p: string, x: string) => `m.u8[${p}] = ${x};`, 2: (p: string, x: string) => `m.dv.setUint16(${p}, ${x}, true);`, 4: (p: string, x: string) => `m.dv.setUint32(${p}, ${x}, true);` };

const LOWER_STRING: Readonly<Record<StringEncoding, string>> = { utf8: 'h.lowerUtf8', utf16: 'h.lowerUtf16', 'latin1+utf16': 'h.lowerLatin1Utf16' };
const LIFT_STRING: Readonly<Record<StringEncoding, string>> = { utf8: 'h.liftUtf8', utf16: 'h.liftUtf16', 'latin1+utf16': 'h.liftLatin1Utf16' };

/**
 * Helpers a 64-bit memory's adapters define in their prelude (cm64), as runtime/addr64.ts defines them for the
 * eval-free fused adapters: pointers and lengths are i64 (bigint) there, numbers in the glue. Values past 2^32
 * saturate, so they fail the bounds checks rather than wrap; `L64`/`T64` move latin1+utf16's tag from bit 63
 * (CanonicalABI.md utf16_tag) to the glue's bit 31 and back; `R64` makes a 64-bit realloc the glue's.
 */
export const PRELUDE_64 = [
  'const P64 = (x) => x > 0xffffffffn ? 4294967295 : Number(x);',
  'const L64 = (x) => (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);',
  'const T64 = (n) => n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);',
  'const R64 = (f) => f === undefined ? undefined : (o, os, a, s) => P64(f(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));',
]

/** The JS tag of a case: results use `ok`/`err` (jco), other variants the WIT name. */
function tagOf(op: VariantOp, c: CaseOp): string {
  return op.form === 'result' && c.name === 'error' ? 'err' : c.name;
}

function zero(t: FlatType): string {
  return t === 'i64' ? '0n' : '0';
}

/** Converts a case's flat value `x` of type `have` into the joined slot type `want` (lower_flat_variant; abi/join.ts). */
export function coerceIn(x: string, have: FlatType, want: FlatType): string {
  return joinIn(have, want)?.expr(x) ?? x;
}

/** Converts a joined slot value `x` of type `have` back to the case's flat type `want` (lift_flat_variant; abi/join.ts). */
export function coerceOut(x: string, have: FlatType, want: FlatType): string {
  return joinOut(have, want)?.expr(x) ?? x;
}

/** `where` (a JS expression for the error path) extended by `suffix`: folded when it is a literal. */
export function sub(where: string, suffix: string): string {
  if (where.startsWith('"')) return Emitter.str((JSON.parse(where) as string) + suffix);
  return `${where} + ${Emitter.str(suffix)}`;
}

export { INLINE_MAX, inlineCost };

type FnKind = 'lowerFlat' | 'liftFlat' | 'store' | 'load';

/** The shared functions of one adapter: emitted once each, in the adapter's factory scope. */
export class SharedFns {
  /** Function sources, in definition order. */
  readonly defs: string[] = [];
  private readonly names = new Map<string, string>();
  /** Id of each op: one per type object (a type used twice is one op: abi/plan.ts caches ops per type). */
  private readonly ids = new Map<ValueOp, number>();
  /** Some lowered handle was journaled (the adapter declares `J`). */
  journaled = false;
  /** Resources (indexes in the plan's list) whose borrows are lowered: the prelude binds their host class `K<i>`. */
  readonly hostClasses = new Set<number>();
  /** Resources (indexes) this component defines whose borrows are lowered: the prelude binds `I<i>`, whether the
   *  instance implements it. */
  readonly implemented = new Set<number>();

  constructor(
    readonly consts: unknown[],
    readonly encoding: StringEncoding,
    readonly resources: readonly ResourceType[],
    readonly addr: AddrType,
    /** Lift functions take the call's loan list `L` (lower adapters with borrowed parameters). */
    readonly loans: boolean,
  ) {}

  private id(op: ValueOp): number {
    let n = this.ids.get(op);
    if (n === undefined) this.ids.set(op, n = this.ids.size);
    return n;
  }

  /** The name of the shared function converting `op` the `kind` way, emitting it on first use. */
  fn(op: ValueOp, kind: FnKind, journal: boolean): string {
    const key = `${kind} ${journal ? 'j' : ''}${this.id(op)}`;
    let name = this.names.get(key);
    if (name !== undefined) return name;
    name = `_${kind === 'lowerFlat' ? 'f' : kind === 'liftFlat' ? 'g' : kind === 'store' ? 's' : 'l'}${journal ? 'j' : ''}${this.names.size}`;
    this.names.set(key, name);
    const e = new Emitter(this.consts);
    const g = new ValueCodegen(e, this.encoding, this.resources, this.addr, this);
    g.journal = journal;
    const L = this.loans ? ', L' : '';
    let head: string;
    switch (kind) {
      case 'store': head = `function ${name}(x, p, W)`; e.block(head, () => g.storeInline(op, 'x', 'p', 'W')); break;
      case 'load': head = `function ${name}(p, W${L})`; e.block(head, () => e.line(`return ${g.loadInline(op, 'p', 'W')};`)); break;
      case 'lowerFlat': head = `function ${name}(x, W)`; e.block(head, () => { const v = g.lowerFlatInline(op, 'x', 'W'); e.line(`return [${v.join(', ')}];`); }); break;
      case 'liftFlat': {
        head = `function ${name}(F, W${L})`;
        const n = flatCount(op);
        e.block(head, () => e.line(`return ${g.liftFlatInline(op, Array.from({ length: n }, (_x, i) => `F[${i}]`), 'W')};`));
        break;
      }
    }
    this.defs.push(e.source().replace(/^ {2}/gm, ''));
    return name;
  }
}

/** How many flat values a value of `op` takes (CanonicalABI.md "Flattening"; only asked of values passed flat). */
export function flatCount(op: ValueOp): number {
  switch (op.op) {
    case 'string': return 2;
    case 'list': return op.fixed === undefined ? 2 : op.fixed * flatCount(op.elem);
    case 'record': return op.fields.reduce((n, f) => n + flatCount(f.op), 0);
    case 'variant': return 1 + op.flat.length;
    case 'map': return 2;
    default: return 1;
  }
}

/** Generates lowering, lifting, loading and storing code for one adapter. */
export class ValueCodegen {
  /** Handles lowered so far are recorded in `J` (lift adapters' arguments: taken back if a later one fails). */
  journal = false;
  readonly shared: SharedFns;
  /** Pointer size in bytes of the memory (4, or 8 for memory64). */
  private readonly ps: number;
  /** Lowering what a host import returned: accept jco's leniencies (abi/checks.ts packFlags). */
  lenient = false;

  constructor(readonly e: Emitter, readonly encoding: StringEncoding, readonly resources: readonly ResourceType[] = [], readonly addr: AddrType = 'i32', shared?: SharedFns, loans = false) {
    this.shared = shared ?? new SharedFns(e.consts, encoding, resources, addr, loans);
    this.ps = addr === 'i64' ? 8 : 4;
  }

  /** Some handle was lowered with `journal` on: the adapter declares `J` and must clear or undo it. */
  get journaled(): boolean {
    return this.shared.journaled;
  }

  /** The shared functions' sources, to be placed in the adapter's factory scope. */
  sharedSource(): string[] {
    return this.shared.defs;
  }

  private outline(op: ValueOp): boolean {
    return inlineCost(op) > INLINE_MAX;
  }

  private get L(): string {
    return this.shared.loans ? ', L' : '';
  }

  // --- pointers and lengths: u32 numbers, or u64 bigints for memory64 (cm64) ---
  /** A flat pointer/length (i32 or i64) as a number. */
  private ptrIn(x: string): string {
    return this.addr === 'i64' ? `P64(${x})` : `${x} >>> 0`;
  }
  /** A string's flat length as the glue's number (latin1+utf16's tag in bit 31). */
  private lenIn(x: string): string {
    return this.addr === 'i64' ? (this.encoding === 'latin1+utf16' ? `L64(${x})` : `P64(${x})`) : x;
  }
  /** A number pointer as the flat core value. */
  private ptrOut(x: string): string {
    return this.addr === 'i64' ? `BigInt(${x})` : x;
  }
  /** A number length as the flat core value (a string's latin1+utf16 tag moved to bit 63). */
  private lenOut(x: string, isString: boolean): string {
    return this.addr === 'i64' ? (isString && this.encoding === 'latin1+utf16' ? `T64(${x})` : `BigInt(${x})`) : x;
  }
  private loadPtr(p: string): string {
    return this.addr === 'i64' ? `P64(m.dv.getBigUint64(${p}, true))` : `m.dv.getUint32(${p}, true)`;
  }
  private loadLen(p: string, isString: boolean): string {
    if (this.addr === 'i32') return `m.dv.getUint32(${p}, true)`;
    return isString && this.encoding === 'latin1+utf16' ? `L64(m.dv.getBigUint64(${p}, true))` : `P64(m.dv.getBigUint64(${p}, true))`;
  }
  private storePtr(p: string, x: string): string {
    return this.addr === 'i64' ? `m.dv.setBigUint64(${p}, BigInt(${x}), true);` : `m.dv.setUint32(${p}, ${x}, true);`;
  }
  private storeLen(p: string, x: string, isString: boolean): string {
    return this.addr === 'i64' ? `m.dv.setBigUint64(${p}, ${this.lenOut(x, isString)}, true);` : `m.dv.setUint32(${p}, ${x}, true);`;
  }

  /** The local bound to the runtime type of `r` (`R<i>`, resolved once per instance in the adapter's prelude). */
  private res(r: ResourceType): string {
    const i = this.resources.indexOf(r);
    if (i < 0) throw new TypeError('unreachable: a handle of a resource the plan does not list');
    return `R${i}`;
  }

  // CanonicalABI.md lower_own / lower_borrow: a JS resource object into the guest's table (`T`, state `st`).
  private lowerHandle(op: ValueOp & { op: 'handle' }, x: string, W: string): string {
    const J = this.journal ? ', J' : '';
    if (this.journal) this.shared.journaled = true;
    const R = this.res(op.resource);
    if (op.kind === 'own') return this.bind(`h.lowerOwn(T, ${R}, ${x}, ${W}${J})`, 'hd');
    // A resource this component defines (`rep` known) is never a host class's; when this instance implements it
    // (`I<i>`, a method call on its own export) the borrow is the rep, with no table entry and nothing to journal.
    if (op.resource.rep !== undefined) {
      const v = this.bind(x);
      this.shared.implemented.add(Number(R.slice(1)));
      return this.bind(`I${R.slice(1)} ? h.borrowRep(${R}, ${v}, ${W}) : h.lowerBorrow(T, st, ${R}, ${v}, ${W}${J})`, 'hd');
    }
    if (this.journal) return this.bind(`h.lowerBorrow(T, st, ${R}, ${x}, ${W}${J})`, 'hd');
    // A host object lent to the guest (the host-resource borrow): the class check in line, where its feedback is this
    // adapter's own, then a borrow entry; anything else (guest resources, a wrong value, an async lift logging its
    // borrows) through h.lowerBorrow, which words the errors.
    const v = this.bind(x);
    const K = `K${R.slice(1)}`;
    this.shared.hostClasses.add(Number(R.slice(1)));
    return this.bind(`${K} !== undefined && ${v} instanceof ${K} && BL.entries === undefined ? T.addBorrow(${R}, ${v}, st) : h.lowerBorrow(T, st, ${R}, ${v}, ${W})`, 'hd');
  }

  /** Resources whose host class the prelude binds (`K<i>`, see lowerHandle). */
  get hostClasses(): ReadonlySet<number> {
    return this.shared.hostClasses;
  }

  /** Resources whose `I<i>` (implemented by this instance) the prelude binds (see lowerHandle). */
  get implemented(): ReadonlySet<number> {
    return this.shared.implemented;
  }

  // CanonicalABI.md lift_own / lift_borrow: a guest handle index out of the guest's table (loans go to `L`).
  private liftHandle(op: ValueOp & { op: 'handle' }, i: string, W: string): string {
    return this.bind(op.kind === 'own' ? `h.liftOwn(T, ${this.res(op.resource)}, ${i}, ${W})` : `h.liftBorrow(T, ${this.res(op.resource)}, ${i}, ${W}, L)`, 'o');
  }

  /** Binds `expr` to a fresh const unless it already is a simple name. */
  private bind(expr: string, prefix = 'v'): string {
    if (/^[A-Za-z_$][\w$]*$/.test(expr)) return expr;
    const t = this.e.tmp(prefix);
    this.e.line(`const ${t} = ${expr};`);
    return t;
  }

  /** `where` bound to a local when it is built at run time and used in a loop. */
  private bindWhere(where: string): string {
    return where.startsWith('"') ? where : this.bind(where, 'w');
  }

  private check(cond: string, call: string): void {
    this.e.line(`if (${cond}) ${call};`);
  }

  // CanonicalABI.md "Flattening": lower_flat. Emits checks; returns one expression per flat value.
  // `where` is a JS expression (a string literal at the adapter's top level).
  lowerFlat(op: ValueOp, x0: string, where: string): string[] {
    if (!this.outline(op)) return this.lowerFlatInline(op, x0, where);
    const f = this.shared.fn(op, 'lowerFlat', this.journal);
    const a = this.bind(`${f}(${x0}, ${where})`, 'fa');
    return Array.from({ length: flatCount(op) }, (_x, i) => this.bind(`${a}[${i}]`));
  }

  lowerFlatInline(op: ValueOp, x0: string, where: string): string[] {
    const e = this.e;
    const W = where;
    const x = this.bind(x0);
    switch (op.op) {
      case 'bool':
        this.check(`typeof ${x} !== 'boolean'`, `h.badValue('bool', ${x}, ${W})`);
        return [`(${x} ? 1 : 0)`];
      case 'int': {
        const big = op.kind === 's64' || op.kind === 'u64';
        this.check(`typeof ${x} !== '${big ? 'bigint' : 'number'}' || ${intBad(op.kind, x)}`, `h.badValue('${op.kind}', ${x}, ${W})`);
        return [x];
      }
      case 'float':
        this.check(`typeof ${x} !== 'number'`, `h.badValue('${op.kind}', ${x}, ${W})`);
        return [x];
      case 'char': {
        const c = e.tmp('c');
        e.line(`const ${c} = h.charCode(${x}, ${W});`);
        return [c];
      }
      case 'string': case 'list': {
        if (op.op === 'list' && op.fixed !== undefined) return this.lowerFlatFixed(op, x, where);
        const [p, n] = this.lowerToMemory(op, x, where);
        return [this.ptrOut(p), this.lenOut(n, op.op === 'string')];
      }
      case 'record': {
        this.checkRecord(op, x, W);
        const out: string[] = [];
        for (const f of op.fields) out.push(...this.lowerFlat(f.op, this.fieldRef(op, x, f.key), sub(where, op.tuple ? `[${f.key}]` : `.${f.key}`)));
        return out;
      }
      case 'variant': return this.lowerFlatVariant(op, x, where);
      case 'flags': return [this.flagsBits(op, x, W)];
      case 'handle': return [this.lowerHandle(op, x, W)];
      case 'async-handle': return [this.bind(`h.lowerAsyncHandle(env.t, '${op.kind}', ${JSON.stringify(op.key)}, ${x}, ${W})`, 'hd')];
      case 'map': return this.lowerFlat(op.entries, `h.mapEntries(${x}, ${W})`, where);
    }
  }

  /** A fixed-length list `list<T, N>` (feature cm-fixed-length-lists): N elements, flattened inline. */
  private lowerFlatFixed(op: ValueOp & { op: 'list' }, x: string, where: string): string[] {
    this.checkFixed(op, x, where);
    const out: string[] = [];
    for (let i = 0; i < op.fixed!; i++) out.push(...this.lowerFlat(op.elem, `${x}[${i}]`, sub(where, `[${i}]`)));
    return out;
  }

  /** A fixed-length list is an array (or the matching typed array) of exactly N elements. */
  private checkFixed(op: ValueOp & { op: 'list' }, x: string, W: string): void {
    const isSeq = op.typed === undefined ? `Array.isArray(${x})` : `(Array.isArray(${x}) || ${x} instanceof ${op.typed})`;
    this.check(`!${isSeq}`, `h.typeError('expected an array${op.typed === undefined ? '' : ` or ${op.typed}`} for list<_, ${op.fixed}>', ${x}, ${W})`);
    this.check(`${x}.length !== ${op.fixed}`, `h.rangeError('expected a list of exactly ${op.fixed} elements', ${x}.length, ${W})`);
  }

  /** The JS value of a fixed-length list from its element expressions. */
  private fixedValue(op: ValueOp & { op: 'list' }, parts: string[]): string {
    return this.bind(op.typed === undefined ? `[${parts.join(', ')}]` : `${op.typed}.of(${parts.join(', ')})`, 'l');
  }

  private fieldRef(op: ValueOp & { op: 'record' }, x: string, key: string): string {
    return op.tuple ? `${x}[${key}]` : `${x}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${Emitter.str(key)}]`}`;
  }

  private checkRecord(op: ValueOp & { op: 'record' }, x: string, W: string): void {
    if (op.tuple) this.check(`!Array.isArray(${x}) || ${x}.length !== ${op.fields.length}`, `h.typeError('expected an array of length ${op.fields.length} for a tuple', ${x}, ${W})`);
    else this.check(`${x} === null || typeof ${x} !== 'object' || Array.isArray(${x})`, `h.typeError('expected an object for a record', ${x}, ${W})`);
  }

  private flagsBits(op: ValueOp & { op: 'flags' }, x: string, W: string): string {
    return this.bind(`h.flagsBits(${x}, ${this.e.k(op.keys)}, ${W}${this.lenient ? ', true' : ''})`, 'b');
  }

  /** Lowers a string or list into fresh memory; returns [ptr, length] as numbers. */
  private lowerToMemory(op: ValueOp & { op: 'string' | 'list' }, x: string, where: string): [string, string] {
    const e = this.e;
    const W = where;
    const p = e.tmp('p');
    const n = e.tmp('n');
    if (op.op === 'string') {
      this.check(`typeof ${x} !== 'string'`, `h.badValue('string', ${x}, ${W})`);
      e.line(`const ${p} = ${LOWER_STRING[this.encoding]}(m, ra, ${x}, ${W});`);
      e.line(`const ${n} = h.out.len;`);
      return [p, n];
    }
    if (op.typed !== undefined) {
      // Inline so that `instanceof`, `set` and `slice` sites stay monomorphic per adapter. An array's elements are
      // checked after the realloc (store_list_into_range's order), as interp's element stores are.
      const t = e.tmp('t');
      e.line(`const ${t} = ${x} instanceof ${op.typed};`);
      e.line(`const ${n} = ${t} ? ${x}.length : h.typedLength(${viewIndex(op.typed)}, ${x}, ${W});`);
      e.line(`const ${p} = h.alloc(m, ra, 0, 0, ${op.size}, ${n} * ${op.size}, ${W}, 'list');`);
      const at = op.size === 1 ? p : `${p} / ${op.size}`;
      const copy = `${t} ? ${viewOf(op.typed)}.set(${x}, ${at}) : h.storeTyped(${viewIndex(op.typed)}, ${viewOf(op.typed)}, ${at}, ${x}, ${n}, ${W})`;
      if (LOOP_COPIED.has(op.typed)) {
        // A few integers copy faster element by element than through `set` (a runtime call, ~6 ns of a 40 ns call
        // of `sum(list<u32>)` with 10). Integer kinds only: a float read into a JS number may change a NaN's bits.
        // Block-scoped names without the generator's numeric suffix: they shadow nothing and leave the numbering alone.
        e.line(`if (${t} && ${n} <= ${FEW_ELEMENTS}) { const lv = ${viewOf(op.typed)}, lq = ${at}; for (let li = 0; li < ${n}; li++) lv[lq + li] = ${x}[li]; }`);
        e.line(`else if (${n} !== 0) { ${copy}; }`);
      } else {
        e.line(`if (${n} !== 0) { ${copy}; }`);
      }
      return [p, n];
    }
    this.check(`!Array.isArray(${x})`, `h.typeError('expected an array for a list', ${x}, ${W})`);
    e.line(`const ${n} = ${x}.length;`);
    e.line(`const ${p} = h.alloc(m, ra, 0, 0, ${op.align}, ${n} * ${op.size}, ${W}, 'list');`);
    const i = e.tmp('i');
    const We = this.bindWhere(sub(where, '[]'));
    e.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
      e.block('try', () => this.store(op.elem, `${x}[${i}]`, `${p} + ${i} * ${op.size}`, We));
      e.line(`catch (x) { throw h.atIndex(x, (${where}).length, ${i}); }`);
    });
    return [p, n];
  }

  private lowerFlatVariant(op: VariantOp, x: string, where: string): string[] {
    const e = this.e;
    const W = where;
    const d = e.tmp('d');
    const slots = op.flat.map(() => e.tmp('f'));
    e.line(`let ${d} = 0${slots.map((s, i) => `, ${s} = ${zero(op.flat[i]!)}`).join('')};`);
    const payload = (c: CaseOp, val: string): void => {
      if (c.op === undefined) return;
      const vals = this.lowerFlat(c.op, val, op.form === 'option' ? where : sub(where, '.val'));
      vals.forEach((v, i) => e.line(`${slots[i]} = ${coerceIn(v, c.flat[i]!, op.flat[i]!)};`));
    };
    this.variantDispatch(op, x, W, (i, c, val) => { e.line(`${d} = ${i};`); payload(c, val); });
    return [d, ...slots];
  }

  /** Emits a dispatch on the JS shape of a variant value; `onCase(index, case, payloadExpr)` emits each branch. */
  private variantDispatch(op: VariantOp, x: string, W: string, onCase: (i: number, c: CaseOp, val: string) => void): void {
    const e = this.e;
    switch (op.form) {
      case 'option':
        e.block(`if (${x} === undefined || ${x} === null)`, () => onCase(0, op.cases[0]!, 'undefined'));
        e.block('else', () => onCase(1, op.cases[1]!, x));
        return;
      case 'enum':
        e.block(`switch (${x})`, () => {
          op.cases.forEach((c, i) => e.block(`case ${Emitter.str(c.name)}:`, () => { onCase(i, c, 'undefined'); e.line('break;'); }));
          e.line(`default: h.badEnum(${x}, ${e.k(op.cases.map((c) => c.name))}, ${W});`);
        });
        return;
      default: {
        this.check(`${x} === null || typeof ${x} !== 'object'`, `h.typeError('expected an object { tag, val } for a ${op.form === 'option-tagged' ? 'option' : op.form}', ${x}, ${W})`);
        e.block(`switch (${x}.tag)`, () => {
          op.cases.forEach((c, i) => e.block(`case ${Emitter.str(tagOf(op, c))}:`, () => { onCase(i, c, `${x}.val`); e.line('break;'); }));
          e.line(`default: h.badTag(${x}.tag, ${e.k(op.cases.map((c) => tagOf(op, c)))}, ${W});`);
        });
      }
    }
  }

  // CanonicalABI.md "Flattening": lift_flat. `vals` are the flat values (consumed in order); returns an expression.
  liftFlat(op: ValueOp, vals: string[], where: string): string {
    if (!this.outline(op)) return this.liftFlatInline(op, vals, where);
    const f = this.shared.fn(op, 'liftFlat', false);
    const mine = vals.splice(0, flatCount(op));
    return this.bind(`${f}([${mine.join(', ')}], ${where}${this.L})`, 'r');
  }

  liftFlatInline(op: ValueOp, vals: string[], where: string): string {
    const e = this.e;
    const W = where;
    switch (op.op) {
      case 'bool': return `(${vals.shift()!} !== 0)`;
      case 'int': return intWrap(op.kind, vals.shift()!);
      case 'float': return vals.shift()!;
      case 'char': return this.bind(`h.liftChar(${vals.shift()!}, ${W})`, 'c');
      case 'string': case 'list': {
        if (op.op === 'list' && op.fixed !== undefined) {
          const parts: string[] = [];
          for (let i = 0; i < op.fixed; i++) parts.push(this.bind(this.liftFlat(op.elem, vals, sub(where, `[${i}]`)), 'r'));
          return this.fixedValue(op, parts);
        }
        const p = vals.shift()!;
        const n = vals.shift()!;
        if (this.addr === 'i64') return this.liftFromMemory(op, this.bind(this.ptrIn(p), 'p'), this.bind(op.op === 'string' ? this.lenIn(n) : this.ptrIn(n), 'n'), where);
        return this.liftFromMemory(op, p, n, where);
      }
      case 'record': {
        const parts = op.fields.map((f) => this.bind(this.liftFlat(f.op, vals, sub(where, op.tuple ? `[${f.key}]` : `.${f.key}`)), 'r'));
        return this.bind(op.tuple ? `[${parts.join(', ')}]` : `{ ${op.fields.map((f, i) => `${Emitter.str(f.key)}: ${parts[i]}`).join(', ')} }`, 'r');
      }
      case 'variant': {
        const d = vals.shift()!;
        const slots = op.flat.map(() => vals.shift()!);
        return this.liftVariant(op, d, W, (c) => {
          const cvals = c.flat.map((t, i) => this.bind(coerceOut(slots[i]!, op.flat[i]!, t), 'x'));
          return this.liftFlat(c.op!, cvals, op.form === 'option' ? where : sub(where, '.val'));
        });
      }
      case 'flags': {
        const b = this.bind(vals.shift()!, 'b');
        return this.bind(`{ ${op.keys.map((k, i) => `${Emitter.str(k)}: (${b} & ${i === 31 ? '-2147483648' : 1 << i}) !== 0`).join(', ')} }`, 'r');
      }
      case 'handle': return this.liftHandle(op, vals.shift()!, W);
      case 'async-handle': return this.bind(`h.liftAsyncHandle(env.t, '${op.kind}', ${JSON.stringify(op.key)}, ${vals.shift()!}, ${W})`, 'o');
      case 'map': return this.bind(`h.liftMap(${this.liftFlat(op.entries, vals, where)})`, 'mp');
    }
  }

  /** Emits a switch on discriminant `d` building the JS value; `payload(case)` lifts a case's payload. */
  private liftVariant(op: VariantOp, d: string, W: string, payload: (c: CaseOp) => string): string {
    const e = this.e;
    const r = e.tmp('r');
    e.line(`let ${r};`);
    e.block(`switch (${d})`, () => {
      op.cases.forEach((c, i) => e.block(`case ${i}:`, () => {
        const val = c.op === undefined ? undefined : payload(c);
        switch (op.form) {
          case 'enum': e.line(`${r} = ${Emitter.str(c.name)};`); break;
          case 'option': e.line(`${r} = ${i === 0 ? 'undefined' : val};`); break;
          // jco's shapes: a payload-less variant case is `{ tag }`, a payload-less result case `{ tag, val: undefined }`.
          default: e.line(`${r} = ${val === undefined && op.form !== 'result' ? `{ tag: ${Emitter.str(tagOf(op, c))} }` : `{ tag: ${Emitter.str(tagOf(op, c))}, val: ${val ?? 'undefined'} }`};`);
        }
        e.line('break;');
      }));
      e.line(`default: h.badDisc(${d}, ${op.cases.length}, ${W});`);
    });
    return r;
  }

  /** `p`, `n`: a list's or string's pointer and length (numbers for 64-bit memories, flat i32s otherwise). */
  private liftFromMemory(op: ValueOp & { op: 'string' | 'list' }, p: string, n: string, where: string): string {
    const e = this.e;
    const W = where;
    if (op.op === 'string') return this.bind(`${LIFT_STRING[this.encoding]}(m, ${p}, ${n}, ${W})`, 's');
    const pp = this.addr === 'i64' ? p : this.bind(`${p} >>> 0`, 'p');
    const nn = this.addr === 'i64' ? n : this.bind(`${n} >>> 0`, 'n');
    if (op.typed !== undefined) {
      e.line(`h.liftList(m, ${pp}, ${nn}, ${op.size}, ${op.size}, ${W});`);
      const v = viewOf(op.typed);
      return this.bind(op.size === 1 ? `${v}.slice(${pp}, ${pp} + ${nn})` : `${v}.slice(${pp} / ${op.size}, ${pp} / ${op.size} + ${nn})`, 'l');
    }
    e.line(`h.liftList(m, ${pp}, ${nn}, ${op.size}, ${op.align}, ${W});`);
    const a = e.tmp('a');
    const i = e.tmp('i');
    e.line(`const ${a} = new Array(${nn});`);
    const We = this.bindWhere(sub(where, '[]'));
    e.block(`for (let ${i} = 0; ${i} < ${nn}; ${i}++)`, () => {
      e.line(`${a}[${i}] = ${this.load(op.elem, `${pp} + ${i} * ${op.size}`, We)};`);
    });
    return a;
  }

  // CanonicalABI.md "Storing": store. `p` is an in-bounds, aligned address expression.
  store(op: ValueOp, x0: string, p0: string, where: string): void {
    if (!this.outline(op)) { this.storeInline(op, x0, p0, where); return; }
    this.e.line(`${this.shared.fn(op, 'store', this.journal)}(${x0}, ${p0}, ${where});`);
  }

  storeInline(op: ValueOp, x0: string, p0: string, where: string): void {
    const e = this.e;
    const W = where;
    const x = this.bind(x0);
    const p = this.bind(p0, 'q');
    switch (op.op) {
      case 'bool':
        this.check(`typeof ${x} !== 'boolean'`, `h.badValue('bool', ${x}, ${W})`);
        e.line(`m.u8[${p}] = ${x} ? 1 : 0;`);
        return;
      case 'int': case 'float': {
        const [v] = this.lowerFlatInline(op, x, where);
        e.line(op.op === 'int' ? INT_STORE[op.kind](p, v!) : `m.dv.set${op.kind === 'f32' ? 'Float32' : 'Float64'}(${p}, ${v}, true);`);
        return;
      }
      case 'char':
        e.line(`m.dv.setUint32(${p}, h.charCode(${x}, ${W}), true);`);
        return;
      case 'string': case 'list': {
        if (op.op === 'list' && op.fixed !== undefined) {
          this.checkFixed(op, x, W);
          const i = e.tmp('i');
          const We = this.bindWhere(sub(where, '[]'));
          e.block(`for (let ${i} = 0; ${i} < ${op.fixed}; ${i}++)`, () => {
            e.block('try', () => this.store(op.elem, `${x}[${i}]`, `${p} + ${i} * ${op.size}`, We));
            e.line(`catch (x) { throw h.atIndex(x, (${where}).length, ${i}); }`);
          });
          return;
        }
        const [ptr, n] = this.lowerToMemory(op, x, where);
        e.line(this.storePtr(p, ptr));
        e.line(this.storeLen(`${p} + ${this.ps}`, n, op.op === 'string'));
        return;
      }
      case 'record':
        this.checkRecord(op, x, W);
        for (const f of op.fields) this.store(f.op, this.fieldRef(op, x, f.key), `${p} + ${f.offset}`, sub(where, op.tuple ? `[${f.key}]` : `.${f.key}`));
        return;
      case 'variant':
        this.variantDispatch(op, x, W, (i, c, val) => {
          e.line(DISC_STORE[op.disc](p, String(i)));
          if (c.op !== undefined) this.store(c.op, val, `${p} + ${op.payloadOffset}`, op.form === 'option' ? where : sub(where, '.val'));
        });
        return;
      case 'flags':
        e.line(FLAG_STORE[op.size](p, this.flagsBits(op, x, W)));
        return;
      case 'handle':
        e.line(`m.dv.setUint32(${p}, ${this.lowerHandle(op, x, W)}, true);`);
        return;
      case 'async-handle':
        e.line(`m.dv.setUint32(${p}, h.lowerAsyncHandle(env.t, '${op.kind}', ${JSON.stringify(op.key)}, ${x}, ${W}), true);`);
        return;
      case 'map':
        this.store(op.entries, `h.mapEntries(${x}, ${W})`, p, where);
        return;
    }
  }

  // CanonicalABI.md "Loading": load. `p` is an in-bounds, aligned address expression; returns an expression.
  load(op: ValueOp, p0: string, where: string): string {
    if (!this.outline(op)) return this.loadInline(op, p0, where);
    return this.bind(`${this.shared.fn(op, 'load', false)}(${p0}, ${where}${this.L})`, 'r');
  }

  loadInline(op: ValueOp, p0: string, where: string): string {
    const W = where;
    const p = this.bind(p0, 'q');
    switch (op.op) {
      case 'bool': return `(m.u8[${p}] !== 0)`;
      case 'int': return this.bind(INT_LOAD[op.kind](p));
      case 'float': return this.bind(`m.dv.get${op.kind === 'f32' ? 'Float32' : 'Float64'}(${p}, true)`);
      case 'char': return this.bind(`h.liftChar(m.dv.getUint32(${p}, true), ${W})`, 'c');
      case 'string': case 'list': {
        if (op.op === 'list' && op.fixed !== undefined) {
          const a = this.e.tmp('a');
          const i = this.e.tmp('i');
          this.e.line(`const ${a} = new Array(${op.fixed});`);
          const We = this.bindWhere(sub(where, '[]'));
          this.e.block(`for (let ${i} = 0; ${i} < ${op.fixed}; ${i}++)`, () => {
            this.e.line(`${a}[${i}] = ${this.load(op.elem, `${p} + ${i} * ${op.size}`, We)};`);
          });
          return op.typed === undefined ? a : this.bind(`${op.typed}.from(${a})`, 'l');
        }
        const ptr = this.bind(this.loadPtr(p), 'p');
        const n = this.bind(this.loadLen(`${p} + ${this.ps}`, op.op === 'string'), 'n');
        return this.liftFromMemory(op, ptr, n, where);
      }
      case 'record': {
        const parts = op.fields.map((f) => this.bind(this.load(f.op, `${p} + ${f.offset}`, sub(where, op.tuple ? `[${f.key}]` : `.${f.key}`)), 'r'));
        return this.bind(op.tuple ? `[${parts.join(', ')}]` : `{ ${op.fields.map((f, i) => `${Emitter.str(f.key)}: ${parts[i]}`).join(', ')} }`, 'r');
      }
      case 'variant': {
        const d = this.bind(DISC_LOAD[op.disc](p), 'd');
        return this.liftVariant(op, d, W, (c) => this.load(c.op!, `${p} + ${op.payloadOffset}`, op.form === 'option' ? where : sub(where, '.val')));
      }
      case 'flags': {
        const b = this.bind(FLAG_LOAD[op.size](p), 'b');
        return this.bind(`{ ${op.keys.map((k, i) => `${Emitter.str(k)}: (${b} & ${i === 31 ? '-2147483648' : 1 << i}) !== 0`).join(', ')} }`, 'r');
      }
      case 'handle': return this.liftHandle(op, `m.dv.getUint32(${p}, true)`, W);
      case 'async-handle': return this.bind(`h.liftAsyncHandle(env.t, '${op.kind}', ${JSON.stringify(op.key)}, m.dv.getUint32(${p}, true), ${W})`, 'o');
      case 'map': return this.bind(`h.liftMap(${this.load(op.entries, p, where)})`, 'mp');
    }
  }
}
