// The JS function of an async lift, generated once per lift of a compiled component (issue 12): a JS call's fast
// path (runtime/async/calls.ts fastBegin and the task's steps, in the order TaskRun.again takes them) with the
// lift's argument adapter and core function called from call sites of its own. Shared by every lift, those two
// sites see many targets and V8 reaches them through its generic call and wasm entry; here each sees one.
// Anything but the fast path (a kumiki caller, no spare task, an instance poisoned, under backpressure or busy)
// goes to the lift's general entry `L`, so the values, errors and traps are the other modes' own.

/**
 * Makes a lift's entry: `H` the fast path's module functions (fastBegin, swapTask), `E` the lift's environment, `L`
 * its general entry, `A` its argument adapter (its flat values land in `B`), `C` its core function.
 */
export type AsyncEntryFactory = (H: unknown, E: unknown, L: unknown, A: unknown, C: unknown, B: unknown[]) => (...args: never[]) => unknown;

/** The body of the entry of a lift with `params` JS parameters and `flat` core parameters (at most 4: `B`'s length). */
export function asyncEntrySource(params: number, flat: number): string {
  const ps = Array.from({ length: params }, (_, i) => `a${i}`).join(', ');
  const fs = Array.from({ length: flat }, (_, i) => `B[${i}]`).join(', ');
  // Without parameters a fused caller's arguments still come first (link-async.ts liftEntry): `L` gets them.
  const ls = params === 0 ? 'a0' : ps;
  return `  return function (${ls}) {
    const t = H.begin(E);
    if (t === undefined) return L(${ls});
    try { A(${ps}); } catch (e) { return t.fail(e); }
    const p = t.enter();
    let r;
    try {
      try { r = C(${fs}); } finally { H.leave(p); }
    } catch (e) { return t.fail(t.trap(e)); }
    return t.end(r);
  };`;
}

let serial = 0;

/**
 * Compiles the entry factory of one lift. Its source names the lift and a serial number: V8 caches `new Function` by
 * source, and two lifts sharing one compiled function would share its call sites again.
 */
export function codegenAsyncEntry(params: number, flat: number, name: string): AsyncEntryFactory {
  const label = name.replace(/[^\w:@./#-]/g, '_');
  return new Function('H', 'E', 'L', 'A', 'C', 'B', `  /* kumiki async entry #${++serial} ${label} */\n${asyncEntrySource(params, flat)}`) as AsyncEntryFactory;
}
