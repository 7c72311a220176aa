// Which WASI names the imports object answers: every 0.2.x version of the interfaces preview2-shim implements
// (semver: a 0.2 implementation serves any 0.2 import); anything else under `wasi:` gets a message saying why.

/** The WASI 0.2 interfaces kumiki/wasi provides (preview2-shim's). */
export const WASI_INTERFACES: readonly string[] = [
  'wasi:cli/environment', 'wasi:cli/exit', 'wasi:cli/stdin', 'wasi:cli/stdout', 'wasi:cli/stderr',
  'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdin', 'wasi:cli/terminal-stdout',
  'wasi:cli/terminal-stderr', 'wasi:clocks/monotonic-clock', 'wasi:clocks/wall-clock', 'wasi:filesystem/preopens',
  'wasi:filesystem/types', 'wasi:io/error', 'wasi:io/poll', 'wasi:io/streams', 'wasi:random/random',
  'wasi:random/insecure', 'wasi:random/insecure-seed', 'wasi:sockets/instance-network', 'wasi:sockets/network',
  'wasi:sockets/ip-name-lookup', 'wasi:sockets/tcp', 'wasi:sockets/tcp-create-socket', 'wasi:sockets/udp',
  'wasi:sockets/udp-create-socket', 'wasi:http/types', 'wasi:http/outgoing-handler', 'wasi:http/incoming-handler',
];

/**
 * The interface object for a versioned `wasi:` name, `undefined` when `key` is not a WASI name, or the reason
 * it cannot be served.
 */
export function resolveWasiName(key: string, obj: Record<string, Record<string, unknown> | undefined>, p3: Record<string, Record<string, unknown> | undefined> = {}): Record<string, unknown> | string | undefined {
  const m = /^(wasi:[^/@]+\/[^/@]+)@(.+)$/.exec(key);
  if (m === null) return undefined;
  const base = m[1]!, version = m[2]!;
  // WASI 0.3 (any 0.3.x, release candidates included): kumiki's own host (wasi/p3).
  if (/^0\.3\.\d+(-.*)?$/.test(version)) {
    const v3 = p3[base];
    if (v3 !== undefined) return v3;
    return `missing import '${key}': kumiki/wasi does not provide ${base} of WASI 0.3 (it provides ${Object.keys(p3).map((k) => `${k}@0.3.x`).join(', ')})`;
  }
  const v = obj[base];
  if (v !== undefined && /^0\.2\.\d+$/.test(version)) return v;
  if (v !== undefined) return `missing import '${key}': kumiki/wasi provides ${base} at versions 0.2.x (any 0.2.N, from @bytecodealliance/preview2-shim) and 0.3.x (its own), not ${version}`;
  const pkg = base.slice(0, base.indexOf('/'));
  const same = Object.keys(obj).filter((k) => k.startsWith(`${pkg}/`));
  return `missing import '${key}': kumiki/wasi does not provide ${base} at any version` +
    (same.length > 0 ? ` (of ${pkg} it provides ${same.map((k) => `${k}@0.2.x`).join(', ')})` : ` (it provides ${Object.keys(obj).map((k) => `${k}@0.2.x`).join(', ')})`);
}
