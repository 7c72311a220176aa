// Component function types (Explainer.md "functype").
import type { ValType } from './values.js';

export interface Param { readonly name: string; readonly type: ValType }

export interface FuncType {
  readonly kind: 'func';
  readonly params: readonly Param[];
  /** The single result, if any (named result lists are legacy and rejected by the validator). */
  readonly result?: ValType;
  /** `async func` (feature `cm-async`). */
  readonly async?: boolean;
}
