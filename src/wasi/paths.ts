// Paths with a NUL byte: the shim hands them to node:fs, which throws a TypeError that would escape into the guest
// as a trap. WASI's answer is the `invalid` error code (wasmtime: EINVAL/EILSEQ), so such paths stop here.

/** `wasi:filesystem/types` descriptor methods that take paths, and the shim's method name for each. */
const PATH_METHODS: Readonly<Record<string, string>> = {
  'open-at': 'openAt', 'stat-at': 'statAt', 'set-times-at': 'setTimesAt', 'link-at': 'linkAt',
  'create-directory-at': 'createDirectoryAt', 'readlink-at': 'readlinkAt', 'remove-directory-at': 'removeDirectoryAt',
  'rename-at': 'renameAt', 'symlink-at': 'symlinkAt', 'unlink-file-at': 'unlinkFileAt', 'metadata-hash-at': 'metadataHashAt',
};

/** `[method]descriptor.<m>` entries that answer `invalid` for a path holding NUL, else call the shim's method. */
export function nulSafePathMethods(): Record<string, (self: Record<string, (...a: unknown[]) => unknown>, ...args: unknown[]) => unknown> {
  const out: Record<string, (self: Record<string, (...a: unknown[]) => unknown>, ...args: unknown[]) => unknown> = {};
  for (const [wit, method] of Object.entries(PATH_METHODS)) {
    out[`[method]descriptor.${wit}`] = (self, ...args) => {
      if (args.some((a) => typeof a === 'string' && a.includes('\0'))) throw 'invalid';
      return self[method]!(...args);
    };
  }
  return out;
}
