// Core WebAssembly types as components see them (core:functype, core:moduletype).

export type CoreValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | (string & { readonly __ref?: never });

/** A core function type; `shared` (shared-everything-threads) only when set. */
export interface CoreFuncType { readonly kind: 'func'; readonly params: readonly CoreValType[]; readonly results: readonly CoreValType[]; readonly shared?: boolean }
export interface CoreTableType { readonly kind: 'table'; readonly element: CoreValType; readonly min: bigint; readonly max?: bigint; readonly table64?: boolean; readonly shared?: boolean }
export interface CoreMemoryType { readonly kind: 'memory'; readonly min: bigint; readonly max?: bigint; readonly memory64?: boolean; readonly shared?: boolean; readonly pageSizeLog2?: number }
export interface CoreGlobalType { readonly kind: 'global'; readonly type: CoreValType; readonly mutable: boolean; readonly shared?: boolean }
export interface CoreTagType { readonly kind: 'tag'; readonly type: CoreFuncType }

export type CoreExternType = CoreFuncType | CoreTableType | CoreMemoryType | CoreGlobalType | CoreTagType;

export interface CoreImport { readonly module: string; readonly name: string; readonly type: CoreExternType }
export interface CoreExport { readonly name: string; readonly type: CoreExternType }

/** The type of a core module: what it imports and exports. */
export interface CoreModuleType {
  readonly kind: 'module';
  readonly imports: readonly CoreImport[];
  readonly exports: readonly CoreExport[];
}

/** The type of a core instance: its exports by name. */
export interface CoreInstanceType {
  readonly kind: 'instance';
  readonly exports: ReadonlyMap<string, CoreExternType>;
}
