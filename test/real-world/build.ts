// Real-world fixtures: C programs compiled with Debian's clang + wasi-libc (apt: wasi-libc, libclang-rt-14-dev-wasm32)
// and made components with the preview1 adapter jco ships; the same component transpiled by jco with a runner
// script, so both sides run in a child process of any runtime (Node, Bun, Deno). Cached by source hash.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { componentEmbed, componentNew, transpile } from '@bytecodealliance/jco';
import { repoRoot } from '../support/build.js';

const CFLAGS = ['--target=wasm32-wasi', '-O2'];
const cacheDir = join(repoRoot, '.cache', 'real-world');

function hash(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 20);
}

/** The preview1 → WASI 0.2 adapter shipped in jco's package. */
function adapter(kind: 'command' | 'reactor'): Uint8Array {
  const jcoMain = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  return new Uint8Array(readFileSync(join(jcoMain, '..', '..', 'lib', `wasi_snapshot_preview1.${kind}.wasm`)));
}

/** True when clang can link a wasm32-wasi program (wasi-libc installed). */
export function haveWasiLibc(): boolean {
  return existsSync('/usr/lib/wasm32-wasi/libc.a') && spawnSync('clang', ['--version']).status === 0;
}

/**
 * `test/real-world/c/<name>.c` as a WASI 0.2 component: a command, or a reactor whose exports `wit`'s world
 * declares (the C side lifts them by hand). Returns the path of the cached component.
 */
export async function cProgram(name: string, kind: 'command' | 'reactor', wit?: string): Promise<string> {
  const src = readFileSync(join(repoRoot, 'test', 'real-world', 'c', `${name}.c`), 'utf8');
  const ad = adapter(kind);
  const key = hash(CFLAGS.join(' '), kind, src, wit ?? '', hash(ad));
  const out = join(cacheDir, `${name}-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const core = join(cacheDir, `${name}-${key}.core.wasm`);
  const flags = kind === 'reactor' ? [...CFLAGS, '-mexec-model=reactor'] : CFLAGS;
  const r = spawnSync('clang', [...flags, '-o', core, join(repoRoot, 'test', 'real-world', 'c', `${name}.c`)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang failed for ${name}.c:\n${r.stderr}`);
  let bytes: Uint8Array = new Uint8Array(readFileSync(core));
  if (wit !== undefined && wit.includes('wasi:')) bytes = await componentEmbed({ binary: bytes, witPath: await wasiWitDir(wit), world: 'main' });
  else if (wit !== undefined) bytes = await componentEmbed({ binary: bytes, witSource: wit, world: 'main' });
  const comp = await componentNew(bytes, [['wasi_snapshot_preview1', ad]]);
  writeFileSync(out, comp);
  return out;
}

/**
 * A WIT directory for a world that uses WASI packages: `main.wit` plus jco's bundled WASI 0.2.12 WIT as deps/.
 * jco reads WIT paths through preview2-shim's filesystem, so this process gets a preopen of `/` (test-only).
 */
async function wasiWitDir(wit: string): Promise<string> {
  const dir = join(cacheDir, `wit-${hash(wit)}`);
  const jcoMain = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  const builtin = join(jcoMain, '..', '..', 'lib', 'wit', 'builtin', '0.2.12');
  for (const pkg of readdirSync(builtin)) cpSync(join(builtin, pkg), join(dir, 'deps', pkg), { recursive: true });
  writeFileSync(join(dir, 'main.wit'), wit);
  await shimRootPreopen();
  return dir;
}

let preopened = false;
async function shimRootPreopen(): Promise<void> {
  if (preopened) return;
  preopened = true;
  const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _setPreopens(p: Record<string, string>): void };
  fs._setPreopens({ '/': '/' });
}

/** What a run is given; both sides get exactly this. */
export interface RunCase {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Guest path → host path. */
  readonly preopens?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  /** A reactor export to call with JSON arguments (its result printed as JSON) instead of wasi:cli/run. */
  readonly invoke?: { readonly fn: string; readonly args: readonly unknown[] };
}

/** jco's side: the component transpiled into a directory with `_run.mjs`, which takes a RunCase as JSON (argv[2]). */
export async function jcoRunner(component: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(component));
  const dir = join(cacheDir, `jco-${hash(bytes)}`);
  const runner = join(dir, '_run.mjs');
  if (existsSync(runner)) return runner;
  const { files } = await transpile(bytes, { name: 'comp', noTypescript: true, quiet: true });
  for (const [n, data] of Object.entries(files)) {
    mkdirSync(join(dir, n, '..'), { recursive: true });
    writeFileSync(join(dir, n), data);
  }
  // The shim's process-wide settings, as `jco run --sandbox` sets them, then the component's module.
  writeFileSync(runner, `import process from 'node:process';
import v8 from 'node:v8';
if (process.versions.node.split('.')[0] === '20') v8.setFlagsFromString('--experimental-wasm-extended-const');
import { _setEnv, _setArgs, _setCwd } from '@bytecodealliance/preview2-shim/cli';
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { _denyDnsLookup, _denyTcp, _denyUdp } from '@bytecodealliance/preview2-shim/sockets';
const c = JSON.parse(process.argv[2]);
_setEnv(c.env ?? {});
_setArgs(c.args);
_setCwd(undefined);
_setPreopens(c.preopens ?? {});
_denyDnsLookup(); _denyTcp(); _denyUdp();
const mod = await import('./comp.js');
if (c.invoke) console.log(JSON.stringify(mod[c.invoke.fn](...c.invoke.args)));
else mod.run.run();
`);
  return runner;
}

/** kumiki's side: `_kumiki.mjs` next to the cache, the same RunCase through kumiki/wasi (as `kumiki run` does). */
export function kumikiRunner(): string {
  const file = join(cacheDir, '_kumiki.mjs');
  const text = `import process from 'node:process';
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
// As bin/kumiki.js: Node 20 gates extended constant expressions (StarlingMonkey and QuickJS builds use them).
if (process.versions.node.split('.')[0] === '20') v8.setFlagsFromString('--experimental-wasm-extended-const');
import { Component } from '${join(repoRoot, 'dist', 'src', 'index.js')}';
import { wasi, exitCodeOf } from '${join(repoRoot, 'dist', 'src', 'wasi', 'index.js')}';
const c = JSON.parse(process.argv[3]);
const component = await Component.compile(new Uint8Array(readFileSync(process.argv[2])));
const inst = component.instantiate(await wasi({ args: c.args, env: c.env, preopens: c.preopens, stdin: 'inherit' }));
try {
  if (c.invoke) console.log(JSON.stringify(inst.exports[c.invoke.fn](...c.invoke.args)));
  else inst.exports['wasi:cli/run'].run();
} catch (e) {
  const code = exitCodeOf(e);
  if (code === undefined) throw e;
  process.exitCode = code;
}
`;
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  return file;
}

/** A JS runtime to run both sides under: its command and the arguments before the script. */
export interface Runtime { readonly name: string; readonly cmd: string; readonly pre: readonly string[] }

/** Node (this process's), and Bun and Deno from the pinned npm packages when their binaries run here. */
export function runtimes(): Runtime[] {
  const list: Runtime[] = [{ name: 'node', cmd: process.execPath, pre: [] }];
  const bin = (n: string): string => join(repoRoot, 'node_modules', '.bin', n);
  if (spawnSync(bin('bun'), ['--version']).status === 0) list.push({ name: 'bun', cmd: bin('bun'), pre: [] });
  if (spawnSync(bin('deno'), ['--version']).status === 0) list.push({ name: 'deno', cmd: bin('deno'), pre: ['run', '-A', '--quiet'] });
  return list;
}

export interface Outcome { readonly stdout: string; readonly stderr: string; readonly status: number | null }

/** Runs `script args…` under `rt` from the repo root, stdin given. */
export function runUnder(rt: Runtime, script: string, args: readonly string[], stdin = ''): Outcome {
  const r = spawnSync(rt.cmd, [...rt.pre, script, ...args], { cwd: repoRoot, input: stdin, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * `test/real-world/js/<name>.js` built with ComponentizeJS's default features (WASI imports enabled), or with
 * componentize-qjs (WASI not stubbed), in a child
 * process (the build blocks its event loop for tens of seconds); cached by the inputs and tool versions.
 */
export async function jsProgram(name: string, world: string, backend: 'starlingmonkey' | 'quickjs' = 'starlingmonkey'): Promise<string> {
  const sourcePath = join(repoRoot, 'test', 'real-world', 'js', `${name}.js`);
  const witPath = join(repoRoot, 'test', 'real-world', 'js', `${name}.wit`);
  const version = (pkg: string): string => (JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const key = hash(backend, version('@bytecodealliance/componentize-js'), version('componentize-qjs'), readFileSync(sourcePath), readFileSync(witPath), world);
  const out = join(cacheDir, `${name}-${backend}-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const job = JSON.stringify({ backend, sourcePath, witPath, world, out });
  const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'test', 'real-world', 'componentize-worker.js'), job], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0 || !existsSync(out)) throw new Error(`componentize failed for ${name}.js:\n${r.stderr}`);
  return out;
}

/** The world of test/real-world/c/http-echo.c. */
export const HTTP_WIT = `package test:http;
world main {
  import wasi:http/types@0.2.12;
  export wasi:http/incoming-handler@0.2.12;
}`;

/** True when Debian's rustc (/usr/bin/rustc, apt: rustc + libstd-rust-dev-wasm32) can build wasm32-wasi programs. */
export function haveRust(): boolean {
  return existsSync('/usr/bin/rustc') && existsSync('/usr/lib/rustlib/wasm32-wasi');
}

/** `test/real-world/rust/<name>.rs` (std only, no cargo) as a WASI 0.2 command component; cached by source hash. */
export async function rustProgram(name: string): Promise<string> {
  const srcPath = join(repoRoot, 'test', 'real-world', 'rust', `${name}.rs`);
  const src = readFileSync(srcPath, 'utf8');
  const ad = adapter('command');
  const flags = ['--target', 'wasm32-wasi', '-O', '-C', 'strip=debuginfo'];
  const version = spawnSync('/usr/bin/rustc', ['--version'], { encoding: 'utf8' }).stdout;
  const key = hash(flags.join(' '), version, src, hash(ad));
  const out = join(cacheDir, `${name}-rs-${key}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  const core = join(cacheDir, `${name}-rs-${key}.core.wasm`);
  // Debian's rustc by path: a rustup toolchain earlier on PATH may lack the wasm32-wasi target.
  const r = spawnSync('/usr/bin/rustc', [...flags, '-o', core, srcPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rustc failed for ${name}.rs:\n${r.stderr}`);
  writeFileSync(out, await componentNew(new Uint8Array(readFileSync(core)), [['wasi_snapshot_preview1', ad]]));
  return out;
}

/** `kumiki run` arguments for a command case. */
export function cliArgs(component: string, c: RunCase): string[] {
  const a = ['run'];
  for (const [g, h] of Object.entries(c.preopens ?? {})) a.push('--dir', `${h}::${g}`);
  for (const [k, v] of Object.entries(c.env ?? {})) a.push('--env', `${k}=${v}`);
  return [...a, component, '--', ...c.args.slice(1)];
}

/**
 * Runs a command case with `kumiki run` and with jco's transpiled output under every runtime; asserts equal stdout
 * and exit codes and returns the first runtime's kumiki outcome. `fresh` resets host state before each run.
 */
export async function bothAgree(rts: readonly Runtime[], component: string, c: RunCase, fresh?: () => void): Promise<Outcome> {
  const runner = await jcoRunner(component);
  const kumikiBin = join(repoRoot, 'bin', 'kumiki.js');
  let first: Outcome | undefined;
  for (const rt of rts) {
    fresh?.();
    const k = runUnder(rt, kumikiBin, cliArgs(component, c), c.stdin);
    fresh?.();
    const j = runUnder(rt, runner, [JSON.stringify(c)], c.stdin);
    if (k.stdout !== j.stdout || k.status !== j.status) {
      throw new Error(`${rt.name}: kumiki and jco differ\nkumiki (${k.status}): ${k.stdout}${k.stderr}\njco (${j.status}): ${j.stdout}${j.stderr}`);
    }
    first ??= k;
  }
  if (first === undefined) throw new Error('no runtime to run on');
  return first;
}
