// Normalised WIT text for resolved packages, laid out as `wasm-tools component wit` prints them: the main package
// with a `package …;` header, other packages as nested `package … { … }` blocks; in each interface the `use`s,
// then type definitions (resources with their functions), then freestanding functions.
import type { Interface, PackageName, Resolve, Stability, TypeDef, WitFunction, WitType, World, WorldItem, WorldKey } from './model.js';

const KEYWORDS = new Set([
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'float32', 'float64',
  'char', 'record', 'resource', 'own', 'borrow', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result',
  'future', 'stream', 'error-context', 'list', 'map', '_', 'as', 'from', 'static', 'interface', 'tuple', 'import',
  'export', 'world', 'package', 'constructor', 'async', 'include', 'with',
]);

/** An identifier, `%`-escaped when it is a keyword. */
function id(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

/** String-literal escapes for `@external-id("…")`. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text with two-space indentation applied lazily at the first write after a newline. */
class Out {
  private s = '';
  private indent = 0;
  private needsIndent = false;
  str(x: string): void {
    if (this.needsIndent) {
      this.s += '  '.repeat(this.indent);
      this.needsIndent = false;
    }
    this.s += x;
  }
  newline(): void { this.s += '\n'; this.needsIndent = true; }
  semicolon(): void { this.str(';'); this.newline(); }
  open(): void { this.str(' {'); this.indent++; this.newline(); }
  close(): void { this.indent = Math.max(0, this.indent - 1); this.str('}'); this.newline(); }
  doc(d: string | undefined): void {
    if (d === undefined) return;
    for (const line of d.split('\n')) {
      this.str(line === '' ? '///' : `/// ${line}`);
      this.newline();
    }
  }
  stability(s: Stability): void {
    if (s.kind === 'stable') { this.str(`@since(version = ${s.since})`); this.newline(); }
    if (s.kind === 'unstable') { this.str(`@unstable(feature = ${s.feature})`); this.newline(); }
    if (s.kind !== 'unknown' && s.deprecated !== undefined) { this.str(`@deprecated(version = ${s.deprecated})`); this.newline(); }
  }
  externalId(x: string | undefined): void {
    if (x === undefined) return;
    let body = '';
    for (const ch of x) {
      if (/^[A-Za-z0-9\-_./: ]$/.test(ch)) body += ch;
      else body += ESCAPES[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`;
    }
    this.str(`@external-id("${body}")`);
    this.newline();
  }
  toString(): string { return this.s; }
}

function packageHeader(p: PackageName): string {
  return `package ${id(p.namespace)}:${id(p.name)}${p.version !== undefined ? `@${p.version}` : ''}`;
}

/** Prints resolved packages as WIT; `main` (default: the last package) gets the file-level header. */
export function printWit(r: Resolve, main = r.packages.length - 1): string {
  const p = new Printer(r);
  if (r.packages[main]) p.printPackage(main, true);
  // Other packages in resolve (dependency) order, as wasm-tools prints them.
  const others = r.packages.map((_, i) => i).filter((i) => i !== main);
  others.forEach((i, n) => {
    if (n > 0) { p.out.newline(); p.out.newline(); }
    p.printPackage(i, false);
  });
  return p.out.toString();
}

class Printer {
  readonly out = new Out();
  private anyItems = false;
  constructor(private readonly r: Resolve) {}

  private newItem(): void {
    if (this.anyItems) this.out.newline();
    this.anyItems = true;
  }

  printPackage(pkgId: number, isMain: boolean): void {
    const out = this.out;
    const pkg = this.r.packages[pkgId]!;
    out.doc(pkg.docs);
    out.str(packageHeader(pkg.name));
    if (isMain) { out.semicolon(); out.newline(); } else out.open();
    for (const [name, ifaceId] of pkg.interfaces) {
      const iface = this.r.interfaces[ifaceId]!;
      out.doc(iface.docs);
      out.stability(iface.stability);
      out.str(`interface ${id(name)}`);
      out.open();
      this.printInterface(ifaceId);
      out.close();
      if (isMain) out.newline();
    }
    for (const [name, worldId] of pkg.worlds) {
      const w = this.r.worlds[worldId]!;
      out.doc(w.docs);
      out.stability(w.stability);
      out.str(`world ${id(name)}`);
      out.open();
      this.printWorld(worldId, w);
      out.close();
    }
    if (!isMain) out.close();
  }

  private printInterface(ifaceId: number): void {
    const prev = this.anyItems;
    this.anyItems = false;
    const iface: Interface = this.r.interfaces[ifaceId]!;
    const resourceFuncs = new Map<number, WitFunction[]>();
    const free: WitFunction[] = [];
    for (const f of iface.functions.values()) {
      if ('resource' in f.kind) {
        const list = resourceFuncs.get(f.kind.resource) ?? [];
        list.push(f);
        resourceFuncs.set(f.kind.resource, list);
      } else free.push(f);
    }
    this.printTypes({ interface: ifaceId }, iface.package!, [...iface.types], resourceFuncs);
    for (const f of free) {
      this.newItem();
      this.out.doc(f.docs);
      this.out.stability(f.stability);
      this.out.externalId(f.externalId);
      this.out.str(`${id(f.name)}: ${this.funcText(f)}`);
      this.out.semicolon();
    }
    this.anyItems = prev;
  }

  private sameOwner(a: TypeDef['owner'], b: TypeDef['owner']): boolean {
    if (a === null || b === null) return a === b;
    return ('world' in a && 'world' in b && a.world === b.world) || ('interface' in a && 'interface' in b && a.interface === b.interface);
  }

  /** `use` groups for types aliased from other interfaces, then local definitions. */
  private printTypes(owner: { interface: number } | { world: number }, pkgId: number, types: [string, number][], resourceFuncs: Map<number, WitFunction[]>): void {
    const declare: number[] = [];
    const imports: { from: number; def: TypeDef; names: [string, string][] }[] = [];
    for (const [name, tid] of types) {
      const def = this.r.types[tid]!;
      if (def.kind.kind === 'type' && typeof def.kind.type === 'number') {
        const other = this.r.types[def.kind.type]!;
        if (other.owner !== null && !this.sameOwner(owner, other.owner) && 'interface' in other.owner) {
          const last = imports[imports.length - 1];
          const from = other.owner.interface;
          if (last && last.from === from && JSON.stringify(last.def.stability) === JSON.stringify(def.stability) && last.def.externalId === def.externalId) {
            last.names.push([name, other.name!]);
          } else imports.push({ from, def, names: [[name, other.name!]] });
          continue;
        }
      }
      declare.push(tid);
    }
    for (const imp of imports) {
      this.anyItems = true;
      this.out.stability(imp.def.stability);
      this.out.externalId(imp.def.externalId);
      const names = imp.names.map(([mine, theirs]) => (mine === theirs ? id(mine) : `${id(theirs)} as ${id(mine)}`));
      this.out.str(`use ${this.ifacePath(imp.from, pkgId)}.{${names.join(', ')}}`);
      this.out.semicolon();
    }
    for (const tid of declare) {
      this.newItem();
      const def = this.r.types[tid]!;
      this.out.doc(def.docs);
      this.out.stability(def.stability);
      this.out.externalId(def.externalId);
      if (def.kind.kind === 'resource') this.printResource(def, resourceFuncs.get(tid) ?? []);
      else this.declareType(def);
    }
  }

  private printResource(def: TypeDef, funcs: WitFunction[]): void {
    const out = this.out;
    out.str(`resource ${id(def.name!)}`);
    if (funcs.length === 0) { out.semicolon(); return; }
    out.open();
    for (const f of funcs) {
      out.doc(f.docs);
      out.stability(f.stability);
      out.externalId(f.externalId);
      const short = f.name.slice(f.name.indexOf('.') + 1);
      if (f.kind.kind === 'method' || f.kind.kind === 'async-method') out.str(`${id(short)}: `);
      else if (f.kind.kind === 'static' || f.kind.kind === 'async-static') out.str(`${id(short)}: static `);
      out.str(this.funcText(f));
      out.semicolon();
    }
    out.close();
  }

  /** `func(…) -> T`, `async func(…)`, `constructor(…)`; methods omit `self`, shorthand constructors their result. */
  private funcText(f: WitFunction): string {
    const k = f.kind.kind;
    let s = k.startsWith('async') ? 'async ' : '';
    s += k === 'constructor' ? 'constructor(' : 'func(';
    const params = k === 'method' || k === 'async-method' ? f.params.slice(1) : f.params;
    s += params.map((p) => `${id(p.name)}: ${this.typeName(p.type)}`).join(', ');
    s += ')';
    if (k === 'constructor' && 'resource' in f.kind && typeof f.result === 'number') {
      const rk = this.r.types[f.result]!.kind;
      if (rk.kind === 'handle' && rk.handle === 'own' && rk.resource === f.kind.resource) return s;
    }
    if (f.result !== undefined) s += ` -> ${this.typeName(f.result)}`;
    return s;
  }

  /** A type reference: named types by name, anonymous ones spelled out. */
  typeName(t: WitType): string {
    if (typeof t === 'string') return t;
    const def = this.r.types[t]!;
    if (def.name !== undefined) return id(def.name);
    return this.kindText(def.kind);
  }

  /** The spelled-out form of an anonymous type (an anonymous `own` handle is the resource's bare name). */
  private kindText(k: TypeDef['kind']): string {
    switch (k.kind) {
      case 'handle': return k.handle === 'own' ? id(this.r.types[k.resource]!.name ?? '') : `borrow<${id(this.r.types[k.resource]!.name ?? '')}>`;
      case 'tuple': return `tuple<${k.types.map((x) => this.typeName(x)).join(', ')}>`;
      case 'option': return `option<${this.typeName(k.type)}>`;
      case 'result':
        if (k.ok !== undefined && k.err !== undefined) return `result<${this.typeName(k.ok)}, ${this.typeName(k.err)}>`;
        if (k.err !== undefined) return `result<_, ${this.typeName(k.err)}>`;
        if (k.ok !== undefined) return `result<${this.typeName(k.ok)}>`;
        return 'result';
      case 'list': return `list<${this.typeName(k.type)}>`;
      case 'map': return `map<${this.typeName(k.key)}, ${this.typeName(k.value)}>`;
      case 'fixed-length-list': return `list<${this.typeName(k.type)}, ${k.size}>`;
      case 'type': return this.typeName(k.type);
      case 'future': case 'stream': return k.type === undefined ? k.kind : `${k.kind}<${this.typeName(k.type)}>`;
      default: return `/* unnamed ${k.kind} */`;
    }
  }

  private declareType(def: TypeDef): void {
    const out = this.out;
    const k = def.kind;
    const name = id(def.name!);
    const block = (kw: string, rows: { docs?: string; text: string }[]): void => {
      out.str(`${kw} ${name}`);
      out.open();
      for (const row of rows) { out.doc(row.docs); out.str(`${row.text},`); out.newline(); }
      out.close();
    };
    switch (k.kind) {
      case 'record': return block('record', k.fields.map((f) => ({ docs: f.docs, text: `${id(f.name)}: ${this.typeName(f.type)}` })));
      case 'flags': return block('flags', k.flags.map((f) => ({ docs: f.docs, text: id(f.name) })));
      case 'enum': return block('enum', k.cases.map((c) => ({ docs: c.docs, text: id(c.name) })));
      case 'variant': return block('variant', k.cases.map((c) => ({ docs: c.docs, text: c.type === undefined ? id(c.name) : `${id(c.name)}(${this.typeName(c.type)})` })));
      case 'handle': {
        const res = id(this.r.types[k.resource]!.name ?? '');
        out.str(`type ${name} = ${k.handle}<${res}>`);
        out.semicolon();
        return;
      }
      case 'type': out.str(`type ${name} = ${this.typeName(k.type)}`); out.semicolon(); return;
      default: out.str(`type ${name} = ${this.kindText(k)}`); out.semicolon();
    }
  }

  /** `ns:pkg/iface@v`, or the bare name inside its own package. */
  private ifacePath(ifaceId: number, fromPkg: number): string {
    const iface = this.r.interfaces[ifaceId]!;
    if (iface.package === fromPkg) return id(iface.name!);
    const p = this.r.packages[iface.package!]!.name;
    return `${id(p.namespace)}:${id(p.name)}/${id(iface.name!)}${p.version !== undefined ? `@${p.version}` : ''}`;
  }

  private printWorld(worldId: number, w: World): void {
    const prev = this.anyItems;
    this.anyItems = false;
    const pkgId = w.package!;
    const types: [string, number][] = [];
    const resourceFuncs = new Map<number, WitFunction[]>();
    const funcImports: [WorldKey, WorldItem][] = [];
    for (const [key, item] of w.imports.entries()) {
      if (item.kind === 'type') { if (typeof key === 'string') types.push([key, item.id]); continue; }
      if (item.kind === 'function') {
        if ('resource' in item.func.kind) {
          const list = resourceFuncs.get(item.func.kind.resource) ?? [];
          list.push(item.func);
          resourceFuncs.set(item.func.kind.resource, list);
        } else funcImports.push([key, item]);
        continue;
      }
      this.worldItem('import', key, item, pkgId);
      this.anyItems = true;
    }
    this.printTypes({ world: worldId }, pkgId, types, resourceFuncs);
    for (const [key, item] of funcImports) {
      this.worldItem('import', key, item, pkgId);
      this.anyItems = true;
    }
    if (w.exports.size) this.newItem();
    for (const [key, item] of w.exports.entries()) this.worldItem('export', key, item, pkgId);
    this.anyItems = prev;
  }

  private worldItem(dir: 'import' | 'export', key: WorldKey, item: WorldItem, pkgId: number): void {
    const out = this.out;
    if (item.kind === 'type') return;
    if (item.kind === 'interface') {
      out.doc(item.docs ?? (typeof key === 'string' ? this.r.interfaces[item.id]!.docs : undefined));
      out.stability(item.stability);
      out.externalId(item.externalId);
    } else {
      out.doc(item.func.docs);
      out.stability(item.func.stability);
      out.externalId(item.func.externalId);
    }
    out.str(`${dir} `);
    if (typeof key !== 'string') {
      out.str(this.ifacePath(key.interface, pkgId));
      out.semicolon();
      return;
    }
    out.str(`${id(key)}: `);
    if (item.kind === 'function') {
      out.str(this.funcText(item.func));
      out.semicolon();
    } else if (this.r.interfaces[item.id]!.name === undefined) {
      out.str('interface');
      out.open();
      this.printInterface(item.id);
      out.close();
    } else {
      out.str(this.ifacePath(item.id, pkgId));
      out.semicolon();
    }
  }
}
