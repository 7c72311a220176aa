// `canon` definitions (Explainer.md "Canonical Definitions", CanonicalABI.md "canon lift/lower" and the
// built-ins): option validation and the core signature each definition produces, with wasmparser's wording.
import type * as ast from '../binary/ast.js';
import { CANON_CODES, byName } from '../binary/opcodes.js';
import type { CoreFuncType, CoreValType, FuncType, ValType } from '../types/index.js';
import { canonOf, coreFunc, funcTypeText, sameCoreFunc, setCanon, withContext } from './core.js';
import { canonFunc } from './core-canon.js';
import { lowerGcFunc } from './gc.js';
import { containsPtr, lowerFuncType, requireMemory, requireRealloc, type CanonOptions } from './lower.js';
import { fail, type State } from './state.js';

const I32: CoreValType = 'i32';
const I64: CoreValType = 'i64';
const fn = coreFunc;

/** An encoding option as wasmparser prints it. */
const encodingName = (e: CanonOptions['stringEncoding']): string => (e === 'latin1+utf16' ? 'latin1-utf16' : e);

/** wasmparser `check_options`. */
export function checkOptions(s: State, opts: readonly ast.CanonOpt[], offset: number): CanonOptions {
  let encoding: CanonOptions['stringEncoding'] | undefined;
  let memory: CanonOptions['memory'];
  let realloc: number | undefined, postReturn: number | undefined, callback: number | undefined, coreType: number | undefined;
  let isAsync = false, gc = false;
  const once = (present: boolean, name: string): void => { if (present) fail(`canonical option \`${name}\` is specified more than once`, offset); };
  for (const o of opts) {
    switch (o.kind) {
      case 'utf8': case 'utf16': case 'latin1+utf16':
        if (encoding) fail(`canonical encoding option \`${encodingName(encoding)}\` conflicts with option \`${encodingName(o.kind)}\``, offset);
        encoding = o.kind;
        break;
      case 'memory': once(memory !== undefined, 'memory'); memory = { index: o.index, addr: s.cabiMemory(o.index, offset) }; break;
      case 'realloc': once(realloc !== undefined, 'realloc'); realloc = o.index; break;
      case 'post-return': once(postReturn !== undefined, 'post-return'); postReturn = o.index; break;
      case 'async':
        once(isAsync, 'async');
        s.require('cm-async', 'canonical option `async` requires the component model async feature', offset);
        isAsync = true;
        break;
      case 'callback': once(callback !== undefined, 'callback'); callback = o.index; break;
      case 'core-type': {
        if (coreType !== undefined) fail('canonical option `core type` is specified more than once', offset);
        s.require('cm-gc', 'canonical option `core type` requires the component model gc feature', offset);
        const t = s.coreType(o.index, offset);
        if (t.kind !== 'func') fail('canonical option `core type` must reference a core function type', offset);
        coreType = o.index;
        break;
      }
      case 'gc':
        if (gc) fail('canonical option `gc` is specified more than once', offset);
        s.require('cm-gc', 'canonical option `gc` requires the `cm-gc` feature', offset);
        gc = true;
        break;
    }
  }
  if (!isAsync && callback !== undefined) fail('cannot specify callback without async', offset);
  if (isAsync && postReturn !== undefined) fail('cannot specify post-return function in async', offset);
  if (!gc && coreType !== undefined) fail('cannot specify `core-type` without `gc`', offset);
  if (realloc !== undefined) {
    if (!memory) fail('canonical option `realloc` requires `memory` to also be specified', offset);
    const a = memory.addr;
    if (!sameCoreFunc(s.coreFunc(realloc, offset), fn([a, a, a, a], [a]))) {
      fail('canonical option `realloc` uses a core function with an incorrect signature', offset);
    }
  }
  return { stringEncoding: encoding ?? 'utf8', memory, realloc, postReturn, async: isAsync, callback, coreType, gc };
}

function checkLower(o: CanonOptions, offset: number): void {
  if (o.postReturn !== undefined) fail('canonical option `post-return` cannot be specified for lowerings', offset);
  if (o.callback !== undefined) fail('canonical option `callback` cannot be specified for lowerings', offset);
  if (o.gc && o.coreType === undefined) fail('cannot specify `gc` without also specifying a `core-type` for lowerings', offset);
}

function requireSync(o: CanonOptions, where: string, offset: number): void {
  if (o.async) fail(`cannot specify \`async\` option on \`${where}\``, offset);
}

/** The declared `core-type` must match the built-in's signature exactly. */
function checkCoreType(s: State, o: CanonOptions, actual: CoreFuncType, offset: number): CoreFuncType {
  if (o.coreType === undefined) return actual;
  const declared = s.coreType(o.coreType, offset) as CoreFuncType;
  if (declared.params.join() !== actual.params.join()) fail(`declared core type has \`${debugList(declared.params)}\` parameter types, but actual lowering has \`${debugList(actual.params)}\` parameter types`, offset);
  if (declared.results.join() !== actual.results.join()) fail(`declared core type has \`${debugList(declared.results)}\` result types, but actual lowering has \`${debugList(actual.results)}\` result types`, offset);
  return declared;
}

/** Built-ins past the MVP are gated by the feature their `CANON_CODES` entry names; wasmparser's wording. */
const CANON = byName(CANON_CODES);
type CanonGate = 'cm-async' | 'cm-threading' | 'cm-error-context' | 'shared-everything-threads';
const GATE_WORDING: Readonly<Record<CanonGate, string>> = {
  'cm-async': 'the component model async feature',
  'cm-threading': 'the component model threading feature',
  'cm-error-context': 'the component model error-context feature',
  'shared-everything-threads': 'the shared-everything-threads proposal',
};

/** Simple built-ins: a fixed core signature (CanonicalABI.md, one entry per built-in). */
const SIMPLE: Readonly<Partial<Record<ast.CanonKind, CoreFuncType>>> = {
  'backpressure.inc': fn([], []),
  'backpressure.dec': fn([], []),
  'task.cancel': fn([], []),
  'subtask.drop': fn([I32], []),
  'waitable-set.new': fn([], [I32]),
  'waitable-set.drop': fn([I32], []),
  'waitable.join': fn([I32, I32], []),
  'thread.yield': fn([], [I32]),
  'error-context.drop': fn([I32], []),
  'thread.index': fn([], [I32]),
  'thread.resume-later': fn([I32], []),
  'thread.suspend': fn([], [I32]),
  'thread.suspend-then-resume': fn([I32], [I32]),
  'thread.yield-then-resume': fn([I32], [I32]),
  'thread.suspend-then-promote': fn([I32], [I32]),
  'thread.yield-then-promote': fn([I32], [I32]),
};

/** Validates one `canon` definition and adds what it defines to the index spaces. */
export function addCanon(s: State, c: ast.Canon): void {
  const offset = c.offset;
  const push = (t: CoreFuncType): void => { s.core.funcs.push(t); };
  const gate = CANON.get(c.kind)?.feature as CanonGate | undefined;
  if (gate) {
    // wasmparser prints this one built-in's name with an underscore.
    const name = c.kind === 'thread.available-parallelism' ? 'thread.available_parallelism' : c.kind;
    s.require(gate, `\`${name}\` requires ${GATE_WORDING[gate]}`, offset);
  }
  // component-model #716 removed `cancellable` from `thread.yield`, `waitable-set.{wait,poll}` and the
  // `thread.*-then-*` built-ins; the binary keeps the byte but it must be 0 (as current wasmparser requires).
  if ('cancellable' in c && c.cancellable) fail(`\`${c.kind}\`: the \`cancellable\` immediate was removed from the component model (component-model #716); its byte must be 0`, offset);
  const simple = SIMPLE[c.kind];
  if (simple) { push(simple); return; }
  switch (c.kind) {
    case 'lift': return lift(s, c, offset);
    case 'lower': {
      const ft = s.func(c.func, offset);
      const o = checkOptions(s, c.options, offset);
      checkLower(o, offset);
      if (o.async && !ft.async) fail('the `async` canonical option requires an async function type', offset);
      if (o.gc) {
        const declared = s.coreType(o.coreType!, offset) as CoreFuncType;
        lowerGcFunc(ft, declared, o, offset);
        push(declared);
        return;
      }
      push(lowerFuncType(ft, o, 'lower', offset));
      return;
    }
    case 'resource.new': { const rep = s.localResourceRep(c.resource, offset); push(fn([rep], [I32])); return; }
    case 'resource.rep': { const rep = s.localResourceRep(c.resource, offset); push(fn([I32], [rep])); return; }
    case 'resource.drop': s.resourceSlot(c.resource, offset); push(fn([I32], [])); return;
    default: addOtherCanon(s, c, offset, push);
  }
}

/**
 * The built-ins other than lift, lower and resource.*: the async, stream/future, error-context and thread ones. A
 * function of their own because V8 compiles a function whole the first time it runs: in addCanon they tripled the
 * source compiled for a component that only lifts and lowers (most of them), in cold code.
 */
function addOtherCanon(s: State, c: ast.Canon, offset: number, push: (t: CoreFuncType) => void): void {
  switch (c.kind) {
    case 'task.return': {
      const params = c.result === undefined ? [] : [{ name: 'v', type: s.valType(c.result, offset) }];
      const o = checkOptions(s, c.options, offset);
      if (o.realloc !== undefined) fail('cannot specify `realloc` option on `task.return`', offset);
      if (o.postReturn !== undefined) fail('cannot specify `post-return` option on `task.return`', offset);
      checkLower(o, offset);
      requireSync(o, 'task.return', offset);
      push(lowerFuncType({ kind: 'func', params }, o, 'lower', offset));
      return;
    }
    case 'context.get': case 'context.set': {
      const t = c.type;
      if (t === 'i64') s.require('cm64', `64-bit \`${c.kind}\` requires the component model 64-bit feature`, offset);
      else if (t !== 'i32') fail(`\`${c.kind}\` only supports \`i32\` or \`i64\``, offset);
      if (s.contextType === undefined) s.contextType = t;
      else if (s.contextType !== t) fail(`\`${c.kind}\` type must match previous context type`, offset);
      if (c.slot > 0) {
        s.require('cm-threading', `\`${c.kind}\` immediate must be zero: ${c.slot}`, offset);
        if (c.slot > 1) fail(`\`${c.kind}\` immediate must be zero or one: ${c.slot}`, offset);
      }
      push(c.kind === 'context.get' ? fn([], [t]) : fn([t], []));
      return;
    }
    case 'subtask.cancel':
      if (c.async) s.require('cm-more-async-builtins', 'async `subtask.cancel` requires the component model more async builtins feature', offset);
      push(fn([I32], [I32]));
      return;
    case 'stream.new': case 'future.new':
      streamOrFuture(s, c.kind, c.type, offset);
      push(fn([], [I64]));
      return;
    case 'stream.read': case 'stream.write': case 'future.read': case 'future.write': {
      const elem = streamOrFuture(s, c.kind, c.type, offset);
      const o = checkOptions(s, c.options, offset);
      if (!o.async) s.require('cm-more-async-builtins', `synchronous \`${c.kind}\` requires the component model more async builtins feature`, offset);
      if (elem) requireMemory(o, offset);
      const isRead = c.kind.endsWith('.read');
      if (isRead && elem && containsPtr(elem) && o.realloc === undefined) requireRealloc(o, offset);
      if (isRead || c.kind === 'stream.write') checkLower(o, offset);
      // CanonicalABI.md canon stream.{read,write}: (i32 T T) -> T; future.{read,write}: (i32 T) -> i32, where T is the
      // memory's address type (i64 for a 64-bit memory, cm64).
      const T: CoreValType = o.memory?.addr === 'i64' ? I64 : I32;
      push(checkCoreType(s, o, c.kind.startsWith('stream') ? fn([I32, T, T], [T]) : fn([I32, T], [I32]), offset));
      return;
    }
    case 'stream.cancel-read': case 'stream.cancel-write': case 'future.cancel-read': case 'future.cancel-write':
      if (c.async) s.require('cm-more-async-builtins', `async \`${c.kind}\` requires the component model more async builtins feature`, offset);
      streamOrFuture(s, c.kind, c.type, offset);
      push(fn([I32], [I32]));
      return;
    case 'stream.drop-readable': case 'stream.drop-writable': case 'future.drop-readable': case 'future.drop-writable':
      streamOrFuture(s, c.kind, c.type, offset);
      push(fn([I32], []));
      return;
    case 'error-context.new': case 'error-context.debug-message': {
      const o = checkOptions(s, c.options, offset);
      requireMemory(o, offset);
      if (c.kind === 'error-context.debug-message') requireRealloc(o, offset);
      requireSync(o, c.kind, offset);
      checkLower(o, offset);
      const T: CoreValType = o.memory?.addr === 'i64' ? I64 : I32; // CanonicalABI.md: the memory's address type
      push(checkCoreType(s, o, c.kind === 'error-context.new' ? fn([T, T], [I32]) : fn([I32, T], []), offset));
      return;
    }
    case 'waitable-set.wait': case 'waitable-set.poll': {
      const addr = s.cabiMemory(c.memory, offset);
      push(fn([I32, addr], [I32]));
      return;
    }
    case 'thread.new-indirect': {
      const t = s.coreType(c.funcType, offset);
      if (t.kind === 'module') fail('expected a core function type', offset);
      if (t.kind !== 'func') fail('start type must be a function', offset);
      if (t.params.length !== 1 || t.params[0] !== I32) fail('start function must take a single `i32` argument (currently)', offset);
      if (t.results.length !== 0) fail('start function must not return any values', offset);
      // As for `thread.spawn-indirect` below: table subtyping against `(table 0 funcref)` (not the index type).
      const table = s.table(c.table, offset);
      withContext(() => {
        if (table.element !== 'funcref') fail(`expected table element type funcref, found ${table.element}`, offset);
        if (table.shared) fail('mismatch in the shared flag for tables', offset);
      }, 'table is not a 32-bit table of (ref null (func))');
      push(fn([I32, I32], [I32]));
      return;
    }
    // CanonicalABI.md "thread.spawn_ref" / "thread.spawn_indirect" / "thread.available_parallelism": the built-ins
    // are shared functions (callable from shared code), so their core function types are shared ones.
    case 'thread.spawn-ref': case 'thread.spawn-indirect': case 'thread.available-parallelism': {
      if (c.kind === 'thread.available-parallelism') { push(fn([], [I32], true)); return; }
      const spawn = spawnType(s, c.funcType, offset);
      if (c.kind === 'thread.spawn-indirect') {
        // wasmparser checks the table against `(table 0 (ref null (shared func)) shared)` by table subtyping:
        // element type, shared flag, limits (which always match), not the index type.
        const table = s.table(c.table, offset);
        withContext(() => {
          if (table.element !== '(ref null shared func)') fail(`expected table element type (ref null (shared func)), found ${table.element}`, offset);
          if (!table.shared) fail('mismatch in the shared flag for tables', offset);
        }, 'table is not a 32-bit shared table of (ref null (shared func))');
        push(fn([I32, I32], [I32], true));
      } else {
        const t = fn([`(ref null ${funcTypeText(spawn)})`, I32], [I32], true);
        const target = canonOf(spawn);
        push(target ? setCanon(t, canonFunc([{ nullable: true, heap: { kind: 'concrete', type: target } }, 'i32'], ['i32'], true)) : t);
      }
      return;
    }
    default:
      fail(`unsupported canonical function \`${c.kind}\``, offset);
  }
}

/** A core type list as wasmparser prints it (Rust `Debug`: `[I32, I64]`). */
function debugList(ts: readonly CoreValType[]): string {
  return `[${ts.map((t) => (/^[if](32|64)$|^v128$/.test(t) ? t.toUpperCase() : t)).join(', ')}]`;
}

/** wasmparser `validate_spawn_type`: a shared core function type `(func (param i32))`. */
function spawnType(s: State, index: number, offset: number): CoreFuncType {
  const t = s.coreType(index, offset);
  if (t.kind === 'module') fail('expected a core function type', offset);
  if (!t.shared) fail('spawn type must be shared', offset);
  if (t.kind !== 'func') fail('spawn type must be a function', offset);
  if (t.params.length !== 1 || t.params[0] !== I32) fail('spawn function must take a single `i32` argument (currently)', offset);
  if (t.results.length !== 0) fail('spawn function must not return any values', offset);
  return t;
}

/** The element type of the stream/future type a stream/future built-in names. */
function streamOrFuture(s: State, kind: string, index: number, offset: number): ValType | undefined {
  const t = s.definedType(index, offset);
  const want = kind.startsWith('stream') ? 'stream' : 'future';
  if (t.kind !== want) fail(`\`${kind}\` requires a ${want} type`, offset);
  return (t as { type?: ValType }).type;
}

/** `canon lift`: the core function's type must be the flattened lift signature. */
function lift(s: State, c: Extract<ast.Canon, { kind: 'lift' }>, offset: number): void {
  const ft: FuncType = s.funcType(c.type, offset);
  const core = s.coreFunc(c.coreFunc, offset);
  const o = checkOptions(s, c.options, offset);
  if (o.postReturn !== undefined) {
    const pr = s.coreFunc(o.postReturn, offset);
    if (pr.params.join() !== core.results.join() || pr.results.length !== 0) {
      fail('canonical option `post-return` uses a core function with an incorrect signature', offset);
    }
  }
  if (o.async && o.callback === undefined) s.require('cm-async-stackful', 'requires the component model async stackful feature', offset);
  if (o.callback !== undefined) {
    const cb = s.coreFunc(o.callback, offset);
    const p = cb.params.join();
    if (p !== 'i32,i32,i32' && p !== 'i32') fail('canonical option `callback` uses a core function with an incorrect signature', offset);
  }
  if (o.coreType !== undefined) fail('canonical option `core-type` is not allowed in `canon lift`', offset);
  if (o.async && !ft.async) fail('the `async` canonical option requires an async function type', offset);
  if (o.gc) { lowerGcFunc(ft, core, o, offset); s.funcs.push(ft); return; }
  const lowered = lowerFuncType(ft, o, 'lift', offset);
  if (!sameCoreFunc(lowered, core)) {
    if (lowered.params.join() !== core.params.join()) {
      fail(`lowered parameter types \`${debugList(lowered.params)}\` do not match parameter types \`${debugList(core.params)}\` of core function ${c.coreFunc}`, offset);
    }
    if (lowered.results.join() !== core.results.join()) {
      fail(`lowered result types \`${debugList(lowered.results)}\` do not match result types \`${debugList(core.results)}\` of core function ${c.coreFunc}`, offset);
    }
    fail(`lowered function type \`${funcTypeText(lowered)}\` does not match type \`${funcTypeText(core)}\` of core function ${c.coreFunc}`, offset);
  }
  s.funcs.push(ft);
}

