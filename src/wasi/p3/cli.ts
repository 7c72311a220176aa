// wasi:cli@0.3: environment, exit, stdin/stdout/stderr as streams, terminal-*. Output streams are written chunk by
// chunk as the guest writes them (awaiting the host sink's backpressure); stdin is offered the same way.
import { exitStatus, WasiExit } from '../exit.js';
import { byteStream, readBytes, resultFuture } from './host-streams.js';
import type { StreamValue } from '../../runtime/async/values.js';

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

/**
 * Resolves once no output stream is being drained after a macrotask round (a task's yields run in the next one), or
 * after `ms`; its timers keep the event loop alive meanwhile.
 */
export async function outputSettled(ms: number): Promise<void> {
  const end = Date.now() + ms;
  do {
    await new Promise((resolve) => setTimeout(resolve, 0));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...draining]), new Promise((resolve) => { timer = setTimeout(resolve, Math.max(0, end - Date.now())); })]);
    clearTimeout(timer);
  } while (draining.size > 0 && Date.now() < end);
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
