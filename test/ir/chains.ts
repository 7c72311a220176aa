// Components whose types nest as chains, each level using the previous one twice (the shape that made generated
// code exponential): `t0 = tuple<u32, string>`, `t(k+1) = K<t(k), t(k)>`. One export and one import take and
// return `list<tN>`, so both adapter directions are generated for every level of the type.

export type ChainKind = 'tuple' | 'result' | 'option-tuple' | 'list-tuple';

/** The component text defining the chain `t0 … tN` and using `tN` in a lifted export and a lowered import. */
export function chainComponent(kind: ChainKind, n: number): string {
  const types: string[] = ['(type $t0 (tuple u32 string))'];
  for (let i = 1; i <= n; i++) {
    const p = `$t${i - 1}`;
    switch (kind) {
      case 'tuple': types.push(`(type $t${i} (tuple ${p} ${p}))`); break;
      case 'result': types.push(`(type $t${i} (result ${p} (error ${p})))`); break;
      case 'option-tuple': types.push(`(type $p${i} (tuple ${p} ${p}))`, `(type $t${i} (option $p${i}))`); break;
      case 'list-tuple': types.push(`(type $p${i} (tuple ${p} ${p}))`, `(type $t${i} (list $p${i}))`); break;
    }
  }
  return `(component
  (core module $Mem
    (memory (export "mem") 4)
    (global $bump (mut i32) (i32.const 1024))
    ;; A bump allocator: aligns, hands out \`size\` bytes, never frees.
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  ${types.join('\n  ')}
  (type $l (list $t${n}))
  (type $ft (func (param "x" $l) (result $l)))
  (import "g" (func $g (type $ft)))
  (core func $g (canon lower (func $g) (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  (core module $M
    (import "" "g" (func $g (param i32 i32 i32)))
    ;; f(x) = g(x): the list goes to the host and its answer comes back through the return area at 8.
    (func (export "f") (param i32 i32) (result i32) (call $g (local.get 0) (local.get 1) (i32.const 8)) (i32.const 8)))
  (core instance $m (instantiate $M (with "" (instance (export "g" (func $g))))))
  (func (export "f") (type $ft) (canon lift (core func $m "f") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
)`;
}

/** A JS value of chain level `n` (small levels only: the value doubles with each level). */
export function chainValue(kind: ChainKind, n: number, seed = 1): unknown {
  if (n === 0) return [seed, `s${seed}`];
  const a = chainValue(kind, n - 1, 2 * seed);
  const b = chainValue(kind, n - 1, 2 * seed + 1);
  switch (kind) {
    case 'tuple': return [a, b];
    case 'result': return seed % 2 === 0 ? { tag: 'ok', val: a } : { tag: 'err', val: b };
    case 'option-tuple': return seed % 3 === 2 ? undefined : [a, b];
    case 'list-tuple': return seed % 3 === 2 ? [] : [[a, b], [b, a]];
  }
}

/** Two nested components passing `list<tN>` from one to the other (a fused pair when both are kumiki instances):
 *  `$Callee` echoes, `$Caller`'s `run` forwards to it. */
export function chainFusedComponent(kind: ChainKind, n: number): string {
  const inner = (body: string): string => {
    const lines = chainComponent(kind, n).split('\n');
    // The chain's type definitions and the allocator module of chainComponent, reused in each nested component.
    const start = lines.findIndex((l) => l.includes('(core module $Mem'));
    const end = lines.findIndex((l) => l.includes('(type $l (list'));
    return `${lines.slice(start, end + 2).join('\n')}\n${body}`;
  };
  const opts = '(memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))';
  return `(component
  (component $Callee
  ${inner(`  (core module $M
    (import "" "mem" (memory 1))
    (func (export "f") (param i32 i32) (result i32) (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8)))
  (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $mem "mem"))))))
  (func (export "f") (type $ft) (canon lift (core func $m "f") ${opts}))`)}
  )
  (component $Caller
  ${inner(`  (import "f" (func $f (type $ft)))
  (core func $f (canon lower (func $f) ${opts}))
  (core module $M
    (import "" "f" (func $f (param i32 i32 i32)))
    (func (export "run") (param i32 i32) (result i32) (call $f (local.get 0) (local.get 1) (i32.const 16)) (i32.const 16)))
  (core instance $m (instantiate $M (with "" (instance (export "f" (func $f))))))
  (func (export "run") (type $ft) (canon lift (core func $m "run") ${opts}))`)}
  )
  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller (with "f" (func $callee "f"))))
  (export "run" (func $caller "run"))
)`;
}
