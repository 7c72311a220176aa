// `node dist/scripts/wasi-testsuite.js [--jco] [--only NAME]…`: runs the official WASI test suite's preview1 programs
// under kumiki (and with --jco under jco's transpiled output on preview2-shim, the same components) and prints
// a pass/fail table per folder with each failure's reason.
import { discover, FOLDERS } from '../test/wasi-testsuite/suite.js';
import { report, runAll, type Engine } from '../test/wasi-testsuite/executor.js';

const argv = process.argv.slice(2);
const engines: Engine[] = argv.includes('--jco') ? (argv.includes('--no-kumiki') ? ['jco'] : ['kumiki', 'jco']) : ['kumiki'];
const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
const plans = FOLDERS.flatMap(discover).filter((p) => only.length === 0 || only.some((o) => `${p.folder}/${p.name}`.includes(o)));
for (const engine of engines) {
  const t = performance.now();
  const results = await runAll(plans, engine);
  console.log(report(engine, results));
  console.log(`${engine}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
