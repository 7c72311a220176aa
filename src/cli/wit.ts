// `kumiki wit PATH [--json]`: print the resolved WIT package(s) of a .wit file or folder.
import type { Command } from './main.js';

export const command: Command = {
  summary: 'print the resolved WIT of a .wit file, folder or component (--json: wit-parser JSON)',
  async run(args) {
    console.error(`kumiki wit: not built yet (args: ${args.join(' ')})`);
    return 1;
  },
};
