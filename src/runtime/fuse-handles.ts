// Handles crossing a fused call, table to table (CanonicalABI.md "Loading": lift_own / lift_borrow, "Storing":
// lower_own / lower_borrow): an own handle moves from one instance's table to the other's; a borrow is lent for the
// call (the lender's entry counts the loan until the call returns) and appears in the callee as a borrow scoped to
// the call, or as the bare rep when the callee implements the resource. No JS object stands in between.
import { trap } from '../abi/errors.js';
import type { InstanceState } from './glue/index.js';
import { checked as entry, HandleEntry, type HandleTable, type RuntimeResource } from './resources.js';

// CanonicalABI.md lift_own then lower_own: the entry leaves the source table and an own entry joins the destination's.
export function moveOwn(from: HandleTable, rt: RuntimeResource, to: HandleTable, i: number, what: string): number {
  const e = entry(from, rt, i, what);
  if (e.lends !== 0) trap(`${what}: cannot remove owned resource while borrowed (handle ${i >>> 0} is lent out)`);
  if (!e.own) trap(`${what}: handle ${i >>> 0} is a borrow, not an owned handle`);
  from.remove(i >>> 0);
  return to.add(new HandleEntry(rt, e.rep, true, undefined));
}

// CanonicalABI.md lift_borrow then lower_borrow: the lender's entry is lent (released by `releaseLends`); the callee
// gets the rep when it implements the resource, else a borrow entry scoped to its call.
export function lendBorrow(from: HandleTable, rt: RuntimeResource, to: HandleTable, st: InstanceState, i: number, what: string, lent: HandleEntry[]): number {
  const e = entry(from, rt, i, what);
  e.lends++;
  lent.push(e);
  if (rt.impl === st) return e.rep as number;
  return to.addBorrow(rt, e.rep, st);
}

/** Ends the loans of a fused call. */
export function releaseLends(lent: HandleEntry[]): void {
  for (const e of lent) e.lends--;
}

/**
 * Indices added to the callee's table while the current fused call's arguments are copied (own handles moved in,
 * borrow entries lent to a non-implementer). The JS path lifts every argument before it lowers any, so when a later
 * argument's data is the caller's fault the callee's table was never touched: `undoArgs` removes these again. One
 * log serves every adapter: copying arguments never nests (the callee's realloc runs with may_leave false, so it
 * cannot call out), and only adapters whose arguments carry handles use it (`argsStart` clears it per call).
 */
const added: number[] = [];
/** How many entries of `added` belong to the current call (a counter, not `added.length = 0`: cheaper per call). */
let count = 0;

/** Starts the log of a fused call whose arguments carry handles. */
export function argsStart(): void {
  count = 0;
  // A long list of handles' log is not kept alive past the next call that carries handles.
  if (added.length > 1024) added.length = 0;
}

/** `moveOwn` of an argument, logged. */
export function moveOwnIn(from: HandleTable, rt: RuntimeResource, to: HandleTable, i: number, what: string): number {
  const j = moveOwn(from, rt, to, i, what);
  added[count++] = j;
  return j;
}

/** `lendBorrow` of an argument, logged when it added a borrow entry (not for the implementer: a bare rep). */
export function lendBorrowIn(from: HandleTable, rt: RuntimeResource, to: HandleTable, st: InstanceState, i: number, what: string, lent: HandleEntry[]): number {
  const j = lendBorrow(from, rt, to, st, i, what, lent);
  if (rt.impl !== st) added[count++] = j;
  return j;
}

/** Removes the logged entries from the callee's table, last first, so its free list is as before the call (a
 *  caller's argument fault: the callee never ran; its borrow count is reset by `otherSideFault`). */
export function undoArgs(to: HandleTable): void {
  while (count > 0) to.remove(added[--count]!);
}
