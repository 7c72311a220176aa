// `kumiki wit PATH [--json] [--features a,b] [--all-features]`: print the resolved WIT package(s) of a .wit file,
// a WIT folder (with `deps/`), or a binary (a WIT package encoded as a component, or a component's world).
import type { Command } from './command.js';
import { loadWit } from '../wit-binary/load-node.js';
import { resolveToJson } from '../wit/json.js';
import { printWit } from '../wit/printer.js';
import { checkWitPath, readInput } from './read-input.js';

export const command: Command = {
  summary: 'print the resolved WIT of a .wit file, folder or binary (--json: wit-parser JSON; --features a,b; --all-features)',
  async run(args) {
    let json = false;
    let allFeatures = false;
    const features: string[] = [];
    let path: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--json') json = true;
      else if (a === '--all-features') allFeatures = true;
      else if (a === '--features') features.push(...(args[++i] ?? '').split(',').filter(Boolean));
      else if (a.startsWith('--features=')) features.push(...a.slice(11).split(',').filter(Boolean));
      else if (a.startsWith('-')) { console.error(`kumiki wit: unknown option '${a}'`); return 2; }
      else path = a;
    }
    if (!path) { console.error('usage: kumiki wit PATH [--json] [--features a,b] [--all-features]'); return 2; }
    // ── wit-binary: `.wasm` inputs (WIT package / component-type metadata / component world) ──
    if (path.endsWith('.wasm')) {
      const { decodeWitFromBinary, printDecodedWit } = await import('../wit-binary/index.js');
      const decoded = decodeWitFromBinary(readInput(path));
      process.stdout.write(json ? `${JSON.stringify(resolveToJson(decoded.resolve), null, 2)}\n` : printDecodedWit(decoded));
      return 0;
    }
    // ── end wit-binary ──
    checkWitPath(path);
    const parsed = loadWit(path, { features, allFeatures });
    process.stdout.write(json ? `${JSON.stringify(resolveToJson(parsed.resolve), null, 2)}\n` : printWit(parsed.resolve, parsed.main));
    return 0;
  },
};
