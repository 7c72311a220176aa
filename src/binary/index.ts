// Component binaries: typed AST (ast.ts), reader, writer, opcode tables, hand-building helpers.
// Contract: offsets are absolute in the outermost input; core modules are views (never copies) of the input;
// readComponent → writeComponent reproduces the input bytes; every malformed input throws ValidationError.
export type * from './ast.js';
export * from './opcodes.js';
export { readComponent, binaryKind } from './read.js';
export { readCoreModuleSurface } from './read-module.js';
export { writeComponent } from './write.js';
export { buildComponent, externName, sections } from './build.js';
export { componentTree, type TreeOptions } from './tree.js';
