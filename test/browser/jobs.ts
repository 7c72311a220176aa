// The fixtures and calls the browser tests run (chromium.test.ts: the JIT; transpiled.test.ts: `kumiki transpile`
// output): the same jobs, so the JIT and the transpiled module are held to the same results.
import { RESULT_CASE, VALUE_CASES } from '../support/build-values.js';
import { encode } from './codec.js';
import type { CallSpec, HostSpec } from './page.js';

export const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** A nested component with a type export and an instance: exercises more section kinds than WIT output has. */
export const NESTED_WAT = `(component
  (type $point (record (field "x" u32) (field "y" u32)))
  (export $p "point" (type $point))
  (component $inner
    (type $t (enum "a" "b"))
    (export "t" (type $t)))
  (instance $i (instantiate $inner))
  (export "inner" (instance $i))
)`;

/** Every value case through both directions (echo-T: memory; call-T: host import and back), plus results. */
export function valuesCalls(): CallSpec[] {
  const calls: CallSpec[] = [];
  for (const c of VALUE_CASES) {
    calls.push({ path: ['api', camel(`echo-${c.name}`)], args: [encode(c.list ?? c.samples)] });
    for (const s of c.samples) calls.push({ path: ['api', camel(`call-${c.name}`)], args: [encode(s)] });
  }
  calls.push({ path: ['api', 'callResult'], args: [encode({ tag: 'ok', val: 7 })] });
  calls.push({ path: ['api', 'callResult'], args: [encode({ tag: 'err', val: 'bad ü' })] });
  // Rejected arguments: a u8 of 300, a string for a u32, a Float32Array for list<u32>.
  calls.push({ path: ['api', 'callU8'], args: [encode(300)] });
  calls.push({ path: ['api', 'callU32'], args: [encode('1')] });
  calls.push({ path: ['api', 'echoU32'], args: [encode(new Float32Array([1]))] });
  return calls;
}

export const VALUES_HOST: HostSpec = {
  iface: 'kumiki:values/host',
  echo: VALUE_CASES.map((c) => camel(`host-${c.name}`)),
  throwPayload: [camel(`host-${RESULT_CASE.name}`)],
};

export const BENCH_CALLS: CallSpec[] = [
  { path: ['api', 'add'], args: [encode(2 ** 31), encode(2 ** 31 + 5)] },
  { path: ['api', 'echo'], args: [encode('héllo 😀 wörld')] },
  { path: ['api', 'echo'], args: [encode('\uFEFFbom')] },
  { path: ['api', 'sum'], args: [encode(new Uint32Array([1, 2, 3, 4000000000]))] },
  { path: ['api', 'echoBytes'], args: [encode(new Uint8Array([0, 1, 255]))] },
  { path: ['api', 'makePoint'], args: [encode(1.5), encode(-0)] },
  { path: ['api', 'noop'], args: [] },
];
