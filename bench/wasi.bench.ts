// WASI 0.2 programs. (1) The ~12 MB StarlingMonkey guest with its WASI imports (test/real-world/js): kumiki
// `Component.compile` + instantiate with kumiki/wasi, against jco's transpiled module imported + instantiated, and
// kumiki's own transpiled module imported + instantiated, in the same process, rounds interleaved. (2) `kumiki serve`
// against `jco serve` on the same C wasi:http handler (test/real-world/c/http-echo.c): requests/s over loopback.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Component } from '../src/index.js';
import { transpile } from '../src/tools/transpile.js';
import { wasi } from '../src/wasi/index.js';
import { repoRoot } from '../test/support/build.js';
import { enableExtendedConst } from '../test/support/componentize.js';
import { cProgram, HTTP_WIT, jcoRunner, jsProgram } from '../test/real-world/build.js';
import { load } from '../test/wasi/load.js';
import { median } from './timing.js';

type Exports = { greet(name: string): string };

export async function startup(): Promise<void> {
  const file = await jsProgram('guest', 'guest', 'starlingmonkey');
  const bytes = new Uint8Array(readFileSync(file));
  // jco's transpiled module (the runner's directory), and kumiki's, both importing their runtime by package name.
  const jcoDir = join(await jcoRunner(file), '..');
  const kDir = join(repoRoot, '.cache', 'real-world', 'kumiki-transpiled-guest');
  const t0 = performance.now();
  const out = transpile(bytes, { name: 'guest', runtime: pathToFileURL(join(repoRoot, 'dist', 'src', 'entries', 'transpiled.js')).href });
  const transpileMs = performance.now() - t0;
  mkdirSync(kDir, { recursive: true });
  for (const [n, data] of out.files) writeFileSync(join(kDir, n), data);
  const imports = await wasi({ stdout: 'ignore' });
  let round = 0;
  const kumikiJit = async (): Promise<Exports> => (await Component.compile(bytes)).instantiate(imports).exports as unknown as Exports;
  const jco = async (): Promise<Exports> => (await import(`${pathToFileURL(join(jcoDir, 'comp.js')).href}?r=${round}`)) as Exports;
  const kumikiAot = async (): Promise<Exports> => {
    const m = (await import(`${pathToFileURL(join(kDir, 'guest.js')).href}?r=${round}`)) as { instantiate(i: unknown): Promise<unknown> };
    return (await m.instantiate(imports)) as Exports;
  };
  const sides = [['kumiki compile + instantiate', kumikiJit], ['jco transpiled: import + instantiate', jco], ['kumiki transpiled: import + instantiate', kumikiAot]] as const;
  const times = sides.map(() => [] as number[]);
  for (round = 0; round < 9; round++) {
    for (const [i, [, f]] of sides.entries()) {
      const s = performance.now();
      const e = await f();
      times[i]!.push(performance.now() - s);
      if (e.greet('x').length === 0) throw new Error('no greeting');
    }
  }
  console.log(`StarlingMonkey + WASI guest, ${(bytes.length / 1e6).toFixed(1)} MB (median of 9 interleaved rounds; the first compiles cold):`);
  for (const [i, [label]] of sides.entries()) console.log(`  ${label.padEnd(42)} ${median(times[i]!).toFixed(1)} ms  (rounds: ${times[i]!.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  kumiki transpile (read, validate, plan, generate, compile-check) ${transpileMs.toFixed(1)} ms`);
}

function listen(cmd: string, args: string[], pattern: RegExp): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`${args.join(' ')} did not start: ${text}`)); }, 60_000);
    const on = (d: Buffer): void => {
      text += d.toString();
      const m = pattern.exec(text);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]) }); }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
  });
}

async function serving(): Promise<void> {
  const comp = await cProgram('http-echo', 'reactor', HTTP_WIT);
  const kumiki = await listen(process.execPath, [join(repoRoot, 'bin', 'kumiki.js'), 'serve', '--port', '0', comp], /listening on http:\/\/127\.0\.0\.1:(\d+)\//);
  // jco serve needs a fixed port; a high one on loopback.
  const jcoPort = 20000 + (process.pid % 20000);
  const jco = await listen(process.execPath, [join(repoRoot, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js'), 'serve', '--port', String(jcoPort), '--host', '127.0.0.1', comp], /listening @ [^:]+:(\d+)/);
  try {
    const rates: Record<string, number[]> = { kumiki: [], jco: [] };
    for (let r = 0; r < 2; r++) {
      for (const [name, port] of [['kumiki', kumiki.port], ['jco', jco.port]] as const) {
        const x = await load(port, 3000, 50, 100, 60_000);
        if (x.ok !== 3000 || x.bad.length > 0) throw new Error(`${name} serve lost requests: ${x.ok}/3000 ${x.bad.join('; ')}`);
        rates[name]!.push((x.ok / x.ms) * 1000);
      }
    }
    const k = median(rates['kumiki']!), j = median(rates['jco']!);
    console.log(`serve, C wasi:http echo (3000 requests, 50 concurrent, every 100th a 1 MiB POST echoed), 2 interleaved rounds:`);
    console.log(`  kumiki serve ${k.toFixed(0)} req/s   jco serve ${j.toFixed(0)} req/s   ratio ${(k / j).toFixed(2)}×`);
  } finally {
    kumiki.child.kill('SIGTERM');
    jco.child.kill('SIGTERM');
  }
}

export async function run(): Promise<void> {
  enableExtendedConst();
  await startup();
  await serving();
}
