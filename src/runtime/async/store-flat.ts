// A value's flat core values stored at a pointer in its memory layout (CanonicalABI.md "Flat Lowering" read back
// with "Storing"): the values are already the guest's own (strings and lists in its memory, handles in its table),
// so nothing is allocated or converted but the variant join coercions (CanonicalABI.md lift_flat_variant). Used for
// an async call's result fused into the caller (link-async.ts): the result plan's flat values go to the caller's
// out-pointer, as a JS value would have been stored there.
import type { ValueOp } from '../../abi/plan.js';
import type { FlatType } from '../../abi/type-facts.js';

/** How many flat values `op` has (CanonicalABI.md flatten_type). */
export function flatCount(op: ValueOp): number {
  switch (op.op) {
    case 'string': return 2;
    case 'list': return op.fixed === undefined ? 2 : op.fixed * flatCount(op.elem);
    case 'map': return 2;
    case 'record': { let n = 0; for (const f of op.fields) n += flatCount(f.op); return n; }
    case 'variant': return 1 + op.flat.length; // the discriminant, then the joined payload (plan.ts)
    default: return 1;
  }
}

const F32 = new Float32Array(1), I32 = new Int32Array(F32.buffer);
const F64 = new Float64Array(1), I64 = new BigInt64Array(F64.buffer);

/** A joined flat value (`from`, the variant's type) as the case's own flat type `to` (CanonicalABI.md join). */
function unjoin(v: unknown, from: FlatType, to: FlatType): unknown {
  if (from === to) return v;
  if (to === 'i32') return Number(BigInt.asIntN(32, v as bigint));
  if (to === 'f32') { I32[0] = from === 'i64' ? Number(BigInt.asIntN(32, v as bigint)) : v as number; return F32[0]; }
  I64[0] = v as bigint; // to === 'f64', from === 'i64'
  return F64[0];
}

/** Stores the flat values `flat` (from `at`) of `op` at `ptr` in `dv`; `wide`: 64-bit pointers and lengths (cm64). */
export function storeFlat(dv: DataView, op: ValueOp, flat: readonly unknown[], at: number, ptr: number, wide: boolean): void {
  const v = flat[at];
  switch (op.op) {
    case 'bool': dv.setUint8(ptr, (v as number) !== 0 ? 1 : 0); return;
    case 'char': case 'handle': case 'async-handle': dv.setUint32(ptr, (v as number) >>> 0, true); return;
    case 'int':
      switch (op.kind) {
        case 'u8': case 's8': dv.setUint8(ptr, (v as number) & 0xff); return;
        case 'u16': case 's16': dv.setUint16(ptr, (v as number) & 0xffff, true); return;
        case 'u32': case 's32': dv.setUint32(ptr, (v as number) >>> 0, true); return;
        default: dv.setBigUint64(ptr, BigInt.asUintN(64, v as bigint), true); return;
      }
    case 'float': if (op.kind === 'f32') dv.setFloat32(ptr, v as number, true); else dv.setFloat64(ptr, v as number, true); return;
    case 'flags':
      if (op.size === 1) dv.setUint8(ptr, (v as number) & 0xff); else if (op.size === 2) dv.setUint16(ptr, (v as number) & 0xffff, true); else dv.setUint32(ptr, (v as number) >>> 0, true);
      return;
    case 'string': case 'map': case 'list':
      if (op.op === 'list' && op.fixed !== undefined) {
        const n = flatCount(op.elem);
        for (let i = 0; i < op.fixed; i++) storeFlat(dv, op.elem, flat, at + i * n, ptr + i * op.size, wide);
        return;
      }
      if (wide) { dv.setBigUint64(ptr, BigInt.asUintN(64, v as bigint), true); dv.setBigUint64(ptr + 8, BigInt.asUintN(64, flat[at + 1] as bigint), true); }
      else { dv.setUint32(ptr, (v as number) >>> 0, true); dv.setUint32(ptr + 4, (flat[at + 1] as number) >>> 0, true); }
      return;
    case 'record':
      for (const f of op.fields) { storeFlat(dv, f.op, flat, at, ptr + f.offset, wide); at += flatCount(f.op); }
      return;
    case 'variant': {
      const d = (v as number) >>> 0;
      if (op.disc === 'u8') dv.setUint8(ptr, d); else if (op.disc === 'u16') dv.setUint16(ptr, d, true); else dv.setUint32(ptr, d, true);
      const c = op.cases[d];
      if (c?.op === undefined) return;
      // The case's flat values are a prefix of the variant's joined ones (after the discriminant), coerced back.
      const own = c.flat.map((t, i) => unjoin(flat[at + 1 + i], op.flat[i]!, t));
      storeFlat(dv, c.op, own, 0, ptr + op.payloadOffset, wide);
      return;
    }
  }
}
