// Binary → WIT: a WIT package encoded as a component, a `component-type:*` custom section (in a core module or
// component), or an ordinary component's imports/exports as world `root` of `root:component` (as wit-parser's
// `decoding` and wit-component's `metadata::decode` do).
import type * as ast from '../binary/ast.js';
import { readComponent, binaryKind } from '../binary/read.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { Reader } from '../binary/reader.js';
import { ValidationError } from '../errors.js';
import type { Resolve } from '../wit/model.js';
import { Scope, WitBuilder, fail } from './builder.js';
import { decodeComponentWorld } from './decode-component.js';
import { decodePackageItem, type PackageItem } from './decode-world.js';
import { finishResolve } from './order.js';
import { injectPackageDocs, PACKAGE_DOCS_SECTION } from './package-docs.js';

/** What a binary held: a WIT package, embedded world metadata, or a component's inferred world. */
export interface DecodedWit {
  readonly kind: 'package' | 'metadata' | 'component';
  readonly resolve: Resolve;
  /** The package to print first (the package itself / the world's package / `root:component`). */
  readonly package: number;
  /** The world, for `metadata` (the first section's) and `component`. */
  readonly world?: number;
  /** For `metadata`: the string encoding recorded in `wit-component-encoding` (`utf8` unless stated). */
  readonly stringEncoding?: 'utf8' | 'utf16' | 'compact-utf16';
}

/** Custom section of wit-component's format version and string encoding. */
export const ENCODING_SECTION = 'wit-component-encoding';
/** The format version byte wit-component writes (and the only one it reads). */
export const METADATA_VERSION = 0x04;
export const STRING_ENCODINGS = ['utf8', 'utf16', 'compact-utf16'] as const;

/** Decodes WIT from a core module or component binary. Throws `ValidationError` for malformed input. */
export function decodeWitFromBinary(bytes: Uint8Array): DecodedWit {
  try {
    return decodeBinary(bytes);
  } catch (e) {
    // Value types nest through indices; a hostile chain deeper than the JS stack is refused, not crashed on.
    if (e instanceof RangeError) throw new ValidationError(`WIT types nested too deeply to decode: ${e.message}`, 0);
    throw e;
  }
}

function decodeBinary(bytes: Uint8Array): DecodedWit {
  const kind = binaryKind(bytes);
  if (kind === 'module') {
    const customs = readCoreModuleSurface(bytes).customs.filter((c) => c.name.startsWith('component-type'));
    if (customs.length === 0) throw new ValidationError('core module has no `component-type` custom section to decode WIT from', 0);
    return decodeMetadataSections(customs.map((c) => ({ data: c.data, offset: c.offset })));
  }
  if (kind !== 'component') throw new ValidationError('not a WebAssembly module or component (bad magic/version)', 0);
  const c = readComponent(bytes);
  if (isWitPackage(c)) return decodePackage(c);
  const hasExterns = c.sections.some((s) => s.kind === 'import' || s.kind === 'export');
  const customs = c.sections.filter((s): s is ast.CustomSection => s.kind === 'custom' && s.name.startsWith('component-type'));
  if (!hasExterns && customs.length > 0) return decodeMetadataSections(customs.map((s) => ({ data: s.data, offset: s.contentOffset })));
  return decodeComponent(c);
}

/**
 * WIT.md "Package Format": no imports, and every export a component type (one per interface/world), named by a
 * label. Decided on a light pass over the `type` index space (definitions, aliases, exports), as wit-parser does
 * on validated types; anything else is an ordinary component.
 */
function isWitPackage(c: ast.Component): boolean {
  const types: (ast.TypeDef | undefined)[] = [];
  let exports = 0;
  for (const s of c.sections) {
    if (s.kind === 'import') return false;
    if (s.kind === 'type') types.push(...s.items);
    else if (s.kind === 'alias') { for (const a of s.items) if (a.sort === 'type') types.push(undefined); }
    else if (s.kind === 'export') {
      for (const e of s.items) {
        if (e.sort !== 'type' || types[e.index]?.kind !== 'component') return false;
        types.push(types[e.index]);
        exports++;
      }
    }
  }
  return exports > 0;
}

/** Walks the top level of a WIT package component: type definitions and the exported package items. */
function decodePackageInto(b: WitBuilder, c: ast.Component): PackageItem[] {
  const scope = new Scope();
  const items: PackageItem[] = [];
  for (const s of c.sections) {
    if (s.kind === 'type') for (const t of s.items) scope.types.push(b.typeDefSlot(t, scope));
    else if (s.kind === 'alias') for (const a of s.items) b.alias(a, scope);
    else if (s.kind === 'export') {
      for (const e of s.items) {
        const slot = scope.type(e.index, e.offset);
        if (slot.k !== 'component') fail(`export \`${e.name.name}\` is not a component type`, e.offset);
        if (e.name.name.includes(':')) throw new ValidationError('the v1 WIT package encoding (`ns:pkg/wit` exports) is not supported', e.offset);
        items.push(decodePackageItem(b, slot.def, slot.scope));
        scope.types.push(slot);
      }
    }
  }
  return items;
}

function packageOf(b: WitBuilder, item: PackageItem): number {
  return item.kind === 'world' ? b.resolve.worlds[item.id]!.package! : b.resolve.interfaces[item.id]!.package!;
}

function decodePackage(c: ast.Component): DecodedWit {
  const b = new WitBuilder();
  const items = decodePackageInto(b, c);
  const main = packageOf(b, items[0]!);
  for (const it of items) {
    if (packageOf(b, it) !== main) fail(`item \`${it.name}\` is defined with a mismatched package name`, c.offset);
  }
  const map = finishResolve(b.resolve, main);
  injectDocs(b.resolve, map(main), c);
  return { kind: 'package', resolve: b.resolve, package: map(main) };
}

/** `metadata::decode`: each section is a WIT package holding one world (or the older 0x03-prefixed form). */
function decodeMetadataSections(sections: readonly { data: Uint8Array; offset: number }[]): DecodedWit {
  const b = new WitBuilder();
  let world: number | undefined;
  let stringEncoding: DecodedWit['stringEncoding'];
  for (const s of sections) {
    let wasm = s.data;
    let worldName: string | undefined;
    if (wasm[0] === 0x03) {
      const r = new Reader(wasm);
      r.pos = 1;
      const enc = r.u8();
      stringEncoding ??= STRING_ENCODINGS[enc] ?? fail(`invalid string encoding 0x${enc.toString(16)}`, s.offset + 1);
      worldName = r.string();
      wasm = wasm.subarray(r.pos);
    }
    let c: ast.Component;
    try {
      c = readComponent(wasm);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`in component-type section: ${e.reason}`, s.offset + e.offset);
      throw e;
    }
    if (worldName === undefined) stringEncoding ??= encodingOf(c, s.offset);
    const items = decodePackageInto(b, c).filter((i) => i.kind === 'world' && (worldName === undefined || b.resolve.worlds[i.id]!.name === worldName));
    if (items.length === 0) fail('component-type section holds no world', s.offset);
    world ??= items[0]!.id;
  }
  const main = b.resolve.worlds[world!]!.package!;
  const map = finishResolve(b.resolve, main);
  return { kind: 'metadata', resolve: b.resolve, package: map(main), world: world!, stringEncoding: stringEncoding ?? 'utf8' };
}

/** The `wit-component-encoding` section: `[version, string-encoding]`. */
function encodingOf(c: ast.Component, base: number): DecodedWit['stringEncoding'] {
  const s = c.sections.find((x): x is ast.CustomSection => x.kind === 'custom' && x.name === ENCODING_SECTION);
  if (!s) fail(`missing custom section of name \`${ENCODING_SECTION}\``, base);
  if (s.data.length !== 2) fail(`custom section \`${ENCODING_SECTION}\` in unknown format`, base + s.contentOffset);
  if (s.data[0] !== METADATA_VERSION) fail(`custom section \`${ENCODING_SECTION}\` uses format ${s.data[0]} but only ${METADATA_VERSION} is supported`, base + s.contentOffset);
  return STRING_ENCODINGS[s.data[1]!] ?? fail(`invalid string encoding 0x${s.data[1]!.toString(16)}`, base + s.contentOffset + 1);
}

function decodeComponent(c: ast.Component): DecodedWit {
  const b = new WitBuilder();
  const pkg = b.packageId('root', 'component');
  const world = b.newWorld('root', pkg);
  decodeComponentWorld(b, c, world);
  const map = finishResolve(b.resolve, pkg);
  injectDocs(b.resolve, map(pkg), c);
  return { kind: 'component', resolve: b.resolve, package: map(pkg), world };
}

/** Docs and stability from a top-level `package-docs` section, if any. */
function injectDocs(r: Resolve, pkg: number, c: ast.Component): void {
  const s = c.sections.filter((x): x is ast.CustomSection => x.kind === 'custom' && x.name === PACKAGE_DOCS_SECTION);
  if (s.length > 1) fail(`multiple "${PACKAGE_DOCS_SECTION}" sections`, s[1]!.offset);
  if (s[0]) injectPackageDocs(r, pkg, s[0].data, s[0].contentOffset);
}
