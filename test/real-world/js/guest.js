// A JS guest built with ComponentizeJS's default features (WASI imports on): exports greet/measure, and serves
// HTTP through the fetch event (wasi:http/incoming-handler): GET echoes the path (/big: 1 MiB), POST answers
// the body's length and a checksum.
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

async function handle(request) {
  const url = new URL(request.url);
  if (request.method === 'POST') {
    const body = new Uint8Array(await request.arrayBuffer());
    let sum = 0;
    for (let i = 0; i < body.length; i++) sum = (sum + body[i]) % 65521;
    return new Response(`${body.length} ${sum}`, { headers: { 'content-type': 'text/plain' } });
  }
  if (url.pathname === '/big') return new Response('a'.repeat(1 << 20), { headers: { 'content-type': 'text/plain' } });
  return new Response(`hello ${url.pathname}`, { headers: { 'content-type': 'text/plain' } });
}

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
