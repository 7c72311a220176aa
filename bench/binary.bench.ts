// Component binary reader/writer speed: a ~12 MB component (one big generated core module wrapped by the writer)
// and a component made of many small type/canon/export items.
import type { Component, TypeDef } from '../src/binary/ast.js';
import { buildComponent, externName, sections } from '../src/binary/build.js';
import { readComponent } from '../src/binary/read.js';
import { readCoreModuleSurface } from '../src/binary/read-module.js';
import { writeComponent } from '../src/binary/write.js';
import { Writer } from '../src/binary/writer.js';
import { fmtNs, nsPerOp } from './timing.js';

/** A core module with `funcs` functions of ~`bodySize` bytes each, one memory, exports every 100th function. */
function bigModule(funcs: number, bodySize: number): Uint8Array {
  const w = new Writer(funcs * (bodySize + 8) + 1024);
  w.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, body: () => void) => { w.u8(id); w.sized(body); };
  section(1, () => w.vec([0], () => { w.u8(0x60); w.vec(['i32'], () => w.u8(0x7f)); w.vec(['i32'], () => w.u8(0x7f)); }));
  section(3, () => { w.u32(funcs); for (let i = 0; i < funcs; i++) w.u8(0); });
  section(5, () => w.vec([0], () => { w.u8(0); w.u32(1); }));
  const exported = Array.from({ length: Math.ceil(funcs / 100) }, (_, i) => i * 100);
  section(7, () => {
    w.u32(exported.length + 1);
    w.string('memory'); w.u8(0x02); w.u32(0);
    for (const i of exported) { w.string(`f${i}`); w.u8(0x00); w.u32(i); }
  });
  section(10, () => {
    w.u32(funcs);
    const body: number[] = [0x00]; // no locals
    while (body.length < bodySize - 1) body.push(0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00); // local.get 0; i32.const 1; i32.add; local.set 0
    body.push(0x20, 0x00, 0x0b);
    const b = Uint8Array.from(body);
    for (let i = 0; i < funcs; i++) { w.u32(b.length); w.bytes(b); }
  });
  return w.finish().slice();
}

const at = 0;

/** Wraps a module: instantiate it, lift `f0` as `(func (param "x" u32) (result u32))`, export it. */
function wrap(module: Uint8Array, extraTypes: TypeDef[] = []): Component {
  return buildComponent([
    sections.coreModule(module),
    sections.coreInstances([{ kind: 'instantiate', offset: at, module: 0, args: [] }]),
    sections.aliases([{ kind: 'core-instance-export', offset: at, sort: 'func', instance: 0, name: 'f0' }]),
    sections.types([{ kind: 'func', offset: at, async: false, params: [{ name: 'x', type: 'u32' }], result: 'u32' }, ...extraTypes]),
    sections.canons([{ kind: 'lift', offset: at, coreFunc: 0, options: [], type: 0 }]),
    sections.exports([{ offset: at, name: externName('f'), sort: 'func', index: 0 }]),
  ]);
}

/** Many small items: records, variants, functions. */
function manyTypes(n: number): TypeDef[] {
  const out: TypeDef[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ kind: 'defined', offset: at, type: { kind: 'record', fields: [{ name: `field-a${i}`, type: 'u32' }, { name: 'b', type: 'string' }, { name: 'c', type: i }] } });
    out.push({ kind: 'defined', offset: at, type: { kind: 'variant', cases: [{ name: 'none' }, { name: 'some', type: i * 3 + 1 }] } });
    out.push({ kind: 'func', offset: at, async: false, params: [{ name: 'r', type: i * 3 + 2 }], result: 'string' });
  }
  return out;
}

export async function run(): Promise<void> {
  const module = bigModule(95_000, 128);
  const big = writeComponent(wrap(module));
  const small = writeComponent(wrap(bigModule(10, 16), manyTypes(20_000)));
  const rows: Record<string, string>[] = [];
  const row = (what: string, bytes: number, ns: number) =>
    rows.push({ what, size: `${(bytes / 1e6).toFixed(2)} MB`, time: fmtNs(ns), 'MB/s': (bytes / 1e6 / (ns / 1e9)).toFixed(0) });
  row('readComponent, 1 big core module', big.length, nsPerOp(() => readComponent(big), { runs: 9, targetMs: 100 }));
  const ast = readComponent(big);
  row('writeComponent, 1 big core module', big.length, nsPerOp(() => writeComponent(ast), { runs: 5, targetMs: 100 }));
  row('readCoreModuleSurface, that module', module.length, nsPerOp(() => readCoreModuleSurface(module), { runs: 9, targetMs: 100 }));
  row('readComponent, 60k type items', small.length, nsPerOp(() => readComponent(small), { runs: 7, targetMs: 200 }));
  const smallAst = readComponent(small);
  row('writeComponent, 60k type items', small.length, nsPerOp(() => writeComponent(smallAst), { runs: 7, targetMs: 200 }));
  const real = await realWorld();
  if (real) {
    row('readComponent, StarlingMonkey+WASI (jco componentNew)', real.length, nsPerOp(() => readComponent(real), { runs: 9, targetMs: 100 }));
    const realAst = readComponent(real);
    row('writeComponent, same', real.length, nsPerOp(() => writeComponent(realAst), { runs: 5, targetMs: 100 }));
  }
  console.table(rows);
}

/** A real component built from installed dev-dependency files, or undefined when they are absent. */
async function realWorld(): Promise<Uint8Array | undefined> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const { componentNew } = await import('@bytecodealliance/jco');
  const dir = fileURLToPath(new URL('../../node_modules/@bytecodealliance/', import.meta.url));
  const core = `${dir}componentize-js/lib/starlingmonkey_embedding.wasm`;
  const adapter = `${dir}jco/lib/wasi_snapshot_preview1.reactor.wasm`;
  if (!existsSync(core) || !existsSync(adapter)) return undefined;
  return componentNew(readFileSync(core), [['wasi_snapshot_preview1', readFileSync(adapter)]]);
}
