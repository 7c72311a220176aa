// JSON ⇄ component values in their JS shapes (DESIGN.md §4), for `kumiki call`: 64-bit integers from numbers or
// strings, typed arrays from arrays, options from null; results printed with bigints as strings.
import type { ValType } from '../types/index.js';
import { camelCase } from '../abi/plan.js';

type TypedArrayCtor = { from(a: ArrayLike<unknown>): unknown; name: string };

const TYPED: Readonly<Record<string, TypedArrayCtor>> = {
  s8: Int8Array, u8: Uint8Array, s16: Int16Array, u16: Uint16Array, s32: Int32Array, u32: Uint32Array,
  s64: BigInt64Array as TypedArrayCtor, u64: BigUint64Array as TypedArrayCtor, f32: Float32Array, f64: Float64Array,
};

/** A JSON argument that cannot become a value of its parameter's type. */
export class ArgumentError extends TypeError {
  override name = 'ArgumentError';
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'string' ? `the string ${JSON.stringify(v)}` : `${typeof v} ${JSON.stringify(v)}`;
}

function toBigInt(v: unknown, where: string): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return BigInt(v.trim());
  throw new ArgumentError(`${where}: expected an integer (a JSON number or a decimal string), got ${describe(v)}`);
}

/** Converts parsed JSON `v` to the JS value of type `t`; `where` names the function and parameter for errors. */
export function fromJson(t: ValType, v: unknown, where: string): unknown {
  switch (t.kind) {
    case 's64': case 'u64': return toBigInt(v, where);
    case 'list': {
      if (!Array.isArray(v)) {
        if (typeof v === 'string' && t.element.kind === 'u8') return new TextEncoder().encode(v); // bytes from text
        throw new ArgumentError(`${where}: expected an array for list<${t.element.kind}>, got ${describe(v)}`);
      }
      const typed = TYPED[t.element.kind];
      if (typed === undefined) return v.map((x, i) => fromJson(t.element, x, `${where}[${i}]`));
      const elems = t.element.kind === 's64' || t.element.kind === 'u64' ? v.map((x, i) => toBigInt(x, `${where}[${i}]`)) : v;
      for (const [i, x] of elems.entries()) if (typeof x !== 'number' && typeof x !== 'bigint') throw new ArgumentError(`${where}[${i}]: expected a number, got ${describe(x)}`);
      return typed.from(elems);
    }
    case 'tuple':
      if (!Array.isArray(v) || v.length !== t.types.length) throw new ArgumentError(`${where}: expected an array of ${t.types.length} elements, got ${describe(v)}`);
      return t.types.map((x, i) => fromJson(x, v[i], `${where}[${i}]`));
    case 'record': {
      const o = object(v, where);
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const k = camelCase(f.name);
        const x = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : o[f.name];
        out[k] = fromJson(f.type, x, `${where}.${k}`);
      }
      return out;
    }
    case 'flags': {
      if (Array.isArray(v)) return Object.fromEntries(t.names.map((n) => [camelCase(n), v.includes(n) || v.includes(camelCase(n))]));
      const o = object(v, where);
      return Object.fromEntries(t.names.map((n) => [camelCase(n), Boolean(o[camelCase(n)] ?? o[n])]));
    }
    case 'option':
      if (t.type.kind === 'option') return tagged(v, where, (tag) => (tag === 'some' ? t.type : tag === 'none' ? null : undefined));
      return v === null || v === undefined ? undefined : fromJson(t.type, v, where);
    case 'variant':
      return tagged(v, where, (tag) => { const c = t.cases.find((x) => x.name === tag); return c === undefined ? undefined : c.type ?? null; });
    case 'result':
      return tagged(v, where, (tag) => (tag === 'ok' ? t.ok ?? null : tag === 'err' ? t.err ?? null : undefined));
    case 'own': case 'borrow':
      throw new ArgumentError(`${where}: resource handles cannot be given as JSON`);
    default: return v; // numbers, strings, booleans, enums: the runtime checks them and names the parameter
  }
}

function object(v: unknown, where: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ArgumentError(`${where}: expected an object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

/** `{ tag, val }`; `payload(tag)` is the case's type, null for a payload-less case, undefined for an unknown tag. */
function tagged(v: unknown, where: string, payload: (tag: string) => ValType | null | undefined): unknown {
  const o = object(v, where);
  const tag = o['tag'];
  const p = typeof tag === 'string' ? payload(tag) : undefined;
  if (p === undefined) throw new ArgumentError(`${where}: unknown case ${describe(tag)}`);
  return p === null ? { tag } : { tag, val: fromJson(p, o['val'], `${where}.val`) };
}

/** JSON text of a JS component value: bigints as strings, typed arrays as arrays, `undefined` as null. */
export function toJson(v: unknown, indent?: number): string {
  return JSON.stringify(v === undefined ? null : v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return x.toString();
    if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number | bigint>, (e) => (typeof e === 'bigint' ? e.toString() : e));
    if (x instanceof Map) return [...x.entries()];
    return x === undefined ? null : x;
  }, indent);
}
