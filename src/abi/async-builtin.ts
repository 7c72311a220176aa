// An async canon built-in (CanonicalABI.md "canon context.get" … "canon error-context.drop") as plain data: what the
// program builder (program/program.ts) writes and the runtime (runtime/async/builtins.ts) makes a core function of.
// Shared by both layers, so it lives with the other ABI definitions.

/** A built-in as plain data (program descriptions and transpiled modules carry it). */
export interface BuiltinDesc {
  readonly kind: string;
  /** The memory option / immediate (index in the core memory space). */
  readonly memory?: number;
  /** The `async` option or immediate. */
  readonly async?: boolean;
  /** context.get/set slot. */
  readonly slot?: number;
  /** stream/future: an id of the element type (equal ids, equal types) and the element layout (none: size 0). */
  readonly typeId?: string;
  readonly elem?: { readonly size: number; readonly align: number; readonly plain: boolean; readonly own?: true };
  /** The memory is 64-bit (cm64): pointer and length operands are i64, stream.read/write return i64. */
  readonly addr64?: true;
}
