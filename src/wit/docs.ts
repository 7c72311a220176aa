// Doc comments → the `docs.contents` text wit-parser stores: markers stripped, common indentation removed.
// Char-code loops instead of regexes: this runs for every documented item.
import type { Docs } from './ast.js';

function rustLines(s: string): string[] {
  const parts = s.split('\n');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** JavaScript's `\s` class (what `/\s+$/` trims). */
export function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function trimEndJs(s: string): string {
  let e = s.length;
  while (e > 0 && isJsSpace(s.charCodeAt(e - 1))) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** A comment's text without its marker (`/**` … `*\/`, or any run of leading `/`) and trailing whitespace. */
function commentBody(c: string): string {
  if (c.startsWith('/**')) return trimEndJs(c.slice(3, c.endsWith('*/') ? -2 : undefined));
  let i = 0;
  while (i < c.length && c.charCodeAt(i) === 47) i++;
  return trimEndJs(c.slice(i));
}

/** Leading ` \t\n\r\f` characters. */
function indentOf(s: string): number {
  let i = 0;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) i++;
    else return i;
  }
}

export function docsContents(d: Docs): string | undefined {
  if (d.lines.length === 0) return undefined;
  let docs = d.lines.map(commentBody);
  let min = Infinity;
  for (const doc of docs) {
    if (doc === '') continue;
    const m = indentOf(doc);
    if (m < min) min = m;
  }
  if (min !== Infinity && min > 0) {
    const pat = ' '.repeat(min);
    docs = docs.map((doc) => (doc.startsWith(pat) ? doc.slice(min) : doc));
  }
  let out = '';
  for (const doc of docs) {
    if (doc === '') out += '\n';
    else for (const line of rustLines(doc)) out += line + '\n';
  }
  let e = out.length;
  while (e > 0 && out.charCodeAt(e - 1) === 10) e--;
  return out.slice(0, e);
}
