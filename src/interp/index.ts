// The adapter interpreter's chunk (loaded on demand by entries/component.ts): plan adapters and fused adapters
// that run without eval.
export { interpLift, interpLower } from './adapter.js';
export { tryFuseInterp } from './fuse.js';
