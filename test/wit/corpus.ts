// Shared access to wasm-tools' wit-parser UI corpus (read from ../shared/conformance, never copied).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/wit/ → repo root is three levels up; the corpus sits beside the repo. */
export const UI_DIR = fileURLToPath(new URL('../../../../shared/conformance/wasm-tools/wit-parser-ui/', import.meta.url));

export interface ValidCase { name: string; input: string; json: string }
export interface FailCase { name: string; input: string; result: string }

/** Valid cases: a `.wit`/`.wat` file or a folder, each with `NAME.wit.json`. */
export function validCases(): ValidCase[] {
  const out: ValidCase[] = [];
  for (const f of readdirSync(UI_DIR).sort()) {
    if (!f.endsWith('.wit.json')) continue;
    const base = f.slice(0, -'.wit.json'.length);
    const input = [`${base}.wit`, `${base}.wat`, base].map((p) => UI_DIR + p).find((p) => existsSync(p));
    if (input) out.push({ name: base, input, json: UI_DIR + f });
  }
  return out;
}

/** Failing cases in `parse-fail/`: each with `NAME.wit.result` (stale results without an input are skipped). */
export function failCases(): FailCase[] {
  const dir = UI_DIR + 'parse-fail/';
  const out: FailCase[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.wit.result')) continue;
    const base = f.slice(0, -'.wit.result'.length);
    const input = [`${base}.wit`, base].map((p) => dir + p).find((p) => existsSync(p));
    if (input) out.push({ name: base, input, result: dir + f });
  }
  return out;
}

/** The `line:col` a `.wit.result` points at (`--> f:l:c`, `* f:l:c`, or a leading `f:l:c:`), if any. */
export function expectedLocation(result: string): { line: number; col: number } | undefined {
  const m = /-->\s*\S+?:(\d+):(\d+)/.exec(result) ?? /\*\s+\S+?:(\d+):(\d+)/.exec(result) ?? /^\S+?\.wit:(\d+):(\d+):/m.exec(result);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
}

/** The bare reason of a `.wit.result`: without anyhow context prefixes and without the location snippet. */
export function expectedReason(result: string): string {
  let r = result.replace(/\r\n/g, '\n').trim();
  const arrow = r.indexOf('\n     --> ');
  if (arrow >= 0) r = r.slice(0, arrow);
  const prefixes = [/^failed to resolve directory while parsing WIT for path \[[^\]]*\]: /, /^failed to parse package: [^:]*: /, /^failed to parse dependency directory: [^:]*: /, /^\S+?\.wit:\d+:\d+: /];
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      const n = r.replace(p, '');
      if (n !== r) { r = n; changed = true; }
    }
  }
  return r;
}

/** Component text (`.wat`) in the valid cases, assembled with jco's WAT parser (kumiki has none): path → binary. */
export async function assembleCorpusWat(): Promise<(path: string) => Uint8Array> {
  const { parse } = (await import('@bytecodealliance/jco')) as { parse(wat: string): Promise<Uint8Array> };
  const paths: string[] = [];
  for (const c of validCases()) {
    if (c.input.endsWith('.wat')) paths.push(c.input);
    const deps = join(c.input, 'deps');
    if (statSync(c.input).isDirectory() && existsSync(deps)) for (const n of readdirSync(deps)) if (n.endsWith('.wat')) paths.push(join(deps, n));
  }
  const out = new Map<string, Uint8Array>();
  for (const p of paths) out.set(p, await parse(readFileSync(p, 'utf8')));
  return (path) => {
    const b = out.get(path);
    if (!b) throw new Error(`not pre-assembled: ${path}`);
    return b;
  };
}
