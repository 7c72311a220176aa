#!/usr/bin/env node
// The CLI lives in src/cli (compiled to dist/); `npm install` builds it (prepare script).
import { main } from '../dist/src/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
