// Decoding strings from linear memory (CanonicalABI.md "Loading": load_string_from_range), shared by the ABI
// (strings.ts) and the generated adapters (runtime/glue/strings.ts): callers check the range and trap with their
// own location when a decoder returns undefined (invalid encoding). Fatal decoders keep a leading U+FEFF.

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf16Decoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });

/** Below this many code units, JS loops beat the native codecs' call overhead. */
const SHORT = 32;
/** Below this many bytes, an ASCII check plus `String.fromCharCode` beats TextDecoder (measured in bench/abi). */
const SHORT_ASCII = 32;
/** `String.fromCharCode.apply` argument count per chunk (stays far from stack limits). */
const CHUNK = 8192;

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

/** Valid UTF-8 (not ASCII) as a string through Node's codecs; undefined when invalid, null when not available. */
function nodeUtf8(u8: Uint8Array, ptr: number, n: number): string | undefined | null {
  if (nodeIsUtf8 === undefined || nodeTranscode === undefined || ucs2Slice === undefined || !(u8.buffer instanceof ArrayBuffer)) return null;
  const b = u8.subarray(ptr, ptr + n);
  if (!nodeIsUtf8(b)) return undefined;
  try {
    const t = nodeTranscode(b, 'utf8', 'ucs2');
    return ucs2Slice.call(t, 0, t.length);
  } catch { return null; }
}

/** Bytes [ptr, ptr + n) for a TextDecoder, which refuses views of a SharedArrayBuffer (then: a copy). */
function decodable(u8: Uint8Array, ptr: number, n: number): Uint8Array {
  return u8.buffer instanceof ArrayBuffer ? u8.subarray(ptr, ptr + n) : u8.slice(ptr, ptr + n);
}

/** UTF-8 bytes [ptr, ptr + n) (in bounds) as a string; undefined when not valid UTF-8. */
export function utf8At(u8: Uint8Array, ptr: number, n: number): string | undefined {
  if (n <= SHORT_ASCII) {
    let any = 0;
    for (let i = ptr, end = ptr + n; i < end; i++) any |= u8[i]!;
    if (any < 0x80) return bytesToString(u8, ptr, n);
  } else if (isAscii !== undefined && latin1Slice !== undefined && isAscii(u8.subarray(ptr, ptr + n))) {
    return latin1Slice.call(u8, ptr, ptr + n);
  }
  if (n >= BULK_UTF8) {
    const s = nodeUtf8(u8, ptr, n);
    if (s !== null) return s;
  }
  try {
    return utf8Decoder.decode(decodable(u8, ptr, n));
  } catch {
    return undefined;
  }
}

const fromCharCode = String.fromCharCode;

/** Bytes as char codes (ASCII or latin1): 8 codes per call, far cheaper than TextDecoder for short strings. */
function bytesToString(u8: Uint8Array, ptr: number, n: number): string {
  let s = '';
  let i = ptr;
  const end = ptr + n;
  for (; i + 8 <= end; i += 8) {
    s += fromCharCode(u8[i]!, u8[i + 1]!, u8[i + 2]!, u8[i + 3]!, u8[i + 4]!, u8[i + 5]!, u8[i + 6]!, u8[i + 7]!);
  }
  for (; i < end; i++) s += fromCharCode(u8[i]!);
  return s;
}

/** Latin-1 bytes [ptr, ptr + n) (in bounds) as a string (every byte is a code point). */
export function latin1At(u8: Uint8Array, ptr: number, n: number): string {
  if (n <= SHORT_ASCII) return bytesToString(u8, ptr, n);
  if (latin1Slice !== undefined) return latin1Slice.call(u8, ptr, ptr + n);
  let s = '';
  for (let at = ptr, end = ptr + n; at < end; at += CHUNK) {
    s += fromCharCode.apply(null, u8.subarray(at, Math.min(end, at + CHUNK)) as unknown as number[]);
  }
  return s;
}

/** UTF-16LE code units [ptr, ptr + 2 units) (in bounds) as a string; undefined on an unpaired surrogate. */
export function utf16At(u8: Uint8Array, ptr: number, units: number): string | undefined {
  if (units <= SHORT) {
    let s = '';
    let surrogate = false;
    for (let i = 0, p = ptr; i < units; i++, p += 2) {
      const c = u8[p]! | (u8[p + 1]! << 8);
      if ((c & 0xf800) === 0xd800) surrogate = true;
      s += fromCharCode(c);
    }
    return !surrogate || isWellFormed(s) ? s : undefined;
  }
  try {
    return utf16Decoder.decode(decodable(u8, ptr, 2 * units));
  } catch {
    return undefined;
  }
}

