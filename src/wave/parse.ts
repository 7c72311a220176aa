// WAVE (the WebAssembly Value Encoding of wasm-tools' wasm-wave, as `wasmtime run --invoke` takes it): text to
// component values in their JS shapes (DESIGN.md §4), checked against the expected type.
import type { ValType } from '../types/index.js';
import { camelCase } from '../abi/plan.js';

/** WAVE text that does not parse, or does not fit the expected type; `offset` is where, in characters. */
export class WaveError extends SyntaxError {
  override name = 'WaveError';
  constructor(message: string, readonly offset: number) {
    super(`${message} (at offset ${offset})`);
  }
}

/** A parsed WAVE term before it meets its type. */
export type Node =
  | { readonly k: 'num'; readonly text: string; readonly at: number }
  | { readonly k: 'str'; readonly value: string; readonly at: number }
  | { readonly k: 'char'; readonly value: string; readonly at: number }
  | { readonly k: 'label'; readonly name: string; readonly payload?: Node; readonly at: number }
  | { readonly k: 'list'; readonly items: readonly Node[]; readonly at: number }
  | { readonly k: 'tuple'; readonly items: readonly Node[]; readonly at: number }
  | { readonly k: 'braces'; readonly fields: readonly (readonly [string, Node | undefined])[]; readonly at: number };

const LABEL = /[a-zA-Z][a-zA-Z0-9]*(?:-[a-zA-Z0-9]+)*/y;

/** A cursor over WAVE text. */
export class WaveReader {
  i = 0;
  constructor(readonly src: string) {}

  ws(): void {
    for (;;) {
      while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
      if (this.src.startsWith('//', this.i)) { while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++; continue; }
      return;
    }
  }

  peek(): string | undefined { this.ws(); return this.src[this.i]; }

  eat(c: string): boolean { if (this.peek() === c) { this.i++; return true; } return false; }

  expect(c: string): void { if (!this.eat(c)) throw new WaveError(`expected '${c}'${this.found()}`, this.i); }

  found(): string { const c = this.src[this.i]; return c === undefined ? ', found the end of the text' : `, found '${c}'`; }

  done(): void { if (this.peek() !== undefined) throw new WaveError(`unexpected text after the value${this.found()}`, this.i); }

  /** A label: kebab-case, optionally `%`-escaped (`%true`, `%none`). */
  label(): string | undefined {
    this.ws();
    const esc = this.src[this.i] === '%';
    LABEL.lastIndex = this.i + (esc ? 1 : 0);
    const m = LABEL.exec(this.src);
    if (m === null) { if (esc) throw new WaveError('expected a label after %', this.i); return undefined; }
    this.i = LABEL.lastIndex;
    return esc ? `%${m[0]}` : m[0];
  }

  value(): Node {
    const c = this.peek();
    const at = this.i;
    if (c === undefined) throw new WaveError('expected a value, found the end of the text', at);
    if (c === '"') return { k: 'str', value: this.quoted('"'), at };
    if (c === "'") {
      const value = this.quoted("'");
      if ([...value].length !== 1) throw new WaveError('a char literal holds exactly one character', at);
      return { k: 'char', value, at };
    }
    if (c === '[') { this.i++; return { k: 'list', items: this.seq(']'), at }; }
    if (c === '(') { this.i++; return { k: 'tuple', items: this.seq(')'), at }; }
    if (c === '{') return this.braces();
    if (/[-0-9]/.test(c) || this.src.startsWith('inf', this.i) || this.src.startsWith('nan', this.i)) {
      const m = /-?(?:inf|nan|(?:0x[0-9a-fA-F]+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)/y;
      m.lastIndex = this.i;
      const r = m.exec(this.src);
      if (r !== null && !/[a-z0-9-]/i.test(this.src[m.lastIndex] ?? '')) { this.i = m.lastIndex; return { k: 'num', text: r[0], at }; }
    }
    const name = this.label();
    if (name === undefined) throw new WaveError(`expected a value${this.found()}`, at);
    if (this.peek() === '(') {
      this.i++;
      const payload = this.value();
      this.eat(',');
      this.expect(')');
      return { k: 'label', name, payload, at };
    }
    return { k: 'label', name, at };
  }

  /** Values separated by commas (a trailing comma allowed) up to `close`. */
  seq(close: string): Node[] {
    const items: Node[] = [];
    while (!this.eat(close)) {
      items.push(this.value());
      if (!this.eat(',')) { this.expect(close); break; }
    }
    return items;
  }

  braces(): Node {
    const at = this.i;
    this.expect('{');
    const fields: [string, Node | undefined][] = [];
    if (this.eat(':')) { this.expect('}'); return { k: 'braces', fields, at }; } // `{:}`: the empty record
    while (!this.eat('}')) {
      const name = this.label();
      if (name === undefined) throw new WaveError(`expected a field or flag name${this.found()}`, this.i);
      fields.push([name.replace(/^%/, ''), this.eat(':') ? this.value() : undefined]);
      if (!this.eat(',')) { this.expect('}'); break; }
    }
    return { k: 'braces', fields, at };
  }

  quoted(q: string): string {
    const start = this.i;
    this.i++;
    let s = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined || c === '\n') throw new WaveError(`unterminated ${q === '"' ? 'string' : 'char'} literal`, start);
      this.i++;
      if (c === q) return s;
      if (c !== '\\') { s += c; continue; }
      const e = this.src[this.i++];
      switch (e) {
        case 'n': s += '\n'; break;
        case 'r': s += '\r'; break;
        case 't': s += '\t'; break;
        case '\\': s += '\\'; break;
        case "'": s += "'"; break;
        case '"': s += '"'; break;
        case 'u': {
          const m = /\{([0-9a-fA-F]{1,6})\}/y;
          m.lastIndex = this.i;
          const r = m.exec(this.src);
          const cp = r === null ? -1 : parseInt(r[1]!, 16);
          if (r === null || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new WaveError('bad \\u{…} escape (a Unicode scalar value in hex)', this.i - 2);
          s += String.fromCodePoint(cp);
          this.i = m.lastIndex;
          break;
        }
        default: throw new WaveError(`unknown escape \\${e ?? ''}`, this.i - 2);
      }
    }
  }
}

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  s8: [-128n, 127n], u8: [0n, 255n], s16: [-32768n, 32767n], u16: [0n, 65535n],
  s32: [-(2n ** 31n), 2n ** 31n - 1n], u32: [0n, 2n ** 32n - 1n], s64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

const TYPED: Readonly<Record<string, { from(a: ArrayLike<unknown>): unknown }>> = {
  s8: Int8Array, u8: Uint8Array, s16: Int16Array, u16: Uint16Array, s32: Int32Array, u32: Uint32Array,
  s64: BigInt64Array as unknown as { from(a: ArrayLike<unknown>): unknown }, u64: BigUint64Array as unknown as { from(a: ArrayLike<unknown>): unknown }, f32: Float32Array, f64: Float64Array,
};

function what(n: Node): string {
  switch (n.k) {
    case 'num': return `the number ${n.text}`;
    case 'str': return 'a string';
    case 'char': return 'a char';
    case 'label': return `'${n.name}${n.payload !== undefined ? '(…)' : ''}'`;
    case 'list': return 'a list';
    case 'tuple': return 'a tuple';
    case 'braces': return 'a {…} value';
  }
}

function bare(name: string): string { return name.replace(/^%/, ''); }

/** The JS value of type `t` that node `n` denotes. */
export function toValue(t: ValType, n: Node): unknown {
  const bad = (msg?: string): never => { throw new WaveError(msg ?? `expected a ${t.kind} value, got ${what(n)}`, n.at); };
  switch (t.kind) {
    case 'bool':
      if (n.k === 'label' && n.payload === undefined && (n.name === 'true' || n.name === 'false')) return n.name === 'true';
      return bad();
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64': {
      if (n.k !== 'num' || !/^-?(?:0x[0-9a-fA-F]+|\d+)$/.test(n.text)) return bad();
      const v = n.text.startsWith('-') ? -BigInt(n.text.slice(1)) : BigInt(n.text);
      const [lo, hi] = INT_RANGE[t.kind]!;
      if (v < lo || v > hi) return bad(`${n.text} is out of range for ${t.kind}`);
      return t.kind === 's64' || t.kind === 'u64' ? v : Number(v);
    }
    case 'f32': case 'f64': {
      if (n.k !== 'num') return bad();
      const x = n.text.replace(/^(-?)inf$/, '$1Infinity').replace(/^-?nan$/, 'NaN');
      const v = Number(x);
      if (Number.isNaN(v) && x !== 'NaN') return bad();
      return t.kind === 'f32' ? Math.fround(v) : v;
    }
    case 'char': return n.k === 'char' ? n.value : bad();
    case 'string': return n.k === 'str' ? n.value : bad();
    case 'list': {
      if (n.k !== 'list') return bad();
      if (t.length !== undefined && n.items.length !== t.length) return bad(`expected ${t.length} elements, got ${n.items.length}`);
      const items = n.items.map((x) => toValue(t.element, x));
      const typed = TYPED[t.element.kind];
      return typed === undefined ? items : typed.from(items);
    }
    case 'tuple':
      if (n.k !== 'tuple' || n.items.length !== t.types.length) return bad(`expected a tuple of ${t.types.length}, got ${what(n)}`);
      return t.types.map((x, i) => toValue(x, n.items[i]!));
    case 'record': {
      if (n.k !== 'braces') return bad();
      const given = new Map(n.fields);
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const v = given.get(f.name);
        given.delete(f.name);
        if (v === undefined) { if (f.type.kind === 'option') { out[camelCase(f.name)] = undefined; continue; } return bad(`missing field '${f.name}'`); }
        out[camelCase(f.name)] = toValue(f.type, v);
      }
      for (const k of given.keys()) bad(`unknown field '${k}'`);
      return out;
    }
    case 'flags': {
      if (n.k !== 'braces') return bad();
      const out: Record<string, boolean> = Object.fromEntries(t.names.map((x) => [camelCase(x), false]));
      for (const [k, v] of n.fields) {
        if (v !== undefined || !t.names.includes(k)) return bad(`unknown flag '${k}'`);
        out[camelCase(k)] = true;
      }
      return out;
    }
    case 'enum':
      if (n.k === 'label' && n.payload === undefined && t.names.includes(bare(n.name))) return bare(n.name);
      return bad(`expected one of ${t.names.join(', ')}, got ${what(n)}`);
    case 'variant': {
      if (n.k !== 'label') return bad();
      const c = t.cases.find((x) => x.name === bare(n.name));
      if (c === undefined) return bad(`unknown case ${what(n)} (cases: ${t.cases.map((x) => x.name).join(', ')})`);
      if ((c.type === undefined) !== (n.payload === undefined)) return bad(c.type === undefined ? `case '${c.name}' has no payload` : `case '${c.name}' needs a payload`);
      return c.type === undefined ? { tag: c.name } : { tag: c.name, val: toValue(c.type, n.payload!) };
    }
    case 'option': {
      // A bare value stands for some(value) unless it is an option itself (WAVE allows this shorthand).
      const nested = t.type.kind === 'option';
      if (n.k === 'label' && n.name === 'none' && n.payload === undefined) return nested ? { tag: 'none' } : undefined;
      if (n.k === 'label' && n.name === 'some' && n.payload !== undefined) { const v = toValue(t.type, n.payload); return nested ? { tag: 'some', val: v } : v; }
      if (nested) return bad('expected some(…) or none');
      return toValue(t.type, n);
    }
    case 'result': {
      if (n.k !== 'label' || (n.name !== 'ok' && n.name !== 'err')) return bad('expected ok, ok(…), err or err(…)');
      const pt = n.name === 'ok' ? t.ok : t.err;
      if ((pt === undefined) !== (n.payload === undefined)) return bad(pt === undefined ? `${n.name} has no payload here` : `${n.name} needs a payload here`);
      return pt === undefined ? { tag: n.name } : { tag: n.name, val: toValue(pt, n.payload!) };
    }
    default:
      return bad(`${t.kind} values cannot be written in WAVE`);
  }
}

/** Parses one WAVE value of type `t`. */
export function parseWave(t: ValType, text: string): unknown {
  const r = new WaveReader(text);
  const v = toValue(t, r.value());
  r.done();
  return v;
}

/** A call `name(arg, …)` (`iface#name(…)` too): the function name and the argument nodes, not yet typed. */
export function parseWaveCall(text: string): { readonly name: string; readonly args: readonly Node[]; readonly reader: WaveReader } {
  const r = new WaveReader(text);
  r.ws();
  const open = text.indexOf('(', r.i);
  if (open < 0) throw new WaveError("expected a call: name(arg, ...)", text.length);
  const name = text.slice(r.i, open).trim();
  if (!/^[^\s()]+$/.test(name)) throw new WaveError('expected a function name before (', r.i);
  r.i = open + 1;
  const args = r.seq(')');
  r.done();
  return { name, args, reader: r };
}
