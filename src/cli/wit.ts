// `kumiki wit PATH [--json] [--features a,b] [--all-features]`: print the resolved WIT package(s) of a .wit file,
// a WIT folder (with `deps/`), or a binary (a WIT package encoded as a component, or a component's world).
import { readFileSync, statSync } from 'node:fs';
import type { Command } from './main.js';
import { loadWit } from '../wit/load-node.js';
import { resolveToJson } from '../wit/json.js';
import { printWit } from '../wit/printer.js';
import type { Resolve } from '../wit/model.js';

/** A `\0asm` binary is decoded by the component-binary WIT decoder; anything else is WIT text. */
async function load(path: string, features: string[], allFeatures: boolean): Promise<{ resolve: Resolve; main: number }> {
  if (!statSync(path).isDirectory()) {
    const bytes = readFileSync(path);
    if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d) {
      const { decodeWitFromBinary } = await import('../wit-binary/decode.js');
      const decoded = decodeWitFromBinary(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { resolve: decoded.resolve, main: decoded.package };
    }
  }
  return loadWit(path, { features, allFeatures });
}

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
    const parsed = await load(path, features, allFeatures);
    process.stdout.write(json ? `${JSON.stringify(resolveToJson(parsed.resolve), null, 2)}\n` : printWit(parsed.resolve, parsed.main));
    return 0;
  },
};
