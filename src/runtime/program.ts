// Compiles a component's definitions (in order) into a linear list of instantiation steps, so that every
// `instantiate` only runs closures over precompiled modules and adapters (Explainer.md "Index spaces").
import type * as ast from '../binary/ast.js';
import type { ExternType, FuncType } from '../types/index.js';
import { LinkError, Trap, UnsupportedError, ValidationError } from '../errors.js';
import { buildPlan, camelCase, type AdapterPlan, type PlanOptions } from '../abi/plan.js';
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../codegen/adapter.js';
import { MemView, type InstanceState, type ReallocFn } from './glue/index.js';
import type { ComponentView } from '../validate/index.js';

/** Per-instantiation state the steps fill in, index space by index space. */
export interface InstanceCtx {
  readonly imports: Record<string, unknown>;
  readonly coreInstances: Record<string, unknown>[];
  readonly coreFuncs: unknown[];
  readonly memories: unknown[];
  readonly tables: unknown[];
  readonly globals: unknown[];
  readonly tags: unknown[];
  readonly funcs: AdapterFn[];
  readonly instances: Record<string, unknown>[];
  readonly exports: Record<string, unknown>;
  readonly st: InstanceState;
  readonly views: Map<unknown, MemView>;
}

export type Step = (x: InstanceCtx) => void;

/** Makes adapters from plans (codegen or interp). */
export interface AdapterCompiler {
  lift(plan: AdapterPlan): CompiledAdapter<LiftEnv>;
  lower(plan: AdapterPlan): CompiledAdapter<LowerEnv>;
}

/** A compiled component: its steps and every adapter plan (for `inspect --adapters`). */
export interface Program {
  readonly steps: readonly Step[];
  readonly plans: readonly AdapterPlan[];
  /** Exported functions that are the component's own function imports re-exported: export name → import name. */
  readonly reexports: ReadonlyMap<string, string>;
}

/** Compiled core modules in pre-order (nested components' modules in place), consumed as sections are walked. */
export interface ModuleQueue { readonly list: readonly WebAssembly.Module[]; next: number }

const CORE_SORT_SPACE = { func: 'coreFuncs', 'func-exact': 'coreFuncs', memory: 'memories', table: 'tables', global: 'globals', tag: 'tags' } as const;
type CoreSpace = (typeof CORE_SORT_SPACE)[keyof typeof CORE_SORT_SPACE];

interface PendingLift { readonly index: number; readonly type: FuncType; readonly options: PlanOptions; adapter?: CompiledAdapter<LiftEnv> }

/** Host lookup: an interface name with or without its `@version`. */
function lookupImport(imports: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(imports, name)) return imports[name];
  const unversioned = name.replace(/@[^/@]*$/, '');
  if (unversioned !== name && Object.prototype.hasOwnProperty.call(imports, unversioned)) return imports[unversioned];
  const cc = camelCase(name);
  if (Object.prototype.hasOwnProperty.call(imports, cc)) return imports[cc];
  return undefined;
}

/** A member of a host/JS instance object: camelCase first, then the WIT name. */
function member(obj: Record<string, unknown>, name: string): unknown {
  const cc = camelCase(name);
  const v = obj[cc];
  return v !== undefined ? v : obj[name];
}

/** Keys an export is reachable under: interfaces by full name, unversioned name and short name. */
export function exportKeys(name: string): string[] {
  const keys = new Set<string>();
  if (/[:/]/.test(name)) {
    keys.add(name);
    const unversioned = name.replace(/@[^/@]*$/, '');
    keys.add(unversioned);
    const short = unversioned.slice(unversioned.lastIndexOf('/') + 1);
    keys.add(camelCase(short));
  } else keys.add(camelCase(name));
  return [...keys];
}

interface CanonOpts { encoding: StringEncoding; memory?: number; realloc?: number; postReturn?: number }

function canonOpts(opts: readonly ast.CanonOpt[], where: string): CanonOpts {
  const o: CanonOpts = { encoding: 'utf8' };
  for (const x of opts) {
    switch (x.kind) {
      case 'utf8': case 'utf16': case 'latin1+utf16': o.encoding = x.kind; break;
      case 'memory': o.memory = x.index; break;
      case 'realloc': o.realloc = x.index; break;
      case 'post-return': o.postReturn = x.index; break;
      default: throw new UnsupportedError(`unsupported: canonical option '${x.kind}' on ${where}`);
    }
  }
  return o;
}

function planOptions(o: CanonOpts): PlanOptions {
  return { encoding: o.encoding, memory: o.memory !== undefined, realloc: o.realloc !== undefined, postReturn: o.postReturn !== undefined };
}

function viewOf(x: InstanceCtx, mem: unknown): MemView {
  let v = x.views.get(mem);
  if (v === undefined) {
    v = new MemView(mem as WebAssembly.Memory | undefined);
    x.views.set(mem, v);
  }
  return v;
}

/** Builds the program for a component AST whose core modules are already compiled (in section order). */
export function buildProgram(c: ast.Component, view: ComponentView, modules: ModuleQueue, compiler: AdapterCompiler): Program {
  const steps: Step[] = [];
  const plans: AdapterPlan[] = [];
  const reexports = new Map<string, string>();
  /** Function index → the import it is (root function imports only). */
  const funcImportName = new Map<number, string>();
  const components: Program[] = [];
  const coreModules: WebAssembly.Module[] = [];
  /** Static knowledge per component func / instance index. */
  const funcTypes: { type: FuncType; name: string }[] = [];
  const instanceTypes: { exports: ReadonlyMap<string, ExternType>; name: string }[] = [];
  const counts = { coreInstances: 0, coreFuncs: 0, memories: 0, tables: 0, globals: 0, tags: 0, modules: 0, components: 0 };
  const pendingLifts: PendingLift[] = [];
  /** Public names of functions (from exports), for adapter names and messages. */
  const funcNames = new Map<number, string>();
  /** Function members of inline instances: instance index → [member name, func index]. */
  const instanceMembers = new Map<number, [string, number][]>();

  const needCore = (space: CoreSpace | 'coreInstances', i: number, offset: number): void => {
    if (i >= counts[space]) throw new ValidationError(`unknown core ${space.replace(/s$/, '')} ${i}`, offset);
  };
  /** The validator's type of the next function / instance index (resolved index spaces, validate/index.ts). */
  const viewFunc = (offset: number): FuncType => {
    const t = view.funcs[funcTypes.length];
    if (t === undefined) throw new ValidationError(`unknown function ${funcTypes.length}`, offset);
    return t;
  };
  const viewInstance = (offset: number): ReadonlyMap<string, ExternType> => {
    const t = view.instances[instanceTypes.length];
    if (t === undefined) throw new ValidationError(`unknown instance ${instanceTypes.length}`, offset);
    return t.exports;
  };
  const needFunc = (i: number, offset: number) => {
    const f = funcTypes[i];
    if (f === undefined) throw new ValidationError(`unknown function ${i}`, offset);
    return f;
  };
  const needInstance = (i: number, offset: number) => {
    const t = instanceTypes[i];
    if (t === undefined) throw new ValidationError(`unknown instance ${i}`, offset);
    return t;
  };

  const addFuncImport = (name: string, type: FuncType, get: (x: InstanceCtx) => unknown): void => {
    funcTypes.push({ type, name });
    steps.push((x) => {
      const f = get(x);
      if (typeof f !== 'function') throw new LinkError(`import ${name}: expected a function, got ${f === undefined ? 'nothing' : typeof f}`);
      x.funcs.push(f as AdapterFn);
    });
  };

  for (const sec of c.sections) {
    switch (sec.kind) {
      case 'custom': case 'core-type': break;
      case 'core-module': {
        const mod = modules.list[modules.next++];
        if (mod === undefined) throw new ValidationError('core module was not compiled', sec.offset);
        coreModules.push(mod);
        counts.modules++;
        break;
      }
      case 'component': {
        const subView = view.nested[components.length];
        if (subView === undefined) throw new ValidationError('nested component was not validated', sec.offset);
        const sub = buildProgram(sec.component, subView, modules, compiler);
        components.push(sub);
        plans.push(...sub.plans);
        counts.components++;
        break;
      }
      case 'core-instance':
        for (const it of sec.items) {
          if (it.kind === 'instantiate') {
            if (it.module >= counts.modules) throw new ValidationError(`unknown core module ${it.module}`, it.offset);
            for (const a of it.args) needCore('coreInstances', a.instance, a.offset);
            const mod = coreModules[it.module]!;
            const args = it.args.map((a) => [a.name, a.instance] as const);
            steps.push((x) => {
              const imports: Record<string, Record<string, unknown>> = {};
              for (const [n, i] of args) imports[n] = x.coreInstances[i]!;
              let inst: WebAssembly.Instance;
              try {
                inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
              } catch (e) {
                if (e instanceof WebAssembly.LinkError || e instanceof TypeError) throw new LinkError(`core instance ${x.coreInstances.length}: ${(e as Error).message}`);
                // A trap in a core start function fails the instantiation.
                if (e instanceof WebAssembly.RuntimeError && !(e instanceof Trap)) throw new Trap(`core instance ${x.coreInstances.length} (start function): ${e.message}`, { cause: e });
                throw e;
              }
              x.coreInstances.push(inst.exports as Record<string, unknown>);
            });
          } else {
            const items = it.exports.map((e) => {
              const space = CORE_SORT_SPACE[e.sort];
              needCore(space, e.index, e.offset);
              return [e.name, space, e.index] as const;
            });
            steps.push((x) => {
              const o: Record<string, unknown> = {};
              for (const [n, space, i] of items) o[n] = x[space][i];
              x.coreInstances.push(o);
            });
          }
          counts.coreInstances++;
        }
        break;
      case 'alias':
        for (const a of sec.items) {
          if (a.kind === 'core-instance-export') {
            needCore('coreInstances', a.instance, a.offset);
            const space = CORE_SORT_SPACE[a.sort];
            const { instance, name } = a;
            steps.push((x) => {
              const v = x.coreInstances[instance]![name];
              if (v === undefined) throw new LinkError(`core instance ${instance} has no export '${name}'`);
              (x[space] as unknown[]).push(v);
            });
            counts[space]++;
          } else if (a.kind === 'instance-export') {
            const inst = needInstance(a.instance, a.offset);
            const et = inst.exports.get(a.name);
            if (et === undefined) throw new ValidationError(`instance ${a.instance} has no export '${a.name}'`, a.offset);
            const { instance, name } = a;
            const full = `${inst.name}#${name}`;
            if (a.sort === 'func') {
              if (et.kind !== 'func') throw new ValidationError(`export '${name}' of instance ${instance} is not a function`, a.offset);
              addFuncImport(full, viewFunc(a.offset), (x) => member(x.instances[instance]!, name));
            } else if (a.sort === 'instance') {
              if (et.kind !== 'instance') throw new ValidationError(`export '${name}' of instance ${instance} is not an instance`, a.offset);
              instanceTypes.push({ exports: viewInstance(a.offset), name: full });
              steps.push((x) => {
                const v = member(x.instances[instance]!, name);
                if (v === null || typeof v !== 'object') throw new LinkError(`import ${full}: expected an object`);
                x.instances.push(v as Record<string, unknown>);
              });
            } else if (a.sort === 'type') {
              // Types carry no run-time behaviour; the validator resolved them.
            } else throw new UnsupportedError(`unsupported: alias of ${a.sort} '${name}'`);
          } else {
            if (a.sort === 'type' || a.sort === 'core-type') { /* types carry no run-time behaviour */ }
            else throw new UnsupportedError(`unsupported: outer alias of ${a.sort} (nested components)`);
          }
        }
        break;
      case 'type': break;
      case 'canon':
        for (const cn of sec.items) compileCanon(cn);
        break;
      case 'instance':
        for (const it of sec.items) {
          if (it.kind === 'instantiate') { instantiateNested(it); continue; }
          const exports = viewInstance(it.offset);
          const items = it.exports.map((e) => {
            if (e.sort === 'func') needFunc(e.index, e.offset);
            else if (e.sort === 'instance') needInstance(e.index, e.offset);
            else if (e.sort === 'type') return undefined;
            else throw new UnsupportedError(`unsupported: ${e.sort} in an instance`);
            return [camelCase(e.name.name), e.sort, e.index] as const;
          }).filter((v) => v !== undefined);
          instanceMembers.set(instanceTypes.length, items.filter((t) => t[1] === 'func').map((t) => [it.exports.find((e) => camelCase(e.name.name) === t[0])!.name.name, t[2]]));
          instanceTypes.push({ exports, name: `instance ${instanceTypes.length}` });
          steps.push((x) => {
            const o: Record<string, unknown> = {};
            for (const [n, sort, i] of items) o[n] = sort === 'func' ? x.funcs[i] : x.instances[i];
            x.instances.push(o);
          });
        }
        break;
      case 'start': throw new UnsupportedError('unsupported: component start function');
      case 'import':
        for (const im of sec.items) {
          const name = im.name.name;
          switch (im.desc.kind) {
            case 'func': funcImportName.set(funcTypes.length, name); addFuncImport(name, viewFunc(im.offset), (x) => lookupImport(x.imports, name)); break;
            case 'instance': {
              const exports = viewInstance(im.offset);
              instanceTypes.push({ exports, name });
              /** An interface of types only needs no host object. */
              const typesOnly = [...exports.values()].every((e) => e.kind === 'type');
              steps.push((x) => {
                let v = lookupImport(x.imports, name);
                if (v === undefined && typesOnly) v = {};
                if (v === null || typeof v !== 'object') throw new LinkError(`missing import '${name}': expected an object of functions`);
                x.instances.push(v as Record<string, unknown>);
              });
              break;
            }
            case 'type': break;
            default: throw new UnsupportedError(`unsupported: import of a ${im.desc.kind} ('${name}')`);
          }
        }
        break;
      case 'export':
        for (const ex of sec.items) {
          const name = ex.name.name;
          const keys = exportKeys(name);
          if (ex.sort === 'func') {
            needFunc(ex.index, ex.offset);
            funcTypes.push({ type: viewFunc(ex.offset), name });
            if (!funcNames.has(ex.index)) funcNames.set(ex.index, name);
            const imported = funcImportName.get(ex.index);
            if (imported !== undefined) reexports.set(name, imported);
            const i = ex.index;
            steps.push((x) => {
              const v = x.funcs[i]!;
              x.funcs.push(v);
              for (const k of keys) x.exports[k] = v;
            });
          } else if (ex.sort === 'instance') {
            needInstance(ex.index, ex.offset);
            instanceTypes.push({ exports: viewInstance(ex.offset), name });
            for (const [fn, fi] of instanceMembers.get(ex.index) ?? []) if (!funcNames.has(fi)) funcNames.set(fi, `${name}#${fn}`);
            const i = ex.index;
            steps.push((x) => {
              const v = x.instances[i]!;
              x.instances.push(v);
              for (const k of keys) x.exports[k] = v;
            });
          } else if (ex.sort === 'type') { /* types carry no run-time behaviour */ }
          else throw new UnsupportedError(`unsupported: export of a ${ex.sort} ('${name}')`);
        }
        break;
      default: throw new UnsupportedError(`unsupported: section id ${sec.id}`);
    }
  }
  // Lift adapters are compiled last, once exports have told us each function's public name.
  for (const p of pendingLifts) {
    const plan = buildPlan(funcNames.get(p.index) ?? `func ${p.index}`, p.type, p.options, 'lift');
    plans.push(plan);
    p.adapter = compiler.lift(plan);
  }
  return { steps, plans, reexports };

  // Explainer.md "Instance Definitions": instantiate a nested component with named arguments.
  function instantiateNested(it: ast.ComponentInstantiate): void {
    const sub = components[it.component];
    if (sub === undefined) throw new ValidationError(`unknown component ${it.component}`, it.offset);
    const args = it.args.map((a) => {
      if (a.sort === 'func') { needFunc(a.index, a.offset); return [a.name, 'funcs', a.index] as const; }
      if (a.sort === 'instance') { needInstance(a.index, a.offset); return [a.name, 'instances', a.index] as const; }
      if (a.sort === 'type') return undefined;
      throw new UnsupportedError(`unsupported: passing a ${a.sort} to a nested component ('${a.name}')`);
    }).filter((a) => a !== undefined);
    // Functions passed in and re-exported keep their public name (wit-component's shim components do this).
    const members: [string, number][] = [];
    for (const [exportName, importName] of sub.reexports) {
      const arg = args.find((a) => a[0] === importName);
      if (arg !== undefined && arg[1] === 'funcs') members.push([exportName, arg[2]]);
    }
    instanceMembers.set(instanceTypes.length, members);
    instanceTypes.push({ exports: viewInstance(it.offset), name: `instance ${instanceTypes.length}` });
    steps.push((x) => {
      const imports: Record<string, unknown> = {};
      for (const [n, space, i] of args) imports[n] = x[space][i];
      const y: InstanceCtx = {
        imports, coreInstances: [], coreFuncs: [], memories: [], tables: [], globals: [], tags: [], funcs: [], instances: [],
        exports: {}, st: { f: 0 }, views: new Map(),
      };
      for (const step of sub.steps) step(y);
      x.instances.push(y.exports);
    });
  }

  function compileCanon(cn: ast.Canon): void {
    if (cn.kind === 'lift') {
      needCore('coreFuncs', cn.coreFunc, cn.offset);
      const type = viewFunc(cn.offset);
      const index = funcTypes.length;
      const o = canonOpts(cn.options, `func ${index}`);
      checkCoreRefs(o, cn.offset);
      const pending: PendingLift = { index, type, options: planOptions(o) };
      pendingLifts.push(pending);
      funcTypes.push({ type, name: `func ${index}` });
      const core = cn.coreFunc;
      steps.push((x) => {
        x.funcs.push(pending.adapter!.create({
          core: x.coreFuncs[core] as LiftEnv['core'],
          m: viewOf(x, o.memory === undefined ? undefined : x.memories[o.memory]),
          ra: o.realloc === undefined ? undefined : x.coreFuncs[o.realloc] as ReallocFn,
          pr: o.postReturn === undefined ? undefined : x.coreFuncs[o.postReturn] as LiftEnv['pr'],
          st: x.st,
        }));
      });
    } else if (cn.kind === 'lower') {
      const f = needFunc(cn.func, cn.offset);
      const o = canonOpts(cn.options, f.name);
      checkCoreRefs(o, cn.offset);
      const plan = buildPlan(f.name, f.type, planOptions(o), 'lower');
      plans.push(plan);
      const adapter = compiler.lower(plan);
      const fi = cn.func;
      steps.push((x) => {
        x.coreFuncs.push(adapter.create({
          callee: x.funcs[fi] as LowerEnv['callee'],
          m: viewOf(x, o.memory === undefined ? undefined : x.memories[o.memory]),
          ra: o.realloc === undefined ? undefined : x.coreFuncs[o.realloc] as ReallocFn,
        }));
      });
      counts.coreFuncs++;
    } else if (cn.kind.startsWith('resource.')) {
      throw new UnsupportedError(`unsupported: ${cn.kind} (resources)`);
    } else {
      throw new UnsupportedError(`unsupported: ${cn.kind}`);
    }
  }

  function checkCoreRefs(o: CanonOpts, offset: number): void {
    if (o.memory !== undefined) needCore('memories', o.memory, offset);
    if (o.realloc !== undefined) needCore('coreFuncs', o.realloc, offset);
    if (o.postReturn !== undefined) needCore('coreFuncs', o.postReturn, offset);
  }
}
