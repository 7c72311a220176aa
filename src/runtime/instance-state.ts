// A component instance's run-time state (CanonicalABI.md "Component Instance State", "Task"): what the spec calls
// may_enter, may_leave and num_borrows, kept in one small object per instance that generated adapters read as `st`
// (short field names: generated code reads them on every call). Handle tables hold num_lends per handle
// (runtime/resources.ts `HandleEntry`).

/** Per-instance call state (CanonicalABI.md "Component Instance": may_enter, poisoned by traps). */
export interface InstanceState {
  /**
   * `may_enter`, with why not: 0 idle (may enter), 1 inside an export call, 2 poisoned by a trap, 3 an instance
   * nested in it is inside a call.
   */
  f: number;
  /** The first trap, reported again by every later call. */
  cause?: unknown;
  /** `num_borrows`: borrowed handles lent to the current call and not yet dropped (CanonicalABI.md "Task"). */
  b: number;
  /** The instance that instantiated this one (nested components), for the ancestor rules of may_enter. */
  readonly p?: InstanceState;
  /** Calls under way in instances nested in this one. */
  d: number;
  /**
   * `may_leave`, inverted: non-zero while the instance may not leave (CanonicalABI.md): 1 during post-return, 2 while the host
   * lowers values into it (CanonicalABI.md "Lifting and Lowering Context": reallocate clears it around `realloc`).
   */
  l: number;
  /** Told once when the instance is poisoned, with the error the call reports (runtime/async: stream and future
   *  ends it holds fail, so JS waiting on them is not left waiting forever). */
  onPoison?: ((cause: unknown) => void) | undefined;
}

/** CanonicalABI.md: a trap poisons the instance (may_enter stays false); `cause` is reported by every later call. */
export function poisonState(st: InstanceState, cause: unknown, reported: unknown = cause): void {
  st.f = 2;
  st.cause = cause;
  st.onPoison?.(reported);
}
