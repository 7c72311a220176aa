// The version of what `kumiki transpile` writes, checked by kumiki/runtime: shared by both sides, as abi/ definitions are.

/**
 * The contract between a module `kumiki transpile` wrote and `kumiki/runtime`: the description's shape and what the
 * generated adapters and async entries read from the runtime (codegen/async-entry.ts reads task fields by name).
 * Bumped whenever either changes, so a module transpiled by another kumiki fails at once with a clear error instead
 * of misbehaving (entries/transpiled.ts).
 */
export const TRANSPILED_FORMAT = 4;
