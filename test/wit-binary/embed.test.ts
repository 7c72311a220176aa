// The WIT package encoding against jco (wit-component 0.259): worlds embedded by jco and by kumiki, decoded by
// both, and turned into components with jco's `componentNew`. Prints a table of agreement counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { componentEmbed, componentNew, componentWit, parse } from '@bytecodealliance/jco';
import { parseWit, printWit } from '../../src/wit/index.js';
import { validate } from '../../src/validate/index.js';
import { readComponent, readCoreModuleSurface } from '../../src/binary/index.js';
import { readWitPath } from '../../src/wit/read-node.js';
import * as shimFs from '@bytecodealliance/preview2-shim/filesystem';
import {
  appendCustomSection, decodeWitFromBinary, embedWorld, encodePackage, encodeWorldMetadata, printDecodedWit, removeCustomSections,
} from '../../src/wit-binary/index.js';
import { ValidationError } from '../../src/errors.js';
import { validCases } from '../wit/corpus.js';

/** Worlds written for these tests: every type kind, resources, interfaces both ways, `use`, foreign packages. */
const OWN: { name: string; wit: string; world: string }[] = [
  {
    name: 'all-value-types', world: 'w', wit: `package t:values@0.1.0;
interface kinds {
  record rec { a: u8, b: s16, c: u32, d: s64, e: f32, f: f64, g: char, h: bool, i: string }
  variant var { none, one(u32), two(tuple<string, list<u8>>) }
  enum color { red, green, blue }
  flags perms { read, write, exec }
  type alias = rec;
  type maybe = option<result<u32, string>>;
  type pair = tuple<rec, color>;
  f: func(r: rec, v: var, c: color, p: perms) -> result<alias, var>;
  g: func(x: option<list<option<u8>>>, y: result, z: result<_, string>, w: result<u64>) -> tuple<maybe, pair>;
  h: func();
}
world w {
  import kinds;
  export kinds;
  export run: func(a: list<list<string>>) -> list<tuple<u8, s8, u16, s16>>;
}`,
  },
  {
    name: 'resources', world: 'w', wit: `package t:res;
interface store {
  resource blob {
    constructor(init: list<u8>);
    read: func(n: u32) -> list<u8>;
    merge: static func(a: borrow<blob>, b: borrow<blob>) -> blob;
  }
  resource other;
  type handle = own<blob>;
  open: func(name: string) -> result<blob, string>;
  peek: func(b: borrow<blob>, o: option<other>) -> handle;
}
world w {
  import store;
  export store;
  resource local {
    constructor();
    get: func() -> u32;
  }
  import make: func() -> local;
}`,
  },
  {
    name: 'use-chain', world: 'w', wit: `package t:uses@1.2.3;
interface base { record point { x: s32, y: s32 } type id = u64; enum dir { up, down } }
interface mid { use base.{point, id as ident}; record seg { a: point, b: point } line: func(s: seg) -> ident; }
interface top { use mid.{seg}; use base.{dir}; walk: func(s: seg, d: dir) -> list<seg>; }
world w {
  use base.{point};
  import top;
  export mid;
  export top;
  import origin: func() -> point;
  export inline: interface { use base.{id}; next: func(i: id) -> id; }
}`,
  },
  {
    name: 'foreign-packages', world: 'app', wit: `package t:app;
package t:dep@2.0.0 {
  interface types { record cfg { name: string, level: u8 } resource conn { send: func(b: list<u8>); } }
  interface api { use types.{cfg, conn}; connect: func(c: cfg) -> conn; }
}
package x:other {
  interface log { log: func(msg: string); }
}
interface local { use t:dep/types@2.0.0.{cfg}; defaults: func() -> cfg; }
world app {
  import t:dep/api@2.0.0;
  import x:other/log;
  import audit: x:other/log;
  export local;
  export t:dep/types@2.0.0;
}`,
  },
  {
    name: 'world-only', world: 'tiny', wit: `package t:tiny;
world tiny {
  type n = u32;
  record r { a: n, b: list<n> }
  import get: func() -> r;
  export put: func(x: r) -> bool;
  import env: interface { vars: func() -> list<tuple<string, string>>; }
}`,
  },
];

interface Case { name: string; wit: string | { path: string }; world: string; own: boolean }

/** jco's WIT-path arguments go through preview2-shim's filesystem: give it the root once. */
(shimFs as unknown as { _setPreopens(p: Record<string, string>): void })._setPreopens({ '/': '/' });

function corpusCases(): Case[] {
  const out: Case[] = [];
  for (const c of validCases()) {
    // `stress-*` take wit-component minutes in jco's wasm build; `.wat` cases are not WIT.
    if (c.input.endsWith('.wat') || c.name.startsWith('stress')) continue;
    const isFile = c.input.endsWith('.wit');
    let worlds: string[];
    try {
      const p = parseWit(readWitPath(c.input));
      worlds = [...p.resolve.packages[p.main]!.worlds.keys()];
    } catch {
      continue;
    }
    const wit = isFile ? readFileSync(c.input, 'utf8') : { path: c.input };
    for (const w of worlds) out.push({ name: `${c.name}:${w}`, wit, world: w, own: false });
  }
  return out;
}

function customSection(bytes: Uint8Array, prefix: string): Uint8Array | undefined {
  return readCoreModuleSurface(bytes).customs.find((c) => c.name.startsWith(prefix))?.data;
}

interface Row { name: string; own: boolean; jcoEmbed: boolean; bytes: boolean; decode: boolean; newWit: boolean; newOk: boolean; compWit: boolean; note?: string }

async function runCase(c: Case): Promise<Row> {
  const row: Row = { name: c.name, own: c.own, jcoEmbed: false, bytes: false, decode: false, newWit: false, newOk: false, compWit: false };
  let jcoEmb: Uint8Array;
  try {
    jcoEmb = await componentEmbed({ dummy: true, world: c.world, ...(typeof c.wit === 'string' ? { witSource: c.wit } : { witPath: c.wit.path }) });
  } catch (e) {
    row.note = `jco embed: ${String(e).split('\n')[0]}`;
    return row;
  }
  row.jcoEmbed = true;
  const parsed = parseWit(typeof c.wit === 'string' ? c.wit : readWitPath(c.wit.path));
  const worldId = parsed.resolve.packages[parsed.main]!.worlds.get(c.world)!;
  // (a) the section payload: byte-equal to wit-component's, producers section aside.
  const jcoPayload = removeCustomSections(customSection(jcoEmb, 'component-type')!, (n) => n === 'producers');
  const ours = encodeWorldMetadata(parsed.resolve, worldId);
  row.bytes = Buffer.compare(Buffer.from(jcoPayload), Buffer.from(ours)) === 0;
  // (i) kumiki decodes jco's embedding as it decodes its own.
  const dummy = removeCustomSections(jcoEmb, (n) => n.startsWith('component-type'));
  const kumikiEmb = embedWorld(dummy, parsed.resolve, worldId);
  try {
    row.decode = printDecodedWit(decodeWitFromBinary(jcoEmb)) === printDecodedWit(decodeWitFromBinary(kumikiEmb));
  } catch (e) {
    row.note = `decode: ${String(e)}`;
  }
  // (iii) componentNew accepts kumiki's embedding (kumiki's reader reads the result back) …
  let ourComp: Uint8Array | undefined;
  try {
    ourComp = await componentNew(kumikiEmb);
    readComponent(ourComp);
    row.newOk = true;
  } catch (e) {
    row.note ??= `componentNew(kumiki): ${String(e).split('\n')[0]}`;
  }
  // (ii) … and yields the same world as jco's embedding.
  let jcoComp: Uint8Array | undefined;
  try {
    jcoComp = await componentNew(jcoEmb);
    if (ourComp) row.newWit = (await componentWit(ourComp)) === (await componentWit(jcoComp));
  } catch (e) {
    row.note ??= `componentNew(jco): ${String(e).split('\n')[0]}`;
  }
  // (iv) kumiki wit of a component equals jco wit.
  if (jcoComp) {
    try {
      row.compWit = printDecodedWit(decodeWitFromBinary(jcoComp)) === (await componentWit(jcoComp));
    } catch (e) {
      row.note ??= `component decode: ${String(e)}`;
    }
  }
  return row;
}

function table(rows: Row[]): string {
  const cols = [['jco embed', 'jcoEmbed'], ['section bytes', 'bytes'], ['decode', 'decode'], ['new ok', 'newOk'], ['new → wit', 'newWit'], ['component wit', 'compWit']] as const;
  const lines = [`${'set'.padEnd(10)} ${'cases'.padStart(5)} ${cols.map(([h]) => h.padStart(13)).join(' ')}`];
  for (const [label, own] of [['own', true], ['corpus', false]] as const) {
    const rs = rows.filter((r) => r.own === own);
    lines.push(`${label.padEnd(10)} ${String(rs.length).padStart(5)} ${cols.map(([, k]) => String(rs.filter((r) => r[k]).length).padStart(13)).join(' ')}`);
  }
  return lines.join('\n');
}

const rows: Row[] = [];

test('own worlds: byte-identical metadata, same WIT both ways, componentNew works, component WIT equals jco', async () => {
  for (const w of OWN) rows.push(await runCase({ ...w, own: true }));
  for (const r of rows) {
    assert.ok(r.jcoEmbed, `${r.name}: ${r.note}`);
    assert.ok(r.bytes, `${r.name}: component-type payload differs from wit-component's`);
    assert.ok(r.decode, `${r.name}: ${r.note ?? 'decoded WIT differs'}`);
    assert.ok(r.newOk && r.newWit, `${r.name}: ${r.note ?? 'componentNew WIT differs'}`);
    assert.ok(r.compWit, `${r.name}: ${r.note ?? 'component WIT differs from jco wit'}`);
  }
});

test('wit-parser UI corpus (valid files and folders): agreement table', async () => {
  const corpus = corpusCases();
  const cr: Row[] = [];
  for (const c of corpus) cr.push(await runCase(c));
  rows.push(...cr);
  console.log(table(rows));
  for (const r of cr) if (!(r.bytes && r.decode && r.newWit && r.compWit) && r.jcoEmbed) console.log(`  ${r.name}: bytes=${r.bytes} decode=${r.decode} new=${r.newWit} comp=${r.compWit} ${r.note ?? ''}`);
  const embedded = cr.filter((r) => r.jcoEmbed);
  assert.ok(embedded.length >= 20, `only ${embedded.length} corpus worlds embedded`);
  // Every world jco embeds, kumiki decodes to the same WIT as its own embedding.
  assert.equal(embedded.filter((r) => r.decode).length, embedded.length);
});

test('decode: the decoded world of a metadata section prints the source world', () => {
  const src = OWN[1]!;
  const p = parseWit(src.wit);
  const w = p.resolve.packages[p.main]!.worlds.get(src.world)!;
  const d = decodeWitFromBinary(embedWorld(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), p.resolve, w));
  assert.equal(d.kind, 'metadata');
  assert.equal(d.stringEncoding, 'utf8');
  const text = printDecodedWit(d);
  assert.match(text, /^package t:res;/);
  assert.match(text, /merge: static func\(a: borrow<blob>, b: borrow<blob>\) -> blob;/);
  assert.match(text, /import make: func\(\) -> local;/);
});

test('decode: bad input gives ValidationError', async () => {
  assert.throws(() => decodeWitFromBinary(new Uint8Array([1, 2, 3])), ValidationError);
  const core = await parse('(module)');
  assert.throws(() => decodeWitFromBinary(core), /no `component-type` custom section/);
  const p = parseWit(OWN[4]!.wit);
  const good = encodeWorldMetadata(p.resolve, 0);
  for (const cut of [0, 9, 20, good.length >> 1, good.length - 3]) {
    const truncated = appendCustomSection(core, 'component-type:tiny', good.subarray(0, cut));
    assert.throws(() => decodeWitFromBinary(truncated), ValidationError, `cut at ${cut}`);
  }
  // A well-formed component that is not a WIT package and has no world items decodes to an empty world.
  const empty = decodeWitFromBinary(await parse('(component)'));
  assert.equal(empty.kind, 'component');
  assert.equal(printDecodedWit(empty), 'package root:component;\n\nworld root {\n}\n');
});

/** The main package's block of printed WIT (nested `package … {` blocks start at column 0). */
function mainBlock(text: string): string {
  const cut = text.indexOf('\npackage ');
  return cut < 0 ? text : text.slice(0, cut + 1);
}

test('WIT packages as components: encode → decode prints the source package (own worlds + UI corpus)', () => {
  let total = 0, same = 0, valid = 0, empty = 0;
  const differ: string[] = [];
  const inputs: { name: string; input: string | Record<string, string> }[] = [
    ...OWN.map((o) => ({ name: o.name, input: o.wit })),
    ...validCases().filter((c) => !c.input.endsWith('.wat')).map((c) => ({ name: c.name, input: readWitPath(c.input) })),
  ];
  for (const { name, input } of inputs) {
    let p: ReturnType<typeof parseWit>;
    try { p = parseWit(input); } catch { continue; }
    total++;
    const pkg = p.resolve.packages[p.main]!;
    if (pkg.interfaces.size === 0 && pkg.worlds.size === 0) { empty++; continue; }
    const bin = encodePackage(p.resolve, p.main);
    try { validate(bin, { features: ['all'] }); valid++; } catch (e) { differ.push(`${name}: invalid (${String(e)})`); }
    const d = decodeWitFromBinary(bin);
    assert.equal(d.kind, 'package', name);
    if (mainBlock(printDecodedWit(d)) === mainBlock(printWit(p.resolve, p.main))) same++;
    else differ.push(`${name}: printed WIT differs`);
  }
  console.log(`packages: ${total} parsed, ${empty} empty (no items to encode), ${same} round-trip identical, ${valid} pass kumiki validate (all features)`);
  for (const d of differ) console.log(`  ${d}`);
  assert.equal(same, total - empty);
  assert.ok(total - empty >= 60);
});

test('kumiki wit / embed CLI on binaries', async () => {
  const { main } = await import('../../src/cli/main.js');
  const { mkdtempSync, writeFileSync, readFileSync: read } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'kumiki-wit-binary-'));
  writeFileSync(join(dir, 'w.wit'), OWN[2]!.wit);
  writeFileSync(join(dir, 'core.wasm'), await parse('(module)'));
  const capture = async (args: string[]): Promise<{ code: number; out: string }> => {
    const write = process.stdout.write.bind(process.stdout);
    let out = '';
    process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
    try { return { code: await main(args), out }; } finally { process.stdout.write = write; }
  };
  assert.equal((await capture(['embed', join(dir, 'core.wasm'), '--wit', join(dir, 'w.wit'), '--world', 'w', '-o', join(dir, 'emb.wasm')])).code, 0);
  const emb = new Uint8Array(read(join(dir, 'emb.wasm')));
  assert.ok(customSection(emb, 'component-type:w'));
  const printed = await capture(['wit', join(dir, 'emb.wasm')]);
  assert.equal(printed.code, 0);
  const p = parseWit(OWN[2]!.wit);
  assert.equal(printed.out, printDecodedWit(decodeWitFromBinary(embedWorld(await parse('(module)'), p.resolve, p.resolve.packages[p.main]!.worlds.get('w')!))));
  assert.match(printed.out, /interface mid \{\n {2}use base\.\{point, id as ident\};/);
  // Embedding again replaces the section instead of adding a second one.
  assert.equal((await capture(['embed', join(dir, 'emb.wasm'), '--wit', join(dir, 'w.wit'), '-o', join(dir, 'emb2.wasm')])).code, 0);
  assert.equal(readCoreModuleSurface(new Uint8Array(read(join(dir, 'emb2.wasm')))).customs.filter((c) => c.name.startsWith('component-type')).length, 1);
  writeFileSync(join(dir, 'pkg.wasm'), encodePackage(p.resolve, p.main));
  assert.equal((await capture(['wit', join(dir, 'pkg.wasm')])).out, mainBlock(printWit(p.resolve, p.main)));
});

test('string encodings: the wit-component-encoding byte matches jco and decodes back', async () => {
  const src = OWN[4]!;
  const p = parseWit(src.wit);
  for (const enc of ['utf8', 'utf16', 'compact-utf16'] as const) {
    const jco = await componentEmbed({ dummy: true, witSource: src.wit, world: src.world, stringEncoding: enc });
    const jcoPayload = removeCustomSections(customSection(jco, 'component-type')!, (n) => n === 'producers');
    assert.deepEqual(encodeWorldMetadata(p.resolve, 0, enc), jcoPayload, enc);
    assert.equal(decodeWitFromBinary(jco).stringEncoding, enc);
  }
});

test('a component exporting only value types is a component, not a WIT package', async () => {
  const d = decodeWitFromBinary(await parse('(component (type $t (record (field "a" u8))) (export "r" (type $t)))'));
  assert.equal(d.kind, 'component');
});

test('hostile bytes: mutated package and metadata binaries decode or fail with ValidationError only', () => {
  let seed = 7;
  const rnd = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let decoded = 0, refused = 0;
  for (const src of OWN) {
    const p = parseWit(src.wit);
    const w = p.resolve.packages[p.main]!.worlds.get(src.world)!;
    const module = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    for (const bin of [encodePackage(p.resolve, p.main), embedWorld(module, p.resolve, w)]) {
      for (let i = 0; i < 400; i++) {
        const m = bin.slice();
        for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) m[8 + Math.floor(rnd() * (m.length - 8))] = Math.floor(rnd() * 256);
        try {
          printDecodedWit(decodeWitFromBinary(m));
          decoded++;
        } catch (e) {
          assert.ok(e instanceof ValidationError, `mutation ${i} of ${src.name}: ${String(e)}`);
          refused++;
        }
      }
    }
  }
  assert.ok(decoded > 0 && refused > 0);
});
