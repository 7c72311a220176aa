// `kumiki validate FILE… [--features a,b]`: validate component binaries; one line per file, exit 1 if any is invalid.
import { readInput } from './read-input.js';
import type { Command } from './command.js';
import { ValidationError } from '../errors.js';
import { validate } from '../validate/index.js';

export const command: Command = {
  summary: 'validate component binaries (--features a,b as wasm-tools names them); one line per file',
  async run(args) {
    const features: string[] = [];
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--features' || a === '-f') features.push(...(args[++i] ?? '').split(',').filter(Boolean));
      else if (a.startsWith('--features=')) features.push(...a.slice(11).split(',').filter(Boolean));
      else if (a.startsWith('-') && a !== '-') { console.error(`kumiki validate: unknown option '${a}'`); return 2; }
      else files.push(a);
    }
    if (files.length === 0) { console.error('usage: kumiki validate FILE... [--features a,b]'); return 2; }
    let status = 0;
    for (const file of files) {
      let bytes: Uint8Array;
      try {
        bytes = readInput(file, { stdin: true });
      } catch (e) {
        console.log(`${file}: error: ${e instanceof Error ? e.message : String(e)}`);
        status = 1;
        continue;
      }
      try {
        validate(bytes, { features });
        console.log(`${file}: valid`);
      } catch (e) {
        if (e instanceof ValidationError) {
          console.log(`${file}: invalid: ${e.reason.replace(/\n+/g, ': ').replace(/\s+/g, ' ')} (at offset 0x${e.offset.toString(16)})`);
        } else if (e instanceof RangeError) {
          console.error(`kumiki validate: ${e.message}`);
          return 2;
        } else {
          throw e;
        }
        status = 1;
      }
    }
    return status;
  },
};
