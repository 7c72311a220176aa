// Print → re-parse: the printed WIT of every valid corpus case must resolve to the same model. Printing reorders
// members (uses, types, then functions, as wasm-tools does), so models are compared arena-independently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWit } from '../../src/wit-binary/load-node.js';
import { parseWit } from '../../src/wit/parse.js';
import { printWit } from '../../src/wit/printer.js';
import { validCases, assembleCorpusWat } from './corpus.js';
import { canonicalResolve } from './canonical.js';

test('print → re-parse gives the same resolved model', async () => {
  const assemble = await assembleCorpusWat();
  let same = 0;
  let total = 0;
  let fixedPoint = 0;
  const misses: string[] = [];
  for (const c of validCases()) {
    const first = loadWit(c.input, { features: ['active'], assembleWat: assemble });
    total++;
    const text = printWit(first.resolve, first.main);
    try {
      const again = parseWit(text, { path: 'printed.wit', features: ['active'] });
      if (printWit(again.resolve, again.main) === text) fixedPoint++;
      if (JSON.stringify(canonicalResolve(again.resolve)) === JSON.stringify(canonicalResolve(first.resolve))) same++;
      else misses.push(`${c.name}: model differs`);
    } catch (e) {
      misses.push(`${c.name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  console.log(`roundtrip: ${same} / ${total} identical models; printed text a fixed point for ${fixedPoint} / ${total}\n${misses.map((m) => `  miss: ${m}`).join('\n')}`);
  assert.equal(same, total, 'some cases do not round-trip');
});
