// What wasi:filesystem@0.3 needs of a file system, as one small async interface with two providers: node:fs
// (fs-node.ts; Node, Bun, Deno) and an in-memory tree (fs-memory.ts; browsers, Workers, tests, sandboxes). Paths
// here are already resolved inside a preopen (`a/b`, '' for the preopen itself); failures are thrown as WASI
// error-code names (strings).

export type EntryType = 'directory' | 'regular-file' | 'symbolic-link' | 'block-device' | 'character-device' | 'fifo' | 'socket' | 'unknown';

export interface EntryStat {
  readonly type: EntryType;
  readonly linkCount: bigint;
  readonly size: bigint;
  /** Nanoseconds since the epoch, as the host keeps them (undefined: the provider does not know). */
  readonly atimeNs?: bigint;
  readonly mtimeNs?: bigint;
  readonly ctimeNs?: bigint;
  /** Identity for is-same-object and metadata-hash (device and inode, or the provider's own). */
  readonly dev: bigint;
  readonly ino: bigint;
}

export interface OpenHow {
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
  readonly directory: boolean;
  readonly write: boolean;
  readonly followSymlinks: boolean;
}

/** An open file. */
export interface FileHandle {
  read(into: Uint8Array, position: number): Promise<number>;
  write(bytes: Uint8Array, position: number): Promise<number>;
  stat(): Promise<EntryStat>;
  truncate(size: number): Promise<void>;
  sync(): Promise<void>;
  /** Nanoseconds since the epoch; undefined leaves the time as it is. */
  setTimes(atimeNs: bigint | undefined, mtimeNs: bigint | undefined): Promise<void>;
  close(): Promise<void>;
}

export interface FsBackend {
  stat(path: string, followSymlinks: boolean): Promise<EntryStat>;
  /** A file (`FileHandle`) or, for a directory, `undefined` (directories are paths). */
  open(path: string, how: OpenHow): Promise<FileHandle | undefined>;
  readdir(path: string): Promise<{ name: string; type: EntryType }[]>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  setTimes(path: string, followSymlinks: boolean, atimeNs: bigint | undefined, mtimeNs: bigint | undefined): Promise<void>;
}

/** A thrown WASI error code. */
export class FsError extends Error {
  override name = 'FsError';
  constructor(readonly payload: string, where: string) { super(`${where}: ${payload}`); }
}

/**
 * `path` (relative, `/`-separated) resolved against the directory `base` and normalized: `undefined` when it is
 * absolute or `..` climbs above `base` (WASI: not-permitted; a descriptor grants its directory and below only).
 * '' names `base` itself. Symbolic links are the provider's to check.
 */
export function joinInside(base: string, path: string): string | undefined {
  if (path.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return [...(base === '' ? [] : [base]), ...parts].join('/');
}
