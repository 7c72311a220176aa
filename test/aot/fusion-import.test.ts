// What a transpiled module imports of the fuser (entries/transpiled.ts `fusion` / `fusionExports`): a module that
// lowers functions (one of its imports may be another instance's export) imports the whole eval-free fuser; one that
// lowers none only registers its exports, so that other modules' imports fuse with them; `fuse: false` imports
// neither. A bundler then leaves the fuser out of modules that cannot use it (bench/size.bench.ts (c) and (c')).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { transpile } from '../../src/tools/transpile.js';
import { assemble } from '../support/build.js';
import { calleeComponent, callerComponent, type FusedFunc } from '../fused/fixture.js';

const FUNCS: readonly FusedFunc[] = [{ name: 'len', sig: '(param "x" string) (result u32)', flat: 2, retArea: false }];

const js = (bytes: Uint8Array, fuse?: boolean): string => transpile(bytes, { name: 'm', ...(fuse !== undefined ? { fuse } : {}) }).files.get('m.js') as string;

describe('transpile: the fuser is imported only by modules that can fuse their imports', () => {
  it('a module with imported functions imports `fusion`, one with exports only `fusionExports`, `fuse: false` neither', async () => {
    const caller = await assemble(callerComponent(FUNCS, 'utf8'));
    const callee = await assemble(calleeComponent(FUNCS, 'utf8'));
    assert.match(js(caller), /^import \{ TranspiledComponent, fetchCoreModule, fusion \} from "kumiki\/runtime";$/m);
    assert.match(js(caller), /new TranspiledComponent\(program, adapters, modules, undefined, fusion\)/);
    assert.match(js(callee), /^import \{ TranspiledComponent, fetchCoreModule, fusionExports \} from "kumiki\/runtime";$/m);
    for (const bytes of [caller, callee]) {
      assert.doesNotMatch(js(bytes, false), /fusion/);
      assert.match(js(bytes, false), /new TranspiledComponent\(program, adapters, modules\)/);
    }
  });
});
