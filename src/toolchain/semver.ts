// Interface names equal up to a semver-compatible version (`ns:pkg/iface@1.2.3`), as wit-component matches a core
// import's module to a world import and `wac plug` matches an import to a plug's export.

const VERSIONED = /^(.*)@(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

/** Whether two names are the same up to a semver-compatible version (same major, or same minor below 1.0). */
export function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  const m = VERSIONED.exec(a);
  const n = VERSIONED.exec(b);
  const track = (x: RegExpExecArray) => (x[2] === '0' ? `0.${x[3]}` : x[2]);
  return !!m && !!n && m[1] === n[1] && track(m) === track(n);
}

/** `[major, minor, patch]` of a versioned name, or undefined. */
function versionOf(name: string): [number, number, number] | undefined {
  const m = VERSIONED.exec(name);
  return m ? [Number(m[2]), Number(m[3]), Number(m[4])] : undefined;
}

/** Whether `provided` can stand for `wanted`: compatible, and not an older version (it may only add items). */
export function satisfies(provided: string, wanted: string): boolean {
  if (provided === wanted) return true;
  if (!compatible(provided, wanted)) return false;
  const p = versionOf(provided)!;
  const w = versionOf(wanted)!;
  for (let i = 0; i < 3; i++) if (p[i] !== w[i]) return p[i]! > w[i]!;
  return true;
}

/** Orders versioned names newest first. */
export function newestFirst(a: string, b: string): number {
  const x = versionOf(a) ?? [0, 0, 0];
  const y = versionOf(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i]! - x[i]!;
  return 0;
}
