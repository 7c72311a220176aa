// Component forms of the conformance corpora, assembled (shared by the binary tests; read-only corpora).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@bytecodealliance/jco';
import { assembleForm, parseWast } from '../support/wast.js';
import { filesUnder } from '../support/files.js';

/** `/work/shared/conformance` resolved from `dist/test/binary/` (repo root is three levels up). */
export const CONFORMANCE = fileURLToPath(new URL('../../../../shared/conformance/', import.meta.url));

export const CORPORA = {
  'component-model-spec': join(CONFORMANCE, 'component-model-spec/test'),
  'wasm-tools': join(CONFORMANCE, 'wasm-tools/component-model'),
} as const;
export type CorpusName = keyof typeof CORPORA;

/** How the corpus expects the form to fare: top-level forms are valid; `assert_*` wrap invalid ones. */
export type Expectation = 'valid' | 'invalid' | 'malformed' | 'other';

export interface AssembledForm {
  readonly corpus: CorpusName;
  readonly file: string;
  readonly line: number;
  readonly kind: 'component' | 'module';
  readonly expect: Expectation;
  readonly bytes: Uint8Array;
  /** The expected failure text of an `assert_*` form. */
  readonly message?: string;
}

export interface CorpusTally { files: number; forms: number; assembled: number; assembleFailed: number }

const EXPECT: Record<string, Expectation> = {
  component: 'valid', module: 'valid', assert_invalid: 'invalid', assert_malformed: 'malformed',
};

/** Every component/module form of one corpus (`.wast` commands, and whole `.wat` files), assembled. */
export async function assembleCorpus(corpus: CorpusName): Promise<{ forms: AssembledForm[]; tally: CorpusTally }> {
  const root = CORPORA[corpus];
  const forms: AssembledForm[] = [];
  const tally: CorpusTally = { files: 0, forms: 0, assembled: 0, assembleFailed: 0 };
  for (const file of filesUnder(root, '.wast')) {
    tally.files++;
    let script;
    try {
      script = parseWast(readFileSync(file, 'utf8'), file);
    } catch {
      continue;
    }
    for (const cmd of script.commands) {
      const form = cmd.form;
      if (!form) continue;
      tally.forms++;
      try {
        const bytes = await assembleForm(form);
        tally.assembled++;
        const f: AssembledForm = { corpus, file: file.slice(root.length + 1), line: form.line, kind: form.kind, expect: EXPECT[cmd.head] ?? 'other', bytes };
        forms.push(cmd.message === undefined ? f : { ...f, message: cmd.message });
      } catch {
        tally.assembleFailed++;
      }
    }
  }
  if (corpus === 'wasm-tools') {
    for (const file of filesUnder(root, '.wat')) {
      tally.files++;
      tally.forms++;
      try {
        const bytes = await parse(readFileSync(file, 'utf8'));
        tally.assembled++;
        forms.push({ corpus, file: file.slice(root.length + 1), line: 1, kind: bytes[4] === 0x0d ? 'component' : 'module', expect: 'other', bytes });
      } catch {
        tally.assembleFailed++;
      }
    }
  }
  return { forms, tally };
}

/** Whether bytes start with the component preamble. */
export function isComponent(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d &&
    bytes[4] === 0x0d && bytes[5] === 0 && bytes[6] === 1 && bytes[7] === 0;
}
