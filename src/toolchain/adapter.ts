// Adapter modules (wit-component `--adapt`): a core module that implements one import module of the main module
// (the preview1 adapter implements `wasi_snapshot_preview1` on top of WASI 0.2 imports).
import type { CoreModuleSurface } from '../binary/ast.js';
import type { ComponentBuilder } from './builder.js';
import { ComponentNewError } from './errors.js';

/** One adapter spliced into the component being built. */
export interface Adapter {
  /** The main module's import module it satisfies. */
  readonly name: string;
  /** Instantiates the adapter (before the main module); returns the core instance the main module imports. */
  instantiate(b: ComponentBuilder): number;
  /** Wires what the adapter needs from the main instance (its memory, realloc) once that exists. */
  finish(b: ComponentBuilder, mainInstance: number): void;
}

export function spliceAdapters(
  module: Uint8Array, surface: CoreModuleSurface, adapters: Readonly<Record<string, Uint8Array>>, out: Adapter[],
): { module: Uint8Array; surface: CoreModuleSurface } {
  for (const name of Object.keys(adapters)) {
    if (surface.imports.some((i) => i.module === name)) {
      throw new ComponentNewError(`adapter \`${name}\`: splicing adapter modules is not supported yet`);
    }
  }
  void out;
  return { module, surface };
}
