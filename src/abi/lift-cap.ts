// The per-call cap on bytes lifted from guest memory into JS values (issue 10, "Bounds"): a guest returning many
// list entries aliasing one large string must trap, not exhaust the host's heap. Counted by the string and list
// lifts of generated adapters (runtime/glue) and of the interpreter (AbiContext), reset as each adapter call begins.
import { trap } from './errors.js';

/** The default cap: 256 MiB per call (`maxLiftBytes` changes it per component). */
export const DEFAULT_MAX_LIFT_BYTES = 256 * 2 ** 20;

/** Why a call that lifted more than `cap` bytes into JS traps. */
export function liftCapReason(cap: number): string {
  return `more than ${cap} bytes lifted into JS values in one call (the maxLiftBytes limit)`;
}

/** The trap of a call that lifted more than `cap` bytes into JS. */
export function liftCapTrap(cap: number, what: string): never {
  return trap(`${what}: ${liftCapReason(cap)}`);
}
