// Structural type equality (Explainer.md: value types are structural; resources compare by identity).
import type { ValType } from './values.js';
import type { FuncType } from './functions.js';

/** Results per pair of composite types: a type used twice is compared once (linear, not exponential, in the nesting). */
const compared = new WeakMap<ValType, WeakMap<ValType, boolean>>();

export function valTypesEqual(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  let m = compared.get(a);
  let r = m?.get(b);
  if (r !== undefined) return r;
  r = composite(a, b);
  if (m === undefined) compared.set(a, m = new WeakMap());
  m.set(b, r);
  return r;
}

function composite(a: ValType, b: ValType): boolean {
  switch (a.kind) {
    case 'record': {
      const o = b as typeof a;
      return a.fields.length === o.fields.length && a.fields.every((f, i) => f.name === o.fields[i]!.name && valTypesEqual(f.type, o.fields[i]!.type));
    }
    case 'variant': {
      const o = b as typeof a;
      return a.cases.length === o.cases.length && a.cases.every((c, i) => c.name === o.cases[i]!.name && optEqual(c.type, o.cases[i]!.type));
    }
    case 'list': { const o = b as typeof a; return a.length === o.length && valTypesEqual(a.element, o.element); }
    case 'tuple': { const o = b as typeof a; return a.types.length === o.types.length && a.types.every((t, i) => valTypesEqual(t, o.types[i]!)); }
    case 'flags': case 'enum': { const o = b as typeof a; return a.names.length === o.names.length && a.names.every((n, i) => n === o.names[i]); }
    case 'option': return valTypesEqual(a.type, (b as typeof a).type);
    case 'result': { const o = b as typeof a; return optEqual(a.ok, o.ok) && optEqual(a.err, o.err); }
    case 'own': case 'borrow': return a.resource === (b as typeof a).resource;
    case 'future': case 'stream': return optEqual(a.type, (b as typeof a).type);
    case 'map': { const o = b as typeof a; return valTypesEqual(a.key, o.key) && valTypesEqual(a.value, o.value); }
    default: return true; // same primitive kind
  }
}

function optEqual(a: ValType | undefined, b: ValType | undefined): boolean {
  return a === undefined || b === undefined ? a === b : valTypesEqual(a, b);
}

export function funcTypesEqual(a: FuncType, b: FuncType): boolean {
  return !!a.async === !!b.async && optEqual(a.result, b.result) && a.params.length === b.params.length &&
    a.params.every((p, i) => p.name === b.params[i]!.name && valTypesEqual(p.type, b.params[i]!.type));
}
