// Link check of an imported core module against its declared module type (Explainer.md "Type Checking": a module
// type is a subtype when it imports no more and exports no less, each extern a subtype): names and kinds, as the JS
// API shows them (`WebAssembly.Module.imports/exports`); types (signatures, global types, limits) where the module's
// bytes are known: a module kumiki compiled (e.g. exported by another component) has its types recorded here.
import { LinkError } from '../errors.js';
import type { ExternTypeDesc, ModuleDesc } from '../program/desc.js';

/** Types of the modules kumiki compiled (their bytes were read), for `checkModule`. */
const KNOWN = new WeakMap<WebAssembly.Module, ModuleDesc>();

export function recordModuleType(m: WebAssembly.Module, t: ModuleDesc): void {
  KNOWN.set(m, t);
}

function show(kind: string, t: ExternTypeDesc): string {
  const lim = t.min === undefined ? '' : ` ${t.min}..${t.max ?? ''}`;
  return `a ${kind} ${t.sig}${lim}`;
}

/** `a <: b` for extern types: equal signatures, limits within (CoreSpec "Import Subtyping": limits). */
function subtype(a: ExternTypeDesc, b: ExternTypeDesc): boolean {
  if (a.sig !== b.sig) return false;
  if (b.min === undefined) return true;
  if (a.min === undefined || a.min < b.min) return false;
  return b.max === undefined || (a.max !== undefined && a.max <= b.max);
}

export function checkModule(m: WebAssembly.Module, want: ModuleDesc, name: string): void {
  const declared = new Map<string, readonly [string, ExternTypeDesc]>();
  for (const [mod, n, kind, type] of want.imports) declared.set(`${mod}\0${n}`, [kind, type]);
  const known = KNOWN.get(m);
  const knownImports = new Map<string, ExternTypeDesc>();
  for (const [mod, n, , type] of known?.imports ?? []) knownImports.set(`${mod}\0${n}`, type);
  for (const i of WebAssembly.Module.imports(m)) {
    const key = `${i.module}\0${i.name}`;
    const d = declared.get(key);
    if (d === undefined) throw new LinkError(`import ${name}: the module imports ${JSON.stringify(i.module)} ${JSON.stringify(i.name)} (a ${i.kind}), which its declared module type does not`);
    if (d[0] !== i.kind) throw new LinkError(`import ${name}: import ${JSON.stringify(i.module)} ${JSON.stringify(i.name)}: expected a ${d[0]}, found a ${i.kind}`);
    // What the component will provide (declared) must satisfy what the module requires.
    const k = knownImports.get(key);
    if (k !== undefined && !subtype(d[1], k)) throw new LinkError(`import ${name}: import ${JSON.stringify(i.module)} ${JSON.stringify(i.name)}: the module requires ${show(i.kind, k)}, but its declared type provides ${show(d[0], d[1])}`);
  }
  const actual = new Map<string, string>();
  for (const e of WebAssembly.Module.exports(m)) actual.set(e.name, e.kind);
  const knownExports = new Map<string, ExternTypeDesc>();
  for (const [n, , type] of known?.exports ?? []) knownExports.set(n, type);
  for (const [n, kind, type] of want.exports) {
    const got = actual.get(n);
    if (got === undefined) throw new LinkError(`import ${name}: expected the module to export ${JSON.stringify(n)} (a ${kind}), found no such export`);
    if (got !== kind) throw new LinkError(`import ${name}: export ${JSON.stringify(n)}: expected a ${kind}, found a ${got}`);
    const k = knownExports.get(n);
    if (k !== undefined && !subtype(k, type)) throw new LinkError(`import ${name}: export ${JSON.stringify(n)}: expected ${show(kind, type)}, found ${show(got, k)}`);
  }
}
