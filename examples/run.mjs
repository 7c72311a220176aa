// Builds the greeter component from WIT + WAT at run time (jco's WAT parser and wit-component, dev dependencies),
// then runs it with kumiki. `npm run example`.
import { readFileSync } from 'node:fs';
import { parse, componentEmbed, componentNew } from '@bytecodealliance/jco';
import { Component, ComponentError } from '../dist/src/index.js';
import { printPlan } from '../dist/src/abi/plan-print.js';

const here = new URL('./greeter/', import.meta.url);
const wit = readFileSync(new URL('greeter.wit', here), 'utf8');
const core = await parse(readFileSync(new URL('greeter.wat', here), 'utf8'));
const bytes = await componentNew(await componentEmbed({ binary: core, witSource: wit, world: 'greeter' }));

const component = await Component.compile(bytes);
console.log('adapter plans (kumiki inspect --adapters):\n' + component.plans.map(printPlan).join('\n\n').split('\n').map((l) => '  ' + l).join('\n'));

const { greet } = component.instantiate({
  // Interface names work with or without a version; functions are camelCase.
  'example:greeter/host': { log: (line) => console.log(`  [host log] ${line}`) },
}).exports;

console.log('\ncalls:');
console.log(`greet('Lin')          = ${JSON.stringify(greet.greet('Lin'))}`);
console.log(`greet('世界 🌍')        = ${JSON.stringify(greet.greet('世界 🌍'))}`);
console.log(`sum([1, 2, 3, 4])     = ${greet.sum(new Uint32Array([1, 2, 3, 4]))}`);
console.log(`stats()               = ${JSON.stringify(greet.stats(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
console.log(`invert(4)             = ${greet.invert(4)}`);
try {
  greet.invert(0);
} catch (e) {
  console.log(`invert(0) threw ${e.name} with payload ${JSON.stringify(e instanceof ComponentError ? e.payload : e)}`);
}
try {
  greet.sum(new Float32Array([1.5]));
} catch (e) {
  console.log(`sum(Float32Array) threw ${e.name}: ${e.message}`);
}
