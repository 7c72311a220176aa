// `npm run playground`: builds the playground (issue 15) into dist/playground-site/ and serves it on 127.0.0.1.
// The site is static: index.html, style.css, the page bundle (kumiki's own code, rolldown, minified; the adapter
// interpreter and the WASI shim in lazy chunks) and the bundled example components, each built from source here
// (never committed binaries): the greeter (WIT + WAT, as `npm run example`), a C command (clang, wasi-libc, the
// preview1 adapter shipped with jco, `componentNew`) and a composed pair (two WAT components, `compose`).
// `--build-only` builds and exits; `--port N` picks the port (default 8015; 0: any free port).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { spawnSync } from 'node:child_process';
import { dirname, extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { rolldown } from 'rolldown';
import { componentEmbed, componentNew as jcoNew, parse } from '@bytecodealliance/jco';
import { componentNew, compose } from '../src/toolchain/index.js';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const src = join(root, 'playground');
export const SITE = join(root, 'dist/playground-site');

/** One bundled example, as the page lists it (examples.json). */
export interface ExampleInfo { readonly name: string; readonly file: string; readonly about: string }

/** Cached by a hash of everything that goes into a build, under .cache/playground/. */
function cached(key: string, make: () => Promise<Uint8Array> | Uint8Array): Promise<Uint8Array> {
  const file = join(root, '.cache/playground', `${createHash('sha256').update(key).digest('hex').slice(0, 20)}.wasm`);
  if (existsSync(file)) return Promise.resolve(new Uint8Array(readFileSync(file)));
  return Promise.resolve(make()).then((bytes) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return bytes;
  });
}

/** WIT world + core module text → a component (jco's WAT parser and wit-component embed, kumiki's componentNew). */
async function witWat(wit: string, world: string, wat: string): Promise<Uint8Array> {
  // jco's componentNew, as the tests' fixtures: kumiki's rejects the `lib` world (an interface exporting types no
  // function uses: "instance not valid to be used as export"), reported to the lead.
  return cached(`wit-jco\0${wit}\0${world}\0${wat}`, async () => jcoNew(await componentEmbed({ binary: await parse(wat), witSource: wit, world })));
}

const adapterPath = (): string => join(root, 'node_modules/@bytecodealliance/jco/lib/wasi_snapshot_preview1.command.wasm');

/** The C command: clang for wasm32-wasi (wasi-libc), then componentNew with the preview1 command adapter. */
async function cCommand(): Promise<Uint8Array> {
  const c = readFileSync(join(src, 'examples/command.c'), 'utf8');
  const adapter = new Uint8Array(readFileSync(adapterPath()));
  return cached(`c\0${c}\0${createHash('sha256').update(adapter).digest('hex')}`, () => {
    const dir = join(root, '.cache/playground');
    mkdirSync(dir, { recursive: true });
    const out = join(dir, 'command-core.wasm');
    const r = spawnSync('clang', ['--target=wasm32-wasi', '-O2', '-o', out, join(src, 'examples/command.c')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`clang failed (bash scripts/setup.sh installs it):\n${r.stderr ?? r.error}`);
    return componentNew(new Uint8Array(readFileSync(out)), { adapters: { wasi_snapshot_preview1: adapter } });
  });
}

/** The examples, built from their sources. */
export async function buildExamples(): Promise<Map<string, { info: ExampleInfo; bytes: Uint8Array }>> {
  const ex = (p: string): string => readFileSync(join(root, p), 'utf8');
  const greeter = await witWat(ex('examples/greeter/greeter.wit'), 'greeter', ex('examples/greeter/greeter.wat'));
  const pairWit = ex('playground/examples/pair.wit');
  const lib = await witWat(pairWit, 'lib', ex('playground/examples/lib.wat'));
  const app = await witWat(pairWit, 'app', ex('playground/examples/app.wat'));
  const pair = compose({ components: { app, lib } });
  const command = await cCommand();
  const list: [ExampleInfo, Uint8Array][] = [
    [{ name: 'greeter', file: 'greeter.wasm', about: 'WAT + WIT: strings, a list, a record, a result; imports a host logger' }, greeter],
    [{ name: 'C command', file: 'command.wasm', about: 'C on wasi-libc (clang) + the preview1 adapter: a wasi:cli command' }, command],
    [{ name: 'composed pair', file: 'pair.wasm', about: 'app + lib composed: records, variants, flags, enums, options, a resource; fused links' }, pair],
  ];
  return new Map(list.map(([info, bytes]) => [info.file, { info, bytes }]));
}

/** What `buildSite` reports: file sizes of the first load (min, and min+gzip). */
export interface SiteReport { readonly files: Record<string, { bytes: number; gzip: number }>; readonly firstLoadGzip: number }

/** Bundles the page (dist/playground/main.js, compiled by tsc) and writes the site. */
export async function buildSite(out = SITE): Promise<SiteReport> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'examples'), { recursive: true });
  const build = await rolldown({
    input: join(root, 'dist/playground/main.js'),
    platform: 'browser',
    onLog: (level, log) => { if (level === 'warn' && log.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') console.warn(`playground bundle: ${log.code}: ${log.message}`); },
  });
  const files: Record<string, { bytes: number; gzip: number }> = {};
  let entryImports: string[] = [];
  try {
    const { output } = await build.write({ dir: out, format: 'esm', minify: true, entryFileNames: 'app.js', chunkFileNames: 'chunk-[name]-[hash].js' });
    for (const o of output) {
      if (o.type !== 'chunk') continue;
      files[o.fileName] = { bytes: Buffer.byteLength(o.code), gzip: gzipSync(o.code, { level: 9 }).length };
      if (o.isEntry) entryImports = [o.fileName, ...o.imports];
    }
  } finally {
    await build.close();
  }
  for (const f of ['index.html', 'style.css', 'favicon.svg']) {
    copyFileSync(join(src, f), join(out, f));
    const text = readFileSync(join(src, f));
    files[f] = { bytes: text.length, gzip: gzipSync(text, { level: 9 }).length };
  }
  const examples = await buildExamples();
  for (const [file, { bytes }] of examples) writeFileSync(join(out, 'examples', file), bytes);
  writeFileSync(join(out, 'examples/examples.json'), `${JSON.stringify([...examples.values()].map((e) => e.info), null, 1)}\n`);
  // First load: the page, its style, its entry chunk and the chunks it imports statically (not lazy ones, not examples).
  const firstLoadGzip = ['index.html', 'style.css', ...entryImports].reduce((n, f) => n + (files[f]?.gzip ?? 0), 0);
  return { files, firstLoadGzip };
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** Serves `dir` on 127.0.0.1 (static files only, no directory listing). */
export async function serveSite(dir: string, port: number, headers: Readonly<Record<string, string>> = {}): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(`${dir}/`) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: p } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${p}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] !== undefined && new URL(import.meta.url).pathname === process.argv[1]) {
  const args = process.argv.slice(2);
  const report = await buildSite();
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  for (const [f, s] of Object.entries(report.files)) console.log(`  ${f.padEnd(32)} ${kb(s.bytes).padStart(9)} min, ${kb(s.gzip).padStart(8)} gzip`);
  console.log(`first load (page + entry chunks, min+gzip, examples excluded): ${kb(report.firstLoadGzip)}`);
  if (!args.includes('--build-only')) {
    const i = args.indexOf('--port');
    const port = i >= 0 ? Number(args[i + 1]) : 8015;
    // A strict policy, as on a careful static host: no inline script, no eval (the page then interprets the plans).
    const csp: Record<string, string> = args.includes('--csp') ? { 'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" } : {};
    const { origin } = await serveSite(SITE, port, csp);
    console.log(`kumiki playground: ${origin}/  (static files in dist/playground-site/; Ctrl-C stops)`);
  }
}
