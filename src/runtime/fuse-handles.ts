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
