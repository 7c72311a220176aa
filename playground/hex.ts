// The hex view: the bytes around an offset (a validation error's), the byte at the offset marked.
import { h } from './dom.js';

/** Rows of 16 bytes from a little before `offset` to a little after; the byte at `offset` highlighted. */
export function hexView(bytes: Uint8Array, offset: number | undefined, rowsAround = 6): HTMLElement {
  const at = offset ?? 0;
  const firstRow = Math.max(0, Math.floor(at / 16) - rowsAround);
  const lastRow = Math.min(Math.ceil(bytes.length / 16), Math.floor(at / 16) + rowsAround + 1);
  const table = h('div', { class: 'hex' });
  if (offset !== undefined && offset >= bytes.length) {
    table.append(h('div', { class: 'hex-note' }, `offset 0x${offset.toString(16)} is past the end (${bytes.length} bytes): the input ends early`));
  }
  for (let r = firstRow; r < lastRow; r++) {
    const row = h('div', { class: 'hex-row' }, h('span', { class: 'hex-addr' }, (r * 16).toString(16).padStart(8, '0')));
    const ascii = h('span', { class: 'hex-ascii' });
    for (let i = r * 16; i < r * 16 + 16; i++) {
      const b = bytes[i];
      const mark = i === offset;
      row.append(h('span', { class: mark ? 'hex-byte mark' : 'hex-byte', ...(mark ? { 'data-offset': String(i) } : {}) }, b === undefined ? '  ' : b.toString(16).padStart(2, '0')));
      ascii.append(h('span', { class: mark ? 'mark' : '' }, b === undefined ? ' ' : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
    }
    row.append(ascii);
    table.append(row);
  }
  return table;
}
