// Corpus files on disk, and what marks a spec script as needing the async runtime.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (recursively, sorted by name at each level) whose name ends with `suffix`. */
export function filesUnder(dir: string, suffix: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, suffix, out);
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

/** Canonical built-ins and options that need the async runtime (Explainer.md "Canonical built-ins"). */
export const ASYNC_USE = /\(canon\s+(?:task\.|stream\.|future\.|waitable|subtask\.|thread\.|context\.|backpressure\.|yield|error-context\.)|\(canon\s+lift[^)]*\basync\b|\bfunc\s+async\b|\)\s+async\s*\)|\(stream\b|\(future\b/;
