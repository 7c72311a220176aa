// Compatibility options of the async runtime: plain names, checked where they are given (Component.compile, kumiki
// run|serve|transpile) and applied by the async backend at link time (entries/async.ts `withCompat`). Here, below
// both, so that compile-time code (tools/transpile.ts) can check them without importing the linker.

/**
 * Compatibility options (`Component.compile(bytes, { compat })`, `transpile(bytes, { compat })`, `kumiki
 * run|serve|transpile --compat`), off by default because
 * the spec says otherwise:
 * - `sync-cancel-in-set`: a synchronous stream/future cancel of an end in a waitable set does not trap when the
 *   cancel completes at once (CanonicalABI.md traps for it). wit-bindgen before #1638 cancels its wake-up stream
 *   that way at task exit, so WASI 0.3 programs it built (e.g. the jco-p3 ones) need it.
 */
export const COMPAT_OPTIONS = ['sync-cancel-in-set'] as const;
export type CompatOption = typeof COMPAT_OPTIONS[number];

/** Checks `compat` names (a TypeError naming the unknown one). */
export function checkCompat(compat: readonly string[], where: string): readonly CompatOption[] {
  for (const c of compat) {
    if (!(COMPAT_OPTIONS as readonly string[]).includes(c)) throw new TypeError(`${where}: unknown compatibility option '${c}' (known: ${COMPAT_OPTIONS.join(', ')})`);
  }
  return compat as readonly CompatOption[];
}
