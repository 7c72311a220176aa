// WIT parser (WIT.md grammar): tokens → syntax tree, with wit-parser's error texts and spans.
import type * as ast from './ast.js';
import { Tokenizer, WitSyntaxError, describeToken, idProblem, validateId, type Span, type Tok, type Token } from './lexer.js';
import { parseVersion } from './semver.js';
import { isJsSpace } from './docs.js';

function isValidId(s: string): boolean {
  return idProblem(s) === -1;
}

const MAX_DEPTH = 100;

/** The primitive a token names, if any (a switch on interned token strings, not a megamorphic keyed lookup). */
function primitiveOf(t: Token): ast.PrimitiveName | undefined {
  switch (t) {
    case 'bool': case 'u8': case 'u16': case 'u32': case 'u64': case 's8': case 's16': case 's32': case 's64':
    case 'f32': case 'f64': case 'char': case 'string': case 'error-context':
      return t;
    default: return undefined;
  }
}

const NO_DOCS: ast.Docs = { lines: [] };

function errExpected(t: Tokenizer, expected: string, found: Tok | undefined): WitSyntaxError {
  if (!found) return new WitSyntaxError(`expected ${expected}, found eof`, t.eofSpan());
  return new WitSyntaxError(`expected ${expected}, found ${describeToken(found.token)}`, found.span);
}

/** Parses one file: an optional `package` header, then items (incl. nested `package x:y { … }` blocks). */
export function parsePackageFile(t: Tokenizer): ast.PackageFile {
  const start = t.pos;
  const docs = parseDocs(t);
  let packageId: ast.PackageName | undefined;
  if (t.eat('package')) {
    const name = parsePackageName(t, docs);
    if (t.eat(';')) packageId = name;
  }
  if (!packageId) t.pos = start;
  return { packageId, items: parseDeclList(t, undefined, 0) };
}

function parseDeclList(t: Tokenizer, end: Token | undefined, depth: number): ast.AstItem[] {
  const items: ast.AstItem[] = [];
  let docs = parseDocs(t);
  for (;;) {
    if (end !== undefined) {
      if (t.eat(end)) break;
    } else if (t.peek() === undefined) break;
    items.push(parseAstItem(t, docs, depth));
    docs = parseDocs(t);
  }
  return items;
}

function parseAstItem(t: Tokenizer, docs: ast.Docs, depth: number): ast.AstItem {
  const attributes = parseAttributes(t);
  const next = t.peek();
  switch (next?.token) {
    case 'interface': return { kind: 'interface', iface: parseInterface(t, docs, attributes) };
    case 'world': return { kind: 'world', world: parseWorld(t, docs, attributes) };
    case 'use': return { kind: 'use', use: parseToplevelUse(t, attributes) };
    case 'package': {
      const span = t.expect('package');
      if (attributes.length) throw new WitSyntaxError('cannot place attributes on nested packages', span);
      if (depth >= MAX_DEPTH) throw new WitSyntaxError('package nesting too deep', span);
      const packageId = parsePackageName(t, docs);
      t.expect('{');
      return { kind: 'package', pkg: { packageId, items: parseDeclList(t, '}', depth + 1) } };
    }
    default: throw errExpected(t, '`world`, `interface` or `use`', next);
  }
}

function parsePackageName(t: Tokenizer, docs: ast.Docs): ast.PackageName {
  const namespace = parseId(t);
  t.expect(':');
  const name = parseId(t);
  const version = parseOptVersion(t);
  return { docs, span: { start: namespace.span.start, end: version ? version.span.end : name.span.end }, namespace, name, version };
}

function parseToplevelUse(t: Tokenizer, attributes: ast.Attribute[]): ast.ToplevelUse {
  const span = t.expect('use');
  const item = parseUsePath(t);
  const as = t.eat('as') ? parseId(t) : undefined;
  t.expect(';');
  return { span, attributes, item, as };
}

function parseWorld(t: Tokenizer, docs: ast.Docs, attributes: ast.Attribute[]): ast.World {
  t.expect('world');
  const name = parseId(t);
  t.expect('{');
  const items: ast.WorldItem[] = [];
  for (;;) {
    const docs = parseDocs(t);
    if (t.eat('}')) break;
    const attrs = parseAttributes(t);
    items.push(parseWorldItem(t, docs, attrs));
  }
  return { docs, attributes, name, items };
}

function parseWorldItem(t: Tokenizer, docs: ast.Docs, attributes: ast.Attribute[]): ast.WorldItem {
  const next = t.peek();
  switch (next?.token) {
    case 'import': case 'export':
      t.next();
      return { kind: next.token, docs, attributes, extern: parseExternKind(t) };
    case 'use': return { kind: 'use', use: parseUse(t, attributes) };
    case 'type': case 'flags': case 'resource': case 'record': case 'variant': case 'enum':
      return { kind: 'type', def: parseTypeDef(t, docs, attributes) };
    case 'include': return { kind: 'include', include: parseInclude(t, attributes) };
    default: throw errExpected(t, '`import`, `export`, `include`, `use`, or type definition', next);
  }
}

function parseExternKind(t: Tokenizer): ast.ExternKind {
  const start = t.pos;
  const id = parseId(t);
  if (t.eat(':')) {
    const p = t.peek();
    if (p?.token === 'func' || p?.token === 'async') {
      const func = parseFunc(t);
      t.expect(';');
      return { kind: 'func', name: id, func };
    }
    if (t.eat('interface')) return { kind: 'interface', name: id, items: parseInterfaceItems(t) };
    // `name: ns:pkg/iface` (a qualified path) is a plain path import; `name: iface` is a named one.
    const afterColon = t.pos;
    const n = t.next();
    const qualified = (n?.token === 'id' || n?.token === 'explicit-id') && isValidId(t.text(n.span).replace(/^%/, '')) && t.peek()?.token === '/';
    t.pos = afterColon;
    if (!qualified) {
      const path = parseUsePath(t);
      t.expect(';');
      return { kind: 'named-path', name: id, path };
    }
  }
  t.pos = start;
  const path = parseUsePath(t);
  t.expect(';');
  return { kind: 'path', path };
}

function parseInterface(t: Tokenizer, docs: ast.Docs, attributes: ast.Attribute[]): ast.Interface {
  t.expect('interface');
  const name = parseId(t);
  return { docs, attributes, name, items: parseInterfaceItems(t) };
}

function parseInterfaceItems(t: Tokenizer): ast.InterfaceItem[] {
  t.expect('{');
  const items: ast.InterfaceItem[] = [];
  for (;;) {
    const docs = parseDocs(t);
    if (t.eat('}')) break;
    const attributes = parseAttributes(t);
    const next = t.peek();
    switch (next?.token) {
      case 'type': case 'flags': case 'enum': case 'variant': case 'resource': case 'record':
        items.push({ kind: 'type', def: parseTypeDef(t, docs, attributes) });
        break;
      case 'id': case 'explicit-id': {
        const name = parseId(t);
        t.expect(':');
        const func = parseFunc(t);
        t.expect(';');
        items.push({ kind: 'func', func: { docs, attributes, name, func } });
        break;
      }
      case 'use': items.push({ kind: 'use', use: parseUse(t, attributes) }); break;
      default: throw errExpected(t, '`type`, `resource` or `func`', next);
    }
  }
  return items;
}

function parseUsePath(t: Tokenizer): ast.UsePath {
  const id = parseId(t);
  if (!t.eat(':')) return { kind: 'id', id };
  const pkgName = parseId(t);
  t.expect('/');
  const name = parseId(t);
  const version = parseOptVersion(t);
  return {
    kind: 'package',
    pkg: { docs: NO_DOCS, span: { start: id.span.start, end: pkgName.span.end }, namespace: id, name: pkgName, version },
    name,
  };
}

function parseUse(t: Tokenizer, attributes: ast.Attribute[]): ast.Use {
  t.expect('use');
  const from = parseUsePath(t);
  t.expect('.');
  t.expect('{');
  const names: ast.Use['names'] = [];
  while (!t.eat('}')) {
    const name = parseId(t);
    const as = t.eat('as') ? parseId(t) : undefined;
    names.push({ name, as });
    if (!t.eat(',')) {
      t.expect('}');
      break;
    }
  }
  t.expect(';');
  return { attributes, from, names };
}

function parseInclude(t: Tokenizer, attributes: ast.Attribute[]): ast.Include {
  t.expect('include');
  const from = parseUsePath(t);
  let names: ast.Include['names'] = [];
  if (t.eat('with')) {
    t.expect('{');
    names = parseListTrailer(t, '}', () => {
      const name = parseId(t);
      t.expect('as');
      return { name, as: parseId(t) };
    });
  } else t.expect(';');
  return { attributes, from, names };
}

function parseTypeDef(t: Tokenizer, docs: ast.Docs, attributes: ast.Attribute[]): ast.TypeDef {
  const kw = t.next()!;
  const name = parseId(t);
  const span = name.span;
  let ty: ast.Type;
  switch (kw.token) {
    case 'type':
      t.expect('=');
      ty = parseType(t, 0);
      t.expect(';');
      break;
    case 'flags':
      t.expect('{');
      ty = { kind: 'flags', span, flags: parseListTrailer(t, '}', (docs) => ({ docs, name: parseId(t) })) };
      break;
    case 'enum':
      t.expect('{');
      ty = { kind: 'enum', span, cases: parseListTrailer(t, '}', (docs) => ({ docs, name: parseId(t) })) };
      break;
    case 'record':
      t.expect('{');
      ty = {
        kind: 'record', span, fields: parseListTrailer(t, '}', (docs) => {
          const name = parseId(t);
          t.expect(':');
          return { docs, name, ty: parseType(t, 0) };
        }),
      };
      break;
    case 'variant':
      t.expect('{');
      ty = {
        kind: 'variant', span, cases: parseListTrailer(t, '}', (docs) => {
          const name = parseId(t);
          let ty: ast.Type | undefined;
          if (t.eat('(')) {
            ty = parseType(t, 0);
            t.expect(')');
          }
          return { docs, name, ty };
        }),
      };
      break;
    default: { // resource
      const funcs: ast.ResourceFunc[] = [];
      if (t.eat('{')) {
        while (!t.eat('}')) {
          const docs = parseDocs(t);
          const attrs = parseAttributes(t);
          funcs.push(parseResourceFunc(t, docs, attrs));
        }
      } else t.expect(';');
      ty = { kind: 'resource', span, funcs };
    }
  }
  return { docs, attributes, name, ty };
}

function parseResourceFunc(t: Tokenizer, docs: ast.Docs, attributes: ast.Attribute[]): ast.ResourceFunc {
  const next = t.peek();
  if (next?.token === 'constructor') {
    const span = t.expect('constructor');
    t.expect('(');
    const params = parseParams(t);
    const result = t.eat('->') ? parseType(t, 0) : undefined;
    t.expect(';');
    return { kind: 'constructor', func: { docs, attributes, name: { name: 'constructor', span }, func: { span, async: false, params, result } } };
  }
  if (next?.token === 'id' || next?.token === 'explicit-id') {
    const name = parseId(t);
    t.expect(':');
    const kind = t.eat('static') ? 'static' : 'method';
    const func = parseFunc(t);
    t.expect(';');
    return { kind, func: { docs, attributes, name, func } };
  }
  throw errExpected(t, '`constructor` or identifier', next);
}

function parseParams(t: Tokenizer): ast.Func['params'] {
  return parseListTrailer(t, ')', () => {
    const name = parseId(t);
    t.expect(':');
    return { name, ty: parseType(t, 0) };
  });
}

function parseFunc(t: Tokenizer): ast.Func {
  const isAsync = t.eat('async');
  const span = t.expect('func');
  t.expect('(');
  const params = parseParams(t);
  const result = t.eat('->') ? parseType(t, 0) : undefined;
  return { span, async: isAsync, params, result };
}

/** `items, …` up to `end` (already past the opening token); trailing comma allowed; docs before each item. */
function parseListTrailer<T>(t: Tokenizer, end: Token, parse: (docs: ast.Docs) => T): T[] {
  const items: T[] = [];
  for (;;) {
    const docs = parseDocs(t);
    if (t.eat(end)) break;
    items.push(parse(docs));
    if (!t.eat(',')) {
      t.expect(end);
      break;
    }
  }
  return items;
}

export function parseId(t: Tokenizer): ast.Id {
  const next = t.next();
  if (next?.token === 'id') {
    const name = t.text(next.span);
    validateId(next.span.start, name);
    return { name, span: next.span };
  }
  if (next?.token === 'explicit-id') {
    const name = t.text(next.span).slice(1);
    validateId(next.span.start, name);
    return { name, span: next.span };
  }
  throw errExpected(t, 'an identifier or string', next);
}

function parseOptVersion(t: Tokenizer): { span: Span; text: string } | undefined {
  return t.eat('@') ? parseVersionTokens(t) : undefined;
}

function parseVersionTokens(t: Tokenizer): { span: Span; text: string } {
  const start = t.expect('integer').start;
  t.expect('.');
  t.expect('integer');
  t.expect('.');
  let end = t.expect('integer').end;
  const eatIds = (prefix: Token): void => {
    if (!t.eat(prefix)) return;
    for (;;) {
      const save = t.pos; // backtrack by position: no cloned tokenizer per step
      const n = t.next();
      if (n && (n.token === 'id' || n.token === 'integer' || n.token === '-')) {
        end = n.span.end;
      } else if (n?.token === '.') {
        const m = t.next();
        if (m && (m.token === 'id' || m.token === 'integer' || m.token === '-')) end = m.span.end;
        else { t.pos = save; return; }
      } else { t.pos = save; return; }
    }
  };
  eatIds('-');
  eatIds('+');
  const span = { start, end };
  const text = t.text(span);
  const err = parseVersion(text).error;
  if (err) throw new WitSyntaxError(err, span);
  return { span, text };
}

function parseDocs(t: Tokenizer): ast.Docs {
  if (!t.skipWhitespaceToComment()) return NO_DOCS; // the common case: no comment, no callback
  let lines: string[] | undefined;
  let start = -1;
  let end = -1;
  const input = t.input;
  t.skipTrivia((from, to) => {
    if (start < 0) start = t.offset + from;
    let e = to; // the span ends before trailing whitespace (JS `\s`, as a `/\s+$/` trim would)
    while (e > from && isJsSpace(input.charCodeAt(e - 1))) e--;
    end = t.offset + e;
    (lines ??= []).push(input.slice(from, to));
  });
  return lines ? { lines, span: { start, end } } : NO_DOCS;
}

/** Shared by every item without attributes (never mutated), so the common case allocates nothing. */
const NO_ATTRS: ast.Attribute[] = [];

function parseAttributes(t: Tokenizer): ast.Attribute[] {
  if (!t.eat('@')) return NO_ATTRS;
  const out: ast.Attribute[] = [];
  do {
    const id = parseId(t);
    switch (id.name) {
      case 'since': case 'deprecated': {
        t.expect('(');
        eatId(t, 'version');
        t.expect('=');
        const { text } = parseVersionTokens(t);
        t.expect(')');
        out.push({ kind: id.name, span: id.span, version: text });
        break;
      }
      case 'unstable': {
        t.expect('(');
        eatId(t, 'feature');
        t.expect('=');
        const feature = parseId(t);
        t.expect(')');
        out.push({ kind: 'unstable', span: id.span, feature });
        break;
      }
      case 'external-id': {
        t.expect('(');
        const span = t.expect('string-literal');
        t.expect(')');
        const value = t.stringLiteral(span.start - t.offset + 1).value;
        out.push({ kind: 'external-id', span: id.span, id: value });
        break;
      }
      default: throw new WitSyntaxError(`unknown attribute \`${id.name}\``, id.span);
    }
  } while (t.eat('@'));
  return out;
}

function eatId(t: Tokenizer, expected: string): void {
  const id = parseId(t);
  if (id.name !== expected) throw new WitSyntaxError(`expected \`${expected}\`, found \`${id.name}\``, id.span);
}

function parseType(t: Tokenizer, depth: number): ast.Type {
  const next = t.next();
  if (depth >= MAX_DEPTH) throw new WitSyntaxError('type nesting too deep', next ? next.span : t.eofSpan());
  if (!next) throw errExpected(t, 'a type', next);
  const span = next.span;
  const prim = primitiveOf(next.token);
  if (prim) return { kind: 'primitive', span, name: prim };
  const inner = (): ast.Type => parseType(t, depth + 1);
  switch (next.token) {
    case 'tuple': {
      t.expect('<');
      return { kind: 'tuple', span, types: parseListTrailer(t, '>', inner) };
    }
    case 'list': {
      t.expect('<');
      const ty = inner();
      let size: number | undefined;
      if (t.eat(',')) {
        const n = t.next();
        if (n?.token !== 'integer') throw errExpected(t, 'fixed-length', n);
        const text = t.text(n.span);
        const v = Number(text);
        if (!(v <= 0xffffffff)) throw new WitSyntaxError('invalid list size: number too large to fit in target type', n.span);
        size = v;
      }
      t.expect('>');
      return size === undefined ? { kind: 'list', span, ty } : { kind: 'list', span, ty, size };
    }
    case 'map': {
      t.expect('<');
      const key = inner();
      t.expect(',');
      const value = inner();
      t.expect('>');
      return { kind: 'map', span, key, value };
    }
    case 'option': {
      t.expect('<');
      const ty = inner();
      t.expect('>');
      return { kind: 'option', span, ty };
    }
    case 'result': {
      let ok: ast.Type | undefined;
      let err: ast.Type | undefined;
      if (t.eat('<')) {
        if (t.eat('_')) {
          t.expect(',');
          err = inner();
        } else {
          ok = inner();
          if (t.eat(',')) err = inner();
        }
        t.expect('>');
      }
      return { kind: 'result', span, ok, err };
    }
    case 'future': case 'stream': {
      let ty: ast.Type | undefined;
      if (t.eat('<')) {
        ty = inner();
        t.expect('>');
      }
      return { kind: next.token, span, ty };
    }
    case 'own': case 'borrow': {
      t.expect('<');
      const resource = parseId(t);
      t.expect('>');
      return { kind: 'handle', span: resource.span, own: next.token === 'own', resource };
    }
    case 'id': {
      const name = t.text(span);
      validateId(span.start, name);
      return { kind: 'name', span, id: { name, span } };
    }
    case 'explicit-id': {
      const name = t.text(span).slice(1);
      validateId(span.start, name);
      return { kind: 'name', span, id: { name, span } };
    }
    default: throw errExpected(t, 'a type', next);
  }
}
