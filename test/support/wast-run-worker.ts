// Worker side of wast-run-isolated.ts: runs one script per message and streams each command's result back, so a
// hang (a guest loop, a promise that never settles) costs only the rest of that script.
import { parentPort } from 'node:worker_threads';
import { readWastFile } from './wast.js';
import { runScript, describeError, type CommandResult, type RunOptions } from './wast-run.js';

/** A request: run the script at `path`. */
export interface RunRequest { readonly path: string; readonly features: readonly string[]; readonly mode?: RunOptions['mode']; readonly fuse?: boolean; readonly lazy?: boolean }
/** Replies: one `result` per command, then `done` (or `error` when the script cannot be read). */
export type RunReply =
  | { readonly kind: 'result'; readonly result: CommandResult }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('wast-run-worker must run in a worker thread');
port.on('message', (req: RunRequest) => {
  const post = (m: RunReply): void => port.postMessage(m);
  void (async () => {
    try {
      const script = readWastFile(req.path);
      await runScript(script, { features: req.features, mode: req.mode, fuse: req.fuse, lazy: req.lazy, onResult: (result) => post({ kind: 'result', result }) });
      post({ kind: 'done' });
    } catch (e) {
      post({ kind: 'error', message: describeError(e) });
    }
  })();
});
