// A JS guest built with ComponentizeJS's default features (WASI imports on: clocks, random, stdio, http): its
// exports log to stdout and read the clocks and randomness.
export function greet(name) {
  const now = Date.now();
  const r = Math.random();
  console.log(`greeting ${name}`);
  return `Hello, ${name}! (clock ${now > 1577836800000 ? 'ok' : 'bad'}, random ${r >= 0 && r < 1 ? 'ok' : 'bad'})`;
}

export function measure(items) {
  const enc = new TextEncoder();
  let n = 0;
  for (const s of items) n += enc.encode(s).length;
  console.log(`measured ${items.length} items: ${n} bytes`);
  return n;
}
