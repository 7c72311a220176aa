// The adapter interpreter's chunk (loaded on demand by runtime/component.ts): plan adapters and fused adapters
// that run without eval.
export { interpLift, interpLower } from './adapter.js';
export { tryFuseInterp } from '../runtime/fuse-interp.js';
