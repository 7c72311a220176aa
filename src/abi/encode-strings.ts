// Storing a JS string into linear memory (CanonicalABI.md "Storing": store_string, store_string_into_range), one
// definition for every mode: the generated adapters (runtime/glue/strings.ts) and the ABI (strings.ts) measure with
// `measureString`, allocate ONCE at the exact encoded size (DESIGN.md §5: real allocators such as the preview1
// adapter's bump allocator support neither shrinking nor growing), then write with `writeString`.
import { ValueRangeError } from './errors.js';
import { isWellFormed, knownUtf8, knownWellFormed } from './decode-strings.js';
import type { StringEncoding } from './context.js';

// CanonicalABI.md "Loading": MAX_STRING_BYTE_LENGTH.
export const MAX_STRING_BYTE_LENGTH = 2 ** 28 - 1;

/** How a measured string is written: its form in memory, byte size, alignment and flat (tagged) length. */
export const UTF8 = 0, UTF16 = 1, LATIN1 = 2, UTF8_SCRATCH = 3, UTF8_SHORT = 4, UTF8_KNOWN = 5, ASCII = 6;
/** The UTF-8 bytes a UTF8_KNOWN measurement found (`knownUtf8`). */
let known: Uint8Array | undefined;
export interface Measured { form: number; bytes: number; align: number; len: number }
/** The result of the last `measureString` (no object per call). */
export const measured: Measured = { form: UTF8, bytes: 0, align: 1, len: 0 };

/** CanonicalABI.md "Storing": UTF16_TAG (the top bit of a latin1+utf16 length marks UTF-16). */
const UTF16_TAG = 0x80000000;
/** Up to this many code units a JS loop beats native calls (and `encodeShort` takes the string). */
export const SHORT = 64;

const encoder = new TextEncoder();
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Node's native UTF-8 byte count, probed once (never imported: the runtime bundles for browsers). */
const nodeByteLength: ((s: string, enc: 'utf8') => number) | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    const b = p?.getBuiltinModule?.('buffer') as { Buffer?: { byteLength?: (s: string, enc: 'utf8') => number } } | undefined;
    return typeof b?.Buffer?.byteLength === 'function' ? b.Buffer.byteLength.bind(b.Buffer) : undefined;
  } catch { return undefined; }
})();

/** Node's native `Buffer#indexOf` (a memmem), probed once; it takes any Uint8Array as `this`. */
const nodeIndexOf: ((this: Uint8Array, needle: Uint8Array) => number) | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    const b = p?.getBuiltinModule?.('buffer') as { Buffer?: { prototype: { indexOf?: (this: Uint8Array, needle: Uint8Array) => number } } } | undefined;
    return b?.Buffer?.prototype.indexOf;
  } catch { return undefined; }
})();
const REPLACEMENT = new Uint8Array([0xef, 0xbf, 0xbd]);

/** Node's native latin1/UTF-16LE string writers, probed once; they take any Uint8Array as `this`. */
type Writer = (this: Uint8Array, s: string, offset: number, length: number) => number;
const nodeWriters: { latin1Write?: Writer; ucs2Write?: Writer } = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    const b = p?.getBuiltinModule?.('buffer') as { Buffer?: { prototype: { latin1Write?: Writer; ucs2Write?: Writer } } } | undefined;
    return b?.Buffer?.prototype ?? {};
  } catch { return {}; }
})();
const latin1Write = typeof nodeWriters.latin1Write === 'function' ? nodeWriters.latin1Write : undefined;
/** Node's native `isAscii` (simdutf), probed once. */
const nodeIsAscii: ((u: Uint8Array) => boolean) | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    const f = (p?.getBuiltinModule?.('buffer') as { isAscii?: unknown } | undefined)?.isAscii;
    return typeof f === 'function' ? f as (u: Uint8Array) => boolean : undefined;
  } catch { return undefined; }
})();
const ucs2Write = typeof nodeWriters.ucs2Write === 'function' ? nodeWriters.ucs2Write : undefined;
/** A code unit past latin1 (a regular expression scans one-byte strings instantly and two-byte ones natively). */
const NON_LATIN1 = /[^\u0000-\u00ff]/;

/** Whether UTF-8 bytes hold U+FFFD (EF BF BD), which is what a lone surrogate encodes to. */
function hasReplacement(u8: Uint8Array): boolean {
  if (nodeIndexOf !== undefined) return nodeIndexOf.call(u8, REPLACEMENT) >= 0;
  for (let j = u8.indexOf(0xef); j >= 0; j = u8.indexOf(0xef, j + 1)) if (u8[j + 1] === 0xbf && u8[j + 2] === 0xbd) return true;
  return false;
}

export function tooLong(): never {
  throw new ValueRangeError(`string too long for the canonical ABI (at most ${MAX_STRING_BYTE_LENGTH} bytes)`);
}

export function unpairedSurrogate(): never {
  throw new ValueRangeError('string contains an unpaired surrogate, which a component string cannot carry');
}

/** UTF-8 byte count of well-formed `s` from unit `i` on, plus `i` (the ASCII prefix already counted); -1 on a lone surrogate. */
function utf8Length(s: string, i: number): number {
  const n = s.length;
  let bytes = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if ((c & 0xf800) !== 0xd800) bytes += 3;
    else if (c < 0xdc00 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { bytes += 4; i++; }
    else return -1;
  }
  return bytes;
}

/**
 * Measures `s` for `encoding` into `measured`: a RangeError for a lone surrogate (it has no meaning as a component
 * string, in any encoding) or past MAX_STRING_BYTE_LENGTH, both checked before anything is allocated.
 */
export function measureString(s: string, encoding: StringEncoding): Measured {
  const n = s.length;
  if (n > MAX_STRING_BYTE_LENGTH) tooLong();
  const m = measured;
  if (encoding === 'utf8') {
    let bytes: number;
    if (n <= SHORT) {
      bytes = encodeShort(s);
      if (bytes < 0) unpairedSurrogate();
      m.form = UTF8_SHORT; m.bytes = bytes; m.align = 1; m.len = bytes;
      return m;
    } else if ((known = knownUtf8(s)) !== undefined) {
      bytes = known.length;
      if (bytes > MAX_STRING_BYTE_LENGTH) tooLong();
      m.form = UTF8_KNOWN; m.bytes = bytes; m.align = 1; m.len = bytes;
      return m;
    } else if (n <= SCRATCH_MAX) {
      // Encoded once, into a scratch buffer: its length is the exact size, and writeString copies it (a memcpy).
      if (isAsciiString(s)) {
        // ASCII: its UTF-8 is its latin1, written straight into place by writeString (one native copy).
        m.form = ASCII; m.bytes = n; m.align = 1; m.len = n;
        return m;
      }
      bytes = encodeToScratch(s);
      if (bytes > MAX_STRING_BYTE_LENGTH) tooLong();
      m.form = UTF8_SCRATCH; m.bytes = bytes; m.align = 1; m.len = bytes;
      return m;
    } else {
      if (!longWellFormed(s)) unpairedSurrogate();
      bytes = nodeByteLength !== undefined ? nodeByteLength(s, 'utf8') : utf8Length(s, 0);
    }
    if (bytes > MAX_STRING_BYTE_LENGTH) tooLong();
    m.form = UTF8; m.bytes = bytes; m.align = 1; m.len = bytes;
    return m;
  }
  let latin1 = encoding === 'latin1+utf16';
  if (latin1) {
    if (n > SHORT) latin1 = !NON_LATIN1.test(s);
    else for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0xff) { latin1 = false; break; }
  }
  if (latin1) {
    m.form = LATIN1; m.bytes = n; m.align = 2; m.len = n;
    return m;
  }
  if (2 * n > MAX_STRING_BYTE_LENGTH) tooLong();
  if (n > SHORT ? !longWellFormed(s) : !shortWellFormed(s)) unpairedSurrogate();
  m.form = UTF16; m.bytes = 2 * n; m.align = 2; m.len = encoding === 'utf16' ? n : (n | UTF16_TAG) >>> 0;
  return m;
}

/**
 * Whether long `s` pairs every surrogate. A string with no unit past U+00FF has no surrogate (V8 answers that test
 * at once for its one-byte strings); a string a decoder just made from validated memory is known well formed
 * (`knownWellFormed`: the unfused path between two components lowers what it lifted); otherwise it is scanned.
 */
function longWellFormed(s: string): boolean {
  return !NON_LATIN1.test(s) || knownWellFormed(s) || isWellFormed(s);
}

/** Whether short `s` pairs every surrogate (a JS loop: no native call). */
function shortWellFormed(s: string): boolean {
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c & 0xf800) !== 0xd800) continue;
    if (c >= 0xdc00 || i + 1 >= n || (s.charCodeAt(i + 1) & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

/** Strings up to this many code units are encoded through the scratch buffer (at most 3 bytes per unit). */
const SCRATCH_MAX = 1 << 22;
let scratch = new Uint8Array(0);

/** Code units per piece of the ASCII test: its latin1 bytes stay in the core's cache between the write and the test. */
const ASCII_PIECE = 1 << 14;
/** Where the ASCII test writes each piece (reused: warm, no allocation). */
const asciiPiece = new Uint8Array(ASCII_PIECE);

/**
 * Whether `s` is ASCII (so its UTF-8 is its latin1 and its exact size is its length), found without keeping the
 * bytes: each ASCII_PIECE units written as latin1 into a small cached buffer (Node's native writer) and tested with
 * `isAscii`, stopping at the first piece that is not. Only for strings with every unit below U+0100 (a regular
 * expression V8 answers at once for one-byte strings): a wider unit would be truncated to a byte. The string is
 * then written once more, straight into guest memory: two cache-friendly native passes, against three (write to a
 * scratch, test it, copy it) when the first pass kept the bytes.
 */
function isAsciiString(s: string): boolean {
  if (latin1Write === undefined || nodeIsAscii === undefined || NON_LATIN1.test(s)) return false;
  const n = s.length;
  for (let i = 0; i < n; i += ASCII_PIECE) {
    const k = Math.min(ASCII_PIECE, n - i);
    latin1Write.call(asciiPiece, k === n ? s : s.slice(i, i + k), 0, k);
    if (!nodeIsAscii(k === ASCII_PIECE ? asciiPiece : asciiPiece.subarray(0, k))) return false;
  }
  return true;
}

/**
 * UTF-8 of `s` into `scratch`; returns the byte count. A lone surrogate comes out as U+FFFD (EF BF BD), so only
 * when those bytes occur (rare: 0xEF leads only U+F000..U+FFFF) is the string checked for one.
 */
function encodeToScratch(s: string): number {
  const worst = 3 * s.length;
  if (scratch.length < worst) scratch = new Uint8Array(Math.max(worst, 2 * scratch.length, 1024));
  const written = encoder.encodeInto(s, scratch).written;
  if (written !== s.length && hasReplacement(scratch.subarray(0, written)) && !longWellFormed(s)) unpairedSurrogate();
  return written;
}

/** UTF-8 of the last short string `encodeShort` encoded (at most 3 bytes per unit). */
const short8 = new Uint8Array(3 * SHORT);
/** Up to this many units a JS loop encodes faster than a call of the native `encodeInto` (~60 ns on this machine). */
const TINY = 16;

/**
 * UTF-8 of short `s` (at most SHORT units) into a small scratch buffer, in one pass (a JS loop up to TINY units, else
 * `encodeInto`, whose U+FFFD for a lone surrogate is caught by a check that runs only for non-ASCII text); returns
 * its byte count, or -1 on an unpaired surrogate. The caller then allocates exactly and copies (`copyShort`).
 */
export function encodeShort(s: string): number {
  const n = s.length;
  const d = short8;
  if (n > TINY) {
    const w = encoder.encodeInto(s, d).written;
    if (w === n) return w; // ASCII
    // A lone surrogate came out as U+FFFD (EF BF BD): only when an EF byte was written is the string checked.
    const k = d.indexOf(0xef);
    return k < 0 || k >= w || shortWellFormed(s) ? w : -1;
  }
  let w = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) d[w++] = c;
    else if (c < 0x800) { d[w++] = 0xc0 | (c >> 6); d[w++] = 0x80 | (c & 0x3f); }
    else if ((c & 0xf800) !== 0xd800) { d[w++] = 0xe0 | (c >> 12); d[w++] = 0x80 | ((c >> 6) & 0x3f); d[w++] = 0x80 | (c & 0x3f); }
    else {
      const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c >= 0xdc00 || (lo & 0xfc00) !== 0xdc00) return -1;
      const cp = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
      d[w++] = 0xf0 | (cp >> 18); d[w++] = 0x80 | ((cp >> 12) & 0x3f); d[w++] = 0x80 | ((cp >> 6) & 0x3f); d[w++] = 0x80 | (cp & 0x3f);
      i++;
    }
  }
  return w;
}

/** The `bytes` bytes `encodeShort` encoded, copied to `p`. */
export function copyShort(u8: Uint8Array, p: number, bytes: number): void {
  if (bytes <= TINY) for (let i = 0; i < bytes; i++) u8[p + i] = short8[i]!;
  else u8.set(short8.subarray(0, bytes), p);
}

/** Writes `s` at `p` in the form `measureString` chose (`bytes` of space at `p`, in bounds), right after it. */
export function writeString(u8: Uint8Array, p: number, s: string, form: number, bytes: number): void {
  if (form === UTF8_SHORT) { copyShort(u8, p, bytes); return; }
  if (form === UTF8_SCRATCH) { u8.set(scratch.subarray(0, bytes), p); return; }
  if (form === ASCII) { latin1Write!.call(u8, s, p, bytes); return; }
  if (form === UTF8_KNOWN) { u8.set(known!, p); known = undefined; return; }
  const n = s.length;
  if (form === UTF8) {
    if (n !== 0) encoder.encodeInto(s, u8.subarray(p, p + bytes));
    return;
  }
  if (form === LATIN1) {
    if (n > SHORT && latin1Write !== undefined) { latin1Write.call(u8, s, p, n); return; }
    for (let i = 0; i < n; i++) u8[p + i] = s.charCodeAt(i);
    return;
  }
  if (n > SHORT && ucs2Write !== undefined) { ucs2Write.call(u8, s, p, 2 * n); return; } // always little-endian
  if (n > SHORT && LITTLE_ENDIAN && (p & 1) === 0 && u8.byteOffset === 0) {
    const u16 = new Uint16Array(u8.buffer, 0, u8.byteLength >>> 1);
    const base = p >>> 1;
    for (let i = 0; i < n; i++) u16[base + i] = s.charCodeAt(i);
    return;
  }
  for (let i = 0; i < n; i++) { const c = s.charCodeAt(i); u8[p + 2 * i] = c & 0xff; u8[p + 2 * i + 1] = c >>> 8; }
}
