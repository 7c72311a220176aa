// What a step of a property test produced, comparable across modes: a value (printed) or an error's class and
// message (test/hostile/property*.test.ts). A non-Error throw, an error of a class no bad input may raise, or an
// error without a message fails the test at once.
import { ComponentError, LinkError, Trap, ValidationError } from '../../src/index.js';

export const ALLOWED = [ValidationError, LinkError, Trap, TypeError, RangeError, ComponentError] as const;

/** `e` as `Class: message`, or a thrown Error when no bad input may produce it. */
export function errorOutcome(e: unknown, allowed: readonly (abstract new (...a: never[]) => Error)[] = ALLOWED): string {
  if (!(e instanceof Error)) throw new Error(`a non-Error was thrown: ${typeof e} ${String(e)}`);
  if (!allowed.some((C) => e instanceof C)) throw new Error(`an error of an unexpected class was thrown: ${e.name}: ${e.message}`, { cause: e });
  if (typeof e.message !== 'string' || e.message.length === 0) throw new Error(`an error without a message was thrown: ${e.name}`);
  return `${e.name}: ${e.message}`;
}

export function outcome(f: () => unknown): string {
  try {
    return `ok ${show(f())}`;
  } catch (e) {
    return errorOutcome(e);
  }
}

export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
    if (typeof x === 'number' && Object.is(x, -0)) return '-0';
    if (ArrayBuffer.isView(x)) return `${x.constructor.name}[${Array.from(x as unknown as ArrayLike<number>).map((n) => (Object.is(n, -0) ? '-0' : String(n))).join(',')}]`;
    if (typeof x === 'function') return 'function';
    return x;
  }) ?? 'undefined';
}

/** Outcomes with every trap's words dropped (fused and through-JS runs differ there: property-fused.test.ts). */
export const trapWords = (out: readonly string[]): string => out.map((o) => o.replace(/^([^|]* \| )?Trap: .*$/s, '$1Trap')).join('\n');
