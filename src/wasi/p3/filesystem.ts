// wasi:filesystem@0.3 (types, preopens) over a provider (fs-node.ts or fs-memory.ts). Deny by default: a guest
// sees only its preopens, and no path leaves one (absolute paths and `..` past the root are not-permitted). File
// contents stream in chunks both ways. Errors are the provider's (the host's errno, mapped in fs-node.ts).
import { joinInside, type EntryStat, type FileHandle, type FsBackend } from './fs-backend.js';
import { MemoryFs } from './fs-memory.js';
import { systemNowNs } from './clocks.js';
import { byteStream, CHUNK, dropStream, encodedStream, readBytes, resultFuture } from './host-streams.js';
import type { StreamValue } from '../../runtime/async/values.js';

/** A preopen: a host directory path (node:fs) or an in-memory file system. */
export type Preopen = string | MemoryFs;

/** wasi:filesystem error-code (a variant: `other(option<string>)` makes `result<_, error-code>` 20 bytes, the case at 4). */
const FS_ERRORS = [
  'access', 'already', 'bad-descriptor', 'busy', 'deadlock', 'quota', 'exist', 'file-too-large', 'illegal-byte-sequence', 'in-progress',
  'interrupted', 'invalid', 'io', 'is-directory', 'loop', 'too-many-links', 'message-size', 'name-too-long', 'no-device', 'no-entry', 'no-lock',
  'insufficient-memory', 'insufficient-space', 'not-directory', 'not-empty', 'not-recoverable', 'unsupported', 'no-tty', 'no-such-device',
  'overflow', 'not-permitted', 'pipe', 'read-only', 'invalid-seek', 'text-file-busy', 'cross-device', 'other',
] as const;
const FS_RESULT = { cases: FS_ERRORS, payloadOffset: 4, size: 20 };

/** wasi:filesystem descriptor-type cases, in order (the discriminant). */
const DESCRIPTOR_TYPES = ['block-device', 'character-device', 'directory', 'fifo', 'symbolic-link', 'regular-file', 'socket', 'other'];

/**
 * CanonicalABI.md store of `directory-entry { type: descriptor-type, name: string }`: the type's discriminant at 0
 * (`other`'s option<string> none at 4), the name's pointer and length at 16 and 20 (24 bytes, align 4).
 */
function encodeEntry(mem: WebAssembly.Memory, ptr: number, e: { name: string; type: string }, realloc: (...a: number[]) => number): void {
  const name = new TextEncoder().encode(e.name);
  const at = name.length === 0 ? 1 : realloc(0, 0, 1, name.length);
  new Uint8Array(mem.buffer).set(name, at);
  const dv = new DataView(mem.buffer);
  const t = DESCRIPTOR_TYPES.indexOf(e.type);
  dv.setUint8(ptr, t < 0 ? 7 : t);
  dv.setUint8(ptr + 4, 0);
  dv.setUint32(ptr + 16, at, true);
  dv.setUint32(ptr + 20, name.length, true);
}

interface DescriptorFlags { read?: boolean; write?: boolean; mutateDirectory?: boolean; fileIntegritySync?: boolean; dataIntegritySync?: boolean; requestedWriteSync?: boolean }
interface Instant { seconds: bigint; nanoseconds: number }
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Instant };

/** A provider failure (a WASI error-code name) as the variant value `result`'s error carries. */
function asError(e: unknown): unknown {
  return typeof e === 'string' ? { tag: e } : e;
}

async function wasiCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asError(e);
  }
}

/** Nanoseconds since the epoch as wasi:clocks' instant (exact: the host's nanoseconds, no float between). */
function instant(ns: bigint | undefined): Instant | undefined {
  if (ns === undefined) return undefined;
  const s = ns / 1_000_000_000n - (ns % 1_000_000_000n < 0n ? 1n : 0n);
  return { seconds: s, nanoseconds: Number(ns - s * 1_000_000_000n) };
}

function timeOf(t: NewTimestamp, now: bigint): bigint | undefined {
  return t.tag === 'no-change' ? undefined : t.tag === 'now' ? now : t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds);
}

function descriptorStat(s: EntryStat): Record<string, unknown> {
  return {
    type: s.type === 'unknown' ? { tag: 'other', val: undefined } : { tag: s.type },
    linkCount: s.linkCount, size: s.size,
    dataAccessTimestamp: instant(s.atimeNs), dataModificationTimestamp: instant(s.mtimeNs), statusChangeTimestamp: instant(s.ctimeNs),
  };
}

/** A stable 128-bit hash of an entry's identity and times (metadata-hash): FNV-1a over its numbers. */
function metadataHash(s: EntryStat): { lower: bigint; upper: bigint } {
  const text = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs ?? ''}:${s.ctimeNs ?? ''}`;
  let a = 0xcbf29ce484222325n, b = 0x84222325cbf29ce4n;
  const M = (1n << 64n) - 1n;
  for (let i = 0; i < text.length; i++) {
    const c = BigInt(text.charCodeAt(i));
    a = ((a ^ c) * 0x100000001b3n) & M;
    b = ((b ^ (c + 7n)) * 0x100000001b3n) & M;
  }
  return { lower: a, upper: b };
}

/** wasi:filesystem/types#descriptor: a directory (a path in a provider) or an open file. */
export class Descriptor {
  /** @internal */
  constructor(readonly backend: Promise<FsBackend>, readonly path: string, readonly file: FileHandle | undefined, readonly flags: DescriptorFlags) {}

  private dirPath(sub: string): string {
    if (this.file !== undefined) throw 'not-directory';
    // An empty path names nothing (wasmtime: no-entry); `.` names this directory.
    if (sub === '') throw 'no-entry';
    const p = joinInside(this.path, sub);
    if (p === undefined) throw 'not-permitted';
    return p;
  }

  private needFile(write: boolean): FileHandle {
    if (this.file === undefined) throw 'is-directory';
    if (write ? !this.flags.write : !this.flags.read) throw 'bad-descriptor';
    return this.file;
  }

  private needMutate(): void {
    if (!this.flags.mutateDirectory) throw 'read-only';
  }

  readViaStream(offset: bigint): unknown[] {
    // A file offset is a signed 64-bit number on every host (off_t): larger ones are invalid.
    if (offset >= 1n << 63n) return [byteStream([]), resultFuture(Promise.reject('invalid'), FS_RESULT, 'io')];
    let settle: (e: unknown) => void = () => {};
    const ended = new Promise<void>((resolve, reject) => { settle = (e) => (e === undefined ? resolve() : reject(asError(e))); });
    const self = this;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      const f = self.needFile(false);
      for (let pos = Number(offset); ;) {
        const buf = new Uint8Array(CHUNK);
        const n = await f.read(buf, pos);
        if (n === 0) return;
        pos += n;
        yield buf.subarray(0, n);
      }
    }
    return [byteStream(chunks(), settle), resultFuture(ended, FS_RESULT, 'io')];
  }

  writeViaStream(data: StreamValue, offset: bigint): unknown {
    return resultFuture(this.copyIn(data, Number(offset), false), FS_RESULT, 'io');
  }

  appendViaStream(data: StreamValue): unknown {
    return resultFuture(this.copyIn(data, 0, true), FS_RESULT, 'io');
  }

  private async copyIn(data: StreamValue, pos: number, append: boolean): Promise<void> {
    const source = readBytes(data);
    try {
      const f = this.needFile(true);
      for await (const chunk of source) {
        if (append) pos = Number((await f.stat()).size);
        for (let off = 0; off < chunk.length;) off += await f.write(chunk.subarray(off), pos + off);
        pos += chunk.length;
      }
    } catch (e) {
      // A generator not yet started skips its `finally`: drop the guest's stream here so its writer sees it.
      dropStream(data);
      throw asError(e);
    }
  }

  /** Advice is a hint (nothing to do), for files only. */
  advise(): Promise<void> { return wasiCall(async () => { if (this.file === undefined) throw 'bad-descriptor'; }); }
  syncData(): Promise<void> { return this.sync(); }
  sync(): Promise<void> { return wasiCall(async () => { if (this.file !== undefined) await this.file.sync(); }); }
  /** A directory can always be read (listed), whatever it was opened with. */
  getFlags(): Promise<DescriptorFlags> { return Promise.resolve({ ...this.flags, ...(this.file === undefined ? { read: true } : {}) }); }

  getType(): Promise<unknown> {
    return wasiCall(async () => (descriptorStat(this.file !== undefined ? await this.file.stat() : await (await this.backend).stat(this.path, true)))['type']);
  }

  setSize(size: bigint): Promise<void> {
    return wasiCall(async () => {
      const f = this.needFile(true);
      // Beyond a JS number's exact range no host file can be that large.
      if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw 'file-too-large';
      await f.truncate(Number(size));
    });
  }

  setTimes(a: NewTimestamp, m: NewTimestamp): Promise<void> {
    return wasiCall(async () => {
      const now = systemNowNs();
      if (this.file !== undefined) await this.file.setTimes(timeOf(a, now), timeOf(m, now));
      else await (await this.backend).setTimes(this.path, true, timeOf(a, now), timeOf(m, now));
    });
  }

  /** Entries stream one by one, each name stored with the reader's realloc. */
  readDirectory(): unknown[] {
    let settle: (e: unknown) => void = () => {};
    const ended = new Promise<void>((resolve, reject) => { settle = (e) => (e === undefined ? resolve() : reject(asError(e))); });
    const self = this;
    async function* entries(): AsyncGenerator<{ name: string; type: string }> {
      if (self.file !== undefined) throw 'not-directory';
      yield* await (await self.backend).readdir(self.path);
    }
    return [encodedStream(entries(), encodeEntry, settle), resultFuture(ended, FS_RESULT, 'io')];
  }

  createDirectoryAt(path: string): Promise<void> {
    return wasiCall(async () => {
      const p = this.dirPath(path);
      if (p === this.path) throw 'exist';
      this.needMutate();
      await (await this.backend).mkdir(p);
    });
  }

  stat(): Promise<unknown> {
    return wasiCall(async () => descriptorStat(this.file !== undefined ? await this.file.stat() : await (await this.backend).stat(this.path, true)));
  }

  statAt(pf: { symlinkFollow?: boolean }, path: string): Promise<unknown> {
    return wasiCall(async () => descriptorStat(await (await this.backend).stat(this.dirPath(path), pf.symlinkFollow === true)));
  }

  setTimesAt(pf: { symlinkFollow?: boolean }, path: string, a: NewTimestamp, m: NewTimestamp): Promise<void> {
    return wasiCall(async () => {
      const now = systemNowNs();
      await (await this.backend).setTimes(this.dirPath(path), pf.symlinkFollow === true, timeOf(a, now), timeOf(m, now));
    });
  }

  linkAt(_pf: unknown, oldPath: string, to: Descriptor, newPath: string): Promise<void> {
    return wasiCall(async () => {
      if ((await to.backend) !== (await this.backend)) throw 'cross-device';
      this.needMutate();
      await (await this.backend).link(this.dirPath(oldPath), to.dirPath(newPath));
    });
  }

  openAt(pf: { symlinkFollow?: boolean }, path: string, of: { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean }, flags: DescriptorFlags): Promise<Descriptor> {
    return wasiCall(async () => {
      const p = this.dirPath(path);
      const write = flags.write === true;
      // A descriptor grants no more than the directory it was opened from.
      if ((write || of.create || of.truncate || flags.mutateDirectory) && !this.flags.mutateDirectory) throw 'read-only';
      const backend = await this.backend;
      const file = await backend.open(p, {
        create: of.create === true, exclusive: of.exclusive === true, truncate: of.truncate === true, directory: of.directory === true,
        write: write || of.create === true, followSymlinks: pf.symlinkFollow === true,
      });
      // As wasmtime: no read or write asked opens for reading; create implies write.
      const granted = { ...flags, ...(flags.read !== true && !write ? { read: true } : {}), ...(of.create === true ? { write: true } : {}) };
      return new Descriptor(this.backend, p, file, granted);
    });
  }

  readlinkAt(path: string): Promise<string> {
    return wasiCall(async () => (await this.backend).readlink(this.dirPath(path)));
  }

  removeDirectoryAt(path: string): Promise<void> {
    return wasiCall(async () => {
      const p = this.dirPath(path);
      // The descriptor's own directory cannot be removed through it.
      if (p === this.path) throw 'invalid';
      this.needMutate();
      const backend = await this.backend;
      // A trailing `/` follows a last symbolic link: one leading out of the preopen is not-permitted (a stat that
      // follows it checks where it leads); one inside still names a link, which rmdir refuses (not-directory).
      if (path.endsWith('/')) await backend.stat(p, true).catch((e: unknown) => { if (e === 'not-permitted') throw e; });
      await backend.rmdir(p);
    });
  }

  renameAt(oldPath: string, to: Descriptor, newPath: string): Promise<void> {
    return wasiCall(async () => {
      if ((await to.backend) !== (await this.backend)) throw 'cross-device';
      this.needMutate();
      await (await this.backend).rename(this.dirPath(oldPath), to.dirPath(newPath));
    });
  }

  symlinkAt(oldPath: string, newPath: string): Promise<void> {
    return wasiCall(async () => { this.needMutate(); await (await this.backend).symlink(oldPath, this.dirPath(newPath)); });
  }

  unlinkFileAt(path: string): Promise<void> {
    return wasiCall(async () => {
      const p = this.dirPath(path);
      if (p === this.path) throw 'is-directory';
      this.needMutate();
      await (await this.backend).unlink(p);
    });
  }

  async isSameObject(other: Descriptor): Promise<boolean> {
    try {
      const [a, b] = await Promise.all([this.identity(), other.identity()]);
      return a.dev === b.dev && a.ino === b.ino && (await this.backend) === (await other.backend);
    } catch {
      return false;
    }
  }

  private async identity(): Promise<EntryStat> {
    return this.file !== undefined ? this.file.stat() : (await this.backend).stat(this.path, true);
  }

  metadataHash(): Promise<unknown> { return wasiCall(async () => metadataHash(await this.identity())); }

  metadataHashAt(pf: { symlinkFollow?: boolean }, path: string): Promise<unknown> {
    return wasiCall(async () => metadataHash(await (await this.backend).stat(this.dirPath(path), pf.symlinkFollow === true)));
  }

  [Symbol.dispose](): void { void this.file?.close(); }
}

async function backendOf(p: Preopen): Promise<FsBackend> {
  if (p instanceof MemoryFs) return p.backend();
  const { nodeBackend } = await import('./fs-node.js');
  return nodeBackend(p);
}

export function filesystem(preopens: Readonly<Record<string, Preopen>>): Record<string, Record<string, unknown>> {
  const dirs = Object.entries(preopens).map(([guest, host]) => {
    const b = backendOf(host);
    // A missing host directory fails the guest's first use of it, not the host's setup.
    b.catch(() => {});
    return [new Descriptor(b, '', undefined, { read: true, mutateDirectory: true }), guest] as const;
  });
  return {
    'wasi:filesystem/types': { Descriptor },
    'wasi:filesystem/preopens': { getDirectories: () => dirs.map(([d, g]) => [d, g]) },
  };
}
