// A static file server for the browser test, on 127.0.0.1 and an ephemeral port: files under the repository's
// `dist/` (the ES modules of kumiki and of the page code) plus in-memory entries (the bundle, the page, fixtures).
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

export interface StaticServer {
  readonly origin: string;
  /** Serves `body` at `path` (absolute URL path, e.g. `/bundle.js`), with extra response headers. */
  put(path: string, body: string | Uint8Array, headers?: Readonly<Record<string, string>>): void;
  /** Requests that were answered 404 (a missing module would otherwise show only as a console error). */
  readonly missing: readonly string[];
  close(): Promise<void>;
}

/** Serves `root/dist/**` under `/dist/` and whatever `put` adds. */
export async function startServer(root: string): Promise<StaticServer> {
  const memory = new Map<string, { body: string | Uint8Array; headers: Readonly<Record<string, string>> }>();
  const missing: string[] = [];
  const distRoot = join(root, 'dist');
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: string | Uint8Array, type: string, headers: Readonly<Record<string, string>> = {}): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const inMemory = memory.get(path);
    if (inMemory !== undefined) return send(200, inMemory.body, type, inMemory.headers);
    const file = normalize(join(root, path));
    if (!path.startsWith('/dist/') || !file.startsWith(`${distRoot}/`)) {
      missing.push(path);
      return send(404, 'not found', 'text/plain');
    }
    readFile(file).then((body) => send(200, body, type), () => {
      missing.push(path);
      send(404, 'not found', 'text/plain');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (path, body, headers = {}) => void memory.set(path, { body, headers }),
    missing,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
