// Lexical pieces of the WebAssembly text format (Core spec "Text Format: Lexical Format"; the component text
// format reuses them): string literals, identifiers, and exact float literals.

const HEX = '0123456789abcdef';
const utf8 = new TextEncoder();

/** A string literal for `bytes`: printable ASCII as is, every other byte as `\hh` (so any payload round-trips). */
export function quoteBytes(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return `${s}"`;
}

/** A string literal for a name (its UTF-8 bytes). */
export function quote(name: string): string {
  return quoteBytes(utf8.encode(name));
}

/** `idchar` (Text Format "Tokens"): the characters a bare `$id` may contain. */
const ID_CHAR = /^[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+$/;

/** `$name` for a name-section entry: bare when every character is an idchar, else the quoted form `$"…"`. */
export function ident(name: string): string {
  return ID_CHAR.test(name) ? `$${name}` : `$${quote(name)}`;
}

/** An `f32` literal that denotes exactly the bits `bits` (NaN payloads as `nan:0x…`). */
export function f32Text(bits: number): string {
  const sign = bits >>> 31 ? '-' : '';
  const exp = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (exp === 0xff) return frac === 0 ? `${sign}inf` : `${sign}nan:0x${frac.toString(16)}`;
  const f = new Float32Array(new Uint32Array([bits]).buffer)[0]!;
  return floatText(f, sign);
}

/** An `f64` literal that denotes exactly the bits `bits`. */
export function f64Text(bits: bigint): string {
  const sign = bits >> 63n ? '-' : '';
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (exp === 0x7ff) return frac === 0n ? `${sign}inf` : `${sign}nan:0x${frac.toString(16)}`;
  const f = new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
  return floatText(f, sign);
}

/** JS's shortest round-trip decimal (exact for every f64, and for every f32 widened to f64). */
function floatText(f: number, sign: string): string {
  const abs = Math.abs(f);
  return `${sign}${abs.toString().replace('e+', 'e')}`;
}
