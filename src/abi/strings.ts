// Strings across the boundary (CanonicalABI.md "Loading": load_string_from_range, "Storing": store_string_*).
import { AbiContext } from './context.js';
import { valueTrap } from './errors.js';
import { latin1At, utf16At, utf8At } from './decode-strings.js';
import { measureString, UTF16, writeString, MAX_STRING_BYTE_LENGTH } from './encode-strings.js';
import { invalidUtf16, invalidUtf8, stringTooLong } from './trap-texts.js';

export { MAX_STRING_BYTE_LENGTH };

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
  if (byteLength > MAX_STRING_BYTE_LENGTH) valueTrap('', stringTooLong(byteLength, MAX_STRING_BYTE_LENGTH));
  cx.checkRange(ptr, byteLength, enc === 'utf8' ? 1 : 2, 'string');
  cx.countLift(byteLength, 'string');
  if (utf16) return utf16At(cx.u8, ptr, units) ?? valueTrap('string', invalidUtf16(ptr));
  if (enc === 'utf8') return utf8At(cx.u8, ptr, byteLength) ?? valueTrap('string', invalidUtf8(cx.u8, ptr, byteLength));
  return latin1At(cx.u8, ptr, byteLength);
}

/**
 * CanonicalABI.md "Storing": store_string_into_range, for a JS string (UTF-16 code units) as the source: returns
 * the pointer and leaves the (tagged) code-unit count in `cx.scratchLength`. One realloc at the exact encoded size
 * (abi/encode-strings.ts, shared with the generated adapters); lone surrogates are a RangeError, never replaced.
 */
export function storeStringIntoRange(cx: AbiContext, s: string): number {
  const k = measureString(s, cx.encoding);
  const { form, bytes, len } = k;
  const ptr = cx.allocate(k.align, bytes, 'string');
  writeString(cx.u8, ptr, s, form, bytes);
  cx.scratchLength = cx.addrType === 'i64' && form === UTF16 && cx.encoding === 'latin1+utf16' ? BigInt(s.length) | (1n << 63n) : cx.flatPtr(len);
  return ptr;
}
