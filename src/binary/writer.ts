// A growable byte buffer with the binary format's encodings (LEB128, names, size-prefixed bodies).
const utf8 = new TextEncoder();

export class Writer {
  private buf: Uint8Array;
  len = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** The bytes written so far (a copy-free view). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array | readonly number[]): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Unsigned LEB128, minimal unless `width` asks for a padded (over-long) encoding. */
  u32(v: number, width = 0): void {
    const n = Math.max(lebLength(v), width);
    this.reserve(n);
    this.putLeb(this.len, v, width);
    this.len += n;
  }

  /** Unsigned LEB128 of a 64-bit value. */
  u64(v: bigint): void {
    this.reserve(10);
    do {
      let byte = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) byte |= 0x80;
      this.buf[this.len++] = byte;
    } while (v !== 0n);
  }

  /** Signed LEB128 (minimal), for s33 type indices / codes. */
  s33(v: number): void {
    this.reserve(5);
    for (;;) {
      const byte = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.buf[this.len++] = done ? byte : byte | 0x80;
      if (done) return;
    }
  }

  bool(b: boolean): void {
    this.u8(b ? 1 : 0);
  }

  /** `name ::= len:<u32> utf8-bytes`. */
  string(s: string): void {
    this.reserve(s.length * 3 + 5);
    // Write the bytes after a 5-byte gap, then close the gap once the length is known.
    const start = this.len;
    const { written } = utf8.encodeInto(s, this.buf.subarray(start + 5));
    const lebLen = lebLength(written);
    if (lebLen !== 5) this.buf.copyWithin(start + lebLen, start + 5, start + 5 + written);
    this.putLeb(start, written, 0);
    this.len = start + lebLen + written;
  }

  /** `vec(x)`: count then items. */
  vec<T>(items: readonly T[], item: (x: T) => void): void {
    this.u32(items.length);
    for (const x of items) item(x);
  }

  /** Writes `body`, then prefixes it with its byte size (LEB, `width` bytes if given). */
  sized(body: () => void, width = 0): void {
    const start = this.len;
    body();
    const size = this.len - start;
    const n = Math.max(lebLength(size), width);
    this.reserve(n);
    this.buf.copyWithin(start + n, start, this.len);
    this.len += n;
    this.putLeb(start, size, width);
  }

  /** Writes an unsigned LEB at `at` into already-reserved space. */
  private putLeb(at: number, v: number, width: number): void {
    let n = 0;
    do {
      let byte = v % 128;
      v = Math.floor(v / 128);
      n++;
      if (v !== 0 || n < width) byte |= 0x80;
      this.buf[at++] = byte;
    } while (v !== 0 || n < width);
  }
}

/** Byte length of the minimal unsigned LEB128 of `v`. */
export function lebLength(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}
