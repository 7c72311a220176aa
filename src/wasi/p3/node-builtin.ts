// Loading a Node built-in (node:fs, node:net…) for the Node providers only when one is used. The specifier is not a
// literal on purpose: a bundler building kumiki/wasi for browsers then leaves no `node:` import to resolve.

/** The module `node:${name}` (Node, Bun, Deno); fails where the host has none (a browser). */
export function nodeBuiltin<T>(name: string): Promise<T> {
  const specifier = `node:${name}`;
  return import(specifier) as Promise<T>;
}
