// The vectors' value types (the Python reference's classes, as JSON) mapped to kumiki's type model, and a
// comparison of kumiki's lifted JS values (DESIGN.md §4) against the reference's Python-shaped values.
import type { FuncType, ValType } from '../../src/types/index.js';
import { primitive } from '../../src/types/index.js';
import { toCamelCase } from '../../src/abi/index.js';
import type { Json } from './json.js';

type Obj = { [k: string]: Json };

const PRIMS: Readonly<Record<string, string>> = {
  BoolType: 'bool', S8Type: 's8', U8Type: 'u8', S16Type: 's16', U16Type: 'u16', S32Type: 's32', U32Type: 'u32',
  S64Type: 's64', U64Type: 'u64', F32Type: 'f32', F64Type: 'f64', CharType: 'char', StringType: 'string',
};

export function refType(j: Json): ValType {
  const o = j as Obj;
  const kind = o.kind as string;
  const prim = PRIMS[kind];
  if (prim !== undefined) return primitive(prim as 'u8');
  const opt = (x: Json | undefined): ValType | undefined => (x === null || x === undefined ? undefined : refType(x));
  switch (kind) {
    case 'RecordType': return { kind: 'record', fields: (o.fields as Obj[]).map((f) => ({ name: f.label as string, type: refType(f.t!) })) };
    case 'TupleType': return { kind: 'tuple', types: (o.ts as Json[]).map(refType) };
    case 'ListType': return o.l === null || o.l === undefined ? { kind: 'list', element: refType(o.t!) } : { kind: 'list', element: refType(o.t!), length: o.l as number };
    case 'VariantType': return { kind: 'variant', cases: (o.cases as Obj[]).map((c) => { const t = opt(c.t); return t ? { name: c.label as string, type: t } : { name: c.label as string }; }) };
    case 'FlagsType': return { kind: 'flags', names: o.labels as string[] };
    case 'EnumType': return { kind: 'enum', names: o.labels as string[] };
    case 'OptionType': return { kind: 'option', type: refType(o.t!) };
    case 'ResultType': {
      const ok = opt(o.ok), err = opt(o.error);
      return { kind: 'result', ...(ok ? { ok } : {}), ...(err ? { err } : {}) };
    }
    case 'MapType': return { kind: 'map', key: refType(o.k!), value: refType(o.v!) };
    default: throw new Error(`unknown reference type ${kind}`);
  }
}

export function refFuncType(j: Json): FuncType {
  const o = j as Obj;
  const results = (o.result as Json[]).map(refType);
  // The reference allows several unnamed results; ours has one: several become one tuple (same flattening).
  const result = results.length === 0 ? undefined : results.length === 1 ? results[0] : { kind: 'tuple' as const, types: results };
  return { kind: 'func', params: (o.params as Json[]).map((t, i) => ({ name: `p${i}`, type: refType(t) })), ...(result ? { result } : {}), async: o.async_ === true };
}

/** Why `got` (a kumiki JS value of type `t`) differs from `want` (a reference value), or undefined if equal. */
export function mismatch(t: ValType, got: unknown, want: Json, at = '$'): string | undefined {
  const fail = (): string => `${at}: got ${show(got)}, want ${show(want)}`;
  switch (t.kind) {
    case 'bool': return got === want ? undefined : fail();
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32':
      return got === Number(want) ? undefined : fail();
    case 's64': case 'u64':
      return typeof got === 'bigint' && got === BigInt(want as number | bigint) ? undefined : fail();
    case 'f32': {
      const w = Math.fround(Number(want));
      return Object.is(got, w) || (Number.isNaN(w) && Number.isNaN(got)) ? undefined : fail();
    }
    case 'f64': return Object.is(got, Number(want)) || (Number.isNaN(want) && Number.isNaN(got)) ? undefined : fail();
    case 'char': return got === want ? undefined : fail();
    case 'string': return got === (want as Obj).string ? undefined : fail();
    case 'list': {
      const w = want as Json[];
      const g = got as ArrayLike<unknown>;
      if (!Array.isArray(w) || g === null || typeof g !== 'object' || g.length !== w.length) return fail();
      for (let i = 0; i < w.length; i++) { const m = mismatch(t.element, g[i], w[i]!, `${at}[${i}]`); if (m) return m; }
      return undefined;
    }
    case 'record': {
      const g = got as Record<string, unknown>;
      const w = want as Obj;
      if (g === null || typeof g !== 'object') return fail();
      for (const f of t.fields) { const m = mismatch(f.type, g[toCamelCase(f.name)], w[f.name]!, `${at}.${f.name}`); if (m) return m; }
      return Object.keys(g).length === t.fields.length ? undefined : fail();
    }
    case 'tuple': {
      const g = got as unknown[];
      const w = want as Obj;
      if (!Array.isArray(g) || g.length !== t.types.length) return fail();
      for (let i = 0; i < g.length; i++) { const m = mismatch(t.types[i]!, g[i], w[String(i)]!, `${at}[${i}]`); if (m) return m; }
      return undefined;
    }
    case 'flags': {
      const g = got as Record<string, unknown>;
      const w = want as Obj;
      return t.names.every((n) => g[toCamelCase(n)] === w[n]) ? undefined : fail();
    }
    case 'enum': return oneKey(want) === got && (want as Obj)[got as string] === null ? undefined : fail();
    case 'variant': {
      const g = got as { tag: string; val?: unknown };
      const label = oneKey(want);
      const c = t.cases.find((x) => x.name === label);
      if (!c || g === null || typeof g !== 'object' || g.tag !== label) return fail();
      return c.type ? mismatch(c.type, g.val, (want as Obj)[label]!, `${at}.val`) : noVal(g) ? undefined : fail();
    }
    case 'option': {
      const label = oneKey(want);
      // An option of an option is tagged on the outside (DESIGN.md §4): { tag: 'some' | 'none', val }.
      if (t.type.kind === 'option') return mismatchTaggedOption(t, got as { tag: string; val?: unknown }, want, at);
      if (label === 'none') return got === undefined ? undefined : fail();
      if (label !== 'some') return fail();
      return got === undefined ? fail() : mismatch(t.type, got, (want as Obj).some!, at);
    }
    case 'result': {
      const g = got as { tag: string; val?: unknown };
      const label = oneKey(want);
      const payload = label === 'ok' ? t.ok : t.err;
      if (g === null || typeof g !== 'object' || g.tag !== (label === 'ok' ? 'ok' : label === 'error' ? 'err' : '?')) return fail();
      return payload ? mismatch(payload, g.val, (want as Obj)[label]!, `${at}.val`) : noVal(g) ? undefined : fail();
    }
    case 'map': {
      if (!(got instanceof Map)) return fail();
      const w = want as Obj[];
      const entries = [...got];
      if (entries.length !== w.length) return fail();
      for (let i = 0; i < w.length; i++) {
        const m = mismatch(t.key, entries[i]![0], w[i]!['0']!, `${at}[${i}].key`) ?? mismatch(t.value, entries[i]![1], w[i]!['1']!, `${at}[${i}].value`);
        if (m) return m;
      }
      return undefined;
    }
    default: return `${at}: cannot compare ${t.kind}`;
  }
}

function mismatchTaggedOption(t: ValType & { kind: 'option' }, g: { tag: string; val?: unknown }, want: Json, at: string): string | undefined {
  const label = oneKey(want);
  if (g === null || typeof g !== 'object' || g.tag !== label) return `${at}: got ${show(g)}, want ${show(want)}`;
  return label === 'none' ? (noVal(g) ? undefined : `${at}: none has a val key: ${show(g)}`) : mismatch(t.type, g.val, (want as Obj).some!, `${at}.val`);
}

/** A payload-less case lifts as `{ tag }` with no `val` key (as jco and codegen). */
function noVal(g: object): boolean {
  return !('val' in g);
}

function oneKey(j: Json): string {
  const ks = j !== null && typeof j === 'object' && !Array.isArray(j) ? Object.keys(j) : [];
  return ks.length === 1 ? ks[0]! : '?';
}

export function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x instanceof Map ? [...x] : ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<unknown>) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}
