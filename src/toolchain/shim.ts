// The two helper core modules wit-component uses to lower imports that need the main module's memory or realloc
// (which exist only once the main module is instantiated): the shim exports one trampoline per such import
// (`call_indirect` through its table), the main module imports those; afterwards the fixup module fills the
// table with the real lowered functions (an active element segment over the imported table).
import { Writer } from '../binary/writer.js';
import type { FlatType } from '../abi/flatten.js';

/** A core function signature. */
export interface CoreSig { readonly params: readonly FlatType[]; readonly results: readonly FlatType[] }

const VAL: Record<FlatType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
const PREAMBLE = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function section(w: Writer, id: number, body: (w: Writer) => void): void {
  w.u8(id);
  w.sized(() => body(w));
}

function typeSection(w: Writer, sigs: readonly CoreSig[]): void {
  section(w, 1, () => w.vec(sigs, (s) => {
    w.u8(0x60);
    w.vec(s.params, (p) => w.u8(VAL[p]));
    w.vec(s.results, (p) => w.u8(VAL[p]));
  }));
}

/** The table of `n` funcrefs both modules name `$imports`. */
function tableType(w: Writer, n: number): void {
  w.u8(0x70);
  w.u8(0x01);
  w.u32(n);
  w.u32(n);
}

/** Shim: exports `"0"`…`"n-1"` (each `call_indirect` of its slot) and the table `"$imports"`. */
export function shimModule(sigs: readonly CoreSig[]): Uint8Array {
  const w = new Writer();
  w.bytes(PREAMBLE);
  typeSection(w, sigs);
  const slots = sigs.map((s, i) => ({ s, i }));
  section(w, 3, () => w.vec(slots, ({ i }) => w.u32(i)));
  section(w, 4, () => w.vec([0], () => tableType(w, sigs.length)));
  const names = sigs.map((_, i) => String(i));
  section(w, 7, () => {
    w.u32(sigs.length + 1);
    names.forEach((n, i) => { w.string(n); w.u8(0); w.u32(i); });
    w.string('$imports'); w.u8(1); w.u32(0);
  });
  section(w, 10, () => w.vec(slots, ({ s, i: slot }) => w.sized(() => {
    w.u32(0); // no locals
    s.params.forEach((_, i) => { w.u8(0x20); w.u32(i); }); // local.get i
    w.u8(0x41); w.s33(slot); // i32.const slot (an s32; s33 encodes the same bytes for these values)
    w.u8(0x11); w.u32(slot); w.u8(0x00); // call_indirect (type slot) table 0
    w.u8(0x0b);
  })));
  return w.finish();
}

/** Fixup: imports `"" "0"`…, `"" "$imports"`, and writes the functions into the table at instantiation. */
export function fixupModule(sigs: readonly CoreSig[]): Uint8Array {
  const w = new Writer();
  w.bytes(PREAMBLE);
  typeSection(w, sigs);
  section(w, 2, () => {
    w.u32(sigs.length + 1);
    sigs.forEach((_, i) => { w.string(''); w.string(String(i)); w.u8(0x00); w.u32(i); });
    w.string(''); w.string('$imports'); w.u8(0x01); tableType(w, sigs.length);
  });
  section(w, 9, () => {
    w.u32(1);
    w.u32(0); // active, table 0, funcref indices
    w.u8(0x41); w.u8(0x00); w.u8(0x0b); // offset i32.const 0
    w.vec(sigs.map((_, i) => i), (i) => w.u32(i));
  });
  return w.finish();
}
