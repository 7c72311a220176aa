// WIT front end throughput: parse + resolve every valid wit-parser UI case plus the WASI WIT that jco ships
// (node_modules/@bytecodealliance/jco/lib/wit/builtin/{0.2.12,0.3.0}); preview2-shim ships no .wit files.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWit, type WitFiles } from '../src/wit/parse.js';
import { readWitPath } from '../src/wit/read-node.js';
import { median, nsPerOp } from './timing.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const UI = fileURLToPath(new URL('../../../shared/conformance/wasm-tools/wit-parser-ui/', import.meta.url));
const JCO_WIT = `${root}node_modules/@bytecodealliance/jco/lib/wit/builtin/`;

interface Input { name: string; input: string | WitFiles; bytes: number }

function size(i: string | WitFiles): number {
  const enc = new TextEncoder();
  return typeof i === 'string' ? enc.encode(i).length : Object.values(i).reduce((n, s) => n + enc.encode(s).length, 0);
}

function uiInputs(): Input[] {
  const out: Input[] = [];
  if (!existsSync(UI)) return out;
  for (const f of readdirSync(UI).sort()) {
    if (!f.endsWith('.wit.json')) continue;
    const base = f.slice(0, -'.wit.json'.length);
    const p = existsSync(`${UI}${base}.wit`) ? `${UI}${base}.wit` : `${UI}${base}`;
    if (!existsSync(p)) continue;
    const input: string | WitFiles = readWitPath(p);
    try { parseWit(input, { features: ['active'] }); } catch { continue; } // needs component-encoded deps: not WIT text
    out.push({ name: base, input, bytes: size(input) });
  }
  return out;
}

/** One WASI release as a folder: wasi-http at the root, the other packages under deps/. */
function wasiInput(version: string): Input | undefined {
  const dir = `${JCO_WIT}${version}/`;
  if (!existsSync(dir)) return undefined;
  const pkgs = readdirSync(dir).sort();
  const main = pkgs.includes('wasi-http') ? 'wasi-http' : pkgs[0]!;
  const files: Record<string, string> = { 'package.wit': readFileSync(`${dir}${main}/package.wit`, 'utf8') };
  for (const p of pkgs) if (p !== main) files[`deps/${p}/package.wit`] = readFileSync(`${dir}${p}/package.wit`, 'utf8');
  return { name: `wasi ${version}`, input: files, bytes: size(files) };
}

/** One timed round: wall and process CPU time (all threads, so GC helpers count) of `n` passes, per pass. */
function round(once: () => void, n: number): { wallNs: number; cpuNs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) once();
  const wallNs = ((performance.now() - t0) * 1e6) / n;
  const c = process.cpuUsage(c0);
  return { wallNs, cpuNs: ((c.user + c.system) * 1e3) / n };
}

const ROUNDS = 11;
const ROUND_MS = 100;

export async function run(): Promise<void> {
  const ui = uiInputs();
  const wasi = ['0.2.12', '0.3.0'].map(wasiInput).filter((x): x is Input => !!x);
  const opts = { features: ['active'] };
  for (let i = 0; i < 20; i++) for (const x of [...ui, ...wasi]) parseWit(x.input, opts); // warm up the JIT
  const rows: { name: string; bytes: number; wallNs: number; bestNs: number; cpuNs: number }[] = [];
  const measure = (name: string, inputs: Input[]): void => {
    const bytes = inputs.reduce((n, i) => n + i.bytes, 0);
    const once = (): void => { for (const i of inputs) parseWit(i.input, opts); };
    const n = Math.max(1, Math.round((ROUND_MS * 1e6) / nsPerOp(once, { runs: 3, targetMs: 20 })));
    const rs = Array.from({ length: ROUNDS }, () => round(once, n));
    const walls = rs.map((r) => r.wallNs);
    rows.push({ name, bytes, wallNs: median(walls), bestNs: Math.min(...walls), cpuNs: median(rs.map((r) => r.cpuNs)) });
  };
  measure(`wit-parser UI valid cases (${ui.length})`, ui);
  for (const w of wasi) measure(`${w.name} (7 packages)`, [w]);
  measure('all of the above', [...ui, ...wasi]);
  const mbs = (bytes: number, ns: number): string => (bytes / 1e6 / (ns / 1e9)).toFixed(2).padStart(10);
  console.log(`${ROUNDS} rounds of ~${ROUND_MS} ms each; wall = median round, best = fastest round, CPU = median round's process CPU time`);
  console.log(`${'input (parse + resolve)'.padEnd(40)} ${'bytes'.padStart(7)} ${'ms/pass'.padStart(8)} ${'MB/s wall'.padStart(10)} ${'MB/s best'.padStart(10)} ${'MB/s CPU'.padStart(10)}`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(40)} ${String(r.bytes).padStart(7)} ${(r.wallNs / 1e6).toFixed(3).padStart(8)}${mbs(r.bytes, r.wallNs)} ${mbs(r.bytes, r.bestNs)} ${mbs(r.bytes, r.cpuNs)}`);
  }
}
