// jco-p3 round-trip (wasmtime's component-async-tests round_trip*.rs, jco's ported round-trip.ts): the 10 variants
// of a guest that exports `foo` and calls the imported `foo` in between, alone (the import given from JS, which
// answers after a few event-loop turns like wasmtime's host) and composed with itself (linked through JS and fused),
// three calls at once, compared with the expected strings. Stackless variants run everywhere (no JSPI); stackful,
// `wait` and synchronous ones block a task, so without JSPI they fail with the JSPI UnsupportedError.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bounded, isJspiError, JSPI, LINKS, MODES, pair, single, SKIP, yieldTimes, type Api, type Mode } from './jco-p3-support.js';

const INPUTS = ['hello, world!', '¡hola, mundo!', "hi y'all!"];
const expected = (s: string, guests: number): string => `${s}${' - entered guest'.repeat(guests)} - entered host - exited host${' - exited guest'.repeat(guests)}`;

/** Blocking: what each variant does that needs JSPI when the host answers later (README "Blocking"). */
const VARIANTS: Record<string, { blocks: boolean }> = {
  stackless: { blocks: false },
  'direct-stackless': { blocks: false },
  'many-stackless': { blocks: false },
  stackful: { blocks: true }, // a stackful lift: waitable-set.wait on its own stack
  wait: { blocks: true }, // waitable-set.wait in a callback-less task
  'many-stackful': { blocks: true },
  'many-wait': { blocks: true },
  synchronous: { blocks: true }, // a sync lower of an async import whose answer comes later
  'stackless-sync-import': { blocks: true },
  'many-synchronous': { blocks: true },
};

/** Variants whose caller lowers `foo` async and whose callee lifts it async: the pair fuses. */
const ASYNC_PAIR = new Set(['stackless', 'direct-stackless', 'many-stackless', 'stackful', 'many-stackful']);

const file = (v: string): string => `round-trip/async-round-trip-${v}.wasm`;
const isMany = (v: string): boolean => v.startsWith('many-');
const isDirect = (v: string): boolean => v === 'direct-stackless';
const IFACE = (v: string): string => (isDirect(v) ? 'foo' : isMany(v) ? 'local:local/many' : 'local:local/baz');

// round_trip_many.rs: the other arguments come back unchanged.
const STUFF = { a: new Int32Array(42).fill(42), b: true, c: 424242n };
const MANY_ARGS = [42, new Uint8Array(42).fill(42), [4242n, 424242424242n], STUFF, STUFF, { tag: 'err', val: undefined }] as const;

/** The host's `foo`: answers after a few turns (`later`) or at once. */
function host(v: string, later: boolean): Record<string, unknown> {
  const tail = (s: string): string => `${s} - entered host - exited host`;
  if (isMany(v)) {
    const foo = (a: string, ...rest: unknown[]): unknown => (later ? yieldTimes(5).then(() => [tail(a), ...rest]) : [tail(a), ...rest]);
    return { 'local:local/many': { foo } };
  }
  const foo = (s: string): unknown => (later ? yieldTimes(10).then(() => tail(s)) : tail(s));
  return isDirect(v) ? { foo } : { 'local:local/baz': { foo } };
}

async function callAll(api: Api, v: string, guests: number): Promise<void> {
  const f = (isDirect(v) ? api.foo : api[IFACE(v)].foo) as (...a: unknown[]) => Promise<unknown>;
  const results = await Promise.all(INPUTS.map((s) => (isMany(v) ? f(s, ...MANY_ARGS) : f(s))));
  results.forEach((r, i) => {
    if (isMany(v)) assert.deepEqual(r, [expected(INPUTS[i]!, guests), ...MANY_ARGS]);
    else assert.equal(r, expected(INPUTS[i]!, guests));
  });
}

/**
 * Runs `body`; a blocking variant without JSPI must instead fail with the JSPI UnsupportedError. With JSPI every
 * variant must pass (never a hang: bounded to 5 s), the synchronous lifts of `foo` with parameters too (`wait`,
 * `synchronous`: their core call suspends under `promising`, the adapter's result half taking its result).
 */
async function expectRun(blocks: boolean, body: () => Promise<void>): Promise<void> {
  if (!blocks) return body();
  if (!JSPI) {
    await assert.rejects(body, (e: unknown) => isJspiError(e) || (assert.fail(`expected the JSPI UnsupportedError, got ${String(e)}`), false));
    return;
  }
  await bounded(body(), 5000);
}

for (const mode of MODES as readonly Mode[]) {
  describe(`jco-p3 round-trip (${mode})`, { skip: SKIP }, () => {
    for (const [v, { blocks }] of Object.entries(VARIANTS)) {
      it(`${v}: alone, the host import answering later`, () => expectRun(blocks, async () => callAll(await single(file(v), mode, host(v, true)), v, 1)));
      for (const link of LINKS) {
        it(`${v} + ${v}: ${link === 'js' ? 'linked through JS' : 'fused'}`, () => expectRun(blocks, async () => {
          const { api, fused } = await pair(file(v), file(v), [IFACE(v)], link, mode, host(v, true));
          // Composed: the caller's async lower of the callee's async lift copies the arguments memory to memory (a
          // fused adapter). A synchronous lower (synchronous, sync-import) or an async function lifted without
          // `async` (the wait variants) crosses as JS values. Linked through JS: none.
          assert.equal(fused, link === 'fused' && ASYNC_PAIR.has(v) ? 1 : 0);
          await callAll(api, v, 2);
        }));
      }
      // Without JSPI a blocking variant still runs when nothing makes it wait: the host answers at once.
      if (blocks) {
        it(`${v}: alone and paired (JS-linked, composed), the host import answering at once (no blocking)`, async () => {
          await callAll(await single(file(v), mode, host(v, false)), v, 1);
          for (const link of LINKS) await callAll((await pair(file(v), file(v), [IFACE(v)], link, mode, host(v, false))).api, v, 2);
        });
      }
    }
    it('stackless + synchronous, synchronous + stackless (fused)', async () => {
      for (const [a, b] of [['stackless', 'synchronous'], ['synchronous', 'stackless']] as const) {
        await expectRun(true, async () => callAll((await pair(file(a), file(b), ['local:local/baz'], 'fused', mode, host(a, true))).api, a, 2));
      }
    });
  });
}
