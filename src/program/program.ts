// Builds a component's program description (program/desc.ts) from its AST and the validator's view: the
// definitions in order (Explainer.md "Index spaces"), checked, with every adapter plan (abi/plan.ts) collected and
// static resource types numbered. link/link.ts turns it into instantiation steps; `kumiki transpile` writes it out.
import type * as ast from '../binary/ast.js';
import type { CoreExternType, CoreFuncType, CoreModuleType, ExternType, FuncType, ResourceType } from '../types/index.js';
import { UnsupportedError, ValidationError } from '../errors.js';
import { asyncKey, buildPlan, camelCase, type AdapterPlan, type PlanOptions } from '../abi/plan.js';
import type { StringEncoding } from '../abi/context.js';
import type { ComponentView, Definition, ResolvedType } from '../validate/index.js';
import { exportKeys, resourceMemberName } from '../abi/names.js';
import { coreSig } from '../abi/core-sig.js';
import type { BindDesc, CoreRefs, ExternTypeDesc, InstanceItem, InstantiateArg, ModuleDesc, Op, ProgramDesc } from './desc.js';
import type { BuiltinDesc } from '../abi/async-builtin.js';
import type { ValType } from '../types/index.js';
import { alignment, elemSize } from '../abi/layout.js';

/** The async built-ins the runtime implements (runtime/async/builtins.ts); the rest stay unsupported. */
const ASYNC_BUILTINS = new Set<string>([
  'backpressure.inc', 'backpressure.dec', 'context.get', 'context.set', 'task.cancel', 'thread.yield', 'subtask.drop', 'subtask.cancel',
  'waitable-set.new', 'waitable-set.wait', 'waitable-set.poll', 'waitable-set.drop', 'waitable.join',
  'stream.new', 'stream.read', 'stream.write', 'stream.cancel-read', 'stream.cancel-write', 'stream.drop-readable', 'stream.drop-writable',
  'future.new', 'future.read', 'future.write', 'future.cancel-read', 'future.cancel-write', 'future.drop-readable', 'future.drop-writable',
  'error-context.new', 'error-context.debug-message', 'error-context.drop',
  // cm-threading (runtime/async/threads.ts): threads that suspend need JSPI.
  'thread.index', 'thread.new-indirect', 'thread.resume-later', 'thread.suspend', 'thread.suspend-then-resume', 'thread.yield-then-resume',
  'thread.suspend-then-promote', 'thread.yield-then-promote',
]);

/** The value types directly inside `t` (its fields, cases, payloads, element); none for the other kinds. */
function childTypes(t: ValType): readonly ValType[] {
  switch (t.kind) {
    case 'record': return t.fields.map((f) => f.type);
    case 'tuple': return t.types;
    case 'variant': return t.cases.flatMap((c) => (c.type === undefined ? [] : [c.type]));
    case 'option': return [t.type];
    case 'list': return [t.element];
    case 'result': return [...(t.ok === undefined ? [] : [t.ok]), ...(t.err === undefined ? [] : [t.err])];
    default: return [];
  }
}

/** Whether `t` or a type inside it is of one of `kinds`; a map counts as holding anything (its entries are not walked). */
function holdsKind(t: ValType, kinds: ReadonlySet<string>): boolean {
  return kinds.has(t.kind) || t.kind === 'map' || childTypes(t).some((c) => holdsKind(c, kinds));
}

/** Lifting a value of these kinds takes something out of the caller's table (an own handle, a stream, future or error-context end). */
const MOVES_OUT: ReadonlySet<string> = new Set(['own', 'stream', 'future', 'error-context']);
/** A stream or future (an async lift's JS caller then hears of a failure of its JS source). */
const STREAM_OR_FUTURE: ReadonlySet<string> = new Set(['stream', 'future']);
/** A `borrow` handle (an async lift's arguments then need a borrow scope). */
const BORROW: ReadonlySet<string> = new Set(['borrow']);
/** Kinds whose bytes are not their value in another instance (pointers, handles): an element holding none is copied memory to memory. */
const NOT_PLAIN: ReadonlySet<string> = new Set(['string', 'list', 'own', 'borrow', 'stream', 'future', 'error-context']);

export { exportKeys };

/** What a whole component tree's build collects: adapter plans (in `inspect --adapters` order) and core modules. */
export interface BuildState {
  /** Adapter plans by adapter index. */
  readonly plans: AdapterPlan[];
  /** Per adapter, the program-local ids of `plan.resources` (how its adapter resolves them per instance). */
  readonly resIds: (readonly number[])[];
  /** Core modules seen so far (pre-order). */
  modules: number;
  /** Their types (pre-order), for link checks of modules passed to other components (link/link-module.ts). */
  readonly moduleTypes: (ModuleDesc | undefined)[];
}

/** A built component: its description and (for components nesting it) which exports re-export its imports. */
export interface Built {
  readonly desc: ProgramDesc;
  /** Exported functions that are the component's own function imports re-exported: export name → import name. */
  readonly reexports: ReadonlyMap<string, string>;
}

const CORE_SORT_SPACE = { func: 'coreFuncs', 'func-exact': 'coreFuncs', memory: 'memories', table: 'tables', global: 'globals', tag: 'tags' } as const;

interface CanonOpts extends CoreRefs { encoding: StringEncoding; async?: boolean; callback?: number }

/** Element types whose JS form is a typed array (runtime/async/host-streams.ts): their elements cross as bytes. */
const NUMBER_KINDS: ReadonlySet<string> = new Set(['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64']);

function canonOpts(opts: readonly ast.CanonOpt[], where: string): CanonOpts {
  let encoding: StringEncoding = 'utf8';
  let memory: number | undefined, realloc: number | undefined, postReturn: number | undefined, callback: number | undefined;
  let isAsync = false;
  for (const x of opts) {
    switch (x.kind) {
      case 'utf8': case 'utf16': case 'latin1+utf16': encoding = x.kind; break;
      case 'memory': memory = x.index; break;
      case 'realloc': realloc = x.index; break;
      case 'post-return': postReturn = x.index; break;
      case 'async': isAsync = true; break;
      case 'callback': callback = x.index; break;
      default: throw new UnsupportedError(`unsupported: canonical option '${x.kind}' on ${where}`);
    }
  }
  return { encoding, ...(memory !== undefined ? { memory } : {}), ...(realloc !== undefined ? { realloc } : {}), ...(postReturn !== undefined ? { postReturn } : {}), ...(isAsync ? { async: true } : {}), ...(callback !== undefined ? { callback } : {}) };
}

function coreRefs(o: CanonOpts): CoreRefs {
  const { encoding: _e, async: _a, callback: _c, ...refs } = o;
  return refs;
}

function planOptions(o: CanonOpts, memories: ComponentView['core']['memories']): PlanOptions {
  const addr = o.memory !== undefined && memories[o.memory]?.memory64 === true ? { addrType: 'i64' as const } : {};
  return { encoding: o.encoding, memory: o.memory !== undefined, realloc: o.realloc !== undefined, postReturn: o.postReturn !== undefined, ...addr };
}

/** JS API names of core extern kinds (`WebAssembly.Module.imports/exports`). */
const JS_KIND = { func: 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag' } as const;

/** A core extern type as link checks compare it (equal `sig`, limits by subtyping). */
function externTypeDesc(t: CoreExternType): ExternTypeDesc {
  const sig = (f: CoreFuncType): string => `(${f.params.join(' ')}) -> (${f.results.join(' ')})`;
  const limits = (min: bigint, max: bigint | undefined): { min: number; max?: number } => ({ min: Number(min), ...(max !== undefined ? { max: Number(max) } : {}) });
  switch (t.kind) {
    case 'func': return { sig: sig(t) };
    case 'tag': return { sig: sig(t.type) };
    case 'global': return { sig: `${t.mutable ? 'mut ' : ''}${t.type}` };
    case 'memory': return { sig: `${t.memory64 ? 'i64' : 'i32'}${t.shared ? ' shared' : ''}${t.pageSizeLog2 !== undefined ? ` page 2^${t.pageSizeLog2}` : ''}`, ...limits(t.min, t.max) };
    case 'table': return { sig: `${t.table64 ? 'i64 ' : ''}${t.element}${t.shared ? ' shared' : ''}`, ...limits(t.min, t.max) };
  }
}

/** A core module type as link checks compare it with a module passed in (link/link-module.ts). */
function moduleDesc(t: CoreModuleType): ModuleDesc {
  return {
    imports: t.imports.map((i) => [i.module, i.name, JS_KIND[i.type.kind], externTypeDesc(i.type)] as const),
    exports: t.exports.map((e) => [e.name, JS_KIND[e.type.kind], externTypeDesc(e.type)] as const),
  };
}

/** Every core module, nested components' included, in pre-order (the order buildProgram numbers them). */
export function coreModuleBytes(c: ast.Component, out: Uint8Array[] = []): Uint8Array[] {
  for (const s of c.sections) {
    if (s.kind === 'core-module') out.push(s.module.bytes);
    else if (s.kind === 'component') coreModuleBytes(s.component, out);
  }
  return out;
}

/** A fresh build state for one top-level component. */
export function newBuildState(): BuildState {
  return { plans: [], resIds: [], modules: 0, moduleTypes: [] };
}

/** Builds the description of a component AST (its core modules are numbered in pre-order as they are seen). */
export function buildProgram(c: ast.Component, view: ComponentView, state: BuildState): Built {
  const ops: Op[] = [];
  /** Static resource types → their small integer ids in this program. */
  const rids = new Map<ResourceType, number>();
  const rid = (r: ResourceType): number => {
    let i = rids.get(r);
    if (i === undefined) { i = rids.size; rids.set(r, i); }
    return i;
  };
  /** The resource type at a `type` index the AST names, or what a definition added (undefined: not a resource). */
  const resourceAt = (i: number): ResourceType | undefined => asResource(view.types[i]);
  const reexports = new Map<string, string>();
  let usesContext = false;
  /** Function index → the import it is (root function imports only). */
  const funcImportName = new Map<number, string>();
  /** Component programs known statically (defined here), by component index; undefined for imported ones. */
  const components: (Built | undefined)[] = [];
  /** Names per component function / instance index (their types are the validator's). */
  const funcTypes: { type: FuncType; name: string }[] = [];
  const instanceTypes: { exports: ReadonlyMap<string, ExternType>; name: string }[] = [];
  const pendingLifts: { readonly index: number; readonly type: FuncType; readonly options: PlanOptions; readonly op: { a: number; name?: string } }[] = [];
  /** Public names of functions (from exports), for adapter names and messages. */
  const funcNames = new Map<number, string>();
  /** Function members of inline instances: instance index → [member name, func index]. */
  const instanceMembers = new Map<number, [string, number][]>();

  /** How an instance type's resource types bind (undefined when it has none: decided once, here). */
  const bindOf = (exports: ReadonlyMap<string, ExternType>): BindDesc | undefined => {
    const out: (readonly [string, number | BindDesc])[] = [];
    for (const [name, ext] of exports) {
      if (ext.kind === 'type' && ext.type.kind === 'resource') out.push([name, rid(ext.type)]);
      else if (ext.kind === 'instance') { const sub = bindOf(ext.type.exports); if (sub !== undefined) out.push([name, sub]); }
    }
    return out.length === 0 ? undefined : out;
  };
  /** Adds an adapter plan; its index is the adapter index the op carries. */
  const addPlan = (plan: AdapterPlan): number => {
    state.plans.push(plan);
    state.resIds.push(plan.resources.map(rid));
    return state.plans.length - 1;
  };

  /** The validator's entry for item `i` of section `s` (validate/index.ts `definitions`). */
  const definition = (s: number, i: number, offset: number): Definition => {
    const d = view.definitions[s]?.[i];
    if (d === undefined) throw new ValidationError(`item ${i} of section ${s} has no validated definition`, offset);
    return d;
  };
  /** What a definition added to one index space; a validated definition of that sort always has it. */
  const added = <K extends 'func' | 'instance' | 'component'>(d: Definition, k: K, offset: number): NonNullable<Definition[K]> => {
    const e = d[k];
    if (e === undefined) throw new ValidationError(`definition adds no ${k}`, offset);
    return e as NonNullable<Definition[K]>;
  };
  const defineFunc = (d: Definition, name: (index: number) => string, offset: number): { index: number; type: FuncType } => {
    const f = added(d, 'func', offset);
    funcTypes[f.index] = { type: f.type, name: name(f.index) };
    return f;
  };
  const defineInstance = (d: Definition, name: (index: number) => string, offset: number): { index: number; exports: ReadonlyMap<string, ExternType> } => {
    const t = added(d, 'instance', offset);
    instanceTypes[t.index] = { exports: t.type.exports, name: name(t.index) };
    return { index: t.index, exports: t.type.exports };
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
  /** A module or component a definition added: its value space (components also get their static program). */
  const valueSpace = (d: Definition, sort: 'core-module' | 'component', known: Built | undefined, offset: number): 'modules' | 'components' => {
    if (sort === 'core-module') return 'modules';
    components[added(d, 'component', offset).index] = known;
    return 'components';
  };

  // A loop in this function, not a callback: V8 parses a nested function again at each level it is nested in
  // before compiling it, and this one is most of buildProgram's source (cold code, once per component).
  for (let si = 0; si < c.sections.length; si++) {
    const sec = c.sections[si]!;
    switch (sec.kind) {
      case 'custom': case 'core-type': break;
      case 'core-module': {
        const t = definition(si, 0, sec.offset).coreModule;
        state.moduleTypes.push(t === undefined ? undefined : moduleDesc(t.type));
        ops.push({ op: 'module', m: state.modules++ });
        break;
      }
      case 'component': {
        const d = added(definition(si, 0, sec.offset), 'component', sec.offset);
        if (d.view === undefined) throw new ValidationError('nested component was not validated', sec.offset);
        const sub = buildProgram(sec.component, d.view, state);
        components[d.index] = sub;
        ops.push({ op: 'component', program: sub.desc });
        break;
      }
      case 'core-instance':
        for (const it of sec.items) {
          if (it.kind === 'instantiate') {
            ops.push({ op: 'core-instantiate', module: it.module, args: it.args.map((a) => [a.name, a.instance] as const) });
          } else {
            ops.push({ op: 'core-inline', items: it.exports.map((e) => [e.name, CORE_SORT_SPACE[e.sort], e.index] as const) });
          }
        }
        break;
      case 'alias':
        for (let ai = 0; ai < sec.items.length; ai++) {
          const a = sec.items[ai]!;
          const d = definition(si, ai, a.offset);
          if (a.kind === 'core-instance-export') {
            ops.push({ op: 'core-alias', instance: a.instance, name: a.name, space: CORE_SORT_SPACE[a.sort] });
          } else if (a.kind === 'instance-export') {
            const inst = needInstance(a.instance, a.offset);
            const { instance, name } = a;
            const full = `${inst.name}#${name}`;
            if (a.sort === 'func') {
              defineFunc(d, () => full, a.offset);
              ops.push({ op: 'func-alias', instance, name, full });
            } else if (a.sort === 'instance') {
              const { exports } = defineInstance(d, () => full, a.offset);
              const bind = bindOf(exports);
              ops.push({ op: 'instance-alias', instance, name, full, ...(bind ? { bind } : {}) });
            } else if (a.sort === 'type') {
              // A resource type exported by the instance is bound to its runtime type here.
              const r = asResource(d.type?.type);
              if (r !== undefined) ops.push({ op: 'type-alias', r: rid(r), instance, name });
            } else if (a.sort === 'core-module' || a.sort === 'component') {
              ops.push({ op: 'value-alias', space: valueSpace(d, a.sort, undefined, a.offset), instance, name });
            } else throw new UnsupportedError(`unsupported: alias of ${a.sort} '${name}'`);
          } else {
            // Explainer.md "Alias Definitions": outer aliases reach an enclosing component's definitions.
            if (a.sort === 'type' || a.sort === 'core-type') { /* types carry no run-time behaviour of their own here */ }
            else if (a.sort === 'core-module' || a.sort === 'component') {
              ops.push({ op: 'outer-alias', space: valueSpace(d, a.sort, undefined, a.offset), count: a.count, index: a.index });
            } else throw new UnsupportedError(`unsupported: outer alias of ${a.sort}`);
          }
        }
        break;
      case 'type':
        for (let ti = 0; ti < sec.items.length; ti++) {
          const t = sec.items[ti]!;
          const r = asResource(definition(si, ti, t.offset).type?.type);
          if (t.kind !== 'resource' || r === undefined) continue;
          const dtor = t.dtor;
          ops.push({ op: 'resource', r: rid(r), name: r.name || 'resource', ...(dtor !== undefined ? { dtor } : {}) });
        }
        break;
      case 'canon':
        sec.items.forEach((cn, ci) => buildCanon(cn, definition(si, ci, cn.offset)));
        break;
      case 'instance':
        for (let ii = 0; ii < sec.items.length; ii++) {
          const it = sec.items[ii]!;
          const d = definition(si, ii, it.offset);
          if (it.kind === 'instantiate') { buildInstantiate(it, d); continue; }
          const types: [string, number][] = [];
          const items: InstanceItem[] = [];
          for (const e of it.exports) {
            if (e.sort === 'func') needFunc(e.index, e.offset);
            else if (e.sort === 'instance') needInstance(e.index, e.offset);
            else if (e.sort === 'type') {
              const r = resourceAt(e.index);
              if (r !== undefined) types.push([e.name.name, rid(r)]);
              continue;
            } else if (e.sort !== 'core-module' && e.sort !== 'component') throw new UnsupportedError(`unsupported: ${e.sort} in an instance`);
            const n = e.name.name;
            // Names are parsed once here, not per instance.
            const m = e.sort === 'func' ? resourceMemberName(n) : undefined;
            items.push(m === undefined ? [n, e.sort, e.index, camelCase(n)] : [n, e.sort, e.index, camelCase(n), m]);
          }
          const { index, exports } = defineInstance(d, (i) => `instance ${i}`, it.offset);
          instanceMembers.set(index, items.filter((t) => t[1] === 'func').map((t) => [t[0], t[2]]));
          const bind = bindOf(exports);
          ops.push({ op: 'instance', types, items, ...(bind ? { bind } : {}) });
        }
        break;
      case 'start': {
        // Explainer.md "Start Definitions": without value arguments/results (🪙-gated), a call at this point.
        const st = sec.start;
        if (st.args.length > 0 || st.results > 0) throw new UnsupportedError('unsupported: component start function with values');
        needFunc(st.func, sec.offset);
        ops.push({ op: 'start', func: st.func });
        break;
      }
      case 'import':
        for (let ii = 0; ii < sec.items.length; ii++) {
          const im = sec.items[ii]!;
          const d = definition(si, ii, im.offset);
          const name = im.name.name;
          switch (im.desc.kind) {
            case 'func': {
              const f = defineFunc(d, () => name, im.offset);
              funcImportName.set(f.index, name);
              ops.push({ op: 'func-import', name });
              break;
            }
            case 'instance': {
              const { exports } = defineInstance(d, () => name, im.offset);
              const typesOnly = [...exports.values()].every((e) => e.kind === 'type');
              const bind = bindOf(exports);
              // Every declared member is required of the host object (link.ts), used by the component or not.
              const funcs = [...exports].filter(([, e]) => e.kind === 'func').map(([n]) => n);
              const instances = [...exports].filter(([, e]) => e.kind === 'instance').map(([n]) => n);
              ops.push({ op: 'import-instance', name, typesOnly, ...(bind ? { bind } : {}), ...(funcs.length > 0 ? { funcs } : {}), ...(instances.length > 0 ? { instances } : {}) });
              break;
            }
            case 'type': {
              // A resource type import: a runtime type passed by an enclosing component, or a host class.
              const r = asResource(d.type?.type);
              if (r !== undefined && im.desc.bounds.kind === 'sub-resource') ops.push({ op: 'import-type', r: rid(r), name });
              break;
            }
            case 'core-module': case 'component': {
              // A core module import is checked against its declared module type when it is linked (names, kinds).
              const module = d.coreModule === undefined ? undefined : moduleDesc(d.coreModule.type);
              ops.push({ op: 'import-value', space: valueSpace(d, im.desc.kind, undefined, im.offset), name, ...(module ? { module } : {}) });
              break;
            }
            default: throw new UnsupportedError(`unsupported: import of a ${im.desc.kind} ('${name}')`);
          }
        }
        break;
      case 'export':
        for (let ei = 0; ei < sec.items.length; ei++) {
          const ex = sec.items[ei]!;
          const d = definition(si, ei, ex.offset);
          const name = ex.name.name;
          const keys = exportKeys(name);
          if (ex.sort === 'func') {
            needFunc(ex.index, ex.offset);
            defineFunc(d, () => name, ex.offset);
            if (!funcNames.has(ex.index)) funcNames.set(ex.index, name);
            const imported = funcImportName.get(ex.index);
            if (imported !== undefined) reexports.set(name, imported);
            const m = resourceMemberName(name);
            ops.push({ op: 'export-func', func: ex.index, name, keys, ...(m ? { member: m } : {}) });
          } else if (ex.sort === 'instance') {
            needInstance(ex.index, ex.offset);
            const { exports } = defineInstance(d, () => name, ex.offset);
            for (const [fn, fi] of instanceMembers.get(ex.index) ?? []) if (!funcNames.has(fi)) funcNames.set(fi, `${name}#${fn}`);
            const bind = bindOf(exports);
            ops.push({ op: 'export-instance', instance: ex.index, keys, ...(bind ? { bind } : {}) });
          } else if (ex.sort === 'type') {
            // An exported resource type: its runtime type (and class) is part of the instance's exports.
            const r = resourceAt(ex.index);
            const created = asResource(d.type?.type);
            if (r !== undefined) ops.push({ op: 'export-type', r: rid(r), name, ...(created !== undefined ? { created: rid(created) } : {}) });
          } else if (ex.sort === 'core-module' || ex.sort === 'component') {
            const space = valueSpace(d, ex.sort, ex.sort === 'component' ? components[ex.index] : undefined, ex.offset);
            ops.push({ op: 'export-value', space, index: ex.index, name });
          } else throw new UnsupportedError(`unsupported: export of a ${ex.sort} ('${name}')`);
        }
        break;
      default: throw new UnsupportedError(`unsupported: section id ${sec.id}`);
    }
  }
  // CanonicalABI.md "canon context.get": context slots belong to a task; sync calls get fresh ones each time.
  if (usesContext) for (const op of ops) if (op.op === 'lift') (op as { ctx?: true }).ctx = true;
  // Lift plans are made last, once exports have told us each function's public name.
  for (const p of pendingLifts) {
    const name = funcNames.get(p.index) ?? `func ${p.index}`;
    if (p.op.name !== undefined) p.op.name = name;
    p.op.a = addPlan(buildPlan(name, p.type, p.options, 'lift'));
  }
  return { desc: { ops }, reexports };

  // Explainer.md "Instance Definitions": instantiate a nested component with named arguments.
  function buildInstantiate(it: ast.ComponentInstantiate, d: Definition): void {
    const known = components[it.component];
    const args: InstantiateArg[] = [];
    for (const a of it.args) {
      if (a.sort === 'func') { needFunc(a.index, a.offset); args.push([a.name, 'funcs', a.index]); }
      else if (a.sort === 'instance') { needInstance(a.index, a.offset); args.push([a.name, 'instances', a.index]); }
      else if (a.sort === 'core-module') args.push([a.name, 'modules', a.index]);
      else if (a.sort === 'component') args.push([a.name, 'components', a.index]);
      else if (a.sort === 'type') {
        // Explainer.md "Instance Definitions": a resource type argument satisfies the nested type import.
        const r = resourceAt(a.index);
        if (r !== undefined) args.push([a.name, 'type', rid(r)]);
      } else throw new UnsupportedError(`unsupported: passing a ${a.sort} to a nested component ('${a.name}')`);
    }
    // Functions passed in and re-exported keep their public name (wit-component's shim components do this).
    const members: [string, number][] = [];
    for (const [exportName, importName] of known?.reexports ?? []) {
      const arg = args.find((x) => x[0] === importName);
      if (arg !== undefined && arg[1] === 'funcs') members.push([exportName, arg[2]]);
    }
    const { index, exports } = defineInstance(d, (i) => `instance ${i}`, it.offset);
    instanceMembers.set(index, members);
    const bind = bindOf(exports);
    ops.push({ op: 'instantiate', component: it.component, args, ...(bind ? { bind } : {}) });
  }

  function buildCanon(cn: ast.Canon, d: Definition): void {
    if (cn.kind === 'lift') {
      const { index, type } = defineFunc(d, (i) => `func ${i}`, cn.offset);
      const o = canonOpts(cn.options, `func ${index}`);
      if (o.async) { buildLiftAsync(cn, index, type, o); return; }
      // The adapter index is known once the plan is made (after the exports named the function).
      const cft = type.async ? view.core.funcs[cn.coreFunc] : undefined;
      const op = { op: 'lift' as const, a: -1, core: cn.coreFunc, ...(type.async ? { fnAsync: true as const, name: `func ${index}` } : {}), ...(cft !== undefined ? { sig: coreSig(cft.params, cft.results) } : {}), ...coreRefs(o) };
      pendingLifts.push({ index, type, options: planOptions(o, view.core.memories), op });
      ops.push(op);
    } else if (cn.kind === 'lower') {
      const f = needFunc(cn.func, cn.offset);
      const o = canonOpts(cn.options, f.name);
      const po = planOptions(o, view.core.memories);
      if (o.async) {
        buildLowerAsync(cn, f, o, po);
      } else {
        const plan = buildPlan(f.name, f.type, po, 'lower');
        const a = addPlan(plan);
        const moves = f.type.async === true && f.type.params.some((p) => holdsKind(p.type, MOVES_OUT));
        // Parameters that move handles cannot be lifted twice: a call that suspends its caller (JSPI) ends with a
        // result half of its own, a plan of `func() -> result` (none with borrows: their loans end with the adapter).
        const resumes = moves && !f.type.params.some((p) => holdsKind(p.type, BORROW));
        const res = resumes && f.type.result !== undefined ? addPlan(buildPlan(`${f.name} [result]`, { kind: 'func', params: [], result: f.type.result }, po, 'lower')) : undefined;
        ops.push(f.type.async ? { op: 'lower-sync-of-async', a, func: cn.func, name: f.name, sig: coreSig(plan.core.params, plan.core.results), ...(moves ? {} : { replay: true as const }), ...(resumes ? { resumes: true as const } : {}), ...(res !== undefined ? { res } : {}), ...coreRefs(o) }
          : { op: 'lower', a, func: cn.func, sig: coreSig(plan.core.params, plan.core.results), ...coreRefs(o) });
      }
    } else if (cn.kind === 'task.return') {
      // CanonicalABI.md canon task.return: a lower plan of `func(result)` whose callee is the current task.
      const o = canonOpts(cn.options, 'task.return');
      const params = cn.result === undefined ? [] : [{ name: 'result', type: valTypeOf(cn.result, cn.offset) }];
      const a = addPlan(buildPlan('task.return', { kind: 'func', params }, planOptions(o, view.core.memories), 'lower'));
      ops.push({ op: 'task.return', a, ...coreRefs(o) });
    } else if (ASYNC_BUILTINS.has(cn.kind)) {
      if (cn.kind === 'context.get' || cn.kind === 'context.set') usesContext = true;
      ops.push(asyncBuiltin(cn, d));
    } else if (cn.kind === 'resource.new' || cn.kind === 'resource.rep' || cn.kind === 'resource.drop') {
      // CanonicalABI.md canon resource.new / resource.rep / resource.drop: core functions over this instance's table.
      const r = resourceAt(cn.resource);
      if (r === undefined) throw new ValidationError(`type ${cn.resource} is not a resource type`, cn.offset);
      ops.push({ op: cn.kind, r: rid(r) });
    } else {
      throw new UnsupportedError(`unsupported: ${cn.kind}`);
    }
  }

  // The async lift and lower are functions of their own: V8 compiles a function whole the first time it runs, so
  // in buildCanon they were compiled (cold) for every component that lifts or lowers, async or not.
  /** `canon lift` with the `async` option. */
  function buildLiftAsync(cn: ast.Canon & { kind: 'lift' }, index: number, type: FuncType, o: CanonOpts): void {
    // CanonicalABI.md canon lift `async`: the plan lowers the arguments; the result comes by task.return.
    const cf = view.core.funcs[cn.coreFunc];
    const op = { op: 'lift-async' as const, a: -1, core: cn.coreFunc, fnAsync: type.async === true, name: `func ${index}`, params: type.params.length, ...(type.params.some((p) => holdsKind(p.type, STREAM_OR_FUTURE)) ? { streams: true as const } : {}), ...(o.callback !== undefined ? { callback: o.callback } : {}), ...(cf !== undefined ? { sig: coreSig(cf.params, cf.results) } : {}), ...(type.params.some((p) => holdsKind(p.type, BORROW)) ? { borrows: true as const } : {}), ...(type.result?.kind === 'result' ? { throwsResult: true as const } : {}), ...coreRefs(o) };
    pendingLifts.push({ index, type: { ...type, async: false, result: undefined }, options: planOptions(o, view.core.memories), op });
    ops.push(op);
  }

  /** `canon lower` with the `async` option. */
  function buildLowerAsync(cn: ast.Canon & { kind: 'lower' }, f: { name: string; type: FuncType }, o: CanonOpts, po: PlanOptions): void {
    // CanonicalABI.md canon lower `async`: arguments lifted (at most 4 flat values), the result stored later.
    const ap = buildPlan(f.name, { ...f.type, async: false, result: undefined }, { ...po, maxFlatParams: 4 }, 'lower');
    const a = addPlan(ap);
    const res = f.type.result === undefined ? undefined : addPlan(buildPlan(`${f.name} [async result]`, { kind: 'func', params: [], result: f.type.result }, { ...po, resultToMemory: true }, 'lower'));
    // The result fused from another kumiki instance's task.return (link-async.ts): a lift plan of
    // `func(result)` into this instance (not entering it: it may be running), its flat values stored at the
    // out-pointer, or its spilled tuple allocated there.
    let fres: { fres: number; fresTuple?: true } | undefined;
    if (f.type.result !== undefined && o.memory !== undefined) {
      const plan = buildPlan(`${f.name} [fused result]`, { kind: 'func', params: [{ name: 'result', type: f.type.result }] }, { ...po, realloc: true }, 'lift');
      fres = { fres: addPlan({ ...plan, running: true, steps: plan.steps.filter((st) => st.i !== 'enter' && st.i !== 'exit') }), ...(plan.paramsInMemory ? { fresTuple: true as const } : {}) };
    }
    ops.push({ op: 'lower-async', a, func: cn.func, name: f.name, arity: ap.core.params.length + (res !== undefined ? 1 : 0), ...(res !== undefined ? { res } : {}), ...(fres ?? {}), ...(f.type.params.some((p) => holdsKind(p.type, BORROW)) ? { borrows: true as const } : {}), ...(f.type.result?.kind === 'result' ? { throwsResult: true as const } : {}), ...coreRefs(o) });
  }

  function valTypeOf(ref: ast.ValTypeRef, offset: number): ValType {
    if (typeof ref !== 'number') return { kind: ref } as ValType;
    const t = view.types[ref];
    if (t === undefined) throw new ValidationError(`unknown type ${ref}`, offset);
    return t as ValType;
  }

  /** A stream/future built-in's element type: an id per distinct type object, and its layout. */
  function elemOf(index: number, offset: number, addr: 'i32' | 'i64'): { typeId: string; elem?: BuiltinDesc['elem'] } {
    const t = view.types[index] as ValType & { type?: ValType };
    const typeId = asyncKey(t);
    if (t === undefined) throw new ValidationError(`unknown type ${index}`, offset);
    const e = t.type;
    const own = e !== undefined && e.kind === 'own';
    return { typeId, ...(e !== undefined ? { elem: { size: elemSize(e, addr), align: alignment(e, addr), plain: !holdsKind(e, NOT_PLAIN), ...(own ? { own: true as const } : {}) } } : {}) };
  }

  function asyncBuiltin(cn: ast.Canon, def: Definition): Op {
    const c = cn as ast.Canon & { memory?: number; async?: boolean; slot?: number; type?: number; table?: number; options?: readonly ast.CanonOpt[] };
    // The core signature (for JSPI's switch trampoline, runtime/async/jspi.ts) and thread.new-indirect's table.
    const ft = def.coreFunc === undefined ? undefined : view.core.funcs[def.coreFunc];
    const extra = { ...(ft !== undefined ? { sig: coreSig(ft.params, ft.results) } : {}), ...(cn.kind === 'thread.new-indirect' && c.table !== undefined ? { table: c.table } : {}) };
    let memory = c.memory;
    let realloc: number | undefined;
    let isAsync = c.async;
    if (c.options !== undefined) {
      const o = canonOpts(c.options, cn.kind);
      memory = o.memory;
      realloc = o.realloc;
      if (o.async) isAsync = true;
    }
    const o: CanonOpts = c.options !== undefined ? canonOpts(c.options, cn.kind) : { encoding: 'utf8', ...(memory !== undefined ? { memory } : {}) };
    // A 64-bit memory (cm64): pointers and lengths are i64 and 8 bytes in memory (CanonicalABI.md ptr_type).
    const addr = memory !== undefined ? planOptions(o, view.core.memories).addrType ?? 'i32' : 'i32';
    const stream = /^(stream|future)\./.test(cn.kind) && typeof c.type === 'number' ? elemOf(c.type, cn.offset, addr) : undefined;
    const d: BuiltinDesc = {
      kind: cn.kind, ...(isAsync ? { async: true } : {}), ...(c.slot !== undefined ? { slot: c.slot } : {}), ...(stream ?? {}),
      ...(addr === 'i64' ? { addr64: true as const } : {}),
    };
    const codec = stream !== undefined ? elemCodecPlans(cn.kind, c.type!, o) : {};
    return { op: 'async-builtin', d, ...extra, ...(memory !== undefined ? { memory } : {}), ...(realloc !== undefined ? { realloc } : {}), ...codec };
  }

  /**
   * stream/future read and write of elements whose JS form is not bytes (not numbers, not none): plans of
   * `func(elements: list<T>)` that convert the buffer's elements to and from JS values (runtime/async/copy.ts
   * ElemCodec), so every mode lifts and lowers them as its calls do. The write side lifts (a lower plan); the read
   * side lowers (a lift plan, without entering the instance: it runs inside the reader's own built-in or from JS).
   */
  function elemCodecPlans(kind: string, index: number, o: CanonOpts): { lift?: number; lower?: number } {
    const e = (view.types[index] as ValType & { type?: ValType }).type;
    if (e === undefined || NUMBER_KINDS.has(e.kind) || o.memory === undefined) return {};
    const po = planOptions(o, view.core.memories);
    const func: FuncType = { kind: 'func', params: [{ name: 'elements', type: { kind: 'list', element: e } }] };
    if (kind.endsWith('.write')) return { lift: addPlan(buildPlan(`${kind} elements`, func, po, 'lower')) };
    if (!kind.endsWith('.read')) return {};
    const plan = buildPlan(`${kind} elements`, func, { ...po, realloc: true }, 'lift');
    return { lower: addPlan({ ...plan, running: true, steps: plan.steps.filter((st) => st.i !== 'enter' && st.i !== 'exit') }) };
  }
}

/** `t` when it is a resource type. */
function asResource(t: ResolvedType | undefined): ResourceType | undefined {
  return t !== undefined && t.kind === 'resource' ? t : undefined;
}
