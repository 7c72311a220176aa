// Conformance against wasm-tools' wit-parser UI tests: valid cases must give identical JSON, parse-fail cases must be
// rejected at the expected line:col. Prints a table and the misses; fails below the floors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadWit } from '../../src/wit-binary/load-node.js';
import { resolveToJson } from '../../src/wit/json.js';
import { WitError } from '../../src/errors.js';
import { validCases, failCases, expectedLocation, expectedReason, assembleCorpusWat } from './corpus.js';

test('wit-parser UI corpus conformance', async () => {
  const assemble = await assembleCorpusWat();
  const misses: string[] = [];
  const valid = validCases();
  let validPass = 0;
  for (const c of valid) {
    try {
      const got = JSON.stringify(resolveToJson(loadWit(c.input, { features: ['active'], assembleWat: assemble }).resolve));
      const exp = JSON.stringify(JSON.parse(readFileSync(c.json, 'utf8')));
      if (got === exp) validPass++;
      else misses.push(`valid ${c.name}: JSON differs`);
    } catch (e) {
      misses.push(`valid ${c.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  const fails = failCases();
  let rejected = 0;
  let located = 0;
  let sameText = 0;
  const textMisses: string[] = [];
  for (const c of fails) {
    const result = readFileSync(c.result, 'utf8');
    const want = expectedLocation(result);
    try {
      loadWit(c.input, { features: ['active'] });
      misses.push(`parse-fail ${c.name}: accepted`);
    } catch (e) {
      if (!(e instanceof WitError)) { misses.push(`parse-fail ${c.name}: wrong error class ${String(e)}`); continue; }
      rejected++;
      const reason = e.reason.replace(/ known packages:(\n {4}\S+)+$/, ' known packages:');
      const wantReason = expectedReason(result).replace(/ known packages:(\n {4}\S+)+$/, ' known packages:');
      if (reason === wantReason || e.message.replace(/\n  \* .*/g, '') === wantReason.replace(/\n  \* .*/g, '')) sameText++;
      else textMisses.push(`  text: ${c.name}: got ${JSON.stringify(e.reason.split('\n')[0])}, want ${JSON.stringify(wantReason.split('\n')[0])}`);
      const ok = want ? e.line === want.line && e.col === want.col : e.line === 0;
      if (ok) located++;
      else misses.push(`parse-fail ${c.name}: at ${e.line}:${e.col}, expected ${want ? `${want.line}:${want.col}` : 'no location'} (${e.reason.split('\n')[0]})`);
    }
  }
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;
  console.log(['', 'wit-parser-ui            passed / total', `valid JSON               ${validPass} / ${valid.length}  (${pct(validPass, valid.length)})`,
    `parse-fail rejected      ${rejected} / ${fails.length}  (${pct(rejected, fails.length)})`,
    `parse-fail at location   ${located} / ${fails.length}  (${pct(located, fails.length)})`,
    `parse-fail same message  ${sameText} / ${fails.length}  (${pct(sameText, fails.length)})`, '',
    ...misses.map((m) => `  miss: ${m}`), ...textMisses].join('\n'));
  assert.ok(validPass / valid.length >= 0.95, 'valid JSON below 95 %');
  assert.equal(rejected, fails.length, 'some parse-fail cases were accepted');
  assert.ok(located / fails.length >= 0.9, 'parse-fail locations below 90 %');
  assert.ok(sameText / fails.length >= 0.95, 'parse-fail messages differ from wit-parser in more than 5 % of cases');
});
