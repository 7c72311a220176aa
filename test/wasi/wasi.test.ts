// kumiki/wasi in process: deny by default (environment, files, network), stdio as bytes and functions, exit codes,
// 0.2.x names resolved by semver, missing WASI imports named with the versions offered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Component, LinkError } from '../../src/index.js';
import { exitCodeOf, wasi, WasiExit, type WasiOptions } from '../../src/wasi/index.js';
import { assemble } from '../support/build.js';
import { cProgram, haveWasiLibc } from '../real-world/build.js';

const skip = haveWasiLibc() ? false : 'wasi-libc is not installed (scripts/setup.sh installs it)';

/** Runs a command component in process; returns its stdout, stderr and exit code. */
async function run(file: string, options: WasiOptions): Promise<{ out: string; err: string; code: number }> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const { readFileSync } = await import('node:fs');
  const component = await Component.compile(new Uint8Array(readFileSync(file)));
  const inst = component.instantiate(await wasi({ ...options, stdout: (b) => out.push(b), stderr: (b) => err.push(b) }));
  let code = 0;
  try { (inst.exports['wasi:cli/run'] as unknown as { run(): void }).run(); } catch (e) { code = exitCodeOf(e) ?? (() => { throw e; })(); }
  return { out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString(), code };
}

test('kumiki/wasi: arguments, environment, stdin bytes and captured stdout per imports object', { skip }, async () => {
  const comp = await cProgram('args-env', 'command');
  const a = await run(comp, { args: ['p', 'ü'], env: { GREETING: 'hi' } });
  assert.match(a.out, /^argc=2\narg\[1\]=ü \(2 bytes\)\nenv count=1\nGREETING=hi\n/);
  const b = await run(comp, {});
  assert.match(b.out, /^argc=0\nenv count=0\nGREETING=\(unset\)\nHOME=\(unset\)\n$/);
  const s = await run(await cProgram('stdin', 'command'), { stdin: 'abc\ndé\n' });
  assert.equal(s.out, 'bytes=8 lines=2\nABC\nDé\n');
  const x = await run(await cProgram('exit', 'command'), { args: ['exit', '5'] });
  assert.deepEqual([x.out, x.code], ['exiting with 5\n', 1]);
  const y = await run(await cProgram('exit', 'command'), { args: ['exit', '0'] });
  assert.equal(y.code, 0);
});

test('kumiki/wasi: a mapped directory is readable; without it the guest gets the WASI error', { skip }, async () => {
  const comp = await cProgram('files', 'command');
  const host = mkdtempSync(join(tmpdir(), 'kumiki-wasi-'));
  try {
    writeFileSync(join(host, 'in.txt'), 'x\n');
    const ok = await run(comp, { args: ['f', '/d'], preopens: { '/d': host } });
    assert.match(ok.out, /^read 2 bytes: x\n/);
    const denied = await run(comp, { args: ['f', '/d'] });
    assert.equal(denied.out, 'open /d/in.txt failed: Capabilities insufficient\n');
    assert.equal(denied.code, 1);
  } finally {
    rmSync(host, { recursive: true, force: true });
  }
});

test('kumiki/wasi: network is denied by default with WASI error values (thrown as the shim does)', async () => {
  const w = await wasi();
  const net = (w['wasi:sockets/instance-network']!['instanceNetwork'] as () => unknown)();
  const tcp = (w['wasi:sockets/tcp-create-socket']!['createTcpSocket'] as (f: string) => { startConnect(n: unknown, a: unknown): void })('ipv4');
  assert.throws(() => tcp.startConnect(net, { tag: 'ipv4', val: { port: 9, address: [127, 0, 0, 1] } }), (e) => e === 'access-denied');
  assert.throws(() => (w['wasi:sockets/ip-name-lookup']!['resolveAddresses'] as (n: unknown, h: string) => unknown)(net, 'localhost'), (e) => e === 'access-denied');
  assert.throws(() => (w['wasi:http/outgoing-handler']!['handle'] as () => unknown)(), (e) => (e as { tag?: string }).tag === 'HTTP-request-denied');
  const granted = await wasi({ network: true });
  const net2 = (granted['wasi:sockets/instance-network']!['instanceNetwork'] as () => unknown)();
  assert.doesNotThrow(() => (granted['wasi:sockets/ip-name-lookup']!['resolveAddresses'] as (n: unknown, h: string) => unknown)(net2, 'localhost'));
});

test('kumiki/wasi: any 0.2.x name resolves; other versions and unknown interfaces are a LinkError naming what is offered', async () => {
  const w = await wasi({ env: { A: 'b' } });
  for (const v of ['0.2.0', '0.2.3', '0.2.12', '0.2.99']) {
    assert.ok(Object.prototype.hasOwnProperty.call(w, `wasi:cli/environment@${v}`));
    assert.deepEqual((w[`wasi:cli/environment@${v}`]!['getEnvironment'] as () => unknown)(), [['A', 'b']]);
  }
  const wrongVersion = await assemble(`(component
    (import "wasi:cli/environment@0.4.0" (instance (export "get-arguments" (func (result (list string))))))
  )`);
  assert.throws(() => new Component(wrongVersion).instantiate(w), (e: unknown) => e instanceof LinkError && /wasi:cli\/environment@0\.4\.0/.test(e.message) && /0\.2\.x/.test(e.message));
  const unknown = await assemble(`(component
    (import "wasi:keyvalue/store@0.2.0" (instance (export "get" (func (param "k" string) (result u32)))))
  )`);
  assert.throws(() => new Component(unknown).instantiate(w), (e: unknown) => e instanceof LinkError && /does not provide wasi:keyvalue\/store/.test(e.message) && /wasi:cli\/environment@0\.2\.x/.test(e.message));
});

test('kumiki/wasi: wasi:cli/exit unwinds with WasiExit instead of ending the process', async () => {
  const w = await wasi();
  const exit = w['wasi:cli/exit']!;
  assert.throws(() => (exit['exit'] as (s: unknown) => void)({ tag: 'err' }), (e) => e instanceof WasiExit && e.code === 1);
  assert.throws(() => (exit['exitWithCode'] as (c: number) => void)(42), (e) => e instanceof WasiExit && e.code === 42);
  assert.equal(exitCodeOf(new Error('x', { cause: new WasiExit(3) })), 3);
  assert.equal(exitCodeOf(new Error('x')), undefined);
});

test('kumiki/wasi without its optional peer dependency: WasiUnavailableError naming the package', async () => {
  // A child process whose resolver cannot find preview2-shim (a module hook), as on a host that did not install it.
  const { mkdirSync, writeFileSync: write } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const { repoRoot } = await import('../support/build.js');
  const dir = join(repoRoot, '.cache', 'wasi-no-shim');
  mkdirSync(dir, { recursive: true });
  write(join(dir, 'hooks.mjs'), `export async function resolve(spec, ctx, next) {
  if (spec.startsWith('@bytecodealliance/preview2-shim')) throw Object.assign(new Error("Cannot find package '" + spec + "'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(spec, ctx);
}\n`);
  write(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`);
  write(join(dir, 'main.mjs'), `import { wasi } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist', 'src', 'wasi', 'index.js')).href)};
try { await wasi(); console.log('loaded'); } catch (e) { console.log(e.name + ': ' + e.message); }\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'main.mjs')], { encoding: 'utf8' });
  assert.match(r.stdout, /^WasiUnavailableError: kumiki\/wasi needs the optional peer dependency @bytecodealliance\/preview2-shim \(npm install @bytecodealliance\/preview2-shim\)/, r.stderr);
});
