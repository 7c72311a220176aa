// Semantic versions (semver.org 2.0.0) as interface names carry them (`ns:pkg/iface@1.2.3-pre+build`).

const parts = ['major', 'minor', 'patch'] as const;

/** Returns undefined when `s` is a valid semver version, else the reason (wording after Rust's `semver`). */
export function parseSemver(s: string): string | undefined {
  if (s.length === 0) return 'empty string, expected a semver version';
  let i = 0;
  for (let p = 0; p < 3; p++) {
    const start = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    if (i === start) {
      return i >= s.length
        ? `unexpected end of input while parsing ${parts[p]} version number`
        : `unexpected character '${s[i]}' while parsing ${parts[p]} version number`;
    }
    if (i - start > 1 && s[start] === '0') return `invalid leading zero in ${parts[p]} version number`;
    if (p < 2) {
      if (i >= s.length) return `unexpected end of input while parsing ${parts[p]} version number`;
      if (s[i] !== '.') return `unexpected character '${s[i]}' after ${parts[p]} version number`;
      i++;
    }
  }
  if (i === s.length) return undefined;
  let rest = s.slice(i);
  if (rest[0] === '-') {
    const plus = rest.indexOf('+');
    const pre = plus < 0 ? rest.slice(1) : rest.slice(1, plus);
    const err = identifiers(pre, 'pre-release', true);
    if (err) return err;
    rest = plus < 0 ? '' : rest.slice(plus);
  }
  if (rest[0] === '+') return identifiers(rest.slice(1), 'build metadata', false);
  if (rest.length > 0) return `unexpected character '${rest[0]}' after patch version number`;
  return undefined;
}

function identifiers(s: string, what: string, noLeadingZero: boolean): string | undefined {
  for (const id of s.split('.')) {
    if (id.length === 0) return `empty identifier segment in ${what} identifier`;
    const bad = /[^0-9A-Za-z-]/.exec(id);
    if (bad) return `unexpected character '${bad[0]}' in ${what} identifier`;
    if (noLeadingZero && /^0[0-9]+$/.test(id)) return `invalid leading zero in ${what} identifier`;
  }
  return undefined;
}
