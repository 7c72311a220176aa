// Reading an input file for a CLI command, bounded (issue 10, "Bounds"): only regular files (or `-`, stdin, for the
// commands that take it), at most a size cap, so `kumiki validate /dev/zero` or a FIFO cannot read forever.
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isatty } from 'node:tty';

/** The default cap on an input file: 1 GiB (`KUMIKI_MAX_INPUT_BYTES` changes it). */
export const DEFAULT_MAX_INPUT_BYTES = 2 ** 30;

/** An input the CLI refuses to read (not a regular file, or over the size cap). */
export class InputError extends Error {
  override name = 'InputError';
}

/** The cap in effect: `KUMIKI_MAX_INPUT_BYTES` when set to a positive integer, else the default. */
export function maxInputBytes(): number {
  const v = process.env.KUMIKI_MAX_INPUT_BYTES;
  if (v === undefined || v === '') return DEFAULT_MAX_INPUT_BYTES;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InputError(`KUMIKI_MAX_INPUT_BYTES: expected a positive integer number of bytes, got '${v}'`);
  return n;
}

function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a directory' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device'
    : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'not a regular file';
}

/** Throws an InputError unless `path` is a regular file of at most `max` bytes. */
export function checkInputFile(path: string, max: number = maxInputBytes()): void {
  const st = statSync(path);
  if (!st.isFile()) throw new InputError(`${path}: refusing to read ${kindOf(st)}: expected a regular file`);
  if (st.size > max) throw new InputError(`${path}: ${st.size} bytes is over the input size cap of ${max} bytes (set KUMIKI_MAX_INPUT_BYTES to raise it)`);
}

/** A WIT input: a folder, or one regular file under the size cap (never a device or FIFO that reads forever). */
export function checkWitPath(path: string): void {
  if (!statSync(path).isDirectory()) checkInputFile(path);
}

/**
 * The bytes of input `path` (`-` reads stdin when `stdin` allows it): a regular file of at most `max` bytes; stdin
 * is read up to the cap (a file that grows while read is cut off at the cap the same way).
 */
export function readInput(path: string, options: { stdin?: boolean; max?: number } = {}): Uint8Array {
  const max = options.max ?? maxInputBytes();
  const fromStdin = path === '-' && options.stdin === true;
  if (!fromStdin) checkInputFile(path, max);
  const fd = fromStdin ? 0 : openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!fromStdin && !st.isFile()) throw new InputError(`${path}: refusing to read ${kindOf(st)}: expected a regular file`);
    // stdin may be a pipe or a terminal, not a device such as /dev/zero.
    if (fromStdin && (st.isCharacterDevice() || st.isBlockDevice()) && !isatty(0)) throw new InputError(`stdin: refusing to read ${kindOf(st)}: expected a file, a pipe or a terminal`);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(Math.min(1 << 20, max + 1 - total));
      if (buf.length === 0) throw new InputError(`${path === '-' ? 'stdin' : path}: over the input size cap of ${max} bytes (set KUMIKI_MAX_INPUT_BYTES to raise it)`);
      let n: number;
      try {
        n = readSync(fd, buf, 0, buf.length, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') continue; // a non-blocking stdin not ready yet
        if ((e as { code?: string }).code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
    }
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return out;
  } finally {
    if (!fromStdin) closeSync(fd);
  }
}
