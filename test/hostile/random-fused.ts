// Random fused pairs for the seeded property test (test/hostile/property-fused.test.ts): a callee component lifting
// functions of random types (the types of random-component.ts) over a core module that returns random flat values
// (pointers into a memory of random bytes), and a caller component that lowers them and lifts forwarders of the same
// types, so that JS → caller → callee crosses a `canon lower` of a sibling's `canon lift` (the pair that fuses).
// Each side has its own string encoding, its own realloc (a bump allocator that runs out, one that returns junk, one
// that traps) and sometimes a post-return that traps; the caller's core sometimes passes junk instead of forwarding.
import type { FuncType } from '../../src/types/index.js';
import { flattenFunctype } from '../../src/abi/flatten.js';
import { coreConst, nominal, randomData, structural, WAT_TYPE, type Rng, type Typed } from './random-component.js';

export type Enc = 'utf8' | 'utf16' | 'latin1+utf16';
const ENCODINGS: readonly Enc[] = ['utf8', 'utf16', 'latin1+utf16'];

export interface GeneratedPair {
  readonly text: string;
  /** Exported (forwarding) functions of the outer component: JS name and type. */
  readonly exports: readonly { readonly js: string; readonly type: FuncType }[];
  readonly callerEnc: Enc;
  readonly calleeEnc: Enc;
  /** A linked pair: two top-level components (the caller imports the callee's instance as "c"), with named types. */
  readonly linked?: { readonly callee: string; readonly caller: string };
}

const wat = (ts: readonly string[]): string => ts.map((t) => WAT_TYPE[t as 'i32']).join(' ');

/** A core realloc: a bump allocator from 2048 (out of bounds once the page is used up), a junk pointer, or a trap. */
function realloc(r: Rng): string {
  const k = r.int(20);
  const body = k < 16
    ? `(local $p i32)
      (local.set $p (i32.and (i32.add (global.get $b) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $b (i32.add (local.get $p) (local.get 3)))
      (local.get $p)`
    : k < 19 ? `(i32.const ${r.pick([0, 1, 3, 65534, 65536, 0x7ffffff8, -8])})` : 'unreachable';
  return `(global $b (mut i32) (i32.const 2048))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) ${body})`;
}

/**
 * One random pair, composed in one outer component (as component text); or (`linked`) two top-level components that
 * the host links, whose functions may use named types (records, variants, enums, flags: exported by the callee, declared
 * in the caller's import and exported again by the caller, as the validator requires of exported functions).
 */
export function randomPair(r: Rng, linked = false): GeneratedPair {
  const callerEnc = r.pick(ENCODINGS), calleeEnc = r.pick(ENCODINGS);
  const named: Typed[] = [];
  const defs: string[] = [];
  if (linked) {
    for (let i = 0, n = 1 + r.int(3); i < n; i++) {
      const { t, def } = nominal(r, named);
      defs.push(def);
      named.push({ t, text: `$e${i}` });
    }
  }
  const funcs = Array.from({ length: 1 + r.int(3) }, (_v, i) => {
    const ps = Array.from({ length: r.int(4) }, (_w, j) => ({ name: `p${j}`, ty: structural(r, 3, named) }));
    const res = r.chance(0.85) ? structural(r, 3, named) : undefined;
    const type: FuncType = { kind: 'func', params: ps.map((p) => ({ name: p.name, type: p.ty.t })), ...(res ? { result: res.t } : {}) };
    const text = `${ps.map((p) => `(param "${p.name}" ${p.ty.text})`).join(' ')}${res ? ` (result ${res.text})` : ''}`;
    return { name: `f${i}`, type, text };
  });

  // The callee: random flat results (pointers and lengths into its random bytes), a trap now and then.
  const calleeFuncs = funcs.map((f) => {
    const s = flattenFunctype(f.type, 'lift');
    const trap = r.chance(0.04) ? ['unreachable'] : [];
    const post = r.chance(0.3) ? `(func (export "post-${f.name}") (param ${wat(s.results)}) ${r.chance(0.1) ? 'unreachable' : ''})` : '';
    return `(func (export "${f.name}") (param ${wat(s.params)}) (result ${wat(s.results)}) ${[...trap, ...s.results.map((t) => coreConst(r, t))].join(' ')})${post}`;
  });
  // The caller: forwards its own flat arguments (so JS values reach the callee), or now and then random constants.
  const callerFuncs = funcs.map((f) => {
    const lift = flattenFunctype(f.type, 'lift'), lower = flattenFunctype(f.type, 'lower');
    const forward = r.chance(0.85);
    const args = lower.params.map((t, j) => (j < lift.params.length && forward ? `(local.get ${j})` : j >= lift.params.length ? `(i32.const ${forward ? 1024 : r.pick([1024, 1025, 65532, -4])})` : coreConst(r, t)));
    const call = `(call $i${f.name} ${args.join(' ')})`;
    const body = lower.results.length > 0 ? call : lift.results.length > 0 ? `${call} (i32.const 1024)` : call;
    return { imp: `(import "c" "${f.name}" (func $i${f.name} (param ${wat(lower.params)}) (result ${wat(lower.results)})))`, fn: `(func (export "${f.name}") (param ${wat(lift.params)}) (result ${wat(lift.results)}) ${body})` };
  });

  const opts = (enc: Enc): string => `(memory (core memory $l "mem")) (realloc (core func $l "realloc")) string-encoding=${enc}`;
  const mem = (): string => `(core module $L
      (memory (export "mem") 1)
      (data (i32.const 0) "${randomData(r)}")
      ${realloc(r)})
    (core instance $l (instantiate $L))`;
  const post = (i: number): string => (calleeFuncs[i]!.includes('"post-') ? ` (post-return (core func $m "post-${funcs[i]!.name}"))` : '');

  const callee = `(component $Callee
    ${mem()}
    (core module $M ${calleeFuncs.join('\n      ')})
    (core instance $m (instantiate $M))
    ${funcs.map((f, i) => `(func (export "${f.name}") ${f.text} (canon lift (core func $m "${f.name}") ${opts(calleeEnc)}${post(i)}))`).join('\n    ')})`;
  const caller = `(component $Caller
    (import "c" (instance $c ${funcs.map((f) => `(export "${f.name}" (func ${f.text}))`).join(' ')}))
    ${mem()}
    ${funcs.map((f) => `(core func $l${f.name} (canon lower (func $c "${f.name}") ${opts(callerEnc)}))`).join('\n    ')}
    (core module $U
      ${callerFuncs.map((c) => c.imp).join('\n      ')}
      ${callerFuncs.map((c) => c.fn).join('\n      ')})
    (core instance $u (instantiate $U (with "c" (instance ${funcs.map((f) => `(export "${f.name}" (func $l${f.name}))`).join(' ')}))))
    ${funcs.map((f) => `(func (export "${f.name}") ${f.text} (canon lift (core func $u "${f.name}") ${opts(callerEnc)}))`).join('\n    ')})`;
  const text = `(component
  ${callee}
  ${caller}
  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller (with "c" (instance $callee))))
  ${funcs.map((f) => `(export "${f.name}" (func $caller "${f.name}"))`).join('\n  ')}
)`;
  const exports = funcs.map((f) => ({ js: f.name, type: f.type }));
  if (!linked) return { text, exports, callerEnc, calleeEnc };
  // Top level: the callee exports its types; the caller declares them in its import and exports them again ($xN).
  const calleeTop = `(component
  ${defs.map((d, i) => `(type $t${i} ${d}) (export $e${i} "t${i}" (type $t${i}))`).join('\n  ')}
  ${callee.slice('(component $Callee'.length, -1)}
)`;
  const mine = (t: string): string => t.replace(/\$e(\d+)/g, '$x$1');
  const callerTop = `(component
  (import "c" (instance $c
    ${defs.map((d, i) => `(type $t${i} ${d}) (export "t${i}" (type $e${i} (eq $t${i})))`).join('\n    ')}
    ${funcs.map((f) => `(export "${f.name}" (func ${f.text}))`).join('\n    ')}))
  ${defs.map((_d, i) => `(alias export $c "t${i}" (type $c${i})) (export $x${i} "t${i}" (type $c${i}))`).join('\n  ')}
  ${caller.slice(caller.indexOf('\n', caller.indexOf('(import "c"')) + 1, -1).replace(/\(func \(export "(f\d+)"\) ([^\n]*) \(canon lift \(core func \$u/g, (_m, n: string, sig: string) => `(func (export "${n}") ${mine(sig)} (canon lift (core func $u`)}
)`;
  return { text, exports, callerEnc, calleeEnc, linked: { callee: calleeTop, caller: callerTop } };
}
