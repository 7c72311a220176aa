// Semantic versions (semver.org 2.0) as WIT package versions and `@since`/`@deprecated` gates use them.

export interface Version {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: readonly string[];
  readonly build: readonly string[];
}

const NUM = /^(0|[1-9][0-9]*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;

const cache = new Map<string, { version?: Version; error?: string }>();

/** Parses `text` strictly (no leading zeros, non-empty identifiers); `error` carries a semver-crate style reason. */
export function parseVersion(text: string): { version?: Version; error?: string } {
  let r = cache.get(text);
  if (r === undefined) {
    r = parseVersionUncached(text);
    if (cache.size < 4096) cache.set(text, r);
  }
  return r;
}

function parseVersionUncached(text: string): { version?: Version; error?: string } {
  const plus = text.indexOf('+');
  const core = plus < 0 ? text : text.slice(0, plus);
  const build = plus < 0 ? [] : text.slice(plus + 1).split('.');
  const dash = core.indexOf('-');
  const nums = (dash < 0 ? core : core.slice(0, dash)).split('.');
  const pre = dash < 0 ? [] : core.slice(dash + 1).split('.');
  const names = ['major', 'minor', 'patch'];
  if (nums.length !== 3) return { error: `unexpected character after patch version number` };
  for (let i = 0; i < 3; i++) {
    if (!NUM.test(nums[i]!)) {
      return { error: /^0[0-9]/.test(nums[i]!) ? `invalid leading zero in ${names[i]} version number` : `unexpected character in ${names[i]} version number` };
    }
  }
  for (const p of pre) {
    if (p === '') return { error: 'empty identifier segment in pre-release identifier' };
    if (!IDENT.test(p)) return { error: 'unexpected character in pre-release identifier' };
    if (/^[0-9]+$/.test(p) && !NUM.test(p)) return { error: 'invalid leading zero in pre-release identifier' };
  }
  for (const b of build) {
    if (b === '') return { error: 'empty identifier segment in build metadata' };
    if (!IDENT.test(b)) return { error: 'unexpected character in build metadata' };
  }
  return { version: { major: BigInt(nums[0]!), minor: BigInt(nums[1]!), patch: BigInt(nums[2]!), pre, build } };
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
