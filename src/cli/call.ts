// `kumiki call COMPONENT.wasm FUNC [ARG-as-JSON…]`: instantiate a component without imports and call one export
// (`name`, `iface#name` or `iface.name`), arguments converted from JSON, the result printed as JSON.
import { readInput } from './read-input.js';
import type { Command } from './command.js';
import type { ExternType, FuncType } from '../types/index.js';
import { ComponentError } from '../errors.js';
import { camelCase } from '../abi/plan.js';
import { validate } from '../validate/index.js';
import { Component } from '../entries/component.js';
import { ArgumentError, fromJson, toJson } from '../tools/json-values.js';

const USAGE = 'usage: kumiki call COMPONENT.wasm FUNC [ARG-as-JSON...]   (FUNC: name, iface#name or iface.name)';

/** An export function found by the name given on the command line. */
interface Target { readonly func: FuncType; readonly path: readonly string[]; readonly label: string }

export const command: Command = {
  summary: 'call an exported function of a component (no imports): kumiki call C.wasm [iface#]func JSON-ARGS...',
  async run(args) {
    const [file, name, ...rest] = args;
    if (file === undefined || name === undefined) { console.error(USAGE); return 2; }
    const bytes = readInput(file);
    const ct = validate(bytes);
    // Instances of types only need no host object (the runtime supplies an empty one).
    const needed = [...ct.imports].filter(([, e]) => e.kind === 'func' || (e.kind === 'instance' && [...e.type.exports.values()].some((x) => x.kind === 'func'))).map(([n]) => n);
    if (needed.length > 0) {
      console.error(`kumiki call: ${file} needs imports, which \`kumiki call\` cannot provide: ${needed.join(', ')}`);
      return 1;
    }
    const target = findExport(ct.exports, name);
    if (typeof target === 'string') { console.error(`kumiki call: ${target}`); return 1; }
    const { func } = target;
    if (rest.length !== func.params.length) {
      console.error(`kumiki call: ${target.label} takes ${func.params.length} argument(s) (${func.params.map((p) => p.name).join(', ') || 'none'}), got ${rest.length}`);
      return 1;
    }
    let values: unknown[];
    try {
      values = func.params.map((p, i) => {
        const where = `${target.label}: parameter '${p.name}'`;
        let json: unknown;
        try { json = JSON.parse(rest[i]!); } catch { throw new ArgumentError(`${where}: not valid JSON: ${rest[i]}`); }
        return fromJson(p.type, json, where);
      });
    } catch (e) {
      if (e instanceof ArgumentError) { console.error(`kumiki call: ${e.message}`); return 1; }
      throw e;
    }
    const instance = (await Component.compile(bytes)).instantiate({});
    let fn: unknown = instance.exports;
    for (const k of target.path) fn = (fn as Record<string, unknown> | undefined)?.[k];
    if (typeof fn !== 'function') { console.error(`kumiki call: ${target.label} is not callable on the instance`); return 1; }
    try {
      const result = await (fn as (...a: unknown[]) => unknown)(...values);
      if (func.result !== undefined && !(func.result.kind === 'result' && func.result.ok === undefined)) console.log(toJson(result));
      return 0;
    } catch (e) {
      if (e instanceof ComponentError) { console.error(`${target.label} returned an error: ${toJson(e.payload)}`); return 1; }
      throw e;
    }
  },
};

/** Resolves `name`, `iface#name` or `iface.name` among the exports; a message when it is not there. */
export function findExport(exports: ReadonlyMap<string, ExternType>, name: string): Target | string {
  const rootName = exports.has(name) ? name : [...exports.keys()].find((n) => camelCase(n) === name);
  const root = rootName === undefined ? undefined : exports.get(rootName);
  if (root?.kind === 'func') return { func: root.type, path: [camelCase(rootName!)], label: rootName! };
  const cut = name.includes('#') ? name.lastIndexOf('#') : name.lastIndexOf('.');
  const funcs = (ext: ExternType): string[] => (ext.kind === 'instance' ? [...ext.type.exports].filter(([, e]) => e.kind === 'func').map(([n]) => n) : []);
  const available = [...exports].flatMap(([n, e]) => (e.kind === 'func' ? [n] : funcs(e).map((f) => `${n}#${f}`)));
  const list = available.length > 0 ? ` (exported functions: ${available.join(', ')})` : ' (it exports no functions)';
  if (cut <= 0) return `no exported function '${name}'${list}`;
  const ifaceName = name.slice(0, cut);
  const fname = name.slice(cut + 1);
  const unversioned = (n: string): string => n.replace(/@[^/@]*$/, '');
  const short = (n: string): string => unversioned(n).slice(unversioned(n).lastIndexOf('/') + 1);
  const found = [...exports].find(([n, e]) => e.kind === 'instance' && (n === ifaceName || unversioned(n) === ifaceName || short(n) === ifaceName || camelCase(short(n)) === ifaceName));
  if (found === undefined || found[1].kind !== 'instance') return `no exported interface '${ifaceName}'${list}`;
  const members = found[1].type.exports;
  const fn = members.get(fname) ?? [...members].find(([n]) => camelCase(n) === fname)?.[1];
  const witName = members.has(fname) ? fname : [...members.keys()].find((n) => camelCase(n) === fname) ?? fname;
  if (fn?.kind !== 'func') return `no function '${fname}' in ${found[0]}${list}`;
  if (witName.startsWith('[')) return `${found[0]}#${witName}: resource members cannot be called from the shell`;
  return { func: fn.type, path: [found[0], camelCase(witName)], label: `${found[0]}#${witName}` };
}
