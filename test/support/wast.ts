/**
 * `.wast` scripts for conformance runners (validator now, runtime later).
 *
 * API:
 * - `parseWast(source, file?)` → `WastScript`: `{ file, features, commands }`.
 *   - `features`: the feature names after `-f`/`--features` on a first line `;; RUN: … -f a,b` (empty when
 *     absent; `-name` entries disable a default, as wasm-tools reads them).
 *   - `commands`: the top-level forms in order, each a `WastCommand`:
 *     `{ head, line, sexpr, source, form?, message?, instance? }`.
 *     `head` is the first atom (`component`, `module`, `assert_invalid`, `assert_malformed`, `assert_unlinkable`,
 *     `assert_return`, `assert_trap`, `invoke`, `register`, …). `line` is 1-based.
 *     For `component`/`module` commands and `assert_*` commands wrapping one, `form` is the `WastForm` to assemble;
 *     `message` is the expected-failure string of an `assert_*`. `(component instance $i $Def)` commands have
 *     `instance: { name, definition }` and no `form`.
 * - `WastForm`: `{ kind: 'component' | 'module', encoding: 'text' | 'binary' | 'quote', definition, name?, line,
 *   source, strings }`. `line` is the form's own line (what wasm-tools' expected JSON records as `line`).
 *   `definition` is true for `(component definition …)` (to validate, not to instantiate).
 * - `assembleForm(form)` → `Promise<Uint8Array>`: `binary` forms are decoded here (the string literals
 *   concatenated); `text` forms go through jco's `parse` (with `definition` removed, since jco rejects it);
 *   `quote` forms (rejected by jco's parse) are concatenated and wrapped as `(component …)`/`(module …)` text, then
 *   parsed by jco. Throws `AssembleError` when the text does not assemble.
 * - `useLenientIndices()`: accept the legacy index syntax as `WAST_STRICT_COMPONENT_INDICES=0` does (call before
 *   the first assembly in the process).
 * - `SExpr` (`parseSExprs(source)`): a generic tree (lists, atoms, strings with decoded bytes) with lines, for
 *   runners that interpret `assert_return` arguments (`(str.const "…")`, `(record.const …)`, …).
 * - `readExpected(path)` → the `commands` of a wasm-tools `*.wast.json` snapshot; `pairExpected(script, expected)`
 *   matches them to forms by line.
 */
import { readFileSync } from 'node:fs';
import { parse } from '@bytecodealliance/jco';
import { _setEnv } from '@bytecodealliance/preview2-shim/cli';

let parsedOnce = false;
/**
 * Accept the legacy index syntax (`WAST_STRICT_COMPONENT_INDICES=0`, e.g. `(func $i "name")` for a core export).
 * jco's parser reads its environment once, at its first parse: call this before any `assembleForm`, once per
 * process (test files run in processes of their own). Returns false when it is too late.
 */
export function useLenientIndices(): boolean {
  if (parsedOnce) return false;
  _setEnv({ WAST_STRICT_COMPONENT_INDICES: '0' });
  return true;
}

export type SExpr = SList | SAtom | SString;
export interface SList { readonly type: 'list'; readonly items: SExpr[]; readonly line: number; readonly start: number; readonly end: number }
export interface SAtom { readonly type: 'atom'; readonly text: string; readonly line: number; readonly start: number; readonly end: number }
/** A string literal: `bytes` decoded from its escapes; `text` is those bytes as UTF-8 (lossy if not UTF-8). */
export interface SString { readonly type: 'string'; readonly bytes: Uint8Array; readonly text: string; readonly line: number; readonly start: number; readonly end: number }

export class WastSyntaxError extends Error {
  override name = 'WastSyntaxError';
  constructor(message: string, readonly line: number) { super(`${message} (line ${line})`); }
}

export class AssembleError extends Error {
  override name = 'AssembleError';
}

export interface WastForm {
  readonly kind: 'component' | 'module';
  readonly encoding: 'text' | 'binary' | 'quote';
  /** `(component definition …)`: validated and named, not instantiated. */
  readonly definition: boolean;
  /** The `$name`, if any. */
  readonly name?: string;
  readonly line: number;
  /** The form's source text, from its `(` to its `)`. */
  readonly source: string;
  /** For `binary`/`quote` forms: the string literals, in order. */
  readonly strings: readonly SString[];
  readonly sexpr: SList;
}

export interface WastCommand {
  readonly head: string;
  readonly line: number;
  readonly sexpr: SList;
  readonly source: string;
  readonly form?: WastForm;
  /** The expected failure text of `assert_invalid`, `assert_malformed`, `assert_unlinkable`, `assert_trap`. */
  readonly message?: string;
  /** `(component instance $name $definition)`. */
  readonly instance?: { readonly name?: string; readonly definition: string };
}

export interface WastScript {
  readonly file: string;
  readonly features: readonly string[];
  readonly commands: readonly WastCommand[];
}

const utf8 = new TextDecoder('utf-8');

/** Tokenizes and parses every top-level s-expression (comments `;;` and nested `(; ;)` skipped). */
export function parseSExprs(src: string): SExpr[] {
  let pos = 0;
  let line = 1;
  const top: SExpr[] = [];
  const stack: { items: SExpr[]; line: number; start: number }[] = [];
  const push = (e: SExpr): void => { (stack.length ? stack[stack.length - 1]!.items : top).push(e); };
  while (pos < src.length) {
    const c = src[pos]!;
    if (c === '\n') { line++; pos++; continue; }
    if (c === ' ' || c === '\t' || c === '\r') { pos++; continue; }
    if (c === ';' && src[pos + 1] === ';') {
      while (pos < src.length && src[pos] !== '\n') pos++;
      continue;
    }
    if (c === '(' && src[pos + 1] === ';') {
      let depth = 0;
      const startLine = line;
      do {
        if (pos >= src.length) throw new WastSyntaxError('unterminated block comment', startLine);
        if (src[pos] === '(' && src[pos + 1] === ';') { depth++; pos += 2; } else if (src[pos] === ';' && src[pos + 1] === ')') { depth--; pos += 2; } else { if (src[pos] === '\n') line++; pos++; }
      } while (depth > 0);
      continue;
    }
    if (c === '(') { stack.push({ items: [], line, start: pos }); pos++; continue; }
    if (c === ')') {
      const open = stack.pop();
      if (!open) throw new WastSyntaxError('unbalanced `)`', line);
      pos++;
      push({ type: 'list', items: open.items, line: open.line, start: open.start, end: pos });
      continue;
    }
    if (c === '"') {
      const start = pos;
      const startLine = line;
      const { bytes, end, lines } = readString(src, pos, line);
      pos = end;
      line += lines;
      push({ type: 'string', bytes, text: utf8.decode(bytes), line: startLine, start, end });
      continue;
    }
    const start = pos;
    while (pos < src.length && !/[\s()";]/.test(src[pos]!)) pos++;
    if (pos === start) pos++; // lone `;`
    push({ type: 'atom', text: src.slice(start, pos), line, start, end: pos });
  }
  if (stack.length) throw new WastSyntaxError('unbalanced `(`', stack[stack.length - 1]!.line);
  return top;
}

const simpleEscapes: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34 };
const encoder = new TextEncoder();

/** Decodes a WAT string literal starting at `src[pos] === '"'` (escapes: `\n \t \r \\ \' \" \hh \u{h+}`). */
function readString(src: string, pos: number, line: number): { bytes: Uint8Array; end: number; lines: number } {
  const out: number[] = [];
  let lines = 0;
  let i = pos + 1;
  for (;;) {
    if (i >= src.length) throw new WastSyntaxError('unterminated string', line);
    const c = src[i]!;
    if (c === '"') { i++; break; }
    if (c === '\n') lines++;
    if (c !== '\\') {
      const cp = src.codePointAt(i)!;
      const s = String.fromCodePoint(cp);
      for (const b of encoder.encode(s)) out.push(b);
      i += s.length;
      continue;
    }
    const e = src[i + 1] ?? '';
    if (e in simpleEscapes) { out.push(simpleEscapes[e]!); i += 2; continue; }
    if (e === 'u' && src[i + 2] === '{') {
      const close = src.indexOf('}', i + 3);
      const cp = parseInt(src.slice(i + 3, close).replace(/_/g, ''), 16);
      if (close < 0 || !Number.isFinite(cp) || cp > 0x10ffff) throw new WastSyntaxError('bad \\u escape', line);
      for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b);
      i = close + 1;
      continue;
    }
    const hex = src.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new WastSyntaxError(`bad escape \\${e}`, line);
    out.push(parseInt(hex, 16));
    i += 3;
  }
  return { bytes: Uint8Array.from(out), end: i, lines };
}

const isAtom = (e: SExpr | undefined, text?: string): e is SAtom => e?.type === 'atom' && (text === undefined || e.text === text);

/** Reads a `(component …)`/`(module …)` form; undefined for `(component instance …)` or other heads. */
function toForm(e: SExpr, src: string): WastForm | undefined {
  if (e.type !== 'list') return undefined;
  const [head, ...rest] = e.items;
  if (!isAtom(head, 'component') && !isAtom(head, 'module')) return undefined;
  let i = 0;
  let definition = false;
  let name: string | undefined;
  if (isAtom(rest[i], 'definition')) { definition = true; i++; }
  if (isAtom(rest[i]) && (rest[i] as SAtom).text.startsWith('$')) { name = (rest[i] as SAtom).text; i++; }
  if (isAtom(rest[i], 'definition')) { definition = true; i++; }
  if (isAtom(rest[i], 'instance')) return undefined;
  let encoding: WastForm['encoding'] = 'text';
  const strings: SString[] = [];
  if (isAtom(rest[i], 'binary') || isAtom(rest[i], 'quote')) {
    encoding = (rest[i] as SAtom).text as 'binary' | 'quote';
    for (const s of rest.slice(i + 1)) if (s.type === 'string') strings.push(s);
  }
  return { kind: head.text as 'component' | 'module', encoding, definition, name, line: e.line, source: src.slice(e.start, e.end), strings, sexpr: e };
}

const assertHeads = new Set(['assert_invalid', 'assert_malformed', 'assert_unlinkable', 'assert_trap', 'assert_exhaustion']);

/** Splits a script into its top-level commands. */
export function parseWast(source: string, file = '<wast>'): WastScript {
  const firstLine = source.slice(0, source.indexOf('\n') >>> 0);
  // `-f a,b`, `--features a,b` or `--features=a,b` (a leading `-` disables a default).
  const features: string[] = [];
  if (/^;;\s*RUN:/.test(firstLine)) {
    for (const m of firstLine.matchAll(/\s(?:-f|--features)(?:\s+|=)(\S+)/g)) features.push(...m[1]!.split(',').filter((f) => f.length > 0));
  }
  const commands: WastCommand[] = [];
  for (const e of parseSExprs(source)) {
    if (e.type !== 'list' || !isAtom(e.items[0])) throw new WastSyntaxError('expected a command', e.line);
    const head = (e.items[0] as SAtom).text;
    const cmd: { -readonly [K in keyof WastCommand]: WastCommand[K] } = { head, line: e.line, sexpr: e, source: source.slice(e.start, e.end) };
    if (head === 'component' || head === 'module') {
      cmd.form = toForm(e, source);
      if (!cmd.form && isAtom(e.items[1], 'instance')) {
        const [, , a, b] = e.items;
        cmd.instance = isAtom(b) ? { name: isAtom(a) ? a.text : undefined, definition: b.text } : { definition: isAtom(a) ? a.text : '' };
      }
    } else if (assertHeads.has(head)) {
      const inner = e.items[1];
      if (inner) cmd.form = toForm(inner, source);
      const msg = e.items[e.items.length - 1];
      if (msg?.type === 'string') cmd.message = msg.text;
    }
    commands.push(cmd);
  }
  return { file, features, commands };
}

export function readWastFile(path: string): WastScript {
  return parseWast(readFileSync(path, 'utf8'), path);
}

function concat(parts: readonly SString[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.bytes.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p.bytes, o); o += p.bytes.length; }
  return out;
}

/** Source text jco's parser accepts for a text form: `definition` dropped. */
function textForJco(form: WastForm): string {
  const [head, ...rest] = form.sexpr.items;
  const skip = rest.filter((x) => isAtom(x, 'definition'));
  if (skip.length === 0) return form.source;
  const base = form.sexpr.start;
  let out = '';
  let at = base;
  for (const s of skip) { out += form.source.slice(at - base, s.start - base); at = s.end; }
  void head;
  return out + form.source.slice(at - base);
}

/** Assembles a form to bytes (see the file comment for which path each encoding takes). */
export async function assembleForm(form: WastForm): Promise<Uint8Array> {
  if (form.encoding === 'binary') return concat(form.strings);
  const text = form.encoding === 'quote'
    ? `(${form.kind} ${form.strings.map((s) => s.text).join(' ')})`
    : textForJco(form);
  parsedOnce = true;
  try {
    return await parse(text);
  } catch (e) {
    throw new AssembleError(jcoMessage(e));
  }
}

/** jco's parse errors are a Debug dump; pull out the message kind when possible. */
function jcoMessage(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(s);
  return custom ? custom[1]! : s.split('\n')[0]!.slice(0, 300);
}

/** One entry of a wasm-tools `tests/snapshots/…/*.wast.json`. */
export interface ExpectedCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly module_type?: 'binary' | 'text';
  readonly text?: string;
}

export function readExpected(path: string): ExpectedCommand[] {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { commands?: ExpectedCommand[] };
  return json.commands ?? [];
}

/** Pairs each expected entry with the form on the same line (the form's own line, not its `assert_*`'s). */
export function pairExpected(script: WastScript, expected: readonly ExpectedCommand[]): { command: WastCommand; expected?: ExpectedCommand }[] {
  const byLine = new Map<number, ExpectedCommand>();
  for (const x of expected) byLine.set(x.line, x);
  return script.commands.map((command) => ({ command, expected: byLine.get(command.form?.line ?? command.line) ?? byLine.get(command.line) }));
}
