// Errors raised by the Canonical ABI: traps for bad guest data, path-carrying TypeError/RangeError for bad JS values.
import { Trap } from '../errors.js';

/** Throws a `Trap` for a guest fault found while lifting or lowering (CanonicalABI.md: `trap_if`). */
export function trap(cause: string): never {
  throw new Trap(`canonical ABI: ${cause}`, { cause });
}

/**
 * Where a trap for bad guest data inside a value happened (`result of f.points[].name`), filled in on the way out as
 * for value errors, so the interpreter's traps read as the generated adapters' (which pass the location down).
 * `label` (`list`, `string`) names what was read until the adapter names the location; only traps are looked up.
 */
interface TrapSite { readonly label: string; readonly reason: string; path: string; where: string; readonly head: string }
const sites = new WeakMap<object, TrapSite>();
const ABI = 'canonical ABI: ';

function renderSite(s: TrapSite): string {
  const at = s.where === '' ? s.label : s.where + s.path;
  return at === '' ? s.reason : `${at}: ${s.reason}`;
}

function placeTrap(e: Trap, s: TrapSite): void {
  const text = renderSite(s);
  e.message = s.head + text;
  if (s.head !== '') (e as { cause?: unknown }).cause = text;
}

/**
 * Throws a `Trap` for bad guest data inside a value (CanonicalABI.md `trap_if`), located by `prependPath`/`atLocation`
 * unless `where` already names the location (an adapter's own check of an argument tuple or a result).
 */
export function valueTrap(label: string, reason: string, where = ''): never {
  const s: TrapSite = { label, reason, path: '', where, head: ABI };
  const text = renderSite(s);
  const e = new Trap(`canonical ABI: ${text}`, { cause: text });
  sites.set(e, s);
  throw e;
}

/**
 * Makes a `Trap` worded `canonical ABI: <label>: <reason>` (as the runtime's handle checks word them), or
 * `<label>: <reason>` (a stream's or future's end, runtime/async/values.ts), locatable.
 */
export function locatableTrap<E>(e: E, label: string): E {
  if (e instanceof Trap && !sites.has(e)) {
    const head = e.message.startsWith(ABI) ? ABI : '';
    if (e.message.startsWith(`${head}${label}: `)) sites.set(e, { label, reason: e.message.slice(head.length + label.length + 2), path: '', where: '', head });
  }
  return e;
}

/** Where a bad JS value sits inside the value being lowered: `.points[3].x`. */
interface PathCarrier { path: string; reason: string; where: string }

function render(e: PathCarrier): string {
  const at = e.where + e.path;
  return at === '' ? e.reason : `${at}: ${e.reason}`;
}

/**
 * A JS value of the wrong JS type for its WIT type (a string where a u32 is expected, a Float32Array for list<u32>).
 * `path` locates it inside the lowered value; `where` is set by the caller (e.g. `greet(name)`), see `atLocation`.
 */
export class ValueTypeError extends TypeError implements PathCarrier {
  override name = 'TypeError';
  where = '';
  constructor(readonly reason: string, public path = '') {
    super(reason);
    this.message = render(this);
  }
}

/** A JS value of the right JS type but outside its WIT type's domain (u8 of 300, unknown enum label, wrong length). */
export class ValueRangeError extends RangeError implements PathCarrier {
  override name = 'RangeError';
  where = '';
  constructor(readonly reason: string, public path = '') {
    super(reason);
    this.message = render(this);
  }
}

export type ValueError = ValueTypeError | ValueRangeError;

export function isValueError(e: unknown): e is ValueError {
  return e instanceof ValueTypeError || e instanceof ValueRangeError;
}

/**
 * Rethrows `e` with `segment` (`.x`, `[3]`) prepended to its path when it is a value error, or `trapSegment` when it
 * is a trap not yet located (list elements: `[]`, as generated adapters name them); other errors pass.
 */
export function prependPath(e: unknown, segment: string, trapSegment = segment): never {
  if (isValueError(e)) {
    e.path = segment + e.path;
    e.message = render(e);
  } else if (e instanceof Trap) {
    const s = sites.get(e);
    if (s !== undefined && s.where === '') {
      s.path = trapSegment + s.path;
      placeTrap(e, s);
    }
  }
  throw e;
}

/**
 * Names the outer location of a value error or a value trap (e.g. `add(a)` or `result of greet`), so its message reads
 * `add(a).points[3].x: expected ...`. Returns the same error for `throw atLocation(e, where)`; non-value errors pass.
 */
export function atLocation<E>(e: E, where: string): E {
  if (isValueError(e)) {
    e.where = where;
    e.message = render(e);
  }
  return locateTrap(e, where);
}

/** `atLocation` for value traps only: a trap keeps the first location it is given (a nested adapter's stays). */
export function locateTrap<E>(e: E, where: string): E {
  if (e instanceof Trap) {
    const s = sites.get(e);
    if (s !== undefined && s.where === '') {
      s.where = where;
      placeTrap(e, s);
    }
  }
  return e;
}

/** A short description of a JS value for messages (never throws, never prints huge values). */
export function describe(v: unknown): string {
  try {
    return describeUnsafe(v);
  } catch {
    return 'an unprintable value';
  }
}

function describeUnsafe(v: unknown): string {
  switch (typeof v) {
    case 'string': return v.length > 40 ? `string ${JSON.stringify(v.slice(0, 40))}...` : `string ${JSON.stringify(v)}`;
    case 'number': return `number ${v}`;
    case 'bigint': return `bigint ${v}n`;
    case 'boolean': return `boolean ${v}`;
    case 'undefined': return 'undefined';
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) return `an array of length ${v.length}`;
      if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
      return `an object${(v as object).constructor && (v as object).constructor !== Object ? ` (${(v as object).constructor.name})` : ''}`;
  }
}
