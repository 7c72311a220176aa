// What an adapter closes over per instance, and the adapter factories the linker calls (CanonicalABI.md "canon
// lift" / "canon lower"). Shared by the generated adapters (codegen/, or AOT files), the interpreter (interp/) and the
// linker (link/link.ts), so that the run-time side needs none of the compilers. What an adapter is, without these
// environments, is abi/adapter-types.ts (codegen names it there, importing nothing of runtime/).
import type { InstanceState, MemView, ReallocFn } from './glue/index.js';
import type { HandleTable, ResourceResolver } from './resources.js';
import type { AdapterFn } from '../abi/adapter-types.js';

/** What a lift adapter (JS → guest export) closes over, per instance. */
export interface LiftEnv {
  readonly core: (...args: never[]) => unknown;
  readonly m: MemView;
  readonly ra: ReallocFn | undefined;
  readonly pr: ((...args: never[]) => unknown) | undefined;
  readonly st: InstanceState;
  /** The guest instance's handle table and resource types (read only by plans with handles). */
  readonly t: HandleTable;
  readonly res: ResourceResolver;
  /** Set by the adapter of an async function type lifted without `async`: its result half alone (lift the core
   *  result `c`, check borrows, post-return, leave), for a core call that suspended (JSPI, runtime/async/calls.ts). */
  resume?: ((c: unknown) => unknown) | undefined;
}

/** What a lower adapter (guest → JS/host import) closes over, per instance. */
export interface LowerEnv {
  readonly callee: (...args: never[]) => unknown;
  readonly m: MemView;
  readonly ra: ReallocFn | undefined;
  /** The calling guest instance's state, handle table and resource types (read only by plans with handles). */
  readonly st: InstanceState;
  readonly t: HandleTable;
  readonly res: ResourceResolver;
}

export type { AdapterFn, CompiledAdapter } from '../abi/adapter-types.js';

/**
 * An adapter as the linker sees it: its factory and an opaque tag (the JIT's plan, for fused adapters) that rides
 * along in the lift environment. The adapter's direction is fixed by the op that uses it.
 */
export interface LinkAdapter {
  create(env: LiftEnv | LowerEnv): AdapterFn;
  readonly tag?: unknown;
}

/** A lift adapter's environment as the linker makes it: with the adapter's tag and (once made) its function. */
export interface LiftedEnv extends LiftEnv { readonly tag: unknown; fn: AdapterFn | undefined }

/** Fused adapters (runtime/fuse-link.ts): generated (codegen/fuse.ts) or interpreted (interp/fuse.ts), as the entry injects. */
export interface FuseHooks {
  register(fn: AdapterFn, env: LiftedEnv): void;
  tryFuse(lowerTag: unknown, callee: unknown, caller: Omit<LowerEnv, 'callee'>): AdapterFn | undefined;
}
