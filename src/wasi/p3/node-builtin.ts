// Loading a Node built-in (node:fs, node:net…) for the Node providers only when one is used. The specifier is not a
// literal on purpose: a bundler building kumiki/wasi for browsers then leaves no `node:` import to resolve.

const loaded = new Map<string, unknown>();

/** The module `node:${name}` (Node, Bun, Deno); fails where the host has none (a browser). */
export function nodeBuiltin<T>(name: string): Promise<T> {
  const specifier = `node:${name}`;
  return (import(specifier) as Promise<T>).then((m) => { loaded.set(name, m); return m; });
}

/**
 * The module `node:${name}` now, for functions WIT makes synchronous (a socket's bind): `process.getBuiltinModule`
 * (Node ≥ 20.16, Bun, Deno), else one `nodeBuiltin` already loaded; undefined when neither has it.
 */
export function nodeBuiltinNow<T>(name: string): T | undefined {
  const m = loaded.get(name);
  if (m !== undefined) return m as T;
  const p = (globalThis as { process?: { getBuiltinModule?: (n: string) => unknown } }).process;
  try {
    const b = p?.getBuiltinModule?.(`node:${name}`) as T | undefined;
    if (b !== undefined) loaded.set(name, b);
    return b;
  } catch {
    return undefined;
  }
}
