// JS names for WIT names (DESIGN.md §4: record fields and flags in camelCase, as jco names them).

const cache = new Map<string, string>();

/** `kebab-case` → `lowerCamelCase` (`http-URL-path` → `httpURLPath`); a leading `%` escape is dropped. */
export function toCamelCase(name: string): string {
  let js = cache.get(name);
  if (js === undefined) {
    const words = (name.startsWith('%') ? name.slice(1) : name).split('-');
    js = words[0]! + words.slice(1).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
    if (cache.size < 10000) cache.set(name, js);
  }
  return js;
}

/**
 * `kebab-case` → `PascalCase` (`my-res` → `MyRes`; resource classes and named types, as jco names them); a leading
 * `%` escape is dropped, and interface names split at their punctuation too (`wasi:cli/env@0.2.0` → `WasiCliEnv020`).
 */
export function toPascalCase(name: string): string {
  return name.replace(/^%/, '').split(/[-:/@.]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** How a property name is shown in a path: `.name`, or `["odd name"]` when it is not an identifier. */
export function propertySegment(js: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(js) ? `.${js}` : `[${JSON.stringify(js)}]`;
}

/** Keys an export is reachable under: interfaces by full name, unversioned name and short name. */
export function exportKeys(name: string): string[] {
  const keys = new Set<string>();
  if (/[:/]/.test(name)) {
    keys.add(name);
    const unversioned = name.replace(/@[^/@]*$/, '');
    keys.add(unversioned);
    const short = unversioned.slice(unversioned.lastIndexOf('/') + 1);
    keys.add(toCamelCase(short));
  } else keys.add(toCamelCase(name));
  return [...keys];
}

/** An annotated resource member name, parsed. */
export interface ResourceMemberName { readonly kind: 'constructor' | 'method' | 'static'; readonly resource: string; readonly member: string }

/** `[constructor]r`, `[method]r.f`, `[static]r.f` (Explainer.md "Import and Export Definitions": annotated names). */
export function resourceMemberName(name: string): ResourceMemberName | undefined {
  const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
  if (m === null) return undefined;
  return { kind: m[1] as 'constructor' | 'method' | 'static', resource: m[2]!, member: toCamelCase(m[3] ?? '') };
}

/** The JS member a `[method]r.f` adapter calls (`f` in camel case), from its plan name (`…#[method]r.f`), else undefined. */
export function methodMember(planName: string): string | undefined {
  const n = resourceMemberName(planName.slice(planName.lastIndexOf('#') + 1));
  return n?.kind === 'method' ? n.member : undefined;
}
