// Compiles a component's definitions (in order) into a linear list of instantiation steps, so that every
// `instantiate` only runs closures over precompiled modules and adapters (Explainer.md "Index spaces").
import type * as ast from '../binary/ast.js';
import type { ExternType, FuncType, ResourceType } from '../types/index.js';
import { LinkError, Trap, UnsupportedError, ValidationError } from '../errors.js';
import { buildPlan, camelCase, type AdapterPlan, type PlanOptions } from '../abi/plan.js';
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../codegen/adapter.js';
import { MemView, type InstanceState, type ReallocFn } from './glue/index.js';
import type { ComponentView } from '../validate/index.js';
import {
  attachMember, hostResource, HandleTable, pascalCase, resourceDrop, resourceNew, resourceRep, RuntimeResource,
  setTypeExport, typesOf, type ResourceResolver,
} from './resources.js';

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
  /** The instance's handle table (CanonicalABI.md "Component Instance": one table per instance). */
  readonly table: HandleTable;
  /** Static resource types of this component's view → their runtime types in this instance. */
  readonly rt: Map<ResourceType, RuntimeResource>;
  /** The `core module` and `component` index spaces (imports and outer aliases make them per instance). */
  readonly modules: WebAssembly.Module[];
  readonly components: Program[];
}

/** A fresh instance context for `imports`. */
export function newInstanceCtx(imports: Record<string, unknown>): InstanceCtx {
  return {
    imports, coreInstances: [], coreFuncs: [], memories: [], tables: [], globals: [], tags: [], funcs: [], instances: [],
    exports: {}, st: { f: 0, b: 0 }, views: new Map(), table: new HandleTable(), rt: new Map(), modules: [], components: [],
  };
}

/** Resolves the plan's static resource types in instance `x`. */
function resolver(x: InstanceCtx): ResourceResolver {
  return (r) => {
    const rt = x.rt.get(r);
    if (rt === undefined) throw new LinkError(`resource type ${r.name || `#${r.id}`} is not bound in this instance`);
    return rt;
  };
}

/** `[constructor]r`, `[method]r.f`, `[static]r.f` (Explainer.md "Import and Export Definitions": annotated names). */
function resourceMemberName(name: string): { kind: 'constructor' | 'method' | 'static'; resource: string; member: string } | undefined {
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
  if (m === null) return undefined;
  return { kind: m[1] as 'constructor' | 'method' | 'static', resource: m[2]!, member: camelCase(m[3] ?? '') };
}

/** A class a host instance object provides for resource `name` (PascalCase key, as jco). */
function hostClass(obj: Record<string, unknown>, name: string): unknown {
  const c = obj[pascalCase(name)] ?? obj[name];
  return typeof c === 'function' ? c : undefined;
}

/** A host function for an annotated resource member, made from the host class (jco's conventions). */
function hostResourceMember(obj: Record<string, unknown>, name: string): unknown {
  const n = resourceMemberName(name);
  if (n === undefined) return undefined;
  const cls = hostClass(obj, n.resource) as (new (...a: unknown[]) => unknown) & Record<string, unknown> | undefined;
  const m = n.member;
  switch (n.kind) {
    case 'constructor': return cls === undefined ? undefined : (...a: unknown[]) => new cls(...a);
    case 'static': return cls === undefined || typeof cls[m] !== 'function' ? undefined : (...a: unknown[]) => (cls[m] as (...b: unknown[]) => unknown)(...a);
    case 'method': return (self: unknown, ...a: unknown[]) => {
      const f = self !== null && typeof self === 'object' ? (self as Record<string, unknown>)[m] : undefined;
      if (typeof f !== 'function') throw new TypeError(`${name}: the host object has no method '${m}'`);
      return (f as (...b: unknown[]) => unknown).apply(self, a);
    };
  }
}

/**
 * Binds the resource types of an instance (by its type's exports) to runtime types: the ones the runtime recorded
 * on objects it built, else host resources from the object's classes.
 */
function bindInstanceTypes(x: InstanceCtx, obj: Record<string, unknown>, exports: ReadonlyMap<string, ExternType>): void {
  const known = typesOf(obj);
  for (const [name, ext] of exports) {
    if (ext.kind === 'type' && ext.type.kind === 'resource') {
      if (x.rt.has(ext.type)) continue;
      x.rt.set(ext.type, known?.get(name) ?? hostResource(name, hostClass(obj, name)));
    } else if (ext.kind === 'instance') {
      const sub = member(obj, name);
      if (sub !== null && typeof sub === 'object') bindInstanceTypes(x, sub as Record<string, unknown>, ext.type.exports);
    }
  }
}

/** Adds a function to an instance object built by the runtime: annotated resource members go to the class. */
function putFunc(obj: Record<string, unknown>, name: string, keys: readonly string[], f: unknown): void {
  const n = resourceMemberName(name);
  if (n === undefined) {
    for (const k of keys) obj[k] = f;
    return;
  }
  // Kept under the raw name (hidden) for aliases and nested instances; JS sees it on the class.
  Object.defineProperty(obj, name, { value: f, enumerable: false, configurable: true, writable: true });
  const rt = typesOf(obj)?.get(n.resource);
  if (rt !== undefined) attachMember(rt, n.kind, n.member, f as (...a: never[]) => unknown);
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
  return hostResourceMember(imports, name);
}

/** A member of a host/JS instance object: camelCase first, then the WIT name. */
function member(obj: Record<string, unknown>, name: string): unknown {
  const cc = camelCase(name);
  const v = obj[cc];
  if (v !== undefined) return v;
  return obj[name] ?? hostResourceMember(obj, name);
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

/** What an enclosing component's definitions look like to outer aliases: its module and component spaces. */
interface Scope { readonly modules: (WebAssembly.Module | undefined)[]; readonly components: (Program | undefined)[] }

/** Builds the program for a component AST whose core modules are already compiled (in section order). */
export function buildProgram(c: ast.Component, view: ComponentView, modules: ModuleQueue, compiler: AdapterCompiler, outer: readonly Scope[] = []): Program {
  const steps: Step[] = [];
  /** Index in the `type` space (the validator's `view.types`), counted as definitions are walked. */
  let typeIdx = 0;
  const scope: Scope = { modules: [], components: [] };
  const scopes = [...outer, scope];
  const viewResource = (i: number): ResourceType | undefined => {
    const t = view.types[i];
    return t !== undefined && t.kind === 'resource' ? t : undefined;
  };
  const plans: AdapterPlan[] = [];
  const reexports = new Map<string, string>();
  /** Function index → the import it is (root function imports only). */
  const funcImportName = new Map<number, string>();
  const components = scope.components;
  const coreModules = scope.modules;
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
        steps.push((x) => { x.modules.push(mod); });
        break;
      }
      case 'component': {
        const subView = view.nested[components.length];
        if (subView === undefined) throw new ValidationError('nested component was not validated', sec.offset);
        const sub = buildProgram(sec.component, subView, modules, compiler, scopes);
        components.push(sub);
        plans.push(...sub.plans);
        counts.components++;
        steps.push((x) => { x.components.push(sub); });
        break;
      }
      case 'core-instance':
        for (const it of sec.items) {
          if (it.kind === 'instantiate') {
            if (it.module >= counts.modules) throw new ValidationError(`unknown core module ${it.module}`, it.offset);
            for (const a of it.args) needCore('coreInstances', a.instance, a.offset);
            const mi = it.module;
            const args = it.args.map((a) => [a.name, a.instance] as const);
            steps.push((x) => {
              const mod = x.modules[mi]!;
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
              const exports = viewInstance(a.offset);
              instanceTypes.push({ exports, name: full });
              steps.push((x) => {
                const v = member(x.instances[instance]!, name);
                if (v === null || typeof v !== 'object') throw new LinkError(`import ${full}: expected an object`);
                bindInstanceTypes(x, v as Record<string, unknown>, exports);
                x.instances.push(v as Record<string, unknown>);
              });
            } else if (a.sort === 'type') {
              // A resource type exported by the instance is bound to its runtime type here.
              const r = viewResource(typeIdx++);
              if (r !== undefined) {
                steps.push((x) => {
                  if (x.rt.has(r)) return;
                  const obj = x.instances[instance]!;
                  x.rt.set(r, typesOf(obj)?.get(name) ?? hostResource(name, hostClass(obj, name)));
                });
              }
            } else if (a.sort === 'core-module' || a.sort === 'component') {
              const space = a.sort === 'core-module' ? 'modules' : 'components';
              if (a.sort === 'core-module') counts.modules++; else { counts.components++; components.push(undefined); }
              if (a.sort === 'core-module') coreModules.push(undefined);
              steps.push((x) => {
                const v = member(x.instances[instance]!, name);
                if (v === undefined) throw new LinkError(`instance ${instance} has no export '${name}'`);
                (x[space] as unknown[]).push(v);
              });
            } else throw new UnsupportedError(`unsupported: alias of ${a.sort} '${name}'`);
          } else {
            // Explainer.md "Alias Definitions": outer aliases reach an enclosing component's definitions.
            if (a.sort === 'type') typeIdx++;
            else if (a.sort === 'core-type') { /* core types carry no run-time behaviour */ }
            else if (a.sort === 'core-module' || a.sort === 'component') {
              const target = scopes[scopes.length - 1 - a.count];
              const item = target === undefined ? undefined : a.sort === 'core-module' ? target.modules[a.index] : target.components[a.index];
              if (item === undefined) throw new UnsupportedError(`unsupported: outer alias of an imported ${a.sort} (${a.count} levels out, index ${a.index})`);
              if (a.sort === 'core-module') { coreModules.push(item as WebAssembly.Module); counts.modules++; steps.push((x) => { x.modules.push(item as WebAssembly.Module); }); }
              else { components.push(item as Program); counts.components++; steps.push((x) => { x.components.push(item as Program); }); }
            } else throw new UnsupportedError(`unsupported: outer alias of ${a.sort}`);
          }
        }
        break;
      case 'type':
        for (const t of sec.items) {
          const r = viewResource(typeIdx++);
          if (t.kind !== 'resource' || r === undefined) continue;
          // Explainer.md "Resource types": a fresh runtime type per instance, implemented by this instance.
          const dtor = t.dtor;
          if (dtor !== undefined) needCore('coreFuncs', dtor, t.offset);
          steps.push((x) => {
            x.rt.set(r, new RuntimeResource(r.name || 'resource', x.st, dtor === undefined ? undefined : x.coreFuncs[dtor] as (rep: never) => unknown));
          });
        }
        break;
      case 'canon':
        for (const cn of sec.items) compileCanon(cn);
        break;
      case 'instance':
        for (const it of sec.items) {
          if (it.kind === 'instantiate') { instantiateNested(it); continue; }
          const exports = viewInstance(it.offset);
          const types: [string, ResourceType][] = [];
          const items = it.exports.map((e) => {
            if (e.sort === 'func') needFunc(e.index, e.offset);
            else if (e.sort === 'instance') needInstance(e.index, e.offset);
            else if (e.sort === 'type') {
              const r = viewResource(e.index);
              if (r !== undefined) types.push([e.name.name, r]);
              return undefined;
            } else throw new UnsupportedError(`unsupported: ${e.sort} in an instance`);
            return [e.name.name, e.sort, e.index] as const;
          }).filter((v) => v !== undefined);
          instanceMembers.set(instanceTypes.length, items.filter((t) => t[1] === 'func').map((t) => [t[0], t[2]]));
          instanceTypes.push({ exports, name: `instance ${instanceTypes.length}` });
          steps.push((x) => {
            const o: Record<string, unknown> = {};
            for (const [n, r] of types) { const rt = x.rt.get(r); if (rt !== undefined) setTypeExport(o, n, rt); }
            for (const [n, sort, i] of items) {
              if (sort === 'func') putFunc(o, n, [camelCase(n)], x.funcs[i]);
              else o[camelCase(n)] = x.instances[i];
            }
            bindInstanceTypes(x, o, exports);
            x.instances.push(o);
          });
        }
        break;
      case 'start': {
        // Explainer.md "Start Definitions": without value arguments/results (🪙-gated), a call at this point.
        const st = sec.start;
        if (st.args.length > 0 || st.results > 0) throw new UnsupportedError('unsupported: component start function with values');
        needFunc(st.func, sec.offset);
        const fi = st.func;
        steps.push((x) => { (x.funcs[fi] as () => unknown)(); });
        break;
      }
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
                bindInstanceTypes(x, v as Record<string, unknown>, exports);
                x.instances.push(v as Record<string, unknown>);
              });
              break;
            }
            case 'type': {
              // A resource type import: a runtime type passed by an enclosing component, or a host class.
              const r = viewResource(typeIdx++);
              if (r !== undefined && im.desc.bounds.kind === 'sub-resource') {
                steps.push((x) => {
                  const v = lookupImport(x.imports, name);
                  x.rt.set(r, v instanceof RuntimeResource ? v : hostResource(name, typeof v === 'function' ? v : hostClass(x.imports, name)));
                });
              }
              break;
            }
            case 'core-module': case 'component': {
              const space = im.desc.kind === 'core-module' ? 'modules' : 'components';
              if (space === 'modules') { coreModules.push(undefined); counts.modules++; } else { components.push(undefined); counts.components++; }
              steps.push((x) => {
                const v = lookupImport(x.imports, name);
                if (space === 'modules' ? !(v instanceof WebAssembly.Module) : v === undefined) throw new LinkError(`import ${name}: expected a ${space === 'modules' ? 'WebAssembly.Module' : 'component'}`);
                (x[space] as unknown[]).push(v);
              });
              break;
            }
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
              putFunc(x.exports, name, keys, v);
            });
          } else if (ex.sort === 'instance') {
            needInstance(ex.index, ex.offset);
            const exports = viewInstance(ex.offset);
            instanceTypes.push({ exports, name });
            for (const [fn, fi] of instanceMembers.get(ex.index) ?? []) if (!funcNames.has(fi)) funcNames.set(fi, `${name}#${fn}`);
            const i = ex.index;
            steps.push((x) => {
              const v = x.instances[i]!;
              bindInstanceTypes(x, v, exports);
              x.instances.push(v);
              for (const k of keys) x.exports[k] = v;
            });
          } else if (ex.sort === 'type') {
            // An exported resource type: its runtime type (and class) is part of the instance's exports.
            const r = viewResource(ex.index);
            const created = viewResource(typeIdx++);
            if (r !== undefined) {
              steps.push((x) => {
                const rt = x.rt.get(r);
                if (rt === undefined) throw new LinkError(`export ${name}: resource type is not bound`);
                if (created !== undefined && !x.rt.has(created)) x.rt.set(created, rt);
                setTypeExport(x.exports, name, rt);
              });
            }
          }
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
    if (it.component >= counts.components) throw new ValidationError(`unknown component ${it.component}`, it.offset);
    const known = components[it.component];
    const ci = it.component;
    type Arg = readonly [string, 'funcs' | 'instances' | 'modules' | 'components', number] | readonly [string, 'type', ResourceType];
    const args: Arg[] = [];
    for (const a of it.args) {
      if (a.sort === 'func') { needFunc(a.index, a.offset); args.push([a.name, 'funcs', a.index]); }
      else if (a.sort === 'instance') { needInstance(a.index, a.offset); args.push([a.name, 'instances', a.index]); }
      else if (a.sort === 'core-module') args.push([a.name, 'modules', a.index]);
      else if (a.sort === 'component') args.push([a.name, 'components', a.index]);
      else if (a.sort === 'type') {
        // Explainer.md "Instance Definitions": a resource type argument satisfies the nested type import.
        const r = viewResource(a.index);
        if (r !== undefined) args.push([a.name, 'type', r]);
      } else throw new UnsupportedError(`unsupported: passing a ${a.sort} to a nested component ('${a.name}')`);
    }
    // Functions passed in and re-exported keep their public name (wit-component's shim components do this).
    const members: [string, number][] = [];
    for (const [exportName, importName] of known?.reexports ?? []) {
      const arg = args.find((a) => a[0] === importName);
      if (arg !== undefined && arg[1] === 'funcs') members.push([exportName, arg[2]]);
    }
    instanceMembers.set(instanceTypes.length, members);
    const exports = viewInstance(it.offset);
    instanceTypes.push({ exports, name: `instance ${instanceTypes.length}` });
    steps.push((x) => {
      const imports: Record<string, unknown> = {};
      for (const a of args) imports[a[0]] = a[1] === 'type' ? resolver(x)(a[2]) : x[a[1]][a[2]];
      const sub = x.components[ci];
      if (sub === undefined) throw new LinkError(`component ${ci} is not available`);
      const y = newInstanceCtx(imports);
      for (const step of sub.steps) step(y);
      bindInstanceTypes(x, y.exports, exports);
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
          st: x.st, t: x.table, res: resolver(x),
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
          st: x.st, t: x.table, res: resolver(x),
        }));
      });
      counts.coreFuncs++;
    } else if (cn.kind === 'resource.new' || cn.kind === 'resource.rep' || cn.kind === 'resource.drop') {
      // CanonicalABI.md canon resource.new / resource.rep / resource.drop: core functions over this instance's table.
      const r = viewResource(cn.resource);
      if (r === undefined) throw new ValidationError(`type ${cn.resource} is not a resource type`, cn.offset);
      const kind = cn.kind;
      steps.push((x) => {
        const rt = resolver(x)(r);
        const t = x.table;
        const st = x.st;
        x.coreFuncs.push(kind === 'resource.new' ? (rep: number) => resourceNew(t, rt, rep)
          : kind === 'resource.rep' ? (i: number) => resourceRep(t, rt, i)
          : (i: number) => { resourceDrop(t, st, rt, i); });
      });
      counts.coreFuncs++;
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
