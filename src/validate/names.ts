// Component import/export names (Explainer.md "Import and Export Definitions": importname/exportname, label,
// interfacename, [constructor]/[method]/[static] annotations) and their strong-uniqueness rule.
import { ValidationError } from '../errors.js';
import { parseSemver } from '../wit/semver.js';

export type NameKind = 'label' | 'constructor' | 'method' | 'static' | 'interface' | 'dependency' | 'url' | 'hash';

/** A parsed extern name. `resource`/`func` are set for `[constructor]`, `[method]`, `[static]`. */
export interface ComponentName {
  readonly raw: string;
  readonly kind: NameKind;
  /** `[constructor]R` / `[method]R.f` / `[static]R.f`: R. */
  readonly resource?: string;
  /** `[method]R.f` / `[static]R.f`: f. */
  readonly func?: string;
}

/** Explainer.md "label": kebab-case words, each all-lowercase or all-uppercase, starting with a letter. */
export function isKebab(s: string): boolean {
  if (s.length === 0 || s.endsWith('-')) return false;
  return s.split('-').every((word, i) => (i === 0 ? FIRST_WORD : LATER_WORD).test(word));
}
const FIRST_WORD = /^(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)$/;
// Words after the first may start with digits (`a-0`, `a0-000-3d4a`).
const LATER_WORD = /^(?:[0-9]+|[0-9]*(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*))$/;

/** Kebab names compare ASCII-case-insensitively (Explainer.md: labels are unique modulo case). */
export function kebabKey(s: string): string {
  return s.toLowerCase();
}

/** Checks a label (record field, case, flag, parameter...) and returns it; `desc` names what it labels. */
export function checkKebab(s: string, desc: string, offset: number): string {
  if (isKebab(s)) return s;
  if (s.length === 0) throw new ValidationError(`${desc} name cannot be empty`, offset);
  throw new ValidationError(`${desc} name \`${s}\` is not in kebab case`, offset);
}

interface NameOptions { readonly nestedNames: boolean }

class NameParser {
  readonly raw: string;
  constructor(public next: string, readonly offset: number, readonly opts: NameOptions) { this.raw = next; }

  fail(msg: string): never { throw new ValidationError(msg, this.offset); }
  eat(prefix: string): boolean {
    if (!this.next.startsWith(prefix)) return false;
    this.next = this.next.slice(prefix.length);
    return true;
  }
  expect(prefix: string): void {
    if (!this.eat(prefix)) this.fail(`expected \`${prefix}\` at \`${this.next}\``);
  }
  kebab(s: string): string {
    if (!isKebab(s)) this.fail(`\`${s}\` is not in kebab case`);
    return s;
  }
  rest(): string { const r = this.next; this.next = ''; return r; }
  upTo(c: string): string | undefined {
    const i = this.next.indexOf(c);
    if (i < 0) return undefined;
    const r = this.next.slice(0, i);
    this.next = this.next.slice(i);
    return r;
  }
  takeUpTo(c: string): string {
    const r = this.upTo(c);
    if (r === undefined) this.fail(`failed to find \`${c}\` character`);
    return r;
  }
  takeUntil(c: string): string {
    const r = this.takeUpTo(c);
    this.next = this.next.slice(c.length);
    return r;
  }
  takeKebab(): string {
    const m = /[^a-zA-Z0-9-]/.exec(this.next);
    if (!m) return this.kebab(this.rest());
    const k = this.next.slice(0, m.index);
    this.next = this.next.slice(m.index);
    return this.kebab(k);
  }
  takeLowerKebab(): string {
    const k = this.takeKebab();
    const upper = /[A-Z]/.exec(k);
    if (upper) this.fail(`character \`${upper[0]}\` is not lowercase in package name/namespace`);
    return k;
  }
  semver(s: string): void {
    const err = parseSemver(s);
    if (typeof err === 'string') this.fail(`\`${s}\` is not a valid semver: ${err}`);
  }
  pkgPath(requireProjection: boolean): void {
    this.takeLowerKebab();
    this.expect(':');
    this.takeLowerKebab();
    if (this.opts.nestedNames) while (this.next.startsWith(':')) { this.expect(':'); this.takeLowerKebab(); }
    if (this.next.startsWith('/')) {
      this.expect('/');
      this.takeKebab();
      if (this.opts.nestedNames) while (this.next.startsWith('/')) { this.expect('/'); this.takeKebab(); }
    } else if (requireProjection) {
      this.fail('expected `/` after package name');
    }
  }
  pkgName(isInterface: boolean): void {
    this.pkgPath(isInterface);
    if (this.eat('@')) {
      const version = this.upTo('>') ?? this.rest();
      if (!isInterface) this.semver(version);
    }
  }
  pkgNameQuery(): void {
    this.pkgPath(false);
    if (this.eat('@')) {
      if (this.eat('*')) return;
      this.expect('{');
      const range = this.takeUpTo('}');
      this.expect('}');
      this.semverRange(range);
    }
  }
  semverRange(range: string): void {
    if (range === '*') return;
    if (range.startsWith('>=')) {
      const r = range.slice(2);
      const sp = r.indexOf(' ');
      this.semver(sp < 0 ? r : r.slice(0, sp));
      if (sp >= 0) {
        const upper = r.slice(sp + 1);
        if (!upper.startsWith('<')) this.fail('expected `<` at start of version range upper bounds');
        this.semver(upper.slice(1));
      }
    } else if (range.startsWith('<')) {
      this.semver(range.slice(1));
    } else {
      this.fail('expected `>=` or `<` at start of version range');
    }
  }
  hash(): void {
    const integrity = this.takeUpTo('>');
    const parts = integrity.split(/\s+/).filter((p) => p.length > 0);
    if (parts.length === 0) this.fail('integrity hash cannot be empty');
    for (const h of parts) {
      const m = /^(sha256|sha384|sha512)(.*)$/.exec(h);
      if (!m) this.fail(`unrecognized hash algorithm: \`${h}\``);
      if (!m[2]!.startsWith('-')) this.fail(`expected \`-\` after hash algorithm: ${h}`);
      const body = m[2]!.slice(1);
      const q = body.indexOf('?');
      const b64 = q < 0 ? body : body.slice(0, q);
      if (!/^[0-9a-zA-Z+/]+={0,2}$/.test(b64)) this.fail(`not valid base64: \`${b64}\``);
    }
  }
  optionalHash(): void {
    if (!this.eat(',')) return;
    this.expect('integrity=<');
    this.hash();
    this.expect('>');
  }

  parse(): ComponentName['kind'] {
    if (this.eat('[constructor]')) { this.kebab(this.rest()); return 'constructor'; }
    if (this.eat('[method]') || this.eat('[static]')) {
      const isMethod = this.raw.startsWith('[method]');
      this.kebab(this.takeUntil('.'));
      this.kebab(this.rest());
      return isMethod ? 'method' : 'static';
    }
    if (this.eat('unlocked-dep=')) { this.expect('<'); this.pkgNameQuery(); this.expect('>'); return 'dependency'; }
    if (this.eat('locked-dep=')) { this.expect('<'); this.pkgName(false); this.expect('>'); this.optionalHash(); return 'dependency'; }
    if (this.eat('url=')) {
      this.expect('<');
      const url = this.takeUpTo('>');
      if (url.includes('<')) this.fail('url cannot contain `<`');
      this.expect('>');
      this.optionalHash();
      return 'url';
    }
    if (this.eat('integrity=')) { this.expect('<'); this.hash(); this.expect('>'); return 'hash'; }
    if (this.next.includes(':')) { this.pkgName(true); return 'interface'; }
    this.kebab(this.rest());
    return 'label';
  }
}

/** Parses an extern name (wasmparser wording for errors). */
export function parseComponentName(raw: string, offset: number, opts: NameOptions = { nestedNames: false }): ComponentName {
  const p = new NameParser(raw, offset, opts);
  const kind = p.parse();
  if (p.next.length > 0) p.fail(`trailing characters found: \`${p.next}\``);
  switch (kind) {
    case 'constructor': return { raw, kind, resource: raw.slice('[constructor]'.length) };
    case 'method': case 'static': {
      const body = raw.slice(raw.indexOf(']') + 1);
      const dot = body.indexOf('.');
      return { raw, kind, resource: body.slice(0, dot), func: body.slice(dot + 1) };
    }
    default: return { raw, kind };
  }
}

/**
 * The key under which two names clash (Explainer.md strong uniqueness): labels case-insensitively;
 * `[method]R.f`/`[static]R.f` clash with each other, and `[method]R.R` with the plain label `R`.
 */
export function uniquenessKey(n: ComponentName): string {
  switch (n.kind) {
    case 'label': return `l:${kebabKey(n.raw)}`;
    case 'constructor': return `c:${kebabKey(n.resource!)}`;
    case 'method': case 'static':
      if (kebabKey(n.resource!) === kebabKey(n.func!)) return `l:${kebabKey(n.resource!)}`;
      return `m:${n.resource}.${n.func}`;
    default: return `${n.kind}:${n.raw}`;
  }
}

/** The version part of an interface name `ns:pkg/iface@1.2.3` (with an optional `versionsuffix`), checked. */
export function checkInterfaceVersion(name: string, suffix: string | undefined, offset: number): void {
  const at = name.indexOf('@');
  if (at < 0) return;
  const v = name.slice(at + 1) + (suffix ?? '');
  const err = parseSemver(v);
  if (typeof err === 'string') throw new ValidationError(`invalid interface version: ${err}`, offset);
}
