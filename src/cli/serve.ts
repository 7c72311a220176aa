// `kumiki serve COMPONENT.wasm [--port N] [--host H] [--dir HOST::GUEST] [--env K[=V]] [--network]`: serves a
// wasi:http/incoming-handler (0.2) or wasi:http/handler@0.3 component over node:http until SIGINT/SIGTERM (one
// instance; requests streamed; `--network` lets its outgoing requests out).
import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { Component } from '../entries/component.js';
import { serveHttp03, wasi, type Handler03 } from '../wasi/index.js';
import { serveHttp, type IncomingHandler } from '../wasi/serve.js';
import { parseRunArgs } from './run.js';

const USAGE = 'usage: kumiki serve COMPONENT.wasm [--port N] [--host H] [--dir HOST::GUEST]... [--env K[=V]]... [--network] [--compat sync-cancel-in-set]';

export const command: Command = {
  summary: 'serve a wasi:http/incoming-handler (0.2) or wasi:http/handler (0.3) component over node:http (--port N)',
  async run(argv) {
    let port = 8080;
    let host = '127.0.0.1';
    const rest: string[] = [];
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '--port' || a === '--host') {
        const v = argv[++i];
        if (v === undefined) { console.error(`kumiki serve: ${a} needs a value\n${USAGE}`); return 2; }
        if (a === '--host') host = v;
        else if (!/^\d+$/.test(v) || Number(v) > 65535) { console.error(`kumiki serve: bad port ${v}`); return 2; } else port = Number(v);
      } else rest.push(a);
    }
    const a = parseRunArgs(rest);
    if (typeof a === 'string') { console.error(`kumiki serve: ${a}\n${USAGE}`); return 2; }
    const raw = readFileSync(a.file);
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    const imports = await wasi({ args: [a.file, ...a.args], env: a.env, preopens: a.preopens, network: a.network, stdin: '' });
    const component = await Component.compile(bytes, { compat: a.compat });
    const instance = component.instantiate(imports);
    // WASI 0.3: a `wasi:http/handler@0.3.x` export is served by kumiki/wasi's own host.
    const key03 = Object.keys(instance.exports).find((k) => /^wasi:http\/handler@0\.3\.\d+(-.*)?$/.test(k));
    if (key03 !== undefined) {
      // A trap poisons an instance: the requests after one are served by a fresh instance (same grants).
      let first: typeof instance | undefined = instance;
      const make = (): Handler03 => {
        const inst = first ?? component.instantiate(imports);
        first = undefined;
        return inst.exports[key03] as unknown as Handler03;
      };
      const s = await serveHttp03(make, { port, host });
      console.error(`kumiki serve: listening on http://${s.host}:${s.port}/ (WASI 0.3)`);
      return new Promise<number>((resolve) => {
        const stop = (): void => { void s.close().then(() => resolve(0)); };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    }
    const handler = instance.exports['wasi:http/incoming-handler'] as unknown as IncomingHandler | undefined;
    if (handler === undefined) {
      console.error(`kumiki serve: ${a.file} does not export wasi:http/incoming-handler`);
      return 1;
    }
    const s = await serveHttp(handler, { port, host });
    console.error(`kumiki serve: listening on http://${s.host}:${s.port}/`);
    return new Promise<number>((resolve) => {
      const stop = (): void => { s.close(); resolve(0); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
