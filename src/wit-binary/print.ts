// Printing decoded WIT the way the peers do: `wasm-tools component wit` / `jco wit` print a component's world
// package alone (foreign packages are only referenced by name); WIT packages and metadata print in full.
import { printWit } from '../wit/printer.js';
import type { DecodedWit } from './decode.js';

export function printDecodedWit(d: DecodedWit): string {
  const text = printWit(d.resolve, d.package);
  if (d.kind !== 'component') return text;
  // The printer puts the main package first; other packages follow as `package … {` blocks at column 0.
  const cut = text.indexOf('\npackage ');
  return cut < 0 ? text : text.slice(0, cut + 1);
}
