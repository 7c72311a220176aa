#!/usr/bin/env node
// The CLI lives in src/cli; `npm install` (prepare) / `npm run build` compile it and bundle it into dist/bundle/cli.js,
// whose commands load on demand (scripts/bundle.ts): one file to read at start instead of dozens.
import v8 from 'node:v8';
// Node 20's V8 gates extended constant expressions (used by componentize-qjs output) behind a flag; later Node has them.
if (process.versions.node.split('.')[0] === '20') v8.setFlagsFromString('--experimental-wasm-extended-const');
const { main } = await import('../dist/bundle/cli.js');
process.exitCode = await main(process.argv.slice(2));
