// `kumiki run COMPONENT.wasm [--dir HOST::GUEST] [--env K[=V]] [--invoke 'f(args)'] [--] [ARGS…]`: runs a WASI 0.2
// or 0.3 command (`wasi:cli/run`, 0.3 when exported) with the host's stdio and its exit code, or calls one export with WAVE arguments and
// prints its result in WAVE (as `wasmtime run --invoke`). Nothing is granted unless asked for (kumiki/wasi).
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from './command.js';
import { ComponentError } from '../errors.js';
import { validate } from '../validate/index.js';
import { Component } from '../entries/component.js';
import { exitCodeOf, wasi, type WasiOptions } from '../wasi/index.js';
import { commandSettled } from '../wasi/p3/index.js';
import { parseWaveCall, printWave, toValue, WaveError } from '../wave/index.js';
import { findExport } from './call.js';
import { checkCompat, type CompatOption } from '../program/compat.js';

const USAGE = "usage: kumiki run COMPONENT.wasm [--dir HOST::GUEST]... [--env K[=V]]... [--network] [--argv0 NAME] [--compat sync-cancel-in-set] [--invoke 'f(args)'] [--] [ARGS...]";

/** Parsed command line. */
export interface RunArgs {
  readonly file: string;
  readonly preopens: Record<string, string>;
  readonly env: Record<string, string>;
  readonly args: readonly string[];
  readonly invoke?: string;
  readonly network: boolean;
  /** The guest's argv[0] (as wasmtime's `--argv0`); default: the file name without `.wasm`. */
  readonly argv0?: string;
  /** Compatibility options (program/compat.ts `COMPAT_OPTIONS`), for `Component.compile`. */
  readonly compat: readonly CompatOption[];
}

/** Options come before the component; everything after it (or after `--`) is the guest's arguments. */
export function parseRunArgs(argv: readonly string[]): RunArgs | string {
  const preopens: Record<string, string> = {};
  const env: Record<string, string> = {};
  let invoke: string | undefined;
  let argv0: string | undefined;
  let network = false;
  const compat: CompatOption[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-')) break;
    const value = (): string => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0 && !['--env'].includes(a.slice(0, eq))) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--dir' || a.startsWith('--dir=')) {
        const d = value();
        const cut = d.indexOf('::');
        const host = cut < 0 ? d : d.slice(0, cut);
        preopens[cut < 0 ? d : d.slice(cut + 2)] = resolve(host);
      } else if (a === '--env') {
        const kv = value();
        const eq = kv.indexOf('=');
        if (eq < 0) { const v = process.env[kv]; if (v !== undefined) env[kv] = v; } else env[kv.slice(0, eq)] = kv.slice(eq + 1);
      } else if (a === '--invoke' || a.startsWith('--invoke=')) invoke = value();
      else if (a === '--network') network = true;
      else if (a === '--argv0' || a.startsWith('--argv0=')) argv0 = value();
      else if (a === '--compat' || a.startsWith('--compat=')) compat.push(...checkCompat([value()], '--compat'));
      else return `unknown option ${a}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const file = argv[i];
  if (file === undefined) return 'no component given';
  const rest = argv.slice(i + 1);
  const args = rest[0] === '--' ? rest.slice(1) : rest;
  return { file, preopens, env, args, network, compat, ...(invoke !== undefined ? { invoke } : {}), ...(argv0 !== undefined ? { argv0 } : {}) };
}

export const command: Command = {
  summary: 'run a WASI 0.2 or 0.3 command component, or --invoke an export with WAVE arguments',
  async run(argv) {
    const a = parseRunArgs(argv);
    if (typeof a === 'string') { console.error(`kumiki run: ${a}\n${USAGE}`); return 2; }
    const raw = readFileSync(a.file);
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    // argv[0] is the component's name without `.wasm`, as `jco run` gives it.
    const options: WasiOptions = { args: [a.argv0 ?? basename(a.file).replace(/\.wasm$/, ''), ...a.args], env: a.env, preopens: a.preopens, network: a.network, stdin: 'inherit', cwd: Object.keys(a.preopens).includes('/') ? '/' : undefined };
    if (a.invoke !== undefined) return invoke(bytes, a.invoke, options, a.compat);
    const imports = await wasi(options);
    const instance = (await Component.compile(bytes, { compat: a.compat })).instantiate(imports);
    const p3 = runExport03(instance.exports);
    if (p3 !== undefined) return runCommand03(p3);
    const run = (instance.exports['wasi:cli/run'] as { run?: () => void } | undefined)?.run;
    if (typeof run !== 'function') {
      console.error(`kumiki run: ${a.file} does not export wasi:cli/run (exports: ${Object.keys(instance.exports).filter((k) => k.includes(':')).join(', ') || 'none'}); use --invoke to call an export`);
      return 1;
    }
    return runCommand(run);
  },
};

/**
 * WASI 0.3's `wasi:cli/run@0.3.x#run` (an async function) when the component exports it; a component exporting
 * both 0.2 and 0.3 runs as 0.3 (as wasmtime 46 does).
 */
export function runExport03(exports: Record<string, unknown>): (() => Promise<unknown>) | undefined {
  const key = Object.keys(exports).find((k) => /^wasi:cli\/run@0\.3\.\d+(-.*)?$/.test(k));
  const run = key === undefined ? undefined : (exports[key] as { run?: unknown } | undefined)?.run;
  return typeof run === 'function' ? (run as () => Promise<unknown>) : undefined;
}

/** Awaits WASI 0.3's `run`: 0 on `ok`, 1 on `err`, the code given to `wasi:cli/exit`, 1 after a trap (printed). */
export async function runCommand03(run: () => Promise<unknown>): Promise<number> {
  try {
    const r = await run();
    // The export's promise settles at task.return; the task may go on (writing output) until it exits.
    await commandSettled();
    return r !== null && typeof r === 'object' && (r as { tag?: unknown }).tag === 'err' ? 1 : 0;
  } catch (e) {
    const code = exitCodeOf(e);
    if (code !== undefined) return code;
    if (e instanceof ComponentError) return 1;
    throw e;
  }
}

/** Calls `wasi:cli/run#run`: 0 on `ok`, 1 on `err`, the code given to `wasi:cli/exit`, 1 after a trap (printed). */
export function runCommand(run: () => void): number {
  try {
    run();
    return 0;
  } catch (e) {
    const code = exitCodeOf(e);
    if (code !== undefined) return code;
    if (e instanceof ComponentError) return 1;
    throw e;
  }
}

async function invoke(bytes: Uint8Array, text: string, options: WasiOptions, compat: readonly CompatOption[]): Promise<number> {
  const ct = validate(bytes);
  let call: ReturnType<typeof parseWaveCall>;
  try { call = parseWaveCall(text); } catch (e) { if (e instanceof WaveError) { console.error(`kumiki run --invoke: ${e.message}`); return 2; } throw e; }
  const target = findExport(ct.exports, call.name);
  if (typeof target === 'string') { console.error(`kumiki run --invoke: ${target}`); return 1; }
  const { func } = target;
  if (call.args.length !== func.params.length) {
    console.error(`kumiki run --invoke: ${target.label} takes ${func.params.length} argument(s) (${func.params.map((p) => p.name).join(', ') || 'none'}), got ${call.args.length}`);
    return 1;
  }
  let values: unknown[];
  try { values = func.params.map((p, i) => toValue(p.type, call.args[i]!)); } catch (e) {
    if (e instanceof WaveError) { console.error(`kumiki run --invoke: ${target.label}: ${e.message}`); return 1; }
    throw e;
  }
  const instance = (await Component.compile(bytes, { compat })).instantiate(await wasi(options));
  let fn: unknown = instance.exports;
  for (const k of target.path) fn = (fn as Record<string, unknown> | undefined)?.[k];
  if (typeof fn !== 'function') { console.error(`kumiki run --invoke: ${target.label} is not callable`); return 1; }
  const rt = func.result;
  let out: string | undefined;
  try {
    const r = (fn as (...x: unknown[]) => unknown)(...values);
    if (rt !== undefined) out = printWave(rt, rt.kind === 'result' ? { tag: 'ok', val: r } : r);
  } catch (e) {
    const code = exitCodeOf(e);
    if (code !== undefined) return code;
    if (!(e instanceof ComponentError) || rt?.kind !== 'result') throw e;
    out = printWave(rt, { tag: 'err', val: e.payload });
  }
  if (out !== undefined) process.stdout.write(`${out}\n`);
  return 0;
}
