// Instance, component and extern types (Explainer.md "externdesc", "instancetype", "componenttype").
import type { CoreModuleType } from './core.js';
import type { FuncType } from './functions.js';
import type { ResourceType } from './resources.js';
import type { ValType } from './values.js';

/**
 * A type import/export (Explainer.md "typebound"): `(type (eq T))` binds to T, which may be any type — a value
 * type, a resource, or a function, instance or component type; `(type (sub resource))` is an abstract resource.
 */
export interface TypeExtern {
  readonly kind: 'type';
  readonly bound: 'eq' | 'sub-resource';
  /** For `eq`: the type it equals; for `sub-resource`: the (fresh or substituted) resource type. */
  readonly type: ValType | ResourceType | FuncType | InstanceType | ComponentType;
}

export type ExternType =
  | { readonly kind: 'module'; readonly type: CoreModuleType }
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'value'; readonly type: ValType }
  | TypeExtern
  | { readonly kind: 'instance'; readonly type: InstanceType }
  | { readonly kind: 'component'; readonly type: ComponentType };

export type ExternKind = ExternType['kind'];

/** An instance type: named exports, in declaration order. */
export interface InstanceType {
  readonly kind: 'instance';
  readonly exports: ReadonlyMap<string, ExternType>;
}

/** A component type: named imports and exports, in declaration order. */
export interface ComponentType {
  readonly kind: 'component';
  readonly imports: ReadonlyMap<string, ExternType>;
  readonly exports: ReadonlyMap<string, ExternType>;
}
