// Every interface kumiki/wasi provides, walked against its WASI 0.2.12 WIT (the copy bundled with jco): each
// function, constructor, method and static must be found where kumiki's linker looks for it (camelCase members,
// PascalCase classes), so a gap in preview2-shim shows here rather than in a user's program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseWit, worldToComponentType } from '../../src/index.js';
import { hostClass, member } from '../../src/link/linking.js';
import { wasi, WASI_INTERFACES } from '../../src/wasi/index.js';

const VERSION = '0.2.12';

function wasiWit(): Record<string, string> {
  const jcoMain = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  const dir = join(jcoMain, '..', '..', 'lib', 'wit', 'builtin', VERSION);
  const files: Record<string, string> = {};
  for (const pkg of readdirSync(dir)) files[`deps/${pkg}/package.wit`] = readFileSync(join(dir, pkg, 'package.wit'), 'utf8');
  const imports = WASI_INTERFACES.filter((i) => !i.endsWith('/incoming-handler')).map((i) => `  import ${i}@${VERSION};`).join('\n');
  files['main.wit'] = `package test:walk;\nworld all {\n${imports}\n}\n`;
  return files;
}

/**
 * Members of preview2-shim 0.26.1 missing for WASI 0.2.12 (newer than the shim's own WIT): known, listed so a
 * change either way shows.
 */
const KNOWN_GAPS: readonly string[] = [];

test('preview2-shim through kumiki/wasi provides every function and resource member of WASI 0.2.12', async () => {
  const parsed = parseWit(wasiWit());
  const world = [...parsed.resolve.packages[parsed.main]!.worlds.values()][0]!;
  const ct = worldToComponentType(parsed.resolve, world);
  const imports = await wasi();
  const missing: string[] = [];
  let checked = 0;
  for (const [name, ext] of ct.imports) {
    if (ext.kind !== 'instance') continue;
    const obj = imports[name] as Record<string, unknown> | undefined;
    if (obj === undefined) { missing.push(`${name} (whole interface)`); continue; }
    for (const [fname, f] of ext.type.exports) {
      // Resource classes are checked through their members ([constructor]/[static] need the class itself); a type
      // exported by `use` or without members needs none.
      if (f.kind !== 'func') continue;
      checked++;
      const v = member(obj, fname);
      if (typeof v !== 'function') { missing.push(`${name}#${fname}`); continue; }
      // A method must exist on the class's prototype (the member found above only checks the call at run time).
      const m = /^\[method\]([^.]+)\.(.+)$/.exec(fname);
      if (m !== null) {
        const cls = hostClass(obj, m[1]!) as { prototype?: Record<string, unknown> } | undefined;
        const key = m[2]!.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
        if (typeof cls?.prototype?.[key] !== 'function') missing.push(`${name}#${fname}`);
      }
    }
  }
  assert.ok(checked >= 175, `walked only ${checked} members`);
  assert.deepEqual(missing, KNOWN_GAPS);
});
