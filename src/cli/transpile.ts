// `kumiki transpile COMPONENT.wasm -o OUTDIR [--name N] [--runtime SPECIFIER] [--async-runtime SPECIFIER] [--features a,b] [--no-fuse]
// [--base64-cutoff N] [--compat NAME]`: an ES module that instantiates the component with `kumiki/runtime` (no eval), its core modules
// (those smaller than N bytes inlined in the module as base64) and its declarations (tools/transpile.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { readInput } from './read-input.js';
import { basename, join } from 'node:path';
import type { Command } from './command.js';
import { transpile } from '../tools/transpile.js';
import { checkCompat, type CompatOption } from '../program/compat.js';

const USAGE = 'usage: kumiki transpile COMPONENT.wasm -o OUTDIR [--name N] [--runtime SPECIFIER] [--async-runtime SPECIFIER] [--features a,b] [--no-fuse] [--base64-cutoff N] [--compat NAME]';

export const command: Command = {
  summary: 'ahead-of-time: an ES module + core .wasm files + .d.ts that run with kumiki/runtime (no eval)',
  async run(args) {
    let input: string | undefined;
    let out: string | undefined;
    let name: string | undefined;
    let runtime: string | undefined;
    let asyncRuntime: string | undefined;
    const features: string[] = [];
    let fuse = true;
    let cutoff: number | undefined;
    const compat: CompatOption[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const value = (): string | undefined => args[++i];
      if (a === '-o' || a === '--out-dir') out = value();
      else if (a === '--name' || a === '-n') name = value();
      else if (a === '--runtime') runtime = value();
      else if (a === '--async-runtime') asyncRuntime = value();
      else if (a === '--no-fuse') fuse = false;
      else if (a === '--base64-cutoff') {
        // A byte count, as jco's option: decimal digits only (no sign, exponent or fraction).
        const v = value();
        if (v === undefined || !/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) {
          console.error(`kumiki transpile: --base64-cutoff expects a number of bytes (a non-negative integer), got ${v === undefined ? 'nothing' : `'${v}'`}\n${USAGE}`);
          return 2;
        }
        cutoff = Number(v);
      }
      else if (a === '--compat') {
        try { compat.push(...checkCompat([value() ?? ''], '--compat')); } catch (e) { console.error(`kumiki transpile: ${(e as Error).message}\n${USAGE}`); return 2; }
      }
      else if (a === '--features' || a === '-f') features.push(...(value() ?? '').split(',').filter(Boolean));
      else if (a.startsWith('-')) { console.error(`kumiki transpile: unknown option '${a}'`); return 2; }
      else if (input === undefined) input = a;
      else { console.error(USAGE); return 2; }
    }
    if (input === undefined || out === undefined || out === '' || name === '' || runtime === '' || asyncRuntime === '') { console.error(USAGE); return 2; }
    const bytes = readInput(input);
    const result = transpile(bytes, {
      name: name ?? basename(input).replace(/\.(wasm|component)$/i, '').replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^[.-]/, '_'),
      ...(runtime !== undefined ? { runtime } : {}),
      ...(asyncRuntime !== undefined ? { asyncRuntime } : {}),
      features,
      fuse,
      ...(cutoff !== undefined ? { base64Cutoff: cutoff } : {}),
      ...(compat.length > 0 ? { compat } : {}),
      source: basename(input),
    });
    mkdirSync(out, { recursive: true });
    for (const [file, data] of result.files) {
      writeFileSync(join(out, file), data);
      console.log(`${join(out, file)} (${data.length} ${typeof data === 'string' ? 'chars' : 'bytes'})`);
    }
    return 0;
  },
};
