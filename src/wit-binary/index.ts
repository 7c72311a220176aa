// The WIT package encoding (WIT.md "Package Format", wit-component `metadata`): WIT ↔ component binary.
export { decodeWitFromBinary, type DecodedWit } from './decode.js';
export { encodeWorld, encodeWorldMetadata, embedWorld, type StringEncoding } from './encode.js';
export { appendCustomSection, removeCustomSections } from './custom-sections.js';
export { printDecodedWit } from './print.js';
export { encodePackage, encodeInterfaceType } from './encode-package.js';
