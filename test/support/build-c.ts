// C guests: compiled with Debian's clang (--target=wasm32-unknown-unknown, no libc), then made components with
// jco's componentEmbed + componentNew. Results are cached by source hash under `.cache/c/`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { componentEmbed, componentNew } from '@bytecodealliance/jco';
import { repoRoot } from './build.js';

const CFLAGS = ['--target=wasm32-unknown-unknown', '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry', '-Wl,--export-dynamic'];

/** True when `clang` (with wasm-ld) is installed (scripts/setup.sh installs it). */
export function haveClang(): boolean {
  const r = spawnSync('clang', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** Compiles C source to a core module, then to a component for `world` of `wit`. */
export async function cComponent(cSource: string, wit: string, world: string): Promise<Uint8Array> {
  const key = createHash('sha256').update(`${CFLAGS.join(' ')}\0${cSource}\0${wit}\0${world}`).digest('hex').slice(0, 20);
  const dir = join(repoRoot, '.cache', 'c');
  const out = join(dir, `${key}.component.wasm`);
  if (existsSync(out)) return new Uint8Array(readFileSync(out));
  mkdirSync(dir, { recursive: true });
  const src = join(dir, `${key}.c`);
  const core = join(dir, `${key}.wasm`);
  writeFileSync(src, cSource);
  const r = spawnSync('clang', [...CFLAGS, '-o', core, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clang failed:\n${r.stderr}`);
  const embedded = await componentEmbed({ binary: new Uint8Array(readFileSync(core)), witSource: wit, world });
  const bytes = await componentNew(embedded);
  writeFileSync(out, bytes);
  return bytes;
}
