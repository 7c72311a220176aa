// `kumiki inspect FILE [--no-modules]`: print a component binary as a tree (core modules with sizes and
// imports/exports, instances, types, imports/exports with their types, canon definitions with options).
import { readFileSync } from 'node:fs';
import type { Command } from './main.js';
import { readComponent, binaryKind } from '../binary/read.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { componentTree } from '../binary/tree.js';

export const command: Command = {
  summary: 'print a component binary as a tree (core modules, instances, types, imports/exports, canon)',
  async run(args) {
    let path: string | undefined;
    let moduleSurfaces = true;
    for (const a of args) {
      if (a === '--no-modules') moduleSurfaces = false;
      else if (a.startsWith('-')) { console.error(`kumiki inspect: unknown option '${a}'`); return 2; }
      else path = a;
    }
    if (!path) { console.error('usage: kumiki inspect FILE [--no-modules]'); return 2; }
    const bytes = readFileSync(path);
    if (binaryKind(bytes) === 'module') {
      const s = readCoreModuleSurface(bytes);
      console.log(`core module (${bytes.length} bytes): ${s.imports.length} imports, ${s.funcs.length} functions, ${s.exports.length} exports`);
      for (const i of s.imports) console.log(`├─ import "${i.module}" "${i.name}": ${i.desc.kind}`);
      for (const e of s.exports) console.log(`├─ export "${e.name}": ${e.kind} ${e.index}`);
      return 0;
    }
    console.log(componentTree(readComponent(bytes), { moduleSurfaces }));
    return 0;
  },
};
