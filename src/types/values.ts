// Component value types (Explainer.md "Type Definitions": defvaltype). One model for WIT, binaries and the ABI.
import type { ResourceType } from './resources.js';

/** Primitive value types, named as in WIT (`f32`/`f64`, the binary's float32/float64). */
export type PrimitiveKind =
  | 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64'
  | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export interface PrimitiveType { readonly kind: PrimitiveKind }

export interface Field { readonly name: string; readonly type: ValType }
export interface Case { readonly name: string; readonly type?: ValType; /** Binary `refines` index (legacy). */ readonly refines?: number }

export interface RecordType { readonly kind: 'record'; readonly fields: readonly Field[] }
export interface VariantType { readonly kind: 'variant'; readonly cases: readonly Case[] }
/** `list<T>`; with `length`, the fixed-size `list<T, N>` (feature `cm-fixed-length-lists`). */
export interface ListType { readonly kind: 'list'; readonly element: ValType; readonly length?: number }
export interface TupleType { readonly kind: 'tuple'; readonly types: readonly ValType[] }
export interface FlagsType { readonly kind: 'flags'; readonly names: readonly string[] }
export interface EnumType { readonly kind: 'enum'; readonly names: readonly string[] }
export interface OptionType { readonly kind: 'option'; readonly type: ValType }
export interface ResultType { readonly kind: 'result'; readonly ok?: ValType; readonly err?: ValType }
/** `own<R>` handle. */
export interface OwnType { readonly kind: 'own'; readonly resource: ResourceType }
/** `borrow<R>` handle. */
export interface BorrowType { readonly kind: 'borrow'; readonly resource: ResourceType }
/** `future<T>` / `future` (feature `cm-async`). */
export interface FutureType { readonly kind: 'future'; readonly type?: ValType }
/** `stream<T>` / `stream` (feature `cm-async`). */
export interface StreamType { readonly kind: 'stream'; readonly type?: ValType }
/** `map<K, V>` (feature `cm-map`). */
export interface MapType { readonly kind: 'map'; readonly key: ValType; readonly value: ValType }

export type ValType =
  | PrimitiveType | RecordType | VariantType | ListType | TupleType | FlagsType | EnumType
  | OptionType | ResultType | OwnType | BorrowType | FutureType | StreamType | MapType;

export type ValTypeKind = ValType['kind'];

export const PRIMITIVE_KINDS: readonly PrimitiveKind[] = [
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'error-context',
];

const primitives = new Map<PrimitiveKind, PrimitiveType>(PRIMITIVE_KINDS.map((k) => [k, Object.freeze({ kind: k })]));

/** The shared (frozen) object for a primitive type. */
export function primitive(kind: PrimitiveKind): PrimitiveType {
  return primitives.get(kind)!;
}

export function isPrimitive(t: ValType): t is PrimitiveType {
  return primitives.has(t.kind as PrimitiveKind);
}

/** Integer kinds with their bit width and signedness (used by ABI range checks and codegen). */
export const INTEGER_KINDS: Readonly<Record<string, { bits: 8 | 16 | 32 | 64; signed: boolean }>> = {
  s8: { bits: 8, signed: true }, u8: { bits: 8, signed: false },
  s16: { bits: 16, signed: true }, u16: { bits: 16, signed: false },
  s32: { bits: 32, signed: true }, u32: { bits: 32, signed: false },
  s64: { bits: 64, signed: true }, u64: { bits: 64, signed: false },
};
