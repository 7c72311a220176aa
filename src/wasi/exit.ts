// wasi:cli/exit as an exception: the guest's call unwinds (as in wasmtime) instead of the host process ending.

/** Thrown by `wasi:cli/exit#exit`; `code` is the process exit code (0 for `ok`, 1 for `err`). */
export class WasiExit extends Error {
  override name = 'WasiExit';
  constructor(readonly code: number) {
    super(`the component exited with code ${code}`);
  }
}

/** wasi:cli/exit#exit's `result` as an exit code. */
export function exitStatus(status: { tag: string }): number {
  return status !== null && typeof status === 'object' && status.tag === 'ok' ? 0 : 1;
}
