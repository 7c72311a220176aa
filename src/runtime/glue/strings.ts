// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range; "Storing": store_string).
// Lowering measures, allocates once at the exact size and writes (abi/encode-strings.ts, shared with the ABI);
// lifting shares abi/decode-strings.ts's decoders.
import { atLocation, trap } from '../../abi/errors.js';
import { latin1At, utf16At, utf8At } from '../../abi/decode-strings.js';
import { copyShort, encodeShort, measureString, writeString, MAX_STRING_BYTE_LENGTH, SHORT } from '../../abi/encode-strings.js';
import type { StringEncoding } from '../../abi/context.js';
import { invalidUtf16, invalidUtf8, stringTooLong } from '../../abi/trap-texts.js';
import { alloc, countLift, out, type MemView, type ReallocFn } from './memview.js';


/** CanonicalABI.md "Storing": store_string (one realloc of the exact encoded size); the flat length in `out.len`. */
function lowerString(m: MemView, realloc: ReallocFn | undefined, s: string, what: string, encoding: StringEncoding): number {
  let k;
  try { k = measureString(s, encoding); } catch (e) { throw atLocation(e, what); }
  const { form, bytes, len } = k;
  const p = alloc(m, realloc, 0, 0, k.align, bytes, what, 'string');
  writeString(m.u8, p, s, form, bytes);
  out.len = len;
  return p;
}

// CanonicalABI.md "Storing": store_string_to_utf8. Short strings (the common case) inline: encoded once into a
// small scratch buffer (its length is the exact allocation), then copied byte by byte.
export function lowerUtf8(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  if (s.length <= SHORT) {
    const bytes = encodeShort(s);
    if (bytes >= 0) {
      const p = alloc(m, realloc, 0, 0, 1, bytes, what, 'string');
      copyShort(m.u8, p, bytes);
      out.len = bytes;
      return p;
    }
  }
  return lowerString(m, realloc, s, what, 'utf8'); // long, or an unpaired surrogate (lowerString's error)
}

// CanonicalABI.md "Storing": store_string_copy to UTF-16 (code units copied, little-endian).
export function lowerUtf16(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  return lowerString(m, realloc, s, what, 'utf16');
}

// CanonicalABI.md "Storing": store_string_to_latin1_or_utf16 (latin1 when every code unit fits, else tagged UTF-16).
export function lowerLatin1Utf16(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  return lowerString(m, realloc, s, what, 'latin1+utf16');
}

/** CanonicalABI.md "Loading": UTF16_TAG. */
const UTF16_TAG = 0x80000000;

// CanonicalABI.md "Loading": load_string_from_range (MAX_STRING_BYTE_LENGTH, then bounds and alignment).
function checkStringRange(m: MemView, p: number, bytes: number, align: number, what: string): void {
  if (bytes > MAX_STRING_BYTE_LENGTH) trap(`${what}: ${stringTooLong(bytes, MAX_STRING_BYTE_LENGTH)}`);
  m.checkString(p, bytes, align, what);
}

// CanonicalABI.md "Loading": load_string_from_range, utf8 (the decoders are abi/strings.ts's).
export function liftUtf8(m: MemView, p: number, len: number, what: string): string {
  p >>>= 0; len >>>= 0;
  checkStringRange(m, p, len, 1, what);
  countLift(m, len, what);
  return utf8At(m.u8, p, len) ?? trap(`${what}: ${invalidUtf8(m.u8, p, len)}`);
}

// CanonicalABI.md "Loading": load_string_from_range, utf16 (length in code units).
export function liftUtf16(m: MemView, p: number, units: number, what: string): string {
  p >>>= 0; units >>>= 0;
  checkStringRange(m, p, units * 2, 2, what);
  countLift(m, units * 2, what);
  return utf16At(m.u8, p, units) ?? trap(`${what}: ${invalidUtf16(p)}`);
}

// CanonicalABI.md "Loading": load_string_from_range, latin1+utf16 (tag bit selects utf16).
export function liftLatin1Utf16(m: MemView, p: number, tagged: number, what: string): string {
  tagged >>>= 0;
  if (tagged & UTF16_TAG) return liftUtf16(m, p, tagged ^ UTF16_TAG, what);
  p >>>= 0;
  checkStringRange(m, p, tagged, 2, what);
  countLift(m, tagged, what);
  return latin1At(m.u8, p, tagged);
}
