// The page side of browser.test.ts, bundled for browsers (so preview2-shim resolves to its browser build): runs a
// WASI 0.2 command with kumiki/wasi and returns its captured stdout and exit code.
import { Component } from '../../src/index.js';
import { exitCodeOf, wasi } from '../../src/wasi/index.js';

export async function runCommand(bytes: Uint8Array, args: string[], env: Record<string, string>): Promise<{ out: string; code: number }> {
  const chunks: Uint8Array[] = [];
  const imports = await wasi({ args, env, stdout: (b) => chunks.push(b), stderr: (b) => chunks.push(b) });
  const inst = (await Component.compile(bytes)).instantiate(imports);
  let code = 0;
  try { (inst.exports['wasi:cli/run'] as unknown as { run(): void }).run(); } catch (e) {
    const c = exitCodeOf(e);
    if (c === undefined) throw e;
    code = c;
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return { out: new TextDecoder().decode(all), code };
}
