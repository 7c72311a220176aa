// The public runtime (DESIGN.md §3): Component.compile / new Component / component.instantiate / instantiate.
import { readComponent } from '../binary/read.js';
import type * as ast from '../binary/ast.js';
import { AdapterCodegen, newAdapterShare, type AdapterShare } from '../codegen/adapter.js';
import type { AdapterPlan } from '../abi/plan.js';
import { validateComponent, type ComponentView } from '../validate/index.js';
import { UnsupportedError } from '../errors.js';
import { codegenFused } from '../codegen/fuse.js';
import { codegenAsyncEntry } from '../codegen/async-entry.js';
import type { AsyncEntryCompiler } from '../link/link-async.js';
import { fuser, registerLifted, type CallerEnv, type FuseTag } from '../runtime/fuse-link.js';
import { fuseGlue } from '../runtime/fuse-glue.js';
import { glue, installAsyncHandles } from '../runtime/glue/index.js';
import { noAsyncBackend, type AsyncBackend } from '../link/async-backend.js';
import { checkCompat, type CompatOption } from '../program/compat.js';
import { usesAsync } from '../program/uses-async.js';
import { buildProgram, newBuildState } from '../program/program.js';
import { compileCoreModules, compileCoreModulesAsync, compileCoreModulesEarly } from '../program/core-compile.js';
import { awaitable, checkCap, instantiateProgram, link, type Program } from '../link/link.js';
import { recordModuleType } from '../link/link-module.js';
import type { CompiledAdapter, FuseHooks, LiftEnv, LiftedEnv, LinkAdapter, LowerEnv } from '../runtime/adapter-env.js';
import { generatedStubs, lazyAdapter } from './lazy-adapter.js';

export interface ComponentOptions {
  /** `codegen` (default: specialised JS via `new Function`, falling back to `interp` where eval is barred) or `interp`. */
  readonly mode?: 'codegen' | 'interp';
  /** Feature gates for validation, as wasm-tools names them (e.g. `cm-async`). */
  readonly features?: readonly string[];
  /**
   * Fused adapters between kumiki instances (default true; generated in codegen mode, interpreted in interp mode): an import satisfied by another
   * instance's lifted export copies memory to memory. `false` lifts to JS and lowers again.
   * @internal for tests and benchmarks; not part of the documented surface.
   */
  readonly fuse?: boolean;
  /**
   * Adapters made on first call (entries/lazy-adapter.ts): default for components with more than
   * `EAGER_ADAPTERS[mode]` canon lifts/lowers; `true`/`false` forces it either way.
   * @internal for tests and benchmarks; not part of the documented surface.
   */
  readonly lazy?: boolean;
  /**
   * Adapters of one type share one generated factory (codegen/adapter.ts `shareKey`; default true).
   * @internal for tests and benchmarks; not part of the documented surface.
   */
  readonly share?: boolean;
  /**
   * The most bytes of guest memory one call may lift into JS values (strings and lists, counted per adapter call):
   * past it the call traps instead of exhausting the heap. Default 256 MiB (`DEFAULT_MAX_LIFT_BYTES`).
   */
  readonly maxLiftBytes?: number;
  /**
   * Compatibility options for components built by toolchains that deviate from the spec (program/compat.ts
   * `COMPAT_OPTIONS`): `['sync-cancel-in-set']` for WASI 0.3 programs built by wit-bindgen before #1638.
   */
  readonly compat?: readonly CompatOption[];
}

/**
 * Up to this many adapters a component's are made at compile time (well under a millisecond), so the first instance
 * calls them directly; above it each is made on its first call, so compile time grows with what is called. An
 * instance made before a function's first call holds a stub for it (entries/lazy-adapter.ts). Codegen generates one
 * stub literal per adapter, which the engine inlines (no cost measured) but which costs ~10 µs each at the first
 * instantiate, so only up to `GENERATED_STUBS` adapters; above that, and in interp mode, stubs share a literal per
 * arity (~1 µs each; a call through one costs a few ns once many functions of an arity are called).
 */
const EAGER_ADAPTERS = { codegen: 16, interp: 64 } as const;
const GENERATED_STUBS = 256;

/** Core modules are checked by compiling them (WebAssembly.Module/compile), so validation skips them. */
const coreCheckedByCompile = (): undefined => undefined;

/** Host imports: interface names (with or without version) → objects of camelCase functions; root functions by name. */
export type Imports = Record<string, unknown>;
/**
 * An export: a function, or an interface object of functions. Callable and indexable, so `exports.api.add(1, 2)`
 * reads naturally; results are `unknown` (their shape follows the component's types, DESIGN.md §4).
 */
export interface ExportNode {
  (...args: unknown[]): unknown;
  readonly [name: string]: ExportNode;
}

/** Exports: root functions, interfaces under their short and full names. */
export type Exports = Readonly<Record<string, ExportNode>>;

/** One instance of a component. */
export interface Instance {
  readonly exports: Exports;
}

let evalAllowed: boolean | undefined;
/** Probed once: hosts with a CSP that bars eval throw here. */
function canEval(): boolean {
  if (evalAllowed === undefined) {
    try { evalAllowed = new Function('return 1')() === 1; } catch { evalAllowed = false; }
  }
  return evalAllowed;
}

/** Makes adapters from plans: codegen (`new Function`) or interp; `resIds` are the plan's resource type ids. */
interface AdapterCompiler {
  /** `share`: the component's generated factories, so that adapters of one type compile one (codegen). */
  lift(plan: AdapterPlan, resIds: readonly number[], share: AdapterShare | undefined): CompiledAdapter<LiftEnv>;
  lower(plan: AdapterPlan, resIds: readonly number[], share: AdapterShare | undefined): CompiledAdapter<LowerEnv>;
  /** Fused adapters between kumiki instances: generated (codegen/fuse.ts) or interpreted (interp/fuse.ts). */
  readonly fuse: FuseHooks;
  /** Each async lift's JS function, generated (codegen/async-entry.ts); interp links the shared one. */
  readonly asyncEntry?: AsyncEntryCompiler;
}
// The entry injects the backend and the run-time glue its generated code calls (codegen imports nothing of runtime/).
const codegen = new AdapterCodegen<LiftEnv, LowerEnv>(glue);
const tryFuse = fuser(codegenFused<CallerEnv, LiftedEnv>(glue, fuseGlue));
const CODEGEN: AdapterCompiler = { lift: (p, r, s) => codegen.lift(p, r, s), lower: (p, r, s) => codegen.lower(p, r, s), fuse: { register: registerLifted, tryFuse }, asyncEntry: codegenAsyncEntry };
/**
 * The adapter interpreter, loaded on demand: only hosts that bar eval (or `mode: 'interp'`) need it, so apps that
 * can use codegen do not ship it (a bundler splits the dynamic import into its own chunk).
 */
let INTERP: AdapterCompiler | undefined;
async function loadInterp(): Promise<AdapterCompiler> {
  if (INTERP === undefined) {
    const m = await import('../interp/index.js');
    INTERP ??= { lift: m.interpLift, lower: m.interpLower, fuse: { register: registerLifted, tryFuse: m.tryFuseInterp } };
  }
  return INTERP;
}
/**
 * The component-model async runtime (entries/async.ts), loaded on demand like the interpreter: only components that
 * use async (async ops, or stream/future/error-context values) load it, in its own lazy chunk.
 */
let ASYNC: AsyncBackend | undefined;
async function loadAsync(): Promise<AsyncBackend> {
  if (ASYNC === undefined) {
    const { asyncRuntime } = await import('./async.js');
    installAsyncHandles(asyncRuntime.liftAsyncHandle, asyncRuntime.lowerAsyncHandle);
    ASYNC ??= asyncRuntime;
  }
  return ASYNC;
}

/** Whether `options` (or the host) needs the interpreter. */
function wantsInterp(options: ComponentOptions): boolean {
  return options.mode === 'interp' || !canEval();
}

/** A validated, planned component, before its core modules are linked in (`Component.compile` overlaps the two). */
interface Planned {
  readonly mode: 'codegen' | 'interp';
  readonly desc: ReturnType<typeof buildProgram>['desc'];
  readonly adapters: readonly LinkAdapter[];
  readonly plans: readonly AdapterPlan[];
  readonly fuse: FuseHooks | undefined;
  readonly asyncEntry: AsyncEntryCompiler | undefined;
  /** Declared types of the core modules, by module index (for link checks of modules passed on). */
  readonly moduleTypes: ReturnType<typeof newBuildState>['moduleTypes'];
  /** Whether the component needs the async runtime (link/async-backend.ts). */
  readonly async: boolean;
}

/** Validates `tree`; its core modules are checked by compiling them (once: that is their validation). */
function validated(tree: ast.Component, options: ComponentOptions): ComponentView {
  return validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile }).view;
}

/** Plans the adapters of a validated component. */
function plan(tree: ast.Component, view: ComponentView, options: ComponentOptions): Planned {
  const mode = wantsInterp(options) ? 'interp' : 'codegen';
  if (mode === 'interp' && INTERP === undefined) {
    throw new UnsupportedError(`new Component: ${options.mode === 'interp' ? "mode 'interp' was asked for" : 'this host forbids new Function (CSP)'}, and the adapter interpreter is loaded on demand: use \`await Component.compile(bytes, options)\` (or \`await Component.loadInterpreter()\` once) before the synchronous constructor`);
  }
  // Build the description and each plan's adapter factory: the same linker runs transpiled (AOT) components.
  const state = newBuildState();
  const { desc } = buildProgram(tree, view, state);
  const compiler = mode === 'codegen' ? CODEGEN : INTERP!;
  const lazy = options.lazy ?? state.plans.length > EAGER_ADAPTERS[mode];
  // A lift's stub takes the function's arguments; a lower's, the core arguments the guest passes.
  const arities = state.plans.map((p) => (p.direction === 'lift' ? p.params.length : p.core.params.length));
  const stubs = lazy && mode === 'codegen' && arities.length <= GENERATED_STUBS ? generatedStubs(arities) : undefined;
  const share: AdapterShare | undefined = options.share === false ? undefined : newAdapterShare();
  const adapters = state.plans.map((p, i): LinkAdapter => {
    const resIds = state.resIds[i]!;
    const tag = { plan: p, resIds } satisfies FuseTag;
    const make = (): CompiledAdapter<LiftEnv | LowerEnv> => (p.direction === 'lift' ? compiler.lift(p, resIds, share) : compiler.lower(p, resIds, share)) as CompiledAdapter<LiftEnv | LowerEnv>;
    if (!lazy) return { create: make().create, tag };
    return { create: lazyAdapter(make, arities[i]!, stubs?.[i]), tag };
  });
  const async = usesAsync(desc, state.plans);
  return { mode, desc, adapters, plans: state.plans, fuse: options.fuse !== false ? compiler.fuse : undefined, asyncEntry: compiler.asyncEntry, moduleTypes: state.moduleTypes, async };
}

export class Component {
  /** The adapter mode actually used. */
  readonly mode: 'codegen' | 'interp';
  private readonly program: Program;
  /** @internal The adapter plans (`kumiki inspect --adapters` prints them). */
  readonly plans: readonly AdapterPlan[];

  /** Reads and compiles a component synchronously (core modules with `new WebAssembly.Module`). */
  constructor(bytes: Uint8Array, options: ComponentOptions = {}, /** @internal */ precompiled?: { planned: Planned; modules: WebAssembly.Module[] }) {
    let planned = precompiled?.planned;
    let modules = precompiled?.modules;
    if (planned === undefined || modules === undefined) {
      const tree = readComponent(bytes);
      const view = validated(tree, options);
      modules = compileCoreModules(tree);
      planned = plan(tree, view, options);
    }
    if (planned.async && ASYNC === undefined) throw noAsyncBackend('use `await Component.compile(bytes, options)` or `instantiate(...)`, or `await Component.loadAsync()` once before the synchronous constructor');
    this.mode = planned.mode;
    this.plans = planned.plans;
    // Their bytes were read: link checks of these modules passed to other components can compare types too.
    planned.moduleTypes.forEach((t, i) => { if (t !== undefined && modules[i] !== undefined) recordModuleType(modules[i]!, t); });
    this.program = link(planned.desc, {
      modules, adapters: planned.adapters, ...(planned.fuse !== undefined ? { fuse: planned.fuse } : {}),
      ...(planned.async && planned.asyncEntry !== undefined ? { asyncEntry: planned.asyncEntry } : {}),
      ...(options.maxLiftBytes !== undefined ? { maxLiftBytes: checkCap(options.maxLiftBytes) } : {}),
      ...(planned.async ? { async: options.compat !== undefined && checkCompat(options.compat, 'compat').length > 0 ? ASYNC!.withCompat!(options.compat) : ASYNC! } : {}),
    });
  }

  /**
   * Reads a component and compiles its core modules with `WebAssembly.compile`, on the engine's background threads
   * while this thread validates and plans the component. Each core module is compiled once, which is its validation.
   */
  static async compile(bytes: Uint8Array, options: ComponentOptions = {}): Promise<Component> {
    if (wantsInterp(options)) await loadInterp();
    // The engine starts on the core modules before the component is read (program/core-compile.ts).
    const early = compileCoreModulesEarly(bytes);
    let tree: ast.Component;
    try {
      tree = readComponent(bytes);
    } catch (e) {
      for (const c of early?.compiling ?? []) c.catch(() => undefined);
      throw e;
    }
    let compiling: Promise<WebAssembly.Module>[];
    if (early !== undefined && early.matches(tree)) {
      compiling = early.compiling;
    } else {
      for (const c of early?.compiling ?? []) c.catch(() => undefined);
      compiling = compileCoreModulesAsync(tree);
    }
    let planned: Planned;
    try {
      const view = validated(tree, options);
      try {
        planned = plan(tree, view, options);
      } catch (e) {
        // As without the overlap: a core module that does not compile is reported before a planning error.
        await Promise.all(compiling);
        throw e;
      }
    } catch (e) {
      // A validation error wins; compilations still running are dropped (no unhandled rejections).
      for (const c of compiling) c.catch(() => undefined);
      throw e;
    }
    // Loaded while the core modules compile: only async components wait for the async runtime.
    const [modules] = await Promise.all([Promise.all(compiling), planned.async ? loadAsync() : undefined]);
    return new Component(bytes, options, { planned, modules });
  }

  /**
   * Loads the adapter interpreter (used where eval is barred, or with `mode: 'interp'`), so that the synchronous
   * constructor can use it too; `Component.compile` and `instantiate` load it by themselves when needed.
   */
  static async loadInterpreter(): Promise<void> {
    await loadInterp();
  }

  /**
   * Loads the component-model async runtime, so that the synchronous constructor can compile components that use
   * async; `Component.compile` and `instantiate` load it by themselves when a component needs it.
   */
  static async loadAsync(): Promise<void> {
    await loadAsync();
  }

  /** Instantiates (synchronously); each call makes an independent instance. */
  instantiate(imports: Imports = {}): Instance {
    return { exports: instantiateProgram(this.program, imports).exports as Exports };
  }
}

/** One-shot convenience: compile and instantiate; resolves to the exports. */
export async function instantiate(bytes: Uint8Array, imports: Imports = {}, options: ComponentOptions = {}): Promise<Exports> {
  return awaitable((await Component.compile(bytes, options)).instantiate(imports).exports, 'instantiate');
}
