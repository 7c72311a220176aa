// Fixture builders for runtime tests and benchmarks: component text assembled with jco's `parse`, and the same
// component transpiled by jco (the differential oracle). Slow results are cached by source hash under `.cache/`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { componentEmbed, componentNew, parse, transpile } from '@bytecodealliance/jco';

export const repoRoot = new URL('../../../', import.meta.url).pathname;
const cacheDir = join(repoRoot, '.cache');

function hash(s: string | Uint8Array): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 20);
}

/** Assembles component (or module) text with jco's parser; cached by text hash. */
export async function assemble(wat: string): Promise<Uint8Array> {
  const dir = join(cacheDir, 'wat');
  const file = join(dir, `${hash(wat)}.wasm`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = await parse(wat);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

export type Encoding = 'utf8' | 'utf16' | 'compact-utf16';

/** A component from WIT + a core module in text (wit-component conventions: `memory`, `cabi_realloc`,
 *  `<iface>#<func>` exports, `cabi_post_…`), via jco's `componentEmbed` + `componentNew`; cached by hash. */
export async function witComponent(wit: string, world: string, coreWat: string, encoding: Encoding = 'utf8'): Promise<Uint8Array> {
  const dir = join(cacheDir, 'wit');
  const file = join(dir, `${hash(`${wit}\0${world}\0${coreWat}\0${encoding}`)}.wasm`);
  if (existsSync(file)) return new Uint8Array(readFileSync(file));
  const core = await parse(coreWat);
  const embedded = await componentEmbed({ binary: core, witSource: wit, world, stringEncoding: encoding });
  const bytes = await componentNew(embedded);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

/** What jco's `instantiation: 'sync'` output exports. */
export interface JcoModule {
  instantiate(getCoreModule: (path: string) => WebAssembly.Module, imports: Record<string, unknown>): Record<string, any>;
}

/** Transpiles `bytes` with jco (sync instantiation mode) into `.cache/jco/<hash>/` and loads it. */
export async function jcoTranspile(bytes: Uint8Array): Promise<{ module: JcoModule; dir: string; instantiate: (imports?: Record<string, unknown>) => Record<string, any> }> {
  const dir = join(cacheDir, 'jco', hash(bytes));
  const entry = join(dir, 'component.js');
  if (!existsSync(entry)) {
    const { files } = await transpile(bytes, { name: 'component', instantiation: 'sync', noTypescript: true, quiet: true });
    for (const [name, data] of Object.entries(files)) {
      const p = join(dir, name);
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, data);
    }
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  }
  const module = (await import(pathToFileURL(entry).href)) as JcoModule;
  const getCoreModule = (path: string): WebAssembly.Module => new WebAssembly.Module(readFileSync(join(dir, path)));
  return { module, dir, instantiate: (imports = {}) => module.instantiate(getCoreModule, imports) };
}

/** A bump allocator (`realloc`, `reset`) over an exported memory: the core module most fixtures share. */
export const LIBC = `
  (memory (export "mem") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func $realloc (export "realloc") (param $old i32) (param $oldSize i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32) (local $end i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $oldSize)))
      (then (return (local.get $old))))
    (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then (if (i32.lt_s (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)) (i32.const 1))) (i32.const 0))
        (then unreachable))))
    (global.set $bump (local.get $end))
    (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $oldSize))))
    (local.get $p))
  (func $reset (export "reset") (global.set $bump (i32.const 1024)))
  (func (export "reset1") (param i32) (call $reset))
`;

/** The benchmark world: noop, add, echo, sum, echo-bytes, make-point. */
export const BENCH_WIT = `package kumiki:bench;
interface api {
  record point { x: f64, y: f64 }
  noop: func();
  add: func(a: u32, b: u32) -> u32;
  echo: func(s: string) -> string;
  sum: func(xs: list<u32>) -> u32;
  echo-bytes: func(b: list<u8>) -> list<u8>;
  make-point: func(x: f64, y: f64) -> point;
}
world bench { export api; }`;

/** The benchmark core module (also instantiated alone for the raw-core and hand-glue baselines). */
export const BENCH_CORE = `(module
  ${LIBC.replace('(export "mem")', '(export "memory")').replace('(export "realloc")', '(export "cabi_realloc")')}
  (func (export "kumiki:bench/api#noop"))
  (func (export "kumiki:bench/api#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $echo (export "kumiki:bench/api#echo") (param i32 i32) (result i32)
    (i32.store (i32.const 8) (local.get 0)) (i32.store (i32.const 12) (local.get 1)) (i32.const 8))
  (func (export "cabi_post_kumiki:bench/api#echo") (param i32) (call $reset))
  (func (export "kumiki:bench/api#echo-bytes") (param i32 i32) (result i32) (call $echo (local.get 0) (local.get 1)))
  (func (export "cabi_post_kumiki:bench/api#echo-bytes") (param i32) (call $reset))
  (func (export "kumiki:bench/api#sum") (param $p i32) (param $n i32) (result i32)
    (local $s i32) (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $s (i32.add (local.get $s) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br $l)))
    (call $reset)
    (local.get $s))
  (func (export "kumiki:bench/api#make-point") (param f64 f64) (result i32)
    (f64.store (i32.const 16) (local.get 0)) (f64.store (i32.const 24) (local.get 1)) (i32.const 16))
)`;
