// The three ways a hostile-input test runs a component: codegen and interp (`Component`), and ahead of time
// (`kumiki transpile`, then the generated module on `kumiki/runtime`). Each test asserts the same error in all three.
import { Component } from '../../src/index.js';
import type { Exports, Imports } from '../../src/entries/component.js';
import { transpileAndImport } from '../support/wast-run-aot.js';

export type Mode = 'codegen' | 'interp' | 'aot';
export const MODES: readonly Mode[] = ['codegen', 'interp', 'aot'];

/** Something that instantiates synchronously, however it was compiled. */
export interface Engine { readonly mode: Mode; instantiate(imports?: Imports): Exports }

/** Compiles `bytes` in `mode` (AOT: transpiled into `.cache/aot/hostile/`). */
export async function engine(bytes: Uint8Array, mode: Mode, options: { features?: readonly string[]; maxLiftBytes?: number } = {}): Promise<Engine> {
  const cap = options.maxLiftBytes !== undefined ? { maxLiftBytes: options.maxLiftBytes } : {};
  if (mode !== 'aot') {
    await Component.loadInterpreter();
    const c = new Component(bytes, { mode, features: options.features ?? [], ...cap });
    return { mode, instantiate: (imports) => c.instantiate(imports ?? {}).exports };
  }
  const { module, files } = await transpileAndImport(bytes, 'hostile', { features: options.features ?? [] });
  const modules = module.coreModules.map((f) => new WebAssembly.Module(files.get(f) as Uint8Array<ArrayBuffer>));
  const sync = module.instantiateSync as (imports: Imports, modules: readonly WebAssembly.Module[], options: { maxLiftBytes?: number }) => Exports;
  return { mode, instantiate: (imports) => sync(imports ?? {}, modules, cap) };
}

/** `assert.throws` predicate: an instance of `cls` whose message matches every pattern. */
export function err(cls: abstract new (...a: never[]) => unknown, ...res: RegExp[]): (e: unknown) => boolean {
  return (e) => {
    if (!(e instanceof cls)) throw new Error(`expected a ${cls.name}, got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    for (const re of res) if (!re.test((e as Error).message)) throw new Error(`message ${JSON.stringify((e as Error).message)} does not match ${re}`);
    return true;
  };
}
