// A WIT package → its binary encoding (WIT.md "Package Format", wit-component `encoding::wit`): per interface a
// component type importing the interfaces it `use`s (types only) and exporting the interface as an instance;
// per world a component type exporting the world's component type; each exported under its plain name.
import type * as ast from '../binary/ast.js';
import { buildComponent, sections } from '../binary/build.js';
import { writeComponent } from '../binary/write.js';
import type { Resolve } from '../wit/model.js';
import { idOfInterface } from '../wit/resolver.js';
import { encodeWorld, name, WorldEncoder } from './encode.js';
import { interfaceDeps } from './order.js';
import { encodePackageDocs, PACKAGE_DOCS_SECTION } from './package-docs.js';

/** `id` after the interfaces it depends on, depth first (wit-component `add_live_interfaces`). */
function liveInterfaces(r: Resolve, id: number, out: number[] = []): number[] {
  if (out.includes(id)) return out;
  for (const dep of interfaceDeps(r, id)) liveInterfaces(r, dep, out);
  out.push(id);
  return out;
}

/** `encode_interface`: the component type that stands for interface `id` in its package. */
export function encodeInterfaceType(r: Resolve, id: number): ast.ComponentTypeDef {
  const e = new WorldEncoder(r);
  for (const iface of liveInterfaces(r, id)) {
    e.iface = iface;
    const full = idOfInterface(r, iface)!;
    const self = iface === id;
    const idx = e.instance(iface, self);
    e.outer.push({ kind: self ? 'export' : 'import', offset: 0, name: name(full), desc: { kind: 'instance', type: idx } });
  }
  return { kind: 'component', offset: 0, decls: e.outer };
}

/** `ns:pkg/name@v` for an item of package `pkg`. */
function itemId(r: Resolve, pkg: number, item: string): string {
  const p = r.packages[pkg]!.name;
  return `${p.namespace}:${p.name}/${item}${p.version !== undefined ? `@${p.version}` : ''}`;
}

/** Encodes package `pkg` of `r` as a component (wit-component's layout, `package-docs` included; no producers). */
export function encodePackage(r: Resolve, pkg: number): Uint8Array {
  const out: ast.Section[] = [];
  let types = 0;
  const add = (n: string, t: ast.ComponentTypeDef): void => {
    out.push(sections.types([t]));
    out.push(sections.exports([{ offset: 0, name: name(n), sort: 'type', index: types }]));
    types += 2; // the type, then the export that names it
  };
  const p = r.packages[pkg]!;
  for (const [n, id] of p.interfaces) add(n, encodeInterfaceType(r, id));
  for (const [n, id] of p.worlds) {
    add(n, {
      kind: 'component', offset: 0,
      decls: [
        { kind: 'type', offset: 0, type: encodeWorld(r, id) },
        { kind: 'export', offset: 0, name: name(itemId(r, pkg, n)), desc: { kind: 'component', type: 0 } },
      ],
    });
  }
  out.push(sections.custom(PACKAGE_DOCS_SECTION, encodePackageDocs(r, pkg)));
  return writeComponent(buildComponent(out));
}
