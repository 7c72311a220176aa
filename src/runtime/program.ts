// Compiles a component's definitions (in order) into a linear list of instantiation steps, so that every
// `instantiate` only runs closures over precompiled modules and adapters (Explainer.md "Index spaces").
import type * as ast from '../binary/ast.js';
import type { ExternType, FuncType, ResourceType } from '../types/index.js';
import { LinkError, Trap, UnsupportedError, ValidationError } from '../errors.js';
import { buildPlan, camelCase, type AdapterPlan, type PlanOptions } from '../abi/plan.js';
import type { StringEncoding } from '../abi/context.js';
import type { AdapterFn, CompiledAdapter, LiftEnv, LowerEnv } from '../codegen/adapter.js';
import { leaveFail, MemView, type InstanceState, type ReallocFn } from './glue/index.js';
import type { ComponentView } from '../validate/index.js';
import {
  hostResource, HandleTable, resourceDrop, resourceNew, resourceRep, RuntimeResource, setTypeExport, typesOf,
  type ResourceResolver,
} from './resources.js';
import { bindInstanceTypes, exportKeys, hasResourceTypes, hostClass, lookupImport, member, putFunc, resourceMemberName } from './linking.js';
import type { LiftedEnv, registerLifted, tryFuse } from './fuse.js';

export { exportKeys };

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
  /** One view per memory the instance's adapters use (few: a linear search beats a Map made per instance). */
  readonly views: MemView[];
  /** The instance's handle table (CanonicalABI.md "Component Instance": one table per instance). */
  readonly table: HandleTable;
  /** Static resource types of this component's view → their runtime types in this instance. */
  readonly rt: Map<ResourceType, RuntimeResource>;
  /** `rt` as the adapters read it (one closure per instance, shared by all its adapters). */
  readonly res: ResourceResolver;
  /** The `core module` and `component` index spaces (imports and outer aliases make them per instance). */
  readonly modules: WebAssembly.Module[];
  readonly components: ComponentClosure[];
  /** The instance whose definitions a component's outer aliases reach (where the component was defined). */
  readonly parent: InstanceCtx | undefined;
}

/** A component value: its program and the instance it was defined in (outer aliases read from there). */
export interface ComponentClosure { readonly program: Program; readonly outer: InstanceCtx | undefined }

/** A fresh instance context for `imports`. */
export function newInstanceCtx(imports: Record<string, unknown>, parent?: InstanceCtx, instantiator?: InstanceState): InstanceCtx {
  const rt = new Map<ResourceType, RuntimeResource>();
  return {
    imports, coreInstances: [], coreFuncs: [], memories: [], tables: [], globals: [], tags: [], funcs: [], instances: [],
    exports: {}, st: { f: 0, b: 0, d: 0, l: 0, p: instantiator }, views: [], table: new HandleTable(), rt, res: resolver(rt),
    modules: [], components: [], parent,
  };
}

function isClosure(v: unknown): v is ComponentClosure {
  return v !== null && typeof v === 'object' && 'program' in v && 'outer' in v;
}

/** Resolves the plan's static resource types in an instance (its `rt` map). */
function resolver(rts: ReadonlyMap<ResourceType, RuntimeResource>): ResourceResolver {
  return (r) => {
    const rt = rts.get(r);
    if (rt === undefined) throw new LinkError(`resource type ${r.name || `#${r.id}`} is not bound in this instance`);
    return rt;
  };
}

export type Step = (x: InstanceCtx) => void;

/** Makes adapters from plans (codegen or interp). */
export interface AdapterCompiler {
  lift(plan: AdapterPlan): CompiledAdapter<LiftEnv>;
  lower(plan: AdapterPlan): CompiledAdapter<LowerEnv>;
  /** Fused adapters (runtime/fuse.ts): absent in interp mode or when disabled, so imports cross through JS. */
  readonly fuse?: { register: typeof registerLifted; tryFuse: typeof tryFuse };
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

interface PendingLift { readonly index: number; readonly type: FuncType; readonly options: PlanOptions; adapter?: CompiledAdapter<LiftEnv>; plan?: AdapterPlan }

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

/** Adapters without a `memory` option never read or write through their view: they all share this empty one. */
const NO_MEMORY = new MemView(undefined);

function viewOf(x: InstanceCtx, mem: unknown): MemView {
  if (mem === undefined) return NO_MEMORY;
  for (const v of x.views) if (v.mem === mem) return v;
  const v = new MemView(mem as WebAssembly.Memory);
  x.views.push(v);
  return v;
}

/** Builds the program for a component AST whose core modules are already compiled (in section order). */
export function buildProgram(c: ast.Component, view: ComponentView, modules: ModuleQueue, compiler: AdapterCompiler): Program {
  const steps: Step[] = [];
  /** Index in the `type` space (the validator's `view.types`), counted as definitions are walked. */
  let typeIdx = 0;
  /** Nested component sections seen (their views are `view.nested[i]`). */
  let nestedSections = 0;
  const viewResource = (i: number): ResourceType | undefined => {
    const t = view.types[i];
    return t !== undefined && t.kind === 'resource' ? t : undefined;
  };
  const plans: AdapterPlan[] = [];
  const reexports = new Map<string, string>();
  /** Function index → the import it is (root function imports only). */
  const funcImportName = new Map<number, string>();
  /** Component programs known statically (defined here), for re-export names; undefined for imported ones. */
  const components: (Program | undefined)[] = [];
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
        counts.modules++;
        steps.push((x) => { x.modules.push(mod); });
        break;
      }
      case 'component': {
        const subView = view.nested[nestedSections++];
        if (subView === undefined) throw new ValidationError('nested component was not validated', sec.offset);
        const sub = buildProgram(sec.component, subView, modules, compiler);
        components.push(sub);
        plans.push(...sub.plans);
        counts.components++;
        steps.push((x) => { x.components.push({ program: sub, outer: x }); });
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
              const bind = hasResourceTypes(exports);
              steps.push((x) => {
                const v = member(x.instances[instance]!, name);
                if (v === null || typeof v !== 'object') throw new LinkError(`import ${full}: expected an object`);
                if (bind) bindInstanceTypes(x.rt, v as Record<string, unknown>, exports);
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
              // Read from the instance the component was defined in (components close over it).
              const { count, index } = a;
              const space = a.sort === 'core-module' ? 'modules' : 'components';
              if (space === 'modules') counts.modules++; else { counts.components++; components.push(undefined); }
              steps.push((x) => {
                let o: InstanceCtx | undefined = x;
                for (let i = 0; i < count && o !== undefined; i++) o = o.parent;
                const v = o?.[space][index];
                if (v === undefined) throw new LinkError(`outer alias of ${a.sort} ${index} (${count} levels out) is not available`);
                (x[space] as unknown[]).push(v);
              });
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
            } else if (e.sort === 'core-module') { if (e.index >= counts.modules) throw new ValidationError(`unknown module ${e.index}`, e.offset); }
            else if (e.sort === 'component') { if (e.index >= counts.components) throw new ValidationError(`unknown component ${e.index}`, e.offset); }
            else throw new UnsupportedError(`unsupported: ${e.sort} in an instance`);
            return [e.name.name, e.sort, e.index] as const;
          }).filter((v) => v !== undefined);
          instanceMembers.set(instanceTypes.length, items.filter((t) => t[1] === 'func').map((t) => [t[0], t[2]]));
          // Names are parsed once here, not per instance.
          const funcKeys = items.map(([n]) => [camelCase(n)]);
          const memberNames = items.map(([n, sort]) => (sort === 'func' ? resourceMemberName(n) : undefined));
          const bind = hasResourceTypes(exports);
          instanceTypes.push({ exports, name: `instance ${instanceTypes.length}` });
          steps.push((x) => {
            const o: Record<string, unknown> = {};
            for (const [n, r] of types) { const rt = x.rt.get(r); if (rt !== undefined) setTypeExport(o, n, rt); }
            for (let j = 0; j < items.length; j++) {
              const [n, sort, i] = items[j]!;
              if (sort === 'func') putFunc(o, n, funcKeys[j]!, x.funcs[i], memberNames[j]);
              else if (sort === 'instance') o[funcKeys[j]![0]!] = x.instances[i];
              else o[n] = sort === 'core-module' ? x.modules[i] : x.components[i];
            }
            if (bind) bindInstanceTypes(x.rt, o, exports);
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
              const bind = hasResourceTypes(exports);
              steps.push((x) => {
                let v = lookupImport(x.imports, name);
                if (v === undefined && typesOnly) v = {};
                if (v === null || typeof v !== 'object') throw new LinkError(`missing import '${name}': expected an object of functions`);
                if (bind) bindInstanceTypes(x.rt, v as Record<string, unknown>, exports);
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
              if (space === 'modules') counts.modules++; else { components.push(undefined); counts.components++; }
              steps.push((x) => {
                const v = lookupImport(x.imports, name);
                if (space === 'modules' ? !(v instanceof WebAssembly.Module) : !isClosure(v)) throw new LinkError(`import ${name}: expected a ${space === 'modules' ? 'WebAssembly.Module' : 'component'}`);
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
            const memberName = resourceMemberName(name);
            steps.push((x) => {
              const v = x.funcs[i]!;
              x.funcs.push(v);
              putFunc(x.exports, name, keys, v, memberName);
            });
          } else if (ex.sort === 'instance') {
            needInstance(ex.index, ex.offset);
            const exports = viewInstance(ex.offset);
            instanceTypes.push({ exports, name });
            for (const [fn, fi] of instanceMembers.get(ex.index) ?? []) if (!funcNames.has(fi)) funcNames.set(fi, `${name}#${fn}`);
            const i = ex.index;
            const bind = hasResourceTypes(exports);
            steps.push((x) => {
              const v = x.instances[i]!;
              if (bind) bindInstanceTypes(x.rt, v, exports);
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
          else if (ex.sort === 'core-module' || ex.sort === 'component') {
            // Modules and components are values too: exported into their index space and the exports object.
            const space = ex.sort === 'core-module' ? 'modules' : 'components';
            if (ex.index >= counts[space]) throw new ValidationError(`unknown ${ex.sort} ${ex.index}`, ex.offset);
            counts[space]++;
            if (space === 'components') components.push(components[ex.index]);
            const i = ex.index;
            steps.push((x) => {
              const v = x[space][i]!;
              (x[space] as unknown[]).push(v);
              x.exports[name] = v;
            });
          } else throw new UnsupportedError(`unsupported: export of a ${ex.sort} ('${name}')`);
        }
        break;
      default: throw new UnsupportedError(`unsupported: section id ${sec.id}`);
    }
  }
  // Lift adapters are compiled last, once exports have told us each function's public name.
  for (const p of pendingLifts) {
    const plan = buildPlan(funcNames.get(p.index) ?? `func ${p.index}`, p.type, p.options, 'lift');
    plans.push(plan);
    p.plan = plan;
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
    const bind = hasResourceTypes(exports);
    steps.push((x) => {
      const imports: Record<string, unknown> = {};
      for (const a of args) imports[a[0]] = a[1] === 'type' ? x.res(a[2]) : x[a[1]][a[2]];
      const sub = x.components[ci];
      if (sub === undefined) throw new LinkError(`component ${ci} is not available`);
      const y = newInstanceCtx(imports, sub.outer, x.st);
      for (const step of sub.program.steps) step(y);
      if (bind) bindInstanceTypes(x.rt, y.exports, exports);
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
      const fuse = compiler.fuse;
      steps.push((x) => {
        const env: LiftedEnv = {
          plan: pending.plan!,
          core: x.coreFuncs[core] as LiftEnv['core'],
          m: viewOf(x, o.memory === undefined ? undefined : x.memories[o.memory]),
          ra: o.realloc === undefined ? undefined : x.coreFuncs[o.realloc] as ReallocFn,
          pr: o.postReturn === undefined ? undefined : x.coreFuncs[o.postReturn] as LiftEnv['pr'],
          st: x.st, t: x.table, res: x.res, fn: undefined,
        };
        const fn = pending.adapter!.create(env);
        if (fuse !== undefined) fuse.register(fn, env);
        x.funcs.push(fn);
      });
    } else if (cn.kind === 'lower') {
      const f = needFunc(cn.func, cn.offset);
      const o = canonOpts(cn.options, f.name);
      checkCoreRefs(o, cn.offset);
      const plan = buildPlan(f.name, f.type, planOptions(o), 'lower');
      plans.push(plan);
      const adapter = compiler.lower(plan);
      const fi = cn.func;
      const fuse = compiler.fuse;
      steps.push((x) => {
        const caller = {
          m: viewOf(x, o.memory === undefined ? undefined : x.memories[o.memory]),
          ra: o.realloc === undefined ? undefined : x.coreFuncs[o.realloc] as ReallocFn,
          st: x.st, t: x.table, res: x.res,
        };
        const callee = x.funcs[fi];
        // A lifted export of another kumiki instance: copy memory to memory (runtime/fuse.ts).
        const fused = fuse === undefined ? undefined : fuse.tryFuse(plan, callee, caller);
        x.coreFuncs.push(fused ?? adapter.create({ ...caller, callee: callee as LowerEnv['callee'] }));
      });
      counts.coreFuncs++;
    } else if (cn.kind === 'resource.new' || cn.kind === 'resource.rep' || cn.kind === 'resource.drop') {
      // CanonicalABI.md canon resource.new / resource.rep / resource.drop: core functions over this instance's table.
      const r = viewResource(cn.resource);
      if (r === undefined) throw new ValidationError(`type ${cn.resource} is not a resource type`, cn.offset);
      const kind = cn.kind;
      steps.push((x) => {
        const rt = x.res(r);
        const t = x.table;
        const st = x.st;
        const name = `${kind} ${rt.name}`;
        x.coreFuncs.push(kind === 'resource.new' ? (rep: number) => { if (st.l !== 0) leaveFail(name); return resourceNew(t, rt, rep); }
          : kind === 'resource.rep' ? (i: number) => resourceRep(t, rt, i)
          : (i: number) => { if (st.l !== 0) leaveFail(name); resourceDrop(t, st, rt, i); });
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
