// Tools on async components (issue #12 build point 6): `kumiki types` / transpile's .d.ts spell async signatures
// with the shapes the runtime gives (Promises, ComponentStream / StreamSource, PromiseLike futures, Error for
// error-context), checked by tsc — and the same typed code is then run against the component, so the types are
// the runtime's; `kumiki inspect --adapters` says which plans make up each async lift and lower.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { Component, parseWit, validate, worldToComponentType } from '../../src/index.js';
import { componentTypeToDts } from '../../src/tools/dts.js';
import { transpile } from '../../src/tools/transpile.js';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../support/build.js';
import { streamComponent } from './stream-fixture.js';
import { P3, SKIP } from './jco-p3-support.js';

const bytes = await streamComponent();

/** Typed use of the stream fixture's exports: type-checked by tsc, then run. Wrong uses (`@ts-expect-error`) sit in
 *  a branch that never runs. */
const STREAM_USAGE = `import type { Exports, Imports, ComponentStream } from './stream.js';
export async function use(ex: Exports): Promise<string[]> {
  const seen: string[] = [];
  const s: ComponentStream<Uint8Array> = await ex.produce(10);
  for await (const c of s) seen.push(\`chunk \${c.constructor.name} \${c.length}\`);
  const rs: ReadableStream<Uint8Array> = (await ex.produce(3)).toReadableStream();
  const sum: bigint = await ex.consume([new Uint8Array([1]), [1, 2]]);
  seen.push(\`sum \${sum}\`, \`rs \${await ex.consume(rs)}\`);
  async function* gen(): AsyncGenerator<Uint8Array> { yield new Uint8Array(4); }
  seen.push(\`drain \${await ex.drain(gen())}\`, \`back \${await ex.consume(await ex.produce(5))}\`);
  const v: number = await ex.answer(Promise.resolve(9));
  const w: number = await ex.answer(1);
  const g: number = await ex.give(7);
  const p: Promise<number> = ex.add(1, 2);
  const n: number = ex.addSync(1, 2);
  seen.push(\`answer \${v} \${w}\`, \`give \${g}\`, \`add \${await p} \${n}\`, \`roundTrip \${await ex.roundTrip(1)}\`);
  if (seen.length < 0) {
    // @ts-expect-error a string is not a stream
    await ex.consume('x');
    // @ts-expect-error stream<u8> chunks are bytes, not strings
    await ex.consume(['x']);
    // @ts-expect-error future<u32> takes a number
    await ex.answer(Promise.resolve('x'));
    // @ts-expect-error an async export returns a Promise
    const bad: number = ex.add(1, 2);
  }
  return seen;
}
export const imports: Imports = { host: async (a: number) => a + 1 };
export const syncImports: Imports = { host: (a: number) => a + 1 };
// @ts-expect-error host returns a u32
export const badImports: Imports = { host: async (a: number) => 'x' };
`;

const ASYNC_WIT = `package test:p3;
interface api {
  resource thing {
    constructor(s: string);
    get: async func() -> string;
  }
  variant control { read(string), stop }
  exchange: async func(control: stream<control>, s: stream<string>, f: future<string>) -> tuple<stream<string>, future<string>>;
  units: async func(n: u32) -> stream;
  done: async func(f: future) -> result<_, error-context>;
  fail: func() -> error-context;
  things: async func(s: stream<thing>) -> stream<thing>;
}
world w {
  import api;
  export api;
}`;

/** Types only (stream<string>, stream<own<thing>> values in JS are not all supported by the runtime yet). */
const WIT_USAGE = `import type { Exports, Imports, Api, ApiImport } from './w.js';
export async function use(ex: Exports): Promise<void> {
  const [out, fut] = await ex.api.exchange([[{ tag: 'read', val: 'x' }, { tag: 'stop' }]], [['a', 'b']], Promise.resolve('s'));
  for await (const chunk of out) { const s: string[] = chunk; }
  const v: string = await fut;
  for await (const n of await ex.api.units(3)) { const k: number = n; }
  await ex.api.done(Promise.resolve());
  await ex.api.done(undefined);
  const e: Error = ex.api.fail();
  const t: Api.Thing = new ex.api.Thing('x');
  const got: string = await t.get();
  const back = await ex.api.things([[t]]);
  for await (const ts of back) { const first: Api.Thing | undefined = ts[0]; }
  // @ts-expect-error a stream<string> takes string chunks
  await ex.api.exchange([], [[1]], 's');
  // @ts-expect-error variant cases are tagged objects
  await ex.api.exchange([['read']], [], 's');
  // @ts-expect-error error-context is an Error, not a string
  const msg: string = ex.api.fail();
}
export const imports: Imports = {
  'test:p3/api': {
    Thing: class { constructor(readonly s: string) {} get(): Promise<string> { return Promise.resolve(this.s); } },
    async exchange(control, s, f) {
      for await (const chunk of control) for (const c of chunk) if (c.tag === 'read') { const r: string = c.val; }
      const text: string = await f;
      const again: ReadableStream<string[]> = s.toReadableStream();
      return [[['x', text]], 'y'];
    },
    units: (n: number) => [n],
    done: async (f) => { await f; },
    fail: () => new Error('bad'),
    things: (s) => s,
  },
};
export const badImports: Imports = {
  'test:p3/api': {
    ...imports['test:p3/api'],
    // @ts-expect-error a future<string> result is a string or a Promise-like of one
    exchange: async () => [[], 1],
  },
};
`;

test('.d.ts of async components: Promises, streams, futures, error-context type-check and match the runtime values', async () => {
  const { resolve, main: pkg } = parseWit(ASYNC_WIT);
  const witDts = componentTypeToDts(worldToComponentType(resolve, resolve.packages[pkg]!.worlds.get('w')!));
  const streamDts = componentTypeToDts(validate(bytes));
  assert.match(streamDts, /produce\(n: number\): Promise<ComponentStream<Uint8Array>>;/);
  assert.match(streamDts, /consume\(s: StreamSource<Uint8Array \| Array<number>>\): Promise<bigint>;/);
  assert.match(streamDts, /answer\(f: number \| PromiseLike<number>\): Promise<number>;/);
  assert.match(streamDts, /host\(a: number\): number \| Promise<number>;/);
  assert.match(witDts, /fail\(\): globalThis\.Error;/);
  assert.match(witDts, /units\(n: number\): Promise<ComponentStream<number>>;/);
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-async-dts-'));
  try {
    writeFileSync(join(dir, 'stream.d.ts'), streamDts);
    writeFileSync(join(dir, 'w.d.ts'), witDts);
    writeFileSync(join(dir, 'stream-usage.ts'), STREAM_USAGE);
    writeFileSync(join(dir, 'w-usage.ts'), WIT_USAGE);
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,dom,esnext.disposable,dom.asynciterable', '--types', '', '--outDir', dir, join(dir, 'stream-usage.ts'), join(dir, 'w-usage.ts')], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}\n--- stream.d.ts ---\n${streamDts}\n--- w.d.ts ---\n${witDts}`);
    // The typed code, run: what the declarations promise is what the runtime gives.
    const usage = await import(pathToFileURL(join(dir, 'stream-usage.js')).href) as { use(ex: unknown): Promise<string[]>; imports: Record<string, unknown> };
    for (const mode of ['codegen', 'interp'] as const) {
      const ex = (await Component.compile(bytes, { mode })).instantiate(usage.imports).exports;
      assert.deepEqual(await usage.use(ex), ['chunk Uint8Array 10', 'sum 4', 'rs 3', 'drain 4', 'back 5', 'answer 10 2', 'give 7', 'add 3 3', 'roundTrip 2']);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kumiki transpile of an async component: its .d.ts has the async signatures, its module loads the async runtime', async () => {
  const { files } = transpile(bytes, { name: 'streams', runtime: pathToFileURL(join(repoRoot, 'dist/src/entries/transpiled.js')).href });
  const dts = files.get('streams.d.ts') as string;
  assert.match(dts, /produce\(n: number\): Promise<ComponentStream<Uint8Array>>;/);
  assert.match(files.get('streams.js') as string, /import \{ asyncRuntime \} from "[^"]*entries\/async\.js";/);
});

test('kumiki inspect --adapters names the plans of each async lift and lower', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-async-inspect-'));
  const lines: string[] = [];
  const log = console.log;
  try {
    writeFileSync(join(dir, 'c.wasm'), bytes);
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    assert.equal(await main(['inspect', join(dir, 'c.wasm'), '--adapters']), 0);
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  const out = lines.join('\n');
  assert.match(out, /# produce: async lift, stackless \(callback core func \d+\): the arguments are lowered below; the result comes by task\.return\nexport produce: func\(n: u32\)/);
  assert.match(out, /# host: async lower: the arguments are lifted below; the call returns a subtask status, the result plan stores the value when it returns\nimport host: func\(a: u32\)/);
  assert.match(out, /# host: async lower result, stored at the caller's pointer when the subtask returns\nimport host \[async result\]: func\(\) -> u32/);
  assert.match(out, /# task\.return: lifts the task's result out of the callee\nimport task\.return: func\(result: stream<u8>\)/);
});

test('kumiki types on a jco-p3 component: --features admits its gates; async signatures with error-context', { skip: SKIP }, async () => {
  const file = join(P3, 'error-context/async-error-context-callee.wasm');
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-async-types-'));
  const err = console.error;
  try {
    console.error = () => {};
    assert.notEqual(await main(['types', file, '-o', join(dir, 'a.d.ts')]), 0, 'error-context is gated');
    console.error = err;
    assert.equal(await main(['types', file, '--features', 'cm-error-context', '-o', join(dir, 'a.d.ts')]), 0);
    const dts = readFileSync(join(dir, 'a.d.ts'), 'utf8');
    assert.match(dts, /runFail\(\): Promise<void>;/);
    assert.match(dts, /@throws \{ComponentError\} [^\n]*`globalThis\.Error`/);
  } finally {
    console.error = err;
    rmSync(dir, { recursive: true, force: true });
  }
});
