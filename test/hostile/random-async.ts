// Random async components for the seeded property test (test/hostile/property-async.test.ts): callback-lifted exports
// of random types (the types of random-component.ts) whose core code returns at once, yields first, or calls an
// async-lowered host import of a random type and waits for it (returning its own random result from the callback),
// now and then trapping, exiting without task.return or answering the callback with a junk code. Each task keeps its
// waitable set in context slot 0, so tasks of one export may overlap.
import type { FuncType, ValType } from '../../src/types/index.js';
import { flattenFunctype, flattenType } from '../../src/abi/flatten.js';
import { coreConst, randomData, structural, WAT_TYPE, type Rng } from './random-component.js';

/** How an export's core code behaves. */
export type Behaviour = 'return' | 'yield' | 'wait-host' | 'echo-host' | 'stream' | 'trap' | 'trap-in-callback' | 'no-return' | 'junk-code';
const GOOD: readonly Behaviour[] = ['return', 'yield', 'wait-host', 'echo-host', 'echo-host', 'stream'];
const BAD: readonly Behaviour[] = ['trap', 'trap-in-callback', 'no-return', 'junk-code'];

export interface GeneratedAsync {
  readonly text: string;
  readonly exports: readonly { readonly js: string; readonly type: FuncType; readonly behaviour: Behaviour; readonly text: string; readonly resText: string | undefined; readonly how?: 'sync' | 'async' }[];
  /** The async host import `host` (instance-less, root import): its type and its text. */
  readonly host: FuncType;
  readonly hostText: string;
}

const wat = (ts: readonly string[]): string => ts.map((t) => WAT_TYPE[t as 'i32']).join(' ');
const RETPTR = 1024;

/** task.return's core parameters for `result` (CanonicalABI.md "canon task.return": flat, or a pointer past 16). */
function taskReturnParams(result: ValType | undefined): string[] {
  if (result === undefined) return [];
  const flat = flattenType(result, 'i32');
  return flat.length > 16 ? ['i32'] : flat;
}

/** One random async component (as component text). */
export function randomAsync(r: Rng): GeneratedAsync {
  // Host parameters are mostly scalars: the core passes random constants, and junk pointers would trap most calls.
  const hp = Array.from({ length: r.int(3) }, (_v, j) => ({ name: `a${j}`, ty: structural(r, r.chance(0.2) ? 2 : 0, []) }));
  // Half the time a string or a list, which 'echo-host' exports return as they got it (pointer and length at RETPTR).
  const hr = r.chance(0.5) ? (r.chance(0.4) ? { t: { kind: 'string' } as ValType, text: 'string' } : (() => { const e = structural(r, 2, []); return { t: { kind: 'list', element: e.t } as ValType, text: `(list ${e.text})` }; })())
    : r.chance(0.8) ? structural(r, 2, []) : undefined;
  const echo = hr !== undefined && (hr.t.kind === 'string' || hr.t.kind === 'list');
  const host: FuncType = { kind: 'func', params: hp.map((p) => ({ name: p.name, type: p.ty.t })), ...(hr ? { result: hr.t } : {}) };
  const hostText = `${hp.map((p) => `(param "${p.name}" ${p.ty.text})`).join(' ')}${hr ? ` (result ${hr.text})` : ''}`;
  const hostSig = flattenFunctype(host, 'lower', { async: true });

  const funcs = Array.from({ length: 1 + r.int(3) }, (_v, i) => {
    const ps = Array.from({ length: r.int(4) }, (_w, j) => ({ name: `p${j}`, ty: structural(r, 3, []) }));
    let behaviour = r.chance(0.1) ? r.pick(BAD) : r.pick(GOOD);
    if (behaviour === 'echo-host' && !echo) behaviour = 'wait-host';
    // Results returned from random constants: shallow types, or every call would trap on a junk pointer. A 'stream'
    // export returns a stream of a random element type, written from its random bytes in 1 to 3 chunks.
    let elem = behaviour === 'stream' ? structural(r, r.chance(0.5) ? 1 : 0, []) : undefined;
    // stream<char> is not valid (yet): a stream of u8 instead.
    if (elem?.t.kind === 'char') elem = { t: { kind: 'u8' }, text: 'u8' };
    const res = elem !== undefined ? { t: { kind: 'stream', type: elem.t } as ValType, text: `(stream ${elem.text})` }
      : behaviour === 'echo-host' ? hr : r.chance(0.85) ? structural(r, r.chance(0.3) ? 2 : 1, []) : undefined;
    const type: FuncType = { kind: 'func', params: ps.map((p) => ({ name: p.name, type: p.ty.t })), ...(res ? { result: res.t } : {}) };
    const text = `${ps.map((p) => `(param "${p.name}" ${p.ty.text})`).join(' ')}${res ? ` (result ${res.text})` : ''}`;
    const chunks = Array.from({ length: 1 + r.int(3) }, () => ({ at: 8 * r.int(64), n: r.int(5) }));
    return { name: `f${i}`, type, text, resText: res?.text, behaviour, chunks };
  });

  const pumps: string[] = [];
  const core = funcs.map((f) => {
    const s = flattenFunctype(f.type, 'lift', { async: true, callback: true });
    const ret = f.behaviour === 'echo-host' ? `(call $ret-${f.name} (i32.load (i32.const ${RETPTR})) (i32.load (i32.const ${RETPTR + 4})))`
      : `(call $ret-${f.name} ${taskReturnParams(f.type.result).map((t) => coreConst(r, t)).join(' ')})`;
    const hostArgs = hostSig.params.map((t, j) => (hr !== undefined && j === hostSig.params.length - 1 ? `(i32.const ${RETPTR})` : coreConst(r, t))).join(' ');
    // The waitable set of this task (context slot 0), made on first use.
    const ws = '(call $cget)';
    let entry: string;
    let cb = `(call $ret-${f.name}-again) (i32.const 0)`;
    switch (f.behaviour) {
      case 'return': entry = `${ret} (i32.const 0)`; break;
      case 'yield': entry = '(i32.const 1)'; cb = `(if (i32.eqz (local.get 0)) (then ${ret} (return (i32.const 0)))) unreachable`; break;
      case 'trap': entry = 'unreachable'; break;
      case 'trap-in-callback': entry = '(i32.const 1)'; cb = 'unreachable'; break;
      case 'no-return': entry = '(i32.const 0)'; break;
      // Junk: codes past WAIT, and WAIT on handle 1023 (never live here; WAIT on a live empty set would rightly wait for ever).
      case 'junk-code': entry = `(i32.const ${r.pick([4, 5, 7, 0x3ff2, 0x7fffffff])})`; break;
      case 'stream': {
        // Context slot 0: writable end (bits 0-9), waitable set (10-19), chunks written (20-). task.return of the
        // readable end, then the chunks; a write that blocks waits for its STREAM_WRITE event.
        const slot = (k: 'tx' | 'ws', c = '(call $cget)'): string => (k === 'tx' ? `(i32.and ${c} (i32.const 1023))` : `(i32.and (i32.shr_u ${c} (i32.const 10)) (i32.const 1023))`);
        entry = `(local.set ${'$'}p (call $snew-${f.name}))
        (call $ret-${f.name} (i32.wrap_i64 (local.get ${'$'}p)))
        (call $cset (i32.wrap_i64 (i64.shr_u (local.get ${'$'}p) (i64.const 32))))
        (call $pump-${f.name})`;
        cb = `(if (i32.eq (local.get 0) (i32.const 3)) (then
          (if (i32.eq (i32.and (local.get 2) (i32.const 15)) (i32.const 1)) (then (call $sdropw-${f.name} ${slot('tx')}) (return (i32.const 0))))
          (call $cset (i32.add (call $cget) (i32.const 0x100000)))
          (return (call $pump-${f.name}))))
        (i32.or (i32.const 2) (i32.shl ${slot('ws')} (i32.const 4)))`;
        const pick = (field: 'at' | 'n'): string => f.chunks.reduceRight((acc, c, k) => (k === f.chunks.length - 1 ? `(i32.const ${c[field]})` : `(select (i32.const ${c[field]}) ${acc} (i32.eq (local.get $k) (i32.const ${k})))`), '');
        pumps.push(`(func $pump-${f.name} (result i32) (local $c i32) (local $k i32) (local $r i32)
      (loop $l
        (local.set $c (call $cget))
        (local.set $k (i32.shr_u (local.get $c) (i32.const 20)))
        (if (i32.ge_u (local.get $k) (i32.const ${f.chunks.length})) (then (call $sdropw-${f.name} ${slot('tx', '(local.get $c)')}) (return (i32.const 0))))
        (local.set $r (call $swrite-${f.name} ${slot('tx', '(local.get $c)')} ${pick('at')} ${pick('n')}))
        (if (i32.eq (local.get $r) (i32.const -1)) (then
          (if (i32.eqz ${slot('ws', '(local.get $c)')}) (then
            (local.set $c (i32.or (local.get $c) (i32.shl (call $wsnew) (i32.const 10))))
            (call $cset (local.get $c))))
          (call $join ${slot('tx', '(local.get $c)')} ${slot('ws', '(local.get $c)')})
          (return (i32.or (i32.const 2) (i32.shl ${slot('ws', '(local.get $c)')} (i32.const 4))))))
        (if (i32.eq (i32.and (local.get $r) (i32.const 15)) (i32.const 1)) (then (call $sdropw-${f.name} ${slot('tx', '(local.get $c)')}) (return (i32.const 0))))
        (call $cset (i32.add (local.get $c) (i32.const 0x100000)))
        (br $l))
      (i32.const 0))`);
        break;
      }
      default:
        // 'wait-host', 'echo-host': call the host; RETURNED at once: task.return and EXIT; else join the subtask and WAIT. The callback: the
        // subtask's RETURNED event drops it, task.return, EXIT; any other event waits again.
        entry = `(local.set 0 (call $host ${hostArgs}))
        (if (i32.eq (i32.and (local.get 0) (i32.const 15)) (i32.const 2)) (then ${ret} (return (i32.const 0))))
        (call $cset (call $wsnew))
        (call $join (i32.shr_u (local.get 0) (i32.const 4)) ${ws})
        (i32.or (i32.const 2) (i32.shl ${ws} (i32.const 4)))`;
        cb = `(if (i32.and (i32.eq (local.get 0) (i32.const 1)) (i32.eq (local.get 2) (i32.const 2))) (then
          (call $sdrop (local.get 1)) ${ret} (return (i32.const 0))))
        (i32.or (i32.const 2) (i32.shl ${ws} (i32.const 4)))`;
    }
    // The entry's first local is a scratch i32 (after the parameters).
    const np = s.params.length;
    entry = entry.replace(/\(local\.(get|set) 0\b/g, `(local.$1 ${np}`);
    return `(func (export "${f.name}") (param ${wat(s.params)}) (result i32) (local i32) (local $p i64) ${entry})
    (func (export "${f.name}-cb") (param i32 i32 i32) (result i32) ${cb})`;
  });
  // A second task.return (a trap) for callbacks that should not run.
  const again = funcs.map((f) => `(func $ret-${f.name}-again unreachable)`);

  const text = `(component
  (import "host" (func $h async ${hostText}))
  (core module $L
    (memory (export "mem") 1)
    (data (i32.const 0) "${randomData(r)}")
    (global $b (mut i32) (i32.const 2048))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $b) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $b (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $l (instantiate $L))
  (alias core export $l "mem" (core memory $memory))
  (core func $host (canon lower (func $h) async (memory $memory) (realloc (core func $l "realloc"))))
  ${funcs.filter((f) => f.behaviour === 'stream').map((f) => `(type $S-${f.name} ${f.resText})
  (core func $snew-${f.name} (canon stream.new $S-${f.name}))
  (core func $swrite-${f.name} (canon stream.write $S-${f.name} async (memory $memory) (realloc (core func $l "realloc"))))
  (core func $sdropw-${f.name} (canon stream.drop-writable $S-${f.name}))`).join('\n  ')}
  ${funcs.map((f) => `(core func $ret-${f.name} (canon task.return${f.resText ? ` (result ${f.resText})` : ''} (memory $memory)))`).join('\n  ')}
  (core func $cget (canon context.get i32 0))
  (core func $cset (canon context.set i32 0))
  (core func $wsnew (canon waitable-set.new))
  (core func $join (canon waitable.join))
  (core func $sdrop (canon subtask.drop))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "host" (func $host (param ${wat(hostSig.params)}) (result i32)))
    ${funcs.map((f) => `(import "" "ret-${f.name}" (func $ret-${f.name} (param ${wat(taskReturnParams(f.type.result))})))`).join('\n    ')}
    ${funcs.filter((f) => f.behaviour === 'stream').map((f) => `(import "" "snew-${f.name}" (func $snew-${f.name} (result i64)))
    (import "" "swrite-${f.name}" (func $swrite-${f.name} (param i32 i32 i32) (result i32)))
    (import "" "sdropw-${f.name}" (func $sdropw-${f.name} (param i32)))`).join('\n    ')}
    (import "" "cget" (func $cget (result i32)))
    (import "" "cset" (func $cset (param i32)))
    (import "" "wsnew" (func $wsnew (result i32)))
    (import "" "join" (func $join (param i32 i32)))
    (import "" "sdrop" (func $sdrop (param i32)))
    ${again.join('\n    ')}
    ${pumps.join('\n    ')}
    ${core.join('\n    ')})
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $memory)) (export "host" (func $host))
    ${funcs.map((f) => `(export "ret-${f.name}" (func $ret-${f.name}))`).join(' ')}
    ${funcs.filter((f) => f.behaviour === 'stream').map((f) => `(export "snew-${f.name}" (func $snew-${f.name})) (export "swrite-${f.name}" (func $swrite-${f.name})) (export "sdropw-${f.name}" (func $sdropw-${f.name}))`).join(' ')}
    (export "cget" (func $cget)) (export "cset" (func $cset)) (export "wsnew" (func $wsnew)) (export "join" (func $join)) (export "sdrop" (func $sdrop))))))
  ${funcs.map((f) => `(func (export "${f.name}") async ${f.text} (canon lift (core func $m "${f.name}") async (memory $memory) (realloc (core func $l "realloc")) (callback (core func $m "${f.name}-cb"))))`).join('\n  ')}
)`;
  return { text, exports: funcs.map((f) => ({ js: f.name, type: f.type, behaviour: f.behaviour, text: f.text, resText: f.resText })), host, hostText };
}

/**
 * The same callee behind a caller component: each export forwarded by a synchronous lift over a synchronous lower of
 * the callee's async export (which must finish at once, or fail clearly), or by a callback lift over an async lower
 * (when the arguments fit the async lower's four flat values and the result is none, a string or a list: the caller
 * task.returns what it received). Composed so the pair may fuse; the test runs it fused and through JS.
 */
export function randomAsyncPair(r: Rng): GeneratedAsync {
  const g = randomAsync(r);
  const RET0 = 4096;
  const fs = g.exports.map((f) => {
    const lower = flattenFunctype(f.type, 'lower', { async: true });
    const lift = flattenFunctype(f.type, 'lift', { async: true, callback: true });
    const fits = lift.params.length <= 4 && (f.type.result === undefined || f.type.result.kind === 'string' || f.type.result.kind === 'list');
    const how: 'sync' | 'async' = fits && r.chance(0.6) ? 'async' : 'sync';
    return { ...f, how, lower, lift };
  });
  const core = fs.map((f) => {
    if (f.how === 'sync') {
      const lo = flattenFunctype(f.type, 'lower'), li = flattenFunctype(f.type, 'lift');
      const args = lo.params.map((_t, j) => (j < li.params.length ? `(local.get ${j})` : `(i32.const ${RET0})`));
      const call = `(call $i${f.js} ${args.join(' ')})`;
      const body = lo.results.length > 0 ? call : li.results.length > 0 ? `${call} (i32.const ${RET0})` : call;
      return { imp: `(import "" "${f.js}" (func $i${f.js} (param ${wat(lo.params)}) (result ${wat(lo.results)})))`, fn: `(func (export "${f.js}") (param ${wat(li.params)}) (result ${wat(li.results)}) ${body})` };
    }
    // Context slot 0 holds (return area << 10) | waitable set; each task has its own return area (32 in turn).
    const np = f.lift.params.length;
    const ret = f.type.result === undefined ? `(call $ret-${f.js})` : `(call $ret-${f.js} (i32.load (local.get $ra)) (i32.load offset=4 (local.get $ra)))`;
    const args = f.lower.params.map((_t, j) => (j < np ? `(local.get ${j})` : '(local.get $ra)'));
    const fn = `(func (export "${f.js}") (param ${wat(f.lift.params)}) (result i32) (local $s i32) (local $ra i32)
      (local.set $ra (i32.add (i32.const ${RET0}) (i32.shl (i32.and (global.get $n) (i32.const 31)) (i32.const 6))))
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (local.set $s (call $i${f.js} ${args.join(' ')}))
      (if (i32.eq (i32.and (local.get $s) (i32.const 15)) (i32.const 2)) (then ${ret} (return (i32.const 0))))
      (call $cset (i32.or (i32.shl (local.get $ra) (i32.const 10)) (call $wsnew)))
      (call $join (i32.shr_u (local.get $s) (i32.const 4)) (i32.and (call $cget) (i32.const 1023)))
      (i32.or (i32.const 2) (i32.shl (i32.and (call $cget) (i32.const 1023)) (i32.const 4))))
    (func (export "${f.js}-cb") (param i32 i32 i32) (result i32) (local $ra i32)
      (local.set $ra (i32.shr_u (call $cget) (i32.const 10)))
      (if (i32.and (i32.eq (local.get 0) (i32.const 1)) (i32.eq (local.get 2) (i32.const 2))) (then
        (call $sdrop (local.get 1)) ${ret} (return (i32.const 0))))
      (i32.or (i32.const 2) (i32.shl (i32.and (call $cget) (i32.const 1023)) (i32.const 4))))`;
    return { imp: `(import "" "${f.js}" (func $i${f.js} (param ${wat(f.lower.params)}) (result i32)))`, fn };
  });
  const asyncs = fs.filter((f) => f.how === 'async');
  const caller = `(component $Caller
    (import "c" (instance $c ${fs.map((f) => `(export "${f.js}" (func async ${f.text}))`).join(' ')}))
    (core module $L
      (memory (export "mem") 1)
      (global $b (mut i32) (i32.const 8192))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $b) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
        (global.set $b (i32.add (local.get $p) (local.get 3)))
        (local.get $p)))
    (core instance $l (instantiate $L))
    (alias core export $l "mem" (core memory $memory))
    ${fs.map((f) => `(core func $l${f.js} (canon lower (func $c "${f.js}")${f.how === 'async' ? ' async' : ''} (memory $memory) (realloc (core func $l "realloc"))))`).join('\n    ')}
    ${asyncs.map((f) => `(core func $ret-${f.js} (canon task.return${f.resText ? ` (result ${f.resText})` : ''} (memory $memory)))`).join('\n    ')}
    (core func $cget (canon context.get i32 0))
    (core func $cset (canon context.set i32 0))
    (core func $wsnew (canon waitable-set.new))
    (core func $join (canon waitable.join))
    (core func $sdrop (canon subtask.drop))
    (core module $U
      (import "" "mem" (memory 1))
      ${core.map((c) => c.imp).join('\n      ')}
      ${asyncs.map((f) => `(import "" "ret-${f.js}" (func $ret-${f.js} (param ${f.type.result === undefined ? '' : 'i32 i32'})))`).join('\n      ')}
      (import "" "cget" (func $cget (result i32)))
      (import "" "cset" (func $cset (param i32)))
      (import "" "wsnew" (func $wsnew (result i32)))
      (import "" "join" (func $join (param i32 i32)))
      (import "" "sdrop" (func $sdrop (param i32)))
      (global $n (mut i32) (i32.const 0))
      ${core.map((c) => c.fn).join('\n      ')})
    (core instance $u (instantiate $U (with "" (instance (export "mem" (memory $memory))
      ${fs.map((f) => `(export "${f.js}" (func $l${f.js}))`).join(' ')}
      ${asyncs.map((f) => `(export "ret-${f.js}" (func $ret-${f.js}))`).join(' ')}
      (export "cget" (func $cget)) (export "cset" (func $cset)) (export "wsnew" (func $wsnew)) (export "join" (func $join)) (export "sdrop" (func $sdrop))))))
    ${fs.map((f) => f.how === 'async'
      ? `(func (export "${f.js}") async ${f.text} (canon lift (core func $u "${f.js}") async (memory $memory) (realloc (core func $l "realloc")) (callback (core func $u "${f.js}-cb"))))`
      : `(func (export "${f.js}") ${f.text} (canon lift (core func $u "${f.js}") (memory $memory) (realloc (core func $l "realloc"))))`).join('\n    ')})`;
  const text = `(component
  (import "host" (func $h async ${g.hostText}))
  (component $Callee ${g.text.slice('(component'.length, -1)})
  ${caller}
  (instance $callee (instantiate $Callee (with "host" (func $h))))
  (instance $caller (instantiate $Caller (with "c" (instance $callee))))
  ${fs.map((f) => `(export "${f.js}" (func $caller "${f.js}"))`).join('\n  ')}
)`;
  return { ...g, text, exports: fs.map((f) => ({ js: f.js, type: f.type, behaviour: f.behaviour, text: f.text, resText: f.resText, how: f.how })) };
}
