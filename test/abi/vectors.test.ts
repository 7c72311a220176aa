// Conformance: the 442 vectors of the Canonical ABI's Python reference (../shared/conformance/canonical-abi).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Trap } from '../../src/errors.js';
import {
  AbiContext, CoreValueIter, flattenFunctype, flattenTypes, liftFlat, lowerFlat, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS,
  type AddrType, type Flat, type FlatType, type StringEncoding,
} from '../../src/abi/index.js';
import type { ValType } from '../../src/types/index.js';
import { parseJson, type Json } from './json.js';
import { hex, Heap } from './heap.js';
import { mismatch, refFuncType, refType, show } from './reference.js';

// dist/test/abi/ → the repo root is three levels up; the conformance data sits beside the repo.
const VECTORS = new URL('../../../../shared/conformance/canonical-abi/vectors.json', import.meta.url);

type Vector = { [k: string]: Json };

/** Core values as the JS API of WebAssembly would pass them: i64 as bigint, the rest as numbers. */
function coreValues(flat: readonly Json[], types: readonly FlatType[]): Flat[] {
  return flat.map((x, i) => (types[i] === 'i64' ? BigInt(x as number | bigint) : Number(x)));
}

/** Runs one lift/lower round trip; returns a failure description or undefined. */
function roundtrip(v: Vector): string | undefined {
  const t = refType(v.type!);
  const addrType = v.addr_type as AddrType;
  const srcEncoding = v.src_encoding as StringEncoding;
  const memory = hex(v.memory as string);
  const src = new Heap(memory.length, memory);
  const cx = new AbiContext({ memory: src, encoding: srcEncoding, addrType, realloc: src.realloc });
  const vi = new CoreValueIter(coreValues(v.flat as Json[], flattenTypes([t], addrType)));
  let got: unknown;
  try {
    got = liftFlat(cx, vi, t);
  } catch (e) {
    if (v.trap === true && e instanceof Trap) return undefined;
    return `lift threw ${String(e)}`;
  }
  if (v.trap === true) return `expected a trap, lifted ${show(got)}`;
  if (!vi.done()) return `lift used ${vi.i} of ${vi.values.length} core values`;
  const m = mismatch(t, got, v.expect!);
  if (m) return `lift: ${m}`;

  const lowerType: ValType = v.lower_type === null ? t : refType(v.lower_type!);
  const lowerExpect = v.lower_type === null ? v.expect! : v.lower_expect!;
  const heap = new Heap(5 * memory.length);
  const dst = new AbiContext({
    memory: heap, realloc: heap.realloc, addrType,
    encoding: (v.dst_encoding ?? srcEncoding) as StringEncoding,
  });
  try {
    const flat = lowerFlat(dst, got, lowerType);
    const back = liftFlat(dst, new CoreValueIter(flat), lowerType);
    const m2 = mismatch(lowerType, back, lowerExpect);
    return m2 ? `re-lift: ${m2}` : undefined;
  } catch (e) {
    return `lower/re-lift threw ${String(e)}`;
  }
}

/** The reference test's rule: it records raw flattenings, and the lowered signature's extra out-pointer. */
function flattenCase(v: Vector): string | undefined {
  const ft = refFuncType(v.type!);
  const addrType = v.addr_type as AddrType;
  let params = (v.params as string[]).slice();
  let results = (v.results as string[]).slice();
  // The exporter captured `params` after the reference test appended the lowering's out-pointer in place.
  const rawParams = flattenTypes(ft.params.map((p) => p.type), addrType);
  if (results.length > MAX_FLAT_RESULTS && params.length === rawParams.length + 1) params = params.slice(0, -1);
  if (params.length > MAX_FLAT_PARAMS) params = [addrType];
  const liftWant = { params, results: results.length > MAX_FLAT_RESULTS ? [addrType] : results };
  const lowerWant = results.length > MAX_FLAT_RESULTS ? { params: [...params, addrType], results: [] } : liftWant;
  results = [];
  const lift = flattenFunctype(ft, 'lift', { addrType });
  const lower = flattenFunctype(ft, 'lower', { addrType });
  const same = (a: { params: readonly string[]; results: readonly string[] }, b: { params: readonly string[]; results: readonly string[] }) =>
    JSON.stringify([a.params, a.results]) === JSON.stringify([b.params, b.results]);
  if (!same(lift, liftWant)) return `lift: got ${show(lift)}, want ${show(liftWant)}`;
  if (!same(lower, lowerWant)) return `lower: got ${show(lower)}, want ${show(lowerWant)}`;
  return undefined;
}

test('canonical ABI conformance vectors', () => {
  const vectors = parseJson(readFileSync(VECTORS, 'utf8')) as Vector[];
  const failures: string[] = [];
  const byFn = new Map<string, { pass: number; total: number }>();
  for (const [i, v] of vectors.entries()) {
    const fn = v.fn as string;
    let why: string | undefined;
    try {
      why = fn === 'flatten_functype' ? flattenCase(v) : roundtrip(v);
    } catch (e) {
      why = `runner threw ${String(e)}`;
    }
    const row = byFn.get(fn) ?? { pass: 0, total: 0 };
    row.total++;
    if (why === undefined) row.pass++;
    else failures.push(`#${i} ${show(v.type).slice(0, 160)} (${v.src_encoding ?? ''}→${v.dst_encoding ?? ''}, ${v.addr_type}): ${why}`);
    byFn.set(fn, row);
  }
  let pass = 0;
  for (const [fn, r] of byFn) { console.log(`  ${fn.padEnd(22)} ${r.pass}/${r.total}`); pass += r.pass; }
  console.log(`  canonical-abi vectors: ${pass}/${vectors.length} passed`);
  for (const f of failures.slice(0, 30)) console.log(`  FAIL ${f}`);
  assert.equal(pass, vectors.length, `${failures.length} vectors failed`);
});
