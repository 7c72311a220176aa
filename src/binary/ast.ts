// The typed AST of a component binary (component-model Binary.md, encodings as wasmparser a7ef4778 reads them).
// Syntactic only: indices stay indices; `validate/` resolves them into `types/`. Every node carries `offset`,
// the byte offset (in the outermost input) where it starts, for error messages.
// Stability contract: later changes are additive (new optional fields, new union members).
// What the reader leaves to the validator (wasmparser checks some of these while decoding):
// - feature gates (see `opcodes.ts`), incl. `ExternName.discriminant === 2`, which wasmparser rejects while reading
//   unless `cm-implements` or `cm-canon-names` is on ("the `cm-implements` feature is not active");
// - section 12 (values, 🪙) and ids > 12: id 12 is kept as an `unknown` section (validator: "malformed section id: 12"
//   unless cm-values), ids 13+ are rejected by the reader;
// - a negative s33 where a type index is expected is stored as wasmparser does (`as u32`: ≥ 2^31), so it fails
//   as an out-of-bounds index.
import type { PrimitiveKind } from '../types/values.js';

export type { PrimitiveKind };

/** Byte offset of the node's first byte in the outermost input. */
export interface Located { readonly offset: number }

// ───────────────────────────── component, sections ─────────────────────────────

/** `component ::= preamble s*:<section>*` (preamble = magic, version 0x0d, layer 0x01). */
export interface Component extends Located {
  readonly kind: 'component';
  /** `version` field (0x0d today). */
  readonly version: number;
  /** `layer` field (0x01 for components). */
  readonly layer: number;
  readonly sections: Section[];
  /** Offset just past the last section. */
  readonly end: number;
}

/** `section ::= section_N(...)`; ids 0–12 (Binary.md "Component Definitions"). */
export type Section =
  | CustomSection | CoreModuleSection | CoreInstanceSection | CoreTypeSection | ComponentSection
  | InstanceSection | AliasSection | TypeSection | CanonSection | StartSection | ImportSection
  | ExportSection | UnknownSection;

/** Fields shared by all sections. `offset` is the id byte; `contentOffset` the first content byte. */
export interface SectionBase extends Located {
  readonly id: number;
  readonly contentOffset: number;
  /** Content size in bytes, as encoded. */
  readonly size: number;
  /** Byte width of the size LEB when the input used a non-minimal encoding (round trip). */
  readonly sizeWidth?: number;
  /** The original content bytes, set only when the content used non-canonical encodings (over-long LEBs)
   *  the AST cannot express; the writer then emits them verbatim. Absent for hand-built ASTs. */
  readonly raw?: Uint8Array;
}

/** `section_0(<core:custom>)`: custom section, name + opaque payload. */
export interface CustomSection extends SectionBase { readonly id: 0; readonly kind: 'custom'; readonly name: string; readonly data: Uint8Array }

/** `section_1(<core:module>)`: an embedded core module, kept as a view of its bytes (never copied). */
export interface CoreModuleSection extends SectionBase { readonly id: 1; readonly kind: 'core-module'; readonly module: CoreModuleBytes }

/** A core module's byte range: `bytes` is a subarray of the input, from `offset` to `end`. */
export interface CoreModuleBytes extends Located { readonly bytes: Uint8Array; readonly end: number }

/** `section_2(vec(<core:instance>))`. */
export interface CoreInstanceSection extends SectionBase { readonly id: 2; readonly kind: 'core-instance'; readonly items: CoreInstance[] }

/** `section_3(vec(<core:type>))`. */
export interface CoreTypeSection extends SectionBase { readonly id: 3; readonly kind: 'core-type'; readonly items: CoreTypeDef[] }

/** `section_4(<component>)`: a nested component, parsed; `bytes` is the view of its encoding. */
export interface ComponentSection extends SectionBase { readonly id: 4; readonly kind: 'component'; readonly component: Component; readonly bytes: Uint8Array }

/** `section_5(vec(<instance>))`. */
export interface InstanceSection extends SectionBase { readonly id: 5; readonly kind: 'instance'; readonly items: Instance[] }

/** `section_6(vec(<alias>))`. */
export interface AliasSection extends SectionBase { readonly id: 6; readonly kind: 'alias'; readonly items: Alias[] }

/** `section_7(vec(<type>))`. */
export interface TypeSection extends SectionBase { readonly id: 7; readonly kind: 'type'; readonly items: TypeDef[] }

/** `section_8(vec(<canon>))`. */
export interface CanonSection extends SectionBase { readonly id: 8; readonly kind: 'canon'; readonly items: Canon[] }

/** `section_9(<start>)`. */
export interface StartSection extends SectionBase { readonly id: 9; readonly kind: 'start'; readonly start: Start }

/** `section_10(vec(<import>))`. */
export interface ImportSection extends SectionBase { readonly id: 10; readonly kind: 'import'; readonly items: Import[] }

/** `section_11(vec(<export>))`. */
export interface ExportSection extends SectionBase { readonly id: 11; readonly kind: 'export'; readonly items: Export[] }

/** Any other id (incl. `section_12(vec(<value>))`, which wasmparser does not decode): opaque bytes. */
export interface UnknownSection extends SectionBase { readonly kind: 'unknown'; readonly data: Uint8Array }

// ───────────────────────────── sorts ─────────────────────────────

/** `core:sort` (0x00 func … 0x04 tag, 0x10 type, 0x11 module, 0x12 instance); plus wasmparser's `func-exact` (0x20) external kind. */
export type CoreSort = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'module' | 'instance' | 'func-exact';

/** `sort ::= 0x00 cs:<core:sort> | 0x01 func | 0x02 value | 0x03 type | 0x04 component | 0x05 instance`;
 *  core sorts are written `core-<cs>`. */
export type Sort =
  | 'core-func' | 'core-table' | 'core-memory' | 'core-global' | 'core-tag' | 'core-type' | 'core-module' | 'core-instance'
  | 'core-func-exact' | 'func' | 'value' | 'type' | 'component' | 'instance';

/** Core external kinds (`core:externtype` discriminants) usable in core exports and core-export aliases. */
export type CoreExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'func-exact';

// ───────────────────────────── instances ─────────────────────────────

/** `core:instanceexpr`: `0x00 m arg*` (instantiate) or `0x01 e*` (inline exports). */
export type CoreInstance = CoreInstantiate | CoreInlineExports;
/** `core:instanceexpr ::= 0x00 m:<moduleidx> arg*:vec(<core:instantiatearg>)`. */
export interface CoreInstantiate extends Located { readonly kind: 'instantiate'; readonly module: number; readonly args: CoreInstantiateArg[] }
/** `core:instantiatearg ::= n:<core:name> 0x12 i:<instanceidx>`. */
export interface CoreInstantiateArg extends Located { readonly name: string; readonly instance: number }
/** `core:instanceexpr ::= 0x01 e*:vec(<core:inlineexport>)`. */
export interface CoreInlineExports extends Located { readonly kind: 'exports'; readonly exports: CoreInlineExport[] }
/** `core:inlineexport ::= n:<core:name> si:<core:sortidx>`. */
export interface CoreInlineExport extends Located { readonly name: string; readonly sort: CoreExternKind; readonly index: number }

/** `instanceexpr`: `0x00 c arg*` (instantiate) or `0x01 e*` (inline exports). */
export type Instance = ComponentInstantiate | InlineExports;
/** `instanceexpr ::= 0x00 c:<componentidx> arg*:vec(<instantiatearg>)`. */
export interface ComponentInstantiate extends Located { readonly kind: 'instantiate'; readonly component: number; readonly args: InstantiateArg[] }
/** `instantiatearg ::= n:<name> si:<sortidx>`. */
export interface InstantiateArg extends Located { readonly name: string; readonly sort: Sort; readonly index: number }
/** `instanceexpr ::= 0x01 e*:vec(<inlineexport>)`. */
export interface InlineExports extends Located { readonly kind: 'exports'; readonly exports: InlineExport[] }
/** `inlineexport ::= na:<nameattributes> si:<sortidx>`. */
export interface InlineExport extends Located { readonly name: ExternName; readonly sort: Sort; readonly index: number }

// ───────────────────────────── aliases ─────────────────────────────

/** `alias ::= s:<sort> t:<aliastarget>`. */
export type Alias = InstanceExportAlias | CoreInstanceExportAlias | OuterAlias;
/** `aliastarget ::= 0x00 i:<instanceidx> n:<name>` (component instance export). */
export interface InstanceExportAlias extends Located { readonly kind: 'instance-export'; readonly sort: Sort; readonly instance: number; readonly name: string }
/** `aliastarget ::= 0x01 i:<core:instanceidx> n:<core:name>` (core instance export; sort is `0x00 cs`). */
export interface CoreInstanceExportAlias extends Located { readonly kind: 'core-instance-export'; readonly sort: CoreExternKind; readonly instance: number; readonly name: string }
/** `aliastarget ::= 0x02 ct:<u32> idx:<u32>` (outer; sorts core-type, core-module, type, component). */
export interface OuterAlias extends Located { readonly kind: 'outer'; readonly sort: Sort; readonly count: number; readonly index: number }

// ───────────────────────────── core types ─────────────────────────────

/** `core:type ::= 0x00 0x50 … (non-final sub, disambiguated) | rec group | 0x50 md*:vec(<core:moduledecl>)`. */
export type CoreTypeDef = CoreRecTypeDef | CoreModuleTypeDef;
/** `core:type ::= rt:<core:rectype>` (GC rec group, usually one `func`). */
export interface CoreRecTypeDef extends Located { readonly kind: 'rec'; readonly group: RecGroup }
/** `core:moduletype ::= 0x50 md*:vec(<core:moduledecl>)`. */
export interface CoreModuleTypeDef extends Located { readonly kind: 'module'; readonly decls: ModuleDecl[] }

/** `core:moduledecl`: 0x00 import, 0x01 type, 0x02 outer alias (type), 0x03 export. */
export type ModuleDecl = ModuleImportDecl | ModuleTypeDecl | ModuleOuterAliasDecl | ModuleExportDecl;
/** `core:moduledecl ::= 0x00 i:<core:import>`. */
export interface ModuleImportDecl extends Located { readonly kind: 'import'; readonly module: string; readonly name: string; readonly desc: CoreExternDesc }
/** `core:moduledecl ::= 0x01 t:<core:type>` (a rec group). */
export interface ModuleTypeDecl extends Located { readonly kind: 'type'; readonly group: RecGroup }
/** `core:moduledecl ::= 0x02 a:<core:alias>` where `core:alias ::= 0x10 0x01 ct idx` (outer type). */
export interface ModuleOuterAliasDecl extends Located { readonly kind: 'outer-alias'; readonly count: number; readonly index: number }
/** `core:moduledecl ::= 0x03 n:<core:name> d:<core:importdesc>`. */
export interface ModuleExportDecl extends Located { readonly kind: 'export'; readonly name: string; readonly desc: CoreExternDesc }

/** `core:rectype ::= 0x4e vec(<core:subtype>) | st:<core:subtype>`. */
export interface RecGroup extends Located {
  /** Written with the `0x4e` prefix (even with one member). */
  readonly explicit: boolean;
  readonly types: SubType[];
}

/** `core:subtype ::= 0x50 vec(typeidx) ct | 0x4f vec(typeidx) ct | ct` (final when bare or 0x4f). */
export interface SubType extends Located {
  readonly final: boolean;
  readonly supertypes: number[];
  /** Written with 0x4f/0x50 (false: bare composite type, which implies final, no supertypes). */
  readonly explicit: boolean;
  readonly composite: CompositeType;
}

/** `core:comptype` with optional `0x65` shared, `0x4c` describes, `0x4d` descriptor prefixes. */
export interface CompositeType extends Located {
  readonly shared: boolean;
  readonly describes?: number;
  readonly descriptor?: number;
  readonly inner: CompositeInner;
}
/** `0x60` func, `0x5f` struct, `0x5e` array, `0x5d` cont. */
export type CompositeInner =
  | { readonly kind: 'func'; readonly params: CoreValType[]; readonly results: CoreValType[] }
  | { readonly kind: 'struct'; readonly fields: FieldType[] }
  | { readonly kind: 'array'; readonly field: FieldType }
  | { readonly kind: 'cont'; readonly type: number };

/** `core:fieldtype ::= st:<core:storagetype> m:<mut>`. */
export interface FieldType { readonly storage: StorageType; readonly mutable: boolean }
/** `core:storagetype ::= valtype | 0x78 i8 | 0x77 i16`. */
export type StorageType = CoreValType | 'i8' | 'i16';

/** `core:valtype`: numeric/vector type name, or a reference type. */
export type CoreValType = CoreNumType | CoreRefType;
/** `core:numtype | core:vectype`: 0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, 0x7b v128. */
export type CoreNumType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
/** `core:reftype ::= 0x64 ht (ref ht) | 0x63 ht (ref null ht) | abstract-ht (short form, nullable)`. */
export interface CoreRefType {
  readonly kind: 'ref';
  readonly nullable: boolean;
  readonly heap: HeapType;
  /** Written in the one-byte short form (e.g. `funcref` = 0x70); implies nullable abstract heap type. */
  readonly short?: boolean;
}
/** `core:heaptype`: abstract (optionally `0x65` shared), concrete type index (s33), or `0x62` exact index. */
export type HeapType =
  | { readonly kind: 'abstract'; readonly shared: boolean; readonly type: AbstractHeapType }
  | { readonly kind: 'concrete'; readonly index: number }
  | { readonly kind: 'exact'; readonly index: number };
/** `core:absheaptype` names (0x70 func, 0x6f extern, 0x6e any, 0x71 none, 0x72 noextern, 0x73 nofunc, 0x6d eq,
 *  0x6b struct, 0x6a array, 0x6c i31, 0x69 exn, 0x74 noexn, 0x68 cont, 0x75 nocont). */
export type AbstractHeapType =
  | 'func' | 'extern' | 'any' | 'none' | 'noextern' | 'nofunc' | 'eq' | 'struct' | 'array' | 'i31'
  | 'exn' | 'noexn' | 'cont' | 'nocont';

/** `core:importdesc`/`core:externtype`: 0x00 func, 0x01 table, 0x02 memory, 0x03 global, 0x04 tag, 0x20 func-exact. */
export type CoreExternDesc =
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'func-exact'; readonly type: number }
  | ({ readonly kind: 'table' } & TableTypeAst)
  | ({ readonly kind: 'memory' } & MemoryTypeAst)
  | ({ readonly kind: 'global' } & GlobalTypeAst)
  | { readonly kind: 'tag'; readonly type: number };

/** `core:tabletype ::= rt:<reftype> lim:<limits>` (flags bit0 max, bit1 shared, bit2 table64). */
export interface TableTypeAst { readonly element: CoreRefType; readonly table64: boolean; readonly shared: boolean; readonly min: bigint; readonly max?: bigint }
/** `core:memtype ::= lim:<limits>` (flags bit0 max, bit1 shared, bit2 memory64, bit3 page size). */
export interface MemoryTypeAst { readonly memory64: boolean; readonly shared: boolean; readonly min: bigint; readonly max?: bigint; readonly pageSizeLog2?: number }
/** `core:globaltype ::= t:<valtype> m:<mut>` (flags bit0 mutable, bit1 shared). */
export interface GlobalTypeAst { readonly type: CoreValType; readonly mutable: boolean; readonly shared: boolean }

// ───────────────────────────── component types ─────────────────────────────

/** `valtype ::= i:<typeidx> | pvt:<primvaltype>`: a primitive name, or a type index (s33 ≥ 0). */
export type ValTypeRef = PrimitiveKind | number;

/** `type ::= dt:<deftype>`: defvaltype, functype, componenttype, instancetype, resourcetype. */
export type TypeDef = DefinedTypeDef | FuncTypeDef | ComponentTypeDef | InstanceTypeDef | ResourceTypeDef;

/** `deftype ::= dvt:<defvaltype>`. */
export interface DefinedTypeDef extends Located { readonly kind: 'defined'; readonly type: DefValType }
/** `functype ::= 0x40 ps:<paramlist> rs:<resultlist> | 0x43 … (async, 🔀)`. */
export interface FuncTypeDef extends Located {
  readonly kind: 'func';
  readonly async: boolean;
  readonly params: NamedValType[];
  /** `resultlist ::= 0x00 t:<valtype> | 0x01 0x00` (absent: no result). */
  readonly result?: ValTypeRef;
}
/** `componenttype ::= 0x41 cd*:vec(<componentdecl>)`. */
export interface ComponentTypeDef extends Located { readonly kind: 'component'; readonly decls: ComponentDecl[] }
/** `instancetype ::= 0x42 id*:vec(<instancedecl>)`. */
export interface InstanceTypeDef extends Located { readonly kind: 'instance'; readonly decls: InstanceDecl[] }
/** `resourcetype ::= 0x3f t:<core:valtype> f?:<core:funcidx>?`. */
export interface ResourceTypeDef extends Located { readonly kind: 'resource'; readonly rep: CoreValType; readonly dtor?: number }

/** `labelvaltype ::= l:<label'> t:<valtype>` (params, record fields). */
export interface NamedValType { readonly name: string; readonly type: ValTypeRef }

/** `defvaltype`: every value type constructor, tagged by `kind`. */
export type DefValType =
  | { readonly kind: 'primitive'; readonly type: PrimitiveKind }
  | { readonly kind: 'record'; readonly fields: NamedValType[] }
  | { readonly kind: 'variant'; readonly cases: VariantCaseAst[] }
  | { readonly kind: 'list'; readonly element: ValTypeRef }
  | { readonly kind: 'fixed-list'; readonly element: ValTypeRef; readonly length: number }
  | { readonly kind: 'map'; readonly key: ValTypeRef; readonly value: ValTypeRef }
  | { readonly kind: 'tuple'; readonly types: ValTypeRef[] }
  | { readonly kind: 'flags'; readonly names: string[] }
  | { readonly kind: 'enum'; readonly names: string[] }
  | { readonly kind: 'option'; readonly type: ValTypeRef }
  | { readonly kind: 'result'; readonly ok?: ValTypeRef; readonly err?: ValTypeRef }
  | { readonly kind: 'own'; readonly resource: number }
  | { readonly kind: 'borrow'; readonly resource: number }
  | { readonly kind: 'future'; readonly type?: ValTypeRef }
  | { readonly kind: 'stream'; readonly type?: ValTypeRef };

/** `case ::= l:<label'> t?:<valtype>? 0x00` (the trailing byte was `refines`, now always 0). */
export interface VariantCaseAst { readonly name: string; readonly type?: ValTypeRef }

/** `instancedecl ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl`. */
export type InstanceDecl = CoreTypeDecl | TypeDecl | AliasDecl | ExportDecl;
/** `componentdecl ::= 0x03 importdecl | instancedecl`. */
export type ComponentDecl = InstanceDecl | ImportDecl;
/** `instancedecl ::= 0x00 t:<core:type>`. */
export interface CoreTypeDecl extends Located { readonly kind: 'core-type'; readonly type: CoreTypeDef }
/** `instancedecl ::= 0x01 t:<type>`. */
export interface TypeDecl extends Located { readonly kind: 'type'; readonly type: TypeDef }
/** `instancedecl ::= 0x02 a:<alias>`. */
export interface AliasDecl extends Located { readonly kind: 'alias'; readonly alias: Alias }
/** `exportdecl ::= en:<exportname'> ed:<externdesc>`. */
export interface ExportDecl extends Located { readonly kind: 'export'; readonly name: ExternName; readonly desc: ExternDesc }
/** `importdecl ::= in:<importname'> ed:<externdesc>`. */
export interface ImportDecl extends Located { readonly kind: 'import'; readonly name: ExternName; readonly desc: ExternDesc }

/** `externdesc ::= 0x00 0x11 i (core module) | 0x01 i (func) | 0x02 b (value) | 0x03 b (type) | 0x04 i (component) | 0x05 i (instance)`. */
export type ExternDesc =
  | { readonly kind: 'core-module'; readonly type: number }
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'value'; readonly type: ValTypeRef }
  | { readonly kind: 'type'; readonly bounds: TypeBounds }
  | { readonly kind: 'component'; readonly type: number }
  | { readonly kind: 'instance'; readonly type: number };

/** `typebound ::= 0x00 i:<typeidx> (eq i) | 0x01 (sub resource)`. */
export type TypeBounds = { readonly kind: 'eq'; readonly type: number } | { readonly kind: 'sub-resource' };

/** `importname'`/`exportname'`: `0x00 n` plain, `0x01 n` legacy interface, `0x02 n opts*` with attributes
 *  (wasmparser `ComponentExternName`: `implements`, `versionsuffix`, `external-id`; features cm-implements / cm-canon-names). */
export interface ExternName extends Located {
  readonly name: string;
  /** Leading discriminant byte as read (0x00 today; 0x01 legacy; 0x02 with options). */
  readonly discriminant: 0 | 1 | 2;
  /** `0x00 in` option: `(implements "in")` (🏷️). */
  readonly implements?: string;
  /** `0x01 vs` option: `(versionsuffix "vs")` (🔗). */
  readonly versionSuffix?: string;
  /** `0x02 id` option: external id. */
  readonly externalId?: string;
  /** Order the options were written in (round trip); absent means implements, versionsuffix, external-id. */
  readonly optionOrder?: ExternNameOptionKind[];
}
export type ExternNameOptionKind = 'implements' | 'versionsuffix' | 'external-id';

// ───────────────────────────── canon ─────────────────────────────

/** `canonopt`: 0x00 utf8, 0x01 utf16, 0x02 latin1+utf16, 0x03 memory, 0x04 realloc, 0x05 post-return,
 *  0x06 async, 0x07 callback, 0x08 core-type, 0x09 gc. */
export type CanonOpt =
  | { readonly kind: 'utf8' } | { readonly kind: 'utf16' } | { readonly kind: 'latin1+utf16' }
  | { readonly kind: 'memory'; readonly index: number }
  | { readonly kind: 'realloc'; readonly index: number }
  | { readonly kind: 'post-return'; readonly index: number }
  | { readonly kind: 'async' }
  | { readonly kind: 'callback'; readonly index: number }
  | { readonly kind: 'core-type'; readonly index: number }
  | { readonly kind: 'gc' };
export type CanonOptKind = CanonOpt['kind'];

/** `canon` definitions, tagged by the built-in's text name (Binary.md "Canonical Definitions"). */
export type Canon = Located & CanonBody;
export type CanonBody =
  | { readonly kind: 'lift'; readonly coreFunc: number; readonly options: CanonOpt[]; readonly type: number }
  | { readonly kind: 'lower'; readonly func: number; readonly options: CanonOpt[] }
  | { readonly kind: 'resource.new'; readonly resource: number }
  | { readonly kind: 'resource.drop'; readonly resource: number }
  | { readonly kind: 'resource.rep'; readonly resource: number }
  | { readonly kind: 'task.cancel' }
  | { readonly kind: 'subtask.cancel'; readonly async: boolean }
  | { readonly kind: 'task.return'; readonly result?: ValTypeRef; readonly options: CanonOpt[] }
  | { readonly kind: 'context.get'; readonly type: CoreValType; readonly slot: number }
  | { readonly kind: 'context.set'; readonly type: CoreValType; readonly slot: number }
  | { readonly kind: 'thread.yield'; readonly cancellable: boolean }
  | { readonly kind: 'subtask.drop' }
  | { readonly kind: 'stream.new'; readonly type: number }
  | { readonly kind: 'stream.read'; readonly type: number; readonly options: CanonOpt[] }
  | { readonly kind: 'stream.write'; readonly type: number; readonly options: CanonOpt[] }
  | { readonly kind: 'stream.cancel-read'; readonly type: number; readonly async: boolean }
  | { readonly kind: 'stream.cancel-write'; readonly type: number; readonly async: boolean }
  | { readonly kind: 'stream.drop-readable'; readonly type: number }
  | { readonly kind: 'stream.drop-writable'; readonly type: number }
  | { readonly kind: 'future.new'; readonly type: number }
  | { readonly kind: 'future.read'; readonly type: number; readonly options: CanonOpt[] }
  | { readonly kind: 'future.write'; readonly type: number; readonly options: CanonOpt[] }
  | { readonly kind: 'future.cancel-read'; readonly type: number; readonly async: boolean }
  | { readonly kind: 'future.cancel-write'; readonly type: number; readonly async: boolean }
  | { readonly kind: 'future.drop-readable'; readonly type: number }
  | { readonly kind: 'future.drop-writable'; readonly type: number }
  | { readonly kind: 'error-context.new'; readonly options: CanonOpt[] }
  | { readonly kind: 'error-context.debug-message'; readonly options: CanonOpt[] }
  | { readonly kind: 'error-context.drop' }
  | { readonly kind: 'waitable-set.new' }
  | { readonly kind: 'waitable-set.wait'; readonly cancellable: boolean; readonly memory: number }
  | { readonly kind: 'waitable-set.poll'; readonly cancellable: boolean; readonly memory: number }
  | { readonly kind: 'waitable-set.drop' }
  | { readonly kind: 'waitable.join' }
  | { readonly kind: 'backpressure.inc' }
  | { readonly kind: 'backpressure.dec' }
  | { readonly kind: 'thread.index' }
  | { readonly kind: 'thread.new-indirect'; readonly funcType: number; readonly table: number }
  | { readonly kind: 'thread.resume-later' }
  | { readonly kind: 'thread.suspend'; readonly cancellable: boolean }
  | { readonly kind: 'thread.suspend-then-resume'; readonly cancellable: boolean }
  | { readonly kind: 'thread.yield-then-resume'; readonly cancellable: boolean }
  | { readonly kind: 'thread.suspend-then-promote'; readonly cancellable: boolean }
  | { readonly kind: 'thread.yield-then-promote'; readonly cancellable: boolean }
  | { readonly kind: 'thread.spawn-ref'; readonly funcType: number }
  | { readonly kind: 'thread.spawn-indirect'; readonly funcType: number; readonly table: number }
  | { readonly kind: 'thread.available-parallelism' };
export type CanonKind = CanonBody['kind'];

// ───────────────────────────── start, imports, exports ─────────────────────────────

/** `start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32>` (🪙). */
export interface Start extends Located { readonly func: number; readonly args: number[]; readonly results: number }

/** `import ::= in:<importname'> ed:<externdesc>`. */
export interface Import extends Located { readonly name: ExternName; readonly desc: ExternDesc }

/** `export ::= en:<exportname'> si:<sortidx> ed?:<externdesc>?`. */
export interface Export extends Located { readonly name: ExternName; readonly sort: Sort; readonly index: number; readonly desc?: ExternDesc }

// ───────────────────────────── core module surface ─────────────────────────────

/** What `readCoreModuleSurface` extracts from a core module: everything but function bodies and data. */
export interface CoreModuleSurface {
  /** The module's offset in the outer input (the `baseOffset` given); item offsets below are module-relative. */
  readonly offset: number;
  /** Module length in bytes. */
  readonly end: number;
  /** Type section rec groups (flattened index space = all subtypes in order). */
  readonly types: RecGroup[];
  readonly imports: CoreModuleImport[];
  /** Type index of each defined function (function section), in a typed array: large modules define tens of thousands. */
  readonly funcs: Uint32Array;
  readonly tables: TableTypeAst[];
  readonly memories: MemoryTypeAst[];
  readonly globals: GlobalTypeAst[];
  /** Type index of each defined tag. */
  readonly tags: number[];
  readonly exports: CoreModuleExport[];
  readonly start?: number;
  readonly customs: CoreCustomSection[];
  /** Each section's id and byte range (code/data stay opaque). */
  readonly sections: { readonly id: number; readonly offset: number; readonly contentOffset: number; readonly end: number }[];
}
/** `core:import ::= m:<name> n:<name> d:<importdesc>` (compact forms 0x7f/0x7e are flattened). */
export interface CoreModuleImport extends Located { readonly module: string; readonly name: string; readonly desc: CoreExternDesc }
/** `core:export ::= n:<name> d:<exportdesc>`. */
export interface CoreModuleExport extends Located { readonly name: string; readonly kind: CoreExternKind; readonly index: number }
/** `core:custom ::= n:<name> b*:<byte>*`. */
export interface CoreCustomSection extends Located { readonly name: string; readonly data: Uint8Array }
