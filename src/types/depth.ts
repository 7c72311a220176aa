// How deep a value type may nest, and a guard for walks over one (Explainer.md leaves the bound to implementations;
// wasmparser's MAX_WASM_COMPONENT_TYPE_DEPTH is what the validator enforces).
import { UnsupportedError } from '../errors.js';

/** Deepest value type nesting accepted (wasmparser MAX_WASM_COMPONENT_TYPE_DEPTH). */
export const MAX_TYPE_DEPTH = 100;

/**
 * Bounds a recursion over a value type's structure: an over-deep type (one that did not come through the validator,
 * e.g. built by hand or resolved from WIT) is a clean error naming the limit, never the engine's stack overflow.
 * `enter` before recursing into a child, `leave` after (one guard per kind of walk: they nest).
 */
export class DepthGuard {
  private depth = 0;
  constructor(private readonly what: string) {}
  enter(): void {
    // Despecialization (map → list<tuple<k, v>>) adds a level or two to what the validator counted.
    if (++this.depth > MAX_TYPE_DEPTH + 2) {
      this.depth = 0;
      throw new UnsupportedError(`${this.what}: type nesting is deeper than the limit of ${MAX_TYPE_DEPTH} levels`);
    }
  }
  leave(): void {
    if (this.depth > 0) this.depth--;
  }
}
