// The node:fs provider of wasi:filesystem@0.3 (Node, Bun, Deno), loaded only when a host directory is preopened.
// Errors map from the host's errno (documented in the README: ENOENT → no-entry, EACCES → access, …). A symbolic link
// leading out of the preopen is refused (not-permitted): every path is checked by its real path before use.
import { nodeBuiltin } from './node-builtin.js';
import type { EntryStat, EntryType, FileHandle, FsBackend, OpenHow } from './fs-backend.js';

/** Host errno → wasi:filesystem error-code. */
export const ERRNO_TO_WASI: Readonly<Record<string, string>> = {
  ENOENT: 'no-entry', EEXIST: 'exist', EACCES: 'access', EPERM: 'not-permitted', ENOTDIR: 'not-directory',
  EISDIR: 'is-directory', ENOTEMPTY: 'not-empty', EINVAL: 'invalid', ELOOP: 'loop', ENAMETOOLONG: 'name-too-long',
  EBADF: 'bad-descriptor', EBUSY: 'busy', EXDEV: 'cross-device', ENOSPC: 'insufficient-space', EROFS: 'read-only',
  EMLINK: 'too-many-links', ESPIPE: 'invalid-seek', EFBIG: 'file-too-large', EIO: 'io', ENOTSUP: 'unsupported',
  EOPNOTSUPP: 'unsupported', ENOMEM: 'insufficient-memory', EDQUOT: 'quota', ETXTBSY: 'text-file-busy',
  EOVERFLOW: 'overflow', ENXIO: 'no-such-device', ENODEV: 'no-device', EMFILE: 'insufficient-memory', ENFILE: 'insufficient-memory',
};

type NodeFs = typeof import('node:fs/promises');
type NodeStats = import('node:fs').BigIntStats;

/** A host failure as the WASI error it names (unknown errno: io). */
function wasiError(e: unknown): never {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') throw ERRNO_TO_WASI[code] ?? 'io';
  throw e;
}

function typeOf(s: NodeStats): EntryType {
  return s.isDirectory() ? 'directory' : s.isFile() ? 'regular-file' : s.isSymbolicLink() ? 'symbolic-link' : s.isBlockDevice() ? 'block-device'
    : s.isCharacterDevice() ? 'character-device' : s.isFIFO() ? 'fifo' : s.isSocket() ? 'socket' : 'unknown';
}

/** Nanoseconds as the seconds node:fs's utimes takes: whole seconds and the fraction added apart, so a time near
 *  now keeps a precision of about 0.25 µs (one double of all the nanoseconds would keep 256 ns steps less well). */
function seconds(ns: bigint): number {
  return Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
}

function entryStat(s: NodeStats): EntryStat {
  return {
    type: typeOf(s), linkCount: s.nlink, size: s.size, atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
    dev: s.dev, ino: s.ino,
  };
}

export async function nodeBackend(root: string): Promise<FsBackend> {
  const fs = await nodeBuiltin<NodeFs>('fs/promises');
  const path = await nodeBuiltin<typeof import('node:path')>('path');
  const realRoot = await fs.realpath(root).catch(wasiError);
  const full = (p: string): string => (p === '' ? realRoot : path.join(realRoot, p));
  const inside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + path.sep);
  /** The host path of `p`, refused when it (or, when `follow` is false, its parent) resolves outside the preopen. */
  const checked = async (p: string, follow: boolean): Promise<string> => {
    const f = full(p);
    // Not following the last component: its parent must be inside (the preopen itself always is).
    const target = follow || p === '' ? f : path.dirname(f);
    let real: string;
    try {
      real = await fs.realpath(target);
    } catch (e) {
      // A path that does not exist yet: its parent decides.
      if ((e as { code?: string }).code !== 'ENOENT' || target === realRoot) wasiError(e);
      real = path.join(await fs.realpath(path.dirname(target)).catch(wasiError), path.basename(target));
    }
    if (!inside(real)) throw 'not-permitted';
    return f;
  };
  const C = (await nodeBuiltin<typeof import('node:fs')>('fs')).constants;
  return {
    async stat(p, follow) {
      const f = await checked(p, follow);
      return entryStat(await (follow ? fs.stat(f, { bigint: true }) : fs.lstat(f, { bigint: true })).catch(wasiError));
    },
    async open(p, how: OpenHow): Promise<FileHandle | undefined> {
      const f = await checked(p, how.followSymlinks);
      let flags = how.write ? C.O_RDWR : C.O_RDONLY;
      if (how.create) flags |= C.O_CREAT;
      if (how.exclusive) flags |= C.O_EXCL;
      if (how.truncate) flags |= C.O_TRUNC;
      if (how.directory) flags |= C.O_DIRECTORY;
      if (!how.followSymlinks) flags |= C.O_NOFOLLOW;
      // A directory cannot be opened for writing (EISDIR); as a descriptor it is just its path.
      const st = await fs.stat(f).catch(() => undefined);
      if (st?.isDirectory()) {
        if (how.exclusive && how.create) throw 'exist';
        if (how.write) throw 'is-directory';
        return undefined;
      }
      if (how.directory) {
        if (st === undefined) throw how.create ? 'invalid' : 'no-entry';
        throw 'not-directory';
      }
      const h = await fs.open(f, flags).catch(wasiError);
      return {
        read: async (into, position) => (await h.read(into, 0, into.length, position).catch(wasiError)).bytesRead,
        write: async (bytes, position) => (await h.write(bytes, 0, bytes.length, position).catch(wasiError)).bytesWritten,
        stat: async () => entryStat(await h.stat({ bigint: true }).catch(wasiError)),
        truncate: (size) => h.truncate(size).catch(wasiError),
        sync: () => h.sync().catch(wasiError),
        setTimes: async (a, m) => {
          const s = await h.stat({ bigint: true });
          await h.utimes(seconds(a ?? s.atimeNs), seconds(m ?? s.mtimeNs)).catch(wasiError);
        },
        close: () => h.close(),
      };
    },
    async readdir(p) {
      const f = await checked(p, true);
      const list = await fs.readdir(f, { withFileTypes: true }).catch(wasiError);
      return list.map((d) => ({
        name: d.name,
        type: d.isDirectory() ? 'directory' : d.isFile() ? 'regular-file' : d.isSymbolicLink() ? 'symbolic-link' : d.isBlockDevice() ? 'block-device'
          : d.isCharacterDevice() ? 'character-device' : d.isFIFO() ? 'fifo' : d.isSocket() ? 'socket' : 'unknown',
      }));
    },
    mkdir: async (p) => { await fs.mkdir(await checked(p, false)).catch(wasiError); },
    rmdir: async (p) => { await fs.rmdir(await checked(p, false)).catch(wasiError); },
    unlink: async (p) => {
      const f = await checked(p, false);
      // POSIX unlink of a directory is EISDIR on Linux (EPERM elsewhere): WASI says is-directory.
      const st = await fs.lstat(f).catch(wasiError);
      if (st.isDirectory()) throw 'is-directory';
      await fs.unlink(f).catch(wasiError);
    },
    rename: async (a, b) => { await fs.rename(await checked(a, false), await checked(b, false)).catch(wasiError); },
    link: async (a, b) => { await fs.link(await checked(a, false), await checked(b, false)).catch(wasiError); },
    symlink: async (target, p) => {
      if (target.startsWith('/')) throw 'not-permitted';
      await fs.symlink(target, await checked(p, false)).catch(wasiError);
    },
    readlink: async (p) => fs.readlink(await checked(p, false)).catch(wasiError),
    async setTimes(p, follow, a, m) {
      const f = await checked(p, follow);
      const s = await (follow ? fs.stat : fs.lstat)(f, { bigint: true }).catch(wasiError);
      await (follow ? fs.utimes : fs.lutimes)(f, seconds(a ?? s.atimeNs), seconds(m ?? s.mtimeNs)).catch(wasiError);
    },
  };
}
