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

/** Stubs: exports `"0"`…`"n-1"` that trap (`unreachable`), for an adapter's imports nothing it runs can reach. */
export function stubModule(sigs: readonly CoreSig[]): Uint8Array {
  const w = new Writer();
  w.bytes(PREAMBLE);
  typeSection(w, sigs);
  const slots = sigs.map((_, i) => i);
  section(w, 3, () => w.vec(slots, (i) => w.u32(i)));
  section(w, 7, () => w.vec(slots, (i) => { w.string(String(i)); w.u8(0); w.u32(i); }));
  section(w, 10, () => w.vec(slots, () => w.sized(() => { w.u32(0); w.u8(0x00); w.u8(0x0b); })));
  return w.finish();
}

/** `cabi_realloc` over `memory.grow` (imports `env` `memory`): fresh allocations only, whole pages, never freed —
 *  what wit-component gives an adapter when the main module has no allocator. */
export function growReallocModule(): Uint8Array {
  const w = new Writer();
  w.bytes(PREAMBLE);
  typeSection(w, [{ params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] }]);
  section(w, 2, () => { w.u32(1); w.string('env'); w.string('memory'); w.u8(0x02); w.u8(0x00); w.u32(0); });
  section(w, 3, () => { w.u32(1); w.u32(0); });
  section(w, 7, () => { w.u32(1); w.string('cabi_realloc'); w.u8(0); w.u32(0); });
  section(w, 10, () => { w.u32(1); w.sized(() => {
    w.u32(0);
    // if (old_ptr | old_size) unreachable
    w.bytes([0x20, 0, 0x20, 1, 0x72, 0x04, 0x40, 0x00, 0x0b]);
    // memory.grow((size + 65535) >> 16), trap on -1, result * 65536
    w.bytes([0x20, 3, 0x41]); w.s33(65535); w.bytes([0x6a, 0x41, 16, 0x76, 0x40, 0x00, 0x22]); w.u32(0);
    w.bytes([0x41, 0x7f, 0x46, 0x04, 0x40, 0x00, 0x0b, 0x20, 0, 0x41, 16, 0x74, 0x0b]);
  }); });
  return w.finish();
}
