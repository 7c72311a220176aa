// The core function of an async lower (CanonicalABI.md canon_lower with `async`), one per lower: compiled once per
// compiled component in codegen mode, written into the module by `kumiki transpile` (issue 12). runtime/async/calls.ts
// lowerAsync's steps written out, with the lower's argument plan, its callee and its result plan called from call
// sites of its own: shared by every lower (link-async.ts's closures), those sites see every lower's adapters and
// callee, and a host function that returns a value (the call RETURNED at once, nothing allocated) costs twice as much
// as soon as a second lower runs. Anything but a plain value returned by a host function (a kumiki callee that took
// the call, a Promise, a throw, an object) goes on in lowerRest, so values, errors and traps are the other modes' own.

/** What a lower whose core function is generated needs: its WIT parameter count and core arity (with the out-pointer). */
export interface EntryLower { readonly params: number; readonly arity: number; readonly result: boolean }

/** Lowers whose entry is generated: up to 8 WIT parameters and 9 core ones (else link-async.ts's closures). */
export function entryLower(params: number | undefined, arity: number | undefined, result: boolean): EntryLower | undefined {
  if (params === undefined || arity === undefined || arity < 0 || params > 8 || arity > 9 || (result && arity < 1)) return undefined;
  return { params, arity, result };
}

/**
 * The factory body of a lower's core function (factory parameters H, E, L, A, C, B): `H` (link-async.ts LOWER) holds
 * calls.ts lowerBegin, lowerEnd, offerTo, hostThrew, lowerRest and RETURNED (`R`); `E` is the lower's env
 * (LowerAsyncEnv); `A(callee)` makes its argument adapter (a lower plan without a result, calling `callee` with the
 * lifted JS arguments inside its borrow scope); `C` is the callee; `B(callee)`, when the function has a result, makes
 * its result adapter (storing `callee()`'s value at the out-pointer); `L` is unused.
 */
export function lowerEntrySource(l: EntryLower): string {
  const xs = Array.from({ length: l.params }, (_, i) => `x${i}`).join(', ');
  const ws = Array.from({ length: l.result ? l.arity - 1 : l.arity }, (_, i) => `w${i}`);
  const ps = [...ws, ...(l.result ? ['p'] : [])].join(', ');
  const p = l.result ? 'p' : 'undefined';
  return `  const R = H.R;
  // The value the result adapter stores (a plain value: a throw with an error payload goes to lowerRest).
  let V;
  const S = ${l.result ? 'B(function () { return V; })' : 'undefined'};
  // calls.ts lowerOffer: the callee called with the call offered (a kumiki callee takes it: calls.ts takeCaller); its
  // result kept in Y (the adapter, a plan without a result, returns nothing).
  let Y;
  const F = function (${xs}) {
    H.offerTo(E);
    try { Y = C(${xs}); } catch (e) { Y = H.hostThrew(E, e); } finally { H.offerTo(undefined); }
  };
  const G = A(F);
  return function (${ps}) {
    const o = H.lowerBegin(${p});
    let c;
    try { G(${ws.join(', ')}); } finally { c = H.lowerEnd(o); }
    const r = Y;
    Y = undefined;
    // A host function returned a value that is no object (nor a Promise, nor a thrown payload): RETURNED, stored.
    if (c === undefined && (typeof r !== 'object' || r === null) && typeof r !== 'function') {
      ${l.result ? `V = r;
      try { S(p); } finally { V = undefined; }
      ` : ''}return R;
    }
    return H.lowerRest(E, c, r, ${p});
  };`;
}

let serial = 0;

/** Compiles a lower's core function factory (codegen mode); its source names a serial number, so V8 shares no feedback. */
export function codegenLowerEntry(l: EntryLower, name: string): (...a: unknown[]) => unknown {
  const label = name.replace(/[^\w:@./#-]/g, '_');
  return new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki async lower #${++serial} ${label} */\n${lowerEntrySource(l)}`) as (...a: unknown[]) => unknown;
}
