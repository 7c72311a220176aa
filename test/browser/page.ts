// The code the browser test runs in the page AND in Node, on the same job, so the results can be compared exactly.
// Only relative imports of browser-safe files; kumiki itself is passed in (the page loads it by URL: the rolldown
// bundle or the plain ES modules of dist/src).
import type * as Kumiki from '../../src/index.js';
import { decode, encode, type Wire } from './codec.js';
import { GUEST_CASES, outcome, type GuestExports } from '../componentize/cases.js';

export type KumikiModule = typeof Kumiki;

/** What reading + validating one component gives; equal in Node and in the page. */
export type ReadReport =
  | {
    readonly ok: true;
    readonly sections: readonly string[];
    readonly roundTrip: boolean;
    readonly imports: readonly string[];
    readonly exports: readonly string[];
  }
  | { readonly ok: false; readonly error: string; readonly message: string; readonly offset: number | undefined };

/** Reads, writes back and validates `bytes` with kumiki's public entry. */
export function readReport(k: KumikiModule, bytes: Uint8Array): ReadReport {
  try {
    const ast = k.binary.readComponent(bytes);
    const out = k.binary.writeComponent(ast);
    const roundTrip = out.length === bytes.length && out.every((b, i) => b === bytes[i]);
    const type = k.validate(bytes);
    const show = (m: ReadonlyMap<string, Kumiki.ExternType>): string[] => [...m].map(([n, t]) => `${n}: ${k.externTypeToString(t)}`);
    return { ok: true, sections: ast.sections.map((s) => s.kind), roundTrip, imports: show(type.imports), exports: show(type.exports) };
  } catch (e) {
    const err = e as Error & { offset?: number };
    return { ok: false, error: err.name, message: err.message, offset: err.offset };
  }
}

/** Host imports that echo their argument; names in `throwPayload` throw an error whose `.payload` is `x.val` for
 *  `{ tag: 'err' }` and return `x.val` for `{ tag: 'ok' }` (the result convention of DESIGN.md §4). */
export interface HostSpec {
  readonly iface: string;
  readonly echo: readonly string[];
  readonly throwPayload: readonly string[];
}

export interface CallSpec {
  /** Export path, e.g. `['api', 'echoString']`. */
  readonly path: readonly string[];
  readonly args: readonly Wire[];
}

export interface RunJob {
  readonly mode: 'codegen' | 'interp';
  readonly host?: HostSpec;
  readonly calls: readonly CallSpec[];
}

export function hostImports(spec: HostSpec | undefined): Kumiki.Imports {
  if (spec === undefined) return {};
  const fns: Record<string, (x: unknown) => unknown> = {};
  for (const name of spec.echo) fns[name] = (x) => x;
  for (const name of spec.throwPayload) {
    fns[name] = (x) => {
      const r = x as { tag: 'ok' | 'err'; val: unknown };
      if (r.tag === 'err') throw Object.assign(new Error('host error'), { payload: r.val });
      return r.val;
    };
  }
  return { [spec.iface]: fns };
}

/** Compiles `bytes`, instantiates once per call (a trap poisons an instance), and returns each call's result or
 *  thrown error, encoded. */
export async function runCalls(k: KumikiModule, bytes: Uint8Array, job: RunJob): Promise<Wire[]> {
  const component = await k.Component.compile(bytes, { mode: job.mode });
  const out: Wire[] = [];
  for (const call of job.calls) {
    try {
      let target: unknown = component.instantiate(hostImports(job.host)).exports;
      for (const key of call.path) target = (target as Record<string, unknown>)[key];
      if (typeof target !== 'function') throw new TypeError(`no export ${call.path.join('.')}`);
      out.push(encode((target as (...a: unknown[]) => unknown)(...call.args.map(decode))));
    } catch (e) {
      out.push(encode(e instanceof Error ? e : new Error(String(e))));
    }
  }
  return out;
}

/** The JS-guest cases (test/componentize/cases.ts), each on a fresh instance after a trap; outcomes encoded. */
export async function runGuestCases(k: KumikiModule, bytes: Uint8Array, mode: 'codegen' | 'interp'): Promise<Record<string, Wire>> {
  const component = await k.Component.compile(bytes, { mode });
  const out: Record<string, Wire> = {};
  let ex: GuestExports = component.instantiate({}).exports as GuestExports;
  for (const c of GUEST_CASES) {
    const r = outcome(() => c.run(ex));
    out[c.name] = encode(r);
    if (typeof r === 'object' && r !== null && ('trap' in r || 'thrown' in r)) ex = component.instantiate({}).exports as GuestExports;
  }
  return out;
}
