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
import type { Op, ProgramDesc } from '../program/desc.js';

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
      const { desc } = buildProgram(ast, view, state);
      const roles = asyncRoles(desc);
      console.log(`\nadapters:\n${state.plans.map((p, i) => { const r = roles.get(i); return r === undefined ? printPlan(p) : `${r}\n${printPlan(p)}`; }).join('\n\n')}`);
    }
    return 0;
  },
};

/**
 * What each async adapter plan is part of (README "Async"): an async lift is its argument plan plus task.return, an
 * async lower its argument plan plus a result plan; the runtime (runtime/async) drives the call between them.
 */
function asyncRoles(desc: ProgramDesc): Map<number, string> {
  const roles = new Map<number, string>();
  const walk = (ops: readonly Op[]): void => {
    for (const op of ops) {
      switch (op.op) {
        case 'component': walk(op.program.ops); break;
        case 'lift-async':
          roles.set(op.a, `# ${op.name}: async lift, ${op.callback !== undefined ? `stackless (callback core func ${op.callback})` : 'stackful'}: `
            + `the arguments are lowered below; the result comes by task.return${op.throwsResult ? ' (a result: ok resolves, err rejects with ComponentError)' : ''}`);
          break;
        case 'lower-async':
          roles.set(op.a, `# ${op.name}: async lower: the arguments are lifted below; the call returns a subtask status${op.res !== undefined ? ', the result plan stores the value when it returns' : ''}`);
          if (op.res !== undefined) roles.set(op.res, `# ${op.name}: async lower result, stored at the caller's pointer when the subtask returns`);
          break;
        case 'lower-sync-of-async':
          roles.set(op.a, `# ${op.name}: synchronous lower of an async function: the caller waits (JSPI when the callee does not finish at once)`);
          if (op.res !== undefined) roles.set(op.res, `# ${op.name}: its result half, for a call that suspended its caller (the arguments moved handles: lifted once)`);
          break;
        case 'task.return':
          roles.set(op.a, '# task.return: lifts the task\'s result out of the callee');
          break;
        case 'lift':
          if (op.fnAsync) roles.set(op.a, `# ${op.name ?? 'func'}: async function lifted without \`async\`: one task runs the core function to its end`);
          break;
        default: break;
      }
    }
  };
  walk(desc.ops);
  return roles;
}

/** JSON replacer: byte views as `{ bytes: length }`, bigints as strings. */
function jsonValue(_key: string, v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: v.length };
  if (typeof v === 'bigint') return v.toString();
  return v;
}
