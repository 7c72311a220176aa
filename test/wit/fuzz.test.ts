// Mutated corpus files (deterministic): every input either resolves (and its printed form re-parses, its worlds
// convert) or fails with a WitError — never a TypeError, RangeError or hang from our own code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { parseWit, printWit, resolveToJson, worldToComponentType, WitError } from '../../src/index.js';
import { readWitPath } from '../../src/wit/read-node.js';
import { UI_DIR } from './corpus.js';

const TOKENS = ['{', '}', '(', ')', '<', '>', ',', ';', ':', '.', '@', '%', '-', 'own', 'borrow', 'resource', 'use', 'include',
  'world', 'interface', 'package', 'func', 'async', '/', 'with', 'as', '"', '\n', '//', '/*', '*/', 'u32', 'list', 'result', '_',
  '1.0.0', 'constructor', 'static', 'x', 'a:b', 'type', 'record', 'variant', 'enum', 'flags', '\u{1F600}', '\r', '@since(version = 9.9.9)'];

test('mutated WIT never crashes the front end', () => {
  const texts: string[] = [];
  for (const dir of [UI_DIR, `${UI_DIR}parse-fail/`]) {
    for (const f of readdirSync(dir)) if (f.endsWith('.wit')) texts.push(readWitPath(dir + f) as string);
  }
  let seed = 20260522;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  let resolved = 0;
  for (let i = 0; i < 3000; i++) {
    let t = texts[rnd(texts.length)]!;
    for (let j = 1 + rnd(3); j > 0; j--) {
      const p = rnd(t.length + 1);
      const op = rnd(3);
      if (op === 0) t = t.slice(0, p) + t.slice(p + 1 + rnd(5));
      else if (op === 1) t = `${t.slice(0, p)} ${TOKENS[rnd(TOKENS.length)]} ${t.slice(p)}`;
      else { const q = rnd(t.length + 1); t = t.slice(0, p) + t.slice(q, q + rnd(20)) + t.slice(p); }
    }
    try {
      const r = parseWit(t, { features: ['active'] });
      resolveToJson(r.resolve);
      r.resolve.worlds.forEach((_, w) => worldToComponentType(r.resolve, w));
      parseWit(printWit(r.resolve, r.main), { features: ['active'] });
      resolved++;
    } catch (e) {
      if (!(e instanceof WitError)) assert.fail(`${String(e)} for input ${JSON.stringify(t)}`);
    }
  }
  assert.ok(resolved > 10);
});
