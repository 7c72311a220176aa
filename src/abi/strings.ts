// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range, "Storing": store_string_*).
import { AbiContext } from './context.js';
import { trap, ValueRangeError } from './errors.js';
import { isWellFormed, latin1At, utf16At, utf8At } from './decode-strings.js';
import { invalidUtf8 } from './trap-texts.js';

// CanonicalABI.md "Loading": MAX_STRING_BYTE_LENGTH.
export const MAX_STRING_BYTE_LENGTH = 2 ** 28 - 1;

const utf8Encoder = new TextEncoder();

/** Below this many code units, JS loops beat the native codecs' call overhead. */
const SHORT = 32;

// CanonicalABI.md "Loading": utf16_tag (the top bit of a latin1+utf16 length marks UTF-16).
export function utf16Tag(addrType: 'i32' | 'i64'): number | bigint {
  return addrType === 'i64' ? 1n << 63n : 2 ** 31;
}

// CanonicalABI.md "Loading": load_string_from_range. `tagged` is a u32 number, or a u64 bigint for memory64.
export function loadStringFromRange(cx: AbiContext, ptr: number, tagged: number | bigint): string {
  let utf16: boolean;
  let units: number;
  const enc = cx.encoding;
  if (typeof tagged === 'bigint') {
    const tag = 1n << 63n;
    utf16 = enc === 'utf16' || (enc === 'latin1+utf16' && (tagged & tag) !== 0n);
    units = Number(enc === 'latin1+utf16' && utf16 ? tagged ^ tag : tagged);
  } else {
    utf16 = enc === 'utf16' || (enc === 'latin1+utf16' && tagged >= 2 ** 31);
    units = enc === 'latin1+utf16' && utf16 ? tagged - 2 ** 31 : tagged;
  }
  const byteLength = utf16 ? 2 * units : units;
  if (byteLength > MAX_STRING_BYTE_LENGTH) trap(`string of ${byteLength} bytes exceeds the maximum of ${MAX_STRING_BYTE_LENGTH}`);
  cx.checkRange(ptr, byteLength, enc === 'utf8' ? 1 : 2, 'string');
  cx.countLift(byteLength, 'string');
  if (utf16) return utf16At(cx.u8, ptr, units) ?? trap(`string at ${ptr} (${units} code units) is not valid UTF-16 (unpaired surrogate)`);
  if (enc === 'utf8') return utf8At(cx.u8, ptr, byteLength) ?? trap(`string: ${invalidUtf8(cx.u8, ptr, byteLength)}`);
  return latin1At(cx.u8, ptr, byteLength);
}

/**
 * CanonicalABI.md "Storing": store_string_into_range, for a JS string (UTF-16 code units) as the source: returns
 * the pointer and leaves the (tagged) code-unit count in `cx.scratchLength`. Lone surrogates have no meaning as a
 * component string: they are rejected with a RangeError rather than replaced.
 */
export function storeStringIntoRange(cx: AbiContext, s: string): number {
  const n = s.length;
  if (n > MAX_STRING_BYTE_LENGTH) throw new ValueRangeError(`string of ${n} code units is longer than the canonical ABI allows`);
  switch (cx.encoding) {
    case 'utf8': return storeUtf16ToUtf8(cx, s, n);
    case 'utf16': return storeUtf16Copy(cx, s, n);
    case 'latin1+utf16': return storeUtf16ToLatin1OrUtf16(cx, s, n);
  }
}

function notWellFormed(): never {
  throw new ValueRangeError('string contains an unpaired surrogate, which a component string cannot carry');
}

// CanonicalABI.md "Storing": store_utf16_to_utf8 / store_string_to_utf8 (optimistic 1 byte per unit, grow to 3).
function storeUtf16ToUtf8(cx: AbiContext, s: string, n: number): number {
  const ptr = cx.allocate(1, n, 'string');
  const u8 = cx.u8;
  if (n <= SHORT) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      u8[ptr + i] = c;
    }
    if (i === n) { cx.scratchLength = cx.flatPtr(n); return ptr; }
    return finishUtf8(cx, s, n, ptr, i, i);
  }
  // UTF-8 never has fewer bytes than UTF-16 has units, so reading everything into n bytes means pure ASCII.
  const r = utf8Encoder.encodeInto(s, u8.subarray(ptr, ptr + n));
  if (r.read === n) { cx.scratchLength = cx.flatPtr(n); return ptr; }
  return finishUtf8(cx, s, n, ptr, r.read, r.written);
}

/** Grows to the worst case (3 bytes per unit), encodes `s` from unit `read` at byte `written`, shrinks to fit. */
function finishUtf8(cx: AbiContext, s: string, n: number, ptr: number, read: number, written: number): number {
  if (!isWellFormed(s)) notWellFormed();
  const worst = 3 * n;
  ptr = cx.reallocate(ptr, n, 1, worst, 'string');
  const r = utf8Encoder.encodeInto(read === 0 ? s : s.substring(read), cx.u8.subarray(ptr + written, ptr + worst));
  const len = written + r.written;
  if (len > MAX_STRING_BYTE_LENGTH) throw new ValueRangeError(`string of ${len} UTF-8 bytes is longer than the canonical ABI allows`);
  if (worst > len) ptr = cx.reallocate(ptr, worst, 1, len, 'string');
  cx.scratchLength = cx.flatPtr(len);
  return ptr;
}

// CanonicalABI.md "Storing": store_string_copy (UTF-16 source to UTF-16 destination).
function storeUtf16Copy(cx: AbiContext, s: string, n: number): number {
  if (2 * n > MAX_STRING_BYTE_LENGTH) throw new ValueRangeError(`string of ${2 * n} UTF-16 bytes is longer than the canonical ABI allows`);
  const ptr = cx.allocate(2, 2 * n, 'string');
  if (writeUtf16(cx, s, 0, n, ptr)) notWellFormed();
  cx.scratchLength = cx.flatPtr(n);
  return ptr;
}

/** Writes units [from, n) of `s` as UTF-16LE at `at`; returns whether any surrogate was seen (caller validates). */
function writeUtf16(cx: AbiContext, s: string, from: number, n: number, at: number): boolean {
  let surrogate = 0;
  if (AbiContext.littleEndian && at % 2 === 0) {
    const u16 = cx.view(Uint16Array);
    const base = at / 2 - from;
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      surrogate |= (c & 0xf800) === 0xd800 ? 1 : 0;
      u16[base + i] = c;
    }
  } else {
    const dv = cx.dv;
    for (let i = from; i < n; i++) {
      const c = s.charCodeAt(i);
      surrogate |= (c & 0xf800) === 0xd800 ? 1 : 0;
      dv.setUint16(at + 2 * (i - from), c, true);
    }
  }
  return surrogate !== 0 && !isWellFormed(s);
}

// CanonicalABI.md "Storing": store_string_to_latin1_or_utf16 (latin1 while it fits, else inflate to UTF-16).
function storeUtf16ToLatin1OrUtf16(cx: AbiContext, s: string, n: number): number {
  let ptr = cx.allocate(2, n, 'string');
  const u8 = cx.u8;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x100) { u8[ptr + i] = c; continue; }
    if (2 * n > MAX_STRING_BYTE_LENGTH) throw new ValueRangeError(`string of ${2 * n} UTF-16 bytes is longer than the canonical ABI allows`);
    ptr = cx.reallocate(ptr, n, 2, 2 * n, 'string');
    const mem = cx.u8;
    for (let j = i - 1; j >= 0; j--) { mem[ptr + 2 * j] = mem[ptr + j]!; mem[ptr + 2 * j + 1] = 0; }
    if (writeUtf16(cx, s, i, n, ptr + 2 * i)) notWellFormed();
    cx.scratchLength = cx.addrType === 'i64' ? BigInt(n) | (1n << 63n) : (n | 0x80000000) >>> 0;
    return ptr;
  }
  cx.scratchLength = cx.flatPtr(n);
  return ptr;
}
