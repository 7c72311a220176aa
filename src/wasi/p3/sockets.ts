// wasi:sockets@0.3: not provided yet; a component importing it fails to link with a LinkError naming it.
export function sockets(_network: boolean | { readonly allow: readonly string[] }): Record<string, Record<string, unknown>> {
  return {};
}
