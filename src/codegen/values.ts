// Code generation for one value crossing: lowerFlat / liftFlat / store / load (CanonicalABI.md "Flattening",
// "Loading", "Storing"), specialised per type. Generated code sees `h` (runtime glue), `m` (MemView), `ra` (realloc).
import type { StringEncoding } from '../abi/context.js';
import type { FlatType } from '../abi/flatten.js';
import type { CaseOp, IntKind, ValueOp } from '../abi/plan.js';
import type { ResourceType } from '../types/index.js';
import { Emitter } from './emitter.js';
import { joinIn, joinOut } from '../abi/join.js';
import { intWrapExpr } from '../abi/int-wrap.js';

type VariantOp = ValueOp & { op: 'variant' };

/** Index of each number kind in `VIEW_CTORS` (runtime/glue/memview.ts). */
const VIEW_INDEX: Readonly<Record<string, number>> = {
  Int8Array: 0, Uint8Array: 1, Int16Array: 2, Uint16Array: 3, Int32Array: 4, Uint32Array: 5,
  BigInt64Array: 6, BigUint64Array: 7, Float32Array: 8, Float64Array: 9,
};

/** The memory view a typed list is copied through. `list<u8>` uses `m.u8` itself: `h.alloc` / `m.check` (which
 *  always run just before) refresh it after `memory.grow`, so no second view or `tv` lookup is needed. */
function viewOf(typed: string): string {
  return typed === 'Uint8Array' ? 'm.u8' : `m.view(${VIEW_INDEX[typed]})`;
}

/** Range test that is true when a number `x` is NOT a valid value of the kind. */
const INT_BAD: Readonly<Record<string, (x: string) => string>> = {
  s8: (x) => `((${x} << 24) >> 24) !== ${x}`, u8: (x) => `(${x} & 0xff) !== ${x}`,
  s16: (x) => `((${x} << 16) >> 16) !== ${x}`, u16: (x) => `(${x} & 0xffff) !== ${x}`,
  s32: (x) => `(${x} | 0) !== ${x}`, u32: (x) => `(${x} >>> 0) !== ${x}`,
  s64: (x) => `BigInt.asIntN(64, ${x}) !== ${x}`, u64: (x) => `BigInt.asUintN(64, ${x}) !== ${x}`,
};

/** Flat i32 (a signed JS number from wasm) or i64 (a bigint) to the JS value of the kind (abi/int-wrap.ts). */
const INT_LIFT = (kind: IntKind): ((x: string) => string) => (x) => intWrapExpr(kind, x);

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

/** Generates lowering, lifting, loading and storing code for one adapter. */
export class ValueCodegen {
  /** Handles lowered so far are recorded in `J` (lift adapters' arguments: taken back if a later one fails). */
  journal = false;
  /** Some handle was lowered with `journal` on: the adapter declares `J` and must clear or undo it. */
  journaled = false;
  /** Lowering what a host import returned: accept jco's leniencies (abi/checks.ts packFlags). */
  lenient = false;

  constructor(readonly e: Emitter, readonly encoding: StringEncoding, readonly resources: readonly ResourceType[] = []) {}

  /** The local bound to the runtime type of `r` (`R<i>`, resolved once per instance in the adapter's prelude). */
  private res(r: ResourceType): string {
    const i = this.resources.indexOf(r);
    if (i < 0) throw new TypeError('unreachable: a handle of a resource the plan does not list');
    return `R${i}`;
  }

  // CanonicalABI.md lower_own / lower_borrow: a JS resource object into the guest's table (`T`, state `st`).
  private lowerHandle(op: ValueOp & { op: 'handle' }, x: string, W: string): string {
    const J = this.journal ? ', J' : '';
    if (this.journal) this.journaled = true;
    return this.bind(op.kind === 'own' ? `h.lowerOwn(T, ${this.res(op.resource)}, ${x}, ${W}${J})` : `h.lowerBorrow(T, st, ${this.res(op.resource)}, ${x}, ${W}${J})`, 'hd');
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

  private check(cond: string, call: string): void {
    this.e.line(`if (${cond}) ${call};`);
  }

  // CanonicalABI.md "Flattening": lower_flat. Emits checks; returns one expression per flat value.
  lowerFlat(op: ValueOp, x0: string, where: string): string[] {
    const e = this.e;
    const W = Emitter.str(where);
    const x = this.bind(x0);
    switch (op.op) {
      case 'bool':
        this.check(`typeof ${x} !== 'boolean'`, `h.badValue('bool', ${x}, ${W})`);
        return [`(${x} ? 1 : 0)`];
      case 'int': {
        const big = op.kind === 's64' || op.kind === 'u64';
        this.check(`typeof ${x} !== '${big ? 'bigint' : 'number'}' || ${INT_BAD[op.kind]!(x)}`, `h.badValue('${op.kind}', ${x}, ${W})`);
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
        return [p, n];
      }
      case 'record': {
        this.checkRecord(op, x, W);
        const out: string[] = [];
        for (const f of op.fields) out.push(...this.lowerFlat(f.op, this.fieldRef(op, x, f.key), `${where}${op.tuple ? `[${f.key}]` : `.${f.key}`}`));
        return out;
      }
      case 'variant': return this.lowerFlatVariant(op, x, where);
      case 'flags': return [this.flagsBits(op, x, W)];
      case 'handle': return [this.lowerHandle(op, x, W)];
      case 'map': return this.lowerFlat(op.entries, `h.mapEntries(${x}, ${W})`, where);
    }
  }

  /** A fixed-length list `list<T, N>` (feature cm-fixed-length-lists): N elements, flattened inline. */
  private lowerFlatFixed(op: ValueOp & { op: 'list' }, x: string, where: string): string[] {
    this.checkFixed(op, x, Emitter.str(where));
    const out: string[] = [];
    for (let i = 0; i < op.fixed!; i++) out.push(...this.lowerFlat(op.elem, `${x}[${i}]`, `${where}[${i}]`));
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

  /** Lowers a string or list into fresh memory; returns [ptr, length]. */
  private lowerToMemory(op: ValueOp & { op: 'string' | 'list' }, x: string, where: string): [string, string] {
    const e = this.e;
    const W = Emitter.str(where);
    const p = e.tmp('p');
    const n = e.tmp('n');
    if (op.op === 'string') {
      this.check(`typeof ${x} !== 'string'`, `h.badValue('string', ${x}, ${W})`);
      e.line(`const ${p} = ${LOWER_STRING[this.encoding]}(m, ra, ${x}, ${W});`);
      e.line(`const ${n} = h.out.len;`);
      return [p, n];
    }
    if (op.typed !== undefined) {
      // Inline so that `instanceof`, `set` and `slice` sites stay monomorphic per adapter.
      const t = e.tmp('t');
      e.line(`const ${t} = ${x} instanceof ${op.typed} ? ${x} : h.toTyped(${VIEW_INDEX[op.typed]}, ${x}, ${W});`);
      e.line(`const ${n} = ${t}.length;`);
      e.line(`const ${p} = h.alloc(m, ra, 0, 0, ${op.size}, ${n} * ${op.size}, ${W}, 'list');`);
      e.line(`if (${n} !== 0) ${viewOf(op.typed)}.set(${t}, ${op.size === 1 ? p : `${p} / ${op.size}`});`);
      return [p, n];
    }
    this.check(`!Array.isArray(${x})`, `h.typeError('expected an array for a list', ${x}, ${W})`);
    e.line(`const ${n} = ${x}.length;`);
    e.line(`const ${p} = h.alloc(m, ra, 0, 0, ${op.align}, ${n} * ${op.size}, ${W}, 'list');`);
    const i = e.tmp('i');
    e.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
      e.block('try', () => this.store(op.elem, `${x}[${i}]`, `${p} + ${i} * ${op.size}`, `${where}[]`));
      e.line(`catch (x) { throw h.atIndex(x, ${where.length}, ${i}); }`);
    });
    return [p, n];
  }

  private lowerFlatVariant(op: VariantOp, x: string, where: string): string[] {
    const e = this.e;
    const W = Emitter.str(where);
    const d = e.tmp('d');
    const slots = op.flat.map(() => e.tmp('f'));
    e.line(`let ${d} = 0${slots.map((s, i) => `, ${s} = ${zero(op.flat[i]!)}`).join('')};`);
    const payload = (c: CaseOp, val: string): void => {
      if (c.op === undefined) return;
      const vals = this.lowerFlat(c.op, val, `${where}${op.form === 'option' ? '' : '.val'}`);
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
    const e = this.e;
    const W = Emitter.str(where);
    switch (op.op) {
      case 'bool': return `(${vals.shift()!} !== 0)`;
      case 'int': return INT_LIFT(op.kind)(vals.shift()!);
      case 'float': return vals.shift()!;
      case 'char': return this.bind(`h.liftChar(${vals.shift()!}, ${W})`, 'c');
      case 'string': case 'list': {
        if (op.op === 'list' && op.fixed !== undefined) {
          const parts: string[] = [];
          for (let i = 0; i < op.fixed; i++) parts.push(this.bind(this.liftFlat(op.elem, vals, `${where}[${i}]`), 'r'));
          return this.fixedValue(op, parts);
        }
        const p = vals.shift()!;
        const n = vals.shift()!;
        return this.liftFromMemory(op, p, n, where);
      }
      case 'record': {
        const parts = op.fields.map((f) => this.bind(this.liftFlat(f.op, vals, `${where}.${f.key}`), 'r'));
        return this.bind(op.tuple ? `[${parts.join(', ')}]` : `{ ${op.fields.map((f, i) => `${Emitter.str(f.key)}: ${parts[i]}`).join(', ')} }`, 'r');
      }
      case 'variant': {
        const d = vals.shift()!;
        const slots = op.flat.map(() => vals.shift()!);
        return this.liftVariant(op, d, W, (c) => {
          const cvals = c.flat.map((t, i) => this.bind(coerceOut(slots[i]!, op.flat[i]!, t), 'x'));
          return this.liftFlat(c.op!, cvals, `${where}.val`);
        });
      }
      case 'flags': {
        const b = this.bind(vals.shift()!, 'b');
        return this.bind(`{ ${op.keys.map((k, i) => `${Emitter.str(k)}: (${b} & ${i === 31 ? '-2147483648' : 1 << i}) !== 0`).join(', ')} }`, 'r');
      }
      case 'handle': return this.liftHandle(op, vals.shift()!, W);
      case 'map': return this.bind(`new Map(${this.liftFlat(op.entries, vals, where)})`, 'mp');
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

  private liftFromMemory(op: ValueOp & { op: 'string' | 'list' }, p: string, n: string, where: string): string {
    const e = this.e;
    const W = Emitter.str(where);
    if (op.op === 'string') return this.bind(`${LIFT_STRING[this.encoding]}(m, ${p}, ${n}, ${W})`, 's');
    if (op.typed !== undefined) {
      const pp = this.bind(`${p} >>> 0`, 'p');
      const nn = this.bind(`${n} >>> 0`, 'n');
      e.line(`h.checkList(m, ${pp}, ${nn}, ${op.size}, ${op.size}, ${W});`);
      const v = viewOf(op.typed);
      return this.bind(op.size === 1 ? `${v}.slice(${pp}, ${pp} + ${nn})` : `${v}.slice(${pp} / ${op.size}, ${pp} / ${op.size} + ${nn})`, 'l');
    }
    const pp = this.bind(`${p} >>> 0`, 'p');
    const nn = this.bind(`${n} >>> 0`, 'n');
    e.line(`h.checkList(m, ${pp}, ${nn}, ${op.size}, ${op.align}, ${W});`);
    const a = e.tmp('a');
    const i = e.tmp('i');
    e.line(`const ${a} = new Array(${nn});`);
    e.block(`for (let ${i} = 0; ${i} < ${nn}; ${i}++)`, () => {
      e.line(`${a}[${i}] = ${this.load(op.elem, `${pp} + ${i} * ${op.size}`, `${where}[]`)};`);
    });
    return a;
  }

  // CanonicalABI.md "Storing": store. `p` is an in-bounds, aligned address expression.
  store(op: ValueOp, x0: string, p0: string, where: string): void {
    const e = this.e;
    const W = Emitter.str(where);
    const x = this.bind(x0);
    const p = this.bind(p0, 'q');
    switch (op.op) {
      case 'bool':
        this.check(`typeof ${x} !== 'boolean'`, `h.badValue('bool', ${x}, ${W})`);
        e.line(`m.u8[${p}] = ${x} ? 1 : 0;`);
        return;
      case 'int': case 'float': {
        const [v] = this.lowerFlat(op, x, where);
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
          e.block(`for (let ${i} = 0; ${i} < ${op.fixed}; ${i}++)`, () => {
            e.block('try', () => this.store(op.elem, `${x}[${i}]`, `${p} + ${i} * ${op.size}`, `${where}[]`));
            e.line(`catch (x) { throw h.atIndex(x, ${where.length}, ${i}); }`);
          });
          return;
        }
        const [ptr, n] = this.lowerToMemory(op, x, where);
        e.line(`m.dv.setUint32(${p}, ${ptr}, true);`);
        e.line(`m.dv.setUint32(${p} + 4, ${n}, true);`);
        return;
      }
      case 'record':
        this.checkRecord(op, x, W);
        for (const f of op.fields) this.store(f.op, this.fieldRef(op, x, f.key), `${p} + ${f.offset}`, `${where}${op.tuple ? `[${f.key}]` : `.${f.key}`}`);
        return;
      case 'variant':
        this.variantDispatch(op, x, W, (i, c, val) => {
          e.line(DISC_STORE[op.disc](p, String(i)));
          if (c.op !== undefined) this.store(c.op, val, `${p} + ${op.payloadOffset}`, `${where}${op.form === 'option' ? '' : '.val'}`);
        });
        return;
      case 'flags':
        e.line(FLAG_STORE[op.size](p, this.flagsBits(op, x, W)));
        return;
      case 'handle':
        e.line(`m.dv.setUint32(${p}, ${this.lowerHandle(op, x, W)}, true);`);
        return;
      case 'map':
        this.store(op.entries, `h.mapEntries(${x}, ${W})`, p, where);
        return;
    }
  }

  // CanonicalABI.md "Loading": load. `p` is an in-bounds, aligned address expression; returns an expression.
  load(op: ValueOp, p0: string, where: string): string {
    const W = Emitter.str(where);
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
          this.e.block(`for (let ${i} = 0; ${i} < ${op.fixed}; ${i}++)`, () => {
            this.e.line(`${a}[${i}] = ${this.load(op.elem, `${p} + ${i} * ${op.size}`, `${where}[]`)};`);
          });
          return op.typed === undefined ? a : this.bind(`${op.typed}.from(${a})`, 'l');
        }
        const ptr = this.bind(`m.dv.getUint32(${p}, true)`, 'p');
        const n = this.bind(`m.dv.getUint32(${p} + 4, true)`, 'n');
        return this.liftFromMemory(op, ptr, n, where);
      }
      case 'record': {
        const parts = op.fields.map((f) => this.bind(this.load(f.op, `${p} + ${f.offset}`, `${where}.${f.key}`), 'r'));
        return this.bind(op.tuple ? `[${parts.join(', ')}]` : `{ ${op.fields.map((f, i) => `${Emitter.str(f.key)}: ${parts[i]}`).join(', ')} }`, 'r');
      }
      case 'variant': {
        const d = this.bind(DISC_LOAD[op.disc](p), 'd');
        return this.liftVariant(op, d, W, (c) => this.load(c.op!, `${p} + ${op.payloadOffset}`, `${where}.val`));
      }
      case 'flags': {
        const b = this.bind(FLAG_LOAD[op.size](p), 'b');
        return this.bind(`{ ${op.keys.map((k, i) => `${Emitter.str(k)}: (${b} & ${i === 31 ? '-2147483648' : 1 << i}) !== 0`).join(', ')} }`, 'r');
      }
      case 'handle': return this.liftHandle(op, `m.dv.getUint32(${p}, true)`, W);
      case 'map': return this.bind(`new Map(${this.load(op.entries, p, where)})`, 'mp');
    }
  }
}
