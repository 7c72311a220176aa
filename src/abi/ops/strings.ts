// The `string` type's ops (CanonicalABI.md "Loading": load_string, "Storing": store_string, lift/lower_flat_string).
import { primitive } from '../../types/index.js';
import { describe, ValueTypeError } from '../errors.js';
import { ptrSize, type AddrType } from '../layout.js';
import { loadStringFromRange, storeStringIntoRange } from '../strings.js';
import { flatLength, flatPtr, type ValueOps } from './core.js';

function checkString(v: unknown): string {
  if (typeof v !== 'string') throw new ValueTypeError(`expected string, got ${describe(v)}`);
  return v;
}

export function stringOps(addrType: AddrType): ValueOps {
  const ps = ptrSize(addrType);
  return {
    type: primitive('string'), size: 2 * ps, align: ps, flat: [addrType, addrType],
    load: (cx, p) => loadStringFromRange(
      cx, cx.loadPtr(p), ps === 8 ? cx.dv.getBigUint64(p + 8, true) : cx.dv.getUint32(p + 4, true)),
    store: (cx, v, p) => {
      const begin = storeStringIntoRange(cx, checkString(v));
      cx.storePtr(p, begin);
      cx.storePtr(p + ps, cx.scratchLength);
    },
    liftFlat: (cx, vi) => {
      const begin = flatPtr(cx, vi.next());
      return loadStringFromRange(cx, begin, flatLength(cx, vi.next()));
    },
    lowerFlat: (cx, v, out) => {
      const begin = storeStringIntoRange(cx, checkString(v));
      out.push(cx.flatPtr(begin), cx.scratchLength);
    },
  };
}
