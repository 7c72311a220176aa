// Core signatures of `canon lift`/`canon lower` (CanonicalABI.md "Flattening": flatten_functype), with the
// option requirements the flattening implies (a pointer anywhere needs `memory`; values the callee allocates
// need `realloc`), worded as wasmparser words them.
import { join, MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, type FlatType as Flat } from '../abi/flatten.js';
import { ValidationError } from '../errors.js';
import type { CoreFuncType, FuncType, ValType } from '../types/index.js';
import { valChildren } from './model.js';

// Unlike abi/flatten.ts, flattening here stops at the limit: a `list<T, 1000000000>` must not build its flat list.
export type { Flat };

/** The canonical options as validated (wasmparser `CanonicalOptions`). */
export interface CanonOptions {
  readonly stringEncoding: 'utf8' | 'utf16' | 'latin1+utf16';
  readonly memory?: { readonly index: number; readonly addr: 'i32' | 'i64' };
  readonly realloc?: number;
  readonly postReturn?: number;
  readonly async: boolean;
  readonly callback?: number;
  readonly coreType?: number;
  readonly gc: boolean;
}

export function requireMemory(o: CanonOptions, offset: number): void {
  if (!o.memory) throw new ValidationError('canonical option `memory` is required', offset);
}

export function requireRealloc(o: CanonOptions, offset: number): void {
  requireMemory(o, offset);
  if (o.realloc === undefined) throw new ValidationError('canonical option `realloc` is required', offset);
}

/** Does the type hold a pointer (string or list) anywhere? (Streams and futures are handles.) */
export function containsPtr(t: ValType): boolean {
  switch (t.kind) {
    case 'string': case 'map': return true;
    case 'list': return t.length === undefined || containsPtr(t.element);
    case 'future': case 'stream': return false;
    default: return valChildren(t).some(containsPtr);
  }
}

/** Appends `t`'s flat types to `out`; false once more than `max` would be needed. */
export function pushFlat(t: ValType, ptr: Flat, out: Flat[], max: number): boolean {
  const push = (f: Flat): boolean => { if (out.length >= max) return false; out.push(f); return true; };
  switch (t.kind) {
    case 's64': case 'u64': return push('i64');
    case 'f32': return push('f32');
    case 'f64': return push('f64');
    case 'string': case 'map': return push(ptr) && push(ptr);
    case 'list':
      if (t.length === undefined) return push(ptr) && push(ptr);
      for (let i = 0; i < t.length; i++) if (!pushFlat(t.element, ptr, out, max)) return false;
      return true;
    case 'record': return t.fields.every((f) => pushFlat(f.type, ptr, out, max));
    case 'tuple': return t.types.every((x) => pushFlat(x, ptr, out, max));
    case 'variant': return pushVariant(t.cases.map((c) => c.type), ptr, out, max);
    case 'option': return pushVariant([undefined, t.type], ptr, out, max);
    case 'result': return pushVariant([t.ok, t.err], ptr, out, max);
    case 'flags': return push('i32');
    default: return push('i32');
  }
}

// CanonicalABI.md "Flattening": flatten_variant (discriminant, then the joined case payloads).
function pushVariant(cases: readonly (ValType | undefined)[], ptr: Flat, out: Flat[], max: number): boolean {
  if (out.length >= max) return false;
  out.push('i32');
  const start = out.length;
  for (const c of cases) {
    if (!c) continue;
    const tmp: Flat[] = [];
    if (!pushFlat(c, ptr, tmp, max)) return false;
    for (let i = 0; i < tmp.length; i++) {
      if (start + i < out.length) out[start + i] = join(out[start + i]!, tmp[i]!);
      else if (out.length >= max) return false;
      else out.push(tmp[i]!);
    }
  }
  return true;
}

/** wasmparser `ComponentFuncType::lower` (non-GC): the core type a lift expects / a lower produces. */
export function lowerFuncType(ft: FuncType, o: CanonOptions, abi: 'lift' | 'lower', offset: number): CoreFuncType {
  const ptr: Flat = o.memory?.addr ?? 'i32';
  let params: Flat[] = [];
  let results: Flat[] = [];
  let maxParams = abi === 'lower' && o.async ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS;
  for (const p of ft.params) {
    if (containsPtr(p.type)) {
      if (abi === 'lower') requireMemory(o, offset); else requireRealloc(o, offset);
    }
    if (!pushFlat(p.type, ptr, params, maxParams)) {
      params = [ptr];
      requireMemory(o, offset);
      if (abi === 'lift') requireRealloc(o, offset);
      break;
    }
  }
  if (ft.result && abi === 'lower' && containsPtr(ft.result) && o.realloc === undefined) requireRealloc(o, offset);
  if (!o.async) {
    if (ft.result && !pushFlat(ft.result, ptr, results, MAX_FLAT_RESULTS)) {
      results = [];
      requireMemory(o, offset);
      if (abi === 'lower') { maxParams = MAX_FLAT_PARAMS + 1; params.push(ptr); } else results.push(ptr);
    }
  } else if (abi === 'lower') {
    if (ft.result) { params.push('i32'); requireMemory(o, offset); }
    results = ['i32'];
  } else {
    if (ft.result) {
      const overflow = !pushFlat(ft.result, ptr, [], MAX_FLAT_PARAMS);
      if ((overflow || containsPtr(ft.result)) && !o.memory) requireMemory(o, offset);
    }
    if (o.callback !== undefined) results = ['i32'];
  }
  return { kind: 'func', params, results };
}
