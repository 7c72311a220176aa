// Error classes shared by every stage. Each names where and why (DESIGN.md: bad input).

/** Invalid WIT: the message carries `file:line:col`, the source line and a caret. */
export class WitError extends Error {
  override name = 'WitError';
  constructor(
    message: string,
    /** The bare reason, without location. */
    readonly reason: string,
    readonly file: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/** A malformed or invalid component/module binary, with the byte offset of the fault. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    /** The bare reason, without the offset. */
    readonly reason: string,
    readonly offset: number,
    /** `cause`: what underlies it (the engine's `WebAssembly.CompileError` for a core module it rejects). */
    options?: ErrorOptions,
  ) {
    super(`${reason} (at offset 0x${offset.toString(16)})`, options);
  }
}

/** A feature the engine does not run yet (e.g. component-model async built-ins). */
export class UnsupportedError extends Error {
  override name = 'UnsupportedError';
}

/** A trap: the guest (or the canonical ABI on its behalf) failed; the instance is poisoned. */
export class Trap extends WebAssembly.RuntimeError {
  override name = 'Trap';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message);
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** An export returning `result<T, E>` threw its `E`: `.payload` is the lifted E value. */
export class ComponentError extends Error {
  override name = 'ComponentError';
  constructor(readonly payload: unknown, message?: string) {
    super(message ?? `component returned an error: ${describePayload(payload)}`);
  }
}

/** Instantiation could not satisfy an import (missing or mistyped). */
export class LinkError extends WebAssembly.LinkError {
  override name = 'LinkError';
}

function describePayload(p: unknown): string {
  if (typeof p === 'string') return JSON.stringify(p);
  try {
    return JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(p);
  } catch {
    return String(p);
  }
}
