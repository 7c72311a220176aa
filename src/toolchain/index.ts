// The toolchain in pure TypeScript: `componentNew` (core module + component-type section → component),
// `compose` (components linked into one) and `printComponent` (binary → text). Build-time tools: nothing here is imported by the runtime.
export { componentNew, type ComponentNewOptions } from './component-new.js';
export { ComponentNewError } from './errors.js';
export { compose, type ComposeInput, type ComposeLink } from './compose.js';
export { printComponent, PrintError, type PrintOptions } from '../print/component.js';
