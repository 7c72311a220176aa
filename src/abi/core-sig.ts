// A core function type in the program description's short form (Core spec "Function Types"): one letter per
// value type, written by the program builder and read by the linker's trampolines (link/boundary.ts).

/** The letter of each core value type. */
export const SIG_LETTER: Readonly<Record<string, string>> = { i32: 'i', i64: 'I', f32: 'f', f64: 'F' };

/** `i`/`I`/`f`/`F` per param, `:`, the same per result (`?` for a type a signature cannot hold). */
export function coreSig(params: readonly string[], results: readonly string[]): string {
  const c = (t: string): string => SIG_LETTER[t] ?? '?';
  return `${params.map(c).join('')}:${results.map(c).join('')}`;
}
