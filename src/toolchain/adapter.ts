// Adapter modules (wit-component `--adapt`): a core module that implements one import module of the main module
// — the preview1 adapter implements `wasi_snapshot_preview1` on top of WASI 0.2 imports. It carries its own
// `component-type` section (the WASI imports it uses, and for commands the `wasi:cli/run` export); it imports the
// main module's memory (`env` `memory`) and allocator (`__main_module__` `cabi_realloc`, and `_start` for commands).
// Only the imports reachable from what the main module uses become component imports; the others get trapping stubs.
import type { CoreModuleSurface } from '../binary/ast.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { decodeWitFromBinary } from '../wit-binary/decode.js';
import { removeCustomSections } from '../wit-binary/custom-sections.js';
import type { Resolve } from '../wit/model.js';
import { injectStackAllocation, reachableImports } from './adapter-module.js';
import { ComponentNewError } from './errors.js';

export interface PreparedAdapter {
  /** The main module's import module it implements. */
  readonly name: string;
  /** The adapter, its component-type sections removed and lazy stack allocation added. */
  readonly module: Uint8Array;
  readonly surface: CoreModuleSurface;
  readonly resolve: Resolve;
  readonly world: number;
  /** Import indices (among its function imports) that the needed code reaches. */
  readonly live: ReadonlySet<number>;
}

/** Prepares adapter `bytes` for the main module's imports from `name` (their names are the exports it must have). */
export function prepareAdapter(name: string, bytes: Uint8Array, wanted: readonly string[]): PreparedAdapter {
  const decoded = decodeWitFromBinary(bytes);
  if (decoded.kind !== 'metadata') throw new ComponentNewError(`adapter \`${name}\` has no component-type section`);
  const stripped = removeCustomSections(bytes, (n) => n.startsWith('component-type'));
  const surface = readCoreModuleSurface(stripped);
  const roots: number[] = [];
  const exportIndex = (n: string) => surface.exports.find((e) => e.name === n && e.kind === 'func')?.index;
  for (const w of wanted) {
    const i = exportIndex(w);
    if (i === undefined) throw new ComponentNewError(`core import "${name}" "${w}": adapter \`${name}\` exports no \`${w}\``);
    roots.push(i);
  }
  // What the component itself calls: the realloc for lowering into the adapter, and its world's exports.
  for (const e of surface.exports) if (e.kind === 'func' && (e.name === 'cabi_import_realloc' || e.name.includes('#'))) roots.push(e.index);
  const live = reachableImports(stripped, surface, roots);
  const module = injectStackAllocation(stripped, surface);
  return { name, module, surface: readCoreModuleSurface(module), resolve: decoded.resolve, world: decoded.world!, live };
}
