// Serving a wasi:http/incoming-handler export over node:http: preview2-shim's HTTPServer, whose node:http server
// runs in the shim's I/O worker (connections, request and response bodies streamed in chunks, many requests in
// flight) and calls the component's `handle` on this thread for each request. Node, Bun and Deno.
import { WasiUnavailableError } from './index.js';

/** The exported interface: `handle(request, response-outparam)`. */
export interface IncomingHandler { handle(request: unknown, responseOut: unknown): void }

export interface ServeOptions {
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface HttpServing {
  readonly port: number;
  readonly host: string;
  /** Stops listening (open connections are dropped). */
  close(): void;
}

interface ShimServer { listen(port: number, host: string): void; address(): { port: number }; stop(): void }

/** Serves `handler` (an instance's `wasi:http/incoming-handler` export, linked to kumiki/wasi's imports). */
export async function serveHttp(handler: IncomingHandler, options: ServeOptions = {}): Promise<HttpServing> {
  if (handler === null || typeof handler !== 'object' || typeof handler.handle !== 'function') {
    throw new TypeError('serveHttp: expected the wasi:http/incoming-handler export (an object with handle)');
  }
  let mod: { HTTPServer: new (h: IncomingHandler) => ShimServer };
  try {
    mod = (await import('@bytecodealliance/preview2-shim/http')) as unknown as typeof mod;
  } catch (e) {
    throw new WasiUnavailableError(`serving needs the optional peer dependency @bytecodealliance/preview2-shim: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const host = options.host ?? '127.0.0.1';
  const server = new mod.HTTPServer(handler);
  server.listen(options.port ?? 8080, host);
  return { port: server.address().port, host, close: () => server.stop() };
}
