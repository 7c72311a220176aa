// Feature gates, named exactly as wasm-tools names them (`-f cm-async,cm64`), with wasmparser's defaults.

/** Every gate the validator knows: component-model gates plus the core proposals that change component rules. */
export const FEATURES = {
  'cm-values': false,
  'cm-nested-names': false,
  'cm-async': true,
  'cm-async-stackful': false,
  'cm-more-async-builtins': false,
  'cm-threading': false,
  'cm-error-context': false,
  'cm-fixed-length-lists': false,
  'cm-gc': false,
  'cm-map': false,
  cm64: false,
  'cm-implements': false,
  'cm-canon-names': false,
  'shared-everything-threads': false,
  'custom-page-sizes': false,
  /** Core `cont` types and `contref`/`nocontref` (stack switching); off in wasmparser's defaults. */
  'stack-switching': false,
  gc: true,
  exceptions: true,
  'memory64': true,
  threads: true,
} as const satisfies Record<string, boolean>;

export type FeatureName = keyof typeof FEATURES;

/** The enabled gates, for the validator's lookups. */
export type FeatureSet = ReadonlySet<FeatureName>;

export function isFeatureName(s: string): s is FeatureName {
  return Object.prototype.hasOwnProperty.call(FEATURES, s);
}

/**
 * Resolves a feature list the way `wasm-tools -f` does: names add to the defaults, `-name` removes one,
 * `all`/`-all` toggle every gate. Unknown names throw a `RangeError`.
 */
export function resolveFeatures(list: readonly string[] = []): FeatureSet {
  const set = new Set<FeatureName>((Object.keys(FEATURES) as FeatureName[]).filter((k) => FEATURES[k]));
  for (const raw of list) {
    const off = raw.startsWith('-');
    const name = off ? raw.slice(1) : raw;
    if (name === 'all') {
      for (const k of Object.keys(FEATURES) as FeatureName[]) if (off) set.delete(k); else set.add(k);
      continue;
    }
    if (!isFeatureName(name)) throw new RangeError(`unknown feature '${name}' (known: ${Object.keys(FEATURES).join(', ')})`);
    if (off) set.delete(name); else set.add(name);
  }
  return set;
}
