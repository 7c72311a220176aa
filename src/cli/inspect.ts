// `kumiki inspect FILE [--no-modules] [--json] [--adapters] [--features a,b]`: print a component binary as a tree (core
// modules with sizes and imports/exports, instances, types, imports/exports with their types, canon definitions with
// options), or its AST as JSON (byte payloads shown as their length, 64-bit limits as strings). `--adapters` adds
// each adapter plan's instructions (abi/plan-print.ts), planned without compiling the core modules.
import { readInput } from './read-input.js';
import type { Command } from './command.js';
import { readComponent, binaryKind } from '../binary/read.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { componentTree } from '../binary/tree.js';
import { printPlan } from '../abi/plan-print.js';
import { validateComponent } from '../validate/index.js';
import { buildProgram, newBuildState } from '../program/program.js';

export const command: Command = {
  summary: 'print a component binary as a tree (core modules, instances, types, imports/exports, canon; --json: the AST; --adapters: adapter plans)',
  async run(args) {
    let path: string | undefined;
    let moduleSurfaces = true;
    let json = false;
    let adapters = false;
    const features: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--no-modules') moduleSurfaces = false;
      else if (a === '--json') json = true;
      else if (a === '--adapters') adapters = true;
      else if (a === '--features' || a === '-f') features.push(...(args[++i] ?? '').split(',').filter(Boolean));
      else if (a.startsWith('--features=')) features.push(...a.slice(11).split(',').filter(Boolean));
      else if (a.startsWith('-')) { console.error(`kumiki inspect: unknown option '${a}'`); return 2; }
      else path = a;
    }
    if (!path) { console.error('usage: kumiki inspect FILE [--no-modules] [--json] [--adapters] [--features a,b]'); return 2; }
    // A plain view (Buffer subarrays would serialize themselves in --json).
    const bytes = readInput(path);
    if (binaryKind(bytes) === 'module') {
      const s = readCoreModuleSurface(bytes);
      console.log(`core module (${bytes.length} bytes): ${s.imports.length} imports, ${s.funcs.length} functions, ${s.exports.length} exports`);
      for (const i of s.imports) console.log(`├─ import "${i.module}" "${i.name}": ${i.desc.kind}`);
      for (const e of s.exports) console.log(`├─ export "${e.name}": ${e.kind} ${e.index}`);
      return 0;
    }
    const ast = readComponent(bytes);
    console.log(json ? JSON.stringify(ast, jsonValue, 1) : componentTree(ast, { moduleSurfaces }));
    // The adapter plans: each lifted/lowered function's booklet as instructions (DESIGN.md §2).
    if (adapters) {
      // Validated and planned as the runtime and `kumiki transpile` do; core modules are not compiled, so a component
      // whose modules this host's engine cannot compile (memory64 on Node 20) still shows its plans.
      const { view } = validateComponent(ast, { features, coreValidator: () => undefined });
      const state = newBuildState();
      buildProgram(ast, view, state);
      console.log(`\nadapters:\n${state.plans.map(printPlan).join('\n\n')}`);
    }
    return 0;
  },
};

/** JSON replacer: byte views as `{ bytes: length }`, bigints as strings. */
function jsonValue(_key: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: v.length };
  if (typeof v === 'bigint') return v.toString();
  return v;
}
