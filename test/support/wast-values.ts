/**
 * Typed component values of `.wast` scripts (`(u32.const 7)`, `(record.const (field "a" u32.const 1))`, …), as the
 * `wast` crate's component grammar reads them, converted to and from kumiki's JS values (DESIGN.md §4).
 *
 * API:
 * - `parseWastVal(exprs, line)` → `WastVal`: one value from its s-expression. A value is a list `(kind.const …)`,
 *   or, where the grammar allows the parentheses to be left out (a record field, a variant/option/result payload),
 *   the keyword and its operands inline: `(field "s" str.const "v=")`.
 * - `toJs(val, type, where)` → the JS argument for a parameter of `type` (throws `WastValueError` when the value does
 *   not fit the type).
 * - `matchJs(actual, val, type)` → `undefined` when `actual` is the JS form of `val`, else a one-line difference.
 * - `showVal(val)` prints a value back in script syntax (for messages).
 */
import type { SExpr, SList } from './wast.js';
import type { ValType } from '../../src/types/index.js';

export class WastValueError extends Error {
  override name = 'WastValueError';
}

/** A float constant: its value, or a NaN pattern (`nan:canonical`/`nan:arithmetic` match any NaN in JS). */
export type WastFloat = { readonly nan: false; readonly value: number } | { readonly nan: true };

export type WastVal =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly type: IntKind; readonly value: bigint }
  | { readonly kind: 'float'; readonly type: 'f32' | 'f64'; readonly value: WastFloat }
  | { readonly kind: 'char'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly WastVal[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, WastVal])[] }
  | { readonly kind: 'tuple'; readonly items: readonly WastVal[] }
  | { readonly kind: 'variant'; readonly name: string; readonly payload?: WastVal }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'option'; readonly payload?: WastVal }
  | { readonly kind: 'result'; readonly ok: boolean; readonly payload?: WastVal }
  | { readonly kind: 'flags'; readonly names: readonly string[] };

type IntKind = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32' | 'u64' | 's64';

/** Bit width and signedness per integer keyword (the range a `.const` literal must fit). */
const INTS: Readonly<Record<IntKind, { bits: number; signed: boolean }>> = {
  u8: { bits: 8, signed: false }, s8: { bits: 8, signed: true }, u16: { bits: 16, signed: false }, s16: { bits: 16, signed: true },
  u32: { bits: 32, signed: false }, s32: { bits: 32, signed: true }, u64: { bits: 64, signed: false }, s64: { bits: 64, signed: true },
};

const err = (msg: string, line: number): WastValueError => new WastValueError(`${msg} (line ${line})`);

function atomText(e: SExpr | undefined): string | undefined {
  return e?.type === 'atom' ? e.text : undefined;
}

function stringText(e: SExpr | undefined, what: string, line: number): string {
  if (e?.type !== 'string') throw err(`${what}: expected a string`, line);
  return e.text;
}

/** One value from a list `(kw …)` or an inline sequence `kw …` (see the file comment). */
export function parseWastVal(exprs: readonly SExpr[], line: number): WastVal {
  if (exprs.length === 1 && exprs[0]!.type === 'list') return parseForm(exprs[0]!.items, exprs[0]!.line);
  return parseForm(exprs, line);
}

/** A payload (variant/option/result): absent, one parenthesised value, or an inline value. */
function parsePayload(rest: readonly SExpr[], line: number): WastVal | undefined {
  return rest.length === 0 ? undefined : parseWastVal(rest, line);
}

/** The items of a list operand, each a parenthesised value. */
function parseEach(rest: readonly SExpr[], line: number): WastVal[] {
  return rest.map((e) => {
    if (e.type !== 'list') throw err('expected a parenthesised value', line);
    return parseForm(e.items, e.line);
  });
}

function parseForm(items: readonly SExpr[], line: number): WastVal {
  const kw = atomText(items[0]);
  if (kw === undefined) throw err('expected a [type].const expression', line);
  const rest = items.slice(1);
  const dot = kw.indexOf('.');
  const ty = kw.slice(0, dot);
  if (kw.endsWith('.const') && ty in INTS) return { kind: 'int', type: ty as IntKind, value: parseInt(atomText(rest[0]), ty as IntKind, line) };
  switch (kw) {
    case 'bool.const': {
      const t = atomText(rest[0]);
      if (t !== 'true' && t !== 'false') throw err('bool.const: expected true or false', line);
      return { kind: 'bool', value: t === 'true' };
    }
    case 'f32.const': case 'f64.const': return { kind: 'float', type: ty as 'f32' | 'f64', value: parseFloatLit(atomText(rest[0]), line) };
    case 'char.const': {
      const s = stringText(rest[0], 'char.const', line);
      if ([...s].length !== 1) throw err('char.const: expected exactly one character', line);
      return { kind: 'char', value: s };
    }
    case 'str.const': return { kind: 'string', value: stringText(rest[0], 'str.const', line) };
    case 'list.const': return { kind: 'list', items: parseEach(rest, line) };
    case 'tuple.const': return { kind: 'tuple', items: parseEach(rest, line) };
    case 'record.const': return {
      kind: 'record',
      fields: rest.map((f) => {
        if (f.type !== 'list' || atomText(f.items[0]) !== 'field') throw err('record.const: expected (field "name" value)', line);
        return [stringText(f.items[1], 'field', f.line), parseWastVal(f.items.slice(2), f.line)] as const;
      }),
    };
    case 'variant.const': return { kind: 'variant', name: stringText(rest[0], 'variant.const', line), payload: parsePayload(rest.slice(1), line) };
    case 'enum.const': return { kind: 'enum', name: stringText(rest[0], 'enum.const', line) };
    case 'option.none': return { kind: 'option' };
    case 'option.some': {
      const payload = parsePayload(rest, line);
      if (payload === undefined) throw err('option.some: expected a value', line);
      return { kind: 'option', payload };
    }
    case 'result.ok': case 'result.err': return { kind: 'result', ok: kw === 'result.ok', payload: parsePayload(rest, line) };
    case 'flags.const': return { kind: 'flags', names: rest.map((e) => stringText(e, 'flags.const', line)) };
    default: throw err(`unknown value form '${kw}'`, line);
  }
}

/** An integer literal: decimal or `0x` hex, `_` separators, optional sign; must fit the keyword's type. */
function parseInt(text: string | undefined, kind: IntKind, line: number): bigint {
  if (text === undefined) throw err(`${kind}.const: expected a number`, line);
  const m = /^([+-]?)(0x[0-9a-fA-F_]+|[0-9_]+)$/.exec(text);
  if (!m) throw err(`${kind}.const: bad integer '${text}'`, line);
  let v = BigInt(m[2]!.replace(/_/g, ''));
  if (m[1] === '-') v = -v;
  const { bits, signed } = INTS[kind];
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = (1n << BigInt(bits)) - 1n;
  // Signed types also accept their unsigned bit pattern (`s8.const 0xff`), as WAT does.
  if (v < min || v > max) throw err(`${kind}.const: ${text} out of range`, line);
  return signed && v >= (1n << BigInt(bits - 1)) ? v - (1n << BigInt(bits)) : v;
}

/** A float literal: decimal, hex (`0x1.8p3`), `inf`, `nan`, `nan:0x…`, `nan:canonical`, `nan:arithmetic`. */
export function parseFloatLit(text: string | undefined, line: number): WastFloat {
  if (text === undefined) throw err('float: expected a number', line);
  const t = text.replace(/_/g, '');
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (/^nan(:.*)?$/.test(body)) return { nan: true };
  if (body === 'inf') return { nan: false, value: sign * Infinity };
  const hex = /^0x([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(body);
  if (hex) {
    const int = hex[1] ?? '';
    const frac = hex[2] ?? '';
    if (int.length + frac.length === 0) throw err(`bad float '${text}'`, line);
    // Exact for the mantissas in the scripts (≤ 53 significant bits); the exponent applies once.
    const mant = BigInt(`0x${int}${frac}` === '0x' ? '0' : `0x${int}${frac}`);
    const exp = Number(hex[3] ?? '0') - 4 * frac.length;
    return { nan: false, value: sign * Number(mant) * 2 ** exp };
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) throw err(`bad float '${text}'`, line);
  return { nan: false, value: sign * Number(body) };
}

/** Lists of these element types are typed arrays in JS (DESIGN.md §4). */
const TYPED_ARRAYS: Readonly<Record<string, { new (values: ArrayLike<number> & ArrayLike<bigint>): ArrayLike<number | bigint> }>> = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array,
  u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array, f64: Float64Array,
} as never;

const camel = (s: string): string => s.replace(/-([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());

function mismatch(val: WastVal, type: ValType, where: string): WastValueError {
  return new WastValueError(`${where}: ${showVal(val)} is not a value of type ${type.kind}`);
}

/** The JS value for `val` at type `type`; `inOption` marks the payload of an option (then options are tagged). */
export function toJs(val: WastVal, type: ValType, where: string, inOption = false): unknown {
  switch (type.kind) {
    case 'bool': if (val.kind === 'bool') return val.value; break;
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32':
      if (val.kind === 'int') return Number(val.value);
      break;
    case 'u64': case 's64': if (val.kind === 'int') return val.value; break;
    case 'f32': case 'f64':
      if (val.kind === 'float') return val.value.nan ? NaN : type.kind === 'f32' ? Math.fround(val.value.value) : val.value.value;
      break;
    case 'char': if (val.kind === 'char') return val.value; break;
    case 'string': if (val.kind === 'string') return val.value; break;
    case 'list': {
      if (val.kind !== 'list') break;
      const items = val.items.map((v, i) => toJs(v, type.element, `${where}[${i}]`));
      const ctor = TYPED_ARRAYS[type.element.kind];
      return ctor ? new ctor(items as never) : items;
    }
    case 'map': {
      if (val.kind !== 'list') break;
      return new Map(val.items.map((v, i) => {
        if (v.kind !== 'tuple' || v.items.length !== 2) throw mismatch(v, type, `${where}[${i}]`);
        return [toJs(v.items[0]!, type.key, `${where}[${i}].key`), toJs(v.items[1]!, type.value, `${where}[${i}].value`)];
      }));
    }
    case 'tuple':
      if (val.kind !== 'tuple' || val.items.length !== type.types.length) break;
      return val.items.map((v, i) => toJs(v, type.types[i]!, `${where}[${i}]`));
    case 'record': {
      if (val.kind !== 'record') break;
      const o: Record<string, unknown> = {};
      for (const f of type.fields) {
        const v = val.fields.find(([n]) => n === f.name);
        if (v === undefined) throw new WastValueError(`${where}: record.const lacks field "${f.name}"`);
        o[camel(f.name)] = toJs(v[1], f.type, `${where}.${f.name}`);
      }
      return o;
    }
    case 'variant': {
      if (val.kind !== 'variant') break;
      const c = type.cases.find((x) => x.name === val.name);
      if (c === undefined) throw new WastValueError(`${where}: variant has no case "${val.name}"`);
      return { tag: c.name, val: c.type && val.payload ? toJs(val.payload, c.type, `${where}.${c.name}`) : undefined };
    }
    case 'enum': if (val.kind === 'enum') return val.name; break;
    case 'flags': {
      if (val.kind !== 'flags') break;
      const o: Record<string, boolean> = {};
      for (const n of type.names) o[camel(n)] = val.names.includes(n);
      return o;
    }
    case 'option': {
      if (val.kind !== 'option') break;
      const inner = val.payload === undefined ? undefined : toJs(val.payload, type.type, `${where}?`, true);
      if (inOption) return val.payload === undefined ? { tag: 'none' } : { tag: 'some', val: inner };
      return inner;
    }
    case 'result': {
      if (val.kind !== 'result') break;
      const t = val.ok ? type.ok : type.err;
      return { tag: val.ok ? 'ok' : 'err', val: t && val.payload ? toJs(val.payload, t, `${where}.${val.ok ? 'ok' : 'err'}`) : undefined };
    }
    default: throw new WastValueError(`${where}: values of type ${type.kind} cannot be written in a script`);
  }
  throw mismatch(val, type, where);
}


const show = (v: unknown): string => {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Map) return `Map(${v.size})`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}[${Array.from(v as unknown as ArrayLike<unknown>, show).join(',')}]`;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v);
  } catch {
    return String(v);
  }
};

/**
 * Compares a JS value (a result, or a `ComponentError` payload) with the expected script value at `type`.
 * `undefined` when they agree; else where and how they differ. `inOption` marks an option's payload (an option
 * there is a tagged object, DESIGN.md §4).
 */
export function matchJs(actual: unknown, val: WastVal, type: ValType, where = 'result', inOption = false): string | undefined {
  const differs = (): string => `${where}: expected ${showVal(val)}, got ${show(actual)}`;
  switch (type.kind) {
    case 'bool': return val.kind === 'bool' && actual === val.value ? undefined : differs();
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32':
      return val.kind === 'int' && actual === Number(val.value) ? undefined : differs();
    case 'u64': case 's64': return val.kind === 'int' && actual === val.value ? undefined : differs();
    case 'f32': case 'f64': {
      if (val.kind !== 'float' || typeof actual !== 'number') return differs();
      if (val.value.nan) return Number.isNaN(actual) ? undefined : differs();
      const want = type.kind === 'f32' ? Math.fround(val.value.value) : val.value.value;
      return Object.is(actual, want) ? undefined : differs();
    }
    case 'char': case 'string': return (val.kind === 'char' || val.kind === 'string') && actual === val.value ? undefined : differs();
    case 'list': {
      if (val.kind !== 'list') return differs();
      const ctor = TYPED_ARRAYS[type.element.kind];
      if (ctor && !(actual instanceof (ctor as unknown as abstract new () => object))) return `${where}: expected a ${ctor.name}, got ${show(actual)}`;
      if (!ctor && !Array.isArray(actual)) return `${where}: expected an array, got ${show(actual)}`;
      const arr = actual as ArrayLike<unknown>;
      if (arr.length !== val.items.length) return `${where}: expected ${val.items.length} elements, got ${arr.length}`;
      for (let i = 0; i < arr.length; i++) {
        const d = matchJs(arr[i], val.items[i]!, type.element, `${where}[${i}]`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'map': {
      if (val.kind !== 'list') return differs();
      const entries = actual instanceof Map ? [...actual.entries()] : Array.isArray(actual) ? actual as unknown[] : undefined;
      if (entries === undefined) return `${where}: expected a Map, got ${show(actual)}`;
      if (entries.length !== val.items.length) return `${where}: expected ${val.items.length} entries, got ${entries.length}`;
      const tuple: ValType = { kind: 'tuple', types: [type.key, type.value] };
      for (let i = 0; i < entries.length; i++) {
        const d = matchJs(entries[i], val.items[i]!, tuple, `${where}[${i}]`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'tuple': {
      if (val.kind !== 'tuple' || !Array.isArray(actual) || actual.length !== type.types.length || val.items.length !== type.types.length) return differs();
      for (let i = 0; i < actual.length; i++) {
        const d = matchJs(actual[i], val.items[i]!, type.types[i]!, `${where}[${i}]`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'record': {
      if (val.kind !== 'record' || actual === null || typeof actual !== 'object') return differs();
      const o = actual as Record<string, unknown>;
      for (const f of type.fields) {
        const v = val.fields.find(([n]) => n === f.name);
        if (v === undefined) return `${where}: the script's record.const lacks field "${f.name}"`;
        const d = matchJs(o[camel(f.name)], v[1], f.type, `${where}.${camel(f.name)}`);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'variant': {
      if (val.kind !== 'variant' || !isTagged(actual)) return differs();
      if (actual.tag !== val.name) return differs();
      const c = type.cases.find((x) => x.name === val.name);
      if (c === undefined) return `${where}: type has no case "${val.name}"`;
      if (!c.type) return actual.val === undefined ? undefined : differs();
      return val.payload ? matchJs(actual.val, val.payload, c.type, `${where}.${c.name}`) : differs();
    }
    case 'enum': return val.kind === 'enum' && actual === val.name ? undefined : differs();
    case 'flags': {
      if (val.kind !== 'flags' || actual === null || typeof actual !== 'object') return differs();
      const o = actual as Record<string, unknown>;
      for (const n of type.names) if (o[camel(n)] !== val.names.includes(n)) return differs();
      return undefined;
    }
    case 'option': {
      if (val.kind !== 'option') return differs();
      if (inOption) {
        if (!isTagged(actual)) return differs();
        if (val.payload === undefined) return actual.tag === 'none' ? undefined : differs();
        return actual.tag === 'some' ? matchJs(actual.val, val.payload, type.type, `${where}.some`, true) : differs();
      }
      if (val.payload === undefined) return actual === undefined ? undefined : differs();
      return actual === undefined ? differs() : matchJs(actual, val.payload, type.type, `${where}?`, true);
    }
    case 'result': {
      if (val.kind !== 'result' || !isTagged(actual)) return differs();
      if (actual.tag !== (val.ok ? 'ok' : 'err')) return differs();
      const t = val.ok ? type.ok : type.err;
      if (!t) return actual.val === undefined ? undefined : differs();
      return val.payload ? matchJs(actual.val, val.payload, t, `${where}.${actual.tag}`) : differs();
    }
    default: return `${where}: values of type ${type.kind} cannot be compared`;
  }
}

function isTagged(v: unknown): v is { tag: unknown; val?: unknown } {
  return v !== null && typeof v === 'object' && 'tag' in v;
}

/** A value in script syntax (for messages). */
export function showVal(v: WastVal): string {
  switch (v.kind) {
    case 'bool': return `(bool.const ${v.value})`;
    case 'int': return `(${v.type}.const ${v.value})`;
    case 'float': return `(${v.type}.const ${v.value.nan ? 'nan' : v.value.value})`;
    case 'char': return `(char.const ${JSON.stringify(v.value)})`;
    case 'string': return `(str.const ${JSON.stringify(v.value.length > 40 ? `${v.value.slice(0, 40)}…` : v.value)})`;
    case 'list': return `(list.const${v.items.map((x) => ` ${showVal(x)}`).join('')})`;
    case 'tuple': return `(tuple.const${v.items.map((x) => ` ${showVal(x)}`).join('')})`;
    case 'record': return `(record.const${v.fields.map(([n, x]) => ` (field "${n}" ${showVal(x)})`).join('')})`;
    case 'variant': return `(variant.const "${v.name}"${v.payload ? ` ${showVal(v.payload)}` : ''})`;
    case 'enum': return `(enum.const "${v.name}")`;
    case 'option': return v.payload ? `(option.some ${showVal(v.payload)})` : '(option.none)';
    case 'result': return `(result.${v.ok ? 'ok' : 'err'}${v.payload ? ` ${showVal(v.payload)}` : ''})`;
    case 'flags': return `(flags.const${v.names.map((n) => ` "${n}"`).join('')})`;
  }
}

/** The `(invoke "name" args…)` of a command: the export name and its argument values. */
export function parseInvoke(e: SExpr | undefined, line: number): { readonly instance?: string; readonly name: string; readonly args: readonly WastVal[] } {
  if (e?.type !== 'list' || atomText(e.items[0]) !== 'invoke') throw err('expected (invoke "name" args…)', line);
  let i = 1;
  let instance: string | undefined;
  const first = atomText(e.items[1]);
  if (first?.startsWith('$')) { instance = first; i++; }
  const name = stringText(e.items[i], 'invoke', line);
  return { instance, name, args: parseEach(e.items.slice(i + 1), (e as SList).line) };
}
