// The public runtime (DESIGN.md §3): Component.compile / new Component / component.instantiate / instantiate.
import { readComponent } from '../binary/read.js';
import type * as ast from '../binary/ast.js';
import { compileLift, compileLower } from '../codegen/adapter.js';
import type { AdapterPlan } from '../abi/plan.js';
import { validateComponent, type ComponentView } from '../validate/index.js';
import { UnsupportedError } from '../errors.js';
import { registerLifted, tryFuse, type FuseTag } from './fuse.js';
import { buildProgram, coreModuleBytes, newBuildState } from './program.js';
import { awaitable, checkCap, instantiateProgram, link, type Program } from './link.js';
import { recordModuleType } from './link-module.js';
import type { CompiledAdapter, FuseHooks, LiftEnv, LinkAdapter, LowerEnv } from './adapter-env.js';

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
   * The most bytes of guest memory one call may lift into JS values (strings and lists, counted per adapter call):
   * past it the call traps instead of exhausting the heap. Default 256 MiB (`DEFAULT_MAX_LIFT_BYTES`).
   */
  readonly maxLiftBytes?: number;
}

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
  lift(plan: AdapterPlan, resIds: readonly number[]): CompiledAdapter<LiftEnv>;
  lower(plan: AdapterPlan, resIds: readonly number[]): CompiledAdapter<LowerEnv>;
  /** Fused adapters between kumiki instances: generated (runtime/fuse.ts) or interpreted (runtime/fuse-interp.ts). */
  readonly fuse: FuseHooks;
}
const CODEGEN: AdapterCompiler = { lift: compileLift, lower: compileLower, fuse: { register: registerLifted, tryFuse } };
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
/** Whether `options` (or the host) needs the interpreter. */
function wantsInterp(options: ComponentOptions): boolean {
  return options.mode === 'interp' || !canEval();
}

export class Component {
  /** The adapter mode actually used. */
  readonly mode: 'codegen' | 'interp';
  private readonly program: Program;
  /** @internal The adapter plans (`kumiki inspect --adapters` prints them). */
  readonly plans: readonly AdapterPlan[];

  /** Reads and compiles a component synchronously (core modules with `new WebAssembly.Module`). */
  constructor(bytes: Uint8Array, options: ComponentOptions = {}, /** @internal */ precompiled?: { ast: ast.Component; view: ComponentView; modules: WebAssembly.Module[] }) {
    const tree = precompiled?.ast ?? readComponent(bytes);
    const view = precompiled?.view ?? validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile }).view;
    const modules = precompiled?.modules ?? coreModuleBytes(tree).map((b) => new WebAssembly.Module(b as Uint8Array<ArrayBuffer>));
    this.mode = wantsInterp(options) ? 'interp' : 'codegen';
    if (this.mode === 'interp' && INTERP === undefined) {
      throw new UnsupportedError(`new Component: ${options.mode === 'interp' ? "mode 'interp' was asked for" : 'this host forbids new Function (CSP)'}, and the adapter interpreter is loaded on demand: use \`await Component.compile(bytes, options)\` (or \`await Component.loadInterpreter()\` once) before the synchronous constructor`);
    }
    // Build the description, make each plan's adapter, link: the same linker runs transpiled (AOT) components.
    const state = newBuildState();
    const { desc } = buildProgram(tree, view, state);
    // Their bytes were read: link checks of these modules passed to other components can compare types too.
    state.moduleTypes.forEach((t, i) => { if (t !== undefined && modules[i] !== undefined) recordModuleType(modules[i]!, t); });
    const compiler = this.mode === 'codegen' ? CODEGEN : INTERP!;
    const adapters = state.plans.map((plan, i): LinkAdapter => {
      const resIds = state.resIds[i]!;
      const made = plan.direction === 'lift' ? compiler.lift(plan, resIds) : compiler.lower(plan, resIds);
      return { create: made.create as LinkAdapter['create'], tag: { plan, resIds } satisfies FuseTag };
    });
    this.plans = state.plans;
    this.program = link(desc, { modules, adapters, ...(options.fuse !== false ? { fuse: compiler.fuse } : {}), ...(options.maxLiftBytes !== undefined ? { maxLiftBytes: checkCap(options.maxLiftBytes) } : {}) });
  }

  /** Reads a component and compiles its core modules in parallel (`WebAssembly.compile`). */
  static async compile(bytes: Uint8Array, options: ComponentOptions = {}): Promise<Component> {
    if (wantsInterp(options)) await loadInterp();
    const tree = readComponent(bytes);
    const { view } = validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile });
    const modules = await Promise.all(coreModuleBytes(tree).map((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
    return new Component(bytes, options, { ast: tree, view, modules });
  }

  /**
   * Loads the adapter interpreter (used where eval is barred, or with `mode: 'interp'`), so that the synchronous
   * constructor can use it too; `Component.compile` and `instantiate` load it by themselves when needed.
   */
  static async loadInterpreter(): Promise<void> {
    await loadInterp();
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
