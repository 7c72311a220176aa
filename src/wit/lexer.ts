// WIT tokenizer (WIT.md "Lexical structure"): tokens, comments, `%` escapes, CRLF folding.
// Positions are global offsets (UTF-16 units) into a SourceMap, so one span names file, line and column.

/** Token kinds; keywords use their spelling. */
export type Token =
  | 'ws' | 'comment' | '=' | ',' | ':' | '.' | ';' | '(' | ')' | '{' | '}' | '<' | '>' | '->' | '*' | '@' | '/'
  | '+' | '-' | 'string-literal' | 'id' | 'explicit-id' | 'integer'
  | 'use' | 'type' | 'func' | 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'f32' | 'f64'
  | 'char' | 'record' | 'resource' | 'own' | 'borrow' | 'flags' | 'variant' | 'enum' | 'bool' | 'string'
  | 'option' | 'result' | 'future' | 'stream' | 'error-context' | 'list' | 'map' | '_' | 'as' | 'from'
  | 'static' | 'interface' | 'tuple' | 'import' | 'export' | 'world' | 'package' | 'constructor' | 'async'
  | 'include' | 'with';

const KEYWORDS: ReadonlySet<string> = new Set([
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'record',
  'resource', 'own', 'borrow', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream',
  'error-context', 'list', 'map', '_', 'as', 'from', 'static', 'interface', 'tuple', 'import', 'export', 'world',
  'package', 'constructor', 'async', 'include', 'with',
]);

/** Keywords grouped by first character code and length, so identifiers are classified without a substring. */
const KW_MAX_LEN = 16;
const KEYWORDS_BY_FIRST_LEN: (string[] | undefined)[] = Array.from({ length: 128 * KW_MAX_LEN }, () => undefined); // dense, not a dictionary
for (const kw of KEYWORDS) (KEYWORDS_BY_FIRST_LEN[kw.charCodeAt(0) * KW_MAX_LEN + kw.length] ??= []).push(kw);

/** How wit-parser names a token in "expected X, found Y". */
export function describeToken(t: Token): string {
  switch (t) {
    case 'ws': return 'whitespace';
    case 'comment': return 'a comment';
    case '=': case ',': case ':': case '.': case ';': case '(': case ')': case '{': case '}': case '<': case '>':
      return `'${t}'`;
    case '->': case '*': case '@': case '/': case '+': case '-': return `\`${t}\``;
    case 'id': return 'an identifier';
    case 'explicit-id': return "an '%' identifier";
    case 'integer': return 'an integer';
    case 'string-literal': return 'a string literal';
    default: return `keyword \`${t}\``;
  }
}

/** A half-open range of global offsets. */
export interface Span { readonly start: number; readonly end: number }

/** A token with its global range; it is its own span, so scanning allocates one object per token. */
export class Tok implements Span {
  constructor(readonly token: Token, readonly start: number, readonly end: number) {}
  get span(): Span { return this; }
}

/** A lexical or syntactic error at a global offset range. */
export class WitSyntaxError extends Error {
  constructor(readonly reason: string, readonly span: Span | undefined) {
    super(reason);
  }
}

// Made on first non-ASCII character, from strings: V8 checks a regular expression literal's syntax when it parses
// the script, building each Unicode property's character set with ICU (~3.6 M instructions), which every
// `import('kumiki')` paid (issue 16).
let XID_START: RegExp | undefined;
let XID_CONTINUE: RegExp | undefined;

function isKeylikeStart(c: number, ch: string): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 45;
  return (XID_START ??= new RegExp('\\p{XID_Start}', 'u')).test(ch);
}

function isKeylikeContinue(c: number, ch: string): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
  return (XID_CONTINUE ??= new RegExp('\\p{XID_Continue}', 'u')).test(ch);
}

/** ASCII identifier-continue characters (letters, digits, `_`, `-`) as a table: one load per character. */
const ASCII_KEYLIKE_CONTINUE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) ASCII_KEYLIKE_CONTINUE[c] = 1;
}

function codePointAt(s: string, i: number): string {
  const c = s.codePointAt(i)!;
  return String.fromCodePoint(c);
}

/** Rust's `{:?}` of a char, as wit-parser prints it. */
export function debugChar(ch: string): string {
  const map: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', "'": "\\'", '\\': '\\\\', '\0': '\\0' };
  if (map[ch]) return `'${map[ch]}'`;
  const c = ch.codePointAt(0)!;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) return `'\\u{${c.toString(16)}}'`;
  return `'${ch}'`;
}

const FORBIDDEN = new Set([0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const DEPRECATED = new Set([0x149, 0x673, 0xf77, 0xf79, 0x17a3, 0x17a4, 0x17b4, 0x17b5]);

/** Rejects control, bidi-override and deprecated code points anywhere in the input (not just in tokens). */
const SUSPICIOUS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u0149\u0673\u0f77\u0f79\u17a3\u17a4\u17b4\u17b5\u202a-\u202e\u2066-\u2069]/;

function detectInvalidInput(input: string, offset: number): void {
  if (!SUSPICIOUS.test(input)) return; // the common case: one native scan
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 10 || c === 13 || c === 9) continue;
    const at = { start: offset + i, end: offset + i + 1 };
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) throw new WitSyntaxError(`Control code '\\u{${c.toString(16)}}'`, at);
    if (FORBIDDEN.has(c)) throw new WitSyntaxError(`Input contains bidirectional override codepoint "\\u{${c.toString(16)}}"`, at);
    if (DEPRECATED.has(c)) throw new WitSyntaxError(`Codepoint "\\u{${c.toString(16)}}" is discouraged by Unicode`, at);
  }
}

/** A cursor over one source file; lookahead backtracks by saving and restoring `pos`. */
export class Tokenizer {
  pos: number;
  constructor(readonly input: string, readonly offset: number, validate = true) {
    if (validate) detectInvalidInput(input, offset);
    this.pos = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  text(span: Span): string {
    return this.input.slice(span.start - this.offset, span.end - this.offset);
  }

  eofSpan(): Span {
    const e = this.offset + this.input.length;
    return { start: e, end: e };
  }

  // One-entry memo of the last significant token: parsers peek, eat and backtrack constantly.
  private memoAt = -1;
  private memoEnd = 0;
  private memo: Tok | undefined;

  /** Next token, skipping whitespace and comments. */
  next(): Tok | undefined {
    if (this.memoAt === this.pos) {
      this.pos = this.memoEnd;
      return this.memo;
    }
    const at = this.pos;
    const s = this.input;
    let t: Tok | undefined;
    for (;;) {
      // Plain whitespace inline (a lone `\r` is left for `scan` to report), so most tokens take one `scan` call.
      let p = this.pos;
      for (;;) {
        const d = s.charCodeAt(p);
        if (d === 32 || d === 10 || d === 9) p++;
        else if (d === 13 && s.charCodeAt(p + 1) === 10) p += 2;
        else break;
      }
      this.pos = p;
      const start = p;
      const token = this.scan();
      if (token === undefined) break;
      if (token !== 'ws' && token !== 'comment') {
        t = new Tok(token, this.offset + start, this.offset + this.pos);
        break;
      }
    }
    this.memoAt = at;
    this.memoEnd = this.pos;
    this.memo = t;
    return t;
  }

  /** Next token including whitespace and comments. */
  nextRaw(): Tok | undefined {
    const start = this.pos;
    const token = this.scan();
    if (token === undefined) return undefined;
    return new Tok(token, this.offset + start, this.offset + this.pos);
  }

  /**
   * Skips plain whitespace (stopping at a lone `\r`, which `scan` reports); true when a comment (or a lone `\r`)
   * may follow, false when the next token is significant. Never throws, so errors still come from `scan`.
   */
  skipWhitespaceToComment(): boolean {
    const s = this.input;
    let p = this.pos;
    for (;;) {
      const d = s.charCodeAt(p);
      if (d === 32 || d === 9 || d === 10) p++;
      else if (d === 13 && s.charCodeAt(p + 1) === 10) p += 2;
      else break;
    }
    this.pos = p;
    const c = s.charCodeAt(p);
    if (c === 13) return true;
    if (c !== 47) return false;
    const d = s.charCodeAt(p + 1);
    return d === 47 || d === 42;
  }

  /** Skips whitespace and comments up to the next significant token, reporting each comment's local range. */
  skipTrivia(onComment: (start: number, end: number) => void): void {
    for (;;) {
      const at = this.pos;
      const token = this.scan();
      if (token === 'ws') continue;
      if (token === 'comment') { onComment(at, this.pos); continue; }
      this.pos = at;
      return;
    }
  }

  /** Scans one token (whitespace and comments included) without allocating; advances `pos`. */
  private scan(): Token | undefined {
    const s = this.input;
    const start = this.pos;
    if (start >= s.length) return undefined;
    const c = s.charCodeAt(start);
    let token: Token;
    let p = start + 1;
    switch (c) {
      case 10: case 9: case 32: case 13:
        if (c === 13) {
          if (s.charCodeAt(p) !== 10) throw new WitSyntaxError(`unexpected character '\\r'`, { start: this.offset + start, end: this.offset + start + 1 });
          p++;
        }
        for (;;) {
          const d = s.charCodeAt(p);
          if (d === 32 || d === 9 || d === 10) p++;
          else if (d === 13 && s.charCodeAt(p + 1) === 10) p += 2;
          else break;
        }
        token = 'ws';
        break;
      case 47: // '/'
        if (s.charCodeAt(p) === 47) {
          const nl = s.indexOf('\n', p);
          p = nl < 0 ? s.length : nl + 1;
          token = 'comment';
        } else if (s.charCodeAt(p) === 42) {
          p++;
          let depth = 1;
          while (depth > 0) {
            if (p >= s.length) throw new WitSyntaxError('unterminated block comment', { start: this.offset + start, end: this.offset + start + 1 });
            const d = s.charCodeAt(p++);
            if (d === 47 && s.charCodeAt(p) === 42) { p++; depth++; }
            else if (d === 42 && s.charCodeAt(p) === 47) { p++; depth--; }
          }
          token = 'comment';
        } else token = '/';
        break;
      case 61: token = '='; break;
      case 44: token = ','; break;
      case 58: token = ':'; break;
      case 46: token = '.'; break;
      case 59: token = ';'; break;
      case 40: token = '('; break;
      case 41: token = ')'; break;
      case 123: token = '{'; break;
      case 125: token = '}'; break;
      case 60: token = '<'; break;
      case 62: token = '>'; break;
      case 42: token = '*'; break;
      case 64: token = '@'; break;
      case 43: token = '+'; break;
      case 45:
        if (s.charCodeAt(p) === 62) { p++; token = '->'; break; }
        token = '-';
        break;
      case 37: { // '%'
        if (p < s.length) {
          const ch = codePointAt(s, p);
          if (isKeylikeStart(ch.codePointAt(0)!, ch)) p = this.keylike(p);
        }
        token = 'explicit-id';
        break;
      }
      case 34: // '"'
        p = this.stringLiteral(p).end;
        token = 'string-literal';
        break;
      default: {
        if (c >= 48 && c <= 57) {
          while (p < s.length && s.charCodeAt(p) >= 48 && s.charCodeAt(p) <= 57) p++;
          token = 'integer';
          break;
        }
        if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) { // ASCII fast path: no char string
          p = this.keylike(start);
          token = this.keyword(start, p);
          break;
        }
        const ch = codePointAt(s, start);
        if (isKeylikeStart(ch.codePointAt(0)!, ch)) {
          p = this.keylike(start);
          token = this.keyword(start, p);
          break;
        }
        throw new WitSyntaxError(`unexpected character ${debugChar(ch)}`, { start: this.offset + start, end: this.offset + start + 1 });
      }
    }
    this.pos = p;
    return token;
  }

  /** End of an identifier-like run starting at `from` (whose first char is already known to be keylike). */
  private keylike(from: number): number {
    const s = this.input;
    let p = from + (s.charCodeAt(from) < 0xd800 ? 1 : s.codePointAt(from)! > 0xffff ? 2 : 1);
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c < 128) {
        if (ASCII_KEYLIKE_CONTINUE[c] === 1) { p++; continue; }
        break;
      }
      const ch = codePointAt(s, p);
      if (!isKeylikeContinue(ch.codePointAt(0)!, ch)) break;
      p += ch.length;
    }
    return p;
  }

  private keyword(start: number, end: number): Token {
    const s = this.input;
    const first = s.charCodeAt(start);
    const len = end - start;
    if (first >= 128 || len >= KW_MAX_LEN) return 'id';
    const candidates = KEYWORDS_BY_FIRST_LEN[first * KW_MAX_LEN + len];
    if (candidates === undefined) return 'id';
    for (let i = 0; i < candidates.length; i++) {
      const kw = candidates[i]!;
      let j = 1; // the first character matched by construction
      while (j < len && kw.charCodeAt(j) === s.charCodeAt(start + j)) j++;
      if (j === len) return kw as Token;
    }
    return 'id';
  }

  /** Scans a string literal body after the opening quote; returns its value and the index after the closing quote. */
  stringLiteral(from: number): { value: string; end: number } {
    const s = this.input;
    let p = from;
    let out = '';
    const at = (i: number): Span => ({ start: this.offset + i, end: this.offset + i + 1 });
    const eof = (): never => { throw new WitSyntaxError('unexpected end of file', at(s.length)); };
    for (;;) {
      if (p >= s.length) eof();
      const ch = codePointAt(s, p);
      const pos = p;
      p += ch.length;
      if (ch === '"') break;
      if (ch === '\\') {
        if (p >= s.length) eof();
        const e = codePointAt(s, p);
        const epos = p;
        p += e.length;
        const simple: Record<string, string> = { '"': '"', "'": "'", t: '\t', n: '\n', r: '\r', '\\': '\\' };
        if (simple[e] !== undefined) out += simple[e];
        else if (e === 'u') {
          if (p >= s.length) eof();
          if (s[p] !== '{') throw new WitSyntaxError(`expected character '{'`, at(p));
          p++;
          let n = 0;
          let digits = 0;
          let lastUnderscore = false;
          for (;;) {
            if (p >= s.length) eof();
            const d = s[p]!;
            if (d === '_' && digits > 0) { lastUnderscore = true; p++; continue; }
            if (!/[0-9a-fA-F]/.test(d)) {
              if (digits === 0) throw new WitSyntaxError(`invalid hex digit ${debugChar(d)}`, at(p));
              break;
            }
            n = n * 16 + parseInt(d, 16);
            if (n > 0xffffffff) throw new WitSyntaxError('number is too big to fit in a u32', at(p));
            digits++;
            lastUnderscore = false;
            p++;
          }
          if (lastUnderscore) throw new WitSyntaxError('trailing underscore in number', at(p));
          if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw new WitSyntaxError(`invalid unicode value 0x${n.toString(16)}`, at(epos));
          out += String.fromCodePoint(n);
          if (s[p] !== '}') throw new WitSyntaxError(`expected character '}'`, at(p));
          p++;
        } else if (/^[0-9a-fA-F]$/.test(e)) {
          if (p >= s.length) eof();
          const d = s[p]!;
          if (!/[0-9a-fA-F]/.test(d)) throw new WitSyntaxError(`invalid hex digit ${debugChar(d)}`, at(p));
          p++;
          out += String.fromCharCode(parseInt(e + d, 16));
        } else throw new WitSyntaxError(`invalid string escape ${debugChar(e)}`, at(epos));
        continue;
      }
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || c === 0x7f) throw new WitSyntaxError(`invalid string character ${debugChar(ch)}`, at(pos));
      out += ch;
    }
    return { value: out, end: p };
  }

  /** Consumes `expected` if it is next. */
  eat(expected: Token): boolean {
    const save = this.pos;
    const t = this.next();
    if (t && t.token === expected) return true;
    this.pos = save;
    return false;
  }

  /** Peeks the next token without consuming it. */
  peek(): Tok | undefined {
    const save = this.pos;
    const t = this.next();
    this.pos = save;
    return t;
  }

  expect(expected: Token): Span {
    const t = this.next();
    if (!t) throw new WitSyntaxError(`expected ${describeToken(expected)}, found eof`, { start: this.offset + this.input.length, end: this.offset + this.input.length + 1 });
    if (t.token !== expected) throw new WitSyntaxError(`expected ${describeToken(expected)}, found ${describeToken(t.token)}`, { start: t.span.start, end: t.span.start + 1 });
    return t.span;
  }
}

/**
 * WIT.md identifiers: kebab-case words, each all-lowercase or all-uppercase, starting with a letter.
 * Returns -1 when valid, -2 for an empty word, or the index of the first invalid character (no throw: callers probe).
 */
export function idProblem(id: string): number {
  if (id.length === 0) return -2;
  let partStart = 0;
  let upper = 0; // 0 unknown, 1 upper, 2 lower
  for (let i = 0; i <= id.length; i++) {
    const c = i < id.length ? id.charCodeAt(i) : 45;
    if (c === 45) {
      if (i === partStart) return -2;
      partStart = i + 1;
      upper = 0;
      continue;
    }
    const isUp = c >= 65 && c <= 90;
    const isLo = c >= 97 && c <= 122;
    if (i === 0 && !isUp && !isLo) return i;
    if (c >= 48 && c <= 57) continue;
    if (!isUp && !isLo) return i;
    const kind = isUp ? 1 : 2;
    if (upper === 0) upper = kind;
    else if (upper !== kind) return i;
  }
  return -1;
}

/** Throws wit-parser's error for an invalid identifier at global offset `start`. */
export function validateId(start: number, id: string): void {
  const p = idProblem(id);
  if (p === -1) return;
  const at = { start, end: start + 1 };
  if (p === -2) throw new WitSyntaxError("identifiers must have characters between '-'s", at);
  throw new WitSyntaxError(`invalid character in identifier ${debugChar(codePointAt(id, p))}`, at);
}
