// Strings copied memory to memory by fused adapters (CanonicalABI.md "Loading": load_string_from_range, "Storing":
// store_string, store_string_copy, store_string_to_utf8, store_utf8_to_utf16, store_string_to_latin1_or_utf16,
// store_probably_utf16_to_latin1_or_utf16): the source is validated in place, then transcoded straight into the
// destination memory; no JS string is made. Same encoding on both sides is a byte copy.
import { trap } from '../abi/errors.js';
import type { StringEncoding } from '../abi/context.js';
import { invalidChar, invalidUtf16, invalidUtf8, stringTooLong } from '../abi/trap-texts.js';
import { MAX_STRING_BYTE_LENGTH, measureString, writeString } from '../abi/encode-strings.js';
import { unitsOr, unitsOrIn, utf16At, utf8At } from '../abi/decode-strings.js';
import type { MemView, ReallocFn } from './glue/memview.js';
// Every allocation here is in the destination: its faults are the destination's (fuse-fault.ts).
import { destAlloc as alloc } from './fuse-fault.js';

/** CanonicalABI.md "Loading": UTF16_TAG. */
const UTF16_TAG = 0x80000000;

// CanonicalABI.md "Loading": convert_i32_to_char (a char crosses a fused call as its code point, validated).
export function char(i: number, what: string): number {
  i >>>= 0;
  if (i >= 0x110000 || (i >= 0xd800 && i < 0xe000)) trap(`${what}: ${invalidChar(i)}`);
  return i;
}

/** Second result of a copy (the destination's tagged code-unit count): no pair allocated per string. */
export const fout = { len: 0 };

/** A string copier: source (memory, ptr, flat length) → destination pointer; length in `fout.len`. */
export type StringCopy = (ms: MemView, p: number, n: number, md: MemView, ra: ReallocFn | undefined, what: string) => number;

/** Node's native codecs (`isUtf8`, `isAscii`, ICU `transcode`), probed once (never imported: the runtime bundles for
 *  browsers, which take the JS loops below). `transcode` from UCS-2 throws on an unpaired surrogate, so it validates too. */
interface NodeCodecs {
  Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, s: number, e: number) => string } };
  isUtf8?: (u: Uint8Array) => boolean;
  isAscii?: (u: Uint8Array) => boolean;
  transcode?: (src: Uint8Array, from: string, to: string) => Uint8Array;
}
const node: NodeCodecs = (() => {
  const proc = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try { return (proc?.getBuiltinModule?.('buffer') as NodeCodecs | undefined) ?? {}; } catch { return {}; }
})();
const nodeIsUtf8 = typeof node.isUtf8 === 'function' ? node.isUtf8 : undefined;
const nodeIsAscii = typeof node.isAscii === 'function' ? node.isAscii : undefined;
const nodeTranscode = typeof node.transcode === 'function' ? node.transcode : undefined;
const latin1Slice = node.Buffer?.prototype.latin1Slice;
const encoder = new TextEncoder();
let scratch = new Uint8Array(0);
/** UTF-8 of `s` (at most `worst` bytes) in a reused scratch buffer: the written prefix, measured exactly. */
function scratchUtf8(s: string, worst: number): Uint8Array {
  if (scratch.length < worst) scratch = new Uint8Array(Math.max(worst, 2 * scratch.length));
  return scratch.subarray(0, encoder.encodeInto(s, scratch).written);
}
/** From this many source bytes on, native codecs beat the JS loops (their call and result-buffer overhead). */
const BULK = 256;

/** Whether `u8[p, p+n)` is ASCII (native above BULK bytes; else four bytes per 32-bit load, stopping at a high bit). */
function isAsciiAt(u8: Uint8Array, p: number, n: number): boolean {
  if (nodeIsAscii !== undefined && n >= BULK) return nodeIsAscii(u8.subarray(p, p + n));
  let any = 0, i = p;
  const end = p + n;
  if (n >= BULK) {
    for (; ((u8.byteOffset + i) & 3) !== 0; i++) any |= u8[i]!;
    const words = new Uint32Array(u8.buffer, u8.byteOffset + i, (end - i) >>> 2);
    for (let k = 0; k < words.length && (any & 0x80808080) === 0;) {
      for (const stop = Math.min(words.length, k + 4096); k < stop; k++) any |= words[k]!;
    }
    i += 4 * words.length;
  }
  for (; i < end; i++) any |= u8[i]!;
  return (any & 0x80808080) === 0;
}

/** Native transcoding of validated source bytes, or undefined (no ICU, or an unpaired surrogate in UCS-2 input). */
function transcodeAt(u8: Uint8Array, p: number, bytes: number, from: 'utf8' | 'ucs2' | 'latin1', to: 'utf8' | 'ucs2'): Uint8Array | undefined {
  try { return nodeTranscode!(u8.subarray(p, p + bytes), from, to); } catch { return undefined; }
}

/** True when `u8[p, p+n)` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
function isUtf8(u8: Uint8Array, p: number, n: number): boolean {
  if (nodeIsUtf8 !== undefined && n > 16) return nodeIsUtf8(u8.subarray(p, p + n));
  const end = p + n;
  let i = p;
  while (i < end) {
    const b = u8[i]!;
    if (b < 0x80) { i++; continue; }
    let need: number, min: number, cp: number;
    if (b >= 0xc2 && b <= 0xdf) { need = 1; min = 0x80; cp = b & 0x1f; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; min = 0x800; cp = b & 0x0f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; min = 0x10000; cp = b & 0x07; }
    else return false;
    if (i + need >= end) return false;
    for (let k = 1; k <= need; k++) {
      const c = u8[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    i += need + 1;
  }
  return true;
}

/** The OR of the `units` UTF-16 code units at `p` of `m` (`unitsOrIn` through the memory's cached views). */
function unitsOrAt(m: MemView, p: number, units: number, stop: number): number {
  return unitsOrIn(m.view(5) as Uint32Array, m.view(3) as Uint16Array, p, units, stop);
}

/** Traps unless the `units` UTF-16 code units at `p` pair every surrogate. */
function checkUtf16(m: MemView, p: number, units: number, what: string): void {
  if (units >= BULK && (unitsOrAt(m, p, units, 0x8000) & 0x8000) === 0) return; // no surrogate at all
  const u16 = m.view(3) as Uint16Array;
  const base = p >>> 1;
  for (let i = 0; i < units; i++) {
    const c = u16[base + i]!;
    if ((c & 0xf800) !== 0xd800) continue;
    const next = i + 1 < units ? u16[base + i + 1]! : 0;
    if (c >= 0xdc00 || (next & 0xfc00) !== 0xdc00) trap(`${what}: ${invalidUtf16(p)}`);
    i++;
  }
}

/** The source, validated and in range: its simple encoding and code-unit count (CanonicalABI.md load_string_from_range). */
const src = { enc: 0, units: 0 };
const UTF8 = 0, UTF16 = 1, LATIN1 = 2;

function loadSource(ms: MemView, p: number, n: number, enc: StringEncoding, what: string): void {
  let simple: number, units: number, bytes: number, align: number;
  if (enc === 'utf8') { simple = UTF8; units = n; bytes = n; align = 1; }
  else if (enc === 'utf16') { simple = UTF16; units = n; bytes = 2 * n; align = 2; }
  else if ((n & UTF16_TAG) !== 0) { simple = UTF16; units = (n ^ UTF16_TAG) >>> 0; bytes = 2 * units; align = 2; }
  else { simple = LATIN1; units = n; bytes = n; align = 2; }
  if (bytes > MAX_STRING_BYTE_LENGTH) trap(`${what}: ${stringTooLong(bytes, MAX_STRING_BYTE_LENGTH)}`);
  ms.checkString(p, bytes, align, what);
  src.enc = simple;
  src.units = units;
}

/** Traps unless the loaded source is well formed (UTF-8 or UTF-16; latin1 always is). Paths that transcode a
 *  UTF-16 source natively validate it there instead (one pass), trapping with the same words. */
function validateSource(ms: MemView, p: number, what: string): void {
  if (src.enc === UTF8 && !isUtf8(ms.u8, p, src.units)) trap(`${what}: ${invalidUtf8(ms.u8, p, src.units)}`);
  if (src.enc === UTF16) checkUtf16(ms, p, src.units, what);
}

/** Code point at byte `i` of valid UTF-8; its byte length in `step.n`. */
const step = { n: 0 };
function cpUtf8(u8: Uint8Array, i: number): number {
  const b = u8[i]!;
  if (b < 0x80) { step.n = 1; return b; }
  if (b < 0xe0) { step.n = 2; return ((b & 0x1f) << 6) | (u8[i + 1]! & 0x3f); }
  if (b < 0xf0) { step.n = 3; return ((b & 0x0f) << 12) | ((u8[i + 1]! & 0x3f) << 6) | (u8[i + 2]! & 0x3f); }
  step.n = 4;
  return ((b & 0x07) << 18) | ((u8[i + 1]! & 0x3f) << 12) | ((u8[i + 2]! & 0x3f) << 6) | (u8[i + 3]! & 0x3f);
}

/** Code point at unit `i` of valid UTF-16 at `p`; its unit count in `step.n`. */
function cpUtf16(dv: DataView, p: number, i: number): number {
  const c = dv.getUint16(p + 2 * i, true);
  if ((c & 0xfc00) !== 0xd800) { step.n = 1; return c; }
  step.n = 2;
  return 0x10000 + ((c - 0xd800) << 10) + (dv.getUint16(p + 2 * i + 2, true) - 0xdc00);
}

/** Code point at unit `i` of the validated source; `step.n` units. */
function cpAt(ms: MemView, p: number, i: number): number {
  if (src.enc === UTF8) return cpUtf8(ms.u8, p + i);
  if (src.enc === UTF16) return cpUtf16(ms.dv, p, i);
  step.n = 1;
  return ms.u8[p + i]!;
}

/** Writes `cp` as UTF-8 at `q`; returns the byte count. */
function putUtf8(u8: Uint8Array, q: number, cp: number): number {
  if (cp < 0x80) { u8[q] = cp; return 1; }
  if (cp < 0x800) { u8[q] = 0xc0 | (cp >> 6); u8[q + 1] = 0x80 | (cp & 0x3f); return 2; }
  if (cp < 0x10000) { u8[q] = 0xe0 | (cp >> 12); u8[q + 1] = 0x80 | ((cp >> 6) & 0x3f); u8[q + 2] = 0x80 | (cp & 0x3f); return 3; }
  u8[q] = 0xf0 | (cp >> 18); u8[q + 1] = 0x80 | ((cp >> 12) & 0x3f); u8[q + 2] = 0x80 | ((cp >> 6) & 0x3f); u8[q + 3] = 0x80 | (cp & 0x3f);
  return 4;
}

/** Writes `cp` as UTF-16 at `q`; returns the unit count. */
function putUtf16(dv: DataView, q: number, cp: number): number {
  if (cp < 0x10000) { dv.setUint16(q, cp, true); return 1; }
  const c = cp - 0x10000;
  dv.setUint16(q, 0xd800 + (c >> 10), true);
  dv.setUint16(q + 2, 0xdc00 + (c & 0x3ff), true);
  return 2;
}

function tooLong(bytes: number, what: string): void {
  if (bytes > MAX_STRING_BYTE_LENGTH) trap(`${what}: ${stringTooLong(bytes, MAX_STRING_BYTE_LENGTH)}`);
}

// Every store below allocates ONCE at the exact destination size (DESIGN.md §5): the validated source is measured
// first (code points, UTF-8 bytes, UTF-16 units), then transcoded straight into place.

/** Destination size of the validated source from unit `i` on: UTF-8 bytes, UTF-16 units, and whether all fit latin1. */
const size = { utf8: 0, utf16: 0, latin1: true };
function measureSource(ms: MemView, p: number, i: number): void {
  let b8 = 0, u16 = 0, latin1 = true;
  const n = src.units;
  while (i < n) {
    const cp = cpAt(ms, p, i);
    i += step.n;
    b8 += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    u16 += cp < 0x10000 ? 1 : 2;
    if (cp >= 0x100) latin1 = false;
  }
  size.utf8 = b8; size.utf16 = u16; size.latin1 = latin1;
}

// CanonicalABI.md "Storing": store_string_copy (same code units on both sides: one TypedArray#set).
function storeCopy(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, unitSize: number, align: number, what: string): number {
  const units = src.units;
  const bytes = unitSize * units;
  tooLong(bytes, what);
  const q = alloc(md, ra, 0, 0, align, bytes, what, 'string');
  if (units === 0) return q;
  if (unitSize === 2 && src.enc === LATIN1) (md.view(3) as Uint16Array).set(ms.u8.subarray(p, p + units), q >>> 1);
  else md.u8.set((ms.view(1) as Uint8Array).subarray(p, p + bytes), q); // alloc may have grown a shared memory
  return q;
}

// CanonicalABI.md "Storing": store_string_to_utf8 (the ASCII prefix counted, the rest measured, one allocation).
function storeToUtf8(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, what: string): number {
  const units = src.units;
  if (units >= BULK) {
    // Latin-1 that is ASCII is already UTF-8: one byte copy.
    if (src.enc === LATIN1 && isAsciiAt(ms.u8, p, units)) return copyBytes(ms, p, md, ra, units, 1, what);
    // ASCII UTF-16 (no unit past U+007F, so no surrogate either) is one narrowing typed-array copy; found by one
    // word-wide scan, without the fixed cost of a native transcoding (a result buffer per call).
    if (src.enc === UTF16 && (unitsOrAt(ms, p, units, 0xff80) & 0xff80) === 0) return narrowUnits(ms, p, md, ra, units, 1, what);
    if (nodeTranscode !== undefined) {
      // Native transcoding measures (its result's length is the exact size) and, from UCS-2, validates: then one
      // allocation and one copy.
      if (src.enc === UTF16) {
        const t = transcodeAt(ms.u8, p, 2 * units, 'ucs2', 'utf8');
        if (t !== undefined) return copyOut(t, md, ra, 1, t.length, what);
      }
    }
    if (src.enc === LATIN1 && latin1Slice !== undefined) {
      // Latin-1 to UTF-8 through a one-byte JS string (a native slice) and encodeInto, faster than ICU for this pair.
      const t = scratchUtf8(latin1Slice.call(ms.u8, p, p + units), 2 * units);
      return copyOut(t, md, ra, 1, t.length, what);
    }
  }
  if (src.enc === UTF16) checkUtf16(ms, p, units, what);
  // Source code units through a typed view (a UTF-16 source is 2-aligned).
  const sv: Uint8Array | Uint16Array = src.enc === UTF16 ? ms.view(3) as Uint16Array : ms.u8;
  const sb = src.enc === UTF16 ? p >>> 1 : p;
  let ascii = 0;
  while (ascii < units && sv[sb + ascii]! < 0x80) ascii++;
  let bytes = ascii;
  if (ascii < units) { measureSource(ms, p, ascii); bytes += size.utf8; }
  tooLong(bytes, what);
  const q = alloc(md, ra, 0, 0, 1, bytes, what, 'string');
  const d = md.u8;
  const sv2: Uint8Array | Uint16Array = src.enc === UTF16 ? ms.view(3) as Uint16Array : ms.u8; // alloc may grow a shared memory
  for (let i = 0; i < ascii; i++) d[q + i] = sv2[sb + i]!;
  let w = ascii;
  for (let i = ascii; i < units;) {
    const cp = cpAt(ms, p, i);
    i += step.n;
    w += putUtf8(d, q + w, cp);
  }
  fout.len = bytes;
  return q;
}

/** ASCII: every byte is one code unit, widened by one typed-array copy. */
function widenAscii(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, n: number, what: string): number {
  tooLong(2 * n, what);
  const q = alloc(md, ra, 0, 0, 2, 2 * n, what, 'string');
  (md.view(3) as Uint16Array).set((ms.view(1) as Uint8Array).subarray(p, p + n), q >>> 1);
  fout.len = n;
  return q;
}

// CanonicalABI.md "Storing": store_utf8_to_utf16 (UTF-16 units counted first, one allocation).
function storeUtf8ToUtf16(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, what: string): number {
  const n = src.units;
  if (n >= BULK) {
    // (An ASCII source of this size was widened by the dispatch, stringCopy.)
    if (nodeTranscode !== undefined) {
      const t = transcodeAt(ms.u8, p, n, 'utf8', 'ucs2');
      if (t !== undefined) return copyOut(t, md, ra, 2, t.length >>> 1, what);
    }
  }
  const u8 = ms.u8;
  let ascii = 0;
  while (ascii < n && u8[p + ascii]! < 0x80) ascii++;
  let units = ascii;
  if (ascii < n) { measureSource(ms, p, ascii); units += size.utf16; }
  tooLong(2 * units, what);
  const q = alloc(md, ra, 0, 0, 2, 2 * units, what, 'string');
  const s8 = ms.u8, dv = md.dv;
  // ASCII prefix through a Uint16Array view (q is 2-aligned): the common case, one store per byte.
  const u16 = md.view(3) as Uint16Array;
  const base = q >>> 1;
  for (let i = 0; i < ascii; i++) u16[base + i] = s8[p + i]!;
  let w = ascii;
  for (let i = ascii; i < n;) {
    const cp = cpUtf8(s8, p + i);
    i += step.n;
    w += putUtf16(dv, q + 2 * w, cp);
  }
  fout.len = units;
  return q;
}

// CanonicalABI.md "Storing": store_string_to_latin1_or_utf16 (latin1 when every code point fits, else UTF-16;
// decided by measuring first, so one allocation).
function storeToLatin1OrUtf16(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, what: string): number {
  // A UTF-16 source fits latin1 exactly when every code unit does (surrogates never do).
  if (src.enc === UTF16) return storeProbablyUtf16(ms, p, md, ra, what);
  const n = src.units;
  if (n >= BULK) {
    // (An ASCII source of this size was copied by the dispatch, stringCopy.)
    const t = nodeTranscode !== undefined ? transcodeAt(ms.u8, p, n, 'utf8', 'ucs2') : undefined;
    if (t !== undefined) {
      const units = t.length >>> 1;
      // Latin-1 when no UTF-16LE code unit has a high byte (mixed text usually shows one early).
      let wide: boolean;
      if ((t.byteOffset & 1) === 0) wide = (unitsOr(t.buffer, t.byteOffset, units, 0xff00) & 0xff00) !== 0;
      else { let i = 1; while (i < t.length && t[i] === 0) i += 2; wide = i < t.length; }
      if (wide) { const q = copyOut(t, md, ra, 2, units, what); fout.len = (units | UTF16_TAG) >>> 0; return q; }
      const q = alloc(md, ra, 0, 0, 2, units, what, 'string');
      const d = md.u8;
      if ((t.byteOffset & 1) === 0) d.set(new Uint16Array(t.buffer, t.byteOffset, units), q); // narrowing copy
      else for (let k = 0; k < units; k++) d[q + k] = t[2 * k]!;
      fout.len = units;
      return q;
    }
  }
  measureSource(ms, p, 0);
  const d = md;
  if (size.latin1) {
    const cps = size.utf16; // every code point of a latin1 string is one UTF-16 unit
    const q = alloc(d, ra, 0, 0, 2, cps, what, 'string');
    for (let i = 0, w = 0; i < src.units; w++) {
      const cp = cpAt(ms, p, i);
      i += step.n;
      d.u8[q + w] = cp;
    }
    fout.len = cps;
    return q;
  }
  const units = size.utf16;
  tooLong(2 * units, what);
  const q = alloc(d, ra, 0, 0, 2, 2 * units, what, 'string');
  const dv = d.dv;
  let w = 0;
  for (let i = 0; i < src.units;) {
    const cp = cpAt(ms, p, i);
    i += step.n;
    w += putUtf16(dv, q + 2 * w, cp);
  }
  fout.len = (units | UTF16_TAG) >>> 0;
  return q;
}

// CanonicalABI.md "Storing": store_probably_utf16_to_latin1_or_utf16 (UTF-16 source: latin1 when every unit fits).
function storeProbablyUtf16(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, what: string): number {
  const units = src.units;
  const sv = ms.view(3) as Uint16Array, sb = p >>> 1;
  let latin1 = true;
  if (units >= BULK) latin1 = (unitsOrAt(ms, p, units, 0xff00) & 0xff00) === 0;
  else for (let i = 0; i < units; i++) if (sv[sb + i]! >= 0x100) { latin1 = false; break; }
  if (!latin1) {
    checkUtf16(ms, p, units, what); // a latin1 source has no surrogate, so only a wide one is validated
    const q = storeCopy(ms, p, md, ra, 2, 2, what);
    fout.len = (units | UTF16_TAG) >>> 0;
    return q;
  }
  return narrowUnits(ms, p, md, ra, units, 2, what);
}

/** `units` UTF-16 code units, each below U+0100, narrowed to bytes at their exact size (latin1, or ASCII as UTF-8). */
function narrowUnits(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, units: number, align: number, what: string): number {
  const q = alloc(md, ra, 0, 0, align, units, what, 'string');
  const sb = p >>> 1;
  md.u8.set((ms.view(3) as Uint16Array).subarray(sb, sb + units), q); // alloc may have grown a memory both sides share
  fout.len = units;
  return q;
}

/** `n` source bytes copied as they are (ASCII as UTF-8 or latin1): one allocation, one copy; `fout.len = n`. */
function copyBytes(ms: MemView, p: number, md: MemView, ra: ReallocFn | undefined, n: number, align: number, what: string): number {
  const q = alloc(md, ra, 0, 0, align, n, what, 'string');
  md.u8.set((ms.view(1) as Uint8Array).subarray(p, p + n), q); // alloc may have grown a memory both sides share
  fout.len = n;
  return q;
}

/** A natively transcoded result copied into place at its exact size; `fout.len = len` (code units). */
function copyOut(t: Uint8Array, md: MemView, ra: ReallocFn | undefined, align: number, len: number, what: string): number {
  tooLong(t.length, what);
  const q = alloc(md, ra, 0, 0, align, t.length, what, 'string');
  md.u8.set(t, q);
  fout.len = len;
  return q;
}

/** Without Node's codecs (browsers, Deno), source bytes from which a UTF-8 ↔ UTF-16 copy goes through a JS string. */
const DECODE_MIN = BULK;
/** ... and up to which (the destination, at most twice the source, then stays within MAX_STRING_BYTE_LENGTH). */
const DECODE_MAX = Math.floor(MAX_STRING_BYTE_LENGTH / 2);

/**
 * A UTF-8 ↔ UTF-16 copy through the host's native codecs where Node's are absent: the source decoded by a fatal
 * TextDecoder (which validates it in the same native pass; invalid input traps in the same words as the JS
 * validators), then the string written as the unfused path writes it (`encodeInto`, bulk code-unit stores), at its
 * exact size. Undefined when this path does not apply.
 */
function viaString(ms: MemView, p: number, to: StringEncoding, md: MemView, ra: ReallocFn | undefined, what: string): number | undefined {
  const e = src.enc, units = src.units;
  if (nodeTranscode !== undefined || e === LATIN1 || (e === UTF8) === (to === 'utf8')) return undefined;
  const bytes = e === UTF8 ? units : 2 * units;
  if (bytes < DECODE_MIN || bytes > DECODE_MAX) return undefined;
  const u8 = ms.u8;
  const s = e === UTF8 ? utf8At(u8, p, units) ?? trap(`${what}: ${invalidUtf8(u8, p, units)}`) : utf16At(u8, p, units) ?? trap(`${what}: ${invalidUtf16(p)}`);
  const k = measureString(s, to); // well formed (just decoded) and within the limit (DECODE_MAX): cannot throw
  const form = k.form, size = k.bytes, len = k.len;
  const q = alloc(md, ra, 0, 0, k.align, size, what, 'string');
  writeString(md.u8, q, s, form, size);
  fout.len = len;
  return q;
}

/** The copier from strings in `from` to strings in `to` (CanonicalABI.md "Storing": store_string's dispatch). */
export function stringCopy(from: StringEncoding, to: StringEncoding): StringCopy {
  return (ms, p, n, md, ra, what) => {
    p >>>= 0; n >>>= 0;
    loadSource(ms, p, n, from, what);
    const e = src.enc;
    const q = viaString(ms, p, to, md, ra, what);
    if (q !== undefined) return q;
    if (to === 'utf8' && e === UTF16) return storeToUtf8(ms, p, md, ra, what); // validates as it transcodes
    if (to === 'latin1+utf16' && e === UTF16) return storeProbablyUtf16(ms, p, md, ra, what); // validates a wide source
    if (e === UTF8 && to !== 'utf8' && src.units >= BULK && isAsciiAt(ms.u8, p, src.units)) {
      // ASCII (valid UTF-8 by definition): widened to UTF-16 or copied as latin1, with no separate validation.
      if (to === 'utf16') return widenAscii(ms, p, md, ra, src.units, what);
      return copyBytes(ms, p, md, ra, src.units, 2, what);
    }
    validateSource(ms, p, what);
    switch (to) {
      case 'utf8':
        if (e === UTF8) { const q = storeCopy(ms, p, md, ra, 1, 1, what); fout.len = src.units; return q; }
        return storeToUtf8(ms, p, md, ra, what);
      case 'utf16':
        if (e === UTF8) return storeUtf8ToUtf16(ms, p, md, ra, what);
        { const q = storeCopy(ms, p, md, ra, 2, 2, what); fout.len = src.units; return q; }
      case 'latin1+utf16':
        if (from === 'latin1+utf16') {
          if (e === LATIN1) { const q = storeCopy(ms, p, md, ra, 1, 2, what); fout.len = src.units; return q; }
          return storeProbablyUtf16(ms, p, md, ra, what);
        }
        return storeToLatin1OrUtf16(ms, p, md, ra, what);
    }
  };
}
