// kumiki: WebAssembly Interface Types for every JavaScript host. Zero dependencies, no Node-only imports.
export * from './types/index.js';
export { WitError, ValidationError, UnsupportedError, Trap, ComponentError, LinkError } from './errors.js';
