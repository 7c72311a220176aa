// String copies where Node's codecs are absent (browsers, Deno): a child Node whose `process.getBuiltinModule` is
// removed before kumiki loads, so every probe for Node's `buffer` finds nothing and the copies take the JS and
// TextDecoder paths. Fused copies (runtime/fuse-strings.ts) and the unfused lift/lower helpers must give the same
// bytes, lengths and traps (same words) as in this process, which has Node's codecs, for every encoding pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stringCopy } from '../../src/runtime/fuse-strings.js';
import { MemView, out } from '../../src/runtime/glue/memview.js';
import { liftLatin1Utf16, liftUtf16, liftUtf8, lowerLatin1Utf16, lowerUtf16, lowerUtf8 } from '../../src/runtime/glue/strings.js';
import type { StringEncoding } from '../../src/abi/context.js';

const ENCODINGS: readonly StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];
const TEXTS = ['', 'ascii only', 'héllo wörld — 日本 😀 ', 'ÿ café é'.repeat(40), 'abc'.repeat(100), 'héllo wörld — 日本 😀 '.repeat(300), '\ufeff' + 'b'.repeat(400) + '€'];
const lower = { utf8: lowerUtf8, utf16: lowerUtf16, 'latin1+utf16': lowerLatin1Utf16 } as const;
const lift = { utf8: liftUtf8, utf16: liftUtf16, 'latin1+utf16': liftLatin1Utf16 } as const;

/** Every copy's outcome: destination length and bytes, or the trap's message. */
function outcomes(): string[] {
  const results: string[] = [];
  const ms = new MemView(new WebAssembly.Memory({ initial: 2 }));
  let next = 16;
  const bump = (_o: number, _s: number, align: number, size: number): number => { const p = Math.ceil(next / align) * align; next = p + size; return p; };
  const run = (f: () => string): void => { try { results.push(f()); } catch (e) { results.push(`${(e as Error).constructor.name}: ${(e as Error).message}`); } };
  for (const from of ENCODINGS) {
    for (const text of TEXTS) {
      next = 16;
      const p = lower[from](ms, bump, text, 'src');
      const n = out.len;
      // Sources in memory: the text, and (long enough for the native paths) the text broken where it is stored.
      const sources: [number, number][] = [[p, n]];
      if (text.length > 300) {
        const q = bump(0, 0, 2, 2 * text.length + 8);
        ms.u8.copyWithin(q, p, p + (from === 'utf8' ? n : 2 * (n & 0x7fffffff)));
        if (from === 'utf8') ms.u8[q + 333] = 0xff; // an invalid byte
        else if ((n & 0x80000000) !== 0 || from === 'utf16') { ms.u8[q + 2 * 301] = 0x00; ms.u8[q + 2 * 301 + 1] = 0xdc; } // a lone low surrogate
        sources.push([q, n]);
      }
      for (const to of ENCODINGS) {
        const copy = stringCopy(from, to);
        for (const [sp, sn] of sources) {
          const md = new MemView(new WebAssembly.Memory({ initial: 2 }));
          let at = 8;
          const ra = (_o: number, _s: number, align: number, size: number): number => { const r = Math.ceil(at / align) * align; at = r + size; return r; };
          run(() => { const q = copy(ms, sp, sn, md, ra, `fused ${from}→${to}`); return `${at - q} ${Buffer.from(md.u8.subarray(q, at)).toString('hex')}`; });
          const mu = new MemView(new WebAssembly.Memory({ initial: 2 }));
          at = 8;
          run(() => { ms.n = 0; const q = lower[to](mu, ra, lift[from](ms, sp, sn, `unfused ${from}`), `unfused ${to}`); return `${out.len} ${Buffer.from(mu.u8.subarray(q, at)).toString('hex')}`; });
        }
      }
    }
  }
  return results;
}

if (process.env.KUMIKI_NO_NODE_CODECS_CHILD === '1') {
  process.stdout.write(JSON.stringify({ probe: typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule, results: outcomes() }));
} else {
  test('fused and unfused string copies give the same bytes and traps without Node codecs (TextDecoder and JS paths)', () => {
    const child = spawnSync(process.execPath, ['--import', 'data:text/javascript,delete process.getBuiltinModule', fileURLToPath(import.meta.url)], {
      env: { ...process.env, KUMIKI_NO_NODE_CODECS_CHILD: '1', NODE_TEST_CONTEXT: '' }, encoding: 'utf8', maxBuffer: 64 << 20,
    });
    assert.equal(child.status, 0, child.stderr);
    const { probe, results } = JSON.parse(child.stdout) as { probe: string; results: string[] };
    assert.equal(probe, 'undefined', 'the child has no process.getBuiltinModule');
    const here = outcomes();
    assert.equal(results.length, here.length);
    for (let i = 0; i < here.length; i++) assert.equal(results[i], here[i], `case ${i}`);
    assert.ok(here.some((r) => r.includes('invalid utf-8')) && here.some((r) => r.includes('unpaired surrogate')), 'invalid sources are among the cases');
  });
}
