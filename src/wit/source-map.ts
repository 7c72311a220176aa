// All WIT sources of one parse, concatenated: a global offset names a file, line and column.
// Errors render as wit-parser's do: message, `--> file:line:col`, the source line and a caret.
import { WitError } from '../errors.js';
import type { Span } from './lexer.js';

export interface Source { readonly offset: number; readonly path: string; readonly contents: string }

const utf8 = new TextEncoder();

export class SourceMap {
  readonly sources: Source[] = [];
  private end = 0;

  /** Adds a file; returns its base offset. One offset past the end is reserved (wit-parser appends a newline) so EOF spans stay in this file. */
  push(path: string, contents: string): number {
    const offset = this.end;
    this.sources.push({ offset, path, contents });
    this.end = offset + contents.length + 1;
    return offset;
  }

  private sourceFor(offset: number): Source {
    let lo = 0;
    let hi = this.sources.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sources[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.sources[lo]!;
  }

  /** File, 1-based line and 1-based column (in UTF-8 bytes, like wit-parser) of a global offset. */
  location(offset: number): { path: string; line: number; col: number; lineText: string; rel: number; lineStart: number } {
    const src = this.sourceFor(offset);
    const rel = offset - src.offset;
    let lineStart = 0;
    let line = 0;
    for (;;) {
      const nl = src.contents.indexOf('\n', lineStart);
      if (nl < 0 || nl >= rel) break;
      lineStart = nl + 1;
      line++;
    }
    let lineEnd = src.contents.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = src.contents.length;
    let lineText = src.contents.slice(lineStart, lineEnd);
    if (lineText.endsWith('\r')) lineText = lineText.slice(0, -1);
    const col = utf8.encode(src.contents.slice(lineStart, rel)).length;
    return { path: src.path, line: line + 1, col: col + 1, lineText, rel, lineStart };
  }

  /** `file:line:col` of a span start. */
  renderLocation(span: Span): string {
    const l = this.location(span.start);
    return `${l.path}:${l.line}:${l.col}`;
  }

  /** A `WitError` at `span` (or without location when the span is unknown). */
  error(reason: string, span: Span | undefined): WitError {
    if (!span || this.sources.length === 0) return new WitError(reason, reason, '', 0, 0);
    const l = this.location(span.start);
    const lineBytes = utf8.encode(l.lineText).length;
    if (lineBytes > 500) return new WitError(`${l.path}:${l.line}:${l.col}: ${reason}`, reason, l.path, l.line, l.col);
    const src = this.sourceFor(span.start);
    const text = src.contents.slice(l.rel, Math.max(l.rel, span.end - src.offset));
    const dashes = Math.max(0, [...text].length - 1);
    const msg = `${reason}\n     --> ${l.path}:${l.line}:${l.col}\n      |\n ${String(l.line).padStart(4)} | ${l.lineText}\n      | ${'^'.padStart(l.col)}${'-'.repeat(dashes)}`;
    return new WitError(msg, reason, l.path, l.line, l.col);
  }
}
