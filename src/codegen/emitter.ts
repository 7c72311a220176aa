// A tiny source builder for generated adapters: fresh temporaries, indentation, and constants passed by reference.

export class Emitter {
  private readonly lines: string[] = [];
  private n = 0;
  private depth = 1;

  /** `consts`: values the generated code reads as `k[i]` (names, constructors), never stringified into the source;
   *  shared by the emitters of one adapter (its body and its shared per-type functions). */
  constructor(readonly consts: unknown[] = []) {}

  /** A fresh local name. */
  tmp(prefix = 't'): string {
    return `${prefix}${this.n++}`;
  }

  line(s: string): void {
    this.lines.push('  '.repeat(this.depth) + s);
  }

  /** Emits `head {`, the body, then `}`. */
  block(head: string, body: () => void): void {
    this.line(`${head} {`);
    this.depth++;
    body();
    this.depth--;
    this.line('}');
  }

  /** A reference to `v` as a constant of the generated function. */
  k(v: unknown): string {
    let i = this.consts.indexOf(v);
    if (i < 0) {
      i = this.consts.length;
      this.consts.push(v);
    }
    return `k[${i}]`;
  }

  /** A JS string literal. */
  static str(s: string): string {
    return JSON.stringify(s);
  }

  source(): string {
    return this.lines.join('\n');
  }
}
