// The part of an adapter plan fused adapters read (abi/fuse-shape.ts `FusePlan`), as data for a transpiled
// module: `kumiki/runtime` fuses calls between transpiled instances with interp/fuse.ts (no eval).
// Each handle's resource type becomes its index in the plan's `resources` (which become `[0, 1, …]`), so the
// runtime finds it by `indexOf` as it does with the JIT's plans; names only fusion does not read are left out.
// Value ops are written once each into a table (`O[i]`) shared by every plan of the module: a type used twice is
// one object, so the module grows with the number of distinct types, not with the paths through them.
import type { AdapterPlan, ValueOp } from '../abi/plan.js';

/** Marks an op reference inside JSON text (`"\u0000O<i>"`, never a WIT name), replaced by `O[i]`. */
const MARK = '\u0000O';

/** The table of distinct value ops of a transpiled module, as JS statements filling `O`. */
export class FuseOpTable {
  private readonly ids = new Map<string, number>();
  private readonly memo = new Map<AdapterPlan, Map<ValueOp, string>>();
  readonly lines: string[] = [];

  /** A reference (as a JSON string holding the mark) to `op` as `plan`'s fused adapter reads it. */
  private ref(op: ValueOp, plan: AdapterPlan): string {
    let m = this.memo.get(plan);
    if (m === undefined) this.memo.set(plan, m = new Map());
    let r = m.get(op);
    if (r !== undefined) return r;
    const body = JSON.stringify(this.data(op, plan));
    let i = this.ids.get(body);
    if (i === undefined) {
      i = this.ids.size;
      this.ids.set(body, i);
      this.lines.push(`O[${i}] = ${unmark(body)};`);
    }
    r = `${MARK}${i}`;
    m.set(op, r);
    return r;
  }

  /** `op` with its children as references. */
  private data(op: ValueOp, plan: AdapterPlan): unknown {
    switch (op.op) {
      case 'list': {
        const { typed: _t, ...rest } = op;
        return { ...rest, elem: this.ref(op.elem, plan) };
      }
      case 'record': return { ...op, fields: op.fields.map((f) => ({ name: '', key: f.key, offset: f.offset, op: this.ref(f.op, plan) })) };
      case 'variant': return { ...op, cases: op.cases.map((c) => ({ name: '', flat: c.flat, ...(c.op === undefined ? {} : { op: this.ref(c.op, plan) }) })) };
      case 'flags': return { op: 'flags', names: op.names, keys: [], size: op.size };
      case 'handle': return { op: 'handle', kind: op.kind, resource: plan.resources.indexOf(op.resource) };
      case 'map': return { op: 'map', entries: this.ref(op.entries, plan) };
      default: return op;
    }
  }

  /** The fusion-relevant part of `plan` as a JS expression over `O` (its ops written into the table first). */
  planSource(plan: AdapterPlan): string {
    const data = {
      name: plan.name,
      options: { encoding: plan.options.encoding, postReturn: plan.options.postReturn, ...(plan.options.addrType === 'i64' ? { addrType: 'i64' } : {}) },
      core: { params: plan.core.params, results: plan.core.results },
      params: plan.params.map((p) => ({ name: p.name, op: this.ref(p.op, plan) })),
      paramsInMemory: plan.paramsInMemory,
      ...(plan.paramsTuple !== undefined ? { paramsTuple: this.ref(plan.paramsTuple, plan) } : {}),
      ...(plan.result !== undefined ? { result: this.ref(plan.result, plan) } : {}),
      resultInMemory: plan.resultInMemory,
      resources: plan.resources.map((_r, i) => i),
      borrowParams: plan.borrowParams,
      ...(plan.running === true ? { running: true } : {}),
    };
    return unmark(JSON.stringify(data));
  }
}

/** JSON text with its op marks turned into `O[i]` references. */
function unmark(json: string): string {
  return json.replace(/"\\u0000O(\d+)"/g, 'O[$1]');
}
