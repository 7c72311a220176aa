// `kumiki new CORE.wasm -o OUT.wasm [--adapt NAME=ADAPTER.wasm]… [--world W]`: a core module carrying a
// `component-type` section (wit-bindgen's or `kumiki embed`'s) made into a component (see src/toolchain).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from './command.js';
import { componentNew } from '../toolchain/component-new.js';

const USAGE = 'usage: kumiki new CORE.wasm -o OUT.wasm [--adapt wasi_snapshot_preview1=ADAPTER.wasm] [--world W]';

export const command: Command = {
  summary: 'make a component from a core module with a component-type section (--adapt NAME=ADAPTER.wasm, --world W)',
  async run(args) {
    let input: string | undefined;
    let out: string | undefined;
    let world: string | undefined;
    const adapters: Record<string, Uint8Array> = {};
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-o' || a === '--output') out = args[++i];
      else if (a === '--world') world = args[++i];
      else if (a === '--adapt') {
        const spec = args[++i] ?? '';
        const eq = spec.indexOf('=');
        if (eq <= 0) { console.error(`kumiki new: --adapt expects NAME=FILE, got '${spec}'`); return 2; }
        adapters[spec.slice(0, eq)] = new Uint8Array(readFileSync(spec.slice(eq + 1)));
      } else if (a.startsWith('-')) { console.error(`kumiki new: unknown option '${a}'`); return 2; }
      else input = a;
    }
    if (!input || !out) { console.error(USAGE); return 2; }
    const bytes = componentNew(new Uint8Array(readFileSync(input)), { ...(world !== undefined ? { world } : {}), adapters });
    writeFileSync(out, bytes);
    return 0;
  },
};
