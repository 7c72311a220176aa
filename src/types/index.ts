// The single model of component types: produced by the WIT resolver and the binary validator, consumed downstream.
export * from './values.js';
export * from './resources.js';
export * from './functions.js';
export * from './core.js';
export * from './externs.js';
export * from './equal.js';
export * from './print.js';
