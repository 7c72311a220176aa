// `npm run bench`: runs every dist/bench/*.bench.js (each exports `run(): Promise<void>` that prints its table).
// Extra args filter by substring. Performance is measured here, never by timed assertions in tests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = new URL('.', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.js') && (filters.length === 0 || filters.some((s) => f.includes(s)))).sort();
for (const f of files) {
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run(): Promise<void> };
  console.log(`\n== ${f.replace(/\.bench\.js$/, '')} ==`);
  await mod.run();
}
