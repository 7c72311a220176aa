// Opcode / type-code tables of the component binary format, in data form (Binary.md; encodings and feature
// gates as wasmparser a7ef4778 names them). Reader, writer and validator all consult these tables.
import type {
  AbstractHeapType, CanonKind, CanonOptKind, CoreExternKind, CoreNumType, DefValType, ExternNameOptionKind, Sort,
} from './ast.js';
import type { PrimitiveKind } from '../types/values.js';

/** wasm-tools feature names (`--features`) that gate component-model encodings. */
export type Feature =
  | 'cm-async' | 'cm-async-stackful' | 'cm-more-async-builtins' | 'cm-threading' | 'cm-error-context'
  | 'cm-fixed-length-lists' | 'cm-gc' | 'cm-map' | 'cm-values' | 'cm-nested-names' | 'cm-implements'
  | 'cm-canon-names' | 'cm64' | 'shared-everything-threads' | 'exceptions' | 'gc' | 'custom-descriptors'
  | 'stack-switching' | 'compact-imports';

/** One table row: a code, the name it decodes to, and the feature gating it (absent: always on). */
export interface CodeEntry<N extends string> { readonly code: number; readonly name: N; readonly feature?: Feature }

/** Preamble: `magic version layer` (Binary.md "Component Definitions"). */
export const MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;
export const COMPONENT_VERSION = 0x0d;
export const COMPONENT_LAYER = 0x01;
export const MODULE_VERSION = 0x01;
export const MODULE_LAYER = 0x00;

/** Component section ids (`section_N`). */
export const SECTION_IDS: readonly CodeEntry<string>[] = [
  { code: 0, name: 'custom' }, { code: 1, name: 'core-module' }, { code: 2, name: 'core-instance' },
  { code: 3, name: 'core-type' }, { code: 4, name: 'component' }, { code: 5, name: 'instance' },
  { code: 6, name: 'alias' }, { code: 7, name: 'type' }, { code: 8, name: 'canon' }, { code: 9, name: 'start' },
  { code: 10, name: 'import' }, { code: 11, name: 'export' }, { code: 12, name: 'value', feature: 'cm-values' },
];

/** `primvaltype` codes. */
export const PRIMITIVE_CODES: readonly CodeEntry<PrimitiveKind>[] = [
  { code: 0x7f, name: 'bool' }, { code: 0x7e, name: 's8' }, { code: 0x7d, name: 'u8' }, { code: 0x7c, name: 's16' },
  { code: 0x7b, name: 'u16' }, { code: 0x7a, name: 's32' }, { code: 0x79, name: 'u32' }, { code: 0x78, name: 's64' },
  { code: 0x77, name: 'u64' }, { code: 0x76, name: 'f32' }, { code: 0x75, name: 'f64' }, { code: 0x74, name: 'char' },
  { code: 0x73, name: 'string' }, { code: 0x64, name: 'error-context', feature: 'cm-error-context' },
];

/** `defvaltype` constructor codes (0x6c union and 0x6c/0x6b-era encodings are gone). */
export const DEFVALTYPE_CODES: readonly CodeEntry<Exclude<DefValType['kind'], 'primitive'>>[] = [
  { code: 0x72, name: 'record' }, { code: 0x71, name: 'variant' }, { code: 0x70, name: 'list' },
  { code: 0x6f, name: 'tuple' }, { code: 0x6e, name: 'flags' }, { code: 0x6d, name: 'enum' },
  { code: 0x6b, name: 'option' }, { code: 0x6a, name: 'result' }, { code: 0x69, name: 'own' },
  { code: 0x68, name: 'borrow' }, { code: 0x67, name: 'fixed-list', feature: 'cm-fixed-length-lists' },
  { code: 0x66, name: 'stream', feature: 'cm-async' }, { code: 0x65, name: 'future', feature: 'cm-async' },
  { code: 0x63, name: 'map', feature: 'cm-map' },
];

/** `type` codes other than defvaltypes. */
export const TYPE_CODES: readonly CodeEntry<'func' | 'async-func' | 'component' | 'instance' | 'resource'>[] = [
  { code: 0x40, name: 'func' }, { code: 0x43, name: 'async-func', feature: 'cm-async' },
  { code: 0x41, name: 'component' }, { code: 0x42, name: 'instance' }, { code: 0x3f, name: 'resource' },
];

/** `sort` codes: `[byte1, byte2?]` (byte2 only after 0x00, the core sorts). */
export const SORT_CODES: readonly { readonly bytes: readonly number[]; readonly name: Sort; readonly feature?: Feature }[] = [
  { bytes: [0x00, 0x00], name: 'core-func' }, { bytes: [0x00, 0x01], name: 'core-table' },
  { bytes: [0x00, 0x02], name: 'core-memory' }, { bytes: [0x00, 0x03], name: 'core-global' },
  { bytes: [0x00, 0x04], name: 'core-tag', feature: 'exceptions' }, { bytes: [0x00, 0x20], name: 'core-func-exact', feature: 'custom-descriptors' },
  { bytes: [0x00, 0x10], name: 'core-type' }, { bytes: [0x00, 0x11], name: 'core-module' },
  { bytes: [0x00, 0x12], name: 'core-instance' },
  { bytes: [0x01], name: 'func' }, { bytes: [0x02], name: 'value', feature: 'cm-values' }, { bytes: [0x03], name: 'type' },
  { bytes: [0x04], name: 'component' }, { bytes: [0x05], name: 'instance' },
];

/** Core external kinds (`core:externtype` discriminants), used by core exports and core-export aliases. */
export const CORE_EXTERN_KIND_CODES: readonly CodeEntry<CoreExternKind>[] = [
  { code: 0x00, name: 'func' }, { code: 0x01, name: 'table' }, { code: 0x02, name: 'memory' },
  { code: 0x03, name: 'global' }, { code: 0x04, name: 'tag', feature: 'exceptions' },
  { code: 0x20, name: 'func-exact', feature: 'custom-descriptors' },
];

/** Core numeric/vector value type codes. */
export const CORE_NUM_CODES: readonly CodeEntry<CoreNumType>[] = [
  { code: 0x7f, name: 'i32' }, { code: 0x7e, name: 'i64' }, { code: 0x7d, name: 'f32' }, { code: 0x7c, name: 'f64' },
  { code: 0x7b, name: 'v128' },
];

/** Core abstract heap type codes (also the one-byte short reference types). */
export const ABSTRACT_HEAP_CODES: readonly CodeEntry<AbstractHeapType>[] = [
  { code: 0x70, name: 'func' }, { code: 0x6f, name: 'extern' }, { code: 0x6e, name: 'any', feature: 'gc' },
  { code: 0x71, name: 'none', feature: 'gc' }, { code: 0x72, name: 'noextern', feature: 'gc' },
  { code: 0x73, name: 'nofunc', feature: 'gc' }, { code: 0x6d, name: 'eq', feature: 'gc' },
  { code: 0x6b, name: 'struct', feature: 'gc' }, { code: 0x6a, name: 'array', feature: 'gc' },
  { code: 0x6c, name: 'i31', feature: 'gc' }, { code: 0x69, name: 'exn', feature: 'exceptions' },
  { code: 0x74, name: 'noexn', feature: 'exceptions' }, { code: 0x68, name: 'cont', feature: 'stack-switching' },
  { code: 0x75, name: 'nocont', feature: 'stack-switching' },
];

/** `canonopt` codes; `index` says whether a u32 index follows. */
export const CANON_OPT_CODES: readonly (CodeEntry<CanonOptKind> & { readonly index: boolean })[] = [
  { code: 0x00, name: 'utf8', index: false }, { code: 0x01, name: 'utf16', index: false },
  { code: 0x02, name: 'latin1+utf16', index: false }, { code: 0x03, name: 'memory', index: true },
  { code: 0x04, name: 'realloc', index: true }, { code: 0x05, name: 'post-return', index: true },
  { code: 0x06, name: 'async', index: false, feature: 'cm-async' }, { code: 0x07, name: 'callback', index: true, feature: 'cm-async' },
  { code: 0x08, name: 'core-type', index: true, feature: 'cm-gc' }, { code: 0x09, name: 'gc', index: false, feature: 'cm-gc' },
];

/** How one immediate of a canon built-in is encoded. */
export type CanonField =
  | 'u32'        // core:u32 LEB
  | 'bool'       // one byte, 0x00 / 0x01
  | 'opts'       // vec(<canonopt>)
  | 'resultlist' // 0x00 valtype | 0x01 0x00 (optional value type)
  | 'corevaltype'; // core:valtype

/** One `canon` built-in: its opcode (and sub-opcode), immediates in encoding order, feature gate. */
export interface CanonEntry {
  readonly code: number;
  /** Required second byte (0x00 for lift/lower). */
  readonly sub?: number;
  readonly name: CanonKind;
  readonly fields: readonly (readonly [string, CanonField])[];
  readonly feature?: Feature;
}

/** `canon` table (Binary.md "Canonical Definitions"; wasmparser `CanonicalFunction`). */
export const CANON_CODES: readonly CanonEntry[] = [
  { code: 0x00, sub: 0x00, name: 'lift', fields: [['coreFunc', 'u32'], ['options', 'opts'], ['type', 'u32']] },
  { code: 0x01, sub: 0x00, name: 'lower', fields: [['func', 'u32'], ['options', 'opts']] },
  { code: 0x02, name: 'resource.new', fields: [['resource', 'u32']] },
  { code: 0x03, name: 'resource.drop', fields: [['resource', 'u32']] },
  { code: 0x04, name: 'resource.rep', fields: [['resource', 'u32']] },
  { code: 0x05, name: 'task.cancel', fields: [], feature: 'cm-async' },
  { code: 0x06, name: 'subtask.cancel', fields: [['async', 'bool']], feature: 'cm-async' },
  { code: 0x09, name: 'task.return', fields: [['result', 'resultlist'], ['options', 'opts']], feature: 'cm-async' },
  { code: 0x0a, name: 'context.get', fields: [['type', 'corevaltype'], ['slot', 'u32']], feature: 'cm-async' },
  { code: 0x0b, name: 'context.set', fields: [['type', 'corevaltype'], ['slot', 'u32']], feature: 'cm-async' },
  { code: 0x0c, name: 'thread.yield', fields: [['cancellable', 'bool']], feature: 'cm-async' },
  { code: 0x0d, name: 'subtask.drop', fields: [], feature: 'cm-async' },
  { code: 0x0e, name: 'stream.new', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x0f, name: 'stream.read', fields: [['type', 'u32'], ['options', 'opts']], feature: 'cm-async' },
  { code: 0x10, name: 'stream.write', fields: [['type', 'u32'], ['options', 'opts']], feature: 'cm-async' },
  { code: 0x11, name: 'stream.cancel-read', fields: [['type', 'u32'], ['async', 'bool']], feature: 'cm-async' },
  { code: 0x12, name: 'stream.cancel-write', fields: [['type', 'u32'], ['async', 'bool']], feature: 'cm-async' },
  { code: 0x13, name: 'stream.drop-readable', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x14, name: 'stream.drop-writable', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x15, name: 'future.new', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x16, name: 'future.read', fields: [['type', 'u32'], ['options', 'opts']], feature: 'cm-async' },
  { code: 0x17, name: 'future.write', fields: [['type', 'u32'], ['options', 'opts']], feature: 'cm-async' },
  { code: 0x18, name: 'future.cancel-read', fields: [['type', 'u32'], ['async', 'bool']], feature: 'cm-async' },
  { code: 0x19, name: 'future.cancel-write', fields: [['type', 'u32'], ['async', 'bool']], feature: 'cm-async' },
  { code: 0x1a, name: 'future.drop-readable', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x1b, name: 'future.drop-writable', fields: [['type', 'u32']], feature: 'cm-async' },
  { code: 0x1c, name: 'error-context.new', fields: [['options', 'opts']], feature: 'cm-error-context' },
  { code: 0x1d, name: 'error-context.debug-message', fields: [['options', 'opts']], feature: 'cm-error-context' },
  { code: 0x1e, name: 'error-context.drop', fields: [], feature: 'cm-error-context' },
  { code: 0x1f, name: 'waitable-set.new', fields: [], feature: 'cm-async' },
  { code: 0x20, name: 'waitable-set.wait', fields: [['cancellable', 'bool'], ['memory', 'u32']], feature: 'cm-async' },
  { code: 0x21, name: 'waitable-set.poll', fields: [['cancellable', 'bool'], ['memory', 'u32']], feature: 'cm-async' },
  { code: 0x22, name: 'waitable-set.drop', fields: [], feature: 'cm-async' },
  { code: 0x23, name: 'waitable.join', fields: [], feature: 'cm-async' },
  { code: 0x24, name: 'backpressure.inc', fields: [], feature: 'cm-async' },
  { code: 0x25, name: 'backpressure.dec', fields: [], feature: 'cm-async' },
  { code: 0x26, name: 'thread.index', fields: [], feature: 'cm-threading' },
  { code: 0x27, name: 'thread.new-indirect', fields: [['funcType', 'u32'], ['table', 'u32']], feature: 'cm-threading' },
  { code: 0x28, name: 'thread.resume-later', fields: [], feature: 'cm-threading' },
  { code: 0x29, name: 'thread.suspend', fields: [['cancellable', 'bool']], feature: 'cm-threading' },
  { code: 0x2a, name: 'thread.suspend-then-resume', fields: [['cancellable', 'bool']], feature: 'cm-threading' },
  { code: 0x2b, name: 'thread.yield-then-resume', fields: [['cancellable', 'bool']], feature: 'cm-threading' },
  { code: 0x2c, name: 'thread.suspend-then-promote', fields: [['cancellable', 'bool']], feature: 'cm-threading' },
  { code: 0x2d, name: 'thread.yield-then-promote', fields: [['cancellable', 'bool']], feature: 'cm-threading' },
  { code: 0x40, name: 'thread.spawn-ref', fields: [['funcType', 'u32']], feature: 'shared-everything-threads' },
  { code: 0x41, name: 'thread.spawn-indirect', fields: [['funcType', 'u32'], ['table', 'u32']], feature: 'shared-everything-threads' },
  { code: 0x42, name: 'thread.available-parallelism', fields: [], feature: 'shared-everything-threads' },
];

/** Extern-name option codes (after discriminant 0x02). */
export const EXTERN_NAME_OPTION_CODES: readonly CodeEntry<ExternNameOptionKind>[] = [
  { code: 0x00, name: 'implements', feature: 'cm-implements' },
  { code: 0x01, name: 'versionsuffix', feature: 'cm-canon-names' },
  { code: 0x02, name: 'external-id', feature: 'cm-implements' },
];

/** Lookup maps built once from the tables (code → entry, name → entry). */
export function byCode<E extends { readonly code: number }>(table: readonly E[]): ReadonlyMap<number, E> {
  return new Map(table.map((e) => [e.code, e]));
}
export function byName<E extends { readonly name: string }>(table: readonly E[]): ReadonlyMap<E['name'], E> {
  return new Map(table.map((e) => [e.name, e] as const));
}
