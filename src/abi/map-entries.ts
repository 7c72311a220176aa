// CanonicalABI.md "Despecialization": `map<K, V>` is `list<tuple<K, V>>`, whose entries may repeat a key. A JS Map
// keeps one value per key (the last), so a lifted map that repeats a key keeps its entries beside it: lowering that
// Map again unchanged gives the same entries, and a call through JS copies what a fused call copies (one behaviour).

type Entries = readonly (readonly [unknown, unknown])[];

/** The entries of lifted Maps that repeat a key (only those: a map without repeats pays one size test). */
const REPEATED = new WeakMap<Map<unknown, unknown>, Entries>();

/** A lifted `map<K, V>`: a JS Map of `entries` (a repeated key's last value wins, as `new Map` gives). */
export function liftMap(entries: unknown[]): Map<unknown, unknown> {
  const m = new Map(entries as [unknown, unknown][]);
  if (m.size !== entries.length) REPEATED.set(m, entries as Entries);
  return m;
}

/** The `[key, value]` pairs to lower for `m`: its lifted entries, repeats included, while `m` is as lifted. */
export function mapToEntries(m: Map<unknown, unknown>): unknown[] {
  const e = REPEATED.get(m);
  return e !== undefined && unchanged(m, e) ? (e as unknown[]) : Array.from(m);
}

/** Whether `m` still holds what `new Map(e)` made: the same keys in the same order, each with the same value. */
function unchanged(m: Map<unknown, unknown>, e: Entries): boolean {
  const made = new Map(e as [unknown, unknown][]);
  if (made.size !== m.size) return false;
  const it = m.entries();
  for (const [k, v] of made) {
    const n = it.next();
    if (n.done === true || n.value[0] !== k || n.value[1] !== v) return false;
  }
  return true;
}
