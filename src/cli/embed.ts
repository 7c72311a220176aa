// `kumiki embed CORE.wasm --wit PATH [--world W] [--encoding utf8|utf16|compact-utf16] -o OUT.wasm`: append the
// world's `component-type:<world>` custom section (wit-component's metadata) to a core module.
import { writeFileSync } from 'node:fs';
import { checkWitPath, readInput } from './read-input.js';
import type { Command } from './command.js';
import { loadWit } from '../wit-binary/load-node.js';
import { embedWorld, removeCustomSections, type StringEncoding } from '../wit-binary/index.js';
import { binaryKind } from '../binary/read.js';

const USAGE = 'usage: kumiki embed CORE.wasm --wit PATH [--world W] [--encoding utf8|utf16|compact-utf16] -o OUT.wasm';
const ENCODINGS: readonly string[] = ['utf8', 'utf16', 'compact-utf16'];

export const command: Command = {
  summary: 'embed a WIT world as a component-type custom section in a core module (--wit DIR [--world W] -o OUT)',
  async run(args) {
    let input: string | undefined;
    let wit: string | undefined;
    let world: string | undefined;
    let out: string | undefined;
    let encoding: StringEncoding = 'utf8';
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--wit') wit = args[++i];
      else if (a === '--world') world = args[++i];
      else if (a === '-o' || a === '--output') out = args[++i];
      else if (a === '--encoding') {
        const e = args[++i] ?? '';
        if (!ENCODINGS.includes(e)) { console.error(`kumiki embed: unknown string encoding '${e}'`); return 2; }
        encoding = e as StringEncoding;
      } else if (a.startsWith('-')) { console.error(`kumiki embed: unknown option '${a}'`); return 2; }
      else input = a;
    }
    if (!input || !wit || !out) { console.error(USAGE); return 2; }
    const core = readInput(input);
    if (binaryKind(core) !== 'module') { console.error(`kumiki embed: ${input} is not a core WebAssembly module`); return 1; }
    checkWitPath(wit);
    const parsed = loadWit(wit);
    const pkg = parsed.resolve.packages[parsed.main]!;
    const worldId = world !== undefined ? pkg.worlds.get(world) : pkg.worlds.size === 1 ? [...pkg.worlds.values()][0] : undefined;
    if (worldId === undefined) {
      console.error(world !== undefined
        ? `kumiki embed: no world named '${world}' in package (worlds: ${[...pkg.worlds.keys()].join(', ') || 'none'})`
        : `kumiki embed: package has ${pkg.worlds.size} worlds; choose one with --world (${[...pkg.worlds.keys()].join(', ')})`);
      return 1;
    }
    const name = parsed.resolve.worlds[worldId]!.name;
    // Replace a previous embedding of the same world rather than adding a second one.
    const base = removeCustomSections(core, (n) => n === `component-type:${name}`);
    writeFileSync(out, embedWorld(base, parsed.resolve, worldId, encoding));
    return 0;
  },
};
