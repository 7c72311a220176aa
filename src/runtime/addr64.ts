// 64-bit memories (memory64, feature cm64): pointers and lengths are i64 (bigint) in core values and 8 bytes in
// memory, numbers in the glue. Values past 2^32 saturate, so they fail the bounds checks rather than wrap; a
// latin1+utf16 length moves its UTF-16 tag from bit 63 (CanonicalABI.md utf16_tag) to the glue's bit 31 and back.
// Generated adapters define the same four as text (codegen/values.ts PRELUDE_64).

/** A 64-bit pointer or length as a number (saturating at 2^32 - 1). */
export function p64(x: bigint): number {
  return x > 0xffffffffn ? 0xffffffff : Number(x);
}

/** A 64-bit latin1+utf16 length as the glue's tagged u32. */
export function l64(x: bigint): number {
  return (x & 0x8000000000000000n) !== 0n ? 0x80000000 + Math.min(Number(x & 0x7fffffffffffffffn), 0x7fffffff) : Math.min(Number(x), 0x7fffffff);
}

/** The glue's tagged u32 length as a 64-bit latin1+utf16 length. */
export function t64(n: number): bigint {
  return n >= 0x80000000 ? BigInt(n - 0x80000000) | 0x8000000000000000n : BigInt(n);
}

type Realloc64 = (o: bigint, os: bigint, a: bigint, s: bigint) => bigint;

/** A 64-bit guest's `cabi_realloc` as the glue's number-in, number-out realloc. */
export function realloc64(f: unknown): ((o: number, os: number, a: number, s: number) => number) | undefined {
  if (f === undefined) return undefined;
  const g = f as Realloc64;
  return (o, os, a, s) => p64(g(BigInt(o), BigInt(os), BigInt(a), BigInt(s)));
}
