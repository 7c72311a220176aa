// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range; "Storing": store_string).
// Optimistic `s.length` allocation + `encodeInto`, ASCII fast paths; lifting shares abi/strings.ts's decoders.
import { trap } from '../../abi/errors.js';
import { latin1At, utf16At, utf8At } from '../../abi/decode-strings.js';
import { invalidUtf8 } from '../../abi/trap-texts.js';
import { alloc, out, type MemView, type ReallocFn } from './memview.js';

const encoder = new TextEncoder();

const SHORT = 64;

// CanonicalABI.md "Storing": store_string_to_utf8. One realloc at the exact encoded length (the preview1 adapter's
// bump allocator cannot shrink or grow): short strings are measured in JS; long ones are encoded natively into a
// reused scratch buffer (no fresh pages per call), then copied once into the guest.
export function lowerUtf8(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  if (n <= SHORT) {
    let i = 0;
    while (i < n && s.charCodeAt(i) < 0x80) i++;
    const size = i === n ? n : i + utf8Length(s, i);
    const p = alloc(m, realloc, 0, 0, 1, size, what, 'string');
    if (i === n) { const u8 = m.u8; for (let k = 0; k < n; k++) u8[p + k] = s.charCodeAt(k); } else encoder.encodeInto(s, m.u8.subarray(p, p + size));
    out.len = size;
    return p;
  }
  const worst = n * 3;
  let src: Uint8Array;
  let size: number;
  if (worst <= SCRATCH_MAX) {
    if (scratch.length < worst) scratch = new Uint8Array(Math.min(SCRATCH_MAX, Math.max(worst, scratch.length * 2)));
    size = encoder.encodeInto(s, scratch).written;
    src = scratch;
  } else {
    src = encoder.encode(s);
    size = src.length;
  }
  if (size > 0x7fffffff) trap(`${what}: string too long`);
  const p = alloc(m, realloc, 0, 0, 1, size, what, 'string');
  m.u8.set(size === src.length ? src : src.subarray(0, size), p);
  out.len = size;
  return p;
}

/** Strings up to SCRATCH_MAX / 3 code units encode into `scratch` (kept between calls). */
const SCRATCH_MAX = 12 << 20;
let scratch = new Uint8Array(0);

/** UTF-8 byte length of `s` from code unit `from` (a lone surrogate encodes as U+FFFD, 3 bytes). */
function utf8Length(s: string, from: number): number {
  let len = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) len += 1;
    else if (c < 0x800) len += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { len += 4; i++; }
    else len += 3;
  }
  return len;
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
  return utf8At(m.u8, p, len) ?? trap(`${what}: ${invalidUtf8(m.u8, p, len)}`);
}

// CanonicalABI.md "Loading": load_string_from_range, utf16 (length in code units).
export function liftUtf16(m: MemView, p: number, units: number, what: string): string {
  p >>>= 0; units >>>= 0;
  m.checkString(p, units * 2, 2, what);
  return utf16At(m.u8, p, units) ?? trap(`${what}: invalid UTF-16 in string at ${p}`);
}

// CanonicalABI.md "Loading": load_string_from_range, latin1+utf16 (tag bit selects utf16).
export function liftLatin1Utf16(m: MemView, p: number, tagged: number, what: string): string {
  tagged >>>= 0;
  if (tagged & UTF16_TAG) return liftUtf16(m, p, tagged ^ UTF16_TAG, what);
  p >>>= 0;
  m.checkString(p, tagged, 2, what);
  return latin1At(m.u8, p, tagged);
}
