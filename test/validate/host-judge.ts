// Child-process judge for conformance.test.ts: validates forms under whichever Node runs this file (the newer
// Node of test/spec-runtime/host-node.ts), for forms whose core modules Node 20's V8 cannot compile. Reads a JSON
// array of `JudgeRequest` on stdin and writes one JSON array of `JudgeReply` on stdout. Not a test file itself.
import { setFlagsFromString } from 'node:v8';
import { ValidationError } from '../../src/errors.js';
import { validate } from '../../src/validate/index.js';
import { hostCoreValidator } from '../../src/validate/component.js';

export interface JudgeRequest {
  /** The assembled form, base64. */
  readonly bytes: string;
  readonly kind: 'component' | 'module';
  readonly features: readonly string[];
}

export interface JudgeReply {
  readonly verdict: 'valid' | 'invalid';
  readonly detail: string;
}

// Proposals the corpora use that newer V8s may still keep behind flags (memory64, multi-memory, exnref; shared
// tables of shared-everything-threads, which the scripts enable with `-f shared-everything-threads`).
for (const flag of ['--experimental-wasm-memory64', '--experimental-wasm-multi-memory', '--experimental-wasm-exnref', '--experimental-wasm-shared']) {
  setFlagsFromString(flag);
}

function judgeOne(r: JudgeRequest): JudgeReply {
  const bytes = new Uint8Array(Buffer.from(r.bytes, 'base64'));
  if (r.kind === 'module') {
    const reason = hostCoreValidator(bytes);
    return reason === undefined ? { verdict: 'valid', detail: '' } : { verdict: 'invalid', detail: reason };
  }
  try {
    validate(bytes, { features: r.features });
    return { verdict: 'valid', detail: '' };
  } catch (e) {
    if (e instanceof ValidationError) return { verdict: 'invalid', detail: e.reason };
    return { verdict: 'invalid', detail: `CRASH ${e instanceof Error ? e.stack : String(e)}` };
  }
}

const chunks: Buffer[] = [];
process.stdin.on('data', (c: Buffer) => chunks.push(c));
process.stdin.on('end', () => {
  const requests = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JudgeRequest[];
  process.stdout.write(JSON.stringify(requests.map(judgeOne)));
});
