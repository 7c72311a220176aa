// The ways the async tests compile a component: codegen, interp, transpiled (AOT), and codegen with fusion off
// (a kumiki caller then reaches a kumiki callee through JS values). One behaviour: every test runs each.
import { Component } from '../../src/index.js';
import { compileAot } from '../support/wast-run-aot.js';

export type Inst = { instantiate(imports: Record<string, unknown>): { exports: unknown } };
export type Compile = (b: Uint8Array) => Promise<Inst>;

/** codegen, interp and AOT. */
export const MODES: readonly [string, Compile][] = [
  ['codegen', (b) => Component.compile(b, { mode: 'codegen' })],
  ['interp', (b) => Component.compile(b, { mode: 'interp' })],
  ['aot', (b) => compileAot(b, [])],
];

/** MODES and codegen with fusion off. */
export const MODES_AND_UNFUSED: readonly [string, Compile][] = [
  ...MODES,
  ['codegen, fuse off', (b) => Component.compile(b, { mode: 'codegen', fuse: false })],
];
