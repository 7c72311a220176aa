// The WIT package encoding against jco (wit-component 0.259): worlds embedded by jco and by kumiki, decoded by
// both, and turned into components with jco's `componentNew`. Prints a table of agreement counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { componentEmbed, componentNew, componentWit, parse } from '@bytecodealliance/jco';
import { parseWit } from '../../src/wit/index.js';
import { readComponent, readCoreModuleSurface } from '../../src/binary/index.js';
import {
  decodeWitFromBinary, embedWorld, encodeWorldMetadata, printDecodedWit, removeCustomSections,
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

interface Case { name: string; wit: string; world: string; own: boolean }

function corpusCases(): Case[] {
  const out: Case[] = [];
  for (const c of validCases()) {
    if (!c.input.endsWith('.wit')) continue;
    const text = readFileSync(c.input, 'utf8');
    let worlds: string[];
    try {
      const p = parseWit(text);
      worlds = [...p.resolve.packages[p.main]!.worlds.keys()];
    } catch {
      continue;
    }
    for (const w of worlds) out.push({ name: `${c.name}:${w}`, wit: text, world: w, own: false });
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
    jcoEmb = await componentEmbed({ dummy: true, witSource: c.wit, world: c.world });
  } catch (e) {
    row.note = `jco embed: ${String(e).split('\n')[0]}`;
    return row;
  }
  row.jcoEmbed = true;
  const parsed = parseWit(c.wit);
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
  // (ii)/(iii) componentNew accepts kumiki's embedding and yields the same world as jco's.
  let jcoComp: Uint8Array | undefined;
  try {
    jcoComp = await componentNew(jcoEmb);
    const ourComp = await componentNew(kumikiEmb);
    readComponent(ourComp);
    row.newOk = true;
    row.newWit = (await componentWit(ourComp)) === (await componentWit(jcoComp));
  } catch (e) {
    row.note ??= `componentNew: ${String(e).split('\n')[0]}`;
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

test('wit-parser UI corpus (single-file valid cases): agreement table', async () => {
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
  for (const cut of [9, 20, good.length - 3]) {
    const broken = embedWorld(core, p.resolve, 0);
    const truncated = new Uint8Array([...core, 0, cut + 16, 14, ...new TextEncoder().encode('component-type'), ...good.subarray(0, cut)]);
    assert.ok(broken.length > 0);
    assert.throws(() => decodeWitFromBinary(truncated), ValidationError);
  }
});
