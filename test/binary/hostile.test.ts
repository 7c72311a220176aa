// Seeded hostile input: truncated and corrupted variants of valid components. The reader must either accept
// (and then re-encode the input byte for byte) or throw ValidationError; never another exception, never hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { readComponent } from '../../src/binary/read.js';
import { readCoreModuleSurface } from '../../src/binary/read-module.js';
import { writeComponent } from '../../src/binary/write.js';
import type { Component } from '../../src/binary/ast.js';
import { ASYNC_COMPONENT, RICH_COMPONENT, assemble } from './fixtures.js';

/** mulberry32: small, seedable, deterministic. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stats { total: number; accepted: number; rejected: number; slowest: number }
const problems: string[] = [];

function modulesOf(c: Component): { bytes: Uint8Array; offset: number }[] {
  const out: { bytes: Uint8Array; offset: number }[] = [];
  for (const s of c.sections) {
    if (s.kind === 'core-module') out.push(s.module);
    else if (s.kind === 'component') out.push(...modulesOf(s.component));
  }
  return out;
}

/** Feeds one input to the reader (and, if accepted, to the writer and the module surface reader). */
function probe(bytes: Uint8Array, label: string, stats: Stats): void {
  stats.total++;
  const t0 = performance.now();
  try {
    const ast = readComponent(bytes);
    stats.accepted++;
    const out = writeComponent(ast);
    if (out.length !== bytes.length || out.some((b, i) => b !== bytes[i])) problems.push(`${label}: accepted but round trip differs`);
    for (const m of modulesOf(ast)) {
      try {
        readCoreModuleSurface(m.bytes, m.offset);
      } catch (e) {
        if (!(e instanceof ValidationError)) problems.push(`${label}: module surface threw ${(e as Error).stack}`);
      }
    }
  } catch (e) {
    if (e instanceof ValidationError) stats.rejected++;
    else problems.push(`${label}: threw ${(e as Error)?.stack ?? String(e)}`);
  }
  const dt = performance.now() - t0;
  if (dt > stats.slowest) stats.slowest = dt;
  if (dt > 1000) problems.push(`${label}: took ${dt.toFixed(0)} ms`);
}

test('hostile input: truncations and bit flips read or throw ValidationError', async () => {
  const seeds = [await assemble(RICH_COMPONENT), await assemble(ASYNC_COMPONENT)];
  const random = rng(0x6b756d69);
  const stats: Stats = { total: 0, accepted: 0, rejected: 0, slowest: 0 };
  for (const [si, seed] of seeds.entries()) {
    // Every truncation point.
    for (let n = 0; n < seed.length; n++) probe(seed.subarray(0, n), `seed${si} truncated@${n}`, stats);
    // Random corruption: 1–4 bytes replaced, bits flipped, or a byte inserted/deleted.
    for (let k = 0; k < 2000; k++) {
      const b = new Uint8Array(seed);
      const edits = 1 + Math.floor(random() * 4);
      let label = `seed${si} #${k}`;
      let bytes: Uint8Array = b;
      for (let e = 0; e < edits; e++) {
        const at = 8 + Math.floor(random() * (bytes.length - 8));
        const mode = random();
        if (mode < 0.4) { bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8)); label += ` flip@${at}`; }
        else if (mode < 0.8) { bytes[at] = Math.floor(random() * 256); label += ` set@${at}`; }
        else if (mode < 0.9) { bytes = Uint8Array.from([...bytes.subarray(0, at), Math.floor(random() * 256), ...bytes.subarray(at)]); label += ` ins@${at}`; }
        else { bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1)]); label += ` del@${at}`; }
      }
      probe(bytes, label, stats);
    }
  }
  // Hostile shapes no mutation is likely to find: deep nesting, huge counts, over-long LEBs.
  const header = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];
  const deep: number[] = [];
  for (let i = 0; i < 5000; i++) deep.push(0x07, 0x01, 0x01, 0x42); // type section { instance type { type decl …
  probe(Uint8Array.from([...header, ...deep]), 'deeply nested instance types', stats);
  probe(Uint8Array.from([...header, 0x07, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'huge vector count', stats);
  probe(Uint8Array.from([...header, 0x07, 0x06, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 'LEB too long', stats);
  probe(Uint8Array.from([...header, 0x07, 0x05, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'LEB too large', stats);
  let nested = Uint8Array.from(header);
  for (let i = 0; i < 2000; i++) {
    const inner = nested;
    const size: number[] = [];
    let v = inner.length;
    do { size.push((v & 0x7f) | (v >= 0x80 ? 0x80 : 0)); v >>>= 7; } while (v);
    nested = Uint8Array.from([...header, 0x04, ...size, ...inner]);
  }
  probe(nested, 'deeply nested components', stats);

  console.log(`hostile inputs: ${stats.total} (accepted ${stats.accepted}, rejected ${stats.rejected}), slowest ${stats.slowest.toFixed(2)} ms`);
  if (problems.length) console.log(problems.slice(0, 20).join('\n'));
  assert.deepEqual(problems, []);
  assert.ok(stats.rejected > stats.total / 4, 'most corruptions are caught');
});

test('hostile input: core module surface on corrupted modules', async () => {
  const ast = readComponent(await assemble(RICH_COMPONENT));
  const [module] = modulesOf(ast);
  assert.ok(module);
  const random = rng(7);
  let rejected = 0;
  for (let k = 0; k < 3000; k++) {
    const b = new Uint8Array(module.bytes);
    const cut = random() < 0.3 ? Math.floor(random() * b.length) : b.length;
    for (let e = 0; e < 3; e++) b[8 + Math.floor(random() * (b.length - 8))] = Math.floor(random() * 256);
    try {
      readCoreModuleSurface(b.subarray(0, cut));
    } catch (e) {
      if (!(e instanceof ValidationError)) assert.fail(`#${k}: threw ${(e as Error).stack}`);
      rejected++;
    }
  }
  assert.ok(rejected > 0);
});

test('hostile input: validate() on the same kind of corruptions throws only ValidationError', async () => {
  const { validate } = await import('../../src/validate/index.js');
  const seeds = [await assemble(RICH_COMPONENT), await assemble(ASYNC_COMPONENT)];
  const random = rng(0x76616c);
  const bad: string[] = [];
  let total = 0;
  let rejected = 0;
  for (const [si, seed] of seeds.entries()) {
    const inputs: [string, Uint8Array][] = [];
    for (let n = 0; n < seed.length; n += 3) inputs.push([`seed${si} truncated@${n}`, seed.subarray(0, n)]);
    for (let k = 0; k < 1500; k++) {
      const b = new Uint8Array(seed);
      let label = `seed${si} #${k}`;
      for (let e = 0, n = 1 + Math.floor(random() * 3); e < n; e++) {
        const at = 8 + Math.floor(random() * (b.length - 8));
        b[at] = Math.floor(random() * 256);
        label += ` set@${at}`;
      }
      inputs.push([label, b]);
    }
    for (const [label, bytes] of inputs) {
      total++;
      const t0 = performance.now();
      try {
        validate(bytes, { features: ['all'] });
      } catch (e) {
        if (e instanceof ValidationError) rejected++;
        else bad.push(`${label}: ${(e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`);
      }
      if (performance.now() - t0 > 1000) bad.push(`${label}: slow`);
    }
  }
  console.log(`validate() on hostile inputs: ${total}, rejected ${rejected}, other failures ${bad.length}`);
  if (bad.length) console.log(bad.slice(0, 10).join('\n'));
  assert.deepEqual(bad, []);
});

test('hostile input: corruptions of every valid corpus component read or throw ValidationError', async () => {
  const { assembleCorpus, isComponent } = await import('./corpus.js');
  const seeds: Uint8Array[] = [];
  for (const corpus of ['component-model-spec', 'wasm-tools'] as const) {
    const { forms } = await assembleCorpus(corpus);
    for (const f of forms) if (f.expect === 'valid' && isComponent(f.bytes) && f.bytes.length > 9) seeds.push(f.bytes);
  }
  assert.ok(seeds.length > 500);
  const random = rng(0xc0ffee);
  const stats: Stats = { total: 0, accepted: 0, rejected: 0, slowest: 0 };
  for (const [si, seed] of seeds.entries()) {
    for (let k = 0; k < 6; k++) {
      const b = new Uint8Array(seed);
      const at = 8 + Math.floor(random() * (b.length - 8));
      if (k === 0) { probe(b.subarray(0, at), `corpus${si} truncated@${at}`, stats); continue; }
      b[at] = k < 3 ? b[at]! ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
      probe(b, `corpus${si} edit@${at}`, stats);
    }
  }
  console.log(`corpus-seeded hostile inputs: ${stats.total} from ${seeds.length} components (accepted ${stats.accepted}, rejected ${stats.rejected}), slowest ${stats.slowest.toFixed(2)} ms`);
  if (problems.length) console.log(problems.slice(0, 20).join('\n'));
  assert.deepEqual(problems, []);
});
