// Traps raised by the async built-ins, with the wording the spec suite (and wasmtime) use.
import { Trap } from '../../errors.js';

export function asyncTrap(message: string): never {
  throw new Trap(message);
}

/** CanonicalABI.md: a task whose function type is not `async` may not block before it returns. */
export const SYNC_BLOCK = 'cannot block a synchronous task before returning';
