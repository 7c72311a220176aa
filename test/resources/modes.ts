// The resources fixture in every mode (codegen, interp, AOT) and one step's outcome, for the tests that compare the
// modes call by call (host-methods, self-method).
import { Component } from '../../src/index.js';
import { compileAot } from '../fused/aot.js';
import { resComponent } from './fixture.js';

/** Instantiates the fixture with `imports` and returns its `api` export. */
export type Make<Api> = (imports: Record<string, unknown>) => Api;

/** The fixture compiled once per mode (the interpreter loaded). */
export async function resModes<Api>(): Promise<[string, Make<Api>][]> {
  await Component.loadInterpreter();
  const bytes = await resComponent();
  const aot = await compileAot(bytes, { fuse: true, features: [] });
  const api = (x: unknown): Api => (x as { api: Api }).api;
  return [
    ['codegen', (i) => api(new Component(bytes).instantiate(i).exports)],
    ['interp', (i) => api(new Component(bytes, { mode: 'interp' }).instantiate(i).exports)],
    ['aot', (i) => api(aot.instantiate(i as never))],
  ];
}

/** `f`'s value, or its error's class and message. */
export function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}
