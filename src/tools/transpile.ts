// Ahead-of-time transpile (DESIGN.md §2: "the same emitter serves run-time instantiation (new Function) and
// ahead-of-time transpile (files)"): read + validate + plan + generate adapters now, so that what ships is an ES
// module of plain JS (the program description and one adapter factory per function), its core modules as `.wasm`
// files, and `kumiki/runtime`, which only links and runs (no eval: CSP-safe). Core modules under `base64Cutoff` bytes
// are inlined in the module as base64 instead (jco's `--base64-cutoff`), so a small component ships as one file.
import { readComponent } from '../binary/read.js';
import { validateComponent } from '../validate/index.js';
import { liftSource, lowerSource } from '../codegen/adapter.js';
import { asyncEntrySource, directParams, directResult, entryLift, returnEntrySource } from '../codegen/async-entry.js';
import { entryLower, lowerEntrySource } from '../codegen/lower-entry.js';
import { buildProgram, coreModuleBytes, newBuildState } from '../program/program.js';
import { compileCoreModules } from '../program/core-compile.js';
import { componentTypeToDts } from './dts.js';
import { FuseOpTable } from './fuse-plan-data.js';
import { UnsupportedError } from '../errors.js';
import { usesAsync } from '../program/uses-async.js';
import type { Op, ProgramDesc } from '../program/desc.js';
import { TRANSPILED_FORMAT } from '../abi/transpiled-format.js';
import { checkCompat, type CompatOption } from '../program/compat.js';

export interface TranspileOptions {
  /** Base name of the generated files (`<name>.js`, `<name>.d.ts`, `<name>.core<K>.wasm`); default `component`. */
  readonly name?: string;
  /** The specifier the generated module imports the runtime from; default `kumiki/runtime`. */
  readonly runtime?: string;
  /**
   * The specifier of the async runtime, imported only by modules of components that use component-model async;
   * default: `kumiki/runtime/async` for `kumiki/runtime`, else `runtime` with `entries/transpiled.js` →
   * `entries/async.js` or `runtime.js` → `runtime-async.js` (the package's files).
   */
  readonly asyncRuntime?: string;
  /** Validation feature gates, as wasm-tools names them. */
  readonly features?: readonly string[];
  /** Where the component came from, for the header comments. */
  readonly source?: string;
  /**
   * Fused adapters between instances (default true): the module carries each adapter's plan as data, so that an
   * import satisfied by another instance's export copies memory to memory (interp/fuse.ts) instead of crossing
   * through JS values. `false` leaves the plans out (a smaller module; such calls lift to JS and lower again).
   */
  readonly fuse?: boolean;
  /**
   * Core modules smaller than this many bytes are inlined into the generated module as base64 (as jco's
   * `--base64-cutoff`) instead of written as `.wasm` files: a small component ships as one file (no fetch, works from
   * data: URLs, bundlers, edge runtimes). Default 0: never inline. `Infinity` inlines every core module.
   */
  readonly base64Cutoff?: number;
  /**
   * Compatibility options of the async runtime, as `Component.compile(bytes, { compat })` takes them
   * (program/compat.ts `COMPAT_OPTIONS`): the module links with `asyncRuntime.withCompat(compat)`. Only
   * components that use async are affected.
   */
  readonly compat?: readonly CompatOption[];
}

export interface TranspileResult {
  /** File name → contents: the module (`.js`), its declarations (`.d.ts`) and the core modules (`.wasm`). */
  readonly files: ReadonlyMap<string, string | Uint8Array>;
  /**
   * The core module files, in the order the generated module loads them (inlined ones are not listed: what
   * `instantiateSync` takes and `getCoreModule` is asked for).
   */
  readonly coreModules: readonly string[];
}

/** Core modules are checked by the host's compiler below, as the JIT checks them by compiling. */
const coreCheckedByCompile = (): undefined => undefined;

/** A base name usable as a file name and in a relative URL. */
function checkName(name: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) throw new TypeError(`transpile: name '${name}' must be a plain file name (letters, digits, '_', '.', '-')`);
  return name;
}

/**
 * Text safe inside a generated `//` or `/* *\/` comment: line terminators (U+2028/9 too), other control characters
 * and `*\/` are escaped, so a file or function name cannot end the comment and inject code (issue 10, point 7).
 */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029\ufeff]|\*\//g, (c) => (c === '*/' ? '*\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Constants of generated adapters are plain data (names of cases): checked, since they are written as JSON. */
function json(v: unknown, where: string): string {
  const s = JSON.stringify(v);
  if (s === undefined || JSON.stringify(JSON.parse(s)) !== s) throw new UnsupportedError(`unsupported: ${where} holds a value that is not plain data`);
  return s;
}

/** The cutoff in bytes: a non-negative integer, or Infinity. */
function checkCutoff(n: number | undefined): number {
  if (n === undefined) return 0;
  if (typeof n !== 'number' || !(n === Infinity || (Number.isSafeInteger(n) && n >= 0))) {
    throw new TypeError(`transpile: base64Cutoff must be a non-negative integer number of bytes (or Infinity), got ${String(n)}`);
  }
  return n;
}

/** Base64 (RFC 4648 §4) of bytes, with `btoa` (every host kumiki runs on): no Node APIs in the main entry. */
function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The default loader of core module files (the same text whether or not some modules are inlined). */
const FILE_LOADER = [
  '/** The default loader: the file next to this module (Node: read from disk; elsewhere: fetch). */',
  'function loadCoreModule(file) {',
  '  const url = new URL(file, import.meta.url);',
  "  if (url.protocol === 'file:' && globalThis.process?.versions?.node !== undefined) {",
  "    return import('node:fs/promises').then((fs) => fs.readFile(url)).then((b) => WebAssembly.compile(b));",
  '  }',
  '  return fetchCoreModule(url);',
  '}',
  '',
];

/**
 * The loading and linking part of a generated module where some core modules are inlined as base64: `cores` lists
 * every core module in load order, a number (its index in `coreModules`, a file) or a string (its bytes in base64).
 * `instantiateSync` takes only the files' modules (in `coreModules` order) and compiles the inlined ones itself
 * (synchronously, once); `getCoreModule` is asked only for files. With no files left, no loader is written: the
 * module reads nothing next to itself (no `import.meta.url`, no `node:fs`), so it runs from a data: URL or a bundle.
 */
function inlinedLoader(modules: readonly Uint8Array[], inline: readonly boolean[], files: readonly string[], asyncArg: string): string[] {
  let k = 0;
  const cores = modules.map((m, i) => (inline[i] ? JSON.stringify(base64(m)) : String(k++)));
  const some = files.length > 0;
  return [
    `/** The core module files, next to this file (modules under the base64 cutoff are inlined in \`cores\` instead). */`,
    `export const coreModules = ${JSON.stringify(files)};`,
    '',
    '/** Every core module in load order: a number is an index in `coreModules` (a file), a string the bytes in base64. */',
    `const cores = [\n  ${cores.join(',\n  ')},\n];`,
    '',
    ...(some ? FILE_LOADER : []),
    '/** The inlined core modules compiled (an array parallel to `cores`), once; `compiling` while in progress. */',
    'let inlined;',
    'let compiling;',
    'function compileInlined() {',
    '  const p = compiling ??= Promise.all(cores.map((c) => (typeof c === "string" ? WebAssembly.compile(base64Bytes(c)) : undefined)));',
    '  return p.then((m) => (inlined ??= m), (e) => { if (compiling === p) compiling = undefined; throw e; });',
    '}',
    'function compileInlinedSync() {',
    '  return inlined ??= cores.map((c) => (typeof c === "string" ? new WebAssembly.Module(base64Bytes(c)) : undefined));',
    '}',
    '',
    'const none = [];',
    'const linked = new WeakMap();',
    '/** Links once per array of compiled core module files, with the inlined modules in their places. */',
    'function link(files) {',
    '  let c = linked.get(files);',
    '  if (c === undefined) {',
    '    if (!Array.isArray(files) || files.length !== coreModules.length) {',
    '      throw new TypeError(`instantiateSync(imports, modules): expected an array of ${coreModules.length} compiled core modules, one per \\`coreModules\\` file (the ${cores.length - coreModules.length} inlined ones are compiled by this module)`);',
    '    }',
    `    c = new TranspiledComponent(program, adapters, cores.map((x, i) => (typeof x === "number" ? files[x] : inlined[i]))${asyncArg});`,
    '    linked.set(files, c);',
    '  }',
    '  return c;',
    '}',
    '',
    ...(some ? ['let loaded;'] : []),
    '/**',
    ' * Instantiates the component; resolves to its exports. `options.getCoreModule(file)` overrides how a core module',
    ' * file (one of `coreModules`; never an inlined module) is loaded (it returns a WebAssembly.Module or a promise of one).',
    ' */',
    'export async function instantiate(imports = {}, options = {}) {',
    '  const get = options.getCoreModule;',
    "  if (get !== undefined && typeof get !== 'function') throw new TypeError('instantiate(imports, options): options.getCoreModule must be a function');",
    ...(some
      ? [
          '  let modules;',
          '  if (get === undefined) {',
          '    const p = loaded ??= Promise.all(coreModules.map(loadCoreModule));',
          '    try { modules = await p; } catch (e) { if (loaded === p) loaded = undefined; throw e; }',
          '  } else modules = await Promise.all(coreModules.map((f) => get(f)));',
          '  await compileInlined();',
          '  return link(modules).instantiateAwaitable(imports, options);',
        ]
      : [
          '  await compileInlined();',
          '  return link(none).instantiateAwaitable(imports, options);',
        ]),
    '}',
    '',
    '/**',
    ' * Instantiates synchronously; returns the exports. `modules`: the compiled core module files, one per `coreModules`',
    ' * entry in that order (none when every module is inlined); the inlined modules are compiled here, synchronously.',
    ' */',
    'export function instantiateSync(imports = {}, modules = none, options = {}) {',
    '  compileInlinedSync();',
    '  return link(modules).instantiate(imports, options);',
    '}',
    '',
  ];
}

/** The async runtime's specifier next to `runtime` (TranspileOptions.asyncRuntime). */
function asyncSpecifier(runtime: string): string {
  if (runtime === 'kumiki/runtime') return 'kumiki/runtime/async';
  if (runtime.endsWith('entries/transpiled.js')) return `${runtime.slice(0, -'transpiled.js'.length)}async.js`;
  if (runtime.endsWith('runtime.js')) return `${runtime.slice(0, -'.js'.length)}-async.js`;
  throw new UnsupportedError(`transpile: this component uses component-model async; give options.asyncRuntime (CLI: --async-runtime), the specifier of kumiki/runtime/async to go with the runtime ${runtime}`);
}

/** The `lift-async`, `lower-async` and `task.return` ops of a program description, nested components' included. */
function asyncOpsOf(desc: ProgramDesc): Extract<Op, { op: 'lift-async' | 'lower-async' | 'task.return' }>[] {
  return desc.ops.flatMap((op) => op.op === 'lift-async' || op.op === 'lower-async' || op.op === 'task.return' ? [op] : op.op === 'component' ? asyncOpsOf(op.program) : []);
}

/** The async lifts' own JS functions and fusable task.returns' own core imports (TranspiledComponent's `asyncEntries`). */
function entryLines(entries: readonly string[]): string[] {
  return [
    '/** Each async lift\'s JS function, async lower\'s and task.return\'s core import, by adapter index: their call sites see one target each. */',
    'const asyncEntries = [];',
    ...entries,
    '',
  ];
}

/** Transpiles a component binary into an ES module, its declarations and its core modules. */
export function transpile(bytes: Uint8Array, options: TranspileOptions = {}): TranspileResult {
  const name = checkName(options.name ?? 'component');
  const runtime = options.runtime ?? 'kumiki/runtime';
  const fuse = options.fuse ?? true;
  const cutoff = checkCutoff(options.base64Cutoff);
  const tree = readComponent(bytes);
  const { view, type } = validateComponent(tree, { features: options.features ?? [], coreValidator: coreCheckedByCompile });
  const modules = coreModuleBytes(tree);
  // Compile each core module once here: a module the engine rejects fails now (a ValidationError), not in the browser.
  compileCoreModules(tree);
  const state = newBuildState();
  const { desc } = buildProgram(tree, view, state);
  // Only components that use async import the async runtime (link/async-backend.ts).
  const async = usesAsync(desc, state.plans);
  const compat = checkCompat(options.compat ?? [], 'transpile: compat');
  // Fused adapters come from the runtime only for modules with plans as data: the whole fuser for modules that lower
  // functions (an import may be another instance's export), registration only for the others.
  const fusion = !fuse ? undefined : state.plans.some((p) => p.direction === 'lower') ? 'fusion' : 'fusionExports';
  const runtimeArg = compat.length > 0 ? `asyncRuntime.withCompat(${JSON.stringify(compat)})` : 'asyncRuntime';
  // Each async lift the fast path applies to gets a JS function of its own (codegen/async-entry.ts), by its adapter index.
  const entries = !async ? [] : asyncOpsOf(desc).flatMap((op): string[] => {
    if (op.op === 'task.return') {
      // Only where its result may fuse (link-async.ts: plan data in the module); else its adapter is the import.
      const n = state.plans[op.a]!.core.params.length;
      return fuse && n <= 4 ? [`asyncEntries[${op.a}] = function (H, E, L, A, C, B) { // task.return\n${returnEntrySource(n, directResult(state.plans[op.a]))}\n};`] : [];
    }
    if (op.op === 'lower-async') {
      // Each async lower's core function (codegen/lower-entry.ts); link-async.ts uses it unless the lower fuses.
      const lw = entryLower(state.plans[op.a]!.params.length, op.arity, op.res !== undefined);
      return lw === undefined ? [] : [`asyncEntries[${op.a}] = function (H, E, L, A, C, B) { // ${commentText(op.name)} (async lower)\n${lowerEntrySource(lw)}\n};`];
    }
    const l = entryLift(op);
    return l === undefined ? [] : [`asyncEntries[${l.a}] = function (H, E, L, A, C, B) { // ${commentText(l.name)}\n${asyncEntrySource(l.params, l.flat, directParams(state.plans[l.a]))}\n};`];
  });
  const asyncArg = `${async ? `, ${runtimeArg}` : fusion !== undefined ? ', undefined' : ''}${fusion !== undefined ? `, ${fusion}` : ''}`
    + (entries.length > 0 ? `${fusion !== undefined ? '' : ', undefined'}, asyncEntries` : '');
  const fusionImport = fusion !== undefined ? `, ${fusion}` : '';

  // Each core module (in load order) is a file, or (smaller than the cutoff) inlined as base64.
  const inline = modules.map((m) => m.length < cutoff);
  const coreModules = modules.flatMap((_m, i) => (inline[i] ? [] : [`${name}.core${i}.wasm`]));
  const inlined = inline.some(Boolean);
  const from = options.source !== undefined ? ` from ${commentText(options.source)}` : '';
  const js: string[] = [
    `// Generated by kumiki transpile${from}. Do not edit.`,
    fuse
      ? `// Runs with ${commentText(runtime)} (no eval). Imports satisfied by another instance's exports copy memory to memory (fused adapters).`
      : `// Runs with ${commentText(runtime)} (no eval). Imports satisfied by another instance's exports cross through JS (no fused adapters).`,
    inlined
      ? `import { TranspiledComponent${coreModules.length > 0 ? ', fetchCoreModule' : ''}, base64Bytes${fusionImport} } from ${JSON.stringify(runtime)};`
      : `import { TranspiledComponent, fetchCoreModule${fusionImport} } from ${JSON.stringify(runtime)};`,
    ...(async ? [`import { asyncRuntime } from ${JSON.stringify(options.asyncRuntime ?? asyncSpecifier(runtime))};`] : []),
    '',
    '/** The instantiation, definition by definition (kumiki program/desc.ts). */',
    `const program = ${json({ ...desc, format: TRANSPILED_FORMAT }, 'the program description')};`,
    '',
    `/** One adapter per canon lift/lower: [factory (h, k, env), constants k, resource type ids k.res${fuse ? ', plan data for fused adapters' : ''}]. */`,
    'const adapters = [',
  ];
  const table = new FuseOpTable();
  const adapterLines: string[] = [];
  state.plans.forEach((plan, i) => {
    const { source, consts } = plan.direction === 'lift' ? liftSource(plan) : lowerSource(plan);
    adapterLines.push(`  // ${i}: ${plan.direction} ${commentText(plan.name)}`);
    const data = fuse ? `, ${table.planSource(plan)}` : '';
    adapterLines.push(`  [function (h, k, env) {\n${source}\n  }, ${json(consts, `adapter ${plan.name}`)}, ${json(state.resIds[i], 'resource ids')}${data}],`);
  });
  if (fuse) {
    // The plans' value ops, each distinct one once (tools/fuse-plan-data.ts); written before the adapters use them.
    js.splice(js.length - 2, 0, '/** Value ops of the plans (for fused adapters), each distinct one once. */', 'const O = [];', ...table.lines, '');
  }
  js.push(...adapterLines, '];', '');
  if (entries.length > 0) js.push(...entryLines(entries));
  if (!inlined) {
    js.push(
      `/** The core modules, next to this file. */`,
      `export const coreModules = ${JSON.stringify(coreModules)};`,
      '',
      ...FILE_LOADER,
      'const linked = new WeakMap();',
      '/** Links once per array of compiled core modules. */',
      'function link(modules) {',
      '  let c = linked.get(modules);',
      `  if (c === undefined) { c = new TranspiledComponent(program, adapters, modules${asyncArg}); linked.set(modules, c); }`,
      '  return c;',
      '}',
      '',
      'let loaded;',
      '/**',
      ' * Instantiates the component; resolves to its exports. `options.getCoreModule(file)` overrides how a core module',
      ' * file is loaded (it returns a WebAssembly.Module or a promise of one).',
      ' */',
      'export async function instantiate(imports = {}, options = {}) {',
      '  const get = options.getCoreModule;',
      "  if (get !== undefined && typeof get !== 'function') throw new TypeError('instantiate(imports, options): options.getCoreModule must be a function');",
      '  let modules;',
      '  if (get === undefined) {',
      '    const p = loaded ??= Promise.all(coreModules.map(loadCoreModule));',
      '    try { modules = await p; } catch (e) { if (loaded === p) loaded = undefined; throw e; }',
      '  } else modules = await Promise.all(coreModules.map((f) => get(f)));',
      '  return link(modules).instantiateAwaitable(imports, options);',
      '}',
      '',
      '/** Instantiates synchronously with the compiled core modules (in `coreModules` order); returns the exports. */',
      'export function instantiateSync(imports = {}, modules, options = {}) {',
      '  return link(modules).instantiate(imports, options);',
      '}',
      '',
    );
  } else js.push(...inlinedLoader(modules, inline, coreModules, asyncArg));

  const dts = [
    componentTypeToDts(type, options.source !== undefined ? { source: commentText(options.source) } : {}).replace(/^\/\/ Generated by kumiki types/, '// Generated by kumiki transpile').trimEnd(),
    '',
    '/** Options of `instantiate`. */',
    'export interface InstantiateOptions {',
    '  /** Loads a core module file (one of `coreModules`); default: the file next to the generated module. */',
    '  getCoreModule?(file: string): WebAssembly.Module | Promise<WebAssembly.Module>;',
    '  /** The most bytes of guest memory one call may lift into JS values (strings, lists); default 256 MiB. */',
    '  maxLiftBytes?: number;',
    '}',
    ...(inlined
      ? [
          '/** The core module files, next to the generated module (the modules inlined as base64 are not listed). */',
          'export declare const coreModules: readonly string[];',
          '/** Instantiates the component; resolves to its exports. */',
          'export declare function instantiate(imports?: Imports, options?: InstantiateOptions): Promise<Exports>;',
          '/**',
          ' * Instantiates synchronously with the compiled core module files (one per `coreModules` entry, in that order);',
          ' * the inlined core modules are compiled by the module itself.',
          ' */',
          `export declare function instantiateSync(imports: Imports | undefined, modules${coreModules.length === 0 ? '?' : ''}: readonly WebAssembly.Module[], options?: { maxLiftBytes?: number }): Exports;`,
        ]
      : [
          '/** The core module files, next to the generated module. */',
          'export declare const coreModules: readonly string[];',
          '/** Instantiates the component; resolves to its exports. */',
          'export declare function instantiate(imports?: Imports, options?: InstantiateOptions): Promise<Exports>;',
          '/** Instantiates synchronously with the compiled core modules (in `coreModules` order). */',
          'export declare function instantiateSync(imports: Imports | undefined, modules: readonly WebAssembly.Module[], options?: { maxLiftBytes?: number }): Exports;',
        ]),
    '',
  ];

  const files = new Map<string, string | Uint8Array>();
  files.set(`${name}.js`, js.join('\n'));
  files.set(`${name}.d.ts`, dts.join('\n'));
  modules.forEach((m, i) => { if (!inline[i]) files.set(`${name}.core${i}.wasm`, m); });
  return { files, coreModules };
}
