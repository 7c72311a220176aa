// A small JavaScript tokenizer, enough to find import declarations without being fooled by comments, strings,
// template literals or regular expressions (a regex of the source would be).

export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly pos: number }
  | { readonly kind: 'string'; readonly text: string; readonly pos: number }
  | { readonly kind: 'punct'; readonly text: string; readonly pos: number };

const NAME_START = /[A-Za-z_$\u0080-\uffff]/;
const NAME_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
/** After these keywords a `/` starts a regular expression, not a division. */
const REGEX_AFTER_NAME = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

function regexAllowed(prev: Token | undefined): boolean {
  if (prev === undefined) return true;
  if (prev.kind === 'string') return false;
  if (prev.kind === 'name') return REGEX_AFTER_NAME.has(prev.text);
  return !(prev.text === ')' || prev.text === ']' || prev.text === '}');
}

/** Skips a quoted string starting at `i` (the quote); returns the index after the closing quote. */
function skipQuoted(src: string, i: number): number {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === q) return j + 1;
  }
  throw new SyntaxError(`unterminated string at ${i}`);
}

/** Skips a regular expression literal starting at `i` (the slash), classes included. */
function skipRegex(src: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      j++;
      while (j < src.length && NAME_PART.test(src[j]!)) j++;
      return j;
    }
    else if (c === '\n') throw new SyntaxError(`unterminated regular expression at ${i}`);
  }
  throw new SyntaxError(`unterminated regular expression at ${i}`);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  /** Brace depth at which each open template literal's `${` started. */
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  // Scans template text from `i` (after a backtick or a closing `}` of a substitution) to its end or next `${`.
  const templateText = (): void => {
    for (; i < src.length; i++) {
      if (src[i] === '\\') { i++; continue; }
      if (src[i] === '`') { i++; templates.pop(); return; }
      if (src[i] === '$' && src[i + 1] === '{') { i += 2; depth++; return; }
    }
    throw new SyntaxError('unterminated template literal');
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? src.length : e; continue; }
    if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); if (e < 0) throw new SyntaxError('unterminated comment'); i = e + 2; continue; }
    if (c === '\'' || c === '"') { const e = skipQuoted(src, i); out.push({ kind: 'string', text: src.slice(i + 1, e - 1), pos: i }); i = e; continue; }
    if (c === '`') { out.push({ kind: 'string', text: '`', pos: i }); i++; templates.push(depth); templateText(); continue; }
    if (c === '/' && regexAllowed(out[out.length - 1])) { const s = i; i = skipRegex(src, i); out.push({ kind: 'string', text: src.slice(s, i), pos: s }); continue; }
    if (NAME_START.test(c)) {
      const s = i;
      while (i < src.length && NAME_PART.test(src[i]!)) i++;
      out.push({ kind: 'name', text: src.slice(s, i), pos: s });
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      if (templates.length > 0 && templates[templates.length - 1] === depth - 1) { depth--; i++; templateText(); continue; }
      depth--;
    }
    out.push({ kind: 'punct', text: c, pos: i });
    i++;
  }
  return out;
}

/** Module specifiers of import/export declarations and `import()` calls; `<computed import()>` for non-literal ones. */
export function importSpecifiers(src: string): string[] {
  const t = tokenize(src);
  const out: string[] = [];
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!;
    if (tok.kind !== 'name' || (tok.text !== 'import' && tok.text !== 'export')) continue;
    const prev = t[k - 1];
    if (prev?.kind === 'punct' && prev.text === '.') continue; // x.import
    const next = t[k + 1];
    if (tok.text === 'import') {
      if (next?.kind === 'punct' && next.text === '.') continue; // import.meta
      if (next?.kind === 'punct' && next.text === '(') {
        const arg = t[k + 2];
        const close = t[k + 3];
        out.push(arg?.kind === 'string' && close?.kind === 'punct' && close.text === ')' && !arg.text.startsWith('`') ? arg.text : '<computed import()>');
        continue;
      }
      if (next?.kind === 'string') { out.push(next.text); continue; }
    } else if (!(next?.kind === 'punct' && (next.text === '{' || next.text === '*'))) {
      continue; // export const/function/class/default: not a re-export
    }
    // `import x, { a } from '…'` / `export { a } from '…'` / `export * as n from '…'`: find `from` before `;`.
    for (let j = k + 1; j < t.length; j++) {
      const u = t[j]!;
      if (u.kind === 'punct' && u.text === ';') break;
      if (u.kind === 'name' && u.text === 'from' && t[j + 1]?.kind === 'string') { out.push(t[j + 1]!.text); break; }
      // `export { a }` without `from` ends at its closing brace followed by something that is not `from`.
      if (u.kind === 'punct' && u.text === '}' && tok.text === 'export' && !(t[j + 1]?.kind === 'name' && t[j + 1]!.text === 'from')) break;
    }
  }
  return out;
}
