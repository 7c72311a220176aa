// Fixtures for fused adapters: two nested components, a caller and a callee, each with its own memory, realloc
// and string encoding. The callee echoes what it receives; the caller forwards its export's arguments to the
// callee's export (a `canon lower` of a sibling's `canon lift`: the pair codegen/fuse.ts fuses).
import { LIBC } from '../support/build.js';

export type Enc = 'utf8' | 'utf16' | 'latin1+utf16';

/** A function both sides exchange: its component type text and the shape of its core signature. */
export interface FusedFunc {
  readonly name: string;
  /** `(param "x" T) (result U)` */
  readonly sig: string;
  /** Flat i32 parameters of the core function (all params are i32 here). */
  readonly flat: number;
  /** The result comes back through a return area (more than one flat value). */
  readonly retArea: boolean;
  /** The callee's core body instead of the echo (after `(param ...) (result ...)`). */
  readonly calleeBody?: string;
  /** Core parameter types when not all i32 (then `flat` is their count). */
  readonly coreParams?: readonly string[];
}

function coreParams(f: FusedFunc): string {
  return (f.coreParams ?? Array.from({ length: f.flat }, () => 'i32')).join(' ');
}

/** `echo` bodies: flat params stored into a return area at 16 in 4-byte slots (or the one value returned). */
function calleeBody(f: FusedFunc): string {
  const params = coreParams(f);
  if (f.calleeBody !== undefined) return `(func (export "${f.name}") (param ${params}) (result i32) ${f.calleeBody})`;
  if (!f.retArea) return `(func (export "${f.name}") (param ${params}) (result i32) (local.get ${f.flat - 1}))`;
  const stores = Array.from({ length: f.flat }, (_, i) => `(i32.store (i32.const ${16 + 4 * i}) (local.get ${i}))`).join(' ');
  return `(func (export "${f.name}") (param ${params}) (result i32) ${stores} (i32.const 16))`;
}

function callerBody(f: FusedFunc): string {
  const params = coreParams(f);
  const args = Array.from({ length: f.flat }, (_, i) => `(local.get ${i})`).join(' ');
  if (!f.retArea) return `(func (export "${f.name}") (param ${params}) (result i32) (call $${f.name} ${args}))`;
  return `(func (export "${f.name}") (param ${params}) (result i32) (call $${f.name} ${args} (i32.const 512)) (i32.const 512))`;
}

function callerImport(f: FusedFunc): string {
  const params = `${coreParams(f)}${f.retArea ? ' i32' : ''}`;
  return `(import "" "${f.name}" (func $${f.name} (param ${params})${f.retArea ? '' : ` (result i32)`}))`;
}

const opts = (enc: Enc, post: boolean): string =>
  `(memory (core memory $libc "mem")) (realloc (core func $libc "realloc")) string-encoding=${enc}${post ? ' (post-return (core func $libc "reset1"))' : ''}`;

/** The callee: each function lifted with `enc`, echoing what it receives (a component of its own). */
export function calleeComponent(funcs: readonly FusedFunc[], enc: Enc, calleeSig: Record<string, string> = {}): string {
  const sigOf = (f: FusedFunc): string => calleeSig[f.name] ?? f.sig;
  return `(component
    (core module $Libc ${LIBC})
    (core instance $libc (instantiate $Libc))
    (core module $M (import "libc" "mem" (memory 1)) ${funcs.map(calleeBody).join('\n      ')})
    (core instance $m (instantiate $M (with "libc" (instance $libc))))
    ${funcs.map((f) => `(func (export "${f.name}") ${sigOf(f)} (canon lift (core func $m "${f.name}") ${opts(enc, true)}))`).join('\n    ')}
  )`;
}

/** The caller: imports the callee's functions as instance "c" (lowered with `enc`) and exports forwarders. */
export function callerComponent(funcs: readonly FusedFunc[], enc: Enc, calleeSig: Record<string, string> = {}): string {
  const sigOf = (f: FusedFunc): string => calleeSig[f.name] ?? f.sig;
  return `(component
    (import "c" (instance $c ${funcs.map((f) => `(export "${f.name}" (func ${sigOf(f)}))`).join(' ')}))
    (core module $Libc ${LIBC})
    (core instance $libc (instantiate $Libc))
    ${funcs.map((f) => `(core func $${f.name} (canon lower (func $c "${f.name}") ${opts(enc, false)}))`).join('\n    ')}
    (core module $U ${funcs.map(callerImport).join(' ')} (import "libc" "mem" (memory 1)) ${funcs.map(callerBody).join('\n      ')})
    (core instance $u (instantiate $U (with "" (instance ${funcs.map((f) => `(export "${f.name}" (func $${f.name}))`).join(' ')})) (with "libc" (instance $libc))))
    ${funcs.map((f) => `(func (export "${f.name}") ${f.sig} (canon lift (core func $u "${f.name}") ${opts(enc, true)}))`).join('\n    ')}
  )`;
}

/**
 * The component: `$Callee` lifts each function with encoding `calleeEnc`; `$Caller` lowers the callee's functions
 * with `callerEnc` and lifts forwarding exports with the same types. `calleeSig` (optional) overrides a function's
 * type on the callee's side (e.g. `map` where the caller has a list).
 */
export function fusedComponent(funcs: readonly FusedFunc[], callerEnc: Enc, calleeEnc: Enc, calleeSig: Record<string, string> = {}): string {
  return `(component
  (component $Callee ${calleeComponent(funcs, calleeEnc, calleeSig).slice('(component'.length)}
  (component $Caller ${callerComponent(funcs, callerEnc, calleeSig).slice('(component'.length)}
  (instance $callee (instantiate $Callee))
  (instance $caller (instantiate $Caller (with "c" (instance $callee))))
  ${funcs.map((f) => `(export "${f.name}" (func $caller "${f.name}"))`).join('\n  ')}
)`;
}
