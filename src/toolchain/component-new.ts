// componentNew: a core module carrying a `component-type` section (what wit-bindgen and `kumiki embed` write)
// becomes a component, as wit-component's `ComponentEncoder` does (component-model BuildTargets.md name
// conventions): the world's imports declared as written in the section, core imports matched by module/field
// name (`ns:pkg/iface` + `f` / `[method]r.m` / `[resource-drop]r`, `$root`, `[export]ns:pkg/iface` +
// `[resource-new]r`…), exports by `ns:pkg/iface#f` / `f`, canon options from the signature (memory `memory`,
// `cabi_realloc`, `cabi_post_<export>`, the section's string encoding). Only what the module uses is imported
// (live functions and types, in its import order). Imports that need the memory or realloc go through the
// shim/fixup table, because those exist only once the main module is instantiated; so do an adapter's functions
// (adapter.ts), which is instantiated after the main module whose memory and allocator it uses.
import type { CanonOpt, ComponentDecl, CoreModuleSurface, CoreValType, InstantiateArg, RecGroup } from '../binary/ast.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { decodeWitFromBinary, type DecodedWit } from '../wit-binary/decode.js';
import { parseWit } from '../wit/parse.js';
import { encodeWorld } from '../wit-binary/encode.js';
import { removeCustomSections } from '../wit-binary/custom-sections.js';
import { worldToComponentType } from '../wit/to-types.js';
import { interfaceDirectDeps, nameWorldKey } from '../wit/queries.js';
import { compatible } from './semver.js';
import { WorldItems, type Resolve, type WitFunction, type WitType } from '../wit/model.js';
import type { ExternType, FuncType, ValType } from '../types/index.js';
import { flattenFunctype, flattenTypes, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from '../abi/flatten.js';
import { ComponentBuilder } from './builder.js';
import { ExportTypes } from './export-types.js';
import { ComponentNewError } from './errors.js';
import { fixupModule, shimModule, type CoreSig } from './shim.js';
import { exportShim } from './export-shim.js';
import { prepareAdapter, type PreparedAdapter } from './adapter.js';
import { declareImports, type DeclaredImports } from './declare-imports.js';
import { dedupeImports } from './dedupe-imports.js';
import { growReallocModule, stubModule } from './shim.js';

export interface ComponentNewOptions {
  /** The world to target, `ns:pkg/world` or its plain name (default: the section's world). */
  readonly world?: string;
  /** Adapter modules by the core import module they implement (`wasi_snapshot_preview1`). */
  readonly adapters?: Readonly<Record<string, Uint8Array>>;
}

/** A core signature as the module's type section or `flattenFunctype` gives it (value types compared by name). */
type CoreFunc = { readonly params: readonly (CoreValType | string)[]; readonly results: readonly (CoreValType | string)[] };

/** `flags`/`handles` need nothing; strings, lists and maps live in memory (CanonicalABI.md "Flattening"). */
function inMemory(t: ValType): boolean {
  switch (t.kind) {
    case 'string': case 'map': return true;
    case 'list': return t.length === undefined || inMemory(t.element);
    case 'record': return t.fields.some((f) => inMemory(f.type));
    case 'tuple': return t.types.some(inMemory);
    case 'variant': return t.cases.some((c) => c.type !== undefined && inMemory(c.type));
    case 'option': return inMemory(t.type);
    case 'result': return (t.ok !== undefined && inMemory(t.ok)) || (t.err !== undefined && inMemory(t.err));
    default: return false;
  }
}

const hasString = (t: ValType): boolean => JSON.stringify(t, (k, v: unknown) => (k === 'resource' ? undefined : v)).includes('"string"');

/** Canon options a lift or lower of `ft` needs (CanonicalABI.md "canon lift/lower": memory when values pass
 *  through memory, realloc when the callee side allocates, the string encoding when strings cross). */
function needs(ft: FuncType, context: 'lift' | 'lower'): { memory: boolean; realloc: boolean; strings: boolean } {
  const params = ft.params.map((p) => p.type);
  const spillParams = flattenTypes(params).length > MAX_FLAT_PARAMS;
  const spillResult = ft.result !== undefined && flattenTypes([ft.result]).length > MAX_FLAT_RESULTS;
  const paramsMem = params.some(inMemory);
  const resultMem = ft.result !== undefined && inMemory(ft.result);
  const memory = spillParams || spillResult || paramsMem || resultMem;
  const realloc = context === 'lift' ? paramsMem || spillParams : resultMem;
  const strings = params.some(hasString) || (ft.result !== undefined && hasString(ft.result));
  return { memory, realloc, strings };
}

function sigText(s: CoreFunc): string {
  const t = (v: CoreValType | string) => (typeof v === 'string' ? v : 'ref');
  return `(${s.params.map(t).join(' ')}) -> (${s.results.map(t).join(' ')})`;
}

function sameSig(a: CoreFunc, b: CoreFunc): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length &&
    a.params.every((p, i) => p === b.params[i]) && a.results.every((p, i) => p === b.results[i]);
}

/** Type index → core function type, over the flattened rec groups. */
function coreFuncTypes(groups: readonly RecGroup[]): (CoreFunc | undefined)[] {
  return groups.flatMap((g) => g.types).map((t) => (t.composite.inner.kind === 'func' ? t.composite.inner : undefined));
}

function pickWorld(r: Resolve, section: number, name: string | undefined): number {
  if (name === undefined) return section;
  const found = r.worlds.findIndex((w) => {
    if (w.name === name) return true;
    const p = w.package === undefined ? undefined : r.packages[w.package]?.name;
    return p !== undefined && `${p.namespace}:${p.name}/${w.name}` === name.replace(/@.*$/, '');
  });
  if (found < 0) throw new ComponentNewError(`world \`${name}\` is not in the module's component-type section`);
  return found;
}

/** Keeps only the imports the module uses, as wit-component does: interfaces with functions the core module
 *  imports (those functions only, and only the types they or the exports need), and the interfaces those types
 *  come from. Mutates the freshly decoded resolve. */
function trimImports(r: Resolve, worldId: number, imports: readonly { module: string; name: string }[]): void {
  const world = r.worlds[worldId]!;
  const used = new Map<string, Set<string>>();
  for (const i of imports) {
    const set = used.get(i.module) ?? new Set<string>();
    set.add(i.name);
    used.set(i.module, set);
  }
  const exported = new Set<number>();
  for (const item of world.exports.values()) if (item.kind === 'interface') exported.add(item.id);
  // Live types: those the used functions, dropped resources and exported interfaces mention, transitively.
  const live = new Set<number>();
  const order: number[] = []; // first use, dependencies first: the order wit-component encodes live types in
  const mark = (t: WitType | undefined): void => {
    if (t === undefined || typeof t === 'string' || live.has(t)) return;
    live.add(t);
    markChildren(t);
    order.push(t);
  };
  const markChildren = (t: number): void => {
    const k = r.types[t]!.kind;
    switch (k.kind) {
      case 'type': case 'list': case 'option': case 'fixed-length-list': mark(k.type); break;
      case 'record': for (const f of k.fields) mark(f.type); break;
      case 'tuple': for (const x of k.types) mark(x); break;
      case 'variant': for (const c of k.cases) mark(c.type); break;
      case 'result': mark(k.ok); mark(k.err); break;
      case 'map': mark(k.key); mark(k.value); break;
      case 'future': case 'stream': mark(k.type); break;
      case 'handle': mark(k.resource); break;
      default: break;
    }
  };
  const rank = (t: number) => { const i = order.indexOf(t); return i < 0 ? order.length : i; };
  // In the order the core module imports them (wit-component's order for the types it encodes).
  for (const imp of imports) {
    if (imp.module === '$root') {
      const item = world.imports.get(imp.name);
      if (item?.kind === 'function') { for (const p of item.func.params) mark(p.type); mark(item.func.result); }
      continue;
    }
    for (const [key, item] of world.imports.entries()) {
      if (item.kind !== 'interface' || !compatible(nameWorldKey(r, key), imp.module)) continue;
      const iface = r.interfaces[item.id]!;
      const f = iface.functions.get(imp.name);
      if (f) { for (const p of f.params) mark(p.type); mark(f.result); }
      const drop = /^\[resource-drop\](.+)$/.exec(imp.name);
      if (drop) mark(iface.types.get(drop[1]!));
    }
  }
  for (const [, item] of world.imports.entries()) {
    if (item.kind === 'interface' && exported.has(item.id)) for (const t of r.interfaces[item.id]!.types.values()) mark(t);
  }
  for (const id of exported) for (const t of r.interfaces[id]!.types.values()) mark(t);
  const usedIn = (name: string) => new Set([...used].filter(([m]) => compatible(m, name)).flatMap(([, f]) => [...f]));
  const keep = new Set<number>();
  const need = (id: number): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const d of interfaceDirectDeps(r, id)) need(d);
  };
  for (const [key, item] of world.imports.entries()) {
    if (item.kind !== 'interface' || exported.has(item.id)) continue;
    const name = nameWorldKey(r, key);
    const fns = usedIn(name);
    const iface = r.interfaces[item.id]!;
    iface.functions = new Map([...iface.functions].filter(([n]) => fns.has(n)));
    iface.types = new Map([...iface.types].filter(([, t]) => live.has(t)).sort((a, b) => rank(a[1]) - rank(b[1])));
  }
  for (const id of exported) for (const d of interfaceDirectDeps(r, id)) need(d);
  for (const [key, item] of world.imports.entries()) {
    if (item.kind !== 'interface' || exported.has(item.id)) continue;
    const iface = r.interfaces[item.id]!;
    // An interface stays when the module calls into it or a kept type comes from it; an unknown name still
    // reaches the matching below, which reports it.
    if (iface.functions.size || [...used.keys()].some((m) => compatible(m, nameWorldKey(r, key)))) need(item.id);
  }
  for (const t of live) {
    const o = r.types[t]!.owner;
    if (o !== null && 'interface' in o) need(o.interface);
  }
  const kept = new WorldItems();
  for (const [key, item] of world.imports.entries()) {
    if (item.kind === 'interface' ? keep.has(item.id) : item.kind !== 'function' || used.get('$root')?.has(item.func.name)) kept.set(key, item);
  }
  world.imports = kept;
}

function hasComponentType(core: Uint8Array): boolean {
  if (core.length < 8 || core[4] !== 1) return true; // not a module: let the decoder say what it is
  return readCoreModuleSurface(core).customs.some((c) => c.name.startsWith('component-type'));
}

/** A module without a component-type section targets the empty world (a preview1 command, say), as in wit-component. */
function emptyWorld(): DecodedWit {
  const parsed = parseWit('package root:component;\nworld root {}');
  const world = parsed.resolve.packages[parsed.main]!.worlds.get('root')!;
  return { kind: 'metadata', resolve: parsed.resolve, package: parsed.main, world, stringEncoding: 'utf8' };
}

/** One world's side of the component: its resolve, its component type, and its imports' indices here. */
interface Side {
  readonly r: Resolve;
  readonly world: number;
  readonly ct: ReturnType<typeof worldToComponentType>;
  readonly imports: DeclaredImports;
  /** Interface id → the instance importing it. */
  readonly ifaceInstance: Map<number, number>;
}

function sideOf(r: Resolve, world: number, imports: DeclaredImports): Side {
  const ifaceInstance = new Map<number, number>();
  for (const [key, item] of r.worlds[world]!.imports.entries()) {
    const inst = item.kind === 'interface' ? imports.get(nameWorldKey(r, key)) : undefined;
    if (inst?.sort === 'instance' && item.kind === 'interface') ifaceInstance.set(item.id, inst.index);
  }
  return { r, world, ct: worldToComponentType(r, world), imports, ifaceInstance };
}

/** A core import matched to a WIT function (or resource intrinsic) of `side`, ready to lower. */
type Lowering =
  | { readonly kind: 'drop'; readonly instance: number; readonly resource: string }
  | { readonly kind: 'func'; readonly ft: FuncType; readonly func: () => number; readonly label: string };

function compatibleName(side: Side, module: string): string {
  if (side.ct.imports.has(module)) return module;
  return [...side.ct.imports.keys()].find((name) => compatible(name, module)) ?? module;
}

function matchImport(b: ComponentBuilder, side: Side, module: string, name: string, where: string): Lowering {
  const world = side.r.worlds[side.world]!;
  if (module === '$root') {
    const e = side.ct.imports.get(name);
    const f = side.imports.get(name);
    if (e?.kind !== 'func' || f?.sort !== 'func') throw new ComponentNewError(`${where}: world \`${world.name}\` imports no function \`${name}\``);
    return { kind: 'func', ft: e.type, func: () => f.index, label: name };
  }
  module = compatibleName(side, module);
  const inst = side.imports.get(module);
  const e = side.ct.imports.get(module);
  if (inst?.sort !== 'instance' || e?.kind !== 'instance') throw new ComponentNewError(`${where}: world \`${world.name}\` imports no interface \`${module}\``);
  const drop = /^\[resource-drop\](.+)$/.exec(name);
  if (drop) {
    if (e.type.exports.get(drop[1]!)?.kind !== 'type') throw new ComponentNewError(`${where}: interface \`${module}\` has no resource \`${drop[1]}\``);
    return { kind: 'drop', instance: inst.index, resource: drop[1]! };
  }
  const x: ExternType | undefined = e.type.exports.get(name);
  if (x?.kind !== 'func') throw new ComponentNewError(`${where}: interface \`${module}\` has no function \`${name}\``);
  return { kind: 'func', ft: x.type, func: () => b.instanceExport(inst.index, name, 'func'), label: `${module}#${name}` };
}

/** Builds the component for `core` (a core module with a `component-type` section). */
export function componentNew(core: Uint8Array, options: ComponentNewOptions = {}): Uint8Array {
  const decoded = hasComponentType(core) ? decodeWitFromBinary(core) : emptyWorld();
  if (decoded.kind !== 'metadata') throw new ComponentNewError('input is not a core module with a component-type section');
  const r = decoded.resolve;
  const worldId = pickWorld(r, decoded.world!, options.world);
  const world = r.worlds[worldId]!;
  const encoding: CanonOpt['kind'] = decoded.stringEncoding === 'utf16' ? 'utf16' : decoded.stringEncoding === 'compact-utf16' ? 'latin1+utf16' : 'utf8';
  const stripped = removeCustomSections(core, (n) => n.startsWith('component-type'));
  const firstSurface = readCoreModuleSurface(stripped);
  // Repeated imports get unique fields; each still resolves by the name it was imported under.
  const deduped = dedupeImports(stripped, firstSurface.imports);
  const module = deduped.module;
  const surface = deduped.originalNames === undefined ? firstSurface : readCoreModuleSurface(module);
  const namedImports = surface.imports.map((i, k) => ({ ...i, field: i.name, name: deduped.originalNames?.[k] ?? i.name }));
  const types = coreFuncTypes(surface.types);
  const adapters = new Map<string, PreparedAdapter>();
  for (const [name, bytes] of Object.entries(options.adapters ?? {})) {
    const wanted = [...new Set(namedImports.filter((i) => i.module === name).map((i) => i.name))];
    if (wanted.length) adapters.set(name, prepareAdapter(name, bytes, wanted));
  }
  // The main world keeps what the module uses, plus what the adapters use of the interfaces it also imports (they
  // share one import of each interface).
  const adapterLive = [...adapters.values()].flatMap((a) => a.surface.imports.filter((i) => i.desc.kind === 'func').filter((_, k) => a.live.has(k)));
  const worldNames = [...world.imports.keys()].map((k) => nameWorldKey(r, k));
  trimImports(r, worldId, [...namedImports.filter((i) => !adapters.has(i.module)), ...adapterLive.filter((i) => worldNames.some((n) => compatible(n, i.module)))]);
  const b = new ComponentBuilder();

  // 1. The world's import side, declared exactly as the section encodes it (same type indices as there); then
  //    each adapter's live imports (an interface the main world already imports is shared).
  const decls = encodeWorld(r, worldId).decls;
  const exportDecls: Extract<ComponentDecl, { kind: 'export' }>[] = [];
  const declared: DeclaredImports = new Map();
  for (const d of decls) {
    if (d.kind === 'export') { exportDecls.push(d); continue; }
    // The export side's types come from the WIT (export-types.ts, export-shim.ts), not from these declarations.
    if (exportDecls.length) continue;
    if (d.kind === 'type') b.type(d.type);
    else if (d.kind === 'core-type') b.coreType(d.type);
    else if (d.kind === 'alias') b.alias(d.alias);
    else {
      const index = b.addImport(d.name, d.desc);
      declared.set(d.name.name, { sort: d.desc.kind === 'core-module' ? 'core-module' : d.desc.kind, index });
    }
  }
  const main = sideOf(r, worldId, declared);
  const adapterSides = new Map<string, Side>();
  for (const a of adapters.values()) {
    const fimports = a.surface.imports.filter((i) => i.desc.kind === 'func');
    trimImports(a.resolve, a.world, fimports.filter((_, k) => a.live.has(k)));
    const mine: DeclaredImports = new Map(declared);
    declareImports(b, encodeWorld(a.resolve, a.world).decls, mine);
    adapterSides.set(a.name, sideOf(a.resolve, a.world, mine));
  }
  const exportedIfaces = new Map<string, number>();
  for (const [key, item] of world.exports.entries()) if (item.kind === 'interface') exportedIfaces.set(nameWorldKey(r, key), item.id);

  // 2. Core imports of the main module, matched to the world (or to an adapter's exports).
  const mainModule = b.coreModule(module);
  const importedFuncTypes: number[] = [];
  const direct = new Map<string, Map<string, number>>(); // module → field → core func
  const indirect: { module: string; field: string; sig: CoreSig; make: () => number }[] = [];
  let memory: number | undefined;
  let realloc: number | undefined;
  let mainInstance = -1; // set once the main module is instantiated (step 3)
  const adapterInstance = new Map<string, number>();
  const fail = (what: 'memory' | 'cabi_realloc'): never => {
    throw new ComponentNewError(`the core module exports no \`${what}\`, which the world's functions need`);
  };
  const opts = (need: ReturnType<typeof needs>, post?: number, reallocOf?: () => number): CanonOpt[] => {
    const o: CanonOpt[] = [];
    if (need.memory) o.push({ kind: 'memory', index: memory ?? fail('memory') });
    if (need.realloc) o.push({ kind: 'realloc', index: reallocOf ? reallocOf() : realloc ?? fail('cabi_realloc') });
    // An adapter (given its own realloc) speaks UTF-8; the main module the section's encoding.
    if (need.strings) o.push({ kind: reallocOf ? 'utf8' : encoding } as CanonOpt);
    if (post !== undefined) o.push({ kind: 'post-return', index: post });
    return o;
  };
  /** Lowers `l` now (no memory needed) or later through the shim; returns the core func for the importer. */
  const lower = (l: Lowering, got: CoreFunc, where: string, reallocOf?: () => number): number | undefined => {
    if (l.kind === 'drop') {
      if (!sameSig(got, { params: ['i32'], results: [] })) throw new ComponentNewError(`${where} has type ${sigText(got)}, but \`resource-drop\` lowers to (i32) -> ()`);
      return b.canon({ kind: 'resource.drop', offset: 0, resource: b.instanceExport(l.instance, l.resource, 'type') });
    }
    const flat = flattenFunctype(l.ft, 'lower') as CoreFunc;
    if (!sameSig(got, flat)) throw new ComponentNewError(`${where} has type ${sigText(got)}, but WIT function \`${l.label}\` lowers to ${sigText(flat)}`);
    const need = needs(l.ft, 'lower');
    if (need.memory || need.realloc) return undefined;
    return b.canon({ kind: 'lower', offset: 0, func: l.func(), options: need.strings ? opts(need, undefined, reallocOf) : [] });
  };
  const later = (l: Lowering, got: CoreFunc, module: string, field: string, reallocOf?: () => number) => {
    if (l.kind !== 'func') return;
    indirect.push({ module, field, sig: got as CoreSig, make: () => b.canon({ kind: 'lower', offset: 0, func: l.func(), options: opts(needs(l.ft, 'lower'), undefined, reallocOf) }) });
  };
  const exportedResources = new Map<string, { typeId: number; index?: number }>(); // `${iface}/${name}`
  for (const [name, id] of exportedIfaces) {
    for (const [tn, tid] of r.interfaces[id]!.types) if (r.types[tid]!.kind.kind === 'resource') exportedResources.set(`${name}/${tn}`, { typeId: tid });
  }

  for (const imp of namedImports) {
    const where = `core import "${imp.module}" "${imp.name}"`;
    if (imp.desc.kind !== 'func') throw new ComponentNewError(`${where}: only functions can be imported (got a ${imp.desc.kind})`);
    importedFuncTypes.push(imp.desc.type);
    const got = types[imp.desc.type]!;
    const fields = direct.get(imp.module) ?? new Map<string, number>();
    direct.set(imp.module, fields);
    const adapter = adapters.get(imp.module);
    if (adapter) {
      // A function of the adapter, which exists only after the main instance: through the shim.
      const e = adapter.surface.exports.find((x) => x.name === imp.name)!;
      const at = adapterFuncType(adapter.surface, e.index);
      if (!at || !sameSig(got, at)) throw new ComponentNewError(`${where} has type ${sigText(got)}, but adapter \`${adapter.name}\` exports it as ${at ? sigText(at) : 'no function'}`);
      indirect.push({ module: imp.module, field: imp.field, sig: got as CoreSig, make: () => b.coreExport(adapterInstance.get(adapter.name)!, imp.name, 'func') });
      continue;
    }
    const rm = /^\[(resource-new|resource-rep|resource-drop)\](.+)$/.exec(imp.name);
    if (imp.module.startsWith('[export]')) {
      const iface = imp.module.slice('[export]'.length);
      const res = rm && exportedResources.get(`${iface}/${rm[2]}`);
      if (!rm || !res) throw new ComponentNewError(`${where}: no exported resource \`${rm?.[2] ?? imp.name}\` in \`${iface}\` of world \`${world.name}\``);
      const sig: CoreFunc = { params: ['i32'], results: rm[1] === 'resource-drop' ? [] : ['i32'] };
      if (!sameSig(got, sig)) throw new ComponentNewError(`${where} has type ${sigText(got)}, but \`${rm[1]}\` of \`${iface}/${rm[2]}\` lowers to ${sigText(sig)}`);
      const kind = rm[1]!.replace('-', '.') as 'resource.new' | 'resource.rep' | 'resource.drop';
      indirect.push({ module: imp.module, field: imp.field, sig: sig as CoreSig, make: () => b.canon({ kind, offset: 0, resource: res.index! }) });
      continue;
    }
    const l = matchImport(b, main, imp.module, imp.name, where);
    const f = lower(l, got, where);
    if (f !== undefined) fields.set(imp.field, f);
    else later(l, got, imp.module, imp.field);
  }

  // 3. The shim (for everything that needs an instance not made yet), the main instance, then each adapter.
  const adapterPlans = [...adapters.values()].map((a) => {
    const fimports = a.surface.imports.filter((i) => i.desc.kind === 'func');
    const atypes = coreFuncTypes(a.surface.types);
    const side = adapterSides.get(a.name)!;
    const fields = new Map<string, Map<string, number | 'later' | 'stub' | 'main'>>();
    const stubs: CoreSig[] = [];
    const stubOf = new Map<string, number>();
    fimports.forEach((imp, k) => {
      const f = fields.get(imp.module) ?? new Map<string, number | 'later' | 'stub' | 'main'>();
      fields.set(imp.module, f);
      if (imp.module === '__main_module__') { f.set(imp.name, 'main'); return; }
      const got = atypes[(imp.desc as { type: number }).type]!;
      if (!a.live.has(k)) { stubOf.set(`${imp.module}\0${imp.name}`, stubs.length); stubs.push(got as CoreSig); f.set(imp.name, 'stub'); return; }
      const where = `adapter \`${a.name}\` import "${imp.module}" "${imp.name}"`;
      const l = matchImport(b, side, imp.module, imp.name, where);
      const reallocOf = () => b.coreExport(adapterInstance.get(a.name)!, 'cabi_import_realloc', 'func');
      const idx = lower(l, got, where, reallocOf);
      if (idx !== undefined) f.set(imp.name, idx);
      else { f.set(imp.name, 'later'); later(l, got, `${a.name}\0${imp.module}`, imp.name, reallocOf); }
    });
    return { a, fields, stubs, stubOf };
  });
  let shimInstance = -1;
  const slotOf = new Map<string, number>();
  if (indirect.length) {
    const shim = b.coreModule(shimModule(indirect.map((i) => i.sig)));
    shimInstance = b.coreInstance({ kind: 'instantiate', offset: 0, module: shim, args: [] });
    indirect.forEach((i, k) => slotOf.set(`${i.module}\0${i.field}`, b.coreExport(shimInstance, String(k), 'func')));
    for (const i of indirect) if (direct.has(i.module)) direct.get(i.module)!.set(i.field, slotOf.get(`${i.module}\0${i.field}`)!);
  }
  const args: { offset: number; name: string; instance: number }[] = [];
  for (const [mod, fields] of direct) {
    if (!fields.size) continue;
    const exports = [...fields].map(([name, index]) => ({ offset: 0, name, sort: 'func' as const, index }));
    args.push({ offset: 0, name: mod, instance: b.coreInstance({ kind: 'exports', offset: 0, exports }) });
  }
  mainInstance = b.coreInstance({ kind: 'instantiate', offset: 0, module: mainModule, args });
  const exportNames = new Set(surface.exports.map((e) => e.name));
  if (exportNames.has('memory')) memory = b.coreExport(mainInstance, 'memory', 'memory');
  if (exportNames.has('cabi_realloc')) realloc = b.coreExport(mainInstance, 'cabi_realloc', 'func');
  for (const { a, fields, stubs, stubOf } of adapterPlans) {
    const stubInstance = stubs.length ? b.coreInstance({ kind: 'instantiate', offset: 0, module: b.coreModule(stubModule(stubs)), args: [] }) : -1;
    const aargs: { offset: number; name: string; instance: number }[] = [];
    for (const imp of a.surface.imports) {
      if (imp.desc.kind === 'memory') {
        if (memory === undefined) fail('memory');
        if (!aargs.some((x) => x.name === imp.module)) {
          aargs.push({ offset: 0, name: imp.module, instance: b.coreInstance({ kind: 'exports', offset: 0, exports: [{ offset: 0, name: imp.name, sort: 'memory', index: memory! }] }) });
        }
      } else if (imp.desc.kind !== 'func') throw new ComponentNewError(`adapter \`${a.name}\` import "${imp.module}" "${imp.name}": only functions and the memory can be imported`);
    }
    for (const [mod, f] of fields) {
      const exports = [...f].map(([name, v]) => {
        let index: number;
        if (v === 'main' && name === 'cabi_realloc' && !exportNames.has(name)) {
          // No allocator in the main module: the adapter's (one-time) allocations grow the memory instead.
          const grow = b.coreModule(growReallocModule());
          const memArg = b.coreInstance({ kind: 'exports', offset: 0, exports: [{ offset: 0, name: 'memory', sort: 'memory', index: memory ?? fail('memory') }] });
          const inst = b.coreInstance({ kind: 'instantiate', offset: 0, module: grow, args: [{ offset: 0, name: 'env', instance: memArg }] });
          index = b.coreExport(inst, 'cabi_realloc', 'func');
        } else if (v === 'main') {
          if (!exportNames.has(name)) throw new ComponentNewError(`adapter \`${a.name}\` imports "${mod}" "${name}", which the main module does not export`);
          index = b.coreExport(mainInstance, name, 'func');
        } else if (v === 'stub') index = b.coreExport(stubInstance, String(stubOf.get(`${mod}\0${name}`)), 'func');
        else if (v === 'later') index = slotOf.get(`${a.name}\0${mod}\0${name}`)!;
        else index = v;
        return { offset: 0, name, sort: 'func' as const, index };
      });
      aargs.push({ offset: 0, name: mod, instance: b.coreInstance({ kind: 'exports', offset: 0, exports }) });
    }
    adapterInstance.set(a.name, b.coreInstance({ kind: 'instantiate', offset: 0, module: b.coreModule(a.module), args: aargs }));
  }

  // 4. Exported resources (their destructors are main-module exports), then the table entries.
  const worldTypes = new Map([...declared].filter(([, d]) => d.sort === 'type').map(([n, d]) => [n, d.index] as const));
  const exportTypes = new ExportTypes(r, b, main.ifaceInstance, worldTypes);
  for (const [key, res] of exportedResources) {
    const [iface, name] = [key.slice(0, key.lastIndexOf('/')), key.slice(key.lastIndexOf('/') + 1)];
    const dtorName = `${iface}#[dtor]${name}`;
    let dtor: number | undefined;
    if (exportNames.has(dtorName)) {
      checkExport(dtorName, { params: ['i32'], results: [] }, `destructor of \`${iface}/${name}\``);
      dtor = b.coreExport(mainInstance, dtorName, 'func');
    }
    res.index = b.type({ kind: 'resource', offset: 0, rep: 'i32', ...(dtor !== undefined ? { dtor } : {}) });
    exportTypes.setResource(res.typeId, res.index);
  }
  if (indirect.length) {
    const fixup = b.coreModule(fixupModule(indirect.map((i) => i.sig)));
    const exports = indirect.map((i, k) => ({ offset: 0, name: String(k), sort: 'func' as const, index: i.make() }));
    exports.push({ offset: 0, name: '$imports', sort: 'table' as never, index: b.coreExport(shimInstance, '$imports', 'table') });
    const arg = b.coreInstance({ kind: 'exports', offset: 0, exports });
    b.coreInstance({ kind: 'instantiate', offset: 0, module: fixup, args: [{ offset: 0, name: '', instance: arg }] });
  }

  // 5. Exports: lift each function from its core export; interfaces as instances typed by the world's types.
  function coreExportType(name: string): CoreFunc | undefined {
    const e = surface.exports.find((x) => x.name === name && x.kind === 'func');
    if (!e) return undefined;
    const nImported = importedFuncTypes.length;
    return types[e.index < nImported ? importedFuncTypes[e.index]! : surface.funcs[e.index - nImported]!];
  }
  function checkExport(name: string, sig: CoreFunc, what: string): void {
    const got = coreExportType(name);
    if (!got) throw new ComponentNewError(`core export "${name}" is missing: ${what} needs it`);
    if (!sameSig(got, sig)) throw new ComponentNewError(`core export "${name}" has type ${sigText(got)}, but ${what} lifts from ${sigText(sig)}`);
  }
  const lift = (coreName: string, ft: FuncType, type: number, what: string): number => {
    checkExport(coreName, flattenFunctype(ft, 'lift') as CoreFunc, what);
    const core = b.coreExport(mainInstance, coreName, 'func');
    const postName = `cabi_post_${coreName}`;
    const post = exportNames.has(postName) ? b.coreExport(mainInstance, postName, 'func') : undefined;
    return b.canon({ kind: 'lift', offset: 0, coreFunc: core, type, options: opts(needs(ft, 'lift'), post) });
  };
  const exportInterface = (side: Side, ifaceId: number, name: ComponentDecl & { kind: 'export' } | { name: { offset: number; name: string; discriminant: 0 } },
    liftOne: (fn: string, ft: FuncType, f: WitFunction, types: ExportTypes) => number, types: ExportTypes) => {
    const iface = side.r.interfaces[ifaceId]!;
    const e = side.ct.exports.get(name.name.name);
    if (e?.kind !== 'instance') throw new ComponentNewError(`world export \`${name.name.name}\` is not an interface`);
    const funcs = new Map<string, number>();
    for (const [fn, f] of iface.functions) {
      const x = e.type.exports.get(fn);
      if (x?.kind === 'func') funcs.set(fn, liftOne(fn, x.type, f, types));
    }
    const topType = (tid: number): number => {
      const v = types.valType(tid);
      return typeof v === 'number' ? v : b.type({ kind: 'defined', offset: 0, type: { kind: 'primitive', type: v } });
    };
    // A type of an interface exported before this one: taken from that export (so it stays that interface's type).
    const foreignType = (tid: number): number | undefined => {
      const o = side.r.types[tid]!.owner;
      const inst = o !== null && 'interface' in o ? exportedInstance.get(`${side === main ? '' : 'adapter:'}${o.interface}`) : undefined;
      return inst === undefined ? undefined : b.instanceExport(inst, side.r.types[tid]!.name!, 'type');
    };
    const args: InstantiateArg[] = [];
    const shim = b.component(exportShim(side.r, ifaceId, { topType, funcs, foreignType }, args));
    const inst = b.instance({ kind: 'instantiate', offset: 0, component: shim, args });
    exportedInstance.set(`${side === main ? '' : 'adapter:'}${ifaceId}`, b.export({ offset: 0, name: name.name, sort: 'instance', index: inst }));
  };
  const exportedInstance = new Map<string, number>();
  for (const d of exportDecls) {
    const n = d.name.name;
    if (d.desc.kind === 'func') {
      const e = main.ct.exports.get(n);
      if (e?.kind !== 'func') throw new ComponentNewError(`world export \`${n}\` is not a function`);
      const item = world.exports.get(n);
      if (item?.kind !== 'function') throw new ComponentNewError(`world export \`${n}\` is not a function`);
      const f = lift(n, e.type, exportTypes.funcType(item.func), `WIT function \`${n}\``);
      b.export({ offset: 0, name: d.name, sort: 'func', index: f });
      continue;
    }
    const id = exportedIfaces.get(n);
    if (d.desc.kind !== 'instance' || id === undefined) throw new ComponentNewError(`world export \`${n}\` is not an interface`);
    exportInterface(main, id, d, (fn, ft, f, t) => lift(`${n}#${fn}`, ft, t.funcType(f), `WIT function \`${n}#${fn}\``), exportTypes);
  }
  // An adapter's own exports (the command adapter's `wasi:cli/run`), lifted from the adapter instance.
  for (const a of adapters.values()) {
    const side = adapterSides.get(a.name)!;
    const aTypes = new ExportTypes(a.resolve, b, side.ifaceInstance);
    for (const [key, item] of a.resolve.worlds[a.world]!.exports.entries()) {
      const n = nameWorldKey(a.resolve, key);
      if (item.kind !== 'interface') throw new ComponentNewError(`adapter \`${a.name}\` exports \`${n}\`, which is not an interface`);
      exportInterface(side, item.id, { name: { offset: 0, name: n, discriminant: 0 } }, (fn, ft, f, t) => {
        const coreName = `${n}#${fn}`;
        const flat = flattenFunctype(ft, 'lift') as CoreFunc;
        const e = a.surface.exports.find((x) => x.name === coreName && x.kind === 'func');
        const at = e && adapterFuncType(a.surface, e.index);
        if (!at || !sameSig(at, flat)) throw new ComponentNewError(`adapter \`${a.name}\` export "${coreName}" is missing or not ${sigText(flat)}`);
        if (needs(ft, 'lift').memory) throw new ComponentNewError(`adapter \`${a.name}\` export "${coreName}" passes values through memory; not supported`);
        return b.canon({ kind: 'lift', offset: 0, coreFunc: b.coreExport(adapterInstance.get(a.name)!, coreName, 'func'), type: t.funcType(f), options: [] });
      }, aTypes);
    }
  }
  return b.finish();
}

/** The core type of function `index` of a module. */
function adapterFuncType(s: CoreModuleSurface, index: number): CoreFunc | undefined {
  const types = coreFuncTypes(s.types);
  const imported = s.imports.filter((i) => i.desc.kind === 'func');
  const t = index < imported.length ? (imported[index]!.desc as { type: number }).type : s.funcs[index - imported.length];
  return t === undefined ? undefined : types[t];
}
