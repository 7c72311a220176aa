// The executor's reading of the suite's JSON specifications (specification.md): the legacy form, the operation form,
// and the checks made of an outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, planOf } from './suite.js';

test('wasi-testsuite spec: legacy form, defaults, and only the streams it names are checked', () => {
  const p = planOf('rust', 'x', { args: ['a'], env: { K: 'v' }, root: 'fs-tests.dir', exit_code: 3, stdout: 'hi' });
  assert.deepEqual([p.args, p.env, p.root, p.exitCode, p.stdout, p.stderr], [['a'], { K: 'v' }, 'fs-tests.dir', 3, 'hi', undefined]);
  const d = planOf('c', 'y', {});
  assert.deepEqual([d.args, d.env, d.root, d.exitCode, d.stdout, d.stderr], [[], {}, null, 0, undefined, undefined]);
  assert.equal(check(d, { exitCode: 0, stdout: 'diagnostics', stderr: 'more' }), undefined);
  assert.equal(check(p, { exitCode: 3, stdout: 'hi', stderr: '' }), undefined);
  assert.equal(check(p, { exitCode: 1, stdout: 'ho', stderr: 'boom' }), 'exit code 1, expected 3; stdout "ho", expected "hi"; stderr "boom"');
});

test('wasi-testsuite spec: operation form (run, read, wait), and what this executor does not run', () => {
  const p = planOf('rust', 'z', { operations: [
    { type: 'run', args: ['x'], env: { A: 'b' }, root: 'd' },
    { type: 'read', id: 'stdout', payload: 'one\n' }, { type: 'read', payload: 'two\n' }, { type: 'read', id: 'stderr', payload: 'e' },
    { type: 'wait', exit_code: 2 },
  ] });
  assert.deepEqual([p.args, p.env, p.root, p.exitCode, p.stdout, p.stderr, p.unsupported], [['x'], { A: 'b' }, 'd', 2, 'one\ntwo\n', 'e', undefined]);
  const net = planOf('rust', 's', { proposals: ['sockets'], operations: [{ type: 'run' }, { type: 'connect', id: 'c' }, { type: 'send', id: 'c' }, { type: 'wait' }] });
  assert.equal(net.unsupported, 'proposal sockets, operation connect, operation send');
  assert.throws(() => planOf('c', 'w', { operations: [{ type: 'wait' }] }), /c\/w\.json: no run operation/);
});
