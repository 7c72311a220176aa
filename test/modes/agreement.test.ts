// Modes that cannot disagree (issue 9): every value type × well over 60 JS values (good and bad) and guest-side lies,
// in codegen, interp, AOT (transpiled), fused-codegen and fused-interp. Each call crosses host → caller → callee
// and back (test/modes/fixture.ts); every mode must give the same value, or the same error class and message, word
// for word (a trap names where in the value it happened: `result of f.bName`, `[]` for list elements).
// Three pairs of string encodings put every encoding on both sides of the crossing.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { Component, Trap } from '../../src/index.js';
import { fuseStats } from '../../src/runtime/fuse-link.js';
import type { Encoding } from '../support/build.js';
import { compileAot } from '../fused/aot.js';
import { buildPair, TYPE_CASES, type TypeCase } from './fixture.js';
import { commonValues, goodValue, lies, typeValues } from './values.js';

await Component.loadInterpreter();

type Mode = 'codegen' | 'interp' | 'aot' | 'fused-codegen' | 'fused-interp';
const MODES: readonly Mode[] = ['codegen', 'interp', 'aot', 'fused-codegen', 'fused-interp'];
const PAIRS: readonly [Encoding, Encoding][] = [['utf8', 'utf16'], ['utf16', 'compact-utf16'], ['compact-utf16', 'utf8']];

type Fn = (...a: unknown[]) => unknown;
type Api = Record<string, Fn>;
interface Compiled { instantiate(imports: Record<string, unknown>): Record<string, unknown> }

const camel = (s: string): string => s.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const NONE = Symbol('pass through');

/** One mode's linked pair, re-made after a trap poisons it. */
class Session {
  api!: Api;
  hostValue: unknown = NONE;
  constructor(readonly mode: Mode, private readonly callee: Compiled, private readonly caller: Compiled) { this.make(); }

  make(): void {
    const host: Record<string, Fn> = {};
    for (const c of TYPE_CASES) {
      host[camel(`host-${c.name}`)] = (x: unknown) => {
        const v = this.hostValue === NONE ? x : this.hostValue;
        if (c.name !== 'res' || this.hostValue !== NONE) return v;
        const r = v as { tag: string; val: unknown };
        if (r.tag === 'err') throw Object.assign(new Error('host error'), { payload: r.val });
        return r.val;
      };
    }
    const before = fuseStats.fused;
    const callee = this.callee.instantiate({ 'kumiki:modes/host': host });
    const caller = this.caller.instantiate({ 'kumiki:modes/api': callee['kumiki:modes/api'] });
    const fused = fuseStats.fused - before;
    if (this.mode.startsWith('fused')) assert.equal(fused, TYPE_CASES.length * 3, `${this.mode}: every import of the caller is fused`);
    else assert.equal(fused, 0);
    this.api = caller['kumiki:modes/api'] as Api;
  }
}

async function compile(mode: Mode, bytes: Uint8Array): Promise<Compiled> {
  if (mode === 'aot') return compileAot(bytes, { fuse: false, features: [] });
  const c = new Component(bytes, { mode: mode.endsWith('interp') ? 'interp' : 'codegen', fuse: mode.startsWith('fused') });
  return { instantiate: (imports) => c.instantiate(imports).exports as Record<string, unknown> };
}

type Outcome = { value: unknown } | { error: string; message: string; payload?: unknown } | { thrown: string };

function run(s: Session, f: () => unknown): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof Trap || e instanceof WebAssembly.RuntimeError) s.make();
    if (e instanceof Error) {
      const o: Outcome = { error: `${e.constructor.name}/${e.name}`, message: e.message };
      if ('payload' in e) o.payload = (e as { payload: unknown }).payload;
      return o;
    }
    return { thrown: String(e) };
  } finally {
    s.hostValue = NONE;
  }
}

function show(x: unknown): string {
  try {
    const s = typeof x === 'string' ? `${JSON.stringify(x.slice(0, 80))}${x.length > 80 ? ` (${x.length})` : ''}` : typeof x === 'bigint' ? `${x}n` : Array.isArray(x) ? `[${x.slice(0, 5).map(show).join(', ')}${x.length > 5 ? `, … (${x.length})` : ''}]` : ArrayBuffer.isView(x) ? `${x.constructor.name}(${(x as Uint8Array).length})` : typeof x === 'object' && x !== null ? `{${Object.keys(x).join(',')}}` : String(x);
    return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch { return '<unprintable>'; }
}

function showOutcome(o: Outcome): string {
  if ('value' in o) return `value ${show(o.value)}`;
  if ('error' in o) return `${o.error}: ${o.message.slice(0, 300)}`;
  return `thrown ${o.thrown}`;
}

/** Same value or same error under deepStrictEqual. */
function same(a: Outcome, b: Outcome): boolean {
  try { assert.deepStrictEqual(b, a); return true; } catch { return false; }
}

for (const [callerEnc, calleeEnc] of PAIRS) {
  describe(`modes agree (caller ${callerEnc}, callee ${calleeEnc})`, () => {
    const sessions = new Map<Mode, Session>();
    before(async () => {
      const { caller, callee } = await buildPair(callerEnc, calleeEnc);
      for (const mode of MODES) sessions.set(mode, new Session(mode, await compile(mode, callee), await compile(mode, caller)));
    });

    for (const c of TYPE_CASES) {
      it(`${c.name}: every value in every mode`, () => check(c, sessions, callerEnc === PAIRS[0]![0]));
    }
  });
}

function check(c: TypeCase, sessions: ReadonlyMap<Mode, Session>, first: boolean): void {
  const values = [...commonValues(), ...typeValues(c)];
  const good = goodValue(c);
  const own = new Set(typeValues(c));
  // A host return that fails traps and poisons the pair (re-instantiated, ~1.5 ms per mode): every third common
  // value and all of the type's own. What a host returns is lowered by the callee alone, and a lie is lifted from it:
  // every pair when strings are in the type, else the first pair only.
  const perPair = first || /string|char|rec|shape|tuple|res/.test(c.name);
  const calls: [string, (s: Session) => unknown][] = [];
  values.forEach((v, i) => {
    calls.push([`call-${c.name}(${show(v)})`, (s) => s.api[camel(`call-${c.name}`)]!(v)]);
    calls.push([`echo-${c.name}([${show(v)}])`, (s) => s.api[camel(`echo-${c.name}`)]!([v])]);
    if (perPair && (i % 3 === 0 || own.has(v))) calls.push([`host-${c.name} returns ${show(v)}`, (s) => { s.hostValue = v; return s.api[camel(`call-${c.name}`)]!(good); }]);
  });
  if (perPair) for (const bytes of lies()) calls.push([`lie-${c.name}(${Array.from(bytes.subarray(0, 16)).join(' ')})`, (s) => s.api[camel(`lie-${c.name}`)]!(bytes)]);
  assert.ok(values.length >= 60);
  const problems: string[] = [];
  for (const [what, f] of calls) {
    const outcomes = MODES.map((m) => run(sessions.get(m)!, () => f(sessions.get(m)!)));
    const differing = MODES.filter((_m, i) => !same(outcomes[0]!, outcomes[i]!));
    if (differing.length > 0) {
      problems.push(`${what}:\n    codegen: ${showOutcome(outcomes[0]!)}\n${differing.map((m) => `    ${m}: ${showOutcome(outcomes[MODES.indexOf(m)]!)}`).join('\n')}`);
    }
  }
  assert.equal(problems.length, 0, `${problems.length} of ${calls.length} calls disagree:\n${problems.slice(0, 12).join('\n')}`);
}
