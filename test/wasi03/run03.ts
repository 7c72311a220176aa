// Running a WASI 0.3 command component in process with kumiki/wasi: its stdout, stderr and exit code.
import { readFileSync } from 'node:fs';
import { Component } from '../../src/index.js';
import { exitCodeOf, wasi, wasi03, type Wasi03Options } from '../../src/wasi/index.js';
import { runCommand03, runExport03 } from '../../src/cli/run.js';
import { assemble } from '../support/build.js';

/** dist/test/wasi03/ → the conformance corpora beside the repo. */
export const CONFORMANCE = new URL('../../../../shared/conformance/', import.meta.url).pathname;

/** `trap`: the message when the run trapped (code is then 1, as wasmtime's for a trap is non-zero). */
export interface Ran { readonly out: string; readonly err: string; readonly code: number; readonly trap?: string }

const compiled = new Map<string, Promise<Component>>();

/**
 * Runs `file`'s `wasi:cli/run@0.3.x` with `options` (stdio captured unless given). `p2` adds the WASI 0.2
 * imports (preview2-shim) for components whose std library still imports them.
 */
export async function run03(file: string, options: Wasi03Options & { readonly p2?: boolean; readonly timeoutMs?: number } = {}): Promise<Ran> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const o: Wasi03Options = {
    stdout: (b) => { out.push(b.slice()); }, stderr: (b) => { err.push(b.slice()); }, ...options,
  };
  let c = compiled.get(file);
  // These programs were built by a wit-bindgen (before #1638) that cancels its wake-up stream synchronously while
  // it is in a waitable set at task exit, which the spec traps: they need the 'sync-cancel-in-set' compat option.
  if (c === undefined) { c = Component.compile(new Uint8Array(readFileSync(file)), { compat: ['sync-cancel-in-set'] }); compiled.set(file, c); }
  // With `p2` (default), WASI 0.2 names come from the shim too (host directories; text stdin).
  const imports = options.p2 === false ? wasi03(o) : await wasi(o as Parameters<typeof wasi>[0]);
  const instance = (await c).instantiate(imports);
  const run = runExport03(instance.exports);
  if (run === undefined) throw new Error(`${file} does not export wasi:cli/run@0.3.x`);
  const timeout = options.timeoutMs ?? 20_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let trap: string | undefined;
  const code = await Promise.race([
    runCommand03(run).catch((e: unknown) => {
      const c = exitCodeOf(e);
      if (c !== undefined) return c;
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
      trap = e.message;
      return 1;
    }),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no result after ${timeout} ms`)), timeout); }),
  ]).finally(() => clearTimeout(timer));
  const dec = (l: Uint8Array[]): string => Buffer.concat(l).toString();
  return { out: dec(out), err: dec(err), code, ...(trap !== undefined ? { trap } : {}) };
}

/** Assembles the command `text` (component text), runs it with only `network` granted (stdio ignored): its exit code. */
export async function runCommandText(text: string, network: Wasi03Options['network']): Promise<number> {
  const c = await Component.compile(await assemble(text));
  const instance = c.instantiate(wasi03({ network, stdout: 'ignore', stderr: 'ignore' }));
  return runCommand03(runExport03(instance.exports)!);
}
