// Interface names equal up to a semver-compatible version (`ns:pkg/iface@1.2.3`), as wit-component matches a core
// import's module to a world import and `wac plug` matches an import to a plug's export. Versions are parsed and
// ordered by the one semver implementation (wit/semver.ts).
import { compareVersions, parseVersion, type Version } from '../wit/semver.js';

/** A name split at its `@version`, or undefined when it carries no valid version. */
function split(name: string): { base: string; version: Version } | undefined {
  const at = name.lastIndexOf('@');
  if (at < 0) return undefined;
  const version = parseVersion(name.slice(at + 1)).version;
  return version === undefined ? undefined : { base: name.slice(0, at), version };
}

/** The compatibility track of a version: its major, or `0.minor` below 1.0. */
function track(v: Version): string {
  return v.major === 0n ? `0.${v.minor}` : `${v.major}`;
}

/** Whether two names are the same up to a semver-compatible version (same major, or same minor below 1.0). */
export function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  const m = split(a);
  const n = split(b);
  return m !== undefined && n !== undefined && m.base === n.base && track(m.version) === track(n.version);
}

/** Whether `provided` can stand for `wanted`: compatible, and not an older version (it may only add items). */
export function satisfies(provided: string, wanted: string): boolean {
  if (provided === wanted) return true;
  if (!compatible(provided, wanted)) return false;
  return compareVersions(split(provided)!.version, split(wanted)!.version) >= 0;
}

/** Orders versioned names newest first (unversioned names last). */
export function newestFirst(a: string, b: string): number {
  const x = split(a)?.version;
  const y = split(b)?.version;
  if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
  return compareVersions(y, x);
}
