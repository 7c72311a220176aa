// Doc comments → the `docs.contents` text wit-parser stores: markers stripped, common indentation removed.
import type { Docs } from './ast.js';

function rustLines(s: string): string[] {
  const parts = s.split('\n');
  if (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function docsContents(d: Docs): string | undefined {
  if (d.lines.length === 0) return undefined;
  let docs = d.lines.map((c) => {
    const body = c.startsWith('/**') ? c.slice(3, c.endsWith('*/') ? -2 : undefined) : c.replace(/^\/+/, '');
    return body.replace(/\s+$/, '');
  });
  let min = Infinity;
  for (const doc of docs) {
    if (doc === '') continue;
    const m = /^[ \t\n\r\f]*/.exec(doc)![0].length;
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
  return out.replace(/\n+$/, '');
}
