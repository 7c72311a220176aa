// A component's instantiation as plain data (Explainer.md "Index spaces"): what program/program.ts builds from a
// validated component and link/link.ts turns into the steps `instantiate` runs. Being plain data (JSON), it is
// also what `kumiki transpile` writes into a generated module, so the JIT and ahead-of-time paths share one linker.
//
// Indices: `a` is an adapter (a plan, in `kumiki inspect --adapters` order), `m` a compiled core module in pre-order
// (nested components' modules in place), `r` a resource type of this component (a small integer per program,
// standing for the validator's static ResourceType); other numbers index the component's own index spaces.

import type { ResourceMemberName } from '../abi/names.js';
import type { BuiltinDesc } from '../abi/async-builtin.js';

/** Core index spaces an export/alias can land in. */
export type CoreSpace = 'coreFuncs' | 'memories' | 'tables' | 'globals' | 'tags';
/** Component-level value spaces that hold modules and components. */
export type ValueSpace = 'modules' | 'components';

/**
 * How an instance type's resource types are bound to runtime types: `[name, r]` for an exported resource type,
 * `[name, nested]` for an exported instance with resource types inside.
 */
export type BindDesc = readonly (readonly [string, number | BindDesc])[];

/**
 * A core extern type for link checks (link/link-module.ts): what must be equal (`sig`: a function's or tag's
 * signature, a global's mutability and type, a memory's or table's index and element types), and limits.
 */
export interface ExternTypeDesc { readonly sig: string; readonly min?: number; readonly max?: number }

/** A core module type, kinds as the JS API names them (`WebAssembly.Module.imports/exports`), for link checks. */
export interface ModuleDesc {
  readonly imports: readonly (readonly [module: string, name: string, kind: string, type: ExternTypeDesc])[];
  readonly exports: readonly (readonly [name: string, kind: string, type: ExternTypeDesc])[];
}

/** An annotated resource member name, parsed at build time (`[method]r.f` → method of `r`, member `f`). */
export type MemberDesc = ResourceMemberName;

/** Canonical options that name core definitions (CanonicalABI.md "Canonical ABI options"). */
export interface CoreRefs { readonly memory?: number; readonly realloc?: number; readonly postReturn?: number }

/** A member of an inline instance: name, sort, index, its JS key, and the parsed member name (functions). */
export type InstanceItem = readonly [name: string, sort: 'func' | 'instance' | 'core-module' | 'component', index: number, key: string, member?: MemberDesc];

/** An argument of a nested instantiation: by index space, or a resource type (`r`). */
export type InstantiateArg = readonly [name: string, space: 'funcs' | 'instances' | ValueSpace, index: number] | readonly [name: string, space: 'type', r: number];

export type Op =
  | { readonly op: 'module'; readonly m: number }
  | { readonly op: 'component'; readonly program: ProgramDesc }
  | { readonly op: 'core-instantiate'; readonly module: number; readonly args: readonly (readonly [string, number])[] }
  | { readonly op: 'core-inline'; readonly items: readonly (readonly [string, CoreSpace, number])[] }
  | { readonly op: 'core-alias'; readonly instance: number; readonly name: string; readonly space: CoreSpace }
  /** A root function import (looked up in the imports by name). */
  | { readonly op: 'func-import'; readonly name: string }
  /** A function export of an instance (`full` names it in messages). */
  | { readonly op: 'func-alias'; readonly instance: number; readonly name: string; readonly full: string }
  | { readonly op: 'instance-alias'; readonly instance: number; readonly name: string; readonly full: string; readonly bind?: BindDesc }
  | { readonly op: 'type-alias'; readonly r: number; readonly instance: number; readonly name: string }
  | { readonly op: 'value-alias'; readonly space: ValueSpace; readonly instance: number; readonly name: string }
  | { readonly op: 'outer-alias'; readonly space: ValueSpace; readonly count: number; readonly index: number }
  /** A resource type defined here (Explainer.md "Resource types"): a fresh runtime type per instance. */
  | { readonly op: 'resource'; readonly r: number; readonly name: string; readonly dtor?: number }
  /** `fnAsync`: the function type is `async` (lifted without `async`: a task that may block; runtime/async).
   *  `ctx`: the component uses context.get/set, so each call starts with fresh context slots (its own task). */
  | ({ readonly op: 'lift'; readonly a: number; readonly core: number; readonly fnAsync?: true; readonly name?: string; readonly ctx?: true; readonly sig?: string } & CoreRefs)
  /** `sig`: the core signature (link/boundary.ts `coreSig`), for the trampoline of a call into another component. */
  | ({ readonly op: 'lower'; readonly a: number; readonly func: number; readonly sig?: string } & CoreRefs)
  | { readonly op: 'resource.new' | 'resource.rep' | 'resource.drop'; readonly r: number }
  /** An async lift (CanonicalABI.md canon lift `async`): `a` lowers the arguments (a lift plan without result). */
  /** `borrows`: its parameters can hold borrows (lowered into the task's borrow scope, not the plan call's).
   *  `throwsResult`: its result is a top-level `result<T, E>` (JS sees T, or E thrown as a ComponentError).
   *  `params`: the WIT function's parameter count; `streams`: its parameters hold a stream or future (a description
   *  without `params` predates both: its lift is taken to hold some). */
  | ({ readonly op: 'lift-async'; readonly a: number; readonly core: number; readonly callback?: number; readonly fnAsync: boolean; readonly name: string; readonly sig?: string; readonly borrows?: true; readonly throwsResult?: true; readonly params?: number; readonly streams?: true } & CoreRefs)
  /** An async lower (canon lower `async`): `a` lifts the arguments, `res` stores the result at the out-pointer. */
  /** `borrows`: its parameters can hold borrows (lent to the callee: it is called inside the argument plan's scope). */
  /** `arity`: the core function's parameter count (the arguments' flat values, then the result pointer if any).
   *  `fres`: a lift plan of `func(result)` into the caller (not entering it), for a result fused from another kumiki
   *  instance's task.return; `fresTuple`: its parameters spill (one tuple, allocated at the out-pointer). */
  /** `throwsResult`: its result is a top-level `result<T, E>` (a host function's throw with an error payload is E). */
  | ({ readonly op: 'lower-async'; readonly a: number; readonly res?: number; readonly fres?: number; readonly fresTuple?: true; readonly func: number; readonly name: string; readonly borrows?: true; readonly throwsResult?: true; readonly arity?: number } & CoreRefs)
  /** A synchronous lower of an async function type: the callee must finish at once (runtime/async/calls.ts). */
  /** `replay`: its parameters move nothing (no own handles, streams, futures, error contexts), so its argument half may run twice.
   *  `resumes`: they move some (and lend none): a call that suspends its caller ends with `res`, the result half (a
   *  lower plan of `func() -> result`; none without a result). */
  | ({ readonly op: 'lower-sync-of-async'; readonly a: number; readonly func: number; readonly name: string; readonly sig?: string; readonly replay?: true; readonly resumes?: true; readonly res?: number } & CoreRefs)
  /** canon task.return: `a` lifts the result (a lower plan of `func(result)`). */
  | ({ readonly op: 'task.return'; readonly a: number } & CoreRefs)
  /** Any other async built-in (runtime/async/builtins.ts). stream/future read and write of elements that are not
   *  numbers: `lift` lifts the writer's elements (a lower plan of `func(elements: list<T>)`), `lower` lowers JS
   *  values into the reader's buffer (a lift plan of the same without entering the instance). `sig`: the core
   *  signature (JSPI's switch trampoline); `table`: thread.new-indirect's table. */
  | { readonly op: 'async-builtin'; readonly d: BuiltinDesc; readonly memory?: number; readonly realloc?: number; readonly lift?: number; readonly lower?: number; readonly sig?: string; readonly table?: number }
  | { readonly op: 'instance'; readonly types: readonly (readonly [string, number])[]; readonly items: readonly InstanceItem[]; readonly bind?: BindDesc }
  | { readonly op: 'instantiate'; readonly component: number; readonly args: readonly InstantiateArg[]; readonly bind?: BindDesc }
  | { readonly op: 'start'; readonly func: number }
  /** An instance import; `funcs` / `instances` are its declared members, each required of the host object. */
  | { readonly op: 'import-instance'; readonly name: string; readonly typesOnly: boolean; readonly bind?: BindDesc; readonly funcs?: readonly string[]; readonly instances?: readonly string[] }
  | { readonly op: 'import-type'; readonly r: number; readonly name: string }
  | { readonly op: 'import-value'; readonly space: ValueSpace; readonly name: string; readonly module?: ModuleDesc }
  | { readonly op: 'export-func'; readonly func: number; readonly name: string; readonly keys: readonly string[]; readonly member?: MemberDesc }
  | { readonly op: 'export-instance'; readonly instance: number; readonly keys: readonly string[]; readonly bind?: BindDesc }
  | { readonly op: 'export-type'; readonly r: number; readonly created?: number; readonly name: string }
  | { readonly op: 'export-value'; readonly space: ValueSpace; readonly index: number; readonly name: string };

/** One component's instantiation, definition by definition; `format`: abi/transpiled-format.ts in a transpiled module. */
export interface ProgramDesc { readonly ops: readonly Op[]; readonly format?: number }
