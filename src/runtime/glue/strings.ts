// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range; "Storing": store_string).
// Optimistic `s.length` allocation + `encodeInto`, ASCII fast paths; lifting shares abi/strings.ts's decoders.
import { trap } from '../../abi/errors.js';
import { latin1At, utf16At, utf8At } from '../../abi/decode-strings.js';
import { invalidUtf8 } from '../../abi/trap-texts.js';
import { alloc, countLift, out, type MemView, type ReallocFn } from './memview.js';

const encoder = new TextEncoder();

const SHORT = 64;

// CanonicalABI.md "Storing": store_string_to_utf8 (optimistic s.length bytes, grow once when not ASCII).
export function lowerUtf8(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  let p = alloc(m, realloc, 0, 0, 1, n, what, 'string');
  if (n <= SHORT) {
    const u8 = m.u8;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      u8[p + i] = c;
    }
    if (i === n) { out.len = n; return p; }
  }
  const r = encoder.encodeInto(s, m.u8.subarray(p, p + n));
  if (r.read === n) { out.len = r.written; return p; }
  const worst = r.written + (n - r.read) * 3;
  if (worst > 0x7fffffff) trap(`${what}: string too long`);
  p = alloc(m, realloc, p, n, 1, worst, what, 'string');
  const r2 = encoder.encodeInto(s.slice(r.read), m.u8.subarray(p + r.written, p + worst));
  const size = r.written + r2.written;
  if (size < worst) p = alloc(m, realloc, p, worst, 1, size, what, 'string');
  out.len = size;
  return p;
}

// CanonicalABI.md "Storing": store_string_to_utf16 (code units copied, little-endian).
export function lowerUtf16(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  const p = alloc(m, realloc, 0, 0, 2, n * 2, what, 'string');
  const u8 = m.u8;
  for (let i = 0; i < n; i++) { const c = s.charCodeAt(i); u8[p + 2 * i] = c & 0xff; u8[p + 2 * i + 1] = c >>> 8; }
  out.len = n;
  return p;
}

/** CanonicalABI.md "Storing": UTF16_TAG for latin1+utf16. */
const UTF16_TAG = 0x80000000;

// CanonicalABI.md "Storing": store_string_to_latin1_or_utf16 (latin1 when every code unit fits, else tagged utf16).
export function lowerLatin1Utf16(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  let latin1 = true;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0xff) { latin1 = false; break; }
  if (!latin1) {
    const p = lowerUtf16(m, realloc, s, what);
    out.len = (n | UTF16_TAG) >>> 0;
    return p;
  }
  const p = alloc(m, realloc, 0, 0, 2, n, what, 'string');
  const u8 = m.u8;
  for (let i = 0; i < n; i++) u8[p + i] = s.charCodeAt(i);
  out.len = n;
  return p;
}

// CanonicalABI.md "Loading": load_string_from_range, utf8 (the decoders are abi/strings.ts's).
export function liftUtf8(m: MemView, p: number, len: number, what: string): string {
  p >>>= 0; len >>>= 0;
  m.checkString(p, len, 1, what);
  countLift(m, len, what);
  return utf8At(m.u8, p, len) ?? trap(`${what}: ${invalidUtf8(m.u8, p, len)}`);
}

// CanonicalABI.md "Loading": load_string_from_range, utf16 (length in code units).
export function liftUtf16(m: MemView, p: number, units: number, what: string): string {
  p >>>= 0; units >>>= 0;
  m.checkString(p, units * 2, 2, what);
  countLift(m, units * 2, what);
  return utf16At(m.u8, p, units) ?? trap(`${what}: invalid UTF-16 in string at ${p}`);
}

// CanonicalABI.md "Loading": load_string_from_range, latin1+utf16 (tag bit selects utf16).
export function liftLatin1Utf16(m: MemView, p: number, tagged: number, what: string): string {
  tagged >>>= 0;
  if (tagged & UTF16_TAG) return liftUtf16(m, p, tagged ^ UTF16_TAG, what);
  p >>>= 0;
  m.checkString(p, tagged, 2, what);
  countLift(m, tagged, what);
  return latin1At(m.u8, p, tagged);
}
