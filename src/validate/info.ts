// Per-type bookkeeping wasmparser keeps to bound validation work: effective size (all nested types counted, so a
// type used twice counts twice), nesting depth, and whether a `borrow` occurs inside.
import { ValidationError } from '../errors.js';
import type { ValType } from '../types/index.js';
import type { AnyType, Entity } from './model.js';

export interface TypeInfo { readonly size: number; readonly depth: number; readonly borrow: boolean }

/** wasmparser limits: MAX_WASM_TYPE_SIZE, MAX_WASM_COMPONENT_TYPE_DEPTH. */
export const MAX_TYPE_SIZE = 1_000_000;
export const MAX_TYPE_DEPTH = 100;

const LEAF: TypeInfo = { size: 1, depth: 1, borrow: false };
const infos = new WeakMap<object, TypeInfo>();

/** Accumulates children into a parent's info (wasmparser `TypeInfo::combine`). */
export class InfoBuilder {
  size = 1;
  depth = 1;
  borrow = false;
  constructor(readonly offset: number) {}
  add(o: TypeInfo): void {
    this.depth = Math.max(this.depth, o.depth + 1);
    this.size += o.size;
    if (this.size >= MAX_TYPE_SIZE) throw new ValidationError(`effective type size exceeds the limit of ${MAX_TYPE_SIZE}`, this.offset);
    this.borrow ||= o.borrow;
  }
  done(): TypeInfo { return { size: this.size, depth: this.depth, borrow: this.borrow }; }
}

export function setInfo(t: object, i: TypeInfo): void { infos.set(t, i); }

export function valInfo(t: ValType): TypeInfo {
  const hit = infos.get(t);
  if (hit) return hit;
  if (t.kind === 'borrow') return { size: 1, depth: 1, borrow: true };
  return LEAF;
}

export function anyInfo(t: AnyType): TypeInfo {
  if (t.kind === 'resource') return LEAF;
  return infos.get(t) ?? (t.kind === 'borrow' ? valInfo(t) : LEAF);
}

export function entityInfo(e: Entity): TypeInfo {
  switch (e.kind) {
    case 'module': return LEAF;
    case 'type': return anyInfo(e.referenced.type);
    default: return anyInfo(e.type);
  }
}
