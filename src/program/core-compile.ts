// Compiling a component's core modules with the engine (`new WebAssembly.Module` / `WebAssembly.compile`). A module
// the engine rejects is a `ValidationError` of kumiki's, like every other bad input: it names the core module (its
// index in pre-order, the order the program numbers them) and its byte offset in the component, carries the
// engine's message, and keeps the engine's `WebAssembly.CompileError` as `cause` (the spec runners read it to tell
// "this engine lacks a core feature" from "invalid").
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import { COMPONENT_LAYER, COMPONENT_VERSION, MAGIC } from '../binary/opcodes.js';

/** Every core module with its byte range, nested components' included, in pre-order. */
export function coreModulesOf(c: ast.Component, out: ast.CoreModuleBytes[] = []): ast.CoreModuleBytes[] {
  for (const s of c.sections) {
    if (s.kind === 'core-module') out.push(s.module);
    else if (s.kind === 'component') coreModulesOf(s.component, out);
  }
  return out;
}

/** The error to throw for a failed compilation of core module `index`: CompileErrors become ValidationErrors. */
export function coreCompileError(e: unknown, index: number, offset: number): unknown {
  if (!(e instanceof WebAssembly.CompileError)) return e;
  const why = e.message.replace(/^WebAssembly\.(?:Module|compile|compileStreaming)\(\): /, '');
  return new ValidationError(`core module ${index} does not compile: ${why}`, offset, { cause: e });
}

/** Compiles every core module synchronously. */
export function compileCoreModules(tree: ast.Component): WebAssembly.Module[] {
  return coreModulesOf(tree).map((m, i) => {
    try {
      return new WebAssembly.Module(m.bytes as Uint8Array<ArrayBuffer>);
    } catch (e) {
      throw coreCompileError(e, i, m.offset);
    }
  });
}

/** Starts compiling every core module on the engine's background threads. */
export function compileCoreModulesAsync(tree: ast.Component): Promise<WebAssembly.Module>[] {
  return compileRanges(coreModulesOf(tree), (m) => m.bytes);
}

/** A core module's byte range in the component binary (`CoreModuleBytes.offset`/`end`). */
export interface CoreModuleRange { readonly offset: number; readonly end: number }

/** `WebAssembly.compile` of each range (bytes from `bytesOf`), failures as `coreCompileError`s. */
function compileRanges<R extends CoreModuleRange>(ranges: readonly R[], bytesOf: (r: R) => Uint8Array): Promise<WebAssembly.Module>[] {
  return ranges.map((m, i) => WebAssembly.compile(bytesOf(m) as Uint8Array<ArrayBuffer>).catch((e: unknown) => {
    throw coreCompileError(e, i, m.offset);
  }));
}

/**
 * Core module compilation started straight from the component's bytes, before they are read: the engine's compile
 * of a 12 MB module is the longest step of `Component.compile`, so it should not wait ~3 ms (cold) for the reader.
 * Only section headers are walked (component preamble, then `id size` pairs, into nested components), in the
 * reader's pre-order; anything unexpected gives `undefined`, and the caller compiles from the tree once read (whose
 * reader reports what is wrong). `matches` checks the ranges against the tree.
 */
export function compileCoreModulesEarly(bytes: Uint8Array): { readonly compiling: Promise<WebAssembly.Module>[]; matches(tree: ast.Component): boolean } | undefined {
  const ranges: CoreModuleRange[] = [];
  if (!scanComponent(bytes, 0, bytes.length, ranges)) return undefined;
  const compiling = compileRanges(ranges, (m) => bytes.subarray(m.offset, m.end));
  const matches = (tree: ast.Component): boolean => {
    const mods = coreModulesOf(tree);
    return mods.length === ranges.length && mods.every((m, i) => m.offset === ranges[i]!.offset && m.end === ranges[i]!.end);
  };
  return { compiling, matches };
}

/** Collects the core module sections' contents of the component at `pos..end` (and of nested ones); false if malformed. */
function scanComponent(b: Uint8Array, pos: number, end: number, out: CoreModuleRange[]): boolean {
  if (end - pos < 8 || MAGIC.some((m, i) => b[pos + i] !== m)) return false;
  if (b[pos + 4] !== COMPONENT_VERSION || b[pos + 5] !== 0 || b[pos + 6] !== COMPONENT_LAYER || b[pos + 7] !== 0) return false;
  pos += 8;
  while (pos < end) {
    const id = b[pos++]!;
    // The section size: an unsigned LEB128 of at most 5 bytes.
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= end || shift > 28) return false;
      const byte = b[pos++]!;
      size += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) break;
    }
    const sectionEnd = pos + size;
    if (sectionEnd > end) return false;
    if (id === 1) out.push({ offset: pos, end: sectionEnd });
    else if (id === 4 && !scanComponent(b, pos, sectionEnd, out)) return false;
    pos = sectionEnd;
  }
  return true;
}
