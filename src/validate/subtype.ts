// Subtyping of component types (Explainer.md "Subtyping"; wasmparser `SubtypeCx`): value types match
// structurally, resources by identity, instances by export names (width subtyping), components contravariantly
// in imports and covariantly in exports, with resources substituted through `open` (instantiation).
import { ValidationError } from '../errors.js';
import { primitive, type FuncType, type PrimitiveKind, type ValType } from '../types/index.js';
import { matchModuleType, withContext } from './core.js';
import { anyTypeDesc, isValType, type AnyType, type Entity, type VComponentType, type VInstanceType } from './model.js';
import { remapEntity, Remapping } from './remap.js';

const fail = (m: string, offset: number): never => { throw new ValidationError(m, offset); };

/** Does `a` (the provided item) satisfy `b` (the expected one)? */
export function matchEntity(a: Entity, b: Entity, offset: number): void {
  if (a.kind !== b.kind) fail(`expected ${b.kind}, found ${a.kind}`, offset);
  switch (a.kind) {
    case 'module': return matchModuleType(a.type, (b as typeof a).type, offset);
    case 'func': return matchFunc(a.type, (b as typeof a).type, offset);
    case 'value': return matchVal(a.type, (b as typeof a).type, offset);
    case 'type': return matchAny(a.referenced.type, (b as typeof a).referenced.type, offset);
    case 'instance': return matchInstance(a.type, (b as typeof a).type, offset);
    case 'component': return matchComponent(a.type, (b as typeof a).type, offset);
  }
}

export function matchAny(a: AnyType, b: AnyType, offset: number): void {
  if (a.kind === 'resource' || b.kind === 'resource') {
    if (a.kind !== 'resource') fail(`expected resource, found ${anyTypeDesc(a)}`, offset);
    if (b.kind !== 'resource') fail(`expected ${anyTypeDesc(b)}, found resource`, offset);
    if (a !== b) fail(`resource types are not the same (${a.kind === 'resource' ? a.id : ''} vs. ${b.kind === 'resource' ? b.id : ''})`, offset);
    return;
  }
  const da = anyTypeDesc(a), db = anyTypeDesc(b);
  if (da !== db) fail(`expected ${db}, found ${da}`, offset);
  if (a.kind === 'func') return matchFunc(a, b as FuncType, offset);
  if (a.kind === 'instance') return matchInstance(a, b as VInstanceType, offset);
  if (a.kind === 'component') return matchComponent(a, b as VComponentType, offset);
  return matchVal(a, b as ValType, offset);
}

export function matchFunc(a: FuncType, b: FuncType, offset: number): void {
  if (!!a.async !== !!b.async) fail(`expected ${b.async ? 'async' : 'sync'} function, found ${a.async ? 'async' : 'sync'} function`, offset);
  if (a.params.length !== b.params.length) fail(`expected ${b.params.length} parameters, found ${a.params.length}`, offset);
  a.params.forEach((ap, i) => {
    const bp = b.params[i]!;
    if (ap.name !== bp.name) fail(`expected parameter named \`${bp.name}\`, found \`${ap.name}\``, offset);
    withContext(() => matchVal(ap.type, bp.type, offset), `type mismatch in function parameter \`${ap.name}\``);
  });
  if (a.result && b.result) withContext(() => matchVal(a.result!, b.result!, offset), 'type mismatch with result type');
  else if (a.result && !b.result) fail('expected a result, found none', offset);
  else if (!a.result && b.result) fail('expected no result, found one', offset);
}

const isPrim = (t: ValType): boolean => !['record', 'variant', 'list', 'tuple', 'flags', 'enum', 'option', 'result', 'own', 'borrow', 'future', 'stream', 'map'].includes(t.kind);
const desc = (t: ValType): string => (isPrim(t) ? t.kind : t.kind === 'list' && t.length !== undefined ? 'list' : t.kind);

/** Pairs already found to match: a type used twice is compared once (linear, not exponential, in the nesting). */
const matched = new WeakMap<ValType, WeakSet<ValType>>();

export function matchVal(a: ValType, b: ValType, offset: number): void {
  if (a === b || matched.get(a)?.has(b)) return;
  matchValUncached(a, b, offset); // throws on a mismatch
  let m = matched.get(a);
  if (m === undefined) matched.set(a, m = new WeakSet());
  m.add(b);
}

function matchValUncached(a: ValType, b: ValType, offset: number): void {
  if (isPrim(a) || isPrim(b)) {
    if (isPrim(a) && isPrim(b)) {
      if (a.kind !== b.kind) fail(`expected primitive \`${b.kind}\` found primitive \`${a.kind}\``, offset);
      return;
    }
    // wasmparser names the expected side "primitive" when it is a defined (not inline) primitive type.
    const expected = isPrim(b) && b !== primitive(b.kind as PrimitiveKind) ? 'primitive' : b.kind;
    fail(`expected ${expected}, found ${a.kind}`, offset);
  }
  if (a.kind !== b.kind) fail(`expected ${desc(b)}, found ${desc(a)}`, offset);
  switch (a.kind) {
    case 'record': {
      const o = b as typeof a;
      if (a.fields.length !== o.fields.length) fail(`expected ${o.fields.length} fields, found ${a.fields.length}`, offset);
      a.fields.forEach((f, i) => {
        const g = o.fields[i]!;
        if (f.name !== g.name) fail(`expected field name \`${g.name}\`, found \`${f.name}\``, offset);
        withContext(() => matchVal(f.type, g.type, offset), `type mismatch in record field \`${f.name}\``);
      });
      return;
    }
    case 'variant': {
      const o = b as typeof a;
      if (a.cases.length !== o.cases.length) fail(`expected ${o.cases.length} cases, found ${a.cases.length}`, offset);
      a.cases.forEach((c, i) => {
        const d = o.cases[i]!;
        if (c.name !== d.name) fail(`expected case named \`${d.name}\`, found \`${c.name}\``, offset);
        if (c.type && d.type) withContext(() => matchVal(c.type!, d.type!, offset), `type mismatch in variant case \`${c.name}\``);
        else if (!c.type && d.type) fail(`expected case \`${c.name}\` to have a type, found none`, offset);
        else if (c.type && !d.type) fail(`expected case \`${c.name}\` to have no type`, offset);
      });
      return;
    }
    case 'list': {
      const o = b as typeof a;
      if ((a.length === undefined) !== (o.length === undefined)) fail(`expected ${desc(b)}, found ${desc(a)}`, offset);
      if (a.length !== o.length) fail(`expected fixed-length ${o.length}, found size ${a.length}`, offset);
      return matchVal(a.element, o.element, offset);
    }
    case 'option': return matchVal(a.type, (b as typeof a).type, offset);
    case 'map': {
      const o = b as typeof a;
      withContext(() => matchVal(a.key, o.key, offset), 'type mismatch in map key');
      withContext(() => matchVal(a.value, o.value, offset), 'type mismatch in map value');
      return;
    }
    case 'tuple': {
      const o = b as typeof a;
      if (a.types.length !== o.types.length) fail(`expected ${o.types.length} types, found ${a.types.length}`, offset);
      a.types.forEach((t, i) => withContext(() => matchVal(t, o.types[i]!, offset), `type mismatch in tuple field ${i}`));
      return;
    }
    case 'flags': case 'enum': {
      const o = b as typeof a;
      if (a.names.length !== o.names.length || a.names.some((n, i) => n !== o.names[i])) fail(`mismatch in ${a.kind} elements`, offset);
      return;
    }
    case 'result': {
      const o = b as typeof a;
      if (a.ok && o.ok) withContext(() => matchVal(a.ok!, o.ok!, offset), 'type mismatch in ok variant');
      else if (!a.ok && o.ok) fail('expected ok type, but found none', offset);
      else if (a.ok && !o.ok) fail('expected ok type to not be present', offset);
      if (a.err && o.err) withContext(() => matchVal(a.err!, o.err!, offset), 'type mismatch in err variant');
      else if (!a.err && o.err) fail('expected err type, but found none', offset);
      else if (a.err && !o.err) fail('expected err type to not be present', offset);
      return;
    }
    case 'own': case 'borrow':
      if (a.resource !== (b as typeof a).resource) fail('resource types are not the same', offset);
      return;
    case 'future': case 'stream': {
      const o = b as typeof a;
      if (a.type && o.type) withContext(() => matchVal(a.type!, o.type!, offset), `type mismatch in ${a.kind}`);
      else if (!a.type && o.type) fail(`expected ${a.kind} type, but found none`, offset);
      else if (a.type && !o.type) fail(`expected ${a.kind} type to not be present`, offset);
      return;
    }
    default: return;
  }
}

export function matchInstance(a: VInstanceType, b: VInstanceType, offset: number): void {
  for (const k of b.exports.keys()) if (!a.exports.has(k)) fail(`missing expected export \`${k}\``, offset);
  for (const [k, be] of b.exports) withContext(() => matchEntity(a.exports.get(k)!, be, offset), `type mismatch in instance export \`${k}\``);
}

export function matchComponent(a: VComponentType, b: VComponentType, offset: number): void {
  // a's imports must be satisfiable by b's imports (contravariance), substituting a's imported resources.
  const importMapping = openInstanceType(b.imports, a, 'import', offset);
  const aExports = new Map<string, Entity>();
  for (const [k, e] of a.exports) aExports.set(k, remapEntity(e, importMapping));
  openInstanceType(aExports, b, 'export', offset);
}

/**
 * Matches `args` against the imports (or exports) of `b`: binds `b`'s abstract resources to the ones `args`
 * provide, then checks each item against the substituted expectation. Returns the resource substitution.
 */
export function openInstanceType(args: ReadonlyMap<string, Entity>, b: VComponentType, kind: 'import' | 'export', offset: number): Remapping {
  const entities = kind === 'import' ? b.imports : b.exports;
  const resources = kind === 'import' ? b.importedResources : b.definedResources;
  const names = [...entities.keys()];
  const mapping = new Remapping();
  outer: for (const [resource, path] of resources) {
    const name = names[path[0]!]!;
    let ty: Entity = entities.get(name)!;
    let arg = args.get(name);
    for (const i of path.slice(1)) {
      if (ty.kind !== 'instance') continue outer;
      const [n, next] = [...ty.type.exports][i]!;
      ty = next;
      arg = arg?.kind === 'instance' ? arg.type.exports.get(n) : undefined;
      if (!arg) continue outer;
    }
    if (arg?.kind === 'type' && arg.created.type.kind === 'resource') mapping.resources.set(resource, arg.created.type);
  }
  for (const name of names) if (!args.has(name)) fail(`missing ${kind} named \`${name}\``, offset);
  const renames = new Remapping();
  for (const [name, expected] of entities) {
    const actual = args.get(name)!;
    mapping.memo.clear();
    withContext(() => matchEntity(actual, remapEntity(expected, mapping), offset), `type mismatch for ${kind} \`${name}\``);
    registerRenamings(actual, expected, renames);
  }
  mapping.memo.clear();
  for (const [k, v] of renames.types) mapping.types.set(k, v);
  for (const [k, v] of renames.aliases) mapping.aliases.set(k, v);
  return mapping;
}

/** After a successful match, the expected side's types stand for the actual side's (wasmparser `register_type_renamings`). */
function registerRenamings(actual: Entity, expected: Entity, m: Remapping): void {
  if (expected.kind === 'type' && actual.kind === 'type') {
    const e = expected.created.type, a = actual.created.type;
    if (e.kind === 'resource') m.aliases.set(expected.created.alias, actual.created.alias);
    else if (isValType(e) && isValType(a)) m.types.set(e, a);
  } else if (expected.kind === 'instance' && actual.kind === 'instance') {
    for (const [n, x] of expected.type.exports) {
      const y = actual.type.exports.get(n);
      if (y) registerRenamings(y, x, m);
    }
  }
}
