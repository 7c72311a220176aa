// The nested component that gives an exported interface its names, as wit-component builds it: every type and
// function of the interface imported (`import-type-T`, `import-func-f`, types defined structurally inside) and
// exported again under its own name, with function types restated over the exported types — the validator wants
// every type an import or export mentions to be named by an import or export of that same component.
import type { DefValType, ExternName, InstantiateArg, ValTypeRef } from '../binary/ast.js';
import type { Resolve, TypeDefKind, WitFunction, WitType } from '../wit/model.js';
import { ComponentBuilder } from './builder.js';
import { ComponentNewError } from './errors.js';

/** A kebab-case import name for a shim import (`[method]r.m` → `import-func-method-r-m`). */
export function shimImportName(prefix: string, name: string): string {
  return prefix + name.replace(/^\[([a-z -]+)\]/, (_, k: string) => `${k.replace(' ', '-')}-`).replace(/\./g, '-');
}

const plain = (name: string): ExternName => ({ offset: 0, name, discriminant: 0 });

export interface ShimInputs {
  /** Top-level type for a WIT type id (the lifted side's types). */
  readonly topType: (id: number) => number;
  /** Top-level lifted function for each function name. */
  readonly funcs: ReadonlyMap<string, number>;
  /** For a named type of another exported interface: that export's type (top-level index), if exported already. */
  readonly foreignType?: (id: number) => number | undefined;
}

/** Builds the shim for interface `ifaceId`; pushes the instantiation arguments to `args`. */
export function exportShim(r: Resolve, ifaceId: number, inputs: ShimInputs, args: InstantiateArg[]): ComponentBuilder {
  const c = new ComponentBuilder();
  const iface = r.interfaces[ifaceId]!;
  const own = new Set(iface.types.values());
  const foreignResources = new Map<number, number>(); // resource id of another interface → shim import
  let side: Map<number, number>; // WIT type id → shim type index, per pass
  let structural: Map<string, number>;

  const resourceOf = (t: number): number => {
    let cur = t;
    for (;;) {
      const k = r.types[cur]!.kind;
      if (k.kind === 'type' && typeof k.type === 'number') cur = k.type;
      else return cur;
    }
  };
  const val = (t: WitType): ValTypeRef => {
    if (typeof t === 'string') return t;
    const known = side.get(t);
    if (known !== undefined) return known;
    const def = r.types[t]!;
    const k = def.kind;
    if (k.kind === 'type') return val(k.type);
    if (k.kind === 'resource') {
      if (own.has(t)) throw new ComponentNewError(`resource \`${def.name}\` is used before its definition`);
      let idx = foreignResources.get(t);
      if (idx === undefined) {
        const name = `import-resource-${def.name}`;
        idx = c.addImport(plain(name), { kind: 'type', bounds: { kind: 'sub-resource' } });
        args.push({ offset: 0, name, sort: 'type', index: inputs.foreignType?.(t) ?? inputs.topType(t) });
        foreignResources.set(t, idx);
      }
      return idx;
    }
    const foreign = def.name !== undefined && !own.has(t) ? inputs.foreignType?.(t) : undefined;
    if (foreign !== undefined) {
      // Another exported interface's type: imported (equal to its structure) and bound to that interface's export.
      const name = `import-foreign-${def.name}`;
      const idx = c.addImport(plain(name), { kind: 'type', bounds: { kind: 'eq', type: c.type({ kind: 'defined', offset: 0, type: defValType(k) }) } });
      args.push({ offset: 0, name, sort: 'type', index: foreign });
      side.set(t, idx);
      foreignResources.set(t, idx);
      return idx;
    }
    const d = defValType(k);
    const key = JSON.stringify(d);
    let idx = structural.get(key);
    if (idx === undefined) {
      idx = c.type({ kind: 'defined', offset: 0, type: d });
      structural.set(key, idx);
    }
    return idx;
  };
  const defValType = (k: TypeDefKind): DefValType => {
    const opt = (t: WitType | undefined): ValTypeRef | undefined => (t === undefined ? undefined : val(t));
    switch (k.kind) {
      case 'record': return { kind: 'record', fields: k.fields.map((f) => ({ name: f.name, type: val(f.type) })) };
      case 'tuple': return { kind: 'tuple', types: k.types.map(val) };
      case 'flags': return { kind: 'flags', names: k.flags.map((f) => f.name) };
      case 'variant': return { kind: 'variant', cases: k.cases.map((x) => { const t = opt(x.type); return t === undefined ? { name: x.name } : { name: x.name, type: t }; }) };
      case 'option': return { kind: 'option', type: val(k.type) };
      case 'result': { const ok = opt(k.ok); const err = opt(k.err); return { kind: 'result', ...(ok !== undefined ? { ok } : {}), ...(err !== undefined ? { err } : {}) }; }
      case 'enum': return { kind: 'enum', names: k.cases.map((x) => x.name) };
      case 'list': return { kind: 'list', element: val(k.type) };
      case 'map': return { kind: 'map', key: val(k.key), value: val(k.value) };
      case 'fixed-length-list': return { kind: 'fixed-list', element: val(k.type), length: k.size };
      case 'future': { const t = opt(k.type); return t === undefined ? { kind: 'future' } : { kind: 'future', type: t }; }
      case 'stream': { const t = opt(k.type); return t === undefined ? { kind: 'stream' } : { kind: 'stream', type: t }; }
      case 'handle': return { kind: k.handle, resource: val(k.resource) as number };
      case 'type': case 'resource': case 'unknown': throw new ComponentNewError(`cannot encode a ${k.kind} type here`);
    }
  };
  const funcType = (f: WitFunction): number => {
    const params = f.params.map((p) => ({ name: p.name, type: val(p.type) }));
    const result = f.result === undefined ? undefined : val(f.result);
    return c.type({ kind: 'func', offset: 0, async: f.kind.kind.startsWith('async'), params, ...(result !== undefined ? { result } : {}) });
  };
  /** Makes a named type's entry (a `use`d type also names the type it aliases, for later references). */
  const name = (id: number, index: number): void => {
    side.set(id, index);
    const target = resourceOf(id);
    if (target !== id && !side.has(target) && r.types[target]!.kind.kind !== 'resource') side.set(target, index);
  };

  // Pass 1: imports.
  side = new Map();
  structural = new Map();
  const imported = new Map<number, number>();
  for (const [tn, id] of iface.types) {
    const k = r.types[id]!.kind;
    let bounds: { kind: 'eq'; type: number } | { kind: 'sub-resource' };
    if (k.kind === 'resource') bounds = { kind: 'sub-resource' };
    else if (k.kind === 'type') {
      const v = val(k.type);
      bounds = { kind: 'eq', type: typeof v === 'number' ? v : c.type({ kind: 'defined', offset: 0, type: { kind: 'primitive', type: v } }) };
    } else bounds = { kind: 'eq', type: c.type({ kind: 'defined', offset: 0, type: defValType(k) }) };
    const argName = shimImportName('import-type-', tn);
    const idx = c.addImport(plain(argName), { kind: 'type', bounds });
    args.push({ offset: 0, name: argName, sort: 'type', index: inputs.topType(id) });
    imported.set(id, idx);
    name(id, idx);
  }
  const importedFuncs = new Map<string, number>();
  for (const [fn, f] of iface.functions) {
    const lifted = inputs.funcs.get(fn);
    if (lifted === undefined) continue;
    const argName = shimImportName('import-func-', fn);
    importedFuncs.set(fn, c.addImport(plain(argName), { kind: 'func', type: funcType(f) }));
    args.push({ offset: 0, name: argName, sort: 'func', index: lifted });
  }

  // Pass 2: exports, function types restated over the exported types.
  side = new Map(foreignResources);
  structural = new Map();
  // A value type is exported as a definition restated over the names exported before it (wit-component's
  // shape): exporting the import itself would leave its fields pointing at import names, which the validator
  // rejects for the instance ("not valid to be used as export"). Resources and `use`d aliases stay imports.
  for (const [tn, id] of iface.types) {
    const k = r.types[id]!.kind;
    let index = imported.get(id)!;
    if (k.kind !== 'resource' && k.kind !== 'type') index = c.type({ kind: 'defined', offset: 0, type: defValType(k) });
    // A value type `use`d from another exported interface: that interface's export itself, as wit-component does.
    else if (k.kind === 'type' && typeof k.type === 'number' && r.types[k.type]!.kind.kind !== 'resource') index = foreignResources.get(k.type) ?? index;
    name(id, c.export({ offset: 0, name: plain(tn), sort: 'type', index }));
  }
  for (const [fn, f] of iface.functions) {
    const index = importedFuncs.get(fn);
    if (index === undefined) continue;
    c.export({ offset: 0, name: plain(fn), sort: 'func', index, desc: { kind: 'func', type: funcType(f) } });
  }
  return c;
}
