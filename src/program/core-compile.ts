// Compiling a component's core modules with the engine (`new WebAssembly.Module` / `WebAssembly.compile`). A module
// the engine rejects is a `ValidationError` of kumiki's, like every other bad input: it names the core module (its
// index in pre-order, the order the program numbers them) and its byte offset in the component, carries the
// engine's message, and keeps the engine's `WebAssembly.CompileError` as `cause` (the spec runners read it to tell
// "this engine lacks a core feature" from "invalid").
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';

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
  return coreModulesOf(tree).map((m, i) => WebAssembly.compile(m.bytes as Uint8Array<ArrayBuffer>).catch((e: unknown) => {
    throw coreCompileError(e, i, m.offset);
  }));
}
