// The executor: each test's component run in a child process, by `kumiki run` (kumiki/wasi) or by jco's transpiled
// output on preview2-shim (the same component), a few at a time, each in its own scratch copy of its folders.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/build.js';
import { jcoRunner } from '../real-world/build.js';
import { check, componentFor, jobFor, type Job, type Outcome, type Plan } from './suite.js';

export type Engine = 'kumiki' | 'jco';

export interface Result { readonly plan: Plan; readonly outcome: Outcome; readonly failure: string | undefined; readonly ms: number }

const TIMEOUT_MS = 30_000;

function spawnOutcome(cmd: string, args: readonly string[], stdin: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // a program that exits without reading stdin
    child.stdin.end(stdin);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
        ...(timedOut ? { error: `timed out after ${TIMEOUT_MS / 1000} s` } : {}),
      });
    });
  });
}

/** `kumiki run --dir HOST::GUEST --env K=V COMPONENT -- ARGS` (argv[0] is the component's name, as `kumiki run` gives it). */
function kumikiArgs(job: Job): string[] {
  const a = [join(repoRoot, 'bin', 'kumiki.js'), 'run'];
  for (const [g, h] of Object.entries(job.preopens)) a.push('--dir', `${h}::${g}`);
  for (const [k, v] of Object.entries(job.env)) a.push('--env', `${k}=${v}`);
  return [...a, job.component, '--', ...job.args.slice(1)];
}

/** jco's transpiled output of the same component (test/real-world's runner, the shim configured as `jco run`). */
async function runJco(component: string, job: Job): Promise<Outcome> {
  let runner: string;
  try { runner = await jcoRunner(component); } catch (e) {
    return { exitCode: null, stdout: '', stderr: '', error: `jco transpile failed: ${(e as Error).message.replace(/\s+/g, ' ')}` };
  }
  return spawnOutcome(process.execPath, [runner, JSON.stringify({ args: job.args, env: job.env, preopens: job.preopens })], job.stdin);
}

async function runOne(plan: Plan, engine: Engine): Promise<Result> {
  const start = performance.now();
  const component = componentFor(plan);
  if (plan.unsupported !== undefined) {
    return { plan, outcome: { exitCode: null, stdout: '', stderr: '' }, failure: `not run: ${plan.unsupported}`, ms: 0 };
  }
  const { job, cleanup } = jobFor(plan, component);
  try {
    const outcome = engine === 'kumiki' ? await spawnOutcome(process.execPath, kumikiArgs(job), job.stdin) : await runJco(component, job);
    return { plan, outcome, failure: check(plan, outcome), ms: performance.now() - start };
  } finally {
    cleanup();
  }
}

/** Runs every plan under `engine`, `parallel` at a time; results in the plans' order. */
export async function runAll(plans: readonly Plan[], engine: Engine, parallel = 2): Promise<Result[]> {
  const results: Result[] = new Array(plans.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < plans.length; i = next++) results[i] = await runOne(plans[i]!, engine);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, plans.length) }, worker));
  return results;
}

/** A pass/fail table per folder, pass/total, and each failure's reason. */
export function report(engine: Engine, results: readonly Result[]): string {
  const lines: string[] = [];
  const folders = [...new Set(results.map((r) => r.plan.folder))];
  let pass = 0;
  for (const f of folders) {
    const rs = results.filter((r) => r.plan.folder === f);
    const ok = rs.filter((r) => r.failure === undefined).length;
    pass += ok;
    lines.push(`${engine} ${f}: ${ok}/${rs.length}`);
    for (const r of rs) lines.push(`  ${r.failure === undefined ? 'pass' : 'FAIL'}  ${r.plan.name}${r.failure === undefined ? '' : `: ${r.failure}`}`);
  }
  lines.push(`${engine} total: ${pass}/${results.length}`);
  return lines.join('\n');
}
