// The validator's resolved view of a component's index spaces (Explainer.md "Index spaces", "Type checking").
// Value, function and core types are the shared `types/` objects; instance and component types carry the
// resource bookkeeping that instantiation and subtyping need (which resources are abstract, where they live).
import type {
  BorrowType, CoreFuncType, CoreGlobalType, CoreInstanceType, CoreMemoryType, CoreModuleType,
  CoreTableType, FuncType, OwnType, ResourceType, ValType,
} from '../types/index.js';

/** Any type in the component `type` index space. */
export type AnyType = ValType | FuncType | VInstanceType | VComponentType | ResourceType;

/**
 * One entry of the `type` index space. Each definition, import, export or alias creates a fresh slot, so slot
 * identity is what "this type has a name here" tracks (Explainer.md "Validation": exported types must be named).
 * For value types the slot's `type` object is itself fresh per slot; for resources `type` is the shared
 * `ResourceType` and the slot object is the name-carrying alias.
 */
export interface TypeSlot {
  readonly type: AnyType;
  /** Naming identity: the value type object itself, or a fresh object per resource alias. */
  readonly alias: object;
}

/** The type of an imported/exported/aliased item (wasmparser `ComponentEntityType`). */
export type Entity =
  | { readonly kind: 'module'; readonly type: CoreModuleType }
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'value'; readonly type: ValType }
  | { readonly kind: 'type'; readonly created: TypeSlot; readonly referenced: TypeSlot; readonly bound: 'eq' | 'sub-resource' }
  | { readonly kind: 'instance'; readonly type: VInstanceType }
  | { readonly kind: 'component'; readonly type: VComponentType };

/** Path to a resource: index of the import/export, then export indices through nested instance types. */
export type ResourcePath = readonly number[];

export interface VInstanceType {
  readonly kind: 'instance';
  readonly exports: ReadonlyMap<string, Entity>;
  /** Abstract resources this type declares (`(export "r" (type (sub resource)))`): fresh per import/export. */
  readonly definedResources: readonly ResourceType[];
  /** Where each resource named by an export lives. */
  readonly explicitResources: ReadonlyMap<ResourceType, ResourcePath>;
}

export interface VComponentType {
  readonly kind: 'component';
  readonly imports: ReadonlyMap<string, Entity>;
  readonly exports: ReadonlyMap<string, Entity>;
  /** Resources the component imports abstractly, with their import paths (substituted on instantiation). */
  readonly importedResources: ReadonlyMap<ResourceType, ResourcePath>;
  /** Resources the component defines and exports (fresh per instantiation), with their export paths. */
  readonly definedResources: ReadonlyMap<ResourceType, ResourcePath>;
  readonly explicitResources: ReadonlyMap<ResourceType, ResourcePath>;
}

/** The name-carrying alias of an `own`/`borrow` (the type slot it was written against). */
const handleAlias = new WeakMap<OwnType | BorrowType, object>();

export function makeHandle(kind: 'own' | 'borrow', resource: ResourceType, alias: object): OwnType | BorrowType {
  const t = kind === 'own' ? { kind, resource } as OwnType : { kind, resource } as BorrowType;
  handleAlias.set(t, alias);
  return t;
}

export function handleAliasOf(t: OwnType | BorrowType): object {
  return handleAlias.get(t) ?? t.resource;
}

/** A slot for a newly defined type. */
export function newSlot(type: AnyType): TypeSlot {
  return { type, alias: type.kind === 'resource' ? {} : type };
}

/** A fresh slot for the same type (wasmparser `with_unique`): value types get a fresh object, resources a fresh alias. */
export function uniqueSlot(s: TypeSlot): TypeSlot {
  const t = s.type;
  if (t.kind === 'resource') return { type: t, alias: {} };
  if (t.kind === 'func' || t.kind === 'instance' || t.kind === 'component') return { type: t, alias: {} };
  const copy = { ...t } as ValType;
  if ((t.kind === 'own' || t.kind === 'borrow') && (copy.kind === 'own' || copy.kind === 'borrow')) handleAlias.set(copy, handleAliasOf(t));
  return { type: copy, alias: copy };
}

export function isValType(t: AnyType): t is ValType {
  return t.kind !== 'func' && t.kind !== 'instance' && t.kind !== 'component' && t.kind !== 'resource';
}

export function anyTypeDesc(t: AnyType): string {
  switch (t.kind) {
    case 'resource': return 'resource';
    case 'func': return 'func type';
    case 'instance': return 'instance type';
    case 'component': return 'component type';
    default: return 'defined type';
  }
}

/** Core index spaces of one component. */
export interface CoreSpaces {
  readonly types: CoreTypeEntry[];
  readonly funcs: CoreFuncType[];
  readonly tables: CoreTableType[];
  readonly memories: CoreMemoryType[];
  readonly globals: CoreGlobalType[];
  readonly tags: CoreFuncType[];
  readonly modules: CoreModuleType[];
  readonly instances: CoreInstanceType[];
}

/** A core type: a function type, a module type, or another GC composite (kept as its printed form). */
export type CoreTypeEntry = CoreFuncType | CoreModuleType | { readonly kind: 'gc'; readonly text: string; readonly shared: boolean };

/** The value types directly inside `t` (field, case, element, payload, key/value types), in declaration order:
 *  the one place the validator's walks over value types (pointers, fixed lists, naming, free resources) recurse. */
export function valChildren(t: ValType): readonly ValType[] {
  switch (t.kind) {
    case 'record': return t.fields.map((f) => f.type);
    case 'variant': return present(t.cases.map((c) => c.type));
    case 'tuple': return t.types;
    case 'list': return [t.element];
    case 'option': return [t.type];
    case 'result': return present([t.ok, t.err]);
    case 'future': case 'stream': return present([t.type]);
    case 'map': return [t.key, t.value];
    default: return [];
  }
}

function present(ts: (ValType | undefined)[]): ValType[] {
  return ts.filter((x): x is ValType => x !== undefined);
}
