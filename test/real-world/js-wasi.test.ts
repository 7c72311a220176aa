// The real-world tier, JS: one guest built by ComponentizeJS (StarlingMonkey, default features: WASI imports on)
// and by componentize-qjs (QuickJS, WASI not stubbed); its exports called through kumiki/wasi and through jco's
// transpiled output on Node, Bun and Deno: same stdout, results and exit status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jcoRunner, jsProgram, kumikiRunner, runtimes, runUnder, type RunCase } from './build.js';

const cases: RunCase[] = [
  { args: ['guest'], invoke: { fn: 'greet', args: ['Lin ✓ 日本語 😀'] } },
  { args: ['guest'], invoke: { fn: 'measure', args: [['a', 'ü', '日本', '😀'.repeat(1000)]] } },
];

for (const backend of ['starlingmonkey', 'quickjs'] as const) {
  test(`real-world JS (${backend}): WASI-enabled build agrees with jco on every runtime`, { timeout: 600_000 }, async () => {
    const comp = await jsProgram('guest', 'guest', backend);
    const runner = await jcoRunner(comp);
    const kumiki = kumikiRunner();
    const rts = runtimes();
    for (const rt of rts) {
      for (const c of cases) {
        const k = runUnder(rt, kumiki, [comp, JSON.stringify(c)]);
        const j = runUnder(rt, runner, [JSON.stringify(c)]);
        assert.equal(k.stdout, j.stdout, `${rt.name} ${c.invoke!.fn}: kumiki and jco differ (kumiki stderr: ${k.stderr}; jco stderr: ${j.stderr})`);
        assert.equal(k.status, j.status);
        assert.equal(k.status, 0, k.stderr);
      }
    }
    // StarlingMonkey logs through wasi:cli/stdout; componentize-qjs has no console.
    const logs = backend === 'starlingmonkey';
    const k = runUnder(rts[0]!, kumiki, [comp, JSON.stringify(cases[0])]);
    assert.equal(k.stdout, `${logs ? 'greeting Lin ✓ 日本語 😀\n' : ''}"Hello, Lin ✓ 日本語 😀! (clock ok, random ok)"\n`);
    const m = runUnder(rts[0]!, kumiki, [comp, JSON.stringify(cases[1])]);
    assert.equal(m.stdout, `${logs ? 'measured 4 items: 4009 bytes\n' : ''}4009\n`);
  });
}
