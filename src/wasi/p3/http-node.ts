// A node Readable (an IncomingMessage: serve's requests, the client's responses) as the chunks of a host stream:
// views of its Buffers, never copies, and what it holds already taken at once.
type NodeReadable = import('node:stream').Readable;

/** What `r` has buffered now (taken from it, so `chunksOf(r)` goes on after them). */
export function buffered(r: NodeReadable): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let c = r.read() as Buffer | null; c !== null; c = r.read() as Buffer | null) out.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return out;
}

/** `r`'s chunks as they come (ending `chunksOf` early destroys `r`). */
export async function* chunksOf(r: NodeReadable): AsyncGenerator<Uint8Array> {
  for await (const c of r as AsyncIterable<Buffer>) yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}
