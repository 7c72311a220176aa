// A lossless JSON form for the values that cross between Node and the page (and between kumiki and jco in
// records): undefined, -0, NaN, ±Infinity, bigint, typed arrays, plain objects, arrays, and thrown errors.
// No imports, so the page loads the compiled file as it is.

export type Wire =
  | null | boolean | string | number
  | { readonly $: 'undefined' }
  | { readonly $: 'number'; readonly v: string }
  | { readonly $: 'bigint'; readonly v: string }
  | { readonly $: 'typed'; readonly type: string; readonly v: readonly Wire[] }
  | { readonly $: 'array'; readonly v: readonly Wire[] }
  | { readonly $: 'object'; readonly v: Readonly<Record<string, Wire>> }
  | { readonly $: 'error'; readonly name: string; readonly message: string; readonly payload: Wire };

type TypedArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

const TYPED: Record<string, new (values: ArrayLike<number> & ArrayLike<bigint>) => TypedArray> = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
  BigInt64Array, BigUint64Array,
} as unknown as Record<string, new (values: ArrayLike<number> & ArrayLike<bigint>) => TypedArray>;

/** Numbers JSON cannot carry exactly (-0, NaN, ±Infinity) get a tagged form. */
function encodeNumber(n: number): Wire {
  return Number.isFinite(n) && !Object.is(n, -0) ? n : { $: 'number', v: Object.is(n, -0) ? '-0' : String(n) };
}

export function encode(x: unknown): Wire {
  if (x === undefined) return { $: 'undefined' };
  if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') return encodeNumber(x);
  if (typeof x === 'bigint') return { $: 'bigint', v: x.toString() };
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    const t = x as TypedArray;
    return { $: 'typed', type: t.constructor.name, v: Array.from(t as ArrayLike<number | bigint>, encode) };
  }
  if (Array.isArray(x)) return { $: 'array', v: x.map(encode) };
  if (x instanceof Error) {
    return { $: 'error', name: x.constructor.name, message: x.message, payload: encode((x as { payload?: unknown }).payload) };
  }
  if (typeof x === 'object') {
    const v: Record<string, Wire> = {};
    for (const [k, val] of Object.entries(x)) v[k] = encode(val);
    return { $: 'object', v };
  }
  return { $: 'object', v: { unencodable: String(typeof x) } };
}

export function decode(w: Wire): unknown {
  if (w === null || typeof w !== 'object') return w;
  switch (w.$) {
    case 'undefined': return undefined;
    case 'number': return w.v === '-0' ? -0 : Number(w.v);
    case 'bigint': return BigInt(w.v);
    case 'typed': {
      const Ctor = TYPED[w.type];
      if (Ctor === undefined) throw new TypeError(`codec: unknown typed array ${w.type}`);
      return new Ctor(w.v.map(decode) as unknown as ArrayLike<number> & ArrayLike<bigint>);
    }
    case 'array': return w.v.map(decode);
    case 'object': return Object.fromEntries(Object.entries(w.v).map(([k, v]) => [k, decode(v)]));
    case 'error': return { error: w.name, message: w.message, payload: decode(w.payload) };
  }
}
