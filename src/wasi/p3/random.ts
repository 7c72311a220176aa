// wasi:random@0.3 (random, insecure, insecure-seed) over `crypto.getRandomValues` (every JS host has it).

/** `n` cryptographically random bytes (getRandomValues fills at most 65536 bytes per call). */
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += 65536) crypto.getRandomValues(out.subarray(off, Math.min(n, off + 65536)));
  return out;
}

function randomU64(): bigint {
  const b = randomBytes(8);
  return new DataView(b.buffer).getBigUint64(0, true);
}

/** `max-len` is a u64; a request over 64 MiB is refused (a trap naming it) rather than exhausting host memory. */
function size(maxLen: bigint, where: string): number {
  if (maxLen > 64n * 1024n * 1024n) throw new RangeError(`${where}: max-len ${maxLen} is over kumiki/wasi's limit of 64 MiB per call`);
  return Number(maxLen);
}

export function random(): Record<string, Record<string, unknown>> {
  // insecure-seed is one value per host object (WIT: the same on every call; it seeds hash maps).
  const seed = [randomU64(), randomU64()];
  return {
    'wasi:random/random': {
      getRandomBytes: (maxLen: bigint) => randomBytes(size(maxLen, 'wasi:random/random#get-random-bytes')),
      getRandomU64: randomU64,
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (maxLen: bigint) => randomBytes(size(maxLen, 'wasi:random/insecure#get-insecure-random-bytes')),
      getInsecureRandomU64: randomU64,
    },
    'wasi:random/insecure-seed': {
      getInsecureSeed: () => [...seed],
    },
  };
}
