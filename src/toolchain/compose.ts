// compose: several components linked into one (like `wac plug`): each input nested verbatim, instantiated in
// dependency order, an import satisfied by another input's export of the same name or of a semver-compatible,
// not older, version (or by an explicit link),
// the rest imported by the composition under the same names and types, and the main input's exports re-exported.
// kumiki's runtime fuses the links between the nested instances (memory to memory).
import type { ExternDesc, ExternName, Sort } from '../binary/ast.js';
import { readComponent } from '../binary/read.js';
import { decodeWitFromBinary } from '../wit-binary/decode.js';
import { encodeWorld } from '../wit-binary/encode.js';
import type { Resolve } from '../wit/model.js';
import { interfaceDirectDeps, nameWorldKey } from '../wit/queries.js';
import { ComponentBuilder } from './builder.js';
import { ComponentNewError } from './errors.js';
import { declareImports } from './declare-imports.js';
import { newestFirst, satisfies } from './semver.js';
import { mergeInterfaceInto } from './merge-imports.js';

/** One explicit link: `to`'s import `import` gets `from`'s export `export` (default: the same name). `export: '*'`
 *  gives an instance import all of `from`'s root exports bundled as one instance. */
export interface ComposeLink { readonly to: string; readonly import: string; readonly from: string; readonly export?: string }

export interface ComposeInput {
  /** Components by name; the first is the main one unless `main` says otherwise. */
  readonly components: Readonly<Record<string, Uint8Array>>;
  readonly main?: string;
  /** Explicit wiring; otherwise an import links to the one other component exporting that name (plug semantics). */
  readonly links?: readonly ComposeLink[];
}

interface Part {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Import name → sort, in order. */
  readonly imports: Map<string, Sort>;
  readonly exports: Map<string, Sort>;
  /** The import side of its world, as type declarations (the types it imports with). */
  decls: ReturnType<typeof encodeWorld>['decls'];
  /** Its world, decoded. */
  readonly resolve: Resolve;
  readonly world: number;
}

function sortOf(d: ExternDesc): Sort {
  return d.kind === 'core-module' ? 'core-module' : d.kind;
}

function describe(name: string, bytes: Uint8Array): Part {
  const c = readComponent(bytes);
  const imports = new Map<string, Sort>();
  const exports = new Map<string, Sort>();
  for (const s of c.sections) {
    if (s.kind === 'import') for (const i of s.items) imports.set(i.name.name, sortOf(i.desc));
    if (s.kind === 'export') for (const e of s.items) exports.set(e.name.name, e.sort);
  }
  const w = decodeWitFromBinary(bytes);
  return { name, bytes, imports, exports, decls: imports.size ? encodeWorld(w.resolve, w.world!).decls : [], resolve: w.resolve, world: w.world! };
}

/** Links the components of `input` into one component (binary). */
export function compose(input: ComposeInput): Uint8Array {
  const names = Object.keys(input.components);
  if (!names.length) throw new ComponentNewError('compose: no components given');
  const main = input.main ?? names[0]!;
  if (!(main in input.components)) throw new ComponentNewError(`compose: no component named \`${main}\``);
  const parts = new Map(names.map((n) => [n, describe(n, input.components[n]!)] as const));

  // Who provides each import: explicit links first, then the one other component exporting that name.
  const provider = new Map<string, Map<string, { from: string; export: string }>>();
  for (const p of parts.values()) provider.set(p.name, new Map());
  for (const l of input.links ?? []) {
    const to = parts.get(l.to);
    const from = parts.get(l.from);
    if (!to || !from) throw new ComponentNewError(`compose: link names an unknown component (\`${!to ? l.to : l.from}\`)`);
    const exp = l.export ?? l.import;
    if (!to.imports.has(l.import)) throw new ComponentNewError(`compose: \`${l.to}\` has no import \`${l.import}\``);
    if (exp !== '*' && !from.exports.has(exp)) throw new ComponentNewError(`compose: \`${l.from}\` has no export \`${exp}\``);
    const fromSort = exp === '*' ? 'instance' : from.exports.get(exp);
    if (to.imports.get(l.import) !== fromSort) {
      throw new ComponentNewError(`compose: \`${l.to}\` imports \`${l.import}\` as a ${to.imports.get(l.import)}, \`${l.from}\` exports \`${exp}\` as a ${fromSort}`);
    }
    provider.get(l.to)!.set(l.import, { from: l.from, export: exp });
  }
  if (!input.links) {
    for (const p of parts.values()) {
      for (const [imp, sort] of p.imports) {
        // The same name, else (as `wac plug`) a semver-compatible one no older than the import: the newest.
        const offerOf = (q: Part): string | undefined => (q.exports.get(imp) === sort ? imp
          : [...q.exports].filter(([n, s]) => s === sort && satisfies(n, imp)).map(([n]) => n).sort(newestFirst)[0]);
        const offers = [...parts.values()].filter((q) => q !== p && offerOf(q) !== undefined);
        if (offers.length > 1) throw new ComponentNewError(`compose: \`${imp}\` (imported by \`${p.name}\`) is exported by ${offers.map((q) => `\`${q.name}\``).join(' and ')}; link it explicitly`);
        if (offers.length === 1) provider.get(p.name)!.set(imp, { from: offers[0]!.name, export: offerOf(offers[0]!)! });
      }
    }
  }

  // Instantiation order: providers first.
  const order: Part[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: Part, path: string[]): void => {
    if (state.get(p.name) === 'done') return;
    if (state.get(p.name) === 'visiting') throw new ComponentNewError(`compose: the links form a cycle (${[...path, p.name].join(' → ')})`);
    state.set(p.name, 'visiting');
    for (const l of provider.get(p.name)!.values()) visit(parts.get(l.from)!, [...path, p.name]);
    state.set(p.name, 'done');
    order.push(p);
  };
  for (const p of parts.values()) visit(p, []);

  const b = new ComponentBuilder();
  // The composition's own imports: every import nobody provides, declared with the importer's types.
  const outer = new Map<string, { sort: Sort; index: number }>();
  const unresolved = (p: Part): string[] => [...p.imports.keys()].filter((n) => !provider.get(p.name)!.has(n));
  // An interface two components import unplugged is imported once, declared by the first with the members of both.
  const firstImporter = new Map<string, Part>();
  const widened = new Set<Part>();
  for (const p of order) {
    for (const n of unresolved(p)) {
      if (p.imports.get(n) !== 'instance') continue;
      const first = firstImporter.get(n);
      if (first === undefined) { firstImporter.set(n, p); continue; }
      mergeInterfaceInto(first.resolve, p.resolve, n, `\`${first.name}\` and \`${p.name}\` both import \`${n}\``);
      widened.add(first);
    }
  }
  for (const p of widened) p.decls = encodeWorld(p.resolve, p.world).decls;
  for (const p of order) {
    if (!unresolved(p).length) continue;
    declareImports(b, p.decls, outer, new Set(provider.get(p.name)!.keys()));
  }

  const instanceOf = new Map<string, number>();
  for (const p of order) {
    const def = b.componentBytes(p.bytes);
    const args = [...p.imports].map(([n, sort]) => {
      const link = provider.get(p.name)!.get(n);
      let index: number;
      if (link?.export === '*') {
        // The provider's root exports as one instance (e.g. functions a sibling imports as an interface).
        const from = instanceOf.get(link.from)!;
        const exports = [...parts.get(link.from)!.exports].map(([en, es]) => ({
          offset: 0, name: { offset: 0, name: en, discriminant: 0 as const }, sort: es, index: b.instanceExport(from, en, es),
        }));
        index = b.instance({ kind: 'exports', offset: 0, exports });
      } else if (link) index = b.instanceExport(instanceOf.get(link.from)!, link.export, sort);
      else {
        const o = outer.get(n);
        if (!o) throw new ComponentNewError(`compose: import \`${n}\` of \`${p.name}\` is neither linked nor declared by its world`);
        index = o.index;
      }
      return { offset: 0, name: n, sort, index };
    });
    instanceOf.set(p.name, b.instance({ kind: 'instantiate', offset: 0, component: def, args }));
  }
  const m = parts.get(main)!;
  // An exported interface that `use`s types of an interface a plugged component provides refers to that
  // component's types, which nothing of the composition would name ("instance not valid to be used as export"):
  // that interface is exported as well (its own dependencies first), under the name the main component imports it by.
  const r = m.resolve;
  const importedAs = new Map<number, string>();
  for (const [key, item] of r.worlds[m.world]!.imports.entries()) if (item.kind === 'interface') importedAs.set(item.id, nameWorldKey(r, key));
  const seen = new Set<number>();
  const reexport = (id: number): void => {
    for (const dep of interfaceDirectDeps(r, id)) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      reexport(dep);
      const n = importedAs.get(dep);
      const link = n === undefined ? undefined : provider.get(main)!.get(n);
      if (n === undefined || !link || link.export === '*' || m.exports.has(n)) continue;
      const index = b.instanceExport(instanceOf.get(link.from)!, link.export, 'instance');
      b.export({ offset: 0, name: { offset: 0, name: n, discriminant: 0 }, sort: 'instance', index });
    }
  };
  for (const item of r.worlds[m.world]!.exports.values()) if (item.kind === 'interface') reexport(item.id);
  for (const [n, sort] of m.exports) {
    const index = b.instanceExport(instanceOf.get(main)!, n, sort);
    const name: ExternName = { offset: 0, name: n, discriminant: 0 };
    b.export({ offset: 0, name, sort, index });
  }
  return b.finish();
}
