// A JS guest built with ComponentizeJS's default features (WASI imports on: clocks, random, stdio, http) and with
// componentize-qjs (WASI not stubbed): its exports log to stdout and read the clocks and randomness.
// componentize-qjs has no console: there, nothing is logged.
const log = typeof console === 'undefined' ? () => {} : (line) => console.log(line);

export function greet(name) {
  const now = Date.now();
  const r = Math.random();
  log(`greeting ${name}`);
  return `Hello, ${name}! (clock ${now > 1577836800000 ? 'ok' : 'bad'}, random ${r >= 0 && r < 1 ? 'ok' : 'bad'})`;
}

export function measure(items) {
  // UTF-8 lengths by hand: QuickJS has no TextEncoder.
  let n = 0;
  for (const s of items) for (const ch of s) { const c = ch.codePointAt(0); n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
  log(`measured ${items.length} items: ${n} bytes`);
  return n;
}
