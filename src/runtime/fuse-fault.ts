// Whose fault a failed fused copy is (README "One behaviour"): a fused adapter reads the source and writes the
// destination in one pass, where the JS path first lifts (the source side's adapter) and then lowers (the
// destination side's). A fault must be reported and must poison as the JS path does: the destination's faults (its
// realloc, the caller's out-pointer) are marked here when they happen; every other fault is the source's.
import { Trap } from '../errors.js';
import type { AllocContent } from '../abi/trap-texts.js';
import { alloc, type MemView, type ReallocFn } from './glue/memview.js';
import { exitNested, type InstanceState } from './glue/index.js';

const DEST = new WeakSet<object>();

function mark(e: unknown): unknown {
  if (typeof e === 'object' && e !== null) DEST.add(e);
  return e;
}

/** A fault of the destination side (its realloc trapped or returned a bad pointer; a bad out-pointer). */
export function isDestFault(e: unknown): boolean {
  return typeof e === 'object' && e !== null && DEST.has(e);
}

/** `alloc` in the destination: what it throws is the destination's fault (CanonicalABI.md "Storing"). */
export function destAlloc(m: MemView, ra: ReallocFn | undefined, oldPtr: number, oldSize: number, align: number, size: number, what: string, content?: AllocContent): number {
  try { return alloc(m, ra, oldPtr, oldSize, align, size, what, content); } catch (e) { throw mark(e); }
}

/** `m.check` of a destination pointer (the caller's out-pointer for a result in memory). */
export function destCheck(m: MemView, p: number, size: number, align: number, what: string): void {
  try { m.check(p, size, align, what); } catch (e) { throw mark(e); }
}

/**
 * A fault the JS path reports from the other adapter of the pair (the caller's lower for bad argument data, the
 * caller's lower for a result's destination): worded with that adapter's location (`from` → `to`: `f(` → `c#f(`,
 * `result of f` → `result of import c#f`), and the callee, when `stb` is given, leaves the call unpoisoned (it never
 * ran, or it returned and ran its post-return before the fault); `entered`: the copy entered it (not so for a
 * running instance's task.return sink).
 */
export function otherSideFault(e: unknown, from: string, to: string, stb?: InstanceState, entered = true): unknown {
  if (stb !== undefined) {
    stb.l = 0; // its realloc may have been about to run
    if (entered) {
      if (stb.p !== undefined) exitNested(stb);
      stb.f = 0;
      stb.b = 0;
    }
  }
  if (e instanceof Trap) {
    const head = `canonical ABI: ${from}`;
    if (e.message.startsWith(head)) {
      e.message = `canonical ABI: ${to}${e.message.slice(head.length)}`;
      if (typeof e.cause === 'string' && e.cause.startsWith(from)) (e as { cause?: unknown }).cause = to + e.cause.slice(from.length);
    }
  }
  return e;
}
