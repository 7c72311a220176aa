/**
 * Runs `.wast` scripts in a worker thread (wast-run-worker.ts), one at a time, with a time limit per script: a
 * script that hangs (an endless guest loop cannot be interrupted on the main thread) has its worker terminated; its
 * pending command fails with `Timeout` and the rest of that script fails as depending on it. The next script gets
 * a fresh worker.
 *
 * API: `const r = new IsolatedRunner(); await r.run(path, { features, mode }, timeoutMs)` → `CommandResult[]` in
 * script order; `await r.close()` when done.
 */
import { Worker } from 'node:worker_threads';
import { readWastFile } from './wast.js';
import { bucketOf, type CommandResult, type RunOptions } from './wast-run.js';
import type { RunReply, RunRequest } from './wast-run-worker.js';

export class IsolatedRunner {
  private worker: Worker | undefined;

  private spawn(): Worker {
    this.worker ??= new Worker(new URL('./wast-run-worker.js', import.meta.url));
    return this.worker;
  }

  async run(path: string, options: Pick<RunOptions, 'features' | 'mode' | 'fuse' | 'lazy'>, timeoutMs: number): Promise<CommandResult[]> {
    const worker = this.spawn();
    const results: CommandResult[] = [];
    const outcome = await new Promise<{ kind: 'done' } | { kind: 'error'; message: string } | { kind: 'timeout' }>((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const onMessage = (m: RunReply): void => {
        if (m.kind === 'result') results.push(m.result);
        else finish(m);
      };
      const onError = (e: Error): void => finish({ kind: 'error', message: `worker: ${e.name}: ${e.message}` });
      const onExit = (code: number): void => finish({ kind: 'error', message: `worker exited with code ${code}` });
      function finish(o: { kind: 'done' } | { kind: 'error'; message: string } | { kind: 'timeout' }): void {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(o);
      }
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ path, features: options.features, mode: options.mode, fuse: options.fuse, lazy: options.lazy } satisfies RunRequest);
    });
    if (outcome.kind === 'done') return results;
    // The worker is stuck or gone: start afresh for the next script; unreported commands fail.
    this.worker = undefined;
    await worker.terminate();
    const commands = readWastFile(path).commands;
    const reason = outcome.kind === 'timeout' ? `Timeout: the script did not finish in ${timeoutMs} ms` : `RunnerError: ${outcome.message}`;
    const hung = commands[results.length];
    for (const c of commands.slice(results.length)) {
      const r = c === hung ? reason : `${reason} (line ${hung?.line} did not finish)`;
      results.push({ line: c.line, head: c.head, bucket: bucketOf(c.head), status: 'fail', reason: r });
    }
    return results;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
