// `.d.ts` generation: a component type → TypeScript declarations of its exports object and the imports object the
// host passes, with the JS shapes of DESIGN.md §4 (jco's conventions, as the runtime lifts and lowers them).
import {
  ResourceType, valTypesEqual,
  type ComponentType, type ExternType, type FuncType, type InstanceType, type ValType,
} from '../types/index.js';
import { camelCase } from '../abi/plan.js';
import { DepthGuard } from '../types/depth.js';
import { exportKeys, resourceMemberName, toPascalCase } from '../abi/names.js';

/** An anonymous type spelled longer than this gets a generated alias (`_T<n>`) in its scope: the output stays linear
 *  in the number of distinct types, where spelling every use in full would grow with every path through them. */
const ALIAS_OVER = 160;

export interface DtsOptions {
  /**
   * Doc comment for an import/export (`member` undefined) or one of its members (type or function name as in the
   * type); a record field, flag, variant case or enum case as `type#case` (for a root type, `extern` is the type).
   */
  readonly docs?: (side: 'import' | 'export', extern: string, member?: string) => string | undefined;
  /** Where the types came from, for the header comment. */
  readonly source?: string;
}

type Side = 'import' | 'export';

/** A namespace of generated declarations: one per imported/exported interface, plus the root (`ns` empty). */
interface Scope {
  readonly ns: string;
  readonly side: Side;
  readonly extern: string;
  /** Named value types (structural match) and resource types (identity), in declaration order. */
  readonly types: [string, ValType | ResourceType][];
  /** Resource types this scope defines (`sub resource`), as opposed to aliases (`eq`) of them. */
  readonly defines: Set<ResourceType>;
}

/** TS spellings of primitive WIT types (DESIGN.md §4). */
const PRIMITIVE_TS: Readonly<Record<string, string>> = {
  bool: 'boolean', s8: 'number', u8: 'number', s16: 'number', u16: 'number', s32: 'number', u32: 'number',
  s64: 'bigint', u64: 'bigint', f32: 'number', f64: 'number', char: 'string', string: 'string',
  // An ErrorContext (an Error whose message is the debug message) from a component; any Error into one.
  'error-context': 'globalThis.Error',
};

/**
 * Which way values of a signature cross (README "Async"): `out` to JS (an export's result, an import's parameters),
 * `in` from JS (an export's parameters, an import's result); `any` in named type declarations, used both ways.
 * stream<T> and future<T> have one JS shape each way.
 */
type Dir = 'in' | 'out' | 'any';

/** Helper declarations for stream<T>, printed once when a signature uses a stream. */
const STREAM_DECLS = [
  '/** A stream<T> from a component: an async iterable of chunks (a typed array for numbers, an element count for',
  ' *  `stream` without a type, an array otherwise), convertible to a web ReadableStream. */',
  'export interface ComponentStream<C> extends AsyncIterable<C>, AsyncIterator<C, undefined> {',
  '  /** The next chunk of at most `count` elements; `dropAfterCopy` ends the stream with that copy. */',
  '  read(options?: { count?: number; dropAfterCopy?: boolean }): Promise<IteratorResult<C, undefined>>;',
  '  toReadableStream(): ReadableStream<C>;',
  '}',
  '/** What JS may pass for a stream<T>: an async iterable, a web ReadableStream or an iterable of chunks (an async',
  ' *  iterator\'s `{ value, done: true }` with a value is its last chunk). */',
  'export type StreamSource<C> = AsyncIterable<C> | ReadableStream<C> | Iterable<C>;',
];

/** Lists of these element types are typed arrays (DESIGN.md §4). */
const TYPED_ARRAY_TS: Readonly<Record<string, string>> = {
  s8: 'Int8Array', u8: 'Uint8Array', s16: 'Int16Array', u16: 'Uint16Array', s32: 'Int32Array', u32: 'Uint32Array',
  s64: 'BigInt64Array', u64: 'BigUint64Array', f32: 'Float32Array', f64: 'Float64Array',
};

/** Value types worth a name wherever they occur structurally (primitive aliases would rename every `u32`). */
const NAMEABLE = new Set(['record', 'variant', 'enum', 'flags', 'tuple', 'option', 'result', 'list', 'map']);

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for ' +
  'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
  'implements interface let package private protected public static yield await arguments eval').split(' '));

/** `foo-bar` → `FooBar` (resource classes and named types, as jco names them). */
export function pascalName(label: string): string {
  return toPascalCase(label) || '_';
}

/** A property key: bare when it is an identifier, else quoted. */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function paramName(name: string): string {
  const js = camelCase(name.replace(/^%/, ''));
  return RESERVED.has(js) || !/^[A-Za-z_$][\w$]*$/.test(js) ? `${js.replace(/[^\w$]/g, '_')}_` : js;
}

function docBlock(text: string | undefined, extra: readonly string[], indent: string): string[] {
  const lines = [...(text ? text.trim().split('\n') : []), ...extra].map((l) => l.replace(/\*\//g, '*\\/'));
  if (lines.length === 0) return [];
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}

/** Generates the declarations for a component type. */
export function componentTypeToDts(ct: ComponentType, options: DtsOptions = {}): string {
  return new DtsWriter(ct, options).write();
}

class DtsWriter {
  private readonly scopes: Scope[] = [];
  private readonly rootImport: Scope = { ns: '', side: 'import', extern: '', types: [], defines: new Set() };
  private readonly rootExport: Scope = { ns: '', side: 'export', extern: '', types: [], defines: new Set() };
  private readonly resourceNames = new Map<ResourceType, { scope: Scope; name: string }>();
  private readonly usedNs = new Set<string>(['Exports', 'Imports']);
  private readonly instanceScopes = new Map<string, Scope>();

  constructor(private readonly ct: ComponentType, private readonly options: DtsOptions) {
    // Root type names are top-level declarations: namespaces must not take them.
    for (const map of [ct.imports, ct.exports]) for (const [n, ext] of map) if (ext.kind === 'type') this.usedNs.add(pascalName(n));
    // Exports first so they get the plain namespace names; resource definitions before aliases of them.
    for (const [side, map] of [['export', ct.exports], ['import', ct.imports]] as const) {
      for (const [name, ext] of map) {
        if (ext.kind === 'instance') {
          const scope: Scope = { ns: this.nsName(name, side), side, extern: name, types: [], defines: new Set() };
          this.scopes.push(scope);
          this.instanceScopes.set(`${side}\0${name}`, scope);
          this.collect(scope, ext.type.exports);
        } else if (ext.kind === 'type') this.collect(side === 'import' ? this.rootImport : this.rootExport, new Map([[name, ext]]));
      }
    }
    // A resource belongs to the scope defining it; an alias (`use`) elsewhere refers to it.
    const all = [...this.scopes, this.rootImport, this.rootExport];
    for (const pass of ['defines', 'aliases'] as const) {
      for (const s of all) {
        for (const [n, t] of s.types) {
          if (t instanceof ResourceType && !this.resourceNames.has(t) && (pass === 'aliases' || s.defines.has(t))) this.resourceNames.set(t, { scope: s, name: n });
        }
      }
    }
  }

  private nsName(extern: string, side: Side): string {
    const short = extern.replace(/@[^/@]*$/, '').replace(/^.*\//, '');
    let ns = pascalName(short);
    if (this.usedNs.has(ns)) ns = side === 'import' ? `${ns}Import` : pascalName(extern.replace(/@[^/@]*$/, ''));
    for (let i = 2; this.usedNs.has(ns); i++) ns = `${pascalName(short)}${i}`;
    this.usedNs.add(ns);
    return ns;
  }

  private collect(scope: Scope, exports: ReadonlyMap<string, ExternType>): void {
    for (const [n, ext] of exports) {
      if (ext.kind !== 'type') continue;
      const t = ext.type;
      if (t.kind === 'func' || t.kind === 'instance' || t.kind === 'component') continue; // no JS shape: not declared
      scope.types.push([pascalName(n), t]);
      if (ext.bound === 'sub-resource' && ext.type instanceof ResourceType) scope.defines.add(ext.type);
    }
  }

  private qualify(from: Scope, to: Scope, name: string): string {
    return to.ns === '' || to === from ? name : `${to.ns}.${name}`;
  }

  /** The TS type of a WIT value type in `scope`; `self` is a named type being defined (not to be named by itself). */
  ty(t: ValType, scope: Scope, self?: ValType): string {
    if (t === self) return this.spell(t, scope, self);
    const memo = this.memo(scope, this.dir);
    let s = memo.get(t);
    if (s === undefined) {
      this.depth.enter();
      try { s = this.spell(t, scope, self); } finally { this.depth.leave(); }
      if (s.length > ALIAS_OVER) s = this.alias(scope, s);
      memo.set(t, s);
    }
    return s;
  }

  private readonly depth = new DepthGuard('TypeScript declarations');
  private readonly memos = new Map<Scope, Map<Dir, Map<ValType, string>>>();
  /** The direction of the values being spelled (set per parameter and result). */
  private dir: Dir = 'any';
  /** Some signature spells a stream: the helper declarations are printed. */
  private usesStream = false;
  /** Generated aliases per scope: spelling → name, in first-use order. */
  private readonly aliasDecls = new Map<Scope, Map<string, string>>();
  private aliasCount = 0;

  private memo(scope: Scope, dir: Dir): Map<ValType, string> {
    let byDir = this.memos.get(scope);
    if (byDir === undefined) this.memos.set(scope, byDir = new Map());
    let m = byDir.get(dir);
    if (m === undefined) byDir.set(dir, m = new Map());
    return m;
  }

  /** `f` with `dir` as the direction of the values it spells. */
  private withDir<R>(dir: Dir, f: () => R): R {
    const saved = this.dir;
    this.dir = dir;
    try { return f(); } finally { this.dir = saved; }
  }

  /** stream<T>'s JS chunk type (runtime/async/host-streams.ts): typed arrays for numbers, counts for no type. */
  private chunk(t: ValType | undefined, scope: Scope): string {
    if (t === undefined) return 'number';
    return TYPED_ARRAY_TS[t.kind] ?? `Array<${this.ty(t, scope)}>`;
  }

  /** A generated alias for a long spelling in `scope` (the same spelling shares one). */
  private alias(scope: Scope, spelling: string): string {
    let decls = this.aliasDecls.get(scope);
    if (decls === undefined) this.aliasDecls.set(scope, decls = new Map());
    let name = decls.get(spelling);
    if (name === undefined) decls.set(spelling, name = `_T${this.aliasCount++}`);
    return name;
  }

  /** The generated aliases of `scope`, as declarations. */
  private aliasLines(scope: Scope, indent: string): string[] {
    return [...this.aliasDecls.get(scope) ?? []].map(([spelling, name]) => `${indent}export type ${name} = ${spelling};`);
  }

  private spell(t: ValType, scope: Scope, self?: ValType): string {
    if (t !== self && NAMEABLE.has(t.kind) && !(t.kind === 'list' && TYPED_ARRAY_TS[t.element.kind] !== undefined)) {
      const named = this.namedType(t, scope);
      if (named !== undefined) return named;
    }
    switch (t.kind) {
      case 'list': {
        const typed = TYPED_ARRAY_TS[t.element.kind];
        return typed ?? `Array<${this.ty(t.element, scope)}>`;
      }
      case 'record': return `{ ${t.fields.map((f) => `${key(camelCase(f.name))}: ${this.ty(f.type, scope)};`).join(' ')} }`;
      case 'tuple': return `[${t.types.map((x) => this.ty(x, scope)).join(', ')}]`;
      case 'variant': return t.cases.map((c) => (c.type === undefined ? `{ tag: ${JSON.stringify(c.name)} }` : `{ tag: ${JSON.stringify(c.name)}; val: ${this.ty(c.type, scope)} }`)).join(' | ');
      case 'enum': return t.names.map((n) => JSON.stringify(n)).join(' | ');
      case 'flags': return t.names.length === 0 ? '{}' : `{ ${t.names.map((n) => `${key(camelCase(n))}?: boolean;`).join(' ')} }`;
      case 'option':
        // Nested options are tagged so `none` and `some(none)` stay apart (the runtime's 'option-tagged' form).
        return t.type.kind === 'option'
          ? `{ tag: 'some'; val: ${this.ty(t.type, scope)} } | { tag: 'none' }`
          : `${this.ty(t.type, scope)} | undefined`;
      case 'result': {
        const c = (tag: string, v: ValType | undefined): string => (v === undefined ? `{ tag: '${tag}' }` : `{ tag: '${tag}'; val: ${this.ty(v, scope)} }`);
        return `${c('ok', t.ok)} | ${c('err', t.err)}`;
      }
      case 'own': case 'borrow': return this.resourceRef(t.resource, scope);
      case 'map': return `Map<${this.ty(t.key, scope)}, ${this.ty(t.value, scope)}>`;
      case 'stream': {
        this.usesStream = true;
        const c = this.chunk(t.type, scope);
        if (this.dir === 'out') return `ComponentStream<${c}>`;
        // JS may give typed-array chunks as arrays of numbers.
        const numbers = t.type !== undefined && TYPED_ARRAY_TS[t.type.kind] !== undefined ? ` | Array<${PRIMITIVE_TS[t.type.kind]}>` : '';
        return `StreamSource<${c}${numbers}>`;
      }
      case 'future': {
        // A Promise-like from a component; a Promise or the value itself into one.
        const v = t.type === undefined ? 'void' : this.ty(t.type, scope);
        return this.dir === 'out' ? `PromiseLike<${v}>` : `${t.type === undefined ? 'undefined' : v} | PromiseLike<${v}>`;
      }
      default: return PRIMITIVE_TS[t.kind] ?? 'unknown';
    }
  }

  /** A named type structurally equal to `t`: from the same scope first, then any scope on the same side, then any. */
  private namedType(t: ValType, scope: Scope): string | undefined {
    const order = [scope, ...this.scopes.filter((s) => s !== scope && s.side === scope.side), scope.side === 'import' ? this.rootImport : this.rootExport,
      ...this.scopes.filter((s) => s.side !== scope.side)];
    for (const s of order) {
      for (const [n, v] of s.types) if (!(v instanceof ResourceType) && v.kind === t.kind && valTypesEqual(v, t)) return this.qualify(scope, s, n);
    }
    return undefined;
  }

  private hasCaseDocs(scope: Scope, rawName: string, cases: readonly string[]): boolean {
    return cases.some((c) => this.docs(scope.side, scope.extern || rawName, `${scope.extern ? rawName : ''}#${c}`) !== undefined);
  }

  /** The scope that defines value type `name` (a `use` in another interface gives an equal type of the same name):
   *  the first in imports-then-exports order, so aliases point at definitions. */
  private valueOwner(name: string, t: ValType): Scope {
    const order = [...this.scopes.filter((s) => s.side === 'import'), this.rootImport, ...this.scopes.filter((s) => s.side === 'export'), this.rootExport];
    for (const s of order) {
      for (const [n, v] of s.types) if (n === name && !(v instanceof ResourceType) && valTypesEqual(v, t)) return s;
    }
    return order[0]!;
  }

  private resourceRef(r: ResourceType, scope: Scope): string {
    const at = this.resourceNames.get(r);
    return at === undefined ? 'unknown' : this.qualify(scope, at.scope, at.name);
  }

  private docs(side: Side, extern: string, member?: string): string | undefined {
    return this.options.docs?.(side, extern, member);
  }

  /** `(a: A, b: B): R` with the `@throws` note of a top-level result. */
  private signature(f: FuncType, scope: Scope, dropSelf: boolean): { sig: string; ret: string; notes: string[] } {
    // Exports take their parameters from JS and give their result to it; imports the other way round.
    const [inDir, outDir]: [Dir, Dir] = scope.side === 'export' ? ['in', 'out'] : ['out', 'in'];
    return this.withDir(outDir, () => this.signatureIn(f, scope, dropSelf, inDir));
  }

  private signatureIn(f: FuncType, scope: Scope, dropSelf: boolean, paramDir: Dir): { sig: string; ret: string; notes: string[] } {
    const params = this.withDir(paramDir, () => (dropSelf ? f.params.slice(1) : f.params).map((p) => `${paramName(p.name)}: ${this.ty(p.type, scope)}`).join(', '));
    const notes: string[] = [];
    let ret = 'void';
    if (f.result !== undefined && f.result.kind === 'result') {
      // DESIGN.md §4: a top-level result returns its ok value and throws the error.
      ret = f.result.ok === undefined ? 'void' : this.ty(f.result.ok, scope);
      const e = f.result.err === undefined ? 'undefined' : this.ty(f.result.err, scope);
      // An async export rejects with it (its Promise); an async import's host function may throw or reject.
      notes.push(scope.side === 'export'
        ? `@throws {ComponentError} when the component returns an error; its \`.payload\` is \`${e}\`.`
        : `@throws an error whose \`.payload\` (\`${e}\`) becomes the \`err\` case.`);
    } else if (f.result !== undefined) ret = this.ty(f.result, scope);
    // Async exports return Promises; the host function of an async import may return a Promise or the value.
    if (f.async) ret = scope.side === 'export' ? `Promise<${ret}>` : `${ret} | Promise<${ret}>`;
    return { sig: `(${params})`, ret, notes };
  }

  private funcLine(name: string, f: FuncType, scope: Scope, extern: string, member: string | undefined, indent: string): string[] {
    const { sig, ret, notes } = this.signature(f, scope, false);
    return [...docBlock(this.docs(scope.side, extern, member), notes, indent), `${indent}${key(camelCase(name.replace(/^%/, '')))}${sig}: ${ret};`];
  }

  /** Declarations of a scope's named types and resources. */
  private typeDecls(scope: Scope, members: ReadonlyMap<string, ExternType>, indent: string): string[] {
    const out: string[] = [];
    const funcs = [...members].filter((e): e is [string, ExternType & { kind: 'func' }] => e[1].kind === 'func');
    for (const [rawName, ext] of members) {
      if (ext.kind !== 'type' || ext.type.kind === 'func' || ext.type.kind === 'instance' || ext.type.kind === 'component') continue;
      const name = pascalName(rawName);
      const doc = docBlock(this.docs(scope.side, scope.extern || rawName, scope.extern ? rawName : undefined), [], indent);
      const t = ext.type;
      if (t instanceof ResourceType) {
        const owner = this.resourceNames.get(t);
        if (owner !== undefined && (owner.scope !== scope || owner.name !== name)) {
          out.push(...doc, `${indent}export type ${name} = ${this.qualify(scope, owner.scope, owner.name)};`);
          continue;
        }
        out.push(...this.resourceDecl(scope, rawName, name, funcs, doc, indent));
        continue;
      }
      const owner = this.valueOwner(name, t);
      if (owner !== scope) {
        out.push(...doc, `${indent}export type ${name} = ${this.qualify(scope, owner, name)};`);
        continue;
      }
      const caseDoc = (c: string): string[] =>
        docBlock(this.docs(scope.side, scope.extern || rawName, `${scope.extern ? rawName : ''}#${c}`), [], `${indent}  `);
      if (t.kind === 'record') {
        out.push(...doc, `${indent}export interface ${name} {`);
        for (const f of t.fields) out.push(...caseDoc(f.name), `${indent}  ${key(camelCase(f.name))}: ${this.ty(f.type, scope)};`);
        out.push(`${indent}}`);
      } else if (t.kind === 'flags') {
        // Optional as in jco: the runtime lifts every flag but lowers an absent one as false.
        out.push(...doc, `${indent}export interface ${name} {`);
        for (const n of t.names) out.push(...caseDoc(n), `${indent}  ${key(camelCase(n))}?: boolean;`);
        out.push(`${indent}}`);
      } else if ((t.kind === 'variant' || t.kind === 'enum') && this.hasCaseDocs(scope, rawName, t.kind === 'variant' ? t.cases.map((c) => c.name) : t.names)) {
        // One documented union member per line.
        const parts = t.kind === 'variant'
          ? t.cases.map((c) => [c.name, c.type === undefined ? `{ tag: ${JSON.stringify(c.name)} }` : `{ tag: ${JSON.stringify(c.name)}; val: ${this.ty(c.type, scope)} }`] as const)
          : t.names.map((n) => [n, JSON.stringify(n)] as const);
        out.push(...doc, `${indent}export type ${name} =`);
        for (const [c, ts] of parts) out.push(...caseDoc(c), `${indent}  | ${ts}`);
        out[out.length - 1] += ';';
      } else out.push(...doc, `${indent}export type ${name} = ${this.ty(t, scope, t)};`);
    }
    return out;
  }

  /** A resource: on the export side a class (constructor, methods, statics, `Symbol.dispose`); on the import side
   *  the instance interface the host implements plus the shape of the class it passes. */
  private resourceDecl(scope: Scope, raw: string, name: string, funcs: readonly [string, { kind: 'func'; type: FuncType }][], doc: string[], indent: string): string[] {
    const ctor: string[] = [];
    const methods: string[] = [];
    const statics: string[] = [];
    for (const [fname, ext] of funcs) {
      const m = resourceMemberName(fname);
      if (m === undefined || m.resource !== raw) continue;
      const { sig, ret, notes } = this.signature(ext.type, scope, m.kind === 'method');
      const d = docBlock(this.docs(scope.side, scope.extern || fname, scope.extern ? fname : undefined), notes, `${indent}  `);
      if (m.kind === 'constructor') ctor.push(...d, scope.side === 'export' ? `${indent}  constructor${sig};` : `${indent}  new ${sig}: ${name};`);
      else if (m.kind === 'method') methods.push(...d, `${indent}  ${key(m.member)}${sig}: ${ret};`);
      else statics.push(...d, `${indent}  ${scope.side === 'export' ? 'static ' : ''}${key(m.member)}${sig}: ${ret};`);
    }
    if (scope.side === 'export') {
      return [...doc, `${indent}export class ${name} {`,
        ...(ctor.length > 0 ? ctor : [`${indent}  private constructor();`]), ...methods, ...statics,
        `${indent}  /** Drops the owned handle. */`, `${indent}  [Symbol.dispose](): void;`, `${indent}}`];
    }
    return [...doc, `${indent}export interface ${name} {`, ...methods, `${indent}}`,
      `${indent}/** The class the host provides for \`${raw}\`. */`, `${indent}export interface ${name}Class {`, ...ctor, ...statics, `${indent}}`];
  }

  /** The members object of an interface (or the root): functions and resource classes. */
  private membersBody(scope: Scope, members: ReadonlyMap<string, ExternType>, extern: string | undefined, indent: string): string[] {
    const out: string[] = [];
    for (const [n, ext] of members) {
      if (ext.kind === 'func' && resourceMemberName(n) === undefined) out.push(...this.funcLine(n, ext.type, scope, extern ?? n, extern === undefined ? undefined : n, indent));
      else if (ext.kind === 'type' && ext.type instanceof ResourceType && extern !== undefined) {
        const owner = this.resourceNames.get(ext.type);
        if (owner === undefined || owner.scope !== scope) continue; // a `use`d resource belongs to its own interface
        const cls = this.qualify(scope, owner.scope, owner.name);
        if (scope.side === 'export') out.push(`${indent}${owner.name}: typeof ${cls};`);
        else {
          // The runtime needs the class only to construct or call statics; otherwise any object with the methods does.
          const needed = [...members.keys()].some((f) => { const m = resourceMemberName(f); return m !== undefined && m.resource === n && m.kind !== 'method'; });
          out.push(`${indent}${owner.name}${needed ? '' : '?'}: ${cls}Class;`);
        }
      }
    }
    return out;
  }

  write(): string {
    const out: string[] = [`// Generated by kumiki types${this.options.source ? ` from ${this.options.source}` : ''}. Do not edit.`,
      '// JS shapes follow kumiki DESIGN.md §4 (jco conventions).', ''];
    const rootImports = new Map<string, ExternType>();
    const rootExports = new Map<string, ExternType>();
    for (const [side, map, root] of [['import', this.ct.imports, rootImports], ['export', this.ct.exports, rootExports]] as const) {
      for (const [n, ext] of map) if (ext.kind !== 'instance') root.set(n, ext);
    }
    out.push(...this.typeDecls(this.rootImport, new Map([...rootImports].filter(([, e]) => e.kind === 'type')), ''));
    out.push(...this.typeDecls(this.rootExport, new Map([...rootExports].filter(([, e]) => e.kind === 'type')), ''));
    for (const scope of this.scopes) {
      const ext = (scope.side === 'import' ? this.ct.imports : this.ct.exports).get(scope.extern) as { kind: 'instance'; type: InstanceType };
      out.push('', ...docBlock(this.docs(scope.side, scope.extern), [`${scope.side === 'import' ? 'Imported' : 'Exported'} interface \`${scope.extern}\`.`], ''),
        `export declare namespace ${scope.ns} {`);
      out.push(...this.typeDecls(scope, ext.type.exports, '  '));
      out.push(`  /** The members of \`${scope.extern}\`${scope.side === 'import' ? ' the host provides' : ''}. */`,
        `  export interface ${scope.side === 'import' ? 'Imports' : 'Exports'} {`, ...this.membersBody(scope, ext.type.exports, scope.extern, '    '), '  }');
      out.push(...this.aliasLines(scope, '  '), '}');
    }
    for (const side of ['import', 'export'] as const) {
      const map = side === 'import' ? this.ct.imports : this.ct.exports;
      const root = side === 'import' ? this.rootImport : this.rootExport;
      out.push('', side === 'import'
        ? '/** The imports object passed to `component.instantiate(imports)`. Interface keys also work with their `@version`. */'
        : '/** `instance.exports`: root functions, interfaces under their full, unversioned and short names. */',
      `export interface ${side === 'import' ? 'Imports' : 'Exports'} {`);
      // By property key, in declaration order: on the export side a later export under the same key replaces an
      // earlier one (as on the runtime's exports object); an import falls back to its versioned name.
      const members = new Map<string, string[]>();
      for (const [n, ext] of map) {
        if (ext.kind === 'func' && resourceMemberName(n) === undefined) {
          members.set(key(camelCase(n.replace(/^%/, ''))), this.funcLine(n, ext.type, root, n, undefined, '  '));
        } else if (ext.kind === 'type' && ext.bound === 'sub-resource' && ext.type instanceof ResourceType) {
          // A root resource type the component defines or imports itself (a `use`d alias needs no value).
          const cls = this.resourceRef(ext.type, root);
          members.set(pascalName(n), [side === 'export' ? `  ${pascalName(n)}: typeof ${cls};` : `  ${pascalName(n)}?: ${cls}Class;`]);
        } else if (ext.kind === 'instance') {
          const scope = this.instanceScopes.get(`${side}\0${n}`)!;
          const type = side === 'import' ? `${scope.ns}.Imports` : `${scope.ns}.Exports`;
          const unversioned = n.replace(/@[^/@]*$/, '');
          const keys = side === 'import' ? [members.has(key(unversioned)) ? n : unversioned] : exportKeys(n);
          // An instance of types only may be left out: the runtime then binds its resources to plain host objects.
          const optional = side === 'import' && ![...ext.type.exports.values()].some((x) => x.kind === 'func') ? '?' : '';
          for (const k of keys) {
            members.delete(key(k));
            members.set(key(k), [`  ${key(k)}${optional}: ${type};`]);
          }
        }
      }
      for (const lines of members.values()) out.push(...lines);
      out.push('}');
    }
    if (this.usesStream) out.splice(2, 0, '', ...STREAM_DECLS);
    const anon = [...this.aliasLines(this.rootImport, ''), ...this.aliasLines(this.rootExport, '')];
    if (anon.length > 0) out.push('', '/** Anonymous types used more than once, named by kumiki. */', ...anon);
    return `${out.join('\n')}\n`;
  }
}
