// Handle hooks for the plan interpreter (CanonicalABI.md lift_own/lift_borrow/lower_own/lower_borrow): the same
// runtime operations the generated adapters call, over one instance's handle table, with a per-call loan list.
import type { HandleHooks } from '../abi/context.js';
import type { BorrowType, OwnType, ResourceType, ValType } from '../types/index.js';
import type { AsyncHandleKind } from '../runtime/async/values.js';
import { asyncKey } from '../abi/plan.js';
import { glue, type InstanceState } from '../runtime/glue/index.js';
import { locatableTrap } from '../abi/errors.js';
import {
  liftBorrow, liftOwn, lowerBorrow, lowerOwn, type HandleTable, type ResourceResolver, type RuntimeResource,
} from '../runtime/resources.js';

export class InterpHandles implements HandleHooks {
  /** Loans of the current call (lift_borrow), released when the callee returns. */
  readonly lent: unknown[] = [];
  /** Where the value is, for messages (set by the adapter per call). */
  where = '';
  /** Lift adapters: the handles lowered for the arguments so far (runtime/resources.ts `unlower`). */
  J: unknown[] | undefined;
  /** Resolved runtime types, by index in `types` (filled on first use). */
  private readonly cache: (RuntimeResource | undefined)[] = [];

  /**
   * `types` are the plan's static resource types and `ids` their program ids (same order), which `res` resolves
   * in the instance. Both arrays are the plan's, shared by all its instances.
   */
  constructor(
    private readonly t: HandleTable, private readonly st: InstanceState, private readonly res: ResourceResolver,
    private readonly types: readonly ResourceType[], private readonly ids: readonly number[],
  ) {}

  /** The last type resolved (calls on one resource repeat it): no search on the hot path. */
  private lastT: ResourceType | undefined;
  private lastRt: RuntimeResource | undefined;

  private rt(r: ResourceType): RuntimeResource {
    if (r === this.lastT) return this.lastRt!;
    const x = this.resolve(r);
    this.lastT = r;
    this.lastRt = x;
    return x;
  }

  private resolve(r: ResourceType): RuntimeResource {
    const k = this.types.indexOf(r);
    let x = this.cache[k];
    if (x === undefined) {
      x = this.res(this.ids[k]!);
      this.cache[k] = x;
    }
    return x;
  }

  // A bad handle traps worded `<where>: ...`; made locatable, so the enclosing values name its path as codegen does.
  liftOwn(handle: number, t: OwnType): unknown {
    try { return liftOwn(this.t, this.rt(t.resource), handle, this.where); } catch (e) { throw locatableTrap(e, this.where); }
  }
  liftBorrow(handle: number, t: BorrowType): unknown {
    try { return liftBorrow(this.t, this.rt(t.resource), handle, this.where, this.lent); } catch (e) { throw locatableTrap(e, this.where); }
  }
  lowerOwn(value: unknown, t: OwnType): number { return lowerOwn(this.t, this.rt(t.resource), value, '', this.J); }
  lowerBorrow(value: unknown, t: BorrowType): number { return Number(lowerBorrow(this.t, this.st, this.rt(t.resource), value, '', this.J)); }
  // stream / future / error-context (runtime/async/values.ts), as the generated adapters call them (through glue: the
  // async runtime is installed there only for async components, link/async-backend.ts).
  // Made locatable as a resource handle's trap: `task.return(result).s: handle 2 is not the readable end…`, as codegen.
  liftOther(handle: number, t: ValType): unknown {
    try { return glue.liftAsyncHandle(this.t, t.kind as AsyncHandleKind, asyncKey(t), handle, this.where); } catch (e) { throw locatableTrap(e, this.where); }
  }
  // No location: `where` may be stale here (the last result's), and a bad value is located by the adapter's path;
  // messages of a stream's later chunks then name none.
  lowerOther(value: unknown, t: ValType): number { return glue.lowerAsyncHandle(this.t, t.kind as AsyncHandleKind, asyncKey(t), value, ''); }
}
