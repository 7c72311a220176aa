// Link check of an imported core module against its declared module type (Explainer.md "Type Checking": a module
// type is a subtype when it imports no more and exports no less): names and kinds, as the JS API shows them through
// `WebAssembly.Module.imports/exports` (the bytes of a compiled `WebAssembly.Module` are not available to check
// function signatures or limits; the engine checks those when the module is instantiated with its imports).
import { LinkError } from '../errors.js';
import type { ModuleDesc } from './program-desc.js';

export function checkModule(m: WebAssembly.Module, want: ModuleDesc, name: string): void {
  const declared = new Map<string, string>();
  for (const [mod, n, kind] of want.imports) declared.set(`${mod}\0${n}`, kind);
  for (const i of WebAssembly.Module.imports(m)) {
    const kind = declared.get(`${i.module}\0${i.name}`);
    if (kind === undefined) throw new LinkError(`import ${name}: the module imports ${JSON.stringify(i.module)} ${JSON.stringify(i.name)} (a ${i.kind}), which its declared module type does not`);
    if (kind !== i.kind) throw new LinkError(`import ${name}: import ${JSON.stringify(i.module)} ${JSON.stringify(i.name)}: expected a ${kind}, found a ${i.kind}`);
  }
  const actual = new Map<string, string>();
  for (const e of WebAssembly.Module.exports(m)) actual.set(e.name, e.kind);
  for (const [n, kind] of want.exports) {
    const got = actual.get(n);
    if (got === undefined) throw new LinkError(`import ${name}: expected the module to export ${JSON.stringify(n)} (a ${kind}), found no such export`);
    if (got !== kind) throw new LinkError(`import ${name}: export ${JSON.stringify(n)}: expected a ${kind}, found a ${got}`);
  }
}
