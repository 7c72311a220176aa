// Semantic versions (semver.org 2.0.0): WIT package versions, `@since`/`@deprecated` gates, and interface names in
// component binaries (`ns:pkg/iface@1.2.3-pre+build`, validate/names.ts).

export interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly string[];
  readonly build: readonly string[];
}

const parts = ['major', 'minor', 'patch'] as const;

const cache = new Map<string, { version?: Version; error?: string }>();

/**
 * Parses `text` strictly (semver.org 2.0: no leading zeros, non-empty identifiers); `error` carries the reason in the
 * words of Rust's `semver` crate. The one semver parser: WIT package versions and `@since` gates, and the
 * validator's interface names (`ns:pkg/iface@1.2.3-pre+build`, through `parseSemver`).
 */
export function parseVersion(text: string): { version?: Version; error?: string } {
  let r = cache.get(text);
  if (r === undefined) {
    r = parseVersionUncached(text);
    if (cache.size < 4096) cache.set(text, r);
  }
  return r;
}

/** Undefined when `s` is a valid semver version, else the reason. */
export function parseSemver(s: string): string | undefined {
  return parseVersion(s).error;
}

function parseVersionUncached(s: string): { version?: Version; error?: string } {
  if (s.length === 0) return { error: 'empty string, expected a semver version' };
  let i = 0;
  const nums: string[] = [];
  for (let p = 0; p < 3; p++) {
    const start = i;
    while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
    if (i === start) {
      return { error: i >= s.length
        ? `unexpected end of input while parsing ${parts[p]} version number`
        : `unexpected character '${s[i]}' while parsing ${parts[p]} version number` };
    }
    if (i - start > 1 && s[start] === '0') return { error: `invalid leading zero in ${parts[p]} version number` };
    nums.push(s.slice(start, i));
    if (p < 2) {
      if (i >= s.length) return { error: `unexpected end of input while parsing ${parts[p]} version number` };
      if (s[i] !== '.') return { error: `unexpected character '${s[i]}' after ${parts[p]} version number` };
      i++;
    }
  }
  let rest = s.slice(i);
  let pre: string[] = [];
  let build: string[] = [];
  if (rest[0] === '-') {
    const plus = rest.indexOf('+');
    pre = (plus < 0 ? rest.slice(1) : rest.slice(1, plus)).split('.');
    const err = identifiers(pre, 'pre-release', true);
    if (err) return { error: err };
    rest = plus < 0 ? '' : rest.slice(plus);
  }
  if (rest[0] === '+') {
    build = rest.slice(1).split('.');
    const err = identifiers(build, 'build metadata', false);
    if (err) return { error: err };
  } else if (rest.length > 0) return { error: `unexpected character '${rest[0]}' after patch version number` };
  return { version: { major: BigInt(nums[0]!), minor: BigInt(nums[1]!), patch: BigInt(nums[2]!), pre, build } };
}

function identifiers(ids: readonly string[], what: string, noLeadingZero: boolean): string | undefined {
  for (const id of ids) {
    if (id.length === 0) return `empty identifier segment in ${what} identifier`;
    const bad = /[^0-9A-Za-z-]/.exec(id);
    if (bad) return `unexpected character '${bad[0]}' in ${what} identifier`;
    if (noLeadingZero && /^0[0-9]+$/.test(id)) return `invalid leading zero in ${what} identifier`;
  }
  return undefined;
}

export function versionToString(v: Version): string {
  let s = `${v.major}.${v.minor}.${v.patch}`;
  if (v.pre.length) s += `-${v.pre.join('.')}`;
  if (v.build.length) s += `+${v.build.join('.')}`;
  return s;
}

function cmpIdents(a: readonly string[], b: readonly string[], emptyIsGreater: boolean): number {
  if (a.length === 0 || b.length === 0) {
    if (a.length === b.length) return 0;
    return (a.length === 0) === emptyIsGreater ? 1 : -1;
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    let c: number;
    if (xn && yn) c = x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
    else if (xn) c = -1;
    else if (yn) c = 1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** Total order as Rust's `semver::Version` (pre-release below release; build metadata as a final tiebreak). */
export function compareVersions(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  const p = cmpIdents(a.pre, b.pre, true);
  if (p !== 0) return p;
  return cmpIdents(a.build, b.build, false);
}
