// `parseWit`: WIT text in memory (one file, or a folder as path → text with `deps/`) → resolved packages.
// Runtime-safe: no filesystem access; `load-node.ts` reads folders for the CLI and tests.
import { WitError } from '../errors.js';
import { Tokenizer, WitSyntaxError, type Span } from './lexer.js';
import { parsePackageFile } from './parser.js';
import { PackageResolver, type UnresolvedPackage } from './package-resolver.js';
import { appendPackage } from './resolver.js';
import { newResolve } from './queries.js';
import { mergeResolve } from './merge.js';
import { SourceMap } from './source-map.js';
import { compareVersions, parseVersion, type Version } from './semver.js';
import { packageNameToString, type Resolve } from './model.js';

export interface ParseWitOptions {
  /** File name used in messages for a single source string (default `input.wit`); folder prefix for a file map. */
  path?: string;
  /** `@unstable(feature = …)` gates to enable. */
  features?: readonly string[];
  /** Enable every `@unstable` gate. */
  allFeatures?: boolean;
  /**
   * Already-resolved packages (e.g. decoded from component binaries in `deps/`), merged first, in order, so the
   * text packages can use them.
   */
  dependencies?: readonly Resolve[];
}

/** A folder of WIT: paths relative to the folder (`a.wit`, `deps/dep/b.wit`, `deps/single.wit`) → text. */
export type WitFiles = Readonly<Record<string, string>>;

export interface ParsedWit {
  readonly resolve: Resolve;
  /** The id of the main package (the one at the root of the input). */
  readonly main: number;
  readonly sourceMap: SourceMap;
}

interface Group { files: { path: string; text: string }[] }

/** Splits a folder map into the root package and its `deps/` packages (each a subfolder or a single `.wit`). */
function groupsOf(files: WitFiles, prefix: string): { main: Group; deps: Group[] } {
  const base = prefix ? `${prefix.replace(/\/$/, '')}/` : '';
  const main: Group = { files: [] };
  const deps = new Map<string, Group>();
  for (const p of Object.keys(files)) {
    const text = files[p]!;
    const s1 = p.indexOf('/');
    if (s1 < 0) {
      if (p.endsWith('.wit')) main.files.push({ path: base + p, text });
      continue;
    }
    if (s1 !== 4 || !p.startsWith('deps')) continue;
    const s2 = p.indexOf('/', 5);
    if (s2 < 0) {
      if (p.endsWith('.wit')) deps.set(p.slice(5), { files: [{ path: base + p, text }] });
    } else if (p.indexOf('/', s2 + 1) < 0 && p.endsWith('.wit')) {
      const name = p.slice(5, s2);
      const g = deps.get(name) ?? { files: [] };
      g.files.push({ path: base + p, text });
      deps.set(name, g);
    }
  }
  const names = [...deps.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { main, deps: names.map((n) => deps.get(n)!) };
}

/** Parses one package's files (sorted by path); nested `package … { }` blocks become their own packages. */
function parseGroup(sm: SourceMap, g: Group): UnresolvedPackage[] {
  const srcs: { path: string; text: string; offset: number }[] = [];
  for (const f of g.files) srcs.push({ path: f.path, text: f.text, offset: sm.push(f.path, f.text) });
  if (srcs.length > 1) srcs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const nested: UnresolvedPackage[] = [];
  const main = new PackageResolver();
  for (const src of srcs) {
    const file = parsePackageFile(new Tokenizer(src.text, src.offset));
    const kept: typeof file.items = [];
    for (const item of file.items) {
      if (item.kind !== 'package') { kept.push(item); continue; }
      const r = new PackageResolver();
      r.push(item.pkg);
      nested.push(r.resolve());
    }
    main.push({ packageId: file.packageId, items: kept });
  }
  return [...nested, main.resolve()];
}

/** A package with its `ns:name@version` key and parsed version, computed once for sorting and lookups. */
interface Keyed { readonly p: UnresolvedPackage; readonly key: string; readonly version: Version | undefined }

function compareKeyed(x: Keyed, y: Keyed): number {
  const a = x.p.name;
  const b = y.p.name;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (x.version === undefined || y.version === undefined) return x.version === y.version ? 0 : x.version === undefined ? -1 : 1;
  return compareVersions(x.version, y.version);
}

/** Adds all packages in dependency order; duplicate names and cycles are errors. */
function resolveAll(sm: SourceMap, pkgs: UnresolvedPackage[], mainName: string, opts: ParseWitOptions): ParsedWit {
  const byName = new Map<string, Keyed>();
  for (const p of pkgs) {
    const key = packageNameToString(p.name);
    const prev = byName.get(key);
    if (prev) {
      const reason = `package \`${key}\` is defined in two different locations:\n  * ${sm.renderLocation(p.nameSpan)}\n  * ${sm.renderLocation(prev.p.nameSpan)}`;
      const l = sm.location(p.nameSpan.start);
      throw new WitError(reason, reason, l.path, l.line, l.col);
    }
    byName.set(key, { p, key, version: p.name.version === undefined ? undefined : parseVersion(p.name.version).version! });
  }
  const sorted = [...byName.values()];
  if (sorted.length > 1) sorted.sort(compareKeyed);
  const order: Keyed[] = [];
  const done = new Set<Keyed>();
  const visiting = new Set<string>();
  const visit = (k: Keyed): void => {
    if (done.has(k)) return;
    for (const [dep, { span }] of k.p.foreignDeps) {
      if (visiting.has(dep)) throw new WitSyntaxError(`package \`${dep}\` creates a dependency cycle`, span);
      visiting.add(dep);
      const d = byName.get(dep);
      if (d) visit(d);
      visiting.delete(dep);
    }
    done.add(k);
    order.push(k);
  };
  for (const k of sorted) visit(k);
  const resolve = newResolve();
  for (const d of opts.dependencies ?? []) mergeResolve(resolve, d);
  for (const k of order) {
    if (resolve.packageNames.has(k.key)) throw new WitSyntaxError(`package \`${k.key}\` is defined in two different locations`, k.p.nameSpan);
  }
  const fs = { features: new Set(opts.features ?? []), allFeatures: !!opts.allFeatures };
  let main = -1;
  for (const k of order) {
    const id = appendPackage(resolve, fs, k.p);
    if (k.key === mainName) main = id;
  }
  return { resolve, main, sourceMap: sm };
}

/**
 * Parses and resolves WIT. `input` is one file's text, or a folder as a map of relative path → text
 * (root `*.wit` files form the main package; `deps/NAME/*.wit` and `deps/NAME.wit` are dependencies).
 * Throws a `WitError` (`file:line:col`, source line and caret) at the first problem.
 */
export function parseWit(input: string | WitFiles, options: ParseWitOptions = {}): ParsedWit {
  const sm = new SourceMap();
  try {
    const { main, deps } = typeof input === 'string'
      ? { main: { files: [{ path: options.path ?? 'input.wit', text: input }] }, deps: [] as Group[] }
      : groupsOf(input, options.path ?? '');
    const mainPkgs = parseGroup(sm, main);
    const all = [...mainPkgs];
    for (const d of deps) all.push(...parseGroup(sm, d));
    return resolveAll(sm, all, packageNameToString(mainPkgs[mainPkgs.length - 1]!.name), options);
  } catch (e) {
    if (e instanceof WitSyntaxError) throw sm.error(e.reason, e.span as Span | undefined);
    if (e instanceof RangeError) throw sm.error(`WIT too deeply nested: ${e.message}`, undefined);
    throw e;
  }
}
