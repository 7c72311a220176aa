/**
 * The component validator (Explainer.md "Validation"; rules and wording after wasmparser a7ef4778).
 *
 * - `validate(bytes, { features })` → the component's `ComponentType`; throws `ValidationError(reason, offset)`.
 * - `validateComponent(ast, opts)` → `ValidatedComponent`: the type plus the resolved index spaces of the root
 *   component and of every nested component (`ComponentView`), for the runtime. Stable contract:
 *   - `view.types[i]`: the `type` index space (value types, `FuncType`, instance/component types as `InstanceType` /
 *     `ComponentType`, `ResourceType`); resource types are the same object wherever the same resource flows.
 *   - `view.funcs[i]`: each component function's `FuncType`; `view.values`, `view.instances[i]` (`InstanceType`),
 *     `view.components[i]` (`ComponentType`), `view.imports`/`view.exports` (`ExternType`s, declaration order).
 *   - `view.core`: core index spaces — `funcs` (`CoreFuncType`), `tables`, `memories`, `globals`, `tags`, `modules`
 *     (`CoreModuleType`), `instances` (`CoreInstanceType`), `types`.
 *   - `view.nested[k]`: the view of the k-th nested `(component …)` section, in section order.
 *   - `view.definitions[s][i]`: one resolved entry per definition (item `i` of section `s`): the index it got in
 *     each space it added to, with that entry's type (and, for a nested component section, its view). The program
 *     builder reads these instead of counting index spaces itself.
 *   Type imports/exports are `TypeExtern`s whatever their type (value, resource, function, instance or component
 *   type: Explainer.md "typebound"); those of function/instance/component types carry no runtime behaviour.
 * - Features: wasm-tools names (`cm-async`, `cm64`, …); the list adds to wasmparser's defaults, `-name` removes.
 */
import type * as ast from '../binary/ast.js';
import { readComponent } from '../binary/read.js';
import type {
  ComponentType, CoreFuncType, CoreGlobalType, CoreInstanceType, CoreMemoryType, CoreModuleType, CoreTableType,
  ExternType, FuncType, InstanceType, ResourceType, ValType,
} from '../types/index.js';
import { checkPendingModules, hostCoreValidator, walkComponent, type CoreModuleValidator, type DefinedIndices } from './component.js';
import { resolveFeatures, type FeatureName } from './features.js';
import type { AnyType, Entity, VComponentType, VInstanceType } from './model.js';
import type { State } from './state.js';

export { FEATURES, resolveFeatures, type FeatureName, type FeatureSet } from './features.js';
export { hostCoreValidator, type CoreModuleValidator, type IndexSpace } from './component.js';
export { isKebab, parseComponentName, type ComponentName } from './names.js';

export interface ValidateOptions {
  /** Feature gates as wasm-tools names them; added to the defaults (`-name` removes one). */
  readonly features?: readonly (FeatureName | `-${FeatureName}` | 'all' | '-all' | (string & {}))[];
  /** Checks embedded core modules (default: the host's `WebAssembly.validate`). */
  readonly coreValidator?: CoreModuleValidator;
}

/** A type in the `type` index space, in the public model. */
export type ResolvedType = ValType | FuncType | InstanceType | ComponentType | ResourceType;

export interface CoreView {
  readonly types: readonly (CoreFuncType | CoreModuleType | { readonly kind: 'gc'; readonly text: string })[];
  readonly funcs: readonly CoreFuncType[];
  readonly tables: readonly CoreTableType[];
  readonly memories: readonly CoreMemoryType[];
  readonly globals: readonly CoreGlobalType[];
  readonly tags: readonly CoreFuncType[];
  readonly modules: readonly CoreModuleType[];
  readonly instances: readonly CoreInstanceType[];
}

/** An entry a definition added to an index space: its index there and its resolved type. */
export interface Defined<T> { readonly index: number; readonly type: T }

/**
 * One definition (a section item) as the validator resolved it: what it added to each index space (usually one).
 * Core functions, tables, memories, globals and tags carry their index only (their types are in `view.core`).
 */
export interface Definition {
  readonly type?: Defined<ResolvedType>;
  readonly func?: Defined<FuncType>;
  readonly value?: Defined<ValType>;
  readonly instance?: Defined<InstanceType>;
  /** A component: imported, aliased, exported, or a nested `(component …)` section (then with its `view`). */
  readonly component?: Defined<ComponentType> & { readonly view?: ComponentView };
  readonly coreModule?: Defined<CoreModuleType>;
  readonly coreInstance?: Defined<CoreInstanceType>;
  readonly coreFunc?: number;
  readonly coreTable?: number;
  readonly coreMemory?: number;
  readonly coreGlobal?: number;
  readonly coreTag?: number;
  readonly coreType?: number;
}

/** The resolved index spaces of one component (see the file comment for the contract). */
export interface ComponentView {
  readonly type: ComponentType;
  readonly types: readonly ResolvedType[];
  readonly funcs: readonly FuncType[];
  readonly values: readonly ValType[];
  readonly instances: readonly InstanceType[];
  readonly components: readonly ComponentType[];
  readonly imports: ReadonlyMap<string, ExternType>;
  readonly exports: ReadonlyMap<string, ExternType>;
  readonly core: CoreView;
  readonly nested: readonly ComponentView[];
  /** One resolved entry per definition: `definitions[section][item]`, in binary order. */
  readonly definitions: readonly (readonly Definition[])[];
}

export interface ValidatedComponent {
  readonly type: ComponentType;
  readonly view: ComponentView;
}

/** Validates a component binary; returns its type. Throws `ValidationError` (malformed or invalid). */
export function validate(bytes: Uint8Array, opts: ValidateOptions = {}): ComponentType {
  // No views: the type alone is cheaper to produce.
  const walk = { features: resolveFeatures(opts.features ?? []), coreValidator: opts.coreValidator ?? hostCoreValidator, pendingModules: [] };
  const vt = walkComponent(readComponent(bytes), walk);
  checkPendingModules(walk);
  return publicComponent(vt);
}

/** Validates a parsed component; returns its type and the resolved view of its index spaces. */
export function validateComponent(c: ast.Component, opts: ValidateOptions = {}): ValidatedComponent {
  const features = resolveFeatures(opts.features ?? []);
  // Views are produced innermost first; a component's nested views are those finished since it started.
  const finished: { ast: ast.Component; view: ComponentView }[] = [];
  const onComponent = (s: State, node: ast.Component, defs: readonly (readonly DefinedIndices[])[]): void => {
    const nestedAsts = node.sections.flatMap((sec) => (sec.kind === 'component' ? [sec.component] : []));
    const nested = nestedAsts.map((n) => finished.find((f) => f.ast === n)!.view);
    finished.push({ ast: node, view: toView(s, nested, node, defs) });
  };
  const walk = { features, coreValidator: opts.coreValidator ?? hostCoreValidator, onComponent, pendingModules: [] };
  const vt = walkComponent(c, walk);
  checkPendingModules(walk);
  const view = finished[finished.length - 1]!.view;
  return { type: publicComponent(vt), view };
}

// ───── conversion to the public model ─────

const publicCache = new WeakMap<object, InstanceType | ComponentType>();

export function publicEntity(e: Entity): ExternType {
  switch (e.kind) {
    case 'module': case 'func': case 'value': return e;
    case 'instance': return { kind: 'instance', type: publicInstance(e.type) };
    case 'component': return { kind: 'component', type: publicComponent(e.type) };
    case 'type': {
      // Explainer.md "typebound": `eq` may name any type, so function/instance/component types are type externs too.
      const t = e.referenced.type;
      if (t.kind === 'resource') return { kind: 'type', bound: e.bound, type: t };
      return { kind: 'type', bound: 'eq', type: publicAny(t) };
    }
  }
}

function publicMap(m: ReadonlyMap<string, Entity>): Map<string, ExternType> {
  const out = new Map<string, ExternType>();
  for (const [k, e] of m) out.set(k, publicEntity(e));
  return out;
}

export function publicInstance(t: VInstanceType): InstanceType {
  let p = publicCache.get(t) as InstanceType | undefined;
  if (!p) { p = { kind: 'instance', exports: publicMap(t.exports) }; publicCache.set(t, p); }
  return p;
}

export function publicComponent(t: VComponentType): ComponentType {
  let p = publicCache.get(t) as ComponentType | undefined;
  if (!p) { p = { kind: 'component', imports: publicMap(t.imports), exports: publicMap(t.exports) }; publicCache.set(t, p); }
  return p;
}

function publicAny(t: AnyType): ResolvedType {
  if (t.kind === 'instance') return publicInstance(t);
  if (t.kind === 'component') return publicComponent(t);
  return t;
}

function toView(s: State, nested: ComponentView[], node: ast.Component, defs: readonly (readonly DefinedIndices[])[]): ComponentView {
  const types = s.types.map((x) => publicAny(x.type));
  const values = s.values.map((v) => v.type);
  const instances = s.instances.map(publicInstance);
  const components = s.components.map(publicComponent);
  let nestedSeen = 0;
  const definitions = defs.map((items, secIndex) => items.map((d): Definition => {
    const out: { -readonly [K in keyof Definition]: Definition[K] } = {};
    if (d.types !== undefined) out.type = { index: d.types, type: types[d.types]! };
    if (d.funcs !== undefined) out.func = { index: d.funcs, type: s.funcs[d.funcs]! };
    if (d.values !== undefined) out.value = { index: d.values, type: values[d.values]! };
    if (d.instances !== undefined) out.instance = { index: d.instances, type: instances[d.instances]! };
    if (d.components !== undefined) {
      // A nested `(component …)` section's entry carries its view (the views are in section order).
      const view = node.sections[secIndex]?.kind === 'component' ? nested[nestedSeen++] : undefined;
      out.component = { index: d.components, type: components[d.components]!, ...(view !== undefined ? { view } : {}) };
    }
    if (d['core-modules'] !== undefined) out.coreModule = { index: d['core-modules'], type: s.core.modules[d['core-modules']]! };
    if (d['core-instances'] !== undefined) out.coreInstance = { index: d['core-instances'], type: s.core.instances[d['core-instances']]! };
    if (d['core-funcs'] !== undefined) out.coreFunc = d['core-funcs'];
    if (d['core-tables'] !== undefined) out.coreTable = d['core-tables'];
    if (d['core-memories'] !== undefined) out.coreMemory = d['core-memories'];
    if (d['core-globals'] !== undefined) out.coreGlobal = d['core-globals'];
    if (d['core-tags'] !== undefined) out.coreTag = d['core-tags'];
    if (d['core-types'] !== undefined) out.coreType = d['core-types'];
    return out;
  }));
  return {
    type: publicComponent(s.finishedType ?? s.finish(0)),
    types,
    funcs: s.funcs,
    values,
    instances,
    components,
    imports: publicMap(s.imports),
    exports: publicMap(s.exports),
    core: s.core,
    nested,
    definitions,
  };
}
