// An in-memory file system for wasi:filesystem@0.3: browsers, Workers, and Node for tests and sandboxes. A tree
// of directories and byte files; `new MemoryFs({ 'a.txt': 'hi', 'd/b.bin': bytes })` fills it.
import type { EntryStat, EntryType, FileHandle, FsBackend, OpenHow } from './fs-backend.js';
import { systemNowNs as nowNs } from './clocks.js';

interface MemFile { kind: 'file'; data: Uint8Array; size: number; ino: bigint; atimeNs: bigint; mtimeNs: bigint; nlink: number }
interface MemDir { kind: 'dir'; entries: Map<string, MemNode>; ino: bigint; atimeNs: bigint; mtimeNs: bigint }
type MemNode = MemFile | MemDir;

let nextIno = 1n;

export class MemoryFs {
  readonly root: MemDir = { kind: 'dir', entries: new Map(), ino: nextIno++, atimeNs: nowNs(), mtimeNs: nowNs() };

  constructor(files: Readonly<Record<string, string | Uint8Array>> = {}) {
    for (const [p, v] of Object.entries(files)) this.writeFile(p, v);
  }

  /** Creates or replaces a file (and its parent directories). */
  writeFile(path: string, content: string | Uint8Array): void {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let d = this.root;
    for (const p of parts.slice(0, -1)) {
      let n = d.entries.get(p);
      if (n === undefined) { n = newDir(); d.entries.set(p, n); }
      if (n.kind !== 'dir') throw new Error(`MemoryFs: ${p} in ${path} is a file`);
      d = n;
    }
    const data = typeof content === 'string' ? new TextEncoder().encode(content) : content.slice();
    d.entries.set(parts[parts.length - 1]!, newFile(data));
  }

  /** A file's bytes, or undefined. */
  readFile(path: string): Uint8Array | undefined {
    const n = lookup(this.root, path);
    return n?.kind === 'file' ? n.data.slice(0, n.size) : undefined;
  }

  /** The provider wasi:filesystem uses. */
  backend(): FsBackend { return memoryBackend(this.root); }
}

function newDir(): MemDir { const t = nowNs(); return { kind: 'dir', entries: new Map(), ino: nextIno++, atimeNs: t, mtimeNs: t }; }
function newFile(data: Uint8Array): MemFile { const t = nowNs(); return { kind: 'file', data, size: data.length, ino: nextIno++, atimeNs: t, mtimeNs: t, nlink: 1 }; }

function lookup(root: MemDir, path: string): MemNode | undefined {
  let n: MemNode = root;
  for (const p of path.split('/')) {
    if (p === '') continue;
    if (n.kind !== 'dir') throw 'not-directory';
    const next: MemNode | undefined = n.entries.get(p);
    if (next === undefined) return undefined;
    n = next;
  }
  return n;
}

function need(root: MemDir, path: string): MemNode {
  const n = lookup(root, path);
  if (n === undefined) throw 'no-entry';
  return n;
}

function parentOf(root: MemDir, path: string): [MemDir, string] {
  const cut = path.lastIndexOf('/');
  const dir = need(root, cut < 0 ? '' : path.slice(0, cut));
  if (dir.kind !== 'dir') throw 'not-directory';
  const name = path.slice(cut + 1);
  if (name === '') throw 'invalid';
  return [dir, name];
}

function statOf(n: MemNode): EntryStat {
  return {
    type: (n.kind === 'dir' ? 'directory' : 'regular-file') as EntryType,
    linkCount: BigInt(n.kind === 'file' ? n.nlink : 1), size: BigInt(n.kind === 'file' ? n.size : 0),
    atimeNs: n.atimeNs, mtimeNs: n.mtimeNs, ctimeNs: n.mtimeNs, dev: 0n, ino: n.ino,
  };
}

function fileHandle(f: MemFile): FileHandle {
  const grow = (end: number): void => {
    if (end <= f.data.length) return;
    const d = new Uint8Array(Math.max(end, f.data.length * 2));
    d.set(f.data.subarray(0, f.size));
    f.data = d;
  };
  return {
    async read(into, position) {
      const n = Math.max(0, Math.min(into.length, f.size - position));
      into.set(f.data.subarray(position, position + n));
      f.atimeNs = nowNs();
      return n;
    },
    async write(bytes, position) {
      grow(position + bytes.length);
      if (position > f.size) f.data.fill(0, f.size, position);
      f.data.set(bytes, position);
      f.size = Math.max(f.size, position + bytes.length);
      f.mtimeNs = nowNs();
      return bytes.length;
    },
    stat: async () => statOf(f),
    async truncate(size) {
      grow(size);
      if (size > f.size) f.data.fill(0, f.size, size);
      f.size = size;
      f.mtimeNs = nowNs();
    },
    sync: async () => {},
    async setTimes(a, m) { if (a !== undefined) f.atimeNs = a; if (m !== undefined) f.mtimeNs = m; },
    close: async () => {},
  };
}

function memoryBackend(root: MemDir): FsBackend {
  return {
    stat: async (p) => statOf(need(root, p)),
    async open(p, how: OpenHow) {
      let n = lookup(root, p);
      if (n !== undefined && how.create && how.exclusive) throw 'exist';
      if (n === undefined) {
        if (!how.create || how.directory) throw 'no-entry';
        const [dir, name] = parentOf(root, p);
        n = newFile(new Uint8Array(0));
        dir.entries.set(name, n);
      }
      if (n.kind === 'dir') {
        if (how.write) throw 'is-directory';
        return undefined;
      }
      if (how.directory) throw 'not-directory';
      if (how.truncate) n.size = 0;
      return fileHandle(n);
    },
    async readdir(p) {
      const d = need(root, p);
      if (d.kind !== 'dir') throw 'not-directory';
      return [...d.entries].map(([name, n]) => ({ name, type: (n.kind === 'dir' ? 'directory' : 'regular-file') as EntryType }));
    },
    async mkdir(p) {
      const [dir, name] = parentOf(root, p);
      if (dir.entries.has(name)) throw 'exist';
      dir.entries.set(name, newDir());
    },
    async rmdir(p) {
      const [dir, name] = parentOf(root, p);
      const n = dir.entries.get(name);
      if (n === undefined) throw 'no-entry';
      if (n.kind !== 'dir') throw 'not-directory';
      if (n.entries.size > 0) throw 'not-empty';
      dir.entries.delete(name);
    },
    async unlink(p) {
      const [dir, name] = parentOf(root, p);
      const n = dir.entries.get(name);
      if (n === undefined) throw 'no-entry';
      if (n.kind === 'dir') throw 'is-directory';
      n.nlink--;
      dir.entries.delete(name);
    },
    async rename(a, b) {
      const [da, na] = parentOf(root, a);
      const [db, nb] = parentOf(root, b);
      const n = da.entries.get(na);
      if (n === undefined) throw 'no-entry';
      const old = db.entries.get(nb);
      if (old !== undefined && old.kind !== n.kind) throw old.kind === 'dir' ? 'is-directory' : 'not-directory';
      if (old?.kind === 'dir' && old.entries.size > 0) throw 'not-empty';
      da.entries.delete(na);
      db.entries.set(nb, n);
    },
    async link(a, b) {
      const n = need(root, a);
      if (n.kind === 'dir') throw 'not-permitted';
      const [db, nb] = parentOf(root, b);
      if (db.entries.has(nb)) throw 'exist';
      n.nlink++;
      db.entries.set(nb, n);
    },
    symlink: async () => { throw 'unsupported'; },
    readlink: async (p) => { need(root, p); throw 'invalid'; },
    async setTimes(p, _f, a, m) {
      const n = need(root, p);
      if (a !== undefined) n.atimeNs = a;
      if (m !== undefined) n.mtimeNs = m;
    },
  };
}
