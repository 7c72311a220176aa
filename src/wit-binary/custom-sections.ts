// Custom sections of a core module or component at the byte level: append one, drop some (e.g. old
// `component-type:*` sections before embedding a new world).
import { Reader } from '../binary/reader.js';
import { Writer } from '../binary/writer.js';
import { ValidationError } from '../errors.js';

/** `section_0(name, payload)` appended to a module or component's bytes. */
export function appendCustomSection(bytes: Uint8Array, sectionName: string, data: Uint8Array): Uint8Array {
  const w = new Writer(data.length + sectionName.length + 16);
  w.u8(0);
  w.sized(() => { w.string(sectionName); w.bytes(data); });
  const sec = w.finish();
  const out = new Uint8Array(bytes.length + sec.length);
  out.set(bytes);
  out.set(sec, bytes.length);
  return out;
}

/** The bytes without the top-level custom sections whose name satisfies `drop`. */
export function removeCustomSections(bytes: Uint8Array, drop: (name: string) => boolean): Uint8Array {
  if (bytes.length < 8) throw new ValidationError('unexpected end-of-file', bytes.length);
  const keep: Uint8Array[] = [bytes.subarray(0, 8)];
  const r = new Reader(bytes, 8);
  while (!r.eof()) {
    const start = r.pos;
    const id = r.u8();
    const size = r.u32();
    const body = r.pos;
    r.need(size);
    const end = body + size;
    let dropIt = false;
    if (id === 0) {
      const nr = new Reader(bytes, body, end);
      dropIt = drop(nr.string());
    }
    if (!dropIt) keep.push(bytes.subarray(start, end));
    r.pos = end;
  }
  const out = new Uint8Array(keep.reduce((n, k) => n + k.length, 0));
  let at = 0;
  for (const k of keep) { out.set(k, at); at += k.length; }
  return out;
}
