// Reads and validates the real ~12 MB ComponentizeJS (StarlingMonkey) component of the test fixtures, core compilation
// excluded (the host's `WebAssembly.validate` is swapped for a no-op), as the binary issue's target states (< 50 ms).
// The component is built by the tests' cached builder (test/support/componentize.ts).
import { readComponent } from '../src/binary/read.js';
import { validate } from '../src/validate/index.js';
import { componentizeJs, enableExtendedConst } from '../test/support/componentize.js';
import { median } from './timing.js';

export async function run(): Promise<void> {
  enableExtendedConst();
  for (const backend of ['starlingmonkey', 'quickjs'] as const) {
    const { bytes } = await componentizeJs(backend);
    const skipCore = (): undefined => undefined;
    const sample = (fn: () => void, n = 9): number => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) { const t0 = performance.now(); fn(); xs.push(performance.now() - t0); }
      return median(xs);
    };
    const read = sample(() => readComponent(bytes));
    const readValidate = sample(() => validate(bytes, { coreValidator: skipCore }));
    const withCore = sample(() => validate(bytes), 3);
    const mb = bytes.length / 1e6;
    console.log(`${backend.padEnd(14)} ${mb.toFixed(2)} MB  read ${read.toFixed(2)} ms  read+validate (core excluded) ${readValidate.toFixed(2)} ms (target < 50)  with WebAssembly.validate ${withCore.toFixed(1)} ms`);
  }
}
