// componentNew: a core module carrying a `component-type` section (what wit-bindgen and `kumiki embed` write)
// becomes a component, as wit-component's `ComponentEncoder` does (component-model BuildTargets.md name
// conventions): the world's imports declared as written in the section, core imports matched by module/field
// name (`ns:pkg/iface` + `f` / `[method]r.m` / `[resource-drop]r`, `$root`, `[export]ns:pkg/iface` +
// `[resource-new]r`…), exports by `ns:pkg/iface#f` / `f`, canon options from the signature (memory `memory`,
// `cabi_realloc`, `cabi_post_<export>`, the section's string encoding). Imports that need the memory or realloc go
// through the shim/fixup table, because those exist only once the main module is instantiated.
import type { CanonOpt, ComponentDecl, CoreValType, InstantiateArg, RecGroup } from '../binary/ast.js';
import { readCoreModuleSurface } from '../binary/read-module.js';
import { decodeWitFromBinary } from '../wit-binary/decode.js';
import { encodeWorld } from '../wit-binary/encode.js';
import { removeCustomSections } from '../wit-binary/custom-sections.js';
import { worldToComponentType } from '../wit/to-types.js';
import { interfaceDirectDeps, nameWorldKey } from '../wit/queries.js';
import { WorldItems, type Resolve, type WitFunction } from '../wit/model.js';
import type { ExternType, FuncType, ValType } from '../types/index.js';
import { flattenFunctype, flattenTypes, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from '../abi/flatten.js';
import { ComponentBuilder } from './builder.js';
import { ExportTypes } from './export-types.js';
import { ComponentNewError } from './errors.js';
import { fixupModule, shimModule, type CoreSig } from './shim.js';
import { exportShim } from './export-shim.js';
import { spliceAdapters, type Adapter } from './adapter.js';

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
 *  imports (those functions only), and the interfaces their types (or the exports' types) come from. Mutates the
 *  freshly decoded resolve. */
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
  const keep = new Set<number>();
  const need = (id: number): void => {
    if (keep.has(id)) return;
    keep.add(id);
    for (const d of interfaceDirectDeps(r, id)) need(d);
  };
  for (const id of exported) for (const d of interfaceDirectDeps(r, id)) need(d);
  for (const [key, item] of world.imports.entries()) {
    if (item.kind !== 'interface' || exported.has(item.id)) continue;
    const fns = used.get(nameWorldKey(r, key)) ?? new Set<string>();
    const iface = r.interfaces[item.id]!;
    iface.functions = new Map([...iface.functions].filter(([n]) => fns.has(n)));
    if (iface.functions.size || used.has(nameWorldKey(r, key))) need(item.id); // an unknown name still gets its error below
  }
  const kept = new WorldItems();
  for (const [key, item] of world.imports.entries()) {
    if (item.kind === 'interface' ? keep.has(item.id) : item.kind !== 'function' || used.get('$root')?.has(item.func.name)) kept.set(key, item);
  }
  world.imports = kept;
}

/** Builds the component for `core` (a core module with a `component-type` section). */
export function componentNew(core: Uint8Array, options: ComponentNewOptions = {}): Uint8Array {
  const decoded = decodeWitFromBinary(core);
  if (decoded.kind !== 'metadata') throw new ComponentNewError('input is not a core module with a component-type section');
  const r = decoded.resolve;
  const worldId = pickWorld(r, decoded.world!, options.world);
  const world = r.worlds[worldId]!;
  const encoding: CanonOpt['kind'] = decoded.stringEncoding === 'utf16' ? 'utf16' : decoded.stringEncoding === 'compact-utf16' ? 'latin1+utf16' : 'utf8';
  let module = removeCustomSections(core, (n) => n.startsWith('component-type'));
  let surface = readCoreModuleSurface(module);
  const adapters: Adapter[] = [];
  if (options.adapters) ({ module, surface } = spliceAdapters(module, surface, options.adapters, adapters));
  const types = coreFuncTypes(surface.types);
  trimImports(r, worldId, surface.imports);
  const ct = worldToComponentType(r, worldId);
  const b = new ComponentBuilder();

  // 1. The world's import side, declared exactly as the section encodes it (same type indices as there).
  const decls = encodeWorld(r, worldId).decls;
  const exportDecls: Extract<ComponentDecl, { kind: 'export' }>[] = [];
  const importInstance = new Map<string, number>(); // import name → top-level instance
  const importFunc = new Map<string, number>(); // root import name → top-level func
  for (const d of decls) {
    if (d.kind === 'export') { exportDecls.push(d); continue; }
    if (d.kind === 'type') b.type(d.type);
    else if (d.kind === 'core-type') b.coreType(d.type);
    else if (d.kind === 'alias') {
      if (d.alias.kind === 'instance-export' && d.alias.instance >= importInstance.size) {
        throw new ComponentNewError(`an export uses a type of another exported interface (\`${d.alias.name}\`); not supported yet`);
      }
      b.alias(d.alias);
    } else {
      const idx = b.addImport(d.name, d.desc);
      if (d.desc.kind === 'instance') importInstance.set(d.name.name, idx);
      else if (d.desc.kind === 'func') importFunc.set(d.name.name, idx);
    }
  }
  const ifaceInstance = new Map<number, number>();
  for (const [key, item] of world.imports.entries()) {
    if (item.kind === 'interface') {
      const inst = importInstance.get(nameWorldKey(r, key));
      if (inst !== undefined) ifaceInstance.set(item.id, inst);
    }
  }
  const exportedIfaces = new Map<string, number>();
  for (const [key, item] of world.exports.entries()) if (item.kind === 'interface') exportedIfaces.set(nameWorldKey(r, key), item.id);

  // 2. Core imports of the main module, matched to the world.
  const mainModule = b.coreModule(module);
  const importedFuncTypes: number[] = [];
  const direct = new Map<string, Map<string, number>>(); // module → field → core func
  const indirect: { module: string; field: string; sig: CoreSig; make: () => number }[] = [];
  const coreMemory = () => memory ?? fail('memory');
  let memory: number | undefined;
  let realloc: number | undefined;
  let mainInstance = -1;
  const fail = (what: 'memory' | 'cabi_realloc'): never => {
    throw new ComponentNewError(`the core module exports no \`${what}\`, which the world's functions need`);
  };
  const opts = (need: ReturnType<typeof needs>, post?: number): CanonOpt[] => {
    const o: CanonOpt[] = [];
    if (need.memory) o.push({ kind: 'memory', index: coreMemory() });
    if (need.realloc) o.push({ kind: 'realloc', index: realloc ?? fail('cabi_realloc') });
    if (need.strings) o.push({ kind: encoding } as CanonOpt);
    if (post !== undefined) o.push({ kind: 'post-return', index: post });
    return o;
  };
  const exportedResources = new Map<string, { typeId: number; index?: number }>(); // `${iface}/${name}`
  for (const [name, id] of exportedIfaces) {
    for (const [tn, tid] of r.interfaces[id]!.types) if (r.types[tid]!.kind.kind === 'resource') exportedResources.set(`${name}/${tn}`, { typeId: tid });
  }

  for (const imp of surface.imports) {
    const where = `core import "${imp.module}" "${imp.name}"`;
    if (imp.desc.kind !== 'func') throw new ComponentNewError(`${where}: only functions can be imported (got a ${imp.desc.kind})`);
    importedFuncTypes.push(imp.desc.type);
    if (adapters.some((a) => a.name === imp.module)) continue; // satisfied by an adapter instance
    const got = types[imp.desc.type]!;
    const fields = direct.get(imp.module) ?? new Map<string, number>();
    direct.set(imp.module, fields);
    const expect = (sig: CoreFunc, what: string) => {
      if (!sameSig(got, sig)) throw new ComponentNewError(`${where} has type ${sigText(got)}, but ${what} lowers to ${sigText(sig)}`);
    };
    const rm = /^\[(resource-new|resource-rep|resource-drop)\](.+)$/.exec(imp.name);
    if (imp.module.startsWith('[export]')) {
      const iface = imp.module.slice('[export]'.length);
      const res = rm && exportedResources.get(`${iface}/${rm[2]}`);
      if (!rm || !res) throw new ComponentNewError(`${where}: no exported resource \`${rm?.[2] ?? imp.name}\` in \`${iface}\` of world \`${world.name}\``);
      const sig: CoreFunc = { params: ['i32'], results: rm[1] === 'resource-drop' ? [] : ['i32'] };
      expect(sig, `\`${rm[1]}\` of \`${iface}/${rm[2]}\``);
      const kind = rm[1]!.replace('-', '.') as 'resource.new' | 'resource.rep' | 'resource.drop';
      indirect.push({ module: imp.module, field: imp.name, sig: sig as CoreSig, make: () => b.canon({ kind, offset: 0, resource: res.index! }) });
      continue;
    }
    let ft: FuncType;
    let func: () => number;
    if (imp.module === '$root') {
      const e = ct.imports.get(imp.name);
      const f = importFunc.get(imp.name);
      if (e?.kind !== 'func' || f === undefined) throw new ComponentNewError(`${where}: world \`${world.name}\` imports no function \`${imp.name}\``);
      ft = e.type;
      func = () => f;
    } else {
      const inst = importInstance.get(imp.module);
      const e = ct.imports.get(imp.module);
      if (inst === undefined || e?.kind !== 'instance') throw new ComponentNewError(`${where}: world \`${world.name}\` imports no interface \`${imp.module}\``);
      if (rm && rm[1] === 'resource-drop') {
        const t = e.type.exports.get(rm[2]!);
        if (t?.kind !== 'type') throw new ComponentNewError(`${where}: interface \`${imp.module}\` has no resource \`${rm[2]}\``);
        expect({ params: ['i32'], results: [] }, `\`resource-drop\` of \`${imp.module}/${rm[2]}\``);
        fields.set(imp.name, b.canon({ kind: 'resource.drop', offset: 0, resource: b.instanceExport(inst, rm[2]!, 'type') }));
        continue;
      }
      const x: ExternType | undefined = e.type.exports.get(imp.name);
      if (x?.kind !== 'func') throw new ComponentNewError(`${where}: interface \`${imp.module}\` has no function \`${imp.name}\``);
      ft = x.type;
      func = () => b.instanceExport(inst, imp.name, 'func');
    }
    const flat = flattenFunctype(ft, 'lower');
    expect(flat as CoreFunc, `WIT function \`${imp.module === '$root' ? '' : `${imp.module}#`}${imp.name}\``);
    const need = needs(ft, 'lower');
    if (need.memory || need.realloc) {
      indirect.push({ module: imp.module, field: imp.name, sig: flat as CoreSig, make: () => b.canon({ kind: 'lower', offset: 0, func: func(), options: opts(need) }) });
    } else {
      fields.set(imp.name, b.canon({ kind: 'lower', offset: 0, func: func(), options: need.strings ? opts(need) : [] }));
    }
  }

  // 3. The shim (when some imports need memory), the import instances, the main instance.
  let shimInstance = -1;
  if (indirect.length) {
    const shim = b.coreModule(shimModule(indirect.map((i) => i.sig)));
    shimInstance = b.coreInstance({ kind: 'instantiate', offset: 0, module: shim, args: [] });
    indirect.forEach((i, k) => {
      const f = direct.get(i.module) ?? new Map<string, number>();
      direct.set(i.module, f);
      f.set(i.field, b.coreExport(shimInstance, String(k), 'func'));
    });
  }
  const args: { offset: number; name: string; instance: number }[] = [];
  for (const a of adapters) args.push({ offset: 0, name: a.name, instance: a.instantiate(b) });
  for (const [mod, fields] of direct) {
    if (!fields.size) continue;
    const exports = [...fields].map(([name, index]) => ({ offset: 0, name, sort: 'func' as const, index }));
    args.push({ offset: 0, name: mod, instance: b.coreInstance({ kind: 'exports', offset: 0, exports }) });
  }
  mainInstance = b.coreInstance({ kind: 'instantiate', offset: 0, module: mainModule, args });
  const exportNames = new Set(surface.exports.map((e) => e.name));
  if (exportNames.has('memory')) memory = b.coreExport(mainInstance, 'memory', 'memory');
  if (exportNames.has('cabi_realloc')) realloc = b.coreExport(mainInstance, 'cabi_realloc', 'func');
  for (const a of adapters) a.finish(b, mainInstance);

  // 4. Exported resources (their destructors are main-module exports), then the table entries.
  const exportTypes = new ExportTypes(r, b, ifaceInstance);
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
  for (const d of exportDecls) {
    const n = d.name.name;
    if (d.desc.kind === 'func') {
      const e = ct.exports.get(n);
      if (e?.kind !== 'func') throw new ComponentNewError(`world export \`${n}\` is not a function`);
      const f = lift(n, e.type, d.desc.type, `WIT function \`${n}\``);
      b.export({ offset: 0, name: d.name, sort: 'func', index: f });
      continue;
    }
    const id = exportedIfaces.get(n);
    const e = ct.exports.get(n);
    if (d.desc.kind !== 'instance' || id === undefined || e?.kind !== 'instance') throw new ComponentNewError(`world export \`${n}\` is not an interface`);
    const iface = r.interfaces[id]!;
    const funcs = new Map<string, number>();
    for (const [fn, f] of iface.functions) {
      const x = e.type.exports.get(fn);
      if (x?.kind !== 'func') continue;
      funcs.set(fn, lift(`${n}#${fn}`, x.type, exportTypes.funcType(f as WitFunction), `WIT function \`${n}#${fn}\``));
    }
    const topType = (tid: number): number => {
      const v = exportTypes.valType(tid);
      return typeof v === 'number' ? v : b.type({ kind: 'defined', offset: 0, type: { kind: 'primitive', type: v } });
    };
    const args: InstantiateArg[] = [];
    const shim = b.component(exportShim(r, id, { topType, funcs }, args));
    const inst = b.instance({ kind: 'instantiate', offset: 0, component: shim, args });
    b.export({ offset: 0, name: d.name, sort: 'instance', index: inst });
  }
  return b.finish();
}
