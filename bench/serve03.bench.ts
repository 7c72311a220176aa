// `kumiki serve` of a wasi:http/handler@0.3 component (the wasi-testsuite's echo service) against the same echo
// written as a plain node:http handler, each in its own process; the load comes from this process over loopback:
// 10,000 requests per side, 50 in flight, every 100th a 1 MiB body streamed in and echoed, none may be lost.
// Warmed, then ROUNDS interleaved rounds (the machine is shared: compare the ratio, not the absolute numbers).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import http from 'node:http';
import { repoRoot } from '../test/support/build.js';
import { CONFORMANCE } from '../test/wasi03/run03.js';

const ECHO = join(CONFORMANCE, 'wasi-testsuite/rust/testsuite/wasm32-wasip3/http-service-echo.wasm');

/** The echo service's logic as a plain node:http server (POST /echo: the body back, as the component does). */
const PLAIN = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/echo') { res.setHeader('content-type', 'application/octet-stream'); req.pipe(res); }
  else { res.statusCode = 404; req.resume(); res.end(); }
});
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => console.error('listening on http://127.0.0.1:' + s.address().port + '/'));
`;

function listen(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`did not start: ${text}`)); }, 60_000);
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(text);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]) }); }
    });
  });
}

/** `n` POSTs to /echo, `concurrency` in flight: "ping", every 100th 1 MiB (in 64 KiB writes); req/s, all checked. */
async function load(port: number, n: number, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
  const small = new TextEncoder().encode('ping');
  let next = 0, ok = 0;
  const bad: string[] = [];
  const one = (i: number): Promise<void> => new Promise((resolve) => {
    const body = i % 100 === 99 ? big : small;
    const req = http.request({ host: '127.0.0.1', port, path: '/echo', method: 'POST', agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        if (res.statusCode === 200 && Buffer.compare(Buffer.concat(parts), body) === 0) ok++;
        else if (bad.length < 5) bad.push(`#${i}: ${res.statusCode}`);
        resolve();
      });
    });
    req.on('error', (e) => { if (bad.length < 5) bad.push(`#${i}: ${e.message}`); resolve(); });
    for (let o = 0; o < body.length; o += 65536) req.write(body.subarray(o, o + 65536));
    req.end();
  });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await one(next++); }));
  const ms = performance.now() - t0;
  agent.destroy();
  if (ok !== n) throw new Error(`lost requests: ${ok}/${n} ${bad.join('; ')}`);
  return (n / ms) * 1000;
}

/** Interleaved measuring rounds per side. */
const ROUNDS = 4;

export async function run(): Promise<void> {
  const kumiki = await listen([join(repoRoot, 'bin', 'kumiki.js'), 'serve', '--port', '0', ECHO]);
  const plain = await listen(['-e', PLAIN]);
  try {
    // Warm-up: the guest (a Rust wasi:http handler) and both servers reach their optimised code first; a server's
    // steady rate is what serving measures.
    await load(kumiki.port, 5000, 50);
    await load(plain.port, 5000, 50);
    const k: number[] = [], p: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      k.push(await load(kumiki.port, 5000, 50));
      p.push(await load(plain.port, 5000, 50));
    }
    const rate = (xs: number[]): number => xs.length / xs.reduce((a, x) => a + 1 / x, 0);
    const ratios = k.map((x, i) => x / p[i]!).sort((a, b) => a - b);
    const median = (ratios[(ROUNDS - 1) >> 1]! + ratios[ROUNDS >> 1]!) / 2;
    console.log(`serve, wasi:http 0.3 echo (5,000 POSTs per side and round after 5,000 to warm up, 50 in flight, every 100th 1 MiB echoed; none lost), ${ROUNDS} interleaved rounds:`);
    console.log(`  kumiki serve ${rate(k).toFixed(0)} req/s   plain node:http ${rate(p).toFixed(0)} req/s   ratio ${(rate(k) / rate(p)).toFixed(2)}×, per round median ${median.toFixed(2)} [${ratios[0]!.toFixed(2)}–${ratios[ROUNDS - 1]!.toFixed(2)}]  (target ≥ 0.33; rounds ${k.map((x, i) => `${x.toFixed(0)}/${p[i]!.toFixed(0)}`).join(', ')})`);
  } finally {
    kumiki.child.kill('SIGTERM');
    plain.child.kill('SIGTERM');
  }
}
