// WAVE, the WebAssembly Value Encoding (wasm-tools' wasm-wave): parse and print component values as text.
export { parseWave, parseWaveCall, toValue, WaveError } from './parse.js';
export { printWave } from './print.js';
