// Blocking without stack switching (CanonicalABI.md Thread.wait_until): while the condition is false, other ready
// stackless work runs on this stack. A task whose function type is sync may not block at all (a trap); an async one
// that nothing here can unblock would need JSPI to suspend its core code.
import { UnsupportedError } from '../../errors.js';
import { runOneReady } from './scheduler.js';
import { currentTask, type AsyncInstance } from './task.js';
import { asyncTrap, SYNC_BLOCK } from './trap.js';

/**
 * Blocks the running core code until `ready()` (CanonicalABI.md Thread.wait_until). Other ready work runs
 * meanwhile (stackless tasks of other instances). A synchronous task may not block; an async one that would have
 * to suspend its stack needs JSPI.
 */
export function block(a: AsyncInstance, ready: () => boolean, name: string): void {
  if (ready()) return;
  const t = currentTask(a);
  if (t === undefined || !t.opts.fnAsync) asyncTrap(SYNC_BLOCK);
  // Bounded in rounds and in nesting (work run here may block in turn): work that only yields, or waits on the host,
  // cannot make this ready without the host's event loop.
  if (depth >= MAX_DEPTH) jspiNeeded(name);
  depth++;
  try {
    for (let n = 0; !ready(); n++) {
      if (n >= MAX_ROUNDS || !runOneReady()) jspiNeeded(name);
    }
  } finally {
    depth--;
  }
}

const MAX_DEPTH = 4, MAX_ROUNDS = 256;
let depth = 0;

function jspiNeeded(name: string): never {
  throw new UnsupportedError(`${name}: the calling task must block, which needs JSPI (WebAssembly.Suspending) to suspend its core code; this host has none`);
}

