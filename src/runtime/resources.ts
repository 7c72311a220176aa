// Resources at run time (CanonicalABI.md "Handles", "Handle State", "canon resource.new/drop/rep", lift_own,
// lift_borrow, lower_own, lower_borrow): one handle table per component instance, runtime resource types (one per
// defining instance, or per host class), and the JS objects that stand for handles held by the host.
import { toPascalCase } from '../abi/names.js';
import { atLocation, describe, trap, ValueTypeError } from '../abi/errors.js';
import { Trap } from '../errors.js';
import { wrongHandleType } from '../abi/trap-texts.js';
import { poisonState, type InstanceState } from './instance-state.js';

/** `Symbol.dispose` where the host has it (Node ≥ 20.4, modern browsers), else Node's registered fallback. */
export const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('nodejs.dispose');
const NODE_DISPOSE = Symbol.for('nodejs.dispose');

/** Runtime types of instance objects' type exports (export name → type), for linking instances. */
const TYPES = new WeakMap<object, Map<string, RuntimeResource>>();
/** Host resource types, one per host class (the same class is the same resource wherever it is imported). */
const HOST_TYPES = new WeakMap<object, RuntimeResource>();

const OWNED = 1;
const BORROWED = 2;
const DEAD = 0;

type Rep = number | bigint | object;

/** Returns its argument from `super(o)`: `Handle`'s private fields are then added to that object (`wrap`). */
class Stamp {
  constructor(o: object) {
    return o;
  }
}

/**
 * A guest-resource object's hidden state. Rep, state and type live in private fields, added by `wrap` to an object of
 * the generated class's prototype (`new Handle(o, ...)` stamps `o`): a copy, a spread or an
 * `Object.create(Counter.prototype)` has none, so the `#rt in v` brand check rejects it (issue 10: unforgeable
 * handles). Private fields, not a WeakMap: resource method calls are on the hot path. `Handle` never leaves this module.
 */
class Handle extends Stamp {
  #rt: RuntimeResource;
  #rep: Rep;
  #state: number;
  constructor(o: object, rt: RuntimeResource, rep: Rep, state: number) {
    super(o);
    this.#rt = rt;
    this.#rep = rep;
    this.#state = state;
  }

  /** The rep of a live handle of type `rt` (`take` moves ownership out), else a TypeError naming `where`. */
  static repOf(v: unknown, rt: RuntimeResource, take: boolean, where: string): Rep {
    // The messages are built out of line (badHandle): a small function is inlined into every adapter calling it.
    if (v === null || typeof v !== 'object' || !(#rt in v) || v.#rt !== rt) return badHandle(v, rt, NOT_HANDLE, where);
    const s = v.#state;
    if (s === DEAD) return badHandle(v, rt, DEAD, where);
    if (take) {
      if (s !== OWNED) return badHandle(v, rt, BORROWED, where);
      v.#state = DEAD;
    }
    return v.#rep;
  }

  /** `repOf(v, rt, false, where)` with the live case in line and anything else (its message) out of line: small, so
   *  that an interpreted method call's whole path fits the engine's inlining budget. */
  static liveRep(v: unknown, rt: RuntimeResource, where: string): Rep {
    return v !== null && typeof v === 'object' && #rt in v && v.#rt === rt && v.#state !== DEAD ? v.#rep : Handle.repOf(v, rt, false, where);
  }

  static isHandle(v: unknown): v is Handle {
    return v !== null && typeof v === 'object' && #rt in v;
  }

  static state(h: Handle): number { return h.#state; }
  static setState(h: Handle, s: number): void { h.#state = s; }
  static rep(h: Handle): Rep { return h.#rep; }
  static rt(h: Handle): RuntimeResource { return h.#rt; }
}

const NOT_HANDLE = -1;

/** The TypeError of `Handle.repOf` for `v`: not a handle of `rt` (NOT_HANDLE), a dead one (DEAD), or a borrow passed as
 *  owned (BORROWED). */
function badHandle(v: unknown, rt: RuntimeResource, why: number, where: string): never {
  const m = why === NOT_HANDLE ? `expected a ${rt.name} resource object, got ${forged(v)}`
    : why === DEAD ? `this ${rt.name} resource handle was dropped or moved and cannot be used`
    : `a borrowed ${rt.name} cannot be passed as an owned handle`;
  throw atLocation(new ValueTypeError(m), where);
}

/** Prototypes of the generated classes (to say when an object only looks like a handle). */
const PROTOS = new WeakSet<object>();

/** `describe`, saying so when the object only looks like a handle (a copy or `Object.create` of its prototype). */
function forged(v: unknown): string {
  const d = describe(v);
  return v !== null && typeof v === 'object' && PROTOS.has(Object.getPrototypeOf(v) as object) ? `${d} that is not a live handle (a copy or Object.create of one)` : d;
}

/** CanonicalABI.md "Handle State": ResourceHandle (`own`, `borrow_scope`, `num_lends`). */
export class HandleEntry {
  /** `num_lends`; -1 marks a removed borrow entry left in its table slot (`HandleTable`). Set in the constructor, not
   *  as a class field: a field initializer is one more call per handle made. */
  lends: number;
  /** A borrow's scope: its instance's sync-call count, or an async task's (moved there by runtime/async). `rt`, `rep`
   *  and `scope` change only when the table reuses a removed borrow entry (`HandleTable.addBorrow`). */
  constructor(public rt: RuntimeResource, public rep: Rep, readonly own: boolean, public scope: BorrowScope | undefined) {
    this.lends = 0;
  }
}

/** CanonicalABI.md borrow_scope: what counts the borrows a call holds (InstanceState.b, or an async task's). */
export interface BorrowScope { b: number }

/** Borrows lowered while `entries` is set (an async lift's arguments, re-scoped to the task by link/link-async). */
export const borrowLog: { entries: HandleEntry[] | undefined } = { entries: undefined };

/** CanonicalABI.md "Table": slot 0 is never used, freed slots are reused first. */
export class HandleTable {
  static readonly MAX_LENGTH = 2 ** 28 - 1;
  /**
   * Entries by index. A removed borrow entry stays in its slot, marked dead (`lends` is -1, its rep let go), and
   * `addBorrow` reuses it when the slot is next handed out: a borrow lives for one call, and making (or pooling) an
   * entry per call was a third of a host-borrow call. Marked by a number, not by a type: storing an object field costs
   * a write barrier. Anything else removed leaves the slot empty. Safe because nothing reads a removed entry once
   * another handle is added (the drop and unlower paths read it right after `remove`; a lent entry cannot be removed).
   */
  private readonly a: (HandleEntry | undefined)[] = [undefined];
  private readonly free: number[] = [];

  add(e: HandleEntry): number {
    const i = this.free.pop();
    if (i !== undefined) { this.a[i] = e; return i; }
    if (this.a.length > HandleTable.MAX_LENGTH) trap('handle table is full');
    this.a.push(e);
    return this.a.length - 1;
  }

  /** Adds a borrow entry (CanonicalABI.md lower_borrow), reusing the dead one in the slot it gets if there is one,
   *  and counts it in its scope (`num_borrows`). */
  addBorrow(rt: RuntimeResource, rep: Rep, scope: BorrowScope): number {
    scope.b++;
    const i = this.free.pop();
    if (i === undefined) return this.add(new HandleEntry(rt, rep, false, scope));
    const e = this.a[i];
    if (e === undefined) { this.a[i] = new HandleEntry(rt, rep, false, scope); return i; }
    // Object fields stored only when they change (a store is a write barrier; the same type and scope are common).
    if (e.rt !== rt) e.rt = rt;
    e.rep = rep;
    if (e.scope !== scope) e.scope = scope;
    e.lends = 0;
    return i;
  }

  /** Every live entry (for a poisoned instance's cleanup: runtime/async/task.ts). */
  *live(): Generator<unknown> {
    for (let i = 1; i < this.a.length; i++) { const e = this.at(i); if (e !== undefined) yield e; }
  }

  /** The entry at index `i`, or undefined (no message built: the caller's fast path). */
  at(i: number): HandleEntry | undefined {
    const e = i > 0 ? this.a[i] : undefined;
    return e !== undefined && e instanceof HandleEntry && e.lends < 0 ? undefined : e;
  }

  /**
   * The slot's content at index `i` (a non-negative integer), dead entries included: for fast paths that go on to
   * check `e.rt === rt && e.lends >= 0` (a dead entry's `lends` is -1) and take the slow path, `at`/`get`, otherwise.
   */
  slot(i: number): HandleEntry | undefined {
    return this.a[i];
  }

  get(i: number, what: string): HandleEntry {
    const e = this.at(i);
    if (e === undefined) trap(`${what}: unknown handle index ${i} (not a live handle)`);
    return e;
  }

  remove(i: number): void {
    const e = this.a[i];
    // A borrow entry stays, dead (its rep let go); `own`, `scope` and `lends` stay readable until the slot is reused.
    if (e !== undefined && e instanceof HandleEntry && !e.own) { e.lends = -1; e.rep = 0; } else this.a[i] = undefined;
    this.free.push(i);
  }

  /** `remove` of the borrow entry `e` at index `i` (the caller's checked fast path: resource.drop of a borrow). */
  removeBorrow(i: number, e: HandleEntry): void {
    e.lends = -1;
    e.rep = 0;
    this.free.push(i);
  }

  /** Live handles (for tests and diagnostics). */
  get size(): number {
    return this.a.length - 1 - this.free.length;
  }
}

/**
 * Where a trap in a destructor run for a collected handle (FinalizationRegistry) is reported: there is no caller to
 * throw to. Default: a console warning. The instance is poisoned either way.
 */
function warnDestructorTrap(t: Trap): void {
  console.warn(`kumiki: ${t.message} (a destructor run for a garbage-collected handle trapped; the instance is poisoned)`);
}
let destructorTrapHandler: (trap: Trap) => void = warnDestructorTrap;

/** Sets the handler of destructor traps during GC cleanup (`undefined` restores the default console warning). */
export function onDestructorTrap(handler: ((trap: Trap) => void) | undefined): void {
  if (handler !== undefined && typeof handler !== 'function') throw new TypeError(`onDestructorTrap(handler): expected a function, got ${describe(handler)}`);
  destructorTrapHandler = handler ?? warnDestructorTrap;
}

function reportDestructorTrap(t: Trap): void {
  try {
    destructorTrapHandler(t);
  } catch {
    // A throwing handler must not escape into the GC's cleanup job (it would be an uncaught exception).
  }
}

type Fn = (...args: never[]) => unknown;
type AnyCtor = abstract new (...args: never[]) => unknown;

/**
 * A resource type at run time. Guest resources are implemented by the instance that defined them (`impl`), whose
 * destructor runs when the last own handle is dropped; host resources are implemented by a JS class, their
 * representation is the JS object itself.
 */
export class RuntimeResource {
  /** The `[constructor]` of an exported guest resource, once exported. */
  ctor: Fn | undefined;
  /**
   * The class and the registry are made on first use, not per instantiation: many resource types are never seen
   * by JS (handles passed between guests, types only named), and each costs a class or a registry.
   */
  private klass: AnyCtor | undefined;
  private reg: FinalizationRegistry<Rep> | undefined;

  private named = false;

  constructor(
    public name: string,
    /** The implementing instance (guest resources); undefined for host resources. */
    readonly impl: InstanceState | undefined,
    /** The core destructor (guest resources). */
    readonly dtor: ((rep: never) => unknown) | undefined,
    hostClass?: AnyCtor,
  ) {
    this.klass = hostClass;
  }

  /** The class JS sees: generated for guest resources, the host's own class for host resources. */
  get cls(): AnyCtor | undefined {
    if (this.klass === undefined && this.impl !== undefined) this.klass = makeClass(this);
    return this.klass;
  }

  /** The host class of a host resource (its objects are their own reps), else undefined: generated adapters check
   *  `v instanceof` it in line, where the check's feedback is their own (runtime/resources.ts `rep` is shared). */
  get hostClass(): AnyCtor | undefined {
    return this.impl === undefined ? this.klass : undefined;
  }

  /** Collects forgotten owned objects of guest resources with a destructor (FinalizationRegistry, where present). */
  private get registry(): FinalizationRegistry<Rep> | undefined {
    if (this.reg === undefined && this.impl !== undefined && this.dtor !== undefined && typeof FinalizationRegistry === 'function') {
      this.reg = new FinalizationRegistry<Rep>((rep) => this.finalize(rep));
    }
    return this.reg;
  }

  /** Names an unnamed resource after its first export (messages and the class's `name`). */
  nameOnce(name: string): void {
    if (this.named || this.impl === undefined) return;
    this.named = true;
    this.name = name;
    // A class not made yet takes the name when it is made.
    if (this.klass !== undefined) Object.defineProperty(this.klass, 'name', { value: pascalCase(name), configurable: true });
  }

  /** JS value of a handle the host now holds (CanonicalABI.md lift_own / lift_borrow, seen from JS). */
  wrap(rep: Rep, own: boolean): unknown {
    if (this.impl === undefined) return rep;
    const o = new Handle(Object.create((this.cls as AnyCtor).prototype as object) as object, this, rep, own ? OWNED : BORROWED);
    if (own && this.registry !== undefined) this.registry.register(o, rep, o);
    return o;
  }

  /** The rep of a JS value; `take` moves ownership out of a guest-resource object (it is dead afterwards). */
  rep(v: unknown, take: boolean, where: string): Rep {
    if (this.impl === undefined) {
      const c = this.klass; // a host resource's class (or none), never generated
      if (c !== undefined ? !(v instanceof c) : (v === null || (typeof v !== 'object' && typeof v !== 'function'))) {
        throw atLocation(new ValueTypeError(`expected ${c !== undefined ? `an instance of ${c.name || this.name}` : 'an object'} for resource ${this.name}, got ${describe(v)}`), where);
      }
      return v as object;
    }
    const rep = Handle.repOf(v, this, take, where);
    if (take) this.reg?.unregister(v as Handle);
    return rep;
  }

  /** Undoes `rep(v, true)`: the owned object `v` owns its handle again (its move into a guest was taken back). */
  restore(v: unknown): void {
    if (this.impl === undefined) return;
    const o = v as Handle;
    Handle.setState(o, OWNED);
    this.registry?.register(o, Handle.rep(o), o);
  }

  /** `[Symbol.dispose]()` of a JS-held owned handle: CanonicalABI.md canon resource.drop from outside the impl. */
  dispose(o: unknown): void {
    if (!Handle.isHandle(o) || Handle.rt(o) !== this) throw new TypeError(`${pascalCase(this.name)}[Symbol.dispose]: expected a ${this.name} resource object, got ${forged(o)}`);
    // Disposing twice (or a borrowed or moved object) is a no-op.
    if (Handle.state(o) !== OWNED) { Handle.setState(o, DEAD); return; }
    Handle.setState(o, DEAD);
    this.reg?.unregister(o);
    this.destroy(Handle.rep(o), true);
  }

  /** Runs the destructor in the implementing instance (entering it, so reentrance and poisoning are checked). */
  destroy(rep: Rep, loud: boolean): void {
    const st = this.impl;
    const d = this.dtor;
    if (st === undefined) {
      // Host resource dropped by a guest: its owner gets `[Symbol.dispose]()` if it has one (as jco does).
      const f = (rep as Record<symbol, unknown>)[DISPOSE] ?? (rep as Record<symbol, unknown>)[NODE_DISPOSE];
      if (typeof f === 'function') (f as () => void).call(rep);
      return;
    }
    if (d === undefined) return;
    if (st.f !== 0) {
      if (!loud) return;
      if (st.f === 2) throw new Trap(`${this.name} destructor: the instance is poisoned by an earlier trap`, { cause: st.cause });
      poisonState(st, new Error('component instance reentered'));
      throw new Trap(`${this.name} destructor: cannot reenter the component instance during a call (CanonicalABI.md may_enter)`);
    }
    st.f = 1;
    try {
      d(rep as never);
    } catch (e) {
      poisonState(st, e);
      const t = new Trap(`${this.name} destructor: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      if (loud) throw t;
      // Collected by the GC: nobody to throw to, so the hook hears of it (the instance is poisoned all the same).
      reportDestructorTrap(t);
      return;
    }
    st.f = 0;
  }

  /** A forgotten owned object was collected: drop its handle quietly (FinalizationRegistry). */
  private finalize(rep: Rep): void {
    this.destroy(rep, false);
  }
}

/** A class per guest resource type: `new R(...)` runs the exported `[constructor]r`, `[Symbol.dispose]()` drops. */
function makeClass(rt: RuntimeResource): AnyCtor {
  const name = pascalCase(rt.name) || 'Resource';
  const holder = {
    [name]: function (this: unknown, ...args: unknown[]): unknown {
      if (new.target === undefined) throw new TypeError(`class ${name} cannot be called without 'new'`);
      if (rt.ctor === undefined) throw new TypeError(`${name} has no constructor exported by the component`);
      // The handle `[constructor]` lifted (made by `wrap`), not `this`.
      return (rt.ctor as (...a: unknown[]) => unknown)(...args);
    },
  };
  const cls = holder[name]!;
  const proto = cls.prototype as Record<symbol, unknown>;
  PROTOS.add(proto);
  const dispose = function (this: unknown): void { rt.dispose(this); };
  Object.defineProperty(proto, DISPOSE, { value: dispose, writable: true, configurable: true });
  if (DISPOSE !== NODE_DISPOSE) Object.defineProperty(proto, NODE_DISPOSE, { value: dispose, writable: true, configurable: true });
  return cls as unknown as AnyCtor;
}

/**
 * Host functions that call a method of a host resource's object (link/linking.ts `hostResourceMember`), by the member
 * they look up: a generated adapter whose callee is one calls the member itself, with the same checks, so the engine
 * can inline the host's method (a shared wrapper's lookup and `.call` cannot be).
 */
const HOST_METHODS = new WeakMap<object, string>();

/** Records `f` as the host function calling method `member` on its first argument. */
export function markHostMethod(f: object, member: string): void {
  HOST_METHODS.set(f, member);
}

/** The member `f` calls when it is a host method function (`markHostMethod`), else undefined. */
export function hostMethodOf(f: unknown): string | undefined {
  return typeof f === 'function' ? HOST_METHODS.get(f) : undefined;
}

/** `my-res` → `MyRes` (jco's class names): abi/names.ts toPascalCase, the one definition. */
export const pascalCase = toPascalCase;

/**
 * Adapters that bring their own method form (`this` as `self`; interp/adapter.ts): the class gets it rather than a
 * `methodOf` wrapper. Every `methodOf` wrapper is one function to the engine (one literal), so its call site sees the
 * adapters of every mode in the process, and how much of each got inlined there varied by process.
 */
const METHOD_FORMS = new WeakMap<object, (...a: unknown[]) => unknown>();

/** Records `m` as the method form of the adapter `f` (`f(self, ...a)` is `m.call(self, ...a)`). */
export function setMethodForm(f: object, m: (...a: unknown[]) => unknown): void {
  METHOD_FORMS.set(f, m);
}

/** Attaches an exported `[constructor]r` / `[method]r.f` / `[static]r.f` to the class of `rt`. */
export function attachMember(rt: RuntimeResource, kind: 'constructor' | 'method' | 'static', member: string, fn: Fn): void {
  const cls = rt.cls as unknown as Record<string, unknown> & { prototype: Record<string, unknown> } | undefined;
  if (rt.impl === undefined || cls === undefined) return; // a host class re-exported keeps its own members
  const f = fn as (...a: unknown[]) => unknown;
  if (kind === 'constructor') rt.ctor = fn;
  else if (kind === 'static') Object.defineProperty(cls, member, { value: f, writable: true, configurable: true });
  else Object.defineProperty(cls.prototype, member, { value: METHOD_FORMS.get(f) ?? methodOf(f), writable: true, configurable: true });
}

/** `obj.m(...)` → `f(obj, ...)`, without a rest array for the common small arities (`f.length` counts `self`). */
function methodOf(f: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  switch (f.length) {
    case 1: return function (this: unknown): unknown { return f(this); };
    case 2: return function (this: unknown, a: unknown): unknown { return f(this, a); };
    case 3: return function (this: unknown, a: unknown, b: unknown): unknown { return f(this, a, b); };
    case 4: return function (this: unknown, a: unknown, b: unknown, c: unknown): unknown { return f(this, a, b, c); };
    default: return function (this: unknown, ...a: unknown[]): unknown { return f(this, ...a); };
  }
}

// ───── the operations adapters call (CanonicalABI.md "Loading"/"Storing" of handles, canon resource.*) ─────

// CanonicalABI.md lower_own: the callee's table gains an own handle. `J`, when given, records it (see `unlower`).
export function lowerOwn(t: HandleTable, rt: RuntimeResource, v: unknown, where: string, J?: unknown[]): number {
  const i = t.add(new HandleEntry(rt, rt.rep(v, true, where), true, undefined));
  if (J !== undefined) J.push(i, v);
  return i;
}

// CanonicalABI.md lower_borrow into the implementing instance (a method call on its own export): the brand check and
// the rep, no table entry (generated adapters that know the instance implements the type call it directly).
export function borrowRep(rt: RuntimeResource, v: unknown, where: string): number | bigint {
  return Handle.repOf(v, rt, false, where) as number | bigint;
}

// The same for the interpreter's method calls on its own exports (interp/adapter.ts), through Handle.liveRep: small
// enough for the interpreted call to fit V8's inlining budget. Not shared with generated adapters: an engine's
// feedback in one function would then see both modes' classes (measured: interp `c.get()` 1.44× → 1.59× hand glue).
export function selfRep(rt: RuntimeResource, v: unknown, where: string): number | bigint {
  return Handle.liveRep(v, rt, where) as number | bigint;
}

// CanonicalABI.md lower_borrow: the implementing instance gets its rep; others a borrow scoped to this call.
export function lowerBorrow(t: HandleTable, st: InstanceState, rt: RuntimeResource, v: unknown, where: string, J?: unknown[]): number | bigint {
  // The implementing instance (a method call on its own export, the hot case): the brand check and the rep, no
  // table entry, nothing journaled.
  if (rt.impl === st) return Handle.repOf(v, rt, false, where) as number | bigint;
  const rep = rt.rep(v, false, where);
  const i = t.addBorrow(rt, rep, st);
  if (J !== undefined) J.push(i, v);
  if (borrowLog.entries !== undefined) borrowLog.entries.push(t.at(i)!);
  return i;
}

/**
 * Takes back the handles an export call lowered into the guest's table (recorded in `J` as index, JS value pairs)
 * when lowering a later argument failed: the callee was never entered, so the call did not happen. Borrows leave the
 * table and their scope; owned objects own their handles again. Empties `J`.
 */
export function unlower(t: HandleTable, J: unknown[]): void {
  for (let k = J.length - 2; k >= 0; k -= 2) {
    const i = J[k] as number;
    const e = t.get(i, 'unlower');
    t.remove(i);
    if (e.own) e.rt.restore(J[k + 1]);
    else e.scope!.b--;
  }
  J.length = 0;
}

/** The entry at handle index `i`, trapping when it is absent or of another resource type. */
export function checked(t: HandleTable, rt: RuntimeResource, i: number, what: string): HandleEntry {
  const f = t.slot(i >>> 0);
  if (f !== undefined && f.rt === rt && f.lends >= 0) return f; // the message below is built only on a trap
  const e = t.get(i >>> 0, what);
  if (e.rt !== rt) trap(`${what}: ${wrongHandleType(i >>> 0, { guest: rt.impl !== undefined, name: rt.name }, { guest: e.rt.impl !== undefined, name: e.rt.name })}`);
  return e;
}

// CanonicalABI.md lift_own: the handle leaves the table (it must be owned and not lent out).
export function liftOwn(t: HandleTable, rt: RuntimeResource, i: number, what: string): unknown {
  const e = checked(t, rt, i, what);
  if (e.lends !== 0) trap(`${what}: cannot remove owned resource while borrowed (handle ${i >>> 0} is lent out)`);
  if (!e.own) trap(`${what}: handle ${i >>> 0} is a borrow, not an owned handle`);
  t.remove(i >>> 0);
  return rt.wrap(e.rep, true);
}

// CanonicalABI.md lift_borrow: the handle is lent for the duration of the call (released by `release`).
export function liftBorrow(t: HandleTable, rt: RuntimeResource, i: number, what: string, lent: unknown[]): unknown {
  const e = checked(t, rt, i, what);
  e.lends++;
  lent.push(e);
  const v = rt.wrap(e.rep, false);
  if (rt.impl !== undefined) lent.push(v);
  return v;
}

/** lift_borrow of a call's one borrowed argument: its entry, lent until `unlend` (no list of loans). */
export function lend(t: HandleTable, rt: RuntimeResource, i: number, what: string): HandleEntry {
  const e = checked(t, rt, i, what);
  e.lends++;
  return e;
}

/** Ends `lend`'s loan: the count goes down; the object given to JS for a guest resource dies. */
export function unlend(e: HandleEntry, v: unknown): void {
  e.lends--;
  if (v !== e.rep) Handle.setState(v as Handle, DEAD);
}

/** Ends the loans of a call: lend counts go down, borrowed objects given to JS die. */
export function release(lent: unknown[]): void {
  // Popped, so `lent` is empty after (an Array length store is a slow builtin call; pops are inlined).
  while (lent.length !== 0) {
    const x = lent.pop();
    if (x instanceof HandleEntry) x.lends--;
    else Handle.setState(x as Handle, DEAD);
  }
}

/** CanonicalABI.md "canon lift": a call may not return while it still holds borrowed handles. */
export function borrowsLeft(st: InstanceState, name: string): never {
  const n = st.b;
  st.b = 0;
  return trap(`${name}: returned while still holding ${n} borrowed handle${n === 1 ? '' : 's'} (borrow scope ended)`);
}

// CanonicalABI.md canon resource.new.
export function resourceNew(t: HandleTable, rt: RuntimeResource, rep: Rep): number {
  return t.add(new HandleEntry(rt, rep, true, undefined));
}

// CanonicalABI.md canon resource.rep.
export function resourceRep(t: HandleTable, rt: RuntimeResource, i: number): Rep {
  const e = t.slot(i >>> 0);
  if (e !== undefined && e.rt === rt && e.lends >= 0) return e.rep; // the message below is built only on a trap
  return checked(t, rt, i, `resource.rep ${rt.name}`).rep;
}

// CanonicalABI.md canon resource.drop: owned → destructor (in the implementing instance), borrowed → scope count.
export function resourceDrop(t: HandleTable, st: InstanceState, rt: RuntimeResource, i: number): void {
  let e = t.slot(i >>> 0);
  if (e === undefined || e.rt !== rt || e.lends !== 0) {
    // Slow path: the message is built only here (a string per call would cost more than the drop).
    const what = `resource.drop ${rt.name}`;
    e = checked(t, rt, i, what);
    trap(`${what}: cannot remove owned resource while borrowed (handle ${i >>> 0} is lent out)`);
  }
  t.remove(i >>> 0);
  if (!e.own) {
    e.scope!.b--;
    return;
  }
  if (rt.impl === st) {
    if (rt.dtor !== undefined) rt.dtor(e.rep as never);
    return;
  }
  rt.destroy(e.rep, true);
}

/** Runtime types of an instance object's type exports (recorded on the objects the runtime builds). */
export function typesOf(obj: unknown): ReadonlyMap<string, RuntimeResource> | undefined {
  return obj !== null && typeof obj === 'object' ? TYPES.get(obj) : undefined;
}

/**
 * `obj`'s own properties (hidden ones too) on a fresh object made in one go, which carries `obj`'s type exports.
 * An object filled one computed key at a time turns into a V8 dictionary past ~20 properties (every `api.peek`
 * then a hash lookup, ~8 ns); one made by `Object.defineProperties` keeps a fixed shape, so property loads stay
 * monomorphic (issue 16). Called once per instance object, when it is complete. Only between `SETTLE_MIN` and
 * `SETTLE_MAX` properties: smaller objects are still fast as built, and making a fixed shape costs time that grows
 * faster than the count (~0.1 ms at 128 properties, ~3 ms at 1,000), where a dictionary lookup is the better deal.
 */
export function settle<T extends object>(obj: T): T {
  // Counted without an array for the common small object (for-in reads V8's enum cache); hidden names aside.
  let n = 0;
  for (const _k in obj) if (++n > SETTLE_MIN) break;
  if (n <= SETTLE_MIN || Object.getOwnPropertyNames(obj).length > SETTLE_MAX) return obj;
  const o = Object.defineProperties({}, Object.getOwnPropertyDescriptors(obj)) as T;
  const m = TYPES.get(obj);
  if (m !== undefined) TYPES.set(o, m);
  return o;
}

const SETTLE_MIN = 16;
const SETTLE_MAX = 128;

/** Records `rt` as the type export `name` of an instance object the runtime built; JS sees its class. */
export function setTypeExport(obj: Record<string, unknown>, name: string, rt: RuntimeResource): void {
  let m = TYPES.get(obj);
  if (m === undefined) {
    m = new Map();
    TYPES.set(obj, m);
  }
  m.set(name, rt);
  rt.nameOnce(name);
  // Guest resources appear as classes; a host class re-exported (an interface `use`-ing an import) stays the host's
  // business, as in jco.
  if (rt.impl !== undefined && rt.cls !== undefined) obj[pascalCase(name)] = rt.cls;
}

/** The runtime type of a host resource: one per host class; without a class, a fresh one accepting any object. */
export function hostResource(name: string, cls: unknown): RuntimeResource {
  if (typeof cls !== 'function') return new RuntimeResource(name, undefined, undefined);
  let rt = HOST_TYPES.get(cls);
  if (rt === undefined) {
    rt = new RuntimeResource(name, undefined, undefined, cls as AnyCtor);
    HOST_TYPES.set(cls, rt);
  }
  return rt;
}

/**
 * The resource types a plan names, resolved per instance: by their small integer id in the program
 * (program/desc.ts), which stands for the validator's static ResourceType.
 */
export type ResourceResolver = (r: number) => RuntimeResource;
