// Linking by name (Explainer.md "Import and Export Definitions"): host imports by interface name (with or without
// version), members camelCase, resource classes PascalCase with `[constructor]`/`[method]`/`[static]` members as
// jco lays them out, and the binding of an instance's resource types to runtime types.
import { toCamelCase as camelCase } from '../abi/names.js';
import { attachMember, hostResource, pascalCase, typesOf, type RuntimeResource } from './resources.js';
import type { BindDesc, MemberDesc } from './program-desc.js';

/** Host lookup: an interface name with or without its `@version`. */
/** A function import: the function, or jco's form `{ default: f }` (an ES module namespace). */
export function lookupFuncImport(imports: Record<string, unknown>, name: string): unknown {
  const v = lookupImport(imports, name);
  return v !== null && typeof v === 'object' && typeof (v as { default?: unknown }).default === 'function' ? (v as { default: unknown }).default : v;
}

export function lookupImport(imports: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(imports, name)) return imports[name];
  const unversioned = name.replace(/@[^/@]*$/, '');
  if (unversioned !== name && Object.prototype.hasOwnProperty.call(imports, unversioned)) return imports[unversioned];
  const cc = camelCase(name);
  if (Object.prototype.hasOwnProperty.call(imports, cc)) return imports[cc];
  return hostResourceMember(imports, name);
}

/** A member of a host/JS instance object: camelCase first, then the WIT name. */
export function member(obj: Record<string, unknown>, name: string): unknown {
  const cc = camelCase(name);
  const v = obj[cc];
  if (v !== undefined) return v;
  return obj[name] ?? hostResourceMember(obj, name);
}

/** Keys an export is reachable under: interfaces by full name, unversioned name and short name. */
export function exportKeys(name: string): string[] {
  const keys = new Set<string>();
  if (/[:/]/.test(name)) {
    keys.add(name);
    const unversioned = name.replace(/@[^/@]*$/, '');
    keys.add(unversioned);
    const short = unversioned.slice(unversioned.lastIndexOf('/') + 1);
    keys.add(camelCase(short));
  } else keys.add(camelCase(name));
  return [...keys];
}

/** An annotated resource member name, parsed. */
export type ResourceMemberName = MemberDesc;

/** `[constructor]r`, `[method]r.f`, `[static]r.f` (Explainer.md "Import and Export Definitions": annotated names). */
export function resourceMemberName(name: string): ResourceMemberName | undefined {
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
  if (m === null) return undefined;
  return { kind: m[1] as 'constructor' | 'method' | 'static', resource: m[2]!, member: camelCase(m[3] ?? '') };
}

/** A class a host instance object provides for resource `name` (PascalCase key, as jco). */
export function hostClass(obj: Record<string, unknown>, name: string): unknown {
  const c = obj[pascalCase(name)] ?? obj[name];
  return typeof c === 'function' ? c : undefined;
}

/** A host function for an annotated resource member, made from the host class (jco's conventions). */
export function hostResourceMember(obj: Record<string, unknown>, name: string): unknown {
  const n = resourceMemberName(name);
  if (n === undefined) return undefined;
  const cls = hostClass(obj, n.resource) as (new (...a: unknown[]) => unknown) & Record<string, unknown> | undefined;
  const m = n.member;
  switch (n.kind) {
    case 'constructor': return cls === undefined ? undefined : (...a: unknown[]) => new cls(...a);
    case 'static': return cls === undefined || typeof cls[m] !== 'function' ? undefined : (...a: unknown[]) => (cls[m] as (...b: unknown[]) => unknown)(...a);
    case 'method': return (self: unknown, ...a: unknown[]) => {
      const f = self !== null && typeof self === 'object' ? (self as Record<string, unknown>)[m] : undefined;
      if (typeof f !== 'function') throw new TypeError(`${name}: the host object has no method '${m}'`);
      return (f as (...b: unknown[]) => unknown).apply(self, a);
    };
  }
}

/**
 * Binds the resource types of an instance (by its type's exports, `bind`) to runtime types: the ones the runtime
 * recorded on objects it built, else host resources from the object's classes.
 */
export function bindInstanceTypes(rts: (RuntimeResource | undefined)[], obj: Record<string, unknown>, bind: BindDesc): void {
  const known = typesOf(obj);
  for (const [name, b] of bind) {
    if (typeof b === 'number') {
      if (rts[b] !== undefined) continue;
      rts[b] = known?.get(name) ?? hostResource(name, hostClass(obj, name));
    } else {
      const sub = member(obj, name);
      if (sub !== null && typeof sub === 'object') bindInstanceTypes(rts, sub as Record<string, unknown>, b);
    }
  }
}

/**
 * Adds a function to an instance object built by the runtime: annotated resource members go to the class.
 * `n` is `resourceMemberName(name)`, computed once at compile time by the caller.
 */
export function putFunc(obj: Record<string, unknown>, name: string, keys: readonly string[], f: unknown, n: MemberDesc | undefined): void {
  if (n === undefined) {
    for (const k of keys) obj[k] = f;
    return;
  }
  // Kept under the raw name (hidden) for aliases and nested instances; JS sees it on the class.
  Object.defineProperty(obj, name, { value: f, enumerable: false, configurable: true, writable: true });
  const rt = typesOf(obj)?.get(n.resource);
  if (rt !== undefined) attachMember(rt, n.kind, n.member, f as (...a: never[]) => unknown);
}
