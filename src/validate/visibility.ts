// Externally visible types must be named (Explainer.md "Validation": the types of an import's or export's
// functions and values must themselves be imported or exported; wasmparser `type_named_*`). `set` holds the
// naming identities (type slots' aliases) exported or imported so far.
import type { FuncType, ValType } from '../types/index.js';
import { handleAliasOf, isValType, valChildren, type VInstanceType } from './model.js';

export function valNamed(t: ValType, set: ReadonlySet<object>): boolean {
  return definedNamed(t, set);
}

/** Types found named, per naming set: names are only added, so a type named once stays named (a type used twice
 *  is walked once: linear in the type size, not in the paths through it). */
const namedIn = new WeakMap<ReadonlySet<object>, WeakSet<ValType>>();

/** wasmparser `type_named_type_id`: records/variants/flags/enums must be named; others by their parts. */
export function definedNamed(t: ValType, set: ReadonlySet<object>): boolean {
  switch (t.kind) {
    case 'record': case 'variant': case 'flags': case 'enum': return set.has(t);
    case 'own': case 'borrow': return set.has(handleAliasOf(t));
    default: {
      let known = namedIn.get(set);
      if (known === undefined) namedIn.set(set, known = new WeakSet());
      if (known.has(t)) return true;
      const named = valChildren(t).every((x) => definedNamed(x, set));
      if (named) known.add(t);
      return named;
    }
  }
}

export function funcNamed(f: FuncType, set: ReadonlySet<object>): boolean {
  return f.params.every((p) => definedNamed(p.type, set)) && (!f.result || definedNamed(f.result, set));
}

export function instanceNamed(t: VInstanceType, set: ReadonlySet<object>): boolean {
  for (const e of t.exports.values()) {
    switch (e.kind) {
      case 'func': if (!funcNamed(e.type, set)) return false; break;
      case 'type': {
        const r = e.created.type;
        if (r.kind === 'func' && !funcNamed(r, set)) return false;
        if (r.kind === 'instance' && !instanceNamed(r, set)) return false;
        if (isValType(r) && !componentsNamed(r, set)) return false;
        break;
      }
      case 'value': if (!componentsNamed(e.type, set)) return false; break;
      case 'instance': if (!instanceNamed(e.type, set)) return false; break;
      default: break;
    }
  }
  return true;
}

/** wasmparser `all_valtypes_named_in_defined`: the parts of a defined type must be named (not the type itself). */
export function componentsNamed(t: ValType, set: ReadonlySet<object>): boolean {
  switch (t.kind) {
    case 'record': case 'variant': return valChildren(t).every((x) => definedNamed(x, set));
    case 'flags': case 'enum': return true;
    default: return definedNamed(t, set);
  }
}
