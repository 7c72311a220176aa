// The WIT front end: parse, resolve, print (WIT text and wit-parser JSON), convert to the shared type model.
// Model types are re-exported with a `Wit` prefix so they cannot clash with the component type model's names.
export { parseWit, type ParseWitOptions, type ParsedWit, type WitFiles } from './parse.js';
export { resolveToJson } from './json.js';
export { printWit } from './printer.js';
export { worldToComponentType } from './to-types.js';
export type {
  Resolve as WitResolve, Package as WitPackage, PackageName as WitPackageName, World as WitWorld,
  WorldItem as WitWorldItem, WorldKey as WitWorldKey, WorldItems as WitWorldItems, Interface as WitInterface,
  TypeDef as WitTypeDef, TypeDefKind as WitTypeDefKind, TypeOwner as WitTypeOwner, WitFunction,
  FunctionKind as WitFunctionKind, Param as WitParam, WitType, Stability as WitStability, Field as WitField,
  Case as WitCase, NamedCase as WitNamedCase,
} from './model.js';
