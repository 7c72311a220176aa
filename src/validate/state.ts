// One component (or component/instance type) being validated: its index spaces and the rules for adding to
// them (Explainer.md "Index spaces", "Type Definitions", "Import and Export Definitions", "Validation").
// Wording of errors follows wasmparser's `validator/component.rs` so verdicts can be compared with wasm-tools.
import type * as ast from '../binary/ast.js';
import { ValidationError } from '../errors.js';
import {
  ResourceType, primitive, type CoreFuncType, type CoreInstanceType, type CoreModuleType, type FuncType, type ValType,
} from '../types/index.js';
import { recGroupEntries, matchCoreExtern, withContext } from './core.js';
import type { FeatureName, FeatureSet } from './features.js';
import { InfoBuilder, MAX_TYPE_DEPTH, anyInfo, entityInfo, setInfo, valInfo } from './info.js';
import {
  handleAliasOf, makeHandle, newSlot, uniqueSlot, isValType, type AnyType, type CoreSpaces, type CoreTypeEntry,
  type Entity, type ResourcePath, type TypeSlot, type VComponentType, type VInstanceType,
} from './model.js';
import { checkInterfaceVersion, checkKebab, kebabKey, parseComponentName, uniquenessKey, type ComponentName } from './names.js';
import { freeInEntity, remapEntity, Remapping } from './remap.js';
import { matchEntity, matchVal, openInstanceType } from './subtype.js';
import { MAX_FIXED_LENGTH, MAX_VALUE_SIZE, sizeUnderLimit } from './value-size.js';
import { componentsNamed, funcNamed, instanceNamed, valNamed } from './visibility.js';

export type StateKind = 'component' | 'instance-type' | 'component-type';

/** Resource names seen at the top level of imports or exports (for `[method]R.f` checks). */
class NameContext {
  readonly resourceNames = new Map<object, number>();
  readonly allNames: string[] = [];
  register(name: string, alias: object): void {
    const idx = this.allNames.length;
    this.resourceNames.set(alias, idx);
    this.allNames.push(name);
  }
}

export function fail(reason: string, offset: number): never {
  throw new ValidationError(reason, offset);
}

export class State {
  readonly core: CoreSpaces = { types: [], funcs: [], tables: [], memories: [], globals: [], tags: [], modules: [], instances: [] };
  readonly types: TypeSlot[] = [];
  readonly funcs: FuncType[] = [];
  readonly values: { type: ValType; used: boolean }[] = [];
  readonly instances: VInstanceType[] = [];
  readonly components: VComponentType[] = [];
  readonly imports = new Map<string, Entity>();
  readonly exports = new Map<string, Entity>();
  readonly importNames = new Map<string, ComponentName>();
  readonly exportNames = new Map<string, ComponentName>();
  hasStart = false;
  readonly info: InfoBuilder;
  readonly importedResources = new Map<ResourceType, ResourcePath>();
  /** Resources defined here; `rep` is known only for concrete `(resource (rep …))` definitions. */
  readonly definedResources = new Map<ResourceType, 'i32' | 'i64' | undefined>();
  readonly explicitResources = new Map<ResourceType, ResourcePath>();
  readonly exportedTypes = new Set<object>();
  readonly importedTypes = new Set<object>();
  readonly exportedNames = new NameContext();
  readonly importedNames = new NameContext();
  contextType: string | undefined;
  /** Set by `finish`. */
  finishedType: VComponentType | undefined;

  constructor(readonly kind: StateKind, readonly features: FeatureSet, offset: number) {
    this.info = new InfoBuilder(offset);
  }

  has(f: FeatureName): boolean { return this.features.has(f); }
  require(f: FeatureName, message: string, offset: number): void {
    if (!this.features.has(f)) fail(message, offset);
  }

  // ───── index lookups (wasmparser wording) ─────

  coreType(i: number, offset: number): CoreTypeEntry {
    return this.core.types[i] ?? fail(`unknown type ${i}: type index out of bounds`, offset);
  }
  typeSlot(i: number, offset: number): TypeSlot {
    return this.types[i] ?? fail(`unknown type ${i}: type index out of bounds`, offset);
  }
  funcType(i: number, offset: number): FuncType {
    const t = this.typeSlot(i, offset).type;
    return t.kind === 'func' ? t : fail(`type index ${i} is not a function type`, offset);
  }
  definedType(i: number, offset: number): ValType {
    const t = this.typeSlot(i, offset).type;
    return isValType(t) ? t : fail(`type index ${i} is not a defined type`, offset);
  }
  resourceSlot(i: number, offset: number): TypeSlot & { type: ResourceType } {
    const s = this.typeSlot(i, offset);
    return s.type.kind === 'resource' ? s as TypeSlot & { type: ResourceType } : fail(`type index ${i} is not a resource type`, offset);
  }
  localResourceRep(i: number, offset: number): 'i32' | 'i64' {
    const s = this.resourceSlot(i, offset);
    return this.definedResources.get(s.type) ?? fail(`type ${i} is not a local resource`, offset);
  }
  func(i: number, offset: number): FuncType {
    return this.funcs[i] ?? fail(`unknown function ${i}: function index out of bounds`, offset);
  }
  component(i: number, offset: number): VComponentType {
    return this.components[i] ?? fail(`unknown component ${i}: component index out of bounds`, offset);
  }
  instance(i: number, offset: number): VInstanceType {
    return this.instances[i] ?? fail(`unknown instance ${i}: instance index out of bounds`, offset);
  }
  value(i: number, offset: number): ValType {
    const v = this.values[i] ?? fail(`unknown value ${i}: value index out of bounds`, offset);
    if (v.used) fail(`value ${i} cannot be used more than once`, offset);
    v.used = true;
    return v.type;
  }
  coreFunc(i: number, offset: number): CoreFuncType {
    return this.core.funcs[i] ?? fail(`unknown core function ${i}: function index out of bounds`, offset);
  }
  module(i: number, offset: number): CoreModuleType {
    return this.core.modules[i] ?? fail(`unknown module ${i}: module index out of bounds`, offset);
  }
  coreInstance(i: number, offset: number): CoreInstanceType {
    return this.core.instances[i] ?? fail(`unknown core instance ${i}: instance index out of bounds`, offset);
  }
  memory(i: number, offset: number): NonNullable<CoreSpaces['memories'][number]> {
    return this.core.memories[i] ?? fail(`unknown memory ${i}: memory index out of bounds`, offset);
  }
  table(i: number, offset: number): NonNullable<CoreSpaces['tables'][number]> {
    return this.core.tables[i] ?? fail(`unknown table ${i}: table index out of bounds`, offset);
  }

  /** A memory usable by the canonical ABI (unshared; 64-bit needs `cm64`); returns its address type. */
  cabiMemory(i: number, offset: number): 'i32' | 'i64' {
    const m = this.memory(i, offset);
    if (m.memory64) this.require('cm64', '64-bit memories require the `cm64` feature to be enabled', offset);
    if (m.shared) fail('mismatch in the shared flag for memories', offset);
    return m.memory64 ? 'i64' : 'i32';
  }

  // ───── value types ─────

  valType(r: ast.ValTypeRef, offset: number): ValType {
    if (typeof r === 'number') return this.definedType(r, offset);
    this.checkPrimitive(r, offset);
    return primitive(r);
  }

  checkPrimitive(p: ast.PrimitiveKind, offset: number): void {
    if (p === 'error-context') this.require('cm-error-context', '`error-context` requires the component model error-context feature', offset);
  }

  /** Builds a defined value type (Explainer.md "defvaltype" validation rules). */
  definedValType(d: ast.DefValType, offset: number): ValType {
    const info = new InfoBuilder(offset);
    const sub = (r: ast.ValTypeRef): ValType => { const t = this.valType(r, offset); info.add(valInfo(t)); return t; };
    let t: ValType;
    switch (d.kind) {
      case 'primitive': this.checkPrimitive(d.type, offset); return { kind: d.type };
      case 'record': {
        if (d.fields.length === 0) fail('record type must have at least one field', offset);
        const seen = new Map<string, string>();
        const fields = d.fields.map((f) => {
          checkKebab(f.name, 'record field', offset);
          const type = this.valType(f.type, offset);
          const prev = seen.get(kebabKey(f.name));
          if (prev !== undefined) fail(`record field name \`${f.name}\` conflicts with previous field name \`${prev}\``, offset);
          seen.set(kebabKey(f.name), f.name);
          info.add(valInfo(type));
          return { name: f.name, type };
        });
        t = { kind: 'record', fields };
        break;
      }
      case 'variant': {
        if (d.cases.length === 0) fail('variant type must have at least one case', offset);
        const seen = new Map<string, string>();
        const cases = d.cases.map((c) => {
          checkKebab(c.name, 'variant case', offset);
          const type = c.type === undefined ? undefined : this.valType(c.type, offset);
          const prev = seen.get(kebabKey(c.name));
          if (prev !== undefined) fail(`variant case name \`${c.name}\` conflicts with previous case name \`${prev}\``, offset);
          seen.set(kebabKey(c.name), c.name);
          if (type) info.add(valInfo(type));
          return { name: c.name, type };
        });
        t = { kind: 'variant', cases };
        break;
      }
      case 'list': t = { kind: 'list', element: sub(d.element) }; break;
      case 'map':
        this.require('cm-map', 'Maps require the component model map feature', offset);
        t = { kind: 'map', key: sub(d.key), value: sub(d.value) };
        break;
      case 'fixed-list':
        this.require('cm-fixed-length-lists', 'Fixed-length lists require the component model fixed-length lists feature', offset);
        if (d.length < 1) fail('Fixed-length lists must have more than zero elements', offset);
        if (d.length > MAX_FIXED_LENGTH) fail(`fixed-length list element count exceeds limit of ${MAX_FIXED_LENGTH}`, offset);
        t = { kind: 'list', element: sub(d.element), length: d.length };
        break;
      case 'tuple':
        if (d.types.length === 0) fail('tuple type must have at least one type', offset);
        t = { kind: 'tuple', types: d.types.map(sub) };
        break;
      case 'flags': {
        if (d.names.length === 0) fail('flags must have at least one entry', offset);
        if (d.names.length > 32) fail('cannot have more than 32 flags', offset);
        this.uniqueLabels(d.names, 'flag', (n, p) => `flag name \`${n}\` conflicts with previous flag name \`${p}\``, offset);
        t = { kind: 'flags', names: d.names.slice() };
        break;
      }
      case 'enum':
        if (d.names.length === 0) fail('enum type must have at least one variant', offset);
        this.uniqueLabels(d.names, 'enum tag', (n, p) => `enum tag name \`${n}\` conflicts with previous tag name \`${p}\``, offset);
        t = { kind: 'enum', names: d.names.slice() };
        break;
      case 'option': t = { kind: 'option', type: sub(d.type) }; break;
      case 'result':
        t = { kind: 'result', ok: d.ok === undefined ? undefined : sub(d.ok), err: d.err === undefined ? undefined : sub(d.err) };
        break;
      case 'own': case 'borrow': {
        const s = this.resourceSlot(d.resource, offset);
        t = makeHandle(d.kind, s.type, s.alias);
        if (d.kind === 'borrow') info.borrow = true;
        break;
      }
      case 'future':
        this.require('cm-async', '`future` requires the component model async feature', offset);
        t = { kind: 'future', type: d.type === undefined ? undefined : sub(d.type) };
        break;
      case 'stream': {
        this.require('cm-async', '`stream` requires the component model async feature', offset);
        const e = d.type === undefined ? undefined : sub(d.type);
        if (e?.kind === 'char') fail('`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now', offset);
        t = { kind: 'stream', type: e };
        break;
      }
    }
    const i = info.done();
    if (i.depth > MAX_TYPE_DEPTH) fail('type nesting is too deep', offset);
    setInfo(t, i);
    // CanonicalABI.md "Element Size": every value type must fit in 2^28 bytes (with 64-bit pointers).
    if (!sizeUnderLimit(t)) fail(`type exceeds maximum byte size of ${MAX_VALUE_SIZE} bytes`, offset);
    return t;
  }

  private uniqueLabels(names: readonly string[], desc: string, conflict: (n: string, prev: string) => string, offset: number): void {
    const seen = new Map<string, string>();
    for (const n of names) {
      checkKebab(n, desc, offset);
      const prev = seen.get(kebabKey(n));
      if (prev !== undefined) fail(conflict(n, prev), offset);
      seen.set(kebabKey(n), n);
    }
  }

  funcTypeDef(d: ast.FuncTypeDef, offset: number): FuncType {
    if (d.async) this.require('cm-async', 'async component functions require the component model async feature', offset);
    const info = new InfoBuilder(offset);
    const seen = new Map<string, string>();
    const params = d.params.map((p) => {
      checkKebab(p.name, 'function parameter', offset);
      const prev = seen.get(kebabKey(p.name));
      if (prev !== undefined) fail(`function parameter name \`${p.name}\` conflicts with previous parameter name \`${prev}\``, offset);
      seen.set(kebabKey(p.name), p.name);
      const type = this.valType(p.type, offset);
      info.add(valInfo(type));
      return { name: p.name, type };
    });
    let result: ValType | undefined;
    if (d.result !== undefined) {
      result = this.valType(d.result, offset);
      if (valInfo(result).borrow) fail('function result cannot contain a `borrow` type', offset);
      info.add(valInfo(result));
    }
    const f: FuncType = d.async ? { kind: 'func', params, result, async: true } : { kind: 'func', params, result };
    setInfo(f, info.done());
    return f;
  }

  // ───── entities, imports, exports ─────

  /** `externdesc` → the entity it describes (wasmparser `check_type_ref`). */
  externDesc(d: ast.ExternDesc, offset: number): Entity {
    switch (d.kind) {
      case 'core-module': {
        const t = this.coreType(d.type, offset);
        return t.kind === 'module' ? { kind: 'module', type: t } : fail(`core type index ${d.type} is not a module type`, offset);
      }
      case 'func': {
        const t = this.typeSlot(d.type, offset).type;
        return t.kind === 'func' ? { kind: 'func', type: t } : fail(`type index ${d.type} is not a function type`, offset);
      }
      case 'value':
        this.requireValues(offset);
        return { kind: 'value', type: this.valType(d.type, offset) };
      case 'type': {
        if (d.bounds.kind === 'sub-resource') {
          const slot = newSlot(new ResourceType('', undefined, true));
          return { kind: 'type', created: slot, referenced: slot, bound: 'sub-resource' };
        }
        const referenced = this.typeSlot(d.bounds.type, offset);
        return { kind: 'type', created: uniqueSlot(referenced), referenced, bound: 'eq' };
      }
      case 'instance': {
        const t = this.typeSlot(d.type, offset).type;
        return t.kind === 'instance' ? { kind: 'instance', type: t } : fail(`type index ${d.type} is not an instance type`, offset);
      }
      case 'component': {
        const t = this.typeSlot(d.type, offset).type;
        return t.kind === 'component' ? { kind: 'component', type: t } : fail(`type index ${d.type} is not a component type`, offset);
      }
    }
  }

  requireValues(offset: number): void {
    this.require('cm-values', 'support for component model `value`s is not enabled', offset);
  }

  addImport(name: ast.ExternName, desc: ast.ExternDesc, offset: number): void {
    const e = this.addEntity(this.externDesc(desc, offset), { name: name.name, kind: 'import' }, offset);
    this.validateExtern(name, 'import', e, offset);
  }

  addExport(name: ast.ExternName, e: Entity, offset: number): void {
    const entity = this.addEntity(e, { name: name.name, kind: 'export' }, offset);
    this.validateExtern(name, 'export', entity, offset);
  }

  /** Pushes an entity into its index space; with a name, applies the import/export rules. Returns the entity as added. */
  addEntity(e: Entity, named: { name: string; kind: 'import' | 'export' } | undefined, offset: number): Entity {
    switch (e.kind) {
      case 'module': this.core.modules.push(e.type); break;
      case 'component': this.components.push(e.type); break;
      case 'instance': {
        let t = e.type;
        if (named?.kind === 'import') t = this.prepareInstanceImport(t);
        else if (named?.kind === 'export') t = this.prepareInstanceExport(t);
        this.instances.push(t);
        e = t === e.type ? e : { kind: 'instance', type: t };
        break;
      }
      case 'func': this.funcs.push(e.type); break;
      case 'value':
        this.requireValues(offset);
        this.values.push({ type: e.type, used: named?.kind === 'export' });
        break;
      case 'type': {
        this.types.push(e.created);
        const r = e.created.type;
        if (r.kind === 'resource') {
          if (named?.kind === 'import') {
            if (e.created === e.referenced) this.importedResources.set(r, [this.imports.size]);
          } else if (named?.kind === 'export') {
            if (e.created === e.referenced) this.definedResources.set(r, undefined);
            this.explicitResources.set(r, [this.exports.size]);
          }
        }
        break;
      }
    }
    if (named && !this.registerNamedTypes(named.name, named.kind, e)) {
      fail(`${e.kind} not valid to be used as ${named.kind}`, offset);
    }
    return e;
  }

  /** wasmparser `validate_and_register_named_types`: every type an import/export mentions must be named. */
  private registerNamedTypes(toplevel: string | undefined, kind: 'import' | 'export', e: Entity): boolean {
    if (e.kind === 'type' && toplevel !== undefined && e.created.type.kind === 'resource') {
      (kind === 'import' ? this.importedNames : this.exportedNames).register(toplevel, e.created.alias);
      const r = e.created.type;
      if (!r.name) r.name = toplevel;
    }
    if (this.kind === 'instance-type') return true;
    const set = kind === 'import' ? this.importedTypes : this.exportedTypes;
    switch (e.kind) {
      case 'type':
        if (!this.anyNamed(e.referenced.type, set)) return false;
        if (kind === 'import') { this.importedTypes.add(e.created.alias); this.exportedTypes.add(e.created.alias); }
        else this.exportedTypes.add(e.created.alias);
        return true;
      case 'instance':
        return [...e.type.exports.values()].every((x) => this.registerNamedTypes(undefined, kind, x));
      case 'func': return funcNamed(e.type, set);
      case 'value': return valNamed(e.type, set);
      default: return true;
    }
  }

  private anyNamed(t: AnyType, set: ReadonlySet<object>): boolean {
    switch (t.kind) {
      case 'resource': case 'component': return true;
      case 'func': return funcNamed(t, set);
      case 'instance': return instanceNamed(t, set);
      default: return componentsNamed(t, set);
    }
  }

  private prepareInstanceImport(t: VInstanceType): VInstanceType {
    if (t.definedResources.length === 0) return t;
    const m = new Remapping();
    for (const old of t.definedResources) {
      const fresh = new ResourceType(old.name, undefined, true);
      m.resources.set(old, fresh);
      this.importedResources.set(fresh, [this.imports.size, ...(t.explicitResources.get(old) ?? [])]);
    }
    return remapInstanceFully(t, m);
  }

  private prepareInstanceExport(t: VInstanceType): VInstanceType {
    if (t.definedResources.length > 0) {
      const m = new Remapping();
      for (const old of t.definedResources) {
        const fresh = new ResourceType(old.name);
        m.resources.set(old, fresh);
        this.definedResources.set(fresh, undefined);
      }
      t = remapInstanceFully(t, m);
    }
    for (const [r, path] of t.explicitResources) this.explicitResources.set(r, [this.exports.size, ...path]);
    return t;
  }

  /** wasmparser `ComponentNameContext::validate_extern`: name syntax, annotations, uniqueness. */
  validateExtern(n: ast.ExternName, kind: 'import' | 'export', e: Entity, offset: number,
    names: Map<string, ComponentName> = kind === 'import' ? this.importNames : this.exportNames,
    items: Map<string, Entity> = kind === 'import' ? this.imports : this.exports,
    cx: NameContext = kind === 'import' ? this.importedNames : this.exportedNames,
    info: InfoBuilder = this.info): void {
    const name = n.name;
    const parsed = withContext(() => parseComponentName(name, offset, { nestedNames: this.has('cm-nested-names') }),
      `${kind} name \`${name}\` is not a valid extern name`);
    if (kind === 'export' && (parsed.kind === 'hash' || parsed.kind === 'url' || parsed.kind === 'dependency')) {
      fail(`name \`${name}\` is not a valid export name`, offset);
    }
    if (n.implements !== undefined) {
      this.require('cm-implements', 'the `cm-implements` feature is not active', offset);
      if (parsed.kind !== 'label') fail(`name \`${name}\` is not valid with \`implements\``, offset);
      if (e.kind !== 'instance') fail('only instances can have an `implements`', offset);
      const impl = withContext(() => parseComponentName(n.implements!, offset, { nestedNames: this.has('cm-nested-names') }), `\`${n.implements}\` is not a valid name`);
      if (impl.kind !== 'interface') fail(`name \`${n.implements}\` must be an interface`, offset);
    }
    if (n.versionSuffix !== undefined) {
      this.require('cm-canon-names', 'the `cm-canon-names` feature is not active', offset);
      if (e.kind !== 'instance') fail('only instances can have an `versionsuffix`', offset);
    }
    if (n.externalId !== undefined) this.require('cm-implements', 'the `cm-implements` feature is not active', offset);
    withContext(() => this.checkNameAgainstType(parsed, n.versionSuffix, e, cx, offset), `${kind} name \`${name}\` is not valid`);
    const key = uniquenessKey(parsed);
    const prev = names.get(key);
    if (prev) fail(`${kind} name \`${name}\` conflicts with previous name \`${prev.raw}\``, offset);
    names.set(key, parsed);
    if (items.has(name)) fail(`${kind} name \`${name}\` conflicts with previous name \`${name}\``, offset);
    items.set(name, e);
    info.add(entityInfo(e));
  }

  private checkNameAgainstType(name: ComponentName, suffix: string | undefined, e: Entity, cx: NameContext, offset: number): void {
    const func = (): FuncType => (e.kind === 'func' ? e.type : fail('item is not a func', offset));
    switch (name.kind) {
      case 'interface': checkInterfaceVersion(name.raw, suffix, offset); return;
      case 'constructor': {
        const f = func();
        if (f.async) fail('constructor function cannot be async', offset);
        if (!f.result) fail('function should return one value', offset);
        let r = f.result;
        if (r.kind === 'result' && r.ok?.kind === 'own') r = r.ok;
        if (r.kind !== 'own') fail('function should return `(own $T)` or `(result (own $T))`', offset);
        return checkResourceName(cx, handleAliasOf(r), name.resource!, offset);
      }
      case 'method': {
        const f = func();
        if (f.params.length === 0) fail('function should have at least one argument', offset);
        const p = f.params[0]!;
        if (p.name !== 'self') fail('function should have a first argument called `self`', offset);
        if (p.type.kind !== 'borrow') fail('function should take a first argument of `(borrow $T)`', offset);
        return checkResourceName(cx, handleAliasOf(p.type), name.resource!, offset);
      }
      case 'static':
        func();
        if (!cx.allNames.includes(name.resource!)) fail('static resource name is not known in this context', offset);
        return;
      default: return;
    }
  }

  // ───── component-level checks ─────

  /** wasmparser `finish`: the component type this state describes. */
  finish(offset: number): VComponentType {
    const free = new Set<ResourceType>();
    for (const e of this.imports.values()) freeInEntity(e, free);
    for (const r of this.definedResources.keys()) if (free.has(r)) fail('local resource type found in imports', offset);
    free.clear();
    for (const e of this.exports.values()) freeInEntity(e, free);
    const defined = new Map<ResourceType, ResourcePath>();
    for (const r of this.definedResources.keys()) {
      if (!free.has(r)) continue;
      const path = this.explicitResources.get(r) ?? fail('local resource type found in export but not exported itself', offset);
      defined.set(r, path);
    }
    const t: VComponentType = {
      kind: 'component', imports: this.imports, exports: this.exports, importedResources: this.importedResources,
      definedResources: defined, explicitResources: this.explicitResources,
    };
    setInfo(t, this.info.done());
    this.finishedType = t;
    return t;
  }

  instanceTypeResult(): VInstanceType {
    const t: VInstanceType = {
      kind: 'instance', exports: this.exports, definedResources: [...this.definedResources.keys()],
      explicitResources: this.explicitResources,
    };
    setInfo(t, this.info.done());
    return t;
  }

  // ───── instances ─────

  instantiateCoreModule(inst: ast.CoreInstantiate): CoreInstanceType {
    const offset = inst.offset;
    const mt = this.module(inst.module, offset);
    const args = new Map<string, CoreInstanceType>();
    for (const a of inst.args) {
      const i = this.coreInstance(a.instance, offset);
      if (args.has(a.name)) fail(`duplicate module instantiation argument named \`${a.name}\``, offset);
      args.set(a.name, i);
    }
    for (const imp of mt.imports) {
      const arg = args.get(imp.module) ?? fail(`missing module instantiation argument named \`${imp.module}\``, offset);
      const x = arg.exports.get(imp.name) ?? fail(`module instantiation argument \`${imp.module}\` does not export an item named \`${imp.name}\``, offset);
      withContext(() => matchCoreExtern(x, imp.type, offset), `type mismatch for export \`${imp.name}\` of module instantiation argument \`${imp.module}\``);
    }
    return { kind: 'instance', exports: new Map(mt.exports.map((e) => [e.name, e.type])) };
  }

  coreInlineExports(inst: ast.CoreInlineExports): CoreInstanceType {
    const exports = new Map<string, CoreInstanceType['exports'] extends ReadonlyMap<string, infer V> ? V : never>();
    for (const e of inst.exports) {
      const offset = e.offset || inst.offset;
      let t;
      switch (e.sort) {
        case 'func': case 'func-exact': t = this.coreFunc(e.index, offset); break;
        case 'table': t = this.table(e.index, offset); break;
        case 'memory': t = this.memory(e.index, offset); break;
        case 'global': t = this.core.globals[e.index] ?? fail(`unknown global ${e.index}: global index out of bounds`, offset); break;
        case 'tag': {
          this.require('exceptions', 'exceptions proposal not enabled', offset);
          const tag = this.core.tags[e.index] ?? fail(`unknown tag ${e.index}: tag index out of bounds`, offset);
          t = { kind: 'tag' as const, type: tag };
          break;
        }
      }
      if (exports.has(e.name)) fail(`duplicate instantiation export name \`${e.name}\` already defined`, offset);
      exports.set(e.name, t);
    }
    return { kind: 'instance', exports };
  }

  /** An item of this component named by sort and index, as an entity (instantiation arguments, inline exports). */
  sortEntity(sort: ast.Sort, index: number, offset: number, forExport: boolean): Entity {
    switch (sort) {
      case 'core-module': return { kind: 'module', type: this.module(index, offset) };
      case 'component': return { kind: 'component', type: this.component(index, offset) };
      case 'instance': return { kind: 'instance', type: this.instance(index, offset) };
      case 'func': return { kind: 'func', type: this.func(index, offset) };
      case 'value': this.requireValues(offset); return { kind: 'value', type: this.value(index, offset) };
      case 'type': {
        const referenced = this.typeSlot(index, offset);
        return { kind: 'type', referenced, created: forExport ? uniqueSlot(referenced) : referenced, bound: 'eq' };
      }
      default: return fail(`invalid sort for a component item: ${sort}`, offset);
    }
  }

  instantiateComponent(inst: ast.ComponentInstantiate): VInstanceType {
    const offset = inst.offset;
    const ct = this.component(inst.component, offset);
    const args = new Map<string, Entity>();
    for (const a of inst.args) {
      const e = this.sortEntity(a.sort, a.index, a.offset || offset, false);
      if (args.has(a.name)) fail(`instantiation argument \`${a.name}\` conflicts with previous argument \`${a.name}\``, offset);
      args.set(a.name, e);
    }
    const mapping = openInstanceType(args, ct, 'import', offset);
    for (const r of ct.definedResources.keys()) {
      const fresh = new ResourceType(r.name, r.rep);
      mapping.resources.set(r, fresh);
      this.definedResources.set(fresh, undefined);
    }
    const exports = new Map<string, Entity>();
    const info = new InfoBuilder(offset);
    for (const [k, e] of ct.exports) { exports.set(k, remapEntity(e, mapping)); info.add(entityInfo(e)); }
    const explicit = new Map<ResourceType, ResourcePath>();
    for (const [r, p] of ct.explicitResources) explicit.set(mapping.resources.get(r) ?? r, p);
    const t: VInstanceType = { kind: 'instance', exports, definedResources: [], explicitResources: explicit };
    setInfo(t, info.done());
    return t;
  }

  instantiateExports(inst: ast.InlineExports): VInstanceType {
    const offset = inst.offset;
    const exports = new Map<string, Entity>();
    const explicit = new Map<ResourceType, ResourcePath>();
    const names = new Map<string, ComponentName>();
    const info = new InfoBuilder(offset);
    for (const x of inst.exports) {
      const e = this.sortEntity(x.sort, x.index, x.offset || offset, false);
      if (e.kind === 'instance') for (const [r, p] of e.type.explicitResources) explicit.set(r, [exports.size, ...p]);
      if (e.kind === 'type' && e.created.type.kind === 'resource') explicit.set(e.created.type, [exports.size]);
      this.validateExtern(x.name, 'export', e, x.offset || offset, names, exports, new NameContext(), info);
    }
    const t: VInstanceType = { kind: 'instance', exports, definedResources: [], explicitResources: explicit };
    setInfo(t, info.done());
    return t;
  }

  /** `(export …)` of this component: the item, checked against an ascribed type when given. */
  exportEntity(x: ast.Export): Entity {
    const offset = x.offset;
    const actual = this.sortEntityForExport(x.sort, x.index, offset);
    if (!x.desc) return actual;
    const ascribed = this.externDesc(x.desc, offset);
    withContext(() => matchEntity(actual, ascribed, offset), 'ascribed type of export is not compatible with item\'s type');
    return ascribed;
  }

  private sortEntityForExport(sort: ast.Sort, index: number, offset: number): Entity {
    if (sort.startsWith('core-') && sort !== 'core-module') fail(`invalid sort for a component item: ${sort}`, offset);
    return this.sortEntity(sort, index, offset, true);
  }

  // ───── start ─────

  addStart(s: ast.Start): void {
    const offset = s.offset;
    this.require('cm-values', 'support for component model `value`s is not enabled', offset);
    if (this.hasStart) fail('component cannot have more than one start function', offset);
    const ft = this.func(s.func, offset);
    if (ft.params.length !== s.args.length) fail(`component start function requires ${ft.params.length} arguments but was given ${s.args.length}`, offset);
    const n = ft.result ? 1 : 0;
    if (n !== s.results) fail(`component start function has a result count of ${s.results} but the function type has a result count of ${n}`, offset);
    ft.params.forEach((p, i) => {
      withContext(() => matchVal(this.value(s.args[i]!, offset), p.type, offset), `value type mismatch for component start function argument ${i}`);
    });
    if (ft.result) this.values.push({ type: ft.result, used: false });
    this.hasStart = true;
  }

  // ───── core types ─────

  addCoreRecGroup(group: ast.RecGroup): void {
    for (const e of recGroupEntries(group, this.core.types)) this.core.types.push(e);
  }
}

function checkResourceName(cx: NameContext, alias: object, name: string, offset: number): void {
  const idx = cx.resourceNames.get(alias);
  if (idx === undefined) fail('resource used in function does not have a name in this context', offset);
  const expected = cx.allNames[idx]!;
  if (expected !== name) fail(`function does not match expected resource name \`${expected}\``, offset);
}

/** Substitutes resources throughout an instance type, dropping the now-bound defined resources. */
function remapInstanceFully(t: VInstanceType, m: Remapping): VInstanceType {
  const exports = new Map<string, Entity>();
  for (const [k, e] of t.exports) exports.set(k, remapEntity(e, m));
  const explicit = new Map<ResourceType, ResourcePath>();
  for (const [r, p] of t.explicitResources) explicit.set(m.resources.get(r) ?? r, p);
  const out: VInstanceType = { kind: 'instance', exports, definedResources: [], explicitResources: explicit };
  setInfo(out, anyInfo(t));
  return out;
}

