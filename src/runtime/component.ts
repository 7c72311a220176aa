// The public runtime (DESIGN.md §3): Component.compile / new Component / component.instantiate / instantiate.
import { readComponent } from '../binary/read.js';
import type * as ast from '../binary/ast.js';
import { compileLift, compileLower } from '../codegen/adapter.js';
import { interpLift, interpLower } from '../interp/adapter.js';
import { printPlan } from '../abi/plan-print.js';
import { validateComponent, type ComponentView } from '../validate/index.js';
import { registerLifted, tryFuse } from './fuse.js';
import { buildProgram, newInstanceCtx, type AdapterCompiler, type Program } from './program.js';

export interface ComponentOptions {
  /** `codegen` (default: specialised JS via `new Function`, falling back to `interp` where eval is barred) or `interp`. */
  readonly mode?: 'codegen' | 'interp';
  /** Feature gates for validation, as wasm-tools names them (e.g. `cm-async`). */
  readonly features?: readonly string[];
  /**
   * Fused adapters between kumiki instances (default true in codegen mode): an import satisfied by another
   * instance's lifted export copies memory to memory. `false` lifts to JS and lowers again.
   * @internal for tests and benchmarks; not part of the documented surface.
   */
  readonly fuse?: boolean;
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

const CODEGEN: AdapterCompiler = { lift: compileLift, lower: compileLower, fuse: { register: registerLifted, tryFuse } };
const CODEGEN_UNFUSED: AdapterCompiler = { lift: compileLift, lower: compileLower };
const INTERP: AdapterCompiler = { lift: interpLift, lower: interpLower };

/** Every core module, nested components' included, in pre-order (the order buildProgram consumes them). */
function coreModuleBytes(c: ast.Component, out: Uint8Array[] = []): Uint8Array[] {
  for (const s of c.sections) {
    if (s.kind === 'core-module') out.push(s.module.bytes);
    else if (s.kind === 'component') coreModuleBytes(s.component, out);
  }
  return out;
}

export class Component {
  /** The adapter mode actually used. */
  readonly mode: 'codegen' | 'interp';
  private readonly program: Program;

  /** Reads and compiles a component synchronously (core modules with `new WebAssembly.Module`). */
  constructor(bytes: Uint8Array, options: ComponentOptions = {}, /** @internal */ precompiled?: { ast: ast.Component; view: ComponentView; modules: WebAssembly.Module[] }) {
    const tree = precompiled?.ast ?? readComponent(bytes);
    const view = precompiled?.view ?? validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile }).view;
    const modules = precompiled?.modules ?? coreModuleBytes(tree).map((b) => new WebAssembly.Module(b as Uint8Array<ArrayBuffer>));
    this.mode = options.mode === 'interp' || !canEval() ? 'interp' : 'codegen';
    this.program = buildProgram(tree, view, { list: modules, next: 0 }, this.mode === 'codegen' ? (options.fuse === false ? CODEGEN_UNFUSED : CODEGEN) : INTERP);
  }

  /** Reads a component and compiles its core modules in parallel (`WebAssembly.compile`). */
  static async compile(bytes: Uint8Array, options: ComponentOptions = {}): Promise<Component> {
    const tree = readComponent(bytes);
    const { view } = validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile });
    const modules = await Promise.all(coreModuleBytes(tree).map((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
    return new Component(bytes, options, { ast: tree, view, modules });
  }

  /** Instantiates (synchronously); each call makes an independent instance. */
  instantiate(imports: Imports = {}): Instance {
    if (imports === null || typeof imports !== 'object') throw new TypeError(`instantiate(imports): expected an object of imports, got ${imports === null ? 'null' : typeof imports}`);
    const x = newInstanceCtx(imports);
    for (const step of this.program.steps) step(x);
    return { exports: x.exports as Exports };
  }

  /** The adapter plans, printed (`kumiki inspect --adapters`). */
  adapters(): string {
    return this.program.plans.map(printPlan).join('\n\n');
  }
}

/** One-shot convenience: compile and instantiate; resolves to the exports. */
export async function instantiate(bytes: Uint8Array, imports: Imports = {}, options: ComponentOptions = {}): Promise<Exports> {
  return (await Component.compile(bytes, options)).instantiate(imports).exports;
}
