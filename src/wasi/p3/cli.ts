// wasi:cli@0.3: environment, exit, stdin/stdout/stderr as streams, terminal-*. Output streams are written chunk by
// chunk as the guest writes them (awaiting the host sink's backpressure); stdin is offered the same way.
import { exitStatus, WasiExit } from '../exit.js';
import { byteStream, readBytes, resultFuture } from './host-streams.js';
import type { StreamValue } from '../../runtime/async/values.js';
import { parkedWork } from '../../runtime/async/scheduler.js';

/** wasi:cli/types error-code (an enum: result<_, error-code> is 2 bytes, the case at offset 1). */
const CLI_ERRORS = ['io', 'illegal-byte-sequence', 'pipe'] as const;
const CLI_RESULT = { cases: CLI_ERRORS, payloadOffset: 1, size: 2 };

/** Where guest output goes; a function may return a Promise to hold the guest back (backpressure). */
export type OutputSink = (bytes: Uint8Array) => void | Promise<void>;
/** Guest input: chunks as they come. */
export type InputSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

export interface CliOptions {
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string | undefined;
  readonly stdin: InputSource;
  readonly stdout: OutputSink;
  readonly stderr: OutputSink;
}

/** Output streams being drained (any instance): a command's task may go on writing after `run` returned. */
const draining = new Set<Promise<void>>();

interface NodeProcessEvents {
  on(e: 'beforeExit', f: () => void): void;
  off(e: 'beforeExit', f: () => void): void;
  getActiveResourcesInfo?(): string[];
}

/**
 * Resolves once a command is finished after its `run` returned (a task may go on after task.return, writing output):
 * no output stream is being drained and no task is parked. Meanwhile a timer keeps the process alive (a yielding
 * task's own timers do not). When every parked task waits on the host and the host has nothing else in flight (Node:
 * no active handle but this timer, or `beforeExit`), nothing can wake them: done, rather than a hang. Without Node's
 * `process` (a browser), such a wait ends after `ms`.
 */
export function commandSettled(ms = 5_000): Promise<void> {
  const proc = (globalThis as { process?: Partial<NodeProcessEvents> }).process;
  const node = typeof proc?.on === 'function' && typeof proc.off === 'function' ? proc as NodeProcessEvents : undefined;
  const end = Date.now() + ms;
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => { clearTimeout(timer); node?.off('beforeExit', idle); resolve(); };
    // Node's loop is empty (a host without getActiveResourcesInfo): only tasks nothing will wake are left.
    const idle = (): void => { if (draining.size === 0 && !parkedWork().ready) finish(); else step(); };
    const step = (): void => {
      clearTimeout(timer);
      const work = parkedWork();
      if (draining.size === 0 && work.parked === 0) { finish(); return; }
      const waiting = draining.size === 0 && !work.ready;
      if (waiting) {
        // Every parked task waits on the host: is anything of the host's still in flight to wake one?
        const active = node?.getActiveResourcesInfo?.();
        if (active !== undefined ? active.length === 0 : node === undefined && Date.now() >= end) { finish(); return; }
      }
      timer = setTimeout(step, waiting ? 10 : 1);
      // Only where the loop's emptiness cannot be asked, `beforeExit` tells it: the timer must not hold the loop then.
      if (waiting && node !== undefined && node.getActiveResourcesInfo === undefined) (timer as { unref?: () => void }).unref?.();
    };
    node?.on('beforeExit', idle);
    // The first check after a macrotask round: a task's yields run in the next one.
    timer = setTimeout(step, 0);
  });
}

/** Drains a guest stream into `sink`; a sink that fails ends the copy with the `io` error. */
function drain(data: StreamValue, sink: OutputSink): Promise<void> {
  const p = (async () => {
    for await (const chunk of readBytes(data)) {
      try {
        await sink(chunk);
      } catch (e) {
        throw { payload: 'io', cause: e };
      }
    }
  })();
  draining.add(p);
  const forget = (): void => { draining.delete(p); };
  p.then(forget, forget);
  return p;
}

class TerminalInput {}
class TerminalOutput {}

export function cli(o: CliOptions): Record<string, Record<string, unknown>> {
  const out = (sink: OutputSink) => ({ writeViaStream: (data: StreamValue) => resultFuture(drain(data, sink), CLI_RESULT, 'io') });
  return {
    'wasi:cli/environment': {
      getEnvironment: () => Object.entries(o.env).map(([k, v]) => [k, v]),
      getArguments: () => [...o.args],
      getInitialCwd: () => o.cwd,
    },
    'wasi:cli/exit': {
      exit(status: { tag: string }) { throw new WasiExit(exitStatus(status)); },
      exitWithCode(code: number) { throw new WasiExit(code); },
    },
    // Types only (error-code).
    'wasi:cli/types': {},
    'wasi:cli/stdin': {
      readViaStream() {
        let settle: (e: unknown) => void = () => {};
        const ended = new Promise<void>((resolve, reject) => { settle = (e) => (e === undefined ? resolve() : reject({ payload: 'io', cause: e })); });
        return [byteStream(o.stdin, settle), resultFuture(ended, CLI_RESULT, 'io')];
      },
    },
    'wasi:cli/stdout': out(o.stdout),
    'wasi:cli/stderr': out(o.stderr),
    // Not a terminal: no terminal is ever reported, so the resources exist only for their types.
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
  };
}
