// The reasons of Canonical ABI traps, worded once for the generated adapters (runtime/glue/), the interpreter's
// ABI (abi/) and the fused adapters. CanonicalABI.md only says `trap_if(...)`; the component-model test suite's
// `assert_trap` texts give the reference runtime's wording, and each reason here contains that wording verbatim,
// followed by kumiki's particulars (pointers, lengths, names). Callers prefix where it happened.

/** A pointer that is not a multiple of the alignment (CanonicalABI.md "Loading"/"Storing": `trap_if(ptr != align_to(ptr, …))`). */
export function unalignedPointer(ptr: number, align: number): string {
  return `unaligned pointer ${ptr} (alignment ${align})`;
}

/** A range past the end of memory (CanonicalABI.md "Loading"/"Storing": `trap_if(ptr + size > len(memory))`). */
export function outOfBounds(ptr: number, size: number, memLength: number): string {
  return `range [${ptr}, ${ptr + size}) is out of bounds of memory (${memLength} bytes)`;
}

/** A string's bytes past the end of memory (CanonicalABI.md "Loading": load_string_from_range). */
export function stringOutOfBounds(ptr: number, bytes: number, memLength: number): string {
  return `string pointer/length out of bounds of memory (string content out-of-bounds: ${outOfBounds(ptr, bytes, memLength)})`;
}

/** What a realloc result was asked for: `list` and `string` content, or another value (a parameter tuple). */
export type AllocContent = 'list' | 'string' | 'value';

/** `realloc` returned a misaligned pointer (CanonicalABI.md "Lifting and Lowering Context": reallocate's caller checks). */
export function reallocUnaligned(ptr: number, align: number): string {
  return `realloc return: result not aligned (${unalignedPointer(ptr, align)})`;
}

/** `realloc` returned a range past the end of memory (checked even for zero bytes). */
export function reallocOutOfBounds(ptr: number, size: number, memLength: number, content: AllocContent): string {
  return `realloc return: beyond end of memory (${content} content out-of-bounds: ${outOfBounds(ptr, size, memLength)})`;
}

/** CanonicalABI.md "Loading": convert_i32_to_char (surrogates and values past 0x10FFFF). */
export function invalidChar(i: number): string {
  return `invalid \`char\` bit pattern 0x${i.toString(16)} (${i >= 0x110000 ? 'above U+10FFFF' : 'a surrogate'}, not a Unicode scalar value)`;
}

/** CanonicalABI.md "Loading": load_variant / lift_flat_variant (`trap_if(case_index >= len(cases))`). */
export function invalidDiscriminant(d: number, cases: number, kind = 'variant'): string {
  return `invalid variant discriminant ${d} (this ${kind} has ${cases} case${cases === 1 ? '' : 's'})`;
}

/**
 * CanonicalABI.md "Loading": load_string_from_range decodes UTF-8 with errors trapping. Names the first bad byte as
 * Rust's `Utf8Error` does (the reference runtime's wording): `invalid utf-8 sequence of N bytes from index I`, or
 * `incomplete utf-8 byte sequence from index I` when the string ends inside a sequence. Slow path only.
 */
export function invalidUtf8(u8: Uint8Array, ptr: number, n: number): string {
  const [at, len] = firstUtf8Error(u8, ptr, n);
  const where = `(string at ${ptr}, ${n} bytes)`;
  return len === 0 ? `invalid utf-8: incomplete utf-8 byte sequence from index ${at} ${where}`
    : `invalid utf-8: invalid utf-8 sequence of ${len} bytes from index ${at} ${where}`;
}

/** Index (from `ptr`) of the first invalid UTF-8 sequence and its length in bytes; 0 when it is cut off by the end. */
function firstUtf8Error(u8: Uint8Array, ptr: number, n: number): [number, number] {
  let i = 0;
  while (i < n) {
    const b = u8[ptr + i]!;
    if (b < 0x80) { i++; continue; }
    // Unicode Table 3-7: the lead byte fixes the sequence length and the range of the second byte.
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) { need = 2; if (b === 0xe0) lo = 0xa0; else if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; if (b === 0xf0) lo = 0x90; else if (b === 0xf4) hi = 0x8f; }
    else return [i, 1];
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return [i, 0];
      const c = u8[ptr + i + k]!;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return [i, k];
    }
    i += need + 1;
  }
  return [n, 1]; // not reached for bytes a fatal decoder rejected
}

/** CanonicalABI.md "Table State" / lift_own / lift_borrow: `trap_if(h.rt is not rt)`. */
export function wrongHandleType(i: number, expected: { guest: boolean; name: string }, found: { guest: boolean; name: string }): string {
  const side = (x: { guest: boolean }): string => (x.guest ? 'guest' : 'host');
  return `handle index ${i} used with the wrong type, expected ${side(expected)}-defined resource but found a different ${side(found)}-defined resource (expected ${expected.name}, found ${found.name})`;
}

/** The reference runtime's wording of core wasm traps, for the messages V8, SpiderMonkey and JSC give them. */
const CORE_TRAPS: readonly (readonly [RegExp, string])[] = [
  [/^unreachable(?: executed| code should not be executed)?$/i, 'wasm `unreachable` instruction executed'],
];

/** A core wasm trap's message (a `WebAssembly.RuntimeError` from guest code) in the reference wording, when known. */
export function coreTrapReason(message: string): string {
  for (const [re, text] of CORE_TRAPS) if (re.test(message)) return text;
  return message;
}

/** A guest list past MAX_LIST_BYTE_LENGTH (CanonicalABI.md "Loading": load_list_from_range). */
export function listTooLong(n: number, bytes: number, max: number): string {
  return `list of ${n} elements (${bytes} bytes) exceeds the maximum of ${max} bytes`;
}

/** A guest string past MAX_STRING_BYTE_LENGTH (CanonicalABI.md "Loading": load_string_from_range). */
export function stringTooLong(bytes: number, max: number): string {
  return `string of ${bytes} bytes exceeds the maximum of ${max}`;
}

/** Guest UTF-16 with an unpaired surrogate (CanonicalABI.md "Loading": load_string_from_range decode trap). */
export function invalidUtf16(p: number): string {
  return `invalid UTF-16 in string at ${p} (unpaired surrogate)`;
}
