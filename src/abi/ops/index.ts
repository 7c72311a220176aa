// Type → ops, built once per (type, address type) and cached on the type object.
import type { ValType } from '../../types/index.js';
import type { AddrType } from '../layout.js';
import type { OpsFor, ValueOps } from './core.js';
import { flagsOps } from './flags.js';
import { handleOps } from './handles.js';
import { listOps } from './lists.js';
import { mapOps } from './maps.js';
import { scalarOps } from './numbers.js';
import { recordOps, tupleOps } from './records.js';
import { stringOps } from './strings.js';
import { enumOps, optionOps, resultOps, variantOps } from './variants.js';

export { CoreValueIter, type Flat, type ValueOps } from './core.js';

const caches = { i32: new WeakMap<ValType, ValueOps>(), i64: new WeakMap<ValType, ValueOps>() };
const strings = { i32: stringOps('i32'), i64: stringOps('i64') };

/** The ops of a value type for a memory of `addrType`. */
export const opsFor: OpsFor = (t, addrType = 'i32') => {
  const scalar = scalarOps(t);
  if (scalar !== undefined) return scalar;
  if (t.kind === 'string') return strings[addrType];
  const cache = caches[addrType];
  let ops = cache.get(t);
  if (ops === undefined) {
    ops = build(t, addrType);
    cache.set(t, ops);
  }
  return ops;
};

function build(t: ValType, addrType: AddrType): ValueOps {
  switch (t.kind) {
    case 'list': return listOps(t, addrType, opsFor);
    case 'record': return recordOps(t, addrType, opsFor);
    case 'tuple': return tupleOps(t, addrType, opsFor);
    case 'variant': return variantOps(t, addrType, opsFor);
    case 'enum': return enumOps(t, addrType, opsFor);
    case 'option': return optionOps(t, addrType, opsFor);
    case 'result': return resultOps(t, addrType, opsFor);
    case 'flags': return flagsOps(t);
    case 'map': return mapOps(t, addrType, opsFor);
    case 'own': case 'borrow': case 'error-context': case 'stream': case 'future': return handleOps(t);
    default: throw new TypeError(`no canonical ABI for type kind '${t.kind}'`);
  }
}
