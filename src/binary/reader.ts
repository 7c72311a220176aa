// A byte cursor over a component/module binary: LEB128, strings, bounded vectors. Every failure is a
// `ValidationError(reason, offset)` worded like wasmparser's (offsets are absolute in the outermost input).
import { ValidationError } from '../errors.js';

/** wasmparser's MAX_WASM_STRING_SIZE. */
const MAX_STRING_SIZE = 100_000;

/** Maximum nesting of components and component/instance types (keeps recursion far from the stack limit). */
const MAX_NESTING = 400;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class Reader {
  /** Absolute position of the next byte. */
  pos: number;
  /** Absolute position one past the last readable byte (the current section's end). */
  end: number;
  /** Set when an over-long (non-minimal) LEB was read; lets callers keep raw bytes for an exact round trip. */
  nonCanonical = false;
  /** Current nesting depth of recursive constructs (nested components, component/instance types). */
  depth = 0;

  constructor(readonly bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.pos = pos;
    this.end = end;
  }

  /** Throws a ValidationError at `offset` (default: the current position). */
  fail(reason: string, offset: number = this.pos): never {
    throw new ValidationError(reason, offset);
  }

  /** Runs `f` one nesting level deeper; hostile inputs cannot exhaust the JS stack. */
  nested<T, A>(f: (r: Reader, a: A) => T, a: A): T {
    if (++this.depth > MAX_NESTING) this.fail('nesting depth exceeds the implementation limit');
    try {
      return f(this, a);
    } finally {
      this.depth--;
    }
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  /** "unexpected end-of-file" unless `n` more bytes are available. */
  need(n: number): void {
    if (n > this.end - this.pos) this.fail('unexpected end-of-file', Math.min(this.end, this.bytes.length));
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end-of-file');
    return this.bytes[this.pos++]!;
  }

  peek(): number {
    if (this.pos >= this.end) this.fail('unexpected end-of-file');
    return this.bytes[this.pos]!;
  }

  /** `invalid leading byte (0xNN) for <what>` at the byte just read (or `offset`). */
  badByte(byte: number, what: string, offset: number = this.pos - 1): never {
    this.fail(`invalid leading byte (0x${byte.toString(16)}) for ${what}`, offset);
  }

  /** `core:u32`: unsigned LEB128, at most 5 bytes, value < 2^32. */
  u32(): number {
    // The first byte read in place (as u8 reads it): most u32s are one byte, and a call to u8 for each made u8 hot
    // enough, reading a 12 MB guest, for V8 to compile it with TurboFan (~0.8 ms beside the engine's compile).
    if (this.pos >= this.end) this.fail('unexpected end-of-file');
    let byte = this.bytes[this.pos++]!;
    if ((byte & 0x80) === 0) return byte;
    let result = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = this.u8();
      if (shift >= 25 && byte >> (32 - shift) !== 0) {
        this.fail(
          byte & 0x80 ? 'invalid var_u32: integer representation too long' : 'invalid var_u32: integer too large',
          this.pos - 1,
        );
      }
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (byte === 0) this.nonCanonical = true;
    return result;
  }

  /** `core:u64` as a bigint: unsigned LEB128, at most 10 bytes. */
  u64(): bigint {
    let byte = this.u8();
    if ((byte & 0x80) === 0) return BigInt(byte);
    let result = BigInt(byte & 0x7f);
    let shift = 7;
    for (;;) {
      byte = this.u8();
      if (shift >= 57 && byte >> (64 - shift) !== 0) {
        this.fail(
          byte & 0x80 ? 'invalid var_u64: integer representation too long' : 'invalid var_u64: integer too large',
          this.pos - 1,
        );
      }
      result |= BigInt(byte & 0x7f) << BigInt(shift);
      shift += 7;
      if ((byte & 0x80) === 0) break;
    }
    if (byte === 0) this.nonCanonical = true;
    return result;
  }

  /** `s33`: signed LEB128, at most 5 bytes (type indices and negative type codes). */
  s33(): number {
    const start = this.pos;
    let byte = this.u8();
    if ((byte & 0x80) === 0) return (byte << 25) >> 25;
    let result = byte & 0x7f;
    let shift = 7;
    for (;;) {
      byte = this.u8();
      if (shift === 28) {
        // 5th byte: bits 28..32 are significant; bits 33..34 must repeat bit 32 (the sign), no continuation.
        const sign = (byte >> 4) & 1;
        if (byte & 0x80 || byte >> 5 !== (sign ? 3 : 0)) {
          this.fail('invalid var_s33: integer representation too long', this.pos - 1);
        }
        result += (byte & 0x1f) * 2 ** 28;
        if (sign) result -= 2 ** 33;
        break;
      }
      result |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) {
        if (byte & 0x40) result = (result << (32 - shift)) >> (32 - shift);
        break;
      }
    }
    // Only a final 0x00 / 0x7f byte can make a multi-byte encoding longer than needed.
    if ((byte === 0 || byte === 0x7f) && sLebLen(result) < this.pos - start) this.nonCanonical = true;
    return result;
  }

  /** `u32` size of a vector, bounded by wasmparser's limit: `<what> size is out of bounds`. */
  size(limit: number, what: string): number {
    const at = this.pos;
    const n = this.u32();
    if (n > limit) this.fail(`${what} size is out of bounds`, at);
    return n;
  }

  /** `vec(x)` read with `item`, bounded by `limit`. */
  vec<T>(limit: number, what: string, item: (r: Reader) => T): T[] {
    const n = this.size(limit, what);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  /** Boolean byte 0x00/0x01: `invalid boolean value`. */
  bool(): boolean {
    const b = this.u8();
    if (b > 1) this.fail('invalid boolean value', this.pos - 1);
    return b === 1;
  }

  /** `n` raw bytes as a view (no copy). */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** `name ::= len:<u32> b*:<byte>*` (valid UTF-8, at most 100000 bytes). */
  string(): string {
    const len = this.u32();
    if (len > MAX_STRING_SIZE) this.fail('string size out of bounds', this.pos - 1);
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return decodeUtf8(this.bytes, start, this.pos, this);
  }
}

/** Reusable char-code arrays, one per length, for short ASCII names. */
const CODE_BUFFERS: number[][] = Array.from({ length: 49 }, (_, n) => new Array<number>(n).fill(0));

/** Decodes UTF-8; ASCII fast path avoids TextDecoder for short names. */
function decodeUtf8(bytes: Uint8Array, start: number, end: number, r: Reader): string {
  const n = end - start;
  if (n < CODE_BUFFERS.length) {
    // Short ASCII names: one fromCharCode call on a reused array (no TextDecoder call, no garbage).
    const codes = CODE_BUFFERS[n]!;
    let i = 0;
    for (; i < n; i++) {
      const b = bytes[start + i]!;
      if (b >= 0x80) break;
      codes[i] = b;
    }
    if (i === n) return String.fromCharCode.apply(null, codes);
  }
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    return r.fail('malformed UTF-8 encoding', end - 1);
  }
}

/** Minimal byte length of `v` as a signed LEB128. */
export function sLebLen(v: number): number {
  let n = 1;
  while (v < -64 || v > 63) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Minimal byte length of `v` (≥ 0) as an unsigned LEB128. */
export function uLebLen(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}
