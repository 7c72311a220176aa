// Decoding strings from linear memory (CanonicalABI.md "Loading": load_string_from_range), shared by the ABI
// (strings.ts) and the generated adapters (runtime/glue/strings.ts): callers check the range and trap with their
// own location when a decoder returns undefined (invalid encoding). Fatal decoders keep a leading U+FEFF.

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16Decoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** Up to this many bytes, UTF-8 (and up to this many units, UTF-16) is decoded by JS loops: no native call, whose
 *  fixed cost (~100 ns for TextDecoder) dominates short strings. */
const SHORT = 64;
/** Up to this many codes, `String.fromCharCode` calls make a string faster than a native slice (one call up to 16). */
const FEW = 16;
/** Without Node's slices, up to this many bytes `String.fromCharCode` calls beat TextDecoder. */
const SHORT_ASCII = 48;
/** Up to this many bytes, a JS OR-scan finds ASCII faster than Node's `isAscii` (which needs a subarray). */
const MID_ASCII = 128;
/** `String.fromCharCode.apply` argument count per chunk (stays far from stack limits). */
const CHUNK = 8192;
/** Code units of a short string being decoded (a short UTF-8 or UTF-16 string has at most SHORT units). */
const units = new Uint16Array(SHORT);
const unitBytes = new Uint8Array(units.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether `s` has no unpaired surrogate (`String#isWellFormed` where the host has it). */
export const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: () => boolean }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Node's `isAscii` + latin1 slice decode ASCII several times faster than TextDecoder. Probed once, never imported. */
interface NodeBufferish {
  isAscii?: (u: Uint8Array) => boolean;
  isUtf8?: (u: Uint8Array) => boolean;
  transcode?: (src: Uint8Array, from: string, to: string) => Uint8Array;
  Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, s: number, e: number) => string; ucs2Slice?: (this: Uint8Array, s: number, e: number) => string } };
}
const nodeBuffer: NodeBufferish | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try { return p?.getBuiltinModule?.('buffer') as NodeBufferish | undefined; } catch { return undefined; }
})();
const isAscii = typeof nodeBuffer?.isAscii === 'function' ? nodeBuffer.isAscii : undefined;
const latin1Slice = nodeBuffer?.Buffer?.prototype.latin1Slice;
// Non-ASCII UTF-8 on Node: native validation, ICU transcoding to UTF-16 and a UTF-16 slice decode ~3× faster than
// TextDecoder (which takes a slower path when fatal).
const nodeIsUtf8 = typeof nodeBuffer?.isUtf8 === 'function' ? nodeBuffer.isUtf8 : undefined;
const nodeTranscode = typeof nodeBuffer?.transcode === 'function' ? nodeBuffer.transcode : undefined;
const ucs2Slice = nodeBuffer?.Buffer?.prototype.ucs2Slice;
/** From this many bytes on, the native UTF-8 path above beats TextDecoder. */
const BULK_UTF8 = 256;

/**
 * Valid UTF-8 (not ASCII) as a string through Node's codecs; undefined when invalid, null when not available. One
 * flat two-byte string, transcoded whole: a long one costs fresh pages either way (a flat string past V8's regular
 * object size, or Node's external one, is new memory every call, ~350 page faults per MiB of mixed UTF-8), and
 * transcoding in 32 KiB chunks into a warm scratch first measured 5-10% slower (one more copy, no fault saved). Not
 * built as a rope of chunks either: whatever the user does with it next would flatten it (those same faults, later).
 */
function nodeUtf8(u8: Uint8Array, ptr: number, n: number): string | undefined | null {
  if (nodeIsUtf8 === undefined || nodeTranscode === undefined || ucs2Slice === undefined || !(u8.buffer instanceof ArrayBuffer)) return null;
  const b = u8.subarray(ptr, ptr + n);
  if (!nodeIsUtf8(b)) return undefined;
  try {
    const t = nodeTranscode(b, 'utf8', 'ucs2');
    return noteWellFormed(ucs2Slice.call(t, 0, t.length));
  } catch { return null; }
}

/** Up to this many code units, text with every unit below U+0100 is narrowed through `narrow8` (retained scratch). */
const NARROW_MAX = 1 << 22;
let narrow8 = new Uint8Array(0);

/**
 * `count` UTF-16LE code units at byte `off` of `buf` as a one-byte string when every unit is below U+0100 (then no
 * surrogate either): narrowed by one typed-array copy and made by Node's latin1 slice. One-byte strings are faster
 * for everything after (V8 answers "any unit past U+00FF?" at once for them). Undefined otherwise.
 */
function narrowed(buf: ArrayBufferLike, off: number, count: number): string | undefined {
  if (latin1Slice === undefined || !LITTLE_ENDIAN || (off & 1) !== 0 || count > NARROW_MAX) return undefined;
  if ((unitsOr(buf, off, count, 0xff00) & 0xff00) !== 0) return undefined;
  if (narrow8.length < count) narrow8 = new Uint8Array(Math.max(count, 2 * narrow8.length));
  narrow8.set(new Uint16Array(buf, off, count));
  return latin1Slice.call(narrow8, 0, count);
}

/**
 * The bitwise OR of the `count` UTF-16 code units at byte `off` of `buf` (`off` even), stopping early once it has a
 * bit of `stop`. Two units per 32-bit load and no branch per unit: what lets an ASCII or latin1 scan run near memory
 * speed (surrogates all have 0x8000, units past latin1 have a bit of 0xff00).
 */
export function unitsOr(buf: ArrayBufferLike, off: number, count: number, stop: number): number {
  return unitsOrIn(new Uint32Array(buf, 0, buf.byteLength >>> 2), new Uint16Array(buf, 0, buf.byteLength >>> 1), off, count, stop);
}

/**
 * `unitsOr` through views a caller keeps (a `Uint32Array` and a `Uint16Array` over the whole buffer from byte 0):
 * no view made per call, which at a few KiB is most of the scan's cost. `off` is even.
 */
export function unitsOrIn(w32: Uint32Array, u16: Uint16Array, off: number, count: number, stop: number): number {
  let acc = 0, i = 0;
  if ((off & 2) !== 0 && count > 0) { acc = u16[off >>> 1]!; i = 1; }
  const first = (off + 2 * i) >>> 2;
  const words = (count - i) >>> 1;
  const stop32 = (stop | (stop << 16)) >>> 0;
  for (let k = 0; k < words && (acc & stop32) === 0;) {
    const end = Math.min(words, k + 4096);
    for (; k < end; k++) acc |= w32[first + k]!;
  }
  if (((count - i) & 1) !== 0) acc |= u16[(off >>> 1) + count - 1]!;
  return (acc | (acc >>> 16)) & 0xffff;
}

/** Bytes [ptr, ptr + n) for a TextDecoder, which refuses views of a SharedArrayBuffer (then: a copy). */
function decodable(u8: Uint8Array, ptr: number, n: number): Uint8Array {
  return u8.buffer instanceof ArrayBuffer ? u8.subarray(ptr, ptr + n) : u8.slice(ptr, ptr + n);
}

/** UTF-8 bytes [ptr, ptr + n) (in bounds) as a string; undefined when not valid UTF-8. */
export function utf8At(u8: Uint8Array, ptr: number, n: number): string | undefined {
  if (n <= FEW) {
    // The common case, kept small so that callers inline it.
    let any = 0;
    for (let i = ptr, end = ptr + n; i < end; i++) any |= u8[i]!;
    return any < 0x80 ? fewCodes(u8, ptr, n) : utf8Short(u8, ptr, n);
  }
  return utf8Long(u8, ptr, n);
}

function utf8Long(u8: Uint8Array, ptr: number, n: number): string | undefined {
  if (n <= MID_ASCII) {
    let any = 0;
    for (let i = ptr, end = ptr + n; i < end; i++) any |= u8[i]!;
    if (any < 0x80) {
      return latin1At(u8, ptr, n);
    }
    if (n <= SHORT) return utf8Short(u8, ptr, n);
  } else if (isAscii !== undefined && latin1Slice !== undefined && isAscii(u8.subarray(ptr, ptr + n))) {
    return latin1Slice.call(u8, ptr, ptr + n);
  }
  if (n >= BULK_UTF8) {
    const s = nodeUtf8(u8, ptr, n); // noted well formed by nodeUtf8
    if (s !== null) return s;
  }
  try {
    return noteWellFormed(utf8Decoder.decode(decodable(u8, ptr, n)));
  } catch {
    return undefined;
  }
}

/**
 * Short UTF-8 (at most SHORT bytes) decoded by a JS loop, exactly as strict as a fatal TextDecoder (Unicode Table
 * 3-7: no overlongs, surrogates, code points past U+10FFFF or cut-off sequences); undefined when invalid.
 */
function utf8Short(u8: Uint8Array, ptr: number, n: number): string | undefined {
  const out = units;
  let w = 0;
  for (let i = ptr, end = ptr + n; i < end;) {
    const b = u8[i]!;
    if (b < 0x80) { out[w++] = b; i++; continue; }
    if (b < 0xc2) return undefined;
    if (b < 0xe0) {
      if (i + 1 >= end) return undefined;
      const c = u8[i + 1]!;
      if ((c & 0xc0) !== 0x80) return undefined;
      out[w++] = ((b & 0x1f) << 6) | (c & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      if (i + 2 >= end) return undefined;
      const c1 = u8[i + 1]!, c2 = u8[i + 2]!;
      if (c1 < (b === 0xe0 ? 0xa0 : 0x80) || c1 > (b === 0xed ? 0x9f : 0xbf) || (c2 & 0xc0) !== 0x80) return undefined;
      out[w++] = ((b & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      i += 3;
    } else if (b < 0xf5) {
      if (i + 3 >= end) return undefined;
      const c1 = u8[i + 1]!, c2 = u8[i + 2]!, c3 = u8[i + 3]!;
      if (c1 < (b === 0xf0 ? 0x90 : 0x80) || c1 > (b === 0xf4 ? 0x8f : 0xbf) || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return undefined;
      const cp = (((b & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f)) - 0x10000;
      out[w++] = 0xd800 | (cp >> 10);
      out[w++] = 0xdc00 | (cp & 0x3ff);
      i += 4;
    } else {
      return undefined;
    }
  }
  return unitsToString(w);
}

/** `units[0, w)` as a string: `String.fromCharCode` for a few, Node's UTF-16 slice for more. */
function unitsToString(w: number): string {
  if (w <= FEW || ucs2Slice === undefined || !LITTLE_ENDIAN) return codesToString(units, 0, w);
  return ucs2Slice.call(unitBytes, 0, 2 * w);
}

const fromCharCode = String.fromCharCode;

/**
 * Code units `a[i, i + n)` (bytes for ASCII or latin1) as a string: 16 codes per `String.fromCharCode` call, the rest
 * in one call with exactly their count, so a string of up to 16 units is made by a single call (no concatenation).
 */
function codesToString(a: Uint8Array | Uint16Array, i: number, n: number): string {
  if (n <= 16) return fewCodes(a, i, n);
  const end = i + n;
  let s = '';
  for (; end - i > 16; i += 16) s += fewCodes(a, i, 16);
  return s + fewCodes(a, i, end - i);
}

/** `a[i, i + n)` for n ≤ 16 as a string, by one call. */
function fewCodes(a: Uint8Array | Uint16Array, i: number, n: number): string {
  switch (n) {
    case 0: return '';
    case 1: return fromCharCode(a[i]!);
    case 2: return fromCharCode(a[i]!, a[i + 1]!);
    case 3: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!);
    case 4: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!);
    case 5: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!);
    case 6: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!);
    case 7: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!);
    case 8: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!);
    case 9: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!);
    case 10: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!);
    case 11: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!);
    case 12: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!, a[i + 11]!);
    case 13: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!, a[i + 11]!, a[i + 12]!);
    case 14: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!, a[i + 11]!, a[i + 12]!, a[i + 13]!);
    case 15: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!, a[i + 11]!, a[i + 12]!, a[i + 13]!, a[i + 14]!);
    default: return fromCharCode(a[i]!, a[i + 1]!, a[i + 2]!, a[i + 3]!, a[i + 4]!, a[i + 5]!, a[i + 6]!, a[i + 7]!, a[i + 8]!, a[i + 9]!, a[i + 10]!, a[i + 11]!, a[i + 12]!, a[i + 13]!, a[i + 14]!, a[i + 15]!);
  }
}

/** Latin-1 bytes [ptr, ptr + n) (in bounds) as a string (every byte is a code point). */
export function latin1At(u8: Uint8Array, ptr: number, n: number): string {
  if (n <= FEW || latin1Slice === undefined && n <= SHORT_ASCII) return codesToString(u8, ptr, n);
  if (latin1Slice !== undefined) return latin1Slice.call(u8, ptr, ptr + n);
  let s = '';
  for (let at = ptr, end = ptr + n; at < end; at += CHUNK) {
    s += fromCharCode.apply(null, u8.subarray(at, Math.min(end, at + CHUNK)) as unknown as number[]);
  }
  return s;
}

/** UTF-16LE code units [ptr, ptr + 2 units) (in bounds) as a string; undefined on an unpaired surrogate. */
export function utf16At(u8: Uint8Array, ptr: number, count: number): string | undefined {
  if (count <= SHORT) {
    const out = units;
    let surrogates = 0;
    for (let i = 0, p = ptr; i < count; i++, p += 2) {
      const c = u8[p]! | (u8[p + 1]! << 8);
      surrogates |= (c & 0xf800) ^ 0xd800 ? 0 : 1;
      out[i] = c;
    }
    if (surrogates !== 0 && !pairedAt(out, count)) return undefined;
    return unitsToString(count);
  }
  const narrow = narrowed(u8.buffer, u8.byteOffset + ptr, count);
  if (narrow !== undefined) return narrow;
  if (nodeTranscode !== undefined && ucs2Slice !== undefined && count >= BULK_UTF8) {
    // ICU's UTF-16 → UTF-8 transcoding refuses an unpaired surrogate, so it validates faster than a fatal
    // TextDecoder; the string is then a plain slice, and its UTF-8 is kept for a lowering that follows.
    let t: Uint8Array | undefined;
    try { t = nodeTranscode(u8.subarray(ptr, ptr + 2 * count), 'ucs2', 'utf8'); } catch { t = undefined; }
    if (t !== undefined) return noteWellFormed(ucs2Slice.call(u8, ptr, ptr + 2 * count), t);
  }
  try {
    return noteWellFormed(utf16Decoder.decode(decodable(u8, ptr, 2 * count)));
  } catch {
    return undefined;
  }
}

/** Whether every surrogate of `a[0, n)` is paired (a high one followed by a low one). */
function pairedAt(a: Uint16Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const c = a[i]!;
    if ((c & 0xf800) !== 0xd800) continue;
    if (c >= 0xdc00 || i + 1 >= n || (a[i + 1]! & 0xfc00) !== 0xdc00) return false;
    i++;
  }
  return true;
}

/** Strings from this many code units on are remembered as well formed when a decoder made them (see noteWellFormed). */
const MEMO_UNITS = 1024;
let wellFormed: string | undefined;
/** Its UTF-8, when the decoder made that on the way. */
let wellFormedUtf8: Uint8Array | undefined;
let clearPending = false;
const clearWellFormed = (): void => { wellFormed = undefined; wellFormedUtf8 = undefined; clearPending = false; };
const later: ((f: () => void) => void) | undefined = typeof queueMicrotask === 'function' ? queueMicrotask : undefined;

/**
 * Remembers a long string a fatal decoder just made from validated memory (so it has no unpaired surrogate) until the
 * current job ends: a host that passes it straight on into another component (the unfused path between two
 * components) then lowers it without a second well-formedness scan (`knownWellFormed`). One slot, cleared by a
 * microtask, so nothing is retained past the synchronous code that lifted it. With `utf8` (what a UTF-16 decoding
 * made while validating), a UTF-8 lowering of the same string copies it instead of encoding again.
 */
function noteWellFormed(s: string, utf8?: Uint8Array): string {
  if (s.length >= MEMO_UNITS && later !== undefined) {
    wellFormed = s;
    wellFormedUtf8 = utf8;
    if (!clearPending) { clearPending = true; later(clearWellFormed); }
  }
  return s;
}

/** Whether `s` is the string `noteWellFormed` remembers (the same string object, or equal contents). */
export function knownWellFormed(s: string): boolean {
  return s === wellFormed;
}

/** The UTF-8 of `s` when it is the remembered string and its decoder made that UTF-8 (valid until the job ends). */
export function knownUtf8(s: string): Uint8Array | undefined {
  return wellFormedUtf8 !== undefined && s === wellFormed ? wellFormedUtf8 : undefined;
}
