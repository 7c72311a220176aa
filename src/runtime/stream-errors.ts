// Where a JS-side failure of a stream or future that JS passed to a component goes once no call is left to reject
// (README "Async": errors of JS streams): the source threw, a ReadableStream errored, a chunk held a value of the
// wrong type, a future's Promise rejected. The guest sees the writable end drop; JS gets the error here. Kept apart
// from the async runtime so the main entry can export the setter without loading it.
import { describe } from '../abi/errors.js';

/** Default: a console error (an unhandled rejection would end a Node process). */
function logStreamError(e: unknown): void {
  console.error('kumiki: a stream or future that JS passed to a component failed after the call that passed it had settled (set a handler with onStreamError):', e);
}
let handler: (error: unknown) => void = logStreamError;

/** Sets the handler of such errors (`undefined` restores the default console error). */
export function onStreamError(h: ((error: unknown) => void) | undefined): void {
  if (h !== undefined && typeof h !== 'function') throw new TypeError(`onStreamError(handler): expected a function, got ${describe(h)}`);
  handler = h ?? logStreamError;
}

/** Reports `e` to the handler; a handler that throws is logged, never rethrown (there is no caller to take it). */
export function reportStreamError(e: unknown): void {
  try {
    handler(e);
  } catch (e2) {
    logStreamError(e2);
  }
}
