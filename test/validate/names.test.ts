// Extern names (Explainer.md "Import and Export Definitions") and semver, against wasmparser's own cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { isKebab, parseComponentName, uniquenessKey } from '../../src/validate/names.js';
import { parseSemver } from '../../src/wit/semver.js';

test('kebab-case labels', () => {
  for (const ok of ['a', 'a-B', 'a0', 'a-0', 'a0-000-3d4a-54FF', 'ABC-def']) assert.ok(isKebab(ok), ok);
  for (const bad of ['', 'aB', 'a-', '-', '¶', '0', '0-a', 'a-b--c', 'a0-000-3d4A-54Ff', 'a_b']) assert.ok(!isKebab(bad), bad);
});

test('annotated names parse into their parts', () => {
  assert.deepEqual(parseComponentName('[method]a-0.b-1', 0), { raw: '[method]a-0.b-1', kind: 'method', resource: 'a-0', func: 'b-1' });
  assert.equal(parseComponentName('[constructor]a', 0).kind, 'constructor');
  assert.equal(parseComponentName('[static]a.b', 0).kind, 'static');
  assert.equal(parseComponentName('wasi:http/types@0.2.0', 0).kind, 'interface');
  for (const bad of ['[foo]a', '[method]a', '[method]a.b.c', '[static]a', 'a:b', 'A:b/c', 'a:b/c/d']) {
    assert.throws(() => parseComponentName(bad, 7), (e: unknown) => e instanceof ValidationError && e.offset === 7, bad);
  }
  assert.equal(parseComponentName('a:b/c/d', 0, { nestedNames: true }).kind, 'interface');
});

test('strong uniqueness: case-insensitive labels, [method]/[static] clash, R.R clashes with R', () => {
  const key = (s: string): string => uniquenessKey(parseComponentName(s, 0));
  assert.equal(key('foo'), key('FOO'));
  assert.equal(key('[method]a.b'), key('[static]a.b'));
  assert.notEqual(key('[method]b.b'), key('[static]a.b'));
  assert.equal(key('[method]a.a'), key('a'));
  assert.notEqual(key('[constructor]a'), key('a'));
});

test('semver', () => {
  for (const ok of ['0.2.0', '1.2.3-rc.1+build.5', '10.20.30', '1.0.0-0A.is.legal']) assert.equal(parseSemver(ok), undefined, ok);
  for (const bad of ['', '1', '1.2', '01.2.3', '1.2.3-01', '1.2.3-', '1.2.3+', 'a.b.c', '1.2.3.4']) assert.equal(typeof parseSemver(bad), 'string', bad);
});
