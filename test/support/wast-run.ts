/**
 * Runs the runtime commands of a component-model `.wast` script against kumiki's runtime.
 *
 * API: `runScript(script, options)` → one `CommandResult` per command, in order. Commands:
 * - `(component definition $X …)` compiles; `(component instance $i $X)` instantiates a definition; a bare
 *   `(component $c? …)` compiles and instantiates. The last instance made is the one `invoke` targets (or the
 *   `$name` given in `(invoke $name "f" …)`). `(register "name" $i?)` makes an instance's exports an import of
 *   later instantiations.
 * - `assert_return (invoke "f" args…) result?`, `assert_trap (invoke …) "text"` (also over an instantiation),
 *   `invoke` alone, `assert_unlinkable`, `assert_invalid`/`assert_malformed` (must be rejected at compile).
 * Verdicts are strict; a trap's text is compared exactly (`textMatches`) and, when it differs, reported
 * (`expectedText`/`actualText`) rather than failed. A command that cannot run because the engine threw
 * `UnsupportedError` is `skip` with that reason; commands depending on a failed or skipped instantiation inherit its
 * status and reason. One command's failure never stops the rest of the script.
 */
import { Component } from '../../src/entries/component.js';
import type { Exports } from '../../src/entries/component.js';
import { ComponentError, LinkError, Trap, UnsupportedError, ValidationError } from '../../src/errors.js';
import { validate } from '../../src/validate/index.js';
import type { ComponentType, ExternType, FuncType } from '../../src/types/index.js';
import { AssembleError, assembleForm, type SExpr, type WastCommand, type WastForm, type WastScript } from './wast.js';
import { compileAot, type Instantiable } from './wast-run-aot.js';
import { matchJs, parseInvoke, parseWastVal, showVal, toJs, type WastVal } from './wast-values.js';

// Interp-mode components are constructed synchronously here; the interpreter is loaded on demand.
await Component.loadInterpreter();
// The async runtime is loaded on demand (link/async-backend.ts): once here, so the synchronous constructor runs async components.
await Component.loadAsync();

export type Bucket = 'assert_return' | 'assert_trap' | 'other';
export type Status = 'pass' | 'fail' | 'skip';

export interface CommandResult {
  readonly line: number;
  readonly head: string;
  readonly bucket: Bucket;
  readonly status: Status;
  /** Why it failed or was skipped (`Class: message`). */
  readonly reason?: string;
  /** assert_trap passed, but the trap's message does not mention the expected text: both texts. */
  readonly expectedText?: string;
  readonly actualText?: string;
  /** assert_invalid/assert_malformed rejected by the text assembler (jco) before kumiki saw bytes. */
  readonly byAssembler?: boolean;
}

export interface RunOptions {
  /** Validation feature gates passed to `Component` (wasm-tools names). */
  readonly features: readonly string[];
  /** Adapter mode (`Component` option); default codegen. `aot`: transpiled ahead of time (wast-run-aot.ts). */
  readonly mode?: 'codegen' | 'interp' | 'aot';
  /** `Component` option `fuse` (default true): false crosses component-to-component calls through JS, as `aot` does. */
  readonly fuse?: boolean;
  /** `Component` option `lazy`: adapters made on first call (`true`) or at compile (`false`); default by size. */
  readonly lazy?: boolean;
  /** Called with each result as soon as it is known (a runner in a worker streams them out). */
  readonly onResult?: (r: CommandResult) => void;
}

/** The table column a command counts in. */
export function bucketOf(head: string): Bucket {
  return head === 'assert_return' || head === 'assert_trap' ? head : 'other';
}

/** A definition or instance that could not be made: what its dependents inherit. */
interface Failure { readonly status: 'fail' | 'skip'; readonly reason: string }

interface Definition { readonly bytes?: Uint8Array; readonly component?: Instantiable; readonly failure?: Failure; type?: ComponentType }
interface Live { readonly exports?: Exports; readonly def: Definition; readonly failure?: Failure }

/** `Class: message` of anything thrown. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return `thrown ${typeof e}: ${String(e)}`;
}

/**
 * Core modules the host engine cannot compile (Node 20's V8 lacks multi-memory and exnref `try_table`): the
 * runtime never got to run them, so they are skipped as `HostUnsupported`, not failed.
 */
const HOST_UNSUPPORTED = /At most one memory is supported|memory count of \d+ exceeds internal limit|Invalid opcode 0x1f|enable (?:with|via) --experimental/;

/** The engine's own CompileError behind `e`: kumiki reports a core module the engine rejects as a ValidationError
 *  with the CompileError as `cause` (a bare CompileError is still taken, e.g. from the core-module runner). */
function engineCompileError(e: unknown): WebAssembly.CompileError | undefined {
  if (e instanceof WebAssembly.CompileError) return e;
  return e instanceof ValidationError && e.cause instanceof WebAssembly.CompileError ? e.cause : undefined;
}

/** The core module uses a feature this engine cannot compile (not a verdict on the module). */
function hostUnsupported(e: unknown): boolean {
  const c = engineCompileError(e);
  return c !== undefined && HOST_UNSUPPORTED.test(c.message);
}

function failureOf(e: unknown): Failure {
  if (hostUnsupported(e)) return { status: 'skip', reason: `HostUnsupported: ${engineCompileError(e)!.message}` };
  return { status: e instanceof UnsupportedError ? 'skip' : 'fail', reason: describeError(e) };
}

const isTrap = (e: unknown): boolean => e instanceof Trap || e instanceof WebAssembly.RuntimeError;

/**
 * The trap's message contains the expected text exactly. The one thing dropped from the expected text is the
 * `wasm trap: ` prefix the suite's reference runtime (wasmtime) puts before every trap reason when it prints one:
 * it says "this is a trap", which the `Trap` class already says, and is not part of the reason.
 */
export function textMatches(actual: string, expected: string): boolean {
  return actual.includes(expected.replace(/^wasm trap: /, ''));
}

export async function runScript(script: WastScript, options: RunOptions): Promise<CommandResult[]> {
  const definitions = new Map<string, Definition>();
  const instances = new Map<string, Live>();
  const registered: Record<string, unknown> = {};
  let current: Live | undefined;
  const out: CommandResult[] = [];

  const mode = options.mode;
  const compileWith = async (bytes: Uint8Array): Promise<Instantiable> => (mode === 'aot'
    ? compileAot(bytes, options.features)
    : new Component(bytes, { features: options.features, ...(mode !== undefined ? { mode } : {}), ...(options.fuse !== undefined ? { fuse: options.fuse } : {}), ...(options.lazy !== undefined ? { lazy: options.lazy } : {}) }));

  const compile = async (form: WastForm): Promise<Definition> => {
    let bytes: Uint8Array;
    try {
      bytes = await assembleForm(form);
    } catch (e) {
      return { failure: { status: 'fail', reason: describeError(e) } };
    }
    try {
      return { bytes, component: await compileWith(bytes) };
    } catch (e) {
      return { bytes, failure: failureOf(e) };
    }
  };

  const instantiate = (def: Definition): Live => {
    if (def.failure) return { def, failure: def.failure };
    try {
      return { def, exports: def.component!.instantiate({ ...registered }).exports };
    } catch (e) {
      return { def, failure: failureOf(e) };
    }
  };

  const typeOf = (def: Definition): ComponentType => {
    def.type ??= validate(def.bytes!, { features: options.features });
    return def.type;
  };

  /** Resolves `(invoke …)` to a callable and its type, or the failure its target inherited. */
  const resolve = (e: SExpr | undefined, line: number): { fn: (...a: unknown[]) => unknown; type: FuncType; args: readonly WastVal[]; name: string } | Failure => {
    let inv: ReturnType<typeof parseInvoke>;
    try {
      inv = parseInvoke(e, line);
    } catch (x) {
      return { status: 'fail', reason: describeError(x) };
    }
    const target = inv.instance === undefined ? current : instances.get(inv.instance);
    if (target === undefined) return { status: 'fail', reason: `ScriptError: no instance ${inv.instance ?? '(none made yet)'}` };
    if (target.failure) return target.failure;
    let ext: ExternType | undefined;
    try {
      ext = typeOf(target.def).exports.get(inv.name);
    } catch (x) {
      return { status: 'fail', reason: `TypeOf: ${describeError(x)}` };
    }
    if (ext === undefined || ext.kind !== 'func') return { status: 'fail', reason: `ScriptError: the component has no function export "${inv.name}"` };
    const ex = target.exports!;
    const fn = ex[inv.name] ?? ex[inv.name.replace(/-([a-z0-9])/gi, (_m, c: string) => c.toUpperCase())];
    if (typeof fn !== 'function') return { status: 'fail', reason: `MissingExport: instance.exports has no function for "${inv.name}"` };
    return { fn, type: ext.type, args: inv.args, name: inv.name };
  };

  /**
   * Calls an invocation: `{ value }` or `{ thrown }`, or a failure converting the arguments. A returned promise
   * (async exports) is awaited, for at most `SETTLE_MS`.
   */
  const call = async (r: { fn: (...a: unknown[]) => unknown; type: FuncType; args: readonly WastVal[]; name: string }): Promise<{ value: unknown } | { thrown: unknown } | Failure> => {
    if (r.args.length !== r.type.params.length) return { status: 'fail', reason: `ScriptError: "${r.name}" takes ${r.type.params.length} arguments, the script gives ${r.args.length}` };
    let args: unknown[];
    try {
      args = r.args.map((a, i) => toJs(a, r.type.params[i]!.type, `${r.name}(${r.type.params[i]!.name})`));
    } catch (x) {
      return { status: 'fail', reason: describeError(x) };
    }
    try {
      const value = r.fn(...args);
      return isThenable(value) ? await settle(value) : { value };
    } catch (x) {
      return { thrown: x };
    }
  };

  const assertReturn = async (cmd: WastCommand): Promise<Omit<CommandResult, 'line' | 'head' | 'bucket'>> => {
    const r = resolve(cmd.sexpr.items[1], cmd.line);
    if ('status' in r) return r;
    const expectedExprs = cmd.sexpr.items.slice(2);
    let expected: WastVal | undefined;
    try {
      expected = expectedExprs.length === 0 ? undefined : parseWastVal(expectedExprs, cmd.line);
    } catch (x) {
      return { status: 'fail', reason: describeError(x) };
    }
    const c = await call(r);
    if ('status' in c) return c;
    const resultType = r.type.result;
    // DESIGN.md §4: an export returning result<T, E> returns T or throws ComponentError(E).
    if (resultType?.kind === 'result' && expected?.kind === 'result') {
      if (expected.ok) {
        if ('thrown' in c) return thrownFailure(c.thrown);
        if (!resultType.ok) return c.value === undefined ? { status: 'pass' } : { status: 'fail', reason: `Mismatch: expected ${showVal(expected)}, got a value` };
        return verdict(expected.payload ? matchJs(c.value, expected.payload, resultType.ok, 'result.ok') : `Mismatch: script gives no ok payload`);
      }
      if ('value' in c) return { status: 'fail', reason: `Mismatch: expected ${showVal(expected)}, the call returned normally` };
      if (!(c.thrown instanceof ComponentError)) return thrownFailure(c.thrown);
      if (!resultType.err) return c.thrown.payload === undefined ? { status: 'pass' } : { status: 'fail', reason: 'Mismatch: err payload where none is typed' };
      return verdict(expected.payload ? matchJs(c.thrown.payload, expected.payload, resultType.err, 'result.err') : 'Mismatch: script gives no err payload');
    }
    if ('thrown' in c) return thrownFailure(c.thrown);
    if (expected === undefined || resultType === undefined) {
      if (expected === undefined && resultType === undefined) return c.value === undefined ? { status: 'pass' } : { status: 'fail', reason: 'Mismatch: expected no result' };
      return { status: 'fail', reason: `ScriptError: result arity differs from the function type` };
    }
    return verdict(matchJs(c.value, expected, resultType));
  };

  const assertTrap = async (cmd: WastCommand): Promise<Omit<CommandResult, 'line' | 'head' | 'bucket'>> => {
    const expected = cmd.message ?? '';
    const judge = (thrown: unknown): Omit<CommandResult, 'line' | 'head' | 'bucket'> => {
      if (thrown instanceof UnsupportedError) return failureOf(thrown);
      if (!isTrap(thrown)) return { status: 'fail', reason: `NotATrap: ${describeError(thrown)}` };
      const msg = (thrown as Error).message;
      return textMatches(msg, expected) ? { status: 'pass' } : { status: 'pass', expectedText: expected, actualText: msg };
    };
    const inner = cmd.sexpr.items[1];
    if (inner?.type === 'list' && inner.items[0]?.type === 'atom' && inner.items[0].text === 'invoke') {
      const r = resolve(inner, cmd.line);
      if ('status' in r) return r;
      const c = await call(r);
      if ('status' in c) return c;
      if ('value' in c) return { status: 'fail', reason: 'NoTrap: the call returned normally' };
      return judge(c.thrown);
    }
    return { status: 'fail', reason: 'NoTrap: instantiation form under assert_trap is handled by the caller' };
  };

  for (const cmd of script.commands) {
    const push = (bucket: Bucket, r: Omit<CommandResult, 'line' | 'head' | 'bucket'>): void => {
      const result: CommandResult = { line: cmd.line, head: cmd.head, bucket, ...r };
      out.push(result);
      options.onResult?.(result);
    };
    const before = out.length;
    try {
      switch (cmd.head) {
        case 'component': {
          if (cmd.instance) {
            const def = definitions.get(cmd.instance.definition);
            if (def === undefined) { push('other', { status: 'fail', reason: `ScriptError: unknown definition ${cmd.instance.definition}` }); break; }
            current = instantiate(def);
            if (cmd.instance.name) instances.set(cmd.instance.name, current);
            push('other', current.failure ?? { status: 'pass' });
            break;
          }
          if (!cmd.form) { push('other', { status: 'fail', reason: 'ScriptError: unreadable component command' }); break; }
          const def = await compile(cmd.form);
          if (cmd.form.definition) {
            if (cmd.form.name) definitions.set(cmd.form.name, def);
            push('other', def.failure ?? { status: 'pass' });
            break;
          }
          current = instantiate(def);
          if (cmd.form.name) instances.set(cmd.form.name, current);
          push('other', current.failure ?? { status: 'pass' });
          break;
        }
        case 'module': push('other', { status: 'skip', reason: 'ScriptError: top-level core module commands are not run' }); break;
        case 'register': {
          const [, nameE, instE] = cmd.sexpr.items;
          const live = instE?.type === 'atom' ? instances.get(instE.text) : current;
          if (nameE?.type !== 'string' || live === undefined) { push('other', { status: 'fail', reason: 'ScriptError: bad register' }); break; }
          if (live.failure) { push('other', live.failure); break; }
          registered[nameE.text] = live.exports;
          push('other', { status: 'pass' });
          break;
        }
        case 'invoke': {
          const r = resolve(cmd.sexpr, cmd.line);
          if ('status' in r) { push('other', r); break; }
          const c = await call(r);
          if ('status' in c) push('other', c);
          else if ('thrown' in c && !(c.thrown instanceof ComponentError)) push('other', thrownFailure(c.thrown));
          else push('other', { status: 'pass' });
          break;
        }
        case 'assert_return': push('assert_return', await assertReturn(cmd)); break;
        case 'assert_trap': {
          if (cmd.form || (cmd.sexpr.items[1]?.type === 'list' && cmd.sexpr.items[1].items[0]?.type === 'atom' && cmd.sexpr.items[1].items[0].text === 'component')) {
            push('assert_trap', await trapOnInstantiate(cmd));
            break;
          }
          push('assert_trap', await assertTrap(cmd));
          break;
        }
        case 'assert_invalid': case 'assert_malformed': push('other', await assertRejected(cmd)); break;
        case 'assert_unlinkable': {
          if (!cmd.form) { push('other', { status: 'fail', reason: 'ScriptError: assert_unlinkable without a component' }); break; }
          const def = await compile(cmd.form);
          if (def.failure) { push('other', def.failure); break; }
          try {
            def.component!.instantiate({ ...registered });
            push('other', { status: 'fail', reason: 'NotUnlinkable: instantiation succeeded' });
          } catch (e) {
            push('other', e instanceof LinkError || e instanceof WebAssembly.LinkError ? { status: 'pass' } : { ...failureOf(e), reason: `NotALinkError: ${describeError(e)}` });
          }
          break;
        }
        default: push('other', { status: 'skip', reason: `ScriptError: command '${cmd.head}' is not run` });
      }
    } catch (e) {
      // A fault in the runner or an unexpected throw: this command fails, the script goes on.
      if (out.length === before) push(bucketOf(cmd.head), { status: 'fail', reason: `RunnerError: ${describeError(e)}` });
    }
  }
  return out;

  /** `(assert_trap (component instance $i $X) "…")` or over a bare component: the instantiation must trap. */
  async function trapOnInstantiate(cmd: WastCommand): Promise<Omit<CommandResult, 'line' | 'head' | 'bucket'>> {
    let def: Definition | undefined;
    const inner = cmd.sexpr.items[1] as { items: SExpr[] };
    if (cmd.form) def = await compile(cmd.form);
    else {
      const d = inner.items[3] ?? inner.items[2];
      def = d?.type === 'atom' ? definitions.get(d.text) : undefined;
    }
    if (def === undefined) return { status: 'fail', reason: 'ScriptError: unknown definition under assert_trap' };
    if (def.failure) return def.failure;
    try {
      def.component!.instantiate({ ...registered });
      return { status: 'fail', reason: 'NoTrap: instantiation succeeded' };
    } catch (e) {
      if (e instanceof UnsupportedError) return failureOf(e);
      if (!isTrap(e)) return { status: 'fail', reason: `NotATrap: ${describeError(e)}` };
      const msg = (e as Error).message;
      return textMatches(msg, cmd.message ?? '') ? { status: 'pass' } : { status: 'pass', expectedText: cmd.message ?? '', actualText: msg };
    }
  }

  /** assert_invalid / assert_malformed: compiling must throw a ValidationError (or the host's CompileError). */
  async function assertRejected(cmd: WastCommand): Promise<Omit<CommandResult, 'line' | 'head' | 'bucket'>> {
    if (!cmd.form) return { status: 'fail', reason: `ScriptError: ${cmd.head} without a form` };
    let bytes: Uint8Array;
    try {
      bytes = await assembleForm(cmd.form);
    } catch (e) {
      if (e instanceof AssembleError) return { status: 'pass', byAssembler: true };
      return { status: 'fail', reason: describeError(e) };
    }
    try {
      await compileWith(bytes);
      return { status: 'fail', reason: 'Accepted: compiled without error' };
    } catch (e) {
      if (hostUnsupported(e)) return failureOf(e);
      if (e instanceof ValidationError || e instanceof WebAssembly.CompileError) return { status: 'pass' };
      return { status: 'fail', reason: `NotAValidationError: ${describeError(e)}` };
    }
  }
}

/** How long an async export's promise may take to settle before the command fails. */
const SETTLE_MS = 5000;

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** `{ value }` or `{ thrown }` of a promise, or a failure when it does not settle in time. */
async function settle(p: PromiseLike<unknown>): Promise<{ value: unknown } | { thrown: unknown } | Failure> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Failure>((res) => { timer = setTimeout(() => res({ status: 'fail', reason: `Timeout: the promise did not settle in ${SETTLE_MS} ms` }), SETTLE_MS); });
  try {
    return await Promise.race([Promise.resolve(p).then((value) => ({ value }), (thrown: unknown) => ({ thrown })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function verdict(diff: string | undefined): Omit<CommandResult, 'line' | 'head' | 'bucket'> {
  return diff === undefined ? { status: 'pass' } : { status: 'fail', reason: diff.startsWith('Mismatch') || diff.startsWith('ScriptError') ? diff : `Mismatch: ${diff}` };
}

function thrownFailure(e: unknown): Failure {
  if (e instanceof UnsupportedError) return failureOf(e);
  return { status: 'fail', reason: describeError(e) };
}
