// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range; "Storing": store_string).
// Optimistic `s.length` allocation + `encodeInto`, ASCII fast paths, fatal TextDecoder that keeps a leading U+FEFF.
import { trap } from '../../abi/errors.js';
import { alloc, out, type MemView, type ReallocFn } from './memview.js';

const encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const utf16Decoder = new TextDecoder('utf-16le', { ignoreBOM: true, fatal: true });

/** Node's `isAscii` + latin1 slice: decodes ASCII several times faster than TextDecoder. Probed once, never imported. */
interface NodeBufferish { isAscii?: (u: Uint8Array) => boolean; Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, s: number, e: number) => string } } }
const nodeBuffer: NodeBufferish | undefined = (() => {
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try { return p?.getBuiltinModule?.('buffer') as NodeBufferish | undefined; } catch { return undefined; }
})();
const isAscii = nodeBuffer?.isAscii;
const latin1Slice = nodeBuffer?.Buffer?.prototype.latin1Slice;
const fastAscii = typeof isAscii === 'function' && typeof latin1Slice === 'function';


const SHORT = 64;

// CanonicalABI.md "Storing": store_string_to_utf8 (optimistic s.length bytes, grow once when not ASCII).
export function lowerUtf8(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  let p = alloc(m, realloc, 0, 0, 1, n, what);
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
  p = alloc(m, realloc, p, n, 1, worst, what);
  const r2 = encoder.encodeInto(s.slice(r.read), m.u8.subarray(p + r.written, p + worst));
  const size = r.written + r2.written;
  if (size < worst) p = alloc(m, realloc, p, worst, 1, size, what);
  out.len = size;
  return p;
}

// CanonicalABI.md "Storing": store_string_to_utf16 (code units copied, little-endian).
export function lowerUtf16(m: MemView, realloc: ReallocFn | undefined, s: string, what: string): number {
  const n = s.length;
  const p = alloc(m, realloc, 0, 0, 2, n * 2, what);
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
  const p = alloc(m, realloc, 0, 0, 2, n, what);
  const u8 = m.u8;
  for (let i = 0; i < n; i++) u8[p + i] = s.charCodeAt(i);
  out.len = n;
  return p;
}

// CanonicalABI.md "Loading": load_string_from_range, utf8.
export function liftUtf8(m: MemView, p: number, len: number, what: string): string {
  p >>>= 0; len >>>= 0;
  m.check(p, len, 1, what);
  const u8 = m.u8;
  if (len <= SHORT) {
    let s = '';
    for (let i = 0; i < len; i++) {
      const c = u8[p + i]!;
      if (c >= 0x80) return decodeUtf8(u8, p, len, what);
      s += String.fromCharCode(c);
    }
    return s;
  }
  if (fastAscii && isAscii!(u8.subarray(p, p + len))) return latin1Slice!.call(u8, p, p + len);
  return decodeUtf8(u8, p, len, what);
}

function decodeUtf8(u8: Uint8Array, p: number, len: number, what: string): string {
  try {
    return utf8Decoder.decode(u8.subarray(p, p + len));
  } catch {
    return trap(`${what}: invalid UTF-8 in string at ${p}`);
  }
}

// CanonicalABI.md "Loading": load_string_from_range, utf16 (length in code units).
export function liftUtf16(m: MemView, p: number, units: number, what: string): string {
  p >>>= 0; units >>>= 0;
  m.check(p, units * 2, 2, what);
  try {
    return utf16Decoder.decode(m.u8.subarray(p, p + units * 2));
  } catch {
    return trap(`${what}: invalid UTF-16 in string at ${p}`);
  }
}

// CanonicalABI.md "Loading": load_string_from_range, latin1+utf16 (tag bit selects utf16).
export function liftLatin1Utf16(m: MemView, p: number, tagged: number, what: string): string {
  tagged >>>= 0;
  if (tagged & UTF16_TAG) return liftUtf16(m, p, tagged ^ UTF16_TAG, what);
  p >>>= 0;
  m.check(p, tagged, 2, what);
  const u8 = m.u8;
  if (fastAscii) return latin1Slice!.call(u8, p, p + tagged);
  let s = '';
  for (let i = 0; i < tagged; i++) s += String.fromCharCode(u8[p + i]!);
  return s;
}
