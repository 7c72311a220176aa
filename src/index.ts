// kumiki: WebAssembly Interface Types for every JavaScript host. Zero dependencies, no Node-only imports.
export * from './types/index.js';
export { WitError, ValidationError, UnsupportedError, Trap, ComponentError, LinkError } from './errors.js';
export * from './wit/index.js';
export { onDestructorTrap } from './runtime/resources.js';
export { onStreamError } from './runtime/stream-errors.js';
export { Component, instantiate, type ComponentOptions, type Imports, type Exports, type ExportNode, type Instance } from './entries/component.js';
export * as binary from './binary/index.js';
export * as abi from './abi/index.js';
export { validate, validateComponent, type ValidateOptions, type ValidatedComponent, type ComponentView } from './validate/index.js';
export { decodeWitFromBinary, printDecodedWit, encodeWorldMetadata, embedWorld, encodePackage, type DecodedWit } from './wit-binary/index.js';
export { componentTypeToDts, type DtsOptions } from './tools/dts.js';
export { witDocs } from './tools/wit-docs.js';
export { transpile, type TranspileOptions, type TranspileResult } from './tools/transpile.js';
export { componentNew, ComponentNewError, compose, printComponent, PrintError, type ComponentNewOptions, type ComposeInput, type ComposeLink, type PrintOptions } from './toolchain/index.js';
