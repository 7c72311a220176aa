// The WIT package encoding (WIT.md "Package Format", wit-component `metadata`): WIT ↔ component binary.
export { decodeWitFromBinary, type DecodedWit } from './decode.js';
