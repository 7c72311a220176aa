// Random components for the seeded property test (test/hostile/property.test.ts): random value types (named
// records, variants, enums and flags exported as the validator requires; structural lists, options, results and
// tuples anywhere), exported functions lifting core functions that return random pointers into a memory of random
// bytes, imported host functions of random types that the core functions call with random arguments, and a bump
// `realloc` that runs out of memory. Also random JS values (valid for a type or junk) and random host behaviour.
import type { FuncType, ResourceType, ValType } from '../../src/types/index.js';
import { flattenFunctype } from '../../src/abi/flatten.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same cases. */
export class Rng {
  constructor(private s: number) {}
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]!; }
}

const PRIMS = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'] as const;
const LABELS = ['a', 'b', 'c-d', 'e', 'f-g', 'h', 'then', 'to-string', 'proto', 'x'];

/** A value type and its component-text spelling (named types by their exported index `$eN`). */
export interface Typed { readonly t: ValType; readonly text: string }

function labels(r: Rng, n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) out.add(r.pick(LABELS));
  return [...out];
}

/** Structural types only (usable anywhere: imports and exports). */
export function structural(r: Rng, depth: number, named: readonly Typed[]): Typed {
  const k = depth <= 0 ? 0 : r.int(10);
  if (k < 4 || depth <= 0) {
    if (named.length > 0 && r.chance(0.3)) return r.pick(named);
    const p = r.pick(PRIMS);
    return { t: { kind: p }, text: p };
  }
  const sub = (): Typed => structural(r, depth - 1, named);
  switch (k) {
    case 4: case 5: { const e = sub(); return { t: { kind: 'list', element: e.t }, text: `(list ${e.text})` }; }
    case 6: { const e = sub(); return { t: { kind: 'option', type: e.t }, text: `(option ${e.text})` }; }
    case 7: {
      const ok = r.chance(0.7) ? sub() : undefined;
      const err = r.chance(0.7) ? sub() : undefined;
      return { t: { kind: 'result', ...(ok ? { ok: ok.t } : {}), ...(err ? { err: err.t } : {}) }, text: `(result${ok ? ` ${ok.text}` : ''}${err ? ` (error ${err.text})` : ''})` };
    }
    default: {
      const ts = Array.from({ length: 1 + r.int(3) }, sub);
      return { t: { kind: 'tuple', types: ts.map((x) => x.t) }, text: `(tuple ${ts.map((x) => x.text).join(' ')})` };
    }
  }
}

/** A nominal type definition (record, variant, enum, flags) over structural and earlier named types. */
export function nominal(r: Rng, named: readonly Typed[]): { t: ValType; def: string } {
  const sub = (): Typed => structural(r, 2, named);
  switch (r.int(4)) {
    case 0: {
      const fs = labels(r, 1 + r.int(3)).map((n) => ({ n, ty: sub() }));
      return { t: { kind: 'record', fields: fs.map((f) => ({ name: f.n, type: f.ty.t })) }, def: `(record ${fs.map((f) => `(field "${f.n}" ${f.ty.text})`).join(' ')})` };
    }
    case 1: {
      const cs = labels(r, 1 + r.int(3)).map((n) => ({ n, ty: r.chance(0.6) ? sub() : undefined }));
      return { t: { kind: 'variant', cases: cs.map((c) => ({ name: c.n, ...(c.ty ? { type: c.ty.t } : {}) })) }, def: `(variant ${cs.map((c) => `(case "${c.n}"${c.ty ? ` ${c.ty.text}` : ''})`).join(' ')})` };
    }
    case 2: { const ls = labels(r, 1 + r.int(4)); return { t: { kind: 'enum', names: ls }, def: `(enum ${ls.map((l) => `"${l}"`).join(' ')})` }; }
    default: { const ls = labels(r, 1 + r.int(4)); return { t: { kind: 'flags', names: ls }, def: `(flags ${ls.map((l) => `"${l}"`).join(' ')})` }; }
  }
}

export const WAT_TYPE = { i32: 'i32', i64: 'i64', f32: 'f32', f64: 'f64' } as const;

export function coreConst(r: Rng, t: string): string {
  switch (t) {
    case 'i32': return `(i32.const ${r.chance(0.7) ? 8 * r.int(64) : r.pick([0, 1, 3, -1, 65535, 65536, 0x7fffffff])})`;
    case 'i64': return `(i64.const ${r.pick([0, 1, -1, 255, 0x7fffffff])})`;
    case 'f32': return `(f32.const ${r.pick(['0', '1.5', 'nan', '-inf'])})`;
    default: return `(f64.const ${r.pick(['0', '-2.25', 'nan', 'inf'])})`;
  }
}

/** A resource handle argument, made when the call runs (per instance): its kind says how. */
export class HandleArg {
  constructor(readonly how: 'fresh' | 'copy' | 'forged' | 'disposed' | 'reused' | 'junk') {}
}

/** The resource type the generated components define (only its kind matters to flattening). */
const RES = { kind: 'resource', name: 'res' } as unknown as ResourceType;

export interface Generated {
  readonly text: string;
  /** The component defines and exports resource `res` (class `Res`: a constructor and a `get` method). */
  readonly resource: boolean;
  /** Exported functions: JS name and type. */
  readonly exports: readonly { readonly js: string; readonly type: FuncType }[];
  /** Imported host functions (in instance `host`): WIT name and type. */
  readonly imports: readonly { readonly name: string; readonly type: FuncType }[];
}

/** 512 random bytes as a data segment's string, with many small 32-bit words so that pointers and lengths often land in memory. */
export function randomData(r: Rng): string {
  const data: number[] = [];
  for (let i = 0; i < 128; i++) {
    const w = r.chance(0.6) ? r.int(48) * (r.chance(0.5) ? 8 : 1) : r.int(2 ** 32);
    data.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
  }
  return data.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

/** One random component (as component text). */
export function randomComponent(r: Rng): Generated {
  const named: Typed[] = [];
  const typeDefs: string[] = [];
  for (let i = 0, n = r.int(4); i < n; i++) {
    const { t, def } = nominal(r, named);
    typeDefs.push(`(type $t${i} ${def})`, `(export $e${i} "t${i}" (type $t${i}))`);
    named.push({ t, text: `$e${i}` });
  }
  const resource = r.chance(0.4);
  const handle = (kind: 'own' | 'borrow'): Typed => ({ t: { kind, resource: RES }, text: `(${kind} $rese)` });
  const func = (withNamed: boolean): { type: FuncType; text: string } => {
    const withRes = withNamed && resource;
    const ps = Array.from({ length: r.int(4) }, (_v, i) => ({ name: `p${i}`, ty: withRes && r.chance(0.3) ? handle(r.chance(0.5) ? 'own' : 'borrow') : structural(r, 3, withNamed ? named : []) }));
    const res = withRes && r.chance(0.15) ? handle('own') : r.chance(0.8) ? structural(r, 3, withNamed ? named : []) : undefined;
    return {
      type: { kind: 'func', params: ps.map((p) => ({ name: p.name, type: p.ty.t })), ...(res ? { result: res.t } : {}) },
      text: `${ps.map((p) => `(param "${p.name}" ${p.ty.text})`).join(' ')}${res ? ` (result ${res.text})` : ''}`,
    };
  };
  const imports = Array.from({ length: r.int(3) }, (_v, i) => ({ name: `g${i}`, ...func(false) }));
  const exports = Array.from({ length: 1 + r.int(3) }, (_v, i) => ({ name: `f${i}`, ...func(true) }));

  const dataText = randomData(r);

  const lowerSigs = imports.map((im) => flattenFunctype(im.type, 'lower'));
  const coreImports = imports.map((im, i) => {
    const s = lowerSigs[i]!;
    return `(import "h" "${im.name}" (func $${im.name} (param ${s.params.map((t) => WAT_TYPE[t as 'i32']).join(' ')}) (result ${s.results.map((t) => WAT_TYPE[t as 'i32']).join(' ')})))`;
  });
  const coreFuncs = exports.map((ex, i) => {
    const s = flattenFunctype(ex.type, 'lift');
    const calls = imports.filter(() => r.chance(0.5)).map((im) => {
      const ls = lowerSigs[imports.indexOf(im)]!;
      const call = `(call $${im.name} ${ls.params.map((t) => coreConst(r, t)).join(' ')})`;
      return ls.results.length > 0 ? `(drop ${call})` : call;
    });
    const trap = r.chance(0.05) ? ['unreachable'] : [];
    return `(func (export "e${i}") (param ${s.params.map((t) => WAT_TYPE[t as 'i32']).join(' ')}) (result ${s.results.map((t) => WAT_TYPE[t as 'i32']).join(' ')}) ${[...calls, ...trap, ...s.results.map((t) => coreConst(r, t))].join(' ')})`;
  });

  const dtorTraps = r.chance(0.3);
  const resourceDefs = resource ? `(core module $D (func (export "dtor") (param i32) ${dtorTraps ? 'unreachable' : ''}))
  (core instance $d (instantiate $D))
  (alias core export $d "dtor" (core func $dtorf))
  (type $res (resource (rep i32) (dtor (core func $dtorf))))
  (export $rese "res" (type $res))
  (core func $rnew (canon resource.new $res))` : '';
  const resourceCore = resource ? `(import "r" "new" (func $rnew (param i32) (result i32)))
    (func (export "ctor") (result i32) (call $rnew (i32.const ${r.int(100)})))
    (func (export "get") (param i32) (result i32) (local.get 0))` : '';
  const resourceLifts = resource ? `(func $ctor (result (own $rese)) (canon lift (core func $m "ctor")))
  (export "[constructor]res" (func $ctor))
  (func $get (param "self" (borrow $rese)) (result u32) (canon lift (core func $m "get")))
  (export "[method]res.get" (func $get))` : '';

  const text = `(component
  ${imports.length > 0 ? `(import "host" (instance $h ${imports.map((im) => `(export "${im.name}" (func ${im.text}))`).join(' ')}))` : ''}
  ${typeDefs.join('\n  ')}
  (core module $L
    (memory (export "mem") 1)
    (data (i32.const 0) "${dataText}")
    (global $b (mut i32) (i32.const 2048))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $b) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $b (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $l (instantiate $L))
  ${resourceDefs}
  ${imports.map((im) => `(core func $c${im.name} (canon lower (func $h "${im.name}") (memory (core memory $l "mem")) (realloc (core func $l "realloc"))))`).join('\n  ')}
  (core module $M
    ${coreImports.join('\n    ')}
    ${resourceCore}
    ${coreFuncs.join('\n    ')})
  (core instance $m (instantiate $M (with "h" (instance ${imports.map((im) => `(export "${im.name}" (func $c${im.name}))`).join(' ')}))${resource ? ' (with "r" (instance (export "new" (func $rnew))))' : ''}))
  ${resourceLifts}
  ${exports.map((ex, i) => `(func $${ex.name} ${ex.text} (canon lift (core func $m "e${i}") (memory (core memory $l "mem")) (realloc (core func $l "realloc"))))\n  (export "${ex.name}" (func $${ex.name}))`).join('\n  ')}
)`;
  return { text, resource, exports: exports.map((ex) => ({ js: ex.name, type: ex.type })), imports: imports.map((im) => ({ name: im.name, type: im.type })) };
}

/** A revoked Proxy, a throwing getter, odd numbers, symbols...: values no WIT type accepts (or accepts oddly). */
function junk(r: Rng): unknown {
  switch (r.int(16)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r.pick([NaN, -1, 1.5, 2 ** 40, -0, Infinity]);
    case 3: return r.pick(['', 'x', '\ud800', '🌍']);
    case 4: return r.pick([0n, -1n, 2n ** 70n]);
    case 5: return {};
    case 6: return [1, 'a', null];
    case 7: return new Uint8Array(3);
    case 8: return Symbol('s');
    case 9: return () => 1;
    case 10: return { get a() { throw new TypeError('getter says no'); }, get tag() { throw new RangeError('tag getter'); } };
    case 11: { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }
    case 12: return { tag: 'nope', val: 1 };
    case 13: return new Proxy([], { get: () => { throw new TypeError('proxy get'); } });
    case 14: return Object.create(null);
    default: return new Float64Array(2);
  }
}

/** A JS value for `t`: usually a valid one, sometimes junk at any depth. */
export function jsValue(r: Rng, t: ValType, depth = 0): unknown {
  if (r.chance(depth === 0 ? 0.15 : 0.03)) return junk(r);
  switch (t.kind) {
    case 'bool': return r.chance(0.5);
    case 's8': return r.int(256) - 128;
    case 'u8': return r.int(256);
    case 's16': return r.int(65536) - 32768;
    case 'u16': return r.int(65536);
    case 's32': return r.int(2 ** 32) - 2 ** 31;
    case 'u32': return r.int(2 ** 32);
    case 's64': return BigInt(r.int(2 ** 32) - 2 ** 31);
    case 'u64': return BigInt(r.int(2 ** 32));
    case 'f32': case 'f64': return r.pick([0, 1.5, -2, NaN, Infinity]);
    case 'char': return r.pick(['a', 'é', '🌍', '\0']);
    case 'string': return r.pick(['', 'hello', 'héllo wörld', '🌍🌍', 'x'.repeat(r.int(300))]);
    case 'list': {
      const n = r.int(4);
      const a = Array.from({ length: n }, () => jsValue(r, t.element, depth + 1));
      const typed: Record<string, new (a: unknown[]) => unknown> = { u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array, f32: Float32Array, f64: Float64Array };
      const C = typed[t.element.kind];
      return C !== undefined && r.chance(0.5) && a.every((x) => typeof x === 'number') ? new C(a) : a;
    }
    case 'option': return r.chance(0.4) ? undefined : jsValue(r, t.type, depth + 1);
    case 'result': return r.chance(0.5) ? { tag: 'ok', val: t.ok ? jsValue(r, t.ok, depth + 1) : undefined } : { tag: 'err', val: t.err ? jsValue(r, t.err, depth + 1) : undefined };
    case 'tuple': return t.types.map((x) => jsValue(r, x, depth + 1));
    case 'record': return Object.fromEntries(t.fields.map((f) => [f.name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()), jsValue(r, f.type, depth + 1)]));
    case 'variant': { const c = r.pick(t.cases); return c.type ? { tag: c.name, val: jsValue(r, c.type, depth + 1) } : { tag: c.name }; }
    case 'enum': return r.pick(t.names);
    case 'flags': return Object.fromEntries(t.names.map((n) => [n.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()), r.chance(0.5)]));
    case 'own': case 'borrow': return new HandleArg(r.pick(['fresh', 'fresh', 'copy', 'forged', 'disposed', 'reused', 'junk'] as const));
    default: return junk(r);
  }
}
