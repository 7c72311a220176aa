// scanCoreModules: the byte ranges of a component's top-level core modules, found from the section headers alone
// (Binary.md "component ::= preamble section*", core module sections have id 1), so that `Component.compile` can hand
// the big core modules to the engine's background compiler before the component is read, validated and planned.
// A hint only: anything unusual yields fewer modules (or none), never an error; `readComponent` stays the judge.
import { COMPONENT_LAYER, COMPONENT_VERSION, MAGIC, MODULE_LAYER, MODULE_VERSION } from './opcodes.js';

/** One top-level core module: its bytes (a view, not a copy) and their offset in the component. */
export interface ScannedModule {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/** Modules below this size are compiled after reading as before: only big ones gain from an early start. */
const EARLY_MIN_BYTES = 64 * 1024;

/** The top-level core modules of at least EARLY_MIN_BYTES in `bytes`, a component; [] when the headers look wrong. */
export function scanCoreModules(bytes: Uint8Array): ScannedModule[] {
  const out: ScannedModule[] = [];
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) return out;
  if ((bytes[4]! | (bytes[5]! << 8)) !== COMPONENT_VERSION || (bytes[6]! | (bytes[7]! << 8)) !== COMPONENT_LAYER) return out;
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    // Section size: core:u32 (LEB128, ≤ 5 bytes).
    let size = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length || shift > 28) return out;
      const b = bytes[pos++]!;
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    const end = pos + size;
    if (end > bytes.length) return out;
    if (id === 1 && size >= EARLY_MIN_BYTES && isModulePreamble(bytes, pos)) out.push({ offset: pos, bytes: bytes.subarray(pos, end) });
    pos = end;
  }
  return out;
}

function isModulePreamble(bytes: Uint8Array, at: number): boolean {
  return MAGIC.every((m, i) => bytes[at + i] === m)
    && (bytes[at + 4]! | (bytes[at + 5]! << 8)) === MODULE_VERSION && (bytes[at + 6]! | (bytes[at + 7]! << 8)) === MODULE_LAYER;
}
