// The official WASI test suite (github:WebAssembly/wasi-testsuite, /work/shared/conformance/wasi-testsuite): its
// preview1 core modules made components with kumiki's own `componentNew` + the preview1 command adapter jco ships,
// and its JSON specifications (legacy and operation form, specification.md) as one plan per test.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { componentNew } from '../../src/toolchain/index.js';
import { repoRoot } from '../support/build.js';

export const suiteRoot = join(repoRoot, '..', 'shared', 'conformance', 'wasi-testsuite');
/** The preview1 folders, as the suite names them (`<lang>/testsuite/wasm32-wasip1`). */
export const FOLDERS = ['assemblyscript', 'c', 'rust'] as const;
export type Folder = (typeof FOLDERS)[number];
const cacheDir = join(repoRoot, '.cache', 'wasi-testsuite');

/** One test: what to give the program and what it must do (specification.md, operations flattened). */
export interface Plan {
  readonly folder: Folder;
  readonly name: string;
  readonly wasm: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Folder beside the test to preopen as `/` (copied to a scratch folder first). */
  readonly root: string | null;
  /** Further preopens, guest path → folder beside the test (the legacy `dirs`). */
  readonly dirs: readonly string[];
  readonly stdin: string;
  readonly exitCode: number;
  /**
   * Expected stdout / stderr; `undefined` when the spec does not give it. As the suite's reference runner, a legacy
   * spec checks only the streams it names (several tests print diagnostics, e.g. path_open_preopen's preopen list).
   */
  readonly stdout: string | undefined;
  readonly stderr: string | undefined;
  /** Proposals or operations this executor does not run (`connect`, `send`, `recv`, `http`, `sockets`). */
  readonly unsupported?: string;
}

/** The folder of a language's preview1 programs. */
export function folderPath(folder: Folder): string {
  return join(suiteRoot, folder, 'testsuite', 'wasm32-wasip1');
}

interface Operation { type: string; args?: string[]; env?: Record<string, string>; root?: string | null; exit_code?: number; id?: string; payload?: string }
interface Spec {
  args?: string[]; env?: Record<string, string>; root?: string | null; dirs?: string[]; stdin?: string;
  exit_code?: number; stdout?: string; stderr?: string; proposals?: string[]; operations?: Operation[];
}

/** A spec file as a plan; the legacy form is read as `run`, `read` stdout, `read` stderr, `wait` (specification.md). */
export function planOf(folder: Folder, name: string, spec: Spec): Plan {
  const wasm = join(folderPath(folder), `${name}.wasm`);
  if (spec.operations === undefined) {
    return {
      folder, name, wasm, args: spec.args ?? [], env: spec.env ?? {}, root: spec.root ?? null, dirs: spec.dirs ?? [],
      stdin: spec.stdin ?? '', exitCode: spec.exit_code ?? 0, stdout: spec.stdout, stderr: spec.stderr,
    };
  }
  let run: Operation | undefined;
  let exitCode = 0;
  const out: Record<string, string> = {};
  const odd: string[] = (spec.proposals ?? []).map((p) => `proposal ${p}`);
  for (const op of spec.operations) {
    if (op.type === 'run') run = op;
    else if (op.type === 'wait') exitCode = op.exit_code ?? 0;
    else if (op.type === 'read') out[op.id ?? 'stdout'] = (out[op.id ?? 'stdout'] ?? '') + (op.payload ?? '');
    else odd.push(`operation ${op.type}`);
  }
  if (run === undefined) throw new Error(`${folder}/${name}.json: no run operation`);
  return {
    folder, name, wasm, args: run.args ?? [], env: run.env ?? {}, root: run.root ?? null, dirs: [], stdin: '', exitCode,
    stdout: out['stdout'], stderr: out['stderr'], ...(odd.length > 0 ? { unsupported: odd.join(', ') } : {}),
  };
}

/** Every test in a folder (`*.wasm`, its `.json` when present), by name. */
export function discover(folder: Folder): Plan[] {
  const dir = folderPath(folder);
  return readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort().map((f) => {
    const name = f.slice(0, -'.wasm'.length);
    const json = join(dir, `${name}.json`);
    return planOf(folder, name, existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Spec) : {});
  });
}

function hash(...parts: Uint8Array[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 20);
}

let adapterBytes: Uint8Array | undefined;
/** The preview1 → WASI 0.2 command adapter shipped in jco's package. */
export function commandAdapter(): Uint8Array {
  if (adapterBytes !== undefined) return adapterBytes;
  const jcoMain = createRequire(import.meta.url).resolve('@bytecodealliance/jco');
  return (adapterBytes = new Uint8Array(readFileSync(join(jcoMain, '..', '..', 'lib', 'wasi_snapshot_preview1.command.wasm'))));
}

let stamp: Uint8Array | undefined;
/** kumiki's compiled toolchain (and what it reads binaries with): a change rebuilds the cached components. */
function toolchainStamp(): Uint8Array {
  if (stamp !== undefined) return stamp;
  const h = createHash('sha256');
  for (const d of ['toolchain', 'binary', 'wit-binary']) {
    const dir = join(repoRoot, 'dist', 'src', d);
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.js')) h.update(f).update(readFileSync(join(dir, f)));
  }
  return (stamp = h.digest());
}

/** The test's core module as a component (kumiki's componentNew + the command adapter); cached by both hashes. */
export function componentFor(plan: Plan): string {
  const core = new Uint8Array(readFileSync(plan.wasm));
  const ad = commandAdapter();
  const out = join(cacheDir, `${plan.folder}-${plan.name}-${hash(core, ad, toolchainStamp())}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(out, componentNew(core, { adapters: { wasi_snapshot_preview1: ad } }));
  return out;
}

/** A run as the runners take it: the component, and host paths already in a scratch folder. */
export interface Job {
  readonly component: string;
  /** argv[0] first (the test's name, as the suite's runner gives the module path), then the spec's arguments. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Guest path → host path. */
  readonly preopens: Readonly<Record<string, string>>;
  readonly stdin: string;
}

export interface Outcome { readonly exitCode: number | null; readonly stdout: string; readonly stderr: string; readonly error?: string }

/** Copies the spec's folders into a fresh scratch folder (tests write into them) and returns the job and a cleanup. */
export function jobFor(plan: Plan, component: string): { job: Job; cleanup: () => void } {
  const job = { component, args: [`${plan.name}.wasm`, ...plan.args], env: plan.env, stdin: plan.stdin };
  if (plan.root === null && plan.dirs.length === 0) return { job: { ...job, preopens: {} }, cleanup: () => {} };
  const scratch = mkdtempSync(join(tmpdir(), `kumiki-wts-${plan.name}-`));
  const preopens: Record<string, string> = {};
  const copy = (rel: string): string => {
    const to = join(scratch, rel);
    cpSync(join(folderPath(plan.folder), rel), to, { recursive: true, verbatimSymlinks: true });
    return to;
  };
  if (plan.root !== null) preopens['/'] = copy(plan.root);
  for (const d of plan.dirs) preopens[d] = copy(d);
  return {
    job: { ...job, preopens },
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** Why an outcome does not meet the plan, or undefined when it passes. */
export function check(plan: Plan, o: Outcome): string | undefined {
  const why: string[] = [];
  if (o.error !== undefined) why.push(o.error);
  if (o.exitCode !== plan.exitCode) why.push(`exit code ${o.exitCode}, expected ${plan.exitCode}`);
  const show = (s: string): string => JSON.stringify(s.length > 300 ? `${s.slice(0, 300)}…` : s);
  if (plan.stdout !== undefined && o.stdout !== plan.stdout) why.push(`stdout ${show(o.stdout)}, expected ${show(plan.stdout)}`);
  if (plan.stderr !== undefined && o.stderr !== plan.stderr) why.push(`stderr ${show(o.stderr)}, expected ${show(plan.stderr)}`);
  // A failure also shows what the program said on stderr when the spec does not check it (a trap, a panic).
  if (why.length > 0 && plan.stderr === undefined && o.stderr !== '') why.push(`stderr ${show(o.stderr)}`);
  return why.length > 0 ? why.join('; ') : undefined;
}
