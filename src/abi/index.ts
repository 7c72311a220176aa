// The Canonical ABI (CanonicalABI.md): layout, flattening, and lifting/lowering of values.
export * from './layout.js';
export * from './flatten.js';
export * from './context.js';
export * from './errors.js';
export * from './names.js';
export { MAX_STRING_BYTE_LENGTH, loadStringFromRange, storeStringIntoRange, utf16Tag } from './strings.js';
export { MAX_LIST_BYTE_LENGTH } from './ops/lists.js';
export { CoreValueIter, opsFor, type Flat, type ValueOps } from './ops/index.js';
export { load, store, liftFlat, lowerFlat, liftFlatValues, lowerFlatValues } from './values.js';
