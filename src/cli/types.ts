// `kumiki types (COMPONENT.wasm | WIT-PATH [--world W]) [-o OUT.d.ts] [--features a,b]`: TypeScript declarations of a component's
// exports object and the imports object its host passes (DESIGN.md §4 shapes).
import { statSync, writeFileSync } from 'node:fs';
import { readInput } from './read-input.js';
import type { Command } from './command.js';
import { binaryKind } from '../binary/read.js';
import { ResourceType } from '../types/index.js';
import { validate } from '../validate/index.js';
import { loadWit } from '../wit-binary/load-node.js';
import { worldToComponentType } from '../wit/to-types.js';
import { componentTypeToDts } from '../tools/dts.js';
import { witDocs } from '../tools/wit-docs.js';
import { commentText } from '../tools/transpile.js';

const USAGE = 'usage: kumiki types (COMPONENT.wasm | WIT-PATH [--world W]) [-o OUT.d.ts] [--features a,b]';

export const command: Command = {
  summary: 'TypeScript declarations (.d.ts) of a component\'s exports and imports, from a binary or a WIT world',
  async run(args) {
    let input: string | undefined;
    let world: string | undefined;
    let out: string | undefined;
    const features: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--world' || a === '-w') world = args[++i];
      // Gates beyond the defaults (wasm-tools names: cm-error-context, cm-async-stackful, ...), as inspect and transpile take them.
      else if (a === '--features' || a === '-f') features.push(...(args[++i] ?? '').split(',').filter(Boolean));
      else if (a === '-o' || a === '--output') out = args[++i];
      else if (a.startsWith('-')) { console.error(`kumiki types: unknown option '${a}'`); return 2; }
      else if (input === undefined) input = a;
      else { console.error(USAGE); return 2; }
    }
    if (input === undefined) { console.error(USAGE); return 2; }
    const text = generate(input, world, features);
    if (typeof text === 'number') return text;
    if (out !== undefined) writeFileSync(out, text);
    else process.stdout.write(text);
    return 0;
  },
};

/** The declarations for `input`, or an exit code after printing why not. */
function generate(input: string, world: string | undefined, features: readonly string[]): string | number {
  let head: Uint8Array | undefined;
  // A folder is WIT; anything else must be a regular file under the size cap.
  if (!statSync(input).isDirectory()) head = readInput(input);
  if (head !== undefined && world === undefined && binaryKind(head) === 'component') {
    const ct = validate(head, { features: [...features] });
    // A WIT package encoded as a component exports only component types (its worlds): read it as WIT instead.
    const maybePackage = ct.imports.size === 0 && [...ct.exports.values()].every((e) => e.kind === 'component' || (e.kind === 'type' && !(e.type instanceof ResourceType)));
    if (!maybePackage) return componentTypeToDts(ct, { source: commentText(input) });
    try {
      return fromWit(input, undefined);
    } catch {
      return componentTypeToDts(ct, { source: commentText(input) }); // an empty component, not a package
    }
  }
  if (head !== undefined && binaryKind(head) === 'module') { console.error(`kumiki types: ${input} is a core module, not a component`); return 1; }
  return fromWit(input, world);
}

/** Declarations for a world of a WIT file, folder or encoded package; an exit code after printing why not. */
function fromWit(input: string, world: string | undefined): string | number {
  const parsed = loadWit(input);
  const pkg = parsed.resolve.packages[parsed.main]!;
  const worldId = world !== undefined ? pkg.worlds.get(world) : pkg.worlds.size === 1 ? [...pkg.worlds.values()][0] : undefined;
  if (worldId === undefined) {
    console.error(world !== undefined
      ? `kumiki types: no world named '${world}' in package (worlds: ${[...pkg.worlds.keys()].join(', ') || 'none'})`
      : `kumiki types: package has ${pkg.worlds.size} worlds; choose one with --world (${[...pkg.worlds.keys()].join(', ')})`);
    return 1;
  }
  const ct = worldToComponentType(parsed.resolve, worldId);
  return componentTypeToDts(ct, { source: commentText(`${input} (world ${parsed.resolve.worlds[worldId]!.name})`), docs: witDocs(parsed.resolve, worldId) });
}
