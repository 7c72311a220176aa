#!/usr/bin/env node
// The CLI lives in src/cli (compiled to dist/); `npm install` builds it (prepare script).
import v8 from 'node:v8';
// Node 20's V8 gates extended constant expressions (used by componentize-qjs output) behind a flag; later Node has them.
if (process.versions.node.split('.')[0] === '20') v8.setFlagsFromString('--experimental-wasm-extended-const');
const { main } = await import('../dist/src/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
