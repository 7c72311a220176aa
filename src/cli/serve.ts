import type { Command } from './main.js';
export const command: Command = { summary: 'serve a wasi:http/incoming-handler component over node:http', async run() { return 2; } };
