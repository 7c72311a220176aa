// The few pieces of the core binary format (WebAssembly spec "Binary Format") the runtime writes itself: tiny
// trampoline modules per core signature (link/boundary.ts, runtime/async/jspi.ts).

/** Core value type codes ("valtype") by the signature letters of `coreSig` (abi/core-sig.ts). */
const VALTYPE: Record<string, number> = { i: 0x7f, I: 0x7e, f: 0x7d, F: 0x7c };

/** The module preamble: magic and version 1. */
export const MODULE_HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Unsigned LEB128. */
export function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** A section: id, byte size, contents. */
export function section(id: number, body: readonly number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

/** A name (ASCII here): length, bytes. */
export function name(s: string): number[] {
  return [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** A function type ("functype"): 0x60, parameter and result vectors. */
export function funcType(params: readonly number[], results: readonly number[]): number[] {
  return [0x60, ...leb(params.length), ...params, ...leb(results.length), ...results];
}

/** The parameter and result value types of a core signature `params:results` (abi/core-sig.ts letters). */
export function sigTypes(sig: string): { params: number[]; results: number[] } {
  const [ps, rs] = sig.split(':') as [string, string];
  return { params: Array.from(ps, (c) => VALTYPE[c]!), results: Array.from(rs, (c) => VALTYPE[c]!) };
}
