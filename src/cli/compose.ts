// `kumiki compose MAIN.wasm --plug DEP.wasm… -o OUT.wasm` (like `wac plug`: MAIN's imports satisfied by the plugs'
// exports of the same name) or `kumiki compose --file COMPOSITION.json -o OUT.wasm` for explicit wiring:
//   { "main": "app", "components": { "app": "app.wasm", "lib": "lib.wasm" },
//     "links": [{ "to": "app", "import": "c", "from": "lib", "export": "*" }] }
// (paths relative to the file; `"export": "*"` bundles `from`'s root exports as the instance `import` wants).
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from './command.js';
import { compose, type ComposeInput, type ComposeLink } from '../toolchain/compose.js';

const USAGE = 'usage: kumiki compose MAIN.wasm --plug DEP.wasm [--plug …] -o OUT.wasm | kumiki compose --file COMPOSITION.json -o OUT.wasm';

interface CompositionFile { main?: string; components: Record<string, string>; links?: ComposeLink[] }

export const command: Command = {
  summary: 'link components into one (MAIN --plug DEP… like wac plug, or --file composition.json) -o OUT',
  async run(args) {
    let main: string | undefined;
    let file: string | undefined;
    let out: string | undefined;
    const plugs: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--plug') plugs.push(args[++i] ?? '');
      else if (a === '--file') file = args[++i];
      else if (a === '-o' || a === '--output') out = args[++i];
      else if (a.startsWith('-')) { console.error(`kumiki compose: unknown option '${a}'`); return 2; }
      else main = a;
    }
    if (!out || (file === undefined) === (main === undefined) || plugs.some((p) => !p)) { console.error(USAGE); return 2; }
    let input: ComposeInput;
    if (file !== undefined) {
      const spec = JSON.parse(readFileSync(file, 'utf8')) as CompositionFile;
      const components: Record<string, Uint8Array> = {};
      for (const [name, path] of Object.entries(spec.components ?? {})) components[name] = new Uint8Array(readFileSync(resolve(dirname(file), path)));
      input = { components, ...(spec.main !== undefined ? { main: spec.main } : {}), ...(spec.links ? { links: spec.links } : {}) };
    } else {
      const components: Record<string, Uint8Array> = {};
      for (const path of [main!, ...plugs]) {
        let name = basename(path).replace(/\.wasm$/, '');
        while (name in components) name += "'";
        components[name] = new Uint8Array(readFileSync(path));
      }
      input = { components };
    }
    writeFileSync(out, compose(input));
    return 0;
  },
};
