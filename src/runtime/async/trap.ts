// Traps raised by the async built-ins, with the wording the spec suite (and wasmtime) use.
import { Trap, UnsupportedError } from '../../errors.js';
import { coreTrapReason } from '../../abi/trap-texts.js';
import { poisonState, type InstanceState } from '../instance-state.js';

export function asyncTrap(message: string): never {
  throw new Trap(message);
}

/** CanonicalABI.md: a task whose function type is not `async` may not block before it returns. */
export const SYNC_BLOCK = 'cannot block a synchronous task before returning';

/**
 * Core code of a task failed: the instance is poisoned (every later call traps, CanonicalABI.md "trap") and the
 * error becomes a Trap naming the function (`f: canonical ABI: …`, as a sync adapter's failure words it), in the
 * reference runtime's words for core traps. A Trap that names the function already is kept as it is.
 */
export function poison(st: InstanceState, name: string, e: unknown): unknown {
  const t = e instanceof UnsupportedError || (e instanceof Trap && e.message.startsWith(`${name}: `)) ? e : new Trap(`${name}: ${reason(e)}`, { cause: e });
  if (st.f !== 2) poisonState(st, e, t);
  return t;
}

/** What failed, for a trap's text: a core trap in the reference runtime's words, else the error's own message. */
function reason(e: unknown): string {
  return e instanceof WebAssembly.RuntimeError && !(e instanceof Trap) ? coreTrapReason(e.message) : e instanceof Error ? e.message : String(e);
}

/** CanonicalABI.md may_enter: a poisoned instance is never entered again. */
export function checkEnter(st: InstanceState, name: string): void {
  if (st.f === 2) {
    const why = st.cause instanceof Error ? st.cause.message : String(st.cause);
    throw new Trap(`${name}: cannot enter component instance: it is poisoned by an earlier trap (${why})`, { cause: st.cause });
  }
}
