// WIT front end throughput: parse + resolve every valid wit-parser UI case plus the WASI WIT that jco ships
// (node_modules/@bytecodealliance/jco/lib/wit/builtin/{0.2.12,0.3.0}); preview2-shim ships no .wit files.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWit, type WitFiles } from '../src/wit/parse.js';
import { readWitPath } from '../src/wit/load-node.js';
import { nsPerOp } from './timing.js';

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

export async function run(): Promise<void> {
  const ui = uiInputs();
  const wasi = ['0.2.12', '0.3.0'].map(wasiInput).filter((x): x is Input => !!x);
  const opts = { features: ['active'] };
  for (let i = 0; i < 20; i++) for (const x of [...ui, ...wasi]) parseWit(x.input, opts); // warm up the JIT
  const rows: [string, number, number, number][] = [];
  const measure = (name: string, inputs: Input[]): void => {
    const bytes = inputs.reduce((n, i) => n + i.bytes, 0);
    const once = (): void => { for (const i of inputs) parseWit(i.input, opts); };
    const ns = nsPerOp(once, { runs: 7, targetMs: 200 });
    // CPU time of this process over a fixed batch: less sensitive than wall time to other load on a shared machine.
    const reps = Math.max(1, Math.round(300e6 / ns));
    const c0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) once();
    const c = process.cpuUsage(c0);
    const cpuNs = ((c.user + c.system) * 1e3) / reps;
    rows.push([name, bytes, bytes / 1e6 / (ns / 1e9), bytes / 1e6 / (cpuNs / 1e9)]);
  };
  measure(`wit-parser UI valid cases (${ui.length})`, ui);
  for (const w of wasi) measure(`${w.name} (7 packages)`, [w]);
  measure('all of the above', [...ui, ...wasi]);
  console.log(`${'input (parse + resolve)'.padEnd(40)} ${'bytes'.padStart(9)} ${'MB/s wall'.padStart(10)} ${'MB/s CPU'.padStart(10)}`);
  for (const [n, b, wall, cpu] of rows) console.log(`${n.padEnd(40)} ${String(b).padStart(9)} ${wall.toFixed(2).padStart(10)} ${cpu.toFixed(2).padStart(10)}`);
}
