// `parseWit` must bundle for browsers: nothing reachable from dist/src/index.js may import `node:` modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

test('the WIT front end reachable from index.js has no Node-only imports', () => {
  const start = fileURLToPath(new URL('../../src/wit/index.js', import.meta.url));
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      assert.ok(!spec.startsWith('node:') && spec.startsWith('.'), `${f} imports ${spec}`);
      stack.push(resolve(dirname(f), spec));
    }
  }
  assert.ok(seen.size > 5);
});
