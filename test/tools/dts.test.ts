// `.d.ts` generation: the declarations type-check with the project's TypeScript (right calls pass, wrong ones are
// `@ts-expect-error`), and they describe what the runtime really returns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { instantiate, parseWit, validate, worldToComponentType } from '../../src/index.js';
import { componentTypeToDts } from '../../src/tools/dts.js';
import { witDocs } from '../../src/tools/wit-docs.js';
import { repoRoot } from '../support/build.js';
import { ALL_WIT, shapesComponent } from './fixture.js';

function allDts(): string {
  const { resolve, main } = parseWit(ALL_WIT);
  const worldId = resolve.packages[main]!.worlds.get('all')!;
  return componentTypeToDts(worldToComponentType(resolve, worldId), { docs: witDocs(resolve, worldId) });
}

/** Correct uses, and wrong ones each marked `@ts-expect-error` (tsc fails if such a line has no error). */
const USAGE = `import type { Exports, Imports, Api, Types, Store } from './all.js';
declare const ex: Exports;
const n: number = ex.api.add(1, 2);
// @ts-expect-error a string for u32
ex.api.add('1', 2);
const t: [boolean, bigint] = ex['test:all/api@0.1.0'].all(true, -1, 2, 3n, 1.5, 'x', 's');
// @ts-expect-error a number for s64
ex.api.all(true, 1, 2, 3, 1.5, 'x', 's');
const l: Uint32Array = ex.api.lists(new Uint8Array([1]), new BigInt64Array(1), new Float64Array(1), ['a'], [{ x: 1, yCoord: 2 }]);
// @ts-expect-error a plain array for list<u8>
ex.api.lists([1], new BigInt64Array(1), new Float64Array(1), [], []);
// @ts-expect-error record fields are camelCase
ex.api.lists(new Uint8Array(), new BigInt64Array(), new Float64Array(), [], [{ x: 1, 'y-coord': 2 }]);
// @ts-expect-error a Float32Array for list<f64>
ex.api.lists(new Uint8Array(), new BigInt64Array(), new Float32Array(), [], []);
const p: Api.Point | undefined = ex.api.opts(undefined, { tag: 'none' });
ex.api.opts(1, { tag: 'some', val: undefined });
ex.api.opts(1, { tag: 'some', val: 'x' });
// @ts-expect-error a nested option is tagged
ex.api.opts(1, 'x');
const s: string = ex.api.res({ tag: 'err', val: 'bad' });
ex.api.res({ tag: 'ok', val: 1 });
// @ts-expect-error exports return the ok value, not a result
const r2: { tag: 'ok' } = ex.api.res({ tag: 'ok', val: 1 });
const v: void = ex.api.nothing();
const sh: Types.Shape = ex.api.shapes({ tag: 'empty' }, { read: true, writeAll: false }, 'dark-green');
ex.api.shapes({ tag: 'square', val: { x: 1, yCoord: 2 } }, { read: true, writeAll: false }, 'red');
// @ts-expect-error a payload-less case has no val
ex.api.shapes({ tag: 'empty', val: 1 }, { read: true, writeAll: false }, 'red');
// @ts-expect-error enum cases are written as in WIT
ex.api.shapes({ tag: 'empty' }, { read: true, writeAll: false }, 'darkGreen');
// @ts-expect-error flags are objects of booleans
ex.api.shapes({ tag: 'empty' }, ['read'], 'red');
if (sh.tag === 'circle') { const r: number = sh.val; }
const blob: Store.Blob = new ex.store.Blob(new Uint8Array([1, 2]));
const bytes: Uint8Array = blob.read(1);
const merged: Store.Blob = ex.store.Blob.merge(blob, blob);
merged[Symbol.dispose]();
// @ts-expect-error the constructor takes list<u8>
new ex.store.Blob('x');
const hello: string = ex.greet('you');
const imports: Imports = {
  now: () => 1n,
  'test:all/host': {
    log(msg: string): void {},
    Logger: class { constructor(readonly name: string) {} write(msg: string): void {} },
  },
  'test:all/types': {
    Counter: class C {
      constructor(public v: bigint) {}
      get(): bigint { return this.v; }
      bump(by: number): void { this.v += BigInt(by); }
      static make(start: bigint): C { return new C(start); }
    },
  },
};
// @ts-expect-error now returns u64: a bigint
const bad1: Imports = { ...imports, now: () => 1 };
// @ts-expect-error the host class must implement the methods
const bad2: Imports = { ...imports, 'test:all/types': { Counter: class { constructor(v: bigint) {} static make(s: bigint) { return { get: () => 1n }; } } } };
const c: Types.Counter = imports['test:all/types'].Counter.make(1n);
ex.api.count(c);
export { n, t, l, p, s, v, bytes, hello };
`;

test('generated .d.ts for a WIT world with every value type and resources type-checks, and rejects wrong uses', () => {
  const dts = allDts();
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-dts-'));
  try {
    writeFileSync(join(dir, 'all.d.ts'), dts);
    writeFileSync(join(dir, 'usage.ts'), USAGE);
    const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--lib', 'es2022,esnext.disposable', '--types', '', join(dir, 'usage.ts')], { encoding: 'utf8', cwd: dir });
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}\n--- all.d.ts ---\n${dts}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('named WIT types, camelCase fields, docs and @throws are carried into the declarations', () => {
  const dts = allDts();
  assert.match(dts, /\/\*\*\n {3}\* A point\.\n {3}\*\/\n {2}export interface Point \{\n {4}\/\*\*\n {5}\* Horizontal\.\n {5}\*\/\n {4}x: number;\n {4}yCoord: number;/);
  assert.match(dts, /export type Color = "red" \| "dark-green";/);
  assert.match(dts, /export type Shape =\n {4}\/\*\*\n {5}\* A round one\.\n {5}\*\/\n {4}\| \{ tag: "circle"; val: number \}\n {4}\| \{ tag: "square"; val: Point \}\n {4}\| \{ tag: "empty" \};/);
  assert.match(dts, /export type Point = Types\.Point;/); // api's `use` refers to the definition in `types`
  assert.match(dts, /@throws \{ComponentError\} [^\n]*`Color`/);
  assert.match(dts, /\* Says hello\.\n {3}\*\/\n {2}greet\(name: string\): string;/);
  assert.match(dts, /export class Blob \{[^}]*constructor\(init: Uint8Array\);[^}]*static merge\(a: Blob, b: Blob\): Blob;[^}]*\[Symbol\.dispose\]\(\): void;/);
  assert.match(dts, /all\(b: boolean, i8: number, i16: number, in_: bigint, f: number, c: string, s: string\): \[boolean, bigint\];/);
});

test('declarations from a binary match the runtime\'s real exports and value shapes', async () => {
  const bytes = await shapesComponent();
  const dts = componentTypeToDts(validate(bytes));
  const ex = await instantiate(bytes);
  // Every declared member of the interface and the root is a function on the instance, under the declared key.
  const ns = /export interface Exports \{\n([\s\S]*?)\n {2}\}/.exec(dts)![1]!;
  const members = [...ns.matchAll(/^ {4}(\w+)\(/gm)].map((m) => m[1]!);
  assert.deepEqual(members, ['big', 'colorOf', 'permsOf', 'pointOf', 'shapeOf', 'maybe', 'check', 'nested']);
  for (const key of ['api', 'test:shapes/api']) {
    assert.match(dts, new RegExp(`  ${key.includes(':') ? JSON.stringify(key) : key}: Api\\.Exports;`));
    for (const m of members) assert.equal(typeof ex[key]![m], 'function', `${key}.${m}`);
  }
  assert.match(dts, /greetCount\(n: number\): number;/);
  assert.equal(ex['greetCount']!(41), 42);
  const api = ex['api']!;
  // big(x: bigint): bigint
  assert.match(dts, /big\(x: bigint\): bigint;/);
  assert.equal(typeof api['big']!(5n), 'bigint');
  // colorOf(i): Color = "red" | "dark-green"
  assert.equal(api['colorOf']!(1), 'dark-green');
  // permsOf(): Perms { read: boolean; writeAll: boolean }
  assert.deepEqual(api['permsOf']!(), { read: false, writeAll: true });
  assert.match(dts, /export interface Perms \{\n {4}read\?: boolean;\n {4}writeAll\?: boolean;\n {2}\}/);
  // pointOf(): Point { x; yCoord }
  assert.deepEqual(Object.keys(api['pointOf']!() as object), ['x', 'yCoord']);
  // shapeOf: payload-less case has no `val` key
  assert.deepEqual(api['shapeOf']!(0), { tag: 'circle', val: 5 });
  const empty = api['shapeOf']!(1) as object;
  assert.deepEqual(empty, { tag: 'empty' });
  assert.equal('val' in empty, false);
  // maybe: number | undefined
  assert.match(dts, /maybe\(i: number\): number \| undefined;/);
  assert.equal(api['maybe']!(0), undefined);
  assert.equal(api['maybe']!(1), 9);
  // check: returns the ok value, throws ComponentError with the E payload
  assert.match(dts, /check\(i: number\): number;/);
  assert.equal(api['check']!(0), 0);
  // nested: option<option<u32>> is tagged outside, plain inside
  assert.match(dts, /nested\(i: number\): \{ tag: 'some'; val: number \| undefined \} \| \{ tag: 'none' \};/);
  assert.deepEqual(api['nested']!(0), { tag: 'none' });
  assert.deepEqual(api['nested']!(1), { tag: 'some', val: undefined });
  assert.deepEqual(api['nested']!(2), { tag: 'some', val: 9 });
  assert.throws(() => api['check']!(1), (e: unknown) => (e as { name: string; payload: unknown }).name === 'ComponentError' && (e as { payload: unknown }).payload === 'dark-green');
});

test('resource declarations from a binary match the runtime\'s classes (exported class, host class keys)', async () => {
  const { resComponent, hostImports } = await import('../resources/fixture.js');
  const bytes = await resComponent();
  const dts = componentTypeToDts(validate(bytes));
  const cls = /export class Counter \{\n([\s\S]*?)\n {2}\}/.exec(dts)![1]!;
  assert.match(cls, /constructor\(v: number\);/);
  const methods = [...cls.matchAll(/^ {4}(\w+)\(/gm)].map((m) => m[1]!).filter((m) => m !== 'constructor');
  const statics = [...cls.matchAll(/^ {4}static (\w+)\(/gm)].map((m) => m[1]!);
  assert.deepEqual(methods, ['get', 'inc']);
  assert.deepEqual(statics, ['make']);
  assert.match(dts, /Counter: typeof Counter;/);
  const imports = hostImports({ disposed: 0 });
  // The declared host interface members are the keys the fixture's (runtime-tested) imports object uses.
  const hostBody = /export interface Imports \{\n([\s\S]*?)\n {2}\}/.exec(dts.slice(dts.indexOf('namespace Host')))![1]!;
  assert.deepEqual([...hostBody.matchAll(/^ {4}(\w+)[?(:]/gm)].map((m) => m[1]!).sort(), Object.keys(imports['kumiki:res/host'] as object).sort());
  const ex = await instantiate(bytes, imports);
  const Counter = ex['api']!['Counter'] as unknown as (new (v: number) => Record<string | symbol, unknown>) & Record<string, unknown>;
  assert.equal(typeof Counter, 'function');
  assert.equal(typeof Counter['make'], 'function');
  const c = new Counter(3);
  for (const m of methods) assert.equal(typeof c[m], 'function', m);
  assert.equal(typeof c[Symbol.dispose], 'function');
  assert.equal((c['get'] as () => number)(), 3);
  (c[Symbol.dispose] as () => void)();
});

test('keys that collide keep one declaration each: same short name exported twice, two versions imported', () => {
  const { resolve, main } = parseWit(`package a:b;
interface types { f: func(); }
world w {
  export types;
  export c:d/types@1.0.0;
  import c:d/types@1.0.0;
  import c:d/types@2.0.0;
}
package c:d@1.0.0 { interface types { g: func(); } }
package c:d@2.0.0 { interface types { h: func(); } }
`);
  const worldId = resolve.packages[main]!.worlds.get('w')!;
  const dts = componentTypeToDts(worldToComponentType(resolve, worldId));
  const keyOf = (l: string): string => /^\s*("[^"]*"|[\w$]+)/.exec(l)![1]!;
  const body = (name: string): string[] => /\{\n([\s\S]*?)\n\}/.exec(dts.slice(dts.lastIndexOf(`export interface ${name} {`)))![1]!.split('\n');
  const exportKeys = body('Exports').map(keyOf);
  assert.equal(new Set(exportKeys).size, exportKeys.length, dts);
  assert.ok(exportKeys.includes('types') && exportKeys.includes('"a:b/types"') && exportKeys.includes('"c:d/types@1.0.0"'), exportKeys.join());
  // The runtime assigns exports in order: the later interface owns the short name.
  assert.match(dts, /\n {2}types: CDTypes\.Exports;/);
  const importKeys = body('Imports').map(keyOf);
  assert.deepEqual(importKeys.sort(), ['"c:d/types"', '"c:d/types@2.0.0"']);
});
