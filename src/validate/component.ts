// Walks a component's sections in order, growing its index spaces (Explainer.md "Component Definitions"):
// core modules (checked by the host's `WebAssembly.validate`), instances, aliases, types, canon, start,
// imports and exports, nested components and component/instance types.
import type * as ast from '../binary/ast.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { ValidationError } from '../errors.js';
import { ResourceType, type CoreExternType, type CoreModuleType } from '../types/index.js';
import { addCanon } from './canon.js';
import { checkDuplicateImport, checkRecGroup, externType, moduleTypeOfSurface, recGroupEntries } from './core.js';
import { checkValFeatures } from './core-canon.js';
import type { FeatureSet } from './features.js';
import { MAX_TYPE_DEPTH, anyInfo } from './info.js';
import { newSlot, type AnyType, type CoreTypeEntry, type Entity, type VComponentType } from './model.js';
import { freeInAny } from './remap.js';
import { State, fail } from './state.js';

/** Checks one embedded core module; returns a reason when invalid. Default: the host's `WebAssembly`. */
export type CoreModuleValidator = (bytes: Uint8Array) => string | undefined;

export const hostCoreValidator: CoreModuleValidator = (bytes) => {
  // A copy of its own: measured faster than handing V8 a view into a larger buffer, and never shared memory.
  const own = bytes.slice();
  if (WebAssembly.validate(own)) return undefined;
  try {
    new WebAssembly.Module(own);
    return 'invalid core module';
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^WebAssembly\.Module\(\): /, '') : String(e);
  }
};

export interface WalkOptions {
  readonly features: FeatureSet;
  readonly coreValidator: CoreModuleValidator;
  /**
   * Called with each finished component state (outermost last), for the resolved view, with what each definition
   * added to the index spaces (`defs[section][item]`; recorded only when this is set).
   */
  readonly onComponent?: (state: State, ast: ast.Component, defs: readonly (readonly DefinedIndices[])[]) => void;
  /**
   * Embedded core modules whose bodies still need checking. Like wasmparser (which validates function bodies
   * after the enclosing structure), bodies are checked once the whole component's structure is valid.
   */
  readonly pendingModules: ast.CoreModuleBytes[];
}

/** Runs the deferred core-module checks (see `WalkOptions.pendingModules`). */
export function checkPendingModules(opts: WalkOptions): void {
  for (const m of opts.pendingModules) {
    const reason = opts.coreValidator(m.bytes);
    if (reason !== undefined) throw new ValidationError(reason, m.offset);
  }
}

/** The index spaces a definition can add to (Explainer.md "Index Spaces"). */
export type IndexSpace =
  | 'types' | 'funcs' | 'values' | 'instances' | 'components'
  | 'core-types' | 'core-funcs' | 'core-tables' | 'core-memories' | 'core-globals' | 'core-tags' | 'core-modules' | 'core-instances';

/** What one definition (one section item) added: the index it got in each space it grew (usually one). */
export type DefinedIndices = Readonly<Partial<Record<IndexSpace, number>>>;

/** Each index space's current length in `s`: one straight-line snapshot (see recordDefinition). */
function spaceLengths(s: State): Uint32Array {
  const c = s.core;
  return Uint32Array.of(
    s.types.length, s.funcs.length, s.values.length, s.instances.length, s.components.length, c.types.length,
    c.funcs.length, c.tables.length, c.memories.length, c.globals.length, c.tags.length, c.modules.length,
    c.instances.length,
  );
}

/** What grew in `s` since the snapshot `b` (spaceLengths): each space grows by at most one per definition. */
function definedSince(s: State, b: Uint32Array): DefinedIndices {
  const c = s.core;
  const out: { -readonly [K in IndexSpace]?: number } = {};
  if (s.types.length > b[0]!) out.types = b[0]!;
  if (s.funcs.length > b[1]!) out.funcs = b[1]!;
  if (s.values.length > b[2]!) out.values = b[2]!;
  if (s.instances.length > b[3]!) out.instances = b[3]!;
  if (s.components.length > b[4]!) out.components = b[4]!;
  if (c.types.length > b[5]!) out['core-types'] = b[5]!;
  if (c.funcs.length > b[6]!) out['core-funcs'] = b[6]!;
  if (c.tables.length > b[7]!) out['core-tables'] = b[7]!;
  if (c.memories.length > b[8]!) out['core-memories'] = b[8]!;
  if (c.globals.length > b[9]!) out['core-globals'] = b[9]!;
  if (c.tags.length > b[10]!) out['core-tags'] = b[10]!;
  if (c.modules.length > b[11]!) out['core-modules'] = b[11]!;
  if (c.instances.length > b[12]!) out['core-instances'] = b[12]!;
  return out;
}

/**
 * The indices `define` added to `s`'s spaces. Straight-line code, no loops nor a call per space: this runs per
 * section item while the code is cold, where a closure call per space (26 per item) and then a loop over the spaces
 * made it "hot" enough that V8 optimised it with TurboFan (3–7 ms of compiler work on the cores the engine's compile
 * of the core modules is using at that moment).
 */
function recordDefinition(s: State, define: () => void): DefinedIndices {
  const before = spaceLengths(s);
  define();
  return definedSince(s, before);
}

/** Validates a component and everything nested in it; returns its type. */
export function walkComponent(c: ast.Component, opts: WalkOptions, stack: State[] = []): VComponentType {
  const s = new State('component', opts.features, c.offset);
  stack.push(s);
  // Recorded for the resolved view only (the program builder reads it): one entry per section item.
  const defs: DefinedIndices[][] | undefined = opts.onComponent === undefined ? undefined : [];
  for (const sec of c.sections) {
    const items: DefinedIndices[] = [];
    defs?.push(items);
    const each = <T>(list: readonly T[], define: (x: T) => void): void => {
      if (defs === undefined) for (const x of list) define(x);
      else for (const x of list) items.push(recordDefinition(s, () => define(x)));
    };
    switch (sec.kind) {
      case 'custom': break;
      case 'core-module': each([sec.module], (m) => s.core.modules.push(coreModule(m, opts))); break;
      case 'core-instance':
        each(sec.items, (i) => s.core.instances.push(i.kind === 'instantiate' ? s.instantiateCoreModule(i) : s.coreInlineExports(i)));
        break;
      case 'core-type': each(sec.items, (t) => addCoreType(stack, t)); break;
      case 'component': each([sec.component], (n) => s.components.push(walkComponent(n, opts, stack))); break;
      case 'instance':
        each(sec.items, (i) => s.instances.push(i.kind === 'instantiate' ? s.instantiateComponent(i) : s.instantiateExports(i)));
        break;
      case 'alias': each(sec.items, (a) => addAlias(stack, a)); break;
      case 'type': each(sec.items, (t) => addType(stack, t)); break;
      case 'canon': each(sec.items, (x) => addCanon(s, x)); break;
      case 'start': each([sec.start], (st) => s.addStart(st)); break;
      case 'import': each(sec.items, (i) => s.addImport(i.name, i.desc, i.offset)); break;
      case 'export': each(sec.items, (x) => s.addExport(x.name, s.exportEntity(x), x.offset)); break;
      case 'unknown': fail(`malformed section id: ${sec.id}`, sec.offset);
    }
    checkCounts(s, sec.offset);
  }
  const unused = s.values.findIndex((v) => !v.used);
  if (unused >= 0) fail(`value index ${unused} was not used as part of an instantiation, start function, or export`, c.end);
  const t = s.finish(c.end);
  stack.pop();
  opts.onComponent?.(s, c, defs ?? []);
  return t;
}

/** wasmparser's index-space limits (MAX_WASM_MODULES, _COMPONENTS, _INSTANCES, _VALUES, _TYPES, _FUNCTIONS). */
const LIMITS: readonly [string, number, (s: State) => number][] = [
  ['modules', 1_000, (s) => s.core.modules.length],
  ['components', 1_000, (s) => s.components.length],
  ['instances', 1_000, (s) => s.instances.length + s.core.instances.length],
  ['values', 1_000, (s) => s.values.length],
  ['types', 1_000_000, (s) => s.types.length + s.core.types.length],
  ['functions', 1_000_000, (s) => s.funcs.length + s.core.funcs.length],
];

function checkCounts(s: State, offset: number): void {
  // Indexed, without destructuring: runs per section in cold code (see recordDefinition).
  for (let i = 0; i < LIMITS.length; i++) {
    const limit = LIMITS[i]!;
    if (limit[2](s) > limit[1]) fail(`${limit[0]} count exceeds limit of ${limit[1]}`, offset);
  }
}

function coreModule(m: ast.CoreModuleBytes, opts: WalkOptions): CoreModuleType {
  let surface: ast.CoreModuleSurface;
  try {
    surface = readCoreModuleSurface(m.bytes, m.offset);
  } catch (e) {
    // A module our surface reader rejects: prefer the host engine's verdict and wording when it has one.
    const reason = opts.coreValidator(m.bytes);
    if (reason !== undefined) throw new ValidationError(reason, m.offset);
    throw e;
  }
  opts.pendingModules.push(m);
  return moduleTypeOfSurface(surface);
}

function addCoreType(stack: State[], t: ast.CoreTypeDef): void {
  const s = stack[stack.length - 1]!;
  if (t.kind === 'rec') {
    checkShared(s, t.group, t.offset);
    checkRecGroup(t.group, s.core.types, t.offset, s.features);
    s.addCoreRecGroup(t.group);
    return;
  }
  s.core.types.push(moduleTypeDef(stack, t));
}

/** Shared composite types belong to the shared-everything-threads proposal. */
function checkShared(s: State, group: ast.RecGroup, offset: number): void {
  if (group.types.some((t) => t.composite.shared)) {
    s.require('shared-everything-threads', 'shared composite types require the shared-everything-threads proposal', offset);
  }
}

/** `core:moduletype`: its own type index space, imports, exports, and outer aliases of core types. */
function moduleTypeDef(stack: State[], t: ast.CoreModuleTypeDef): CoreModuleType {
  const s = stack[stack.length - 1]!;
  const types: CoreTypeEntry[] = [];
  const imports: { module: string; name: string; type: CoreExternType }[] = [];
  const exports: { name: string; type: CoreExternType }[] = [];
  const seen = new Set<string>();
  for (const d of t.decls) {
    const offset = d.offset || t.offset;
    switch (d.kind) {
      case 'type':
        checkShared(s, d.group, offset);
        checkRecGroup(d.group, types, offset, s.features);
        for (const e of recGroupEntries(d.group, types)) types.push(e);
        break;
      case 'import':
        checkDescFeatures(d.desc, s.features, offset);
        checkDuplicateImport(seen, d.module, d.name, offset);
        imports.push({ module: d.module, name: d.name, type: externType(d.desc, types, offset) }); break;
      case 'export':
        checkDescFeatures(d.desc, s.features, offset);
        if (exports.some((e) => e.name === d.name)) fail(`duplicate export name \`${d.name}\` already defined`, offset);
        exports.push({ name: d.name, type: externType(d.desc, types, offset) });
        break;
      case 'outer-alias': {
        let e: CoreTypeEntry;
        if (d.count === 0) {
          e = types[d.index] ?? fail(`unknown type ${d.index}: type index out of bounds`, offset);
        } else {
          if (d.count - 1 >= stack.length) fail(`invalid outer alias count of ${d.count - 1}`, offset);
          e = stack[stack.length - d.count]!.coreType(d.index, offset);
        }
        if (e.kind === 'module') fail('not implemented: aliasing core module types into a core module\'s types index space', offset);
        types.push(e);
        break;
      }
    }
  }
  return { kind: 'module', imports, exports };
}

/** The value types of a module type's global/table imports and exports pass the core feature gates (wasmparser
 *  `check_type_ref`). */
function checkDescFeatures(d: ast.CoreExternDesc, features: FeatureSet, offset: number): void {
  if (d.kind === 'global') checkValFeatures(d.type, features, offset);
  else if (d.kind === 'table') checkValFeatures(d.element, features, offset);
}

/** `type` definitions, including component and instance types (validated in their own scope). */
function addType(stack: State[], t: ast.TypeDef): void {
  const s = stack[stack.length - 1]!;
  const offset = t.offset;
  let type: AnyType;
  switch (t.kind) {
    case 'defined': type = s.definedValType(t.type, offset); break;
    case 'func': type = s.funcTypeDef(t, offset); break;
    case 'component': {
      const inner = new State('component-type', s.features, offset);
      stack.push(inner);
      for (const d of t.decls) typeDecl(stack, d);
      stack.pop();
      type = inner.finish(offset);
      break;
    }
    case 'instance': {
      const inner = new State('instance-type', s.features, offset);
      stack.push(inner);
      for (const d of t.decls) typeDecl(stack, d);
      stack.pop();
      type = inner.instanceTypeResult();
      break;
    }
    case 'resource': {
      if (s.kind !== 'component') fail('resources can only be defined within a concrete component', offset);
      if (t.rep === 'i64') s.require('cm64', 'resources with `i64` require the `cm64` feature to be enabled', offset);
      if (t.rep !== 'i32' && t.rep !== 'i64') fail('resources can only be represented by `i32` or `i64`', offset);
      const rep = t.rep;
      if (t.dtor !== undefined) {
        const f = s.coreFunc(t.dtor, offset);
        if (f.params.length !== 1 || f.params[0] !== rep || f.results.length !== 0) {
          fail(`core function ${t.dtor} has wrong signature for a destructor`, offset);
        }
      }
      const r = new ResourceType('', rep);
      s.definedResources.set(r, rep);
      type = r;
      break;
    }
  }
  if (anyInfo(type).depth > MAX_TYPE_DEPTH) fail('type nesting is too deep', offset);
  s.types.push(newSlot(type));
}

function typeDecl(stack: State[], d: ast.ComponentDecl): void {
  const s = stack[stack.length - 1]!;
  switch (d.kind) {
    case 'core-type': addCoreType(stack, d.type); return;
    case 'type': addType(stack, d.type); return;
    case 'alias': addAlias(stack, d.alias); return;
    case 'export': s.addExport(d.name, s.externDesc(d.desc, d.offset), d.offset); return;
    case 'import':
      if (s.kind === 'instance-type') fail('instance types cannot contain imports', d.offset);
      s.addImport(d.name, d.desc, d.offset);
      return;
  }
}

const sortKind: Readonly<Partial<Record<ast.Sort, Entity['kind']>>> = {
  'core-module': 'module', func: 'func', value: 'value', type: 'type', component: 'component', instance: 'instance',
};

const coreSortDesc: Readonly<Record<ast.CoreExternKind, string>> = {
  func: 'function', 'func-exact': 'function', table: 'table', memory: 'memory', global: 'global', tag: 'tag',
};

function addAlias(stack: State[], a: ast.Alias): void {
  const s = stack[stack.length - 1]!;
  const offset = a.offset;
  if (s.kind !== 'component') {
    const ok = (a.kind === 'instance-export' && (a.sort === 'type' || a.sort === 'instance')) ||
      (a.kind === 'outer' && (a.sort === 'type' || a.sort === 'core-type'));
    if (!ok) fail('aliases in a component or instance type may only refer to types or instances', offset);
  }
  switch (a.kind) {
    case 'instance-export': {
      const kind = sortKind[a.sort] ?? fail(`invalid alias sort ${a.sort}`, offset);
      if (kind === 'value') s.requireValues(offset);
      const e = s.instance(a.instance, offset).exports.get(a.name) ?? fail(`instance ${a.instance} has no export named \`${a.name}\``, offset);
      if (e.kind !== kind) fail(`export \`${a.name}\` for instance ${a.instance} is not a ${kind}`, offset);
      s.addEntity(e, undefined, offset);
      return;
    }
    case 'core-instance-export': {
      const e = s.coreInstance(a.instance, offset).exports.get(a.name) ?? fail(`core instance ${a.instance} has no export named \`${a.name}\``, offset);
      const want = a.sort === 'func-exact' ? 'func' : a.sort;
      if (want === 'tag') s.require('exceptions', 'exceptions proposal not enabled', offset);
      if (e.kind !== want) fail(`export \`${a.name}\` for core instance ${a.instance} is not a ${coreSortDesc[a.sort]}`, offset);
      switch (e.kind) {
        case 'func': s.core.funcs.push(e); break;
        case 'table': s.core.tables.push(e); break;
        case 'memory': s.core.memories.push(e); break;
        case 'global': s.core.globals.push(e); break;
        case 'tag': s.core.tags.push(e.type); break;
      }
      return;
    }
    case 'outer': {
      if (a.count >= stack.length) fail(`invalid outer alias count of ${a.count}`, offset);
      const target = stack[stack.length - 1 - a.count]!;
      switch (a.sort) {
        case 'core-module': s.core.modules.push(target.module(a.index, offset)); return;
        case 'component': s.components.push(target.component(a.index, offset)); return;
        case 'core-type': s.core.types.push(target.coreType(a.index, offset)); return;
        case 'type': {
          const slot = target.typeSlot(a.index, offset);
          const inner = stack[stack.length - a.count];
          if (a.count > 0 && inner && inner.kind === 'component') {
            const free = new Set<ResourceType>();
            freeInAny(slot.type, free);
            if (free.size > 0) fail('cannot alias outer type which transitively refers to resources not defined in the current component', offset);
          }
          s.types.push(slot);
          return;
        }
        default: fail(`outer item of sort \`${a.sort}\` is not a module, type, or component`, offset);
      }
    }
  }
}
