// `kumiki print FILE [--folded] [-o OUT]`: a component (or core module) binary as the text format, every core module
// in full, `$id`s from the name sections. `kumiki wit` stays the place for WIT summaries.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from './command.js';
import { printComponent } from '../print/component.js';

export const command: Command = {
  summary: 'print a component or core module as text (core modules in full, names from the name sections; --folded)',
  async run(args) {
    let path: string | undefined;
    let out: string | undefined;
    let folded = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--folded') folded = true;
      else if (a === '-o') out = args[++i];
      else if (a.startsWith('-')) { console.error(`kumiki print: unknown option '${a}'`); return 2; }
      else path = a;
    }
    if (!path || (args.includes('-o') && !out)) { console.error('usage: kumiki print FILE [--folded] [-o OUT]'); return 2; }
    const file = readFileSync(path);
    const text = `${printComponent(new Uint8Array(file.buffer, file.byteOffset, file.length), { folded })}\n`;
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    return 0;
  },
};
