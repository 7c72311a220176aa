// Links a program description (runtime/program-desc.ts) with compiled core modules and adapter factories into the
// steps `instantiate` runs: closures over precompiled data, so an instantiation only walks them (Explainer.md
// "Index spaces", "Instance Definitions"). Shared by the JIT (`Component`) and ahead-of-time transpiled modules.
import { LinkError, Trap } from '../errors.js';
import { leaveFail, MemView, type InstanceState, type ReallocFn } from './glue/index.js';
import {
  hostResource, HandleTable, resourceDrop, resourceNew, resourceRep, RuntimeResource, setTypeExport, typesOf, type ResourceResolver,
} from './resources.js';
import { bindInstanceTypes, hostClass, lookupImport, member, putFunc } from './linking.js';
import type { AdapterFn, FuseHooks, LiftEnv, LiftedEnv, LinkAdapter, LowerEnv } from './adapter-env.js';
import type { Op, ProgramDesc } from './program-desc.js';

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
  /** The program's resource types (by their small integer id) → their runtime types in this instance. */
  readonly rt: (RuntimeResource | undefined)[];
  /** `rt` as the adapters read it (one closure per instance, shared by all its adapters). */
  readonly res: ResourceResolver;
  /** The `core module` and `component` index spaces (imports and outer aliases make them per instance). */
  readonly modules: WebAssembly.Module[];
  readonly components: ComponentClosure[];
  /** The instance whose definitions a component's outer aliases reach (where the component was defined). */
  readonly parent: InstanceCtx | undefined;
}

export type Step = (x: InstanceCtx) => void;

/** A linked component: the steps of one instantiation. */
export interface Program { readonly steps: readonly Step[] }

/** A component value: its program and the instance it was defined in (outer aliases read from there). */
export interface ComponentClosure { readonly program: Program; readonly outer: InstanceCtx | undefined }

/** What a program description is linked with. */
export interface LinkInputs {
  /** Compiled core modules, in pre-order (nested components' modules in place). */
  readonly modules: readonly WebAssembly.Module[];
  /** Adapter factories by adapter index. */
  readonly adapters: readonly LinkAdapter[];
  /** Fused adapters between instances (JIT only). */
  readonly fuse?: FuseHooks;
}

/** A fresh instance context for `imports`. */
export function newInstanceCtx(imports: Record<string, unknown>, parent?: InstanceCtx, instantiator?: InstanceState): InstanceCtx {
  const rt: (RuntimeResource | undefined)[] = [];
  return {
    imports, coreInstances: [], coreFuncs: [], memories: [], tables: [], globals: [], tags: [], funcs: [], instances: [],
    exports: {}, st: { f: 0, b: 0, d: 0, l: 0, p: instantiator }, views: [], table: new HandleTable(), rt, res: resolver(rt),
    modules: [], components: [], parent,
  };
}

/** Runs a linked program against `imports`; resolves to the instance context (its `exports`). */
export function instantiateProgram(program: Program, imports: Record<string, unknown>): InstanceCtx {
  const x = newInstanceCtx(imports);
  for (const step of program.steps) step(x);
  return x;
}

function isClosure(v: unknown): v is ComponentClosure {
  return v !== null && typeof v === 'object' && 'program' in v && 'outer' in v;
}

/** Resolves a plan's resource types (by id) in an instance. */
function resolver(rts: readonly (RuntimeResource | undefined)[]): ResourceResolver {
  return (r) => {
    const rt = rts[r];
    if (rt === undefined) throw new LinkError(`resource type #${r} is not bound in this instance`);
    return rt;
  };
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

function addFunc(x: InstanceCtx, f: unknown, name: string): void {
  if (typeof f !== 'function') throw new LinkError(`import ${name}: expected a function, got ${f === undefined ? 'nothing' : typeof f}`);
  x.funcs.push(f as AdapterFn);
}

/** Links a program description: one step per definition. */
export function link(desc: ProgramDesc, inputs: LinkInputs): Program {
  return { steps: desc.ops.map((op) => stepOf(op, inputs)) };
}

function stepOf(op: Op, L: LinkInputs): Step {
  switch (op.op) {
    case 'module': {
      const mod = L.modules[op.m];
      if (mod === undefined) throw new LinkError(`core module ${op.m} was not compiled`);
      return (x) => { x.modules.push(mod); };
    }
    case 'component': {
      const sub = link(op.program, L);
      return (x) => { x.components.push({ program: sub, outer: x }); };
    }
    case 'core-instantiate': {
      const { module: mi, args } = op;
      return (x) => {
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
      };
    }
    case 'core-inline': {
      const items = op.items;
      return (x) => {
        const o: Record<string, unknown> = {};
        for (const [n, space, i] of items) o[n] = x[space][i];
        x.coreInstances.push(o);
      };
    }
    case 'core-alias': {
      const { instance, name, space } = op;
      return (x) => {
        const v = x.coreInstances[instance]![name];
        if (v === undefined) throw new LinkError(`core instance ${instance} has no export '${name}'`);
        (x[space] as unknown[]).push(v);
      };
    }
    case 'func-import': {
      const name = op.name;
      return (x) => addFunc(x, lookupImport(x.imports, name), name);
    }
    case 'func-alias': {
      const { instance, name, full } = op;
      return (x) => addFunc(x, member(x.instances[instance]!, name), full);
    }
    case 'instance-alias': {
      const { instance, name, full, bind } = op;
      return (x) => {
        const v = member(x.instances[instance]!, name);
        if (v === null || typeof v !== 'object') throw new LinkError(`import ${full}: expected an object`);
        if (bind !== undefined) bindInstanceTypes(x.rt, v as Record<string, unknown>, bind);
        x.instances.push(v as Record<string, unknown>);
      };
    }
    case 'type-alias': {
      // A resource type exported by the instance is bound to its runtime type here.
      const { r, instance, name } = op;
      return (x) => {
        if (x.rt[r] !== undefined) return;
        const obj = x.instances[instance]!;
        x.rt[r] = typesOf(obj)?.get(name) ?? hostResource(name, hostClass(obj, name));
      };
    }
    case 'value-alias': {
      const { space, instance, name } = op;
      return (x) => {
        const v = member(x.instances[instance]!, name);
        if (v === undefined) throw new LinkError(`instance ${instance} has no export '${name}'`);
        (x[space] as unknown[]).push(v);
      };
    }
    case 'outer-alias': {
      // Explainer.md "Alias Definitions": read from the instance the component was defined in.
      const { space, count, index } = op;
      return (x) => {
        let o: InstanceCtx | undefined = x;
        for (let i = 0; i < count && o !== undefined; i++) o = o.parent;
        const v = o?.[space][index];
        if (v === undefined) throw new LinkError(`outer alias of ${space === 'modules' ? 'core-module' : 'component'} ${index} (${count} levels out) is not available`);
        (x[space] as unknown[]).push(v);
      };
    }
    case 'resource': {
      // Explainer.md "Resource types": a fresh runtime type per instance, implemented by this instance.
      const { r, name, dtor } = op;
      return (x) => {
        x.rt[r] = new RuntimeResource(name, x.st, dtor === undefined ? undefined : x.coreFuncs[dtor] as (rep: never) => unknown);
      };
    }
    case 'lift': {
      const { core, memory, realloc, postReturn } = op;
      const adapter = L.adapters[op.a]!;
      const tag = adapter.tag;
      const fuse = L.fuse;
      return (x) => {
        const env: LiftedEnv = {
          core: x.coreFuncs[core] as LiftEnv['core'],
          m: viewOf(x, memory === undefined ? undefined : x.memories[memory]),
          ra: realloc === undefined ? undefined : x.coreFuncs[realloc] as ReallocFn,
          pr: postReturn === undefined ? undefined : x.coreFuncs[postReturn] as LiftEnv['pr'],
          st: x.st, t: x.table, res: x.res, tag, fn: undefined,
        };
        const fn = adapter.create(env);
        if (fuse !== undefined) fuse.register(fn, env);
        x.funcs.push(fn);
      };
    }
    case 'lower': {
      const { func: fi, memory, realloc } = op;
      const adapter = L.adapters[op.a]!;
      const tag = adapter.tag;
      const fuse = L.fuse;
      return (x) => {
        const caller = {
          m: viewOf(x, memory === undefined ? undefined : x.memories[memory]),
          ra: realloc === undefined ? undefined : x.coreFuncs[realloc] as ReallocFn,
          st: x.st, t: x.table, res: x.res,
        };
        const callee = x.funcs[fi];
        // A lifted export of another kumiki instance: copy memory to memory (runtime/fuse.ts, JIT only).
        const fused = fuse === undefined ? undefined : fuse.tryFuse(tag, callee, caller);
        x.coreFuncs.push(fused ?? adapter.create({ ...caller, callee: callee as LowerEnv['callee'] }));
      };
    }
    case 'resource.new': case 'resource.rep': case 'resource.drop': {
      // CanonicalABI.md canon resource.new / resource.rep / resource.drop: core functions over this instance's table.
      const { r, op: kind } = op;
      return (x) => {
        const rt = x.res(r);
        const t = x.table;
        const st = x.st;
        const name = `${kind} ${rt.name}`;
        x.coreFuncs.push(kind === 'resource.new' ? (rep: number) => { if (st.l !== 0) leaveFail(name); return resourceNew(t, rt, rep); }
          : kind === 'resource.rep' ? (i: number) => resourceRep(t, rt, i)
          : (i: number) => { if (st.l !== 0) leaveFail(name); resourceDrop(t, st, rt, i); });
      };
    }
    case 'instance': {
      const { types, items, bind } = op;
      const keys = items.map((it) => [it[3]]);
      return (x) => {
        const o: Record<string, unknown> = {};
        for (const [n, r] of types) { const rt = x.rt[r]; if (rt !== undefined) setTypeExport(o, n, rt); }
        for (let j = 0; j < items.length; j++) {
          const [n, sort, i, key, m] = items[j]!;
          if (sort === 'func') putFunc(o, n, keys[j]!, x.funcs[i], m);
          else if (sort === 'instance') o[key] = x.instances[i];
          else o[n] = sort === 'core-module' ? x.modules[i] : x.components[i];
        }
        if (bind !== undefined) bindInstanceTypes(x.rt, o, bind);
        x.instances.push(o);
      };
    }
    case 'instantiate': {
      // Explainer.md "Instance Definitions": instantiate a nested component with named arguments.
      const { component: ci, args, bind } = op;
      return (x) => {
        const imports: Record<string, unknown> = {};
        for (const a of args) imports[a[0]] = a[1] === 'type' ? x.res(a[2]) : x[a[1]][a[2]];
        const sub = x.components[ci];
        if (sub === undefined) throw new LinkError(`component ${ci} is not available`);
        const y = newInstanceCtx(imports, sub.outer, x.st);
        for (const step of sub.program.steps) step(y);
        if (bind !== undefined) bindInstanceTypes(x.rt, y.exports, bind);
        x.instances.push(y.exports);
      };
    }
    case 'start': {
      const fi = op.func;
      return (x) => { (x.funcs[fi] as () => unknown)(); };
    }
    case 'import-instance': {
      const { name, typesOnly, bind } = op;
      return (x) => {
        let v = lookupImport(x.imports, name);
        // An interface of types only needs no host object.
        if (v === undefined && typesOnly) v = {};
        if (v === null || typeof v !== 'object') throw new LinkError(`missing import '${name}': expected an object of functions`);
        if (bind !== undefined) bindInstanceTypes(x.rt, v as Record<string, unknown>, bind);
        x.instances.push(v as Record<string, unknown>);
      };
    }
    case 'import-type': {
      // A resource type import: a runtime type passed by an enclosing component, or a host class.
      const { r, name } = op;
      return (x) => {
        const v = lookupImport(x.imports, name);
        x.rt[r] = v instanceof RuntimeResource ? v : hostResource(name, typeof v === 'function' ? v : hostClass(x.imports, name));
      };
    }
    case 'import-value': {
      const { space, name } = op;
      return (x) => {
        const v = lookupImport(x.imports, name);
        if (space === 'modules' ? !(v instanceof WebAssembly.Module) : !isClosure(v)) throw new LinkError(`import ${name}: expected a ${space === 'modules' ? 'WebAssembly.Module' : 'component'}`);
        (x[space] as unknown[]).push(v);
      };
    }
    case 'export-func': {
      const { func: i, name, keys, member: m } = op;
      return (x) => {
        const v = x.funcs[i]!;
        x.funcs.push(v);
        putFunc(x.exports, name, keys, v, m);
      };
    }
    case 'export-instance': {
      const { instance: i, keys, bind } = op;
      return (x) => {
        const v = x.instances[i]!;
        if (bind !== undefined) bindInstanceTypes(x.rt, v, bind);
        x.instances.push(v);
        for (const k of keys) x.exports[k] = v;
      };
    }
    case 'export-type': {
      // An exported resource type: its runtime type (and class) is part of the instance's exports.
      const { r, created, name } = op;
      return (x) => {
        const rt = x.rt[r];
        if (rt === undefined) throw new LinkError(`export ${name}: resource type is not bound`);
        if (created !== undefined && x.rt[created] === undefined) x.rt[created] = rt;
        setTypeExport(x.exports, name, rt);
      };
    }
    case 'export-value': {
      // Modules and components are values too: exported into their index space and the exports object.
      const { space, index: i, name } = op;
      return (x) => {
        const v = x[space][i]!;
        (x[space] as unknown[]).push(v);
        x.exports[name] = v;
      };
    }
  }
}
