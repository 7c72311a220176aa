// The `kumiki` command: one file per subcommand under src/cli/, loaded on demand.

import type { Command } from './command.js';

export type { Command } from './command.js';

/** Subcommands by name; each module exports `command: Command`. */
const commands: Record<string, () => Promise<{ command: Command }>> = {
  wit: () => import('./wit.js'),
  inspect: () => import('./inspect.js'),
  validate: () => import('./validate.js'),
  embed: () => import('./embed.js'),
  types: () => import('./types.js'),
  call: () => import('./call.js'),
  transpile: () => import('./transpile.js'),
  print: () => import('./print.js'),
  new: () => import('./new.js'),
  compose: () => import('./compose.js'),
  run: () => import('./run.js'),
  serve: () => import('./serve.js'),
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const lines = ['usage: kumiki <command> [args]', '', 'commands:'];
    for (const [n, load] of Object.entries(commands)) lines.push(`  ${n.padEnd(10)} ${(await load()).command.summary}`);
    console.log(lines.join('\n'));
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`kumiki: unknown command '${name}' (see kumiki --help)`);
    return 2;
  }
  try {
    return await (await load()).command.run(rest);
  } catch (e) {
    console.error(e instanceof Error ? `${e.name}: ${e.message}` : `kumiki: ${String(e)}`);
    return 1;
  }
}
