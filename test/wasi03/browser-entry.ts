// The page side of browser.test.ts, bundled for browsers: runs a WASI 0.3 command with kumiki/wasi on an in-memory
// file system (the 0.2 imports its std library still has come from the shim's browser build).
import { Component, ComponentError } from '../../src/index.js';
import { MemoryFs, wasi } from '../../src/wasi/index.js';

export async function runCommand03InPage(bytes: Uint8Array, args: string[], files: Record<string, string>): Promise<{ out: string; code: number; files: string[] }> {
  const chunks: Uint8Array[] = [];
  const fs = new MemoryFs(files);
  const imports = await wasi({ args, env: { A: 'b' }, preopens: { '/': fs }, stdout: (b) => { chunks.push(b.slice()); }, stderr: (b) => { chunks.push(b.slice()); } });
  // The jco-p3 programs need it: wit-bindgen before #1638 cancels its wake-up stream synchronously in a waitable set.
  const inst = (await Component.compile(bytes, { compat: ['sync-cancel-in-set'] })).instantiate(imports);
  const key = Object.keys(inst.exports).find((k) => k.startsWith('wasi:cli/run@0.3.'));
  let code: number;
  try {
    // run: async func() -> result: resolves for ok, rejects with a ComponentError for err.
    await (inst.exports[key!] as unknown as { run(): Promise<void> }).run();
    code = 0;
  } catch (e) {
    if (e instanceof ComponentError) code = 1;
    else {
      // A trap (a panicking program): its output says why.
      chunks.push(new TextEncoder().encode(`\n${String(e)}`));
      code = 134;
    }
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return { out: new TextDecoder().decode(all), code, files: [...fs.root.entries.keys()].sort() };
}
