// The WIT syntax tree (WIT.md grammar), with spans (global SourceMap offsets) on every name.
import type { Span } from './lexer.js';

export interface Id { readonly name: string; readonly span: Span }

/** Raw comments (line and block) preceding an item, with their span. */
export interface Docs { readonly lines: readonly string[]; readonly span?: Span }

export type Attribute =
  | { readonly kind: 'since'; readonly span: Span; readonly version: string }
  | { readonly kind: 'unstable'; readonly span: Span; readonly feature: Id }
  | { readonly kind: 'deprecated'; readonly span: Span; readonly version: string }
  | { readonly kind: 'external-id'; readonly span: Span; readonly id: string };

export interface PackageName {
  readonly docs: Docs;
  readonly span: Span;
  readonly namespace: Id;
  readonly name: Id;
  readonly version?: { readonly span: Span; readonly text: string };
}

/** `foo` or `ns:pkg/foo@1.0.0` */
export type UsePath =
  | { readonly kind: 'id'; readonly id: Id }
  | { readonly kind: 'package'; readonly pkg: PackageName; readonly name: Id };

export interface PackageFile { readonly packageId?: PackageName; readonly items: AstItem[] }

export type AstItem =
  | { readonly kind: 'interface'; readonly iface: Interface }
  | { readonly kind: 'world'; readonly world: World }
  | { readonly kind: 'use'; readonly use: ToplevelUse }
  | { readonly kind: 'package'; readonly pkg: PackageFile };

export interface ToplevelUse { readonly span: Span; readonly attributes: Attribute[]; readonly item: UsePath; readonly as?: Id }

export interface Interface { readonly docs: Docs; readonly attributes: Attribute[]; readonly name: Id; readonly items: InterfaceItem[] }

export interface World { readonly docs: Docs; readonly attributes: Attribute[]; readonly name: Id; readonly items: WorldItem[] }

export type WorldItem =
  | { readonly kind: 'import' | 'export'; readonly docs: Docs; readonly attributes: Attribute[]; readonly extern: ExternKind }
  | { readonly kind: 'use'; readonly use: Use }
  | { readonly kind: 'type'; readonly def: TypeDef }
  | { readonly kind: 'include'; readonly include: Include };

export type ExternKind =
  | { readonly kind: 'interface'; readonly name: Id; readonly items: InterfaceItem[] }
  | { readonly kind: 'path'; readonly path: UsePath }
  | { readonly kind: 'func'; readonly name: Id; readonly func: Func }
  | { readonly kind: 'named-path'; readonly name: Id; readonly path: UsePath };

export type InterfaceItem =
  | { readonly kind: 'type'; readonly def: TypeDef }
  | { readonly kind: 'func'; readonly func: NamedFunc }
  | { readonly kind: 'use'; readonly use: Use };

export interface Use { readonly attributes: Attribute[]; readonly from: UsePath; readonly names: { name: Id; as?: Id }[] }

export interface Include { readonly attributes: Attribute[]; readonly from: UsePath; readonly names: { name: Id; as: Id }[] }

export interface TypeDef { readonly docs: Docs; readonly attributes: Attribute[]; readonly name: Id; readonly ty: Type }

export interface NamedFunc { readonly docs: Docs; readonly attributes: Attribute[]; readonly name: Id; readonly func: Func }

export interface Func {
  readonly span: Span;
  readonly async: boolean;
  readonly params: { name: Id; ty: Type }[];
  readonly result?: Type;
}

export type ResourceFunc = { readonly kind: 'method' | 'static' | 'constructor'; readonly func: NamedFunc };

export type PrimitiveName =
  | 'bool' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export type Type =
  | { readonly kind: 'primitive'; readonly span: Span; readonly name: PrimitiveName }
  | { readonly kind: 'name'; readonly span: Span; readonly id: Id }
  | { readonly kind: 'list'; readonly span: Span; readonly ty: Type; readonly size?: number }
  | { readonly kind: 'map'; readonly span: Span; readonly key: Type; readonly value: Type }
  | { readonly kind: 'handle'; readonly span: Span; readonly own: boolean; readonly resource: Id }
  | { readonly kind: 'resource'; readonly span: Span; readonly funcs: ResourceFunc[] }
  | { readonly kind: 'record'; readonly span: Span; readonly fields: { docs: Docs; name: Id; ty: Type }[] }
  | { readonly kind: 'flags'; readonly span: Span; readonly flags: { docs: Docs; name: Id }[] }
  | { readonly kind: 'variant'; readonly span: Span; readonly cases: { docs: Docs; name: Id; ty?: Type }[] }
  | { readonly kind: 'enum'; readonly span: Span; readonly cases: { docs: Docs; name: Id }[] }
  | { readonly kind: 'tuple'; readonly span: Span; readonly types: Type[] }
  | { readonly kind: 'option'; readonly span: Span; readonly ty: Type }
  | { readonly kind: 'result'; readonly span: Span; readonly ok?: Type; readonly err?: Type }
  | { readonly kind: 'future' | 'stream'; readonly span: Span; readonly ty?: Type };
