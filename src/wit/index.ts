// The WIT front end: parse, resolve, print (WIT text and wit-parser JSON), convert to the shared type model.
export { parseWit, type ParseWitOptions, type ParsedWit, type WitFiles } from './parse.js';
export { resolveToJson } from './json.js';
export { printWit } from './printer.js';
export { worldToComponentType } from './to-types.js';
export type {
  Resolve, Package, PackageName, World, WorldItem, WorldKey, WorldItems, Interface, TypeDef, TypeDefKind, TypeOwner,
  WitFunction, FunctionKind, Param as WitParam, WitType, Stability, Field as WitField, Case as WitCase, NamedCase,
} from './model.js';
