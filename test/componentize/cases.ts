// Fixed inputs for the JS guest (test/fixtures/componentize/) and the outputs the guest's source implies; jco's
// transpile of each build is checked against these, and recorded as the oracle for kumiki.

/** The exports object of an instance (jco's or kumiki's): `values`, `counters`, `hello`. */
export type GuestExports = Record<string, any>;

export interface GuestCase {
  readonly name: string;
  readonly run: (ex: GuestExports) => unknown;
  /** The expected value (errors normalised by `outcome`). */
  readonly expect: unknown;
  /** Where a backend's guest glue differs (a bug of that toolchain, recorded rather than hidden). */
  readonly expectBy?: Partial<Record<'starlingmonkey' | 'quickjs', unknown>>;
  /** Uses the `counters` interface (absent from the `jsguest-plain` world). */
  readonly resource?: true;
}

/** A comparable form of a call's outcome: its value, `{ componentError: payload }`, or `{ trap: true }`. */
export function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (e) {
    const err = e as Error & { payload?: unknown };
    if (err?.name === 'ComponentError' || err?.constructor?.name === 'ComponentError') return { componentError: err.payload };
    if (e instanceof WebAssembly.RuntimeError) return { trap: true };
    return { thrown: `${err?.name}: ${err?.message}` };
  }
}

const ok = (value: unknown): unknown => ({ value });
const prims = {
  flag: true, tiny: -5, byte: 250, short: -30000, word: 65000, int: -2e9, uint: 4e9, long: -(2n ** 40n), ulong: 2n ** 60n,
  single: 1.5, double: Math.PI, letter: '😀', text: 'héllo',
};

export const GUEST_CASES: readonly GuestCase[] = [
  { name: 'hello', run: (ex) => ex.hello('Lin'), expect: ok('hello from js, Lin') },
  { name: 'greet', run: (ex) => ex.values.greet('wörld 😀'), expect: ok('Hello, wörld 😀!') },
  { name: 'greet empty', run: (ex) => ex.values.greet(''), expect: ok('Hello, !') },
  { name: 'echoPrims', run: (ex) => ex.values.echoPrims(prims), expect: ok(prims) },
  { name: 'nextChar', run: (ex) => ex.values.nextChar('a'), expect: ok('b') },
  { name: 'nextChar astral', run: (ex) => ex.values.nextChar('😀'), expect: ok('😁') },
  { name: 'sumS64', run: (ex) => ex.values.sumS64(100n, new BigInt64Array([1n, 2n, -10n])), expect: ok(93n) },
  {
    name: 'sumS64 empty list', run: (ex) => ex.values.sumS64(-5n, new BigInt64Array([])), expect: ok(-5n),
    // ComponentizeJS 0.22: an empty list<s64> argument traps in the guest glue.
    expectBy: { starlingmonkey: { trap: true } },
  },
  { name: 'reverseU32', run: (ex) => ex.values.reverseU32(new Uint32Array([1, 2, 4294967295])), expect: ok(new Uint32Array([4294967295, 2, 1])) },
  { name: 'reverseU32 empty', run: (ex) => ex.values.reverseU32(new Uint32Array([])), expect: ok(new Uint32Array([])) },
  { name: 'scaleF64', run: (ex) => ex.values.scaleF64(new Float64Array([1, 2.5, -0]), 2), expect: ok(new Float64Array([2, 5, -0])) },
  { name: 'bytesLen', run: (ex) => ex.values.bytesLen(new Uint8Array(1000)), expect: ok(1000) },
  { name: 'joinStrings', run: (ex) => ex.values.joinStrings(['a', 'bé', '😀'], ', '), expect: ok('a, bé, 😀') },
  { name: 'flipPoints', run: (ex) => ex.values.flipPoints([{ x: 1, y: 2 }, { x: -3, y: 4 }]), expect: ok([{ x: 2, y: 1 }, { x: 4, y: -3 }]) },
  { name: 'swap', run: (ex) => ex.values.swap(['x', 7]), expect: ok([7, 'x']) },
  { name: 'area circle', run: (ex) => ex.values.area({ tag: 'circle', val: 2 }), expect: ok(Math.PI * 4) },
  { name: 'area rect', run: (ex) => ex.values.area({ tag: 'rect', val: { x: 3, y: -4 } }), expect: ok(12) },
  { name: 'area empty', run: (ex) => ex.values.area({ tag: 'empty' }), expect: ok(0) },
  { name: 'makeShape circle', run: (ex) => ex.values.makeShape(0), expect: ok({ tag: 'circle', val: 1.5 }) },
  { name: 'makeShape rect', run: (ex) => ex.values.makeShape(1), expect: ok({ tag: 'rect', val: { x: 3, y: -4 } }) },
  { name: 'makeShape empty', run: (ex) => ex.values.makeShape(2), expect: ok({ tag: 'empty' }) },
  { name: 'nextColor', run: (ex) => ex.values.nextColor('blue'), expect: ok('red') },
  { name: 'toggle', run: (ex) => ex.values.toggle({ read: true, write: false, exec: true }), expect: ok({ read: false, write: true, exec: false }) },
  { name: 'maybeDouble some', run: (ex) => ex.values.maybeDouble(21), expect: ok(42) },
  { name: 'maybeDouble none', run: (ex) => ex.values.maybeDouble(undefined), expect: ok(undefined) },
  { name: 'firstWord some', run: (ex) => ex.values.firstWord('  hello world'), expect: ok('hello') },
  { name: 'firstWord none', run: (ex) => ex.values.firstWord('   '), expect: ok(undefined) },
  { name: 'safeDiv ok', run: (ex) => ex.values.safeDiv(-7, 2), expect: ok(-3) },
  { name: 'safeDiv err', run: (ex) => ex.values.safeDiv(7, 0), expect: { componentError: 'division by zero' } },
  { name: 'parseU8 ok', run: (ex) => ex.values.parseU8('200'), expect: ok(200) },
  { name: 'parseU8 err', run: (ex) => ex.values.parseU8('300'), expect: { componentError: 'not a u8: 300' } },
  { name: 'nested', run: (ex) => ex.values.nested([new Uint8Array([1]), new Uint8Array([]), new Uint8Array([1, 2, 3])]), expect: ok(new Uint32Array([1, 0, 3])) },
  {
    name: 'counter resource', expect: ok([8, 10, 18, 36]), resource: true,
    run: (ex) => {
      const { Counter, total } = ex.counters;
      const a = new Counter(5);
      const b = new Counter(10);
      a.increment(3);
      const m = Counter.merge(a, b);
      return [a.get(), b.get(), m.get(), total([a, b, m])];
    },
  },
];
