// WAVE text of a component value in its JS shape (DESIGN.md §4), as `wasmtime run --invoke` prints results.
import type { ValType } from '../types/index.js';
import { camelCase } from '../abi/plan.js';

const KEYWORDS = new Set(['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan']);

function label(name: string): string { return KEYWORDS.has(name) ? `%${name}` : name; }

function quote(s: string, q: string): string {
  let out = q;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === q || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + q;
}

function float(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return Object.is(x, -0) ? '-0' : String(x);
}

/** WAVE text of `v`, a value of type `t`. */
export function printWave(t: ValType, v: unknown): string {
  switch (t.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64': return String(v);
    case 'f32': case 'f64': return float(v as number);
    case 'char': return quote(v as string, "'");
    case 'string': return quote(v as string, '"');
    case 'list': return `[${Array.from(v as ArrayLike<unknown>, (x) => printWave(t.element, x)).join(', ')}]`;
    case 'tuple': return `(${t.types.map((x, i) => printWave(x, (v as unknown[])[i])).join(', ')})`;
    case 'record': {
      if (t.fields.length === 0) return '{:}';
      const o = v as Record<string, unknown>;
      // Fields whose option is none are left out, as wasm-wave prints them.
      const parts = t.fields.filter((f) => !(f.type.kind === 'option' && o[camelCase(f.name)] === undefined)).map((f) => `${label(f.name)}: ${printWave(f.type, o[camelCase(f.name)])}`);
      return parts.length === 0 ? '{:}' : `{${parts.join(', ')}}`;
    }
    case 'flags': {
      const o = v as Record<string, boolean>;
      return `{${t.names.filter((n) => o[camelCase(n)]).map(label).join(', ')}}`;
    }
    case 'enum': return label(v as string);
    case 'variant': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const c = t.cases.find((x) => x.name === tag);
      return c?.type === undefined ? label(tag) : `${label(tag)}(${printWave(c.type, val)})`;
    }
    case 'option': {
      if (t.type.kind === 'option') {
        const { tag, val } = v as { tag: string; val?: unknown };
        return tag === 'none' ? 'none' : `some(${printWave(t.type, val)})`;
      }
      return v === undefined || v === null ? 'none' : `some(${printWave(t.type, v)})`;
    }
    case 'result': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const pt = tag === 'ok' ? t.ok : t.err;
      return pt === undefined ? tag : `${tag}(${printWave(pt, val)})`;
    }
    case 'map': return `[${[...(v as Map<unknown, unknown>)].map(([k, x]) => `(${printWave(t.key, k)}, ${printWave(t.value, x)})`).join(', ')}]`;
    default: return `<${t.kind}>`;
  }
}
