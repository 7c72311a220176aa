// Linking by name (Explainer.md "Import and Export Definitions"): host imports by interface name (with or without
// version), members camelCase, resource classes PascalCase with `[constructor]`/`[method]`/`[static]` members as
// jco lays them out, and the binding of an instance's resource types to runtime types. Members are own properties
// of the host's objects (or of its own class prototypes), never found on Object.prototype or Function.prototype:
// an import named `to-string` must not bind Object.prototype.toString (issue 10).
import { resourceMemberName, toCamelCase as camelCase } from '../abi/names.js';
import { describe } from '../abi/errors.js';
import { LinkError } from '../errors.js';
import { attachMember, hostResource, markHostMethod, pascalCase, typesOf, type RuntimeResource } from '../runtime/resources.js';
import type { BindDesc, MemberDesc } from '../program/desc.js';


const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `obj[key]` when `key` is an own property of `obj` or of a prototype of the host's own (a class instance as an
 * import object); undefined when it is absent or only inherited from a built-in prototype.
 */
export function own(obj: object, key: string): unknown {
  if (hasOwn.call(obj, key)) return (obj as Record<string, unknown>)[key];
  for (let p = Object.getPrototypeOf(obj) as object | null; p !== null && p !== Object.prototype && p !== Function.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (hasOwn.call(p, key)) return (obj as Record<string, unknown>)[key];
  }
  return undefined;
}

/** Host lookup: an interface name with or without its `@version`. */
/** A function import: the function, or jco's form `{ default: f }` (an ES module namespace). */
export function lookupFuncImport(imports: Record<string, unknown>, name: string): unknown {
  const v = lookupImport(imports, name);
  return v !== null && typeof v === 'object' && typeof (v as { default?: unknown }).default === 'function' ? (v as { default: unknown }).default : v;
}

export function lookupImport(imports: Record<string, unknown>, name: string): unknown {
  if (hasOwn.call(imports, name)) return imports[name];
  const unversioned = name.replace(/@[^/@]*$/, '');
  if (unversioned !== name && hasOwn.call(imports, unversioned)) return imports[unversioned];
  const cc = camelCase(name);
  if (hasOwn.call(imports, cc)) return imports[cc];
  return hostResourceMember(imports, name);
}

/** A member of a host/JS instance object: camelCase first, then the WIT name. */
export function member(obj: Record<string, unknown>, name: string): unknown {
  const v = own(obj, camelCase(name));
  if (v !== undefined) return v;
  return own(obj, name) ?? hostResourceMember(obj, name);
}

/** The value a host instance object holds for resource `name`'s class (PascalCase key, as jco; else the WIT name). */
function classValue(obj: Record<string, unknown>, name: string): unknown {
  return own(obj, pascalCase(name)) ?? own(obj, name);
}

/** A value usable as a resource class: a constructible function (not an arrow, method or bound function). */
function isClass(c: unknown): c is abstract new (...a: never[]) => unknown {
  return typeof c === 'function' && typeof (c as { prototype?: unknown }).prototype === 'object' && (c as { prototype?: unknown }).prototype !== null;
}

/** A class a host instance object provides for resource `name` (PascalCase key, as jco). */
export function hostClass(obj: Record<string, unknown>, name: string): unknown {
  const c = classValue(obj, name);
  return isClass(c) ? c : undefined;
}

/** The class for resource `name` in the host object of import `path`: a LinkError when absent or not a class. */
export function requireClass(obj: Record<string, unknown>, name: string, path: string): abstract new (...a: never[]) => unknown {
  const c = classValue(obj, name);
  if (isClass(c)) return c;
  const what = c === undefined ? 'nothing' : typeof c === 'function' ? `a function that is not a class (${describe(c)}, no prototype)` : describe(c);
  throw new LinkError(`import ${path}: expected a class ${pascalCase(name)} for resource ${name}, found ${what}`);
}

/** A host function for an annotated resource member, made from the host class (jco's conventions). */
export function hostResourceMember(obj: Record<string, unknown>, name: string): unknown {
  const n = resourceMemberName(name);
  if (n === undefined) return undefined;
  const cls = hostClass(obj, n.resource) as (new (...a: unknown[]) => unknown) & Record<string, unknown> | undefined;
  const m = n.member;
  switch (n.kind) {
    case 'constructor': return cls === undefined ? undefined : (...a: unknown[]) => new cls(...a);
    case 'static': {
      const f = cls === undefined ? undefined : own(cls, m);
      return typeof f !== 'function' ? undefined : (...a: unknown[]) => (f as (...b: unknown[]) => unknown).apply(cls, a);
    }
    case 'method': {
      // The method is looked up on `self` per call (as jco: an instance may override it).
      const method = (self: unknown): (...b: unknown[]) => unknown => {
        const f = self !== null && typeof self === 'object' ? (self as Record<string, unknown>)[m] : undefined;
        // A method missing from the host object must not fall back to Object.prototype's (`to-string`, `value-of`).
        if (typeof f !== 'function' || f === (Object.prototype as unknown as Record<string, unknown>)[m]) throw new TypeError(`${name}: the host object has no method '${m}'`);
        return f as (...b: unknown[]) => unknown;
      };
      // No rest array per call for the common small arities (the adapter passes exactly the declared arguments).
      const f = function (this: unknown, self: unknown, a?: unknown, b?: unknown): unknown {
        switch (arguments.length) {
          case 1: return method(self).call(self);
          case 2: return method(self).call(self, a);
          case 3: return method(self).call(self, a, b);
          default: return method(self).apply(self, Array.prototype.slice.call(arguments, 1));
        }
      };
      // Generated adapters call the member directly (same lookup and checks; runtime/resources.ts hostMethodOf).
      markHostMethod(f, m);
      return f;
    }
  }
}

/**
 * Checks that the host object of import `path` has every declared member (issue 10: used by the component or not):
 * functions as functions (resource members on their class), nested instances as objects.
 */
export function checkMembers(obj: Record<string, unknown>, path: string, funcs: readonly string[] | undefined, instances: readonly string[] | undefined): void {
  for (const name of funcs ?? []) {
    const n = resourceMemberName(name);
    if (n !== undefined) {
      const cls = requireClass(obj, n.resource, path) as unknown as Record<string, unknown> & { prototype: Record<string, unknown> };
      if (n.kind === 'static' && typeof own(cls, n.member) !== 'function') {
        throw new LinkError(`import ${path}: expected a static function ${pascalCase(n.resource)}.${n.member} for '${name}', found ${describe(own(cls, n.member))}`);
      }
      if (n.kind === 'method') {
        const f = own(cls.prototype, n.member);
        if (typeof f !== 'function') throw new LinkError(`import ${path}: expected a method ${pascalCase(n.resource)}.prototype.${n.member} for '${name}', found ${describe(f)}`);
      }
      continue;
    }
    const f = own(obj, camelCase(name)) ?? own(obj, name);
    if (typeof f !== 'function') throw new LinkError(`import ${path}: expected a function '${camelCase(name)}' for '${name}', found ${f === undefined ? 'nothing' : describe(f)}`);
  }
  for (const name of instances ?? []) {
    const v = own(obj, camelCase(name)) ?? own(obj, name);
    if (v === null || typeof v !== 'object') throw new LinkError(`import ${path}: expected an object for instance '${name}', found ${v === undefined ? 'nothing' : describe(v)}`);
  }
}

/**
 * Binds the resource types of an instance (by its type's exports, `bind`) to runtime types: the ones the runtime
 * recorded on objects it built, else host resources from the object's classes. `path` names the import in errors:
 * for a `host` object, a missing class, a non-class, or a class other than the one already bound to the same type
 * (the component says the types are equal, e.g. through a `use`) is a LinkError.
 */
export function bindInstanceTypes(rts: (RuntimeResource | undefined)[], obj: Record<string, unknown>, bind: BindDesc, path: string, host = true): void {
  const known = typesOf(obj);
  for (const [name, b] of bind) {
    if (typeof b === 'number') {
      const k = known?.get(name);
      if (k !== undefined) {
        if (rts[b] === undefined) rts[b] = k;
        continue;
      }
      const bound = rts[b];
      if (bound !== undefined) {
        // An alias of a type bound already (a `use`): no class needed, but a different one is a mismatch.
        const c = classValue(obj, name);
        if (c !== undefined && bound.impl === undefined && bound.cls !== undefined && c !== bound.cls) {
          throw new LinkError(`import ${path}: resource ${name} is the same type as one bound to class ${bound.cls.name || bound.name}, but the host object gives a different class ${describe(c)}`);
        }
        continue;
      }
      // An object the runtime built (host false) may carry a host class or none; a host object must give one.
      rts[b] = hostResource(name, host ? requireClass(obj, name, path) : hostClass(obj, name));
    } else {
      const sub = member(obj, name);
      if (sub !== null && typeof sub === 'object') bindInstanceTypes(rts, sub as Record<string, unknown>, b, `${path}#${name}`, host);
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
