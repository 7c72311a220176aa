// wasi:io/streams resources over JS bytes and callbacks, as subclasses of the shim's classes (so the imports'
// resource checks accept them): one object per `wasi()` call, not the shim's process-wide stdio.

export interface ShimStreams {
  readonly InputStream: new () => object;
  readonly OutputStream: new () => object;
}

type Pollables = Record<string, Record<string, unknown> | undefined>;

/** An always-ready pollable: these streams never block. */
function ready(obj: Pollables): unknown {
  const clock = obj['wasi:clocks/monotonic-clock'] as { subscribeDuration(d: bigint): unknown };
  return clock.subscribeDuration(0n);
}

/** wasi:io/streams output-stream writing to `sink` (each chunk a fresh copy). */
export function byteSink(streams: ShimStreams, sink: (bytes: Uint8Array) => void, obj: Pollables): object {
  const put = (buf: Uint8Array): void => { sink(buf.slice()); };
  class ByteSink extends streams.OutputStream {
    checkWrite(): bigint { return 1n << 20n; }
    write(buf: Uint8Array): void { put(buf); }
    blockingWriteAndFlush(buf: Uint8Array): void { put(buf); }
    flush(): void {}
    blockingFlush(): void {}
    writeZeroes(n: bigint): void { put(new Uint8Array(Number(n))); }
    blockingWriteZeroesAndFlush(n: bigint): void { put(new Uint8Array(Number(n))); }
    splice(src: { read(n: bigint): Uint8Array }, n: bigint): bigint { const b = src.read(n); put(b); return BigInt(b.length); }
    blockingSplice(src: { blockingRead(n: bigint): Uint8Array }, n: bigint): bigint { const b = src.blockingRead(n); put(b); return BigInt(b.length); }
    subscribe(): unknown { return ready(obj); }
  }
  return new ByteSink();
}

/** wasi:io/streams input-stream reading `bytes`, then `closed` (the stream-error case for end of file). */
export function byteSource(streams: ShimStreams, bytes: Uint8Array, obj: Pollables): object {
  let at = 0;
  const take = (n: bigint): Uint8Array => {
    if (at >= bytes.length) throw { tag: 'closed' };
    const end = Math.min(bytes.length, at + Number(n > 0x7fffffffn ? 0x7fffffffn : n));
    const b = bytes.slice(at, end);
    at = end;
    return b;
  };
  class ByteSource extends streams.InputStream {
    read(n: bigint): Uint8Array { return take(n); }
    blockingRead(n: bigint): Uint8Array { return take(n); }
    skip(n: bigint): bigint { return BigInt(take(n).length); }
    blockingSkip(n: bigint): bigint { return BigInt(take(n).length); }
    subscribe(): unknown { return ready(obj); }
  }
  return new ByteSource();
}
