// JS values of component types as text (the page's result and trace panes): bigints as `5n`, typed arrays by their
// type name, strings quoted, resources by their class.

export function showValue(v: unknown, depth = 0): string {
  if (depth > 8) return '…';
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'bigint': return `${v}n`;
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'boolean': return String(v);
    case 'function': return `[function ${v.name}]`;
    default: break;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const items = [...(v as unknown as Iterable<number | bigint>)].slice(0, 64).map((x) => showValue(x));
    const more = (v as unknown as { length: number }).length > 64 ? ', …' : '';
    return `${v.constructor.name} [${items.join(', ')}${more}]`;
  }
  if (Array.isArray(v)) return `[${v.slice(0, 64).map((x) => showValue(x, depth + 1)).join(', ')}${v.length > 64 ? ', …' : ''}]`;
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== null && proto !== Object.prototype) return `${proto.constructor.name} {…}`;
  const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${showValue(x, depth + 1)}`);
  return `{ ${entries.join(', ')} }`;
}

/** Bytes as hex pairs (`48 65 6c`), at most `max`. */
export function hexBytes(b: Uint8Array, max = 48): string {
  const parts = [...b.subarray(0, max)].map((x) => x.toString(16).padStart(2, '0'));
  return `${parts.join(' ')}${b.length > max ? ` … (${b.length} bytes)` : ''}`;
}

/** Bytes as text where printable (`Hello·`), for the trace. */
export function asciiBytes(b: Uint8Array, max = 48): string {
  return [...b.subarray(0, max)].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '·')).join('');
}
