// A bounded loopback HTTP load: `total` requests, `concurrency` in flight, every `bigEvery`-th a 1 MiB POST whose
// echo must come back byte for byte; others GET /r<i> expecting "hello /r<i>". Only 127.0.0.1 is ever addressed.
import http from 'node:http';

export interface LoadResult { readonly ok: number; readonly bad: readonly string[]; readonly ms: number; readonly bigBytes: number }

export async function load(port: number, total: number, concurrency: number, bigEvery: number, deadlineMs: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + (i >>> 8)) & 0xff;
  const bad: string[] = [];
  let ok = 0, next = 0, bigBytes = 0;
  const t0 = performance.now();
  const one = (i: number): Promise<void> => new Promise((resolve) => {
    const post = bigEvery > 0 && i % bigEvery === bigEvery - 1;
    const req = http.request({ host: '127.0.0.1', port, path: post ? '/echo' : `/r${i}`, method: post ? 'POST' : 'GET', agent, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const good = res.statusCode === 200 && (post ? Buffer.compare(body, big) === 0 : body.toString() === `hello /r${i}`);
        if (good) { ok++; if (post) bigBytes += body.length; } else if (bad.length < 10) bad.push(`#${i}: status ${res.statusCode}, ${body.length} bytes`);
        resolve();
      });
      res.on('error', (e) => { bad.push(`#${i}: ${e.message}`); resolve(); });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => { if (bad.length < 10) bad.push(`#${i}: ${e.message}`); resolve(); });
    if (post) {
      // Streamed: the body goes out in 64 KiB writes.
      for (let o = 0; o < big.length; o += 65536) req.write(big.subarray(o, o + 65536));
    }
    req.end();
  });
  const worker = async (): Promise<void> => {
    while (next < total && performance.now() - t0 < deadlineMs) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { ok, bad, ms: performance.now() - t0, bigBytes };
}
