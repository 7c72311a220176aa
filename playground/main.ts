// The playground page (issue 15): drop or pick a component; see its WIT, structure, picture and adapter plans; call
// its exports through forms generated from the WIT types; step through one call; run wasi:cli commands in a
// terminal pane; see a validation error's byte in a hex view. kumiki's own code, no framework.
import { Component, ComponentError, validate, funcTypeToString, externTypeToString, type ComponentType, type FuncType, type ValType } from '../src/index.js';
import { readComponent } from '../src/binary/read.js';
import { componentTree } from '../src/binary/tree.js';
import { printPlan } from '../src/abi/plan-print.js';
import type { AdapterPlan } from '../src/abi/plan.js';
import { clear, h } from './dom.js';
import { field, type Field, type HeldHandle } from './form.js';
import { picture } from './picture.js';
import { hexView } from './hex.js';
import { asciiBytes, hexBytes, showValue } from './values.js';
import { isCommand, type Files } from './wasi.js';
import type { Frame, Tracer } from './trace.js';

const VIEWS = ['wit', 'structure', 'picture', 'adapters', 'call', 'steps', 'terminal', 'hex'] as const;
type View = typeof VIEWS[number];
const VIEW_TITLES: Record<View, string> = {
  wit: 'WIT', structure: 'Structure', picture: 'Picture', adapters: 'Adapters', call: 'Call', steps: 'Steps', terminal: 'Terminal', hex: 'Hex',
};

/** One callable export: a root function, an interface's function, or a resource's constructor/method/static. */
interface Callable {
  readonly id: string;
  readonly label: string;
  readonly iface: string | undefined;
  readonly name: string;
  readonly type: FuncType;
  readonly plan: AdapterPlan | undefined;
  invoke(exports: Record<string, unknown>, args: unknown[]): unknown;
}

interface Loaded {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly type?: ComponentType;
  readonly component?: Component;
  readonly error?: Error & { offset?: number };
  readonly callables: Callable[];
}

/** WIT names of resource types, from the callables' `[constructor]r` / `[method]r.m` names. */
const resourceNames = new WeakMap<object, string>();
const resourceName = (r: object): string => resourceNames.get(r) ?? 'resource';

const camel = (n: string): string => n.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const pascal = (n: string): string => camel(n).replace(/^./, (c) => c.toUpperCase());

let evalAllowed: boolean | undefined;
function canEval(): boolean {
  if (evalAllowed === undefined) { try { evalAllowed = new Function('return 1')() === 1; } catch { evalAllowed = false; } }
  return evalAllowed;
}
const wantInterp = new URLSearchParams(location.search).get('mode') === 'interp';

const $ = (id: string): HTMLElement => document.getElementById(id)!;
let current: Loaded | undefined;
let view: View = 'wit';
const held: HeldHandle[] = [];
const hostLog: string[] = [];
const snippets = new Map<string, string>();
let files: Files = new Map([['notes.txt', 'first line\nsecond line\nthird line\n']]);

// ─── loading ───────────────────────────────────────────────────────────────────────────────────────────────

async function load(name: string, bytes: Uint8Array): Promise<void> {
  held.length = 0;
  hostLog.length = 0;
  tracer = undefined;
  instanceExports = undefined;
  let loaded: Loaded;
  try {
    const type = validate(bytes);
    const component = await Component.compile(bytes, wantInterp ? { mode: 'interp' } : {});
    loaded = { name, bytes, type, component, callables: callables(type, component.plans) };
  } catch (e) {
    loaded = { name, bytes, error: e instanceof Error ? e : new Error(String(e)), callables: [] };
  }
  current = loaded;
  document.body.dataset.loaded = name;
  renderSummary();
  show(loaded.error ? 'hex' : isCommand(loaded.type?.exports.keys() ?? []) ? 'terminal' : view === 'hex' || view === 'terminal' ? 'wit' : view);
}

function callables(type: ComponentType, plans: readonly AdapterPlan[]): Callable[] {
  const out: Callable[] = [];
  const planOf = (full: string): AdapterPlan | undefined => [...plans].reverse().find((p) => p.direction === 'lift' && p.name === full);
  const add = (iface: string | undefined, name: string, t: FuncType): void => {
    const full = iface ? `${iface}#${name}` : name;
    const m = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(name);
    const holder = (exports: Record<string, unknown>): Record<string, unknown> => (iface ? exports[iface] : exports) as Record<string, unknown>;
    let invoke: Callable['invoke'];
    let label = name;
    if (m?.[1] === 'constructor') {
      label = `new ${pascal(m[2]!)}`;
      invoke = (ex, args) => {
        // A local first: the minifier (rolldown 1.3) drops the parentheses of `new (a(b)[c])(...)`.
        const Class = holder(ex)[pascal(m[2]!)] as new (...a: unknown[]) => unknown;
        return new Class(...args);
      };
    } else if (m?.[1] === 'method') {
      label = `${pascal(m[2]!)}#${camel(m[3]!)}`;
      invoke = (_ex, args) => (args[0] as Record<string, (...a: unknown[]) => unknown>)[camel(m[3]!)]!(...args.slice(1));
    } else if (m?.[1] === 'static') {
      label = `${pascal(m[2]!)}.${camel(m[3]!)}`;
      invoke = (ex, args) => (holder(ex)[pascal(m[2]!)] as Record<string, (...a: unknown[]) => unknown>)[camel(m[3]!)]!(...args);
    } else invoke = (ex, args) => (holder(ex)[camel(name)] as (...a: unknown[]) => unknown)(...args);
    if (m) {
      const r = m[1] === 'constructor' ? t.result : m[1] === 'method' ? t.params[0]?.type : undefined;
      if (r?.kind === 'own' || r?.kind === 'borrow') resourceNames.set(r.resource, m[2]!);
    }
    out.push({ id: full, label, iface, name, type: t, plan: planOf(full), invoke });
  };
  for (const [name, ext] of type.exports) {
    if (ext.kind === 'func') add(undefined, name, ext.type);
    else if (ext.kind === 'instance') for (const [fn, e] of ext.type.exports) if (e.kind === 'func') add(name, fn, e.type);
  }
  return out;
}

// ─── host imports: JS snippets (where eval is allowed) or logging stubs ────────────────────────────────────

function zero(t: ValType | undefined): unknown {
  if (t === undefined) return undefined;
  switch (t.kind) {
    case 'bool': return false;
    case 's64': case 'u64': return 0n;
    case 'string': return '';
    case 'char': return 'a';
    case 'list': return [];
    case 'option': return undefined;
    case 'enum': return t.names[0];
    case 'record': return Object.fromEntries(t.fields.map((f) => [camel(f.name), zero(f.type)]));
    case 'tuple': return t.types.map(zero);
    case 'flags': return {};
    case 'variant': return t.cases[0]!.type === undefined ? { tag: t.cases[0]!.name } : { tag: t.cases[0]!.name, val: zero(t.cases[0]!.type) };
    case 'result': return zero(t.ok);
    default: return 0;
  }
}

function hostImports(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ext] of current?.type?.imports ?? []) {
    if (ext.kind !== 'instance') continue;
    const obj: Record<string, unknown> = {};
    for (const [fn, e] of ext.type.exports) {
      if (e.kind !== 'func') continue;
      const key = `${name}#${fn}`;
      const t = e.type;
      const code = snippets.get(key);
      const user = code && canEval() ? new Function(...t.params.map((p) => camel(p.name)), code) as (...a: unknown[]) => unknown : undefined;
      obj[camel(fn)] = (...args: unknown[]) => {
        hostLog.push(`${key}(${args.map((a) => showValue(a)).join(', ')})`);
        const r = user ? user(...args) : zero(t.result);
        renderHostLog();
        return r;
      };
    }
    out[name] = obj;
  }
  return out;
}

function renderHostLog(): void {
  const el = document.getElementById('host-log');
  if (el) el.textContent = hostLog.length ? hostLog.slice(-40).join('\n') : '(no host calls yet)';
}

// ─── the page ──────────────────────────────────────────────────────────────────────────────────────────────

function renderSummary(): void {
  const el = $('summary');
  clear(el);
  if (!current) { el.append(h('p', { class: 'muted' }, 'Pick an example or drop a .wasm component anywhere on the page.')); return; }
  el.append(h('h2', {}, current.name), h('p', { class: 'muted' }, `${current.bytes.length.toLocaleString('en')} bytes`));
  if (current.error) {
    el.append(h('p', { class: 'error', id: 'load-error' }, `${current.error.name}: ${current.error.message}`));
    return;
  }
  el.append(h('p', { class: 'ok' }, `valid · adapters: ${current.component!.mode}`));
  const list = (title: string, m: ReadonlyMap<string, unknown>): void => {
    el.append(h('h3', {}, title));
    const ul = h('ul', { class: 'names' });
    for (const n of m.keys()) ul.append(h('li', {}, n));
    if (m.size === 0) ul.append(h('li', { class: 'muted' }, 'none'));
    el.append(ul);
  };
  list('imports', current.type!.imports);
  list('exports', current.type!.exports);
}

function show(v: View): void {
  view = v;
  for (const b of document.querySelectorAll<HTMLElement>('nav button')) b.classList.toggle('active', b.dataset.view === v);
  const el = $('view');
  clear(el);
  el.dataset.view = v;
  if (!current) { el.append(h('p', { class: 'muted' }, 'Nothing loaded yet.')); return; }
  try {
    renderView(v, el, current);
  } catch (e) {
    el.append(h('p', { class: 'error' }, `${(e as Error).name}: ${(e as Error).message}`));
  }
}

function renderView(v: View, el: HTMLElement, c: Loaded): void {
  if (c.error && v !== 'hex' && v !== 'structure') {
    el.append(h('p', { class: 'error' }, `${c.error.name}: ${c.error.message}`), h('p', { class: 'muted' }, 'See the Hex view for the byte it points at.'));
    return;
  }
  switch (v) {
    case 'wit': return renderWit(el, c);
    case 'structure': {
      try {
        el.append(h('pre', { class: 'tree' }, componentTree(readComponent(c.bytes))));
      } catch (e) {
        el.append(h('p', { class: 'error' }, `${(e as Error).name}: ${(e as Error).message}`));
      }
      return;
    }
    case 'picture': {
      el.append(h('p', { class: 'muted' }, 'Imports on the left, exports on the right, instances between (nested components inside theirs). Thick orange links between component instances are fused: memory to memory, no JS value in between.'));
      const wrap = h('div', { class: 'picture-wrap' });
      wrap.append(picture(readComponent(c.bytes)));
      el.append(wrap);
      return;
    }
    case 'adapters': return renderAdapters(el, c);
    case 'call': return renderCall(el, c);
    case 'steps': return renderSteps(el, c);
    case 'terminal': return renderTerminal(el, c);
    case 'hex': {
      const offset = c.error?.offset;
      el.append(h('p', { class: c.error ? 'error' : 'muted' }, c.error ? `${c.error.name} at byte offset ${offset === undefined ? '?' : `0x${offset.toString(16)} (${offset})`}: ${c.error.message}` : 'The first bytes (a validation error would be marked here).'));
      el.append(hexView(c.bytes, offset ?? (c.error ? undefined : 0), c.error ? 6 : 8));
      return;
    }
  }
}

async function witText(bytes: Uint8Array): Promise<string> {
  const [{ decodeWitFromBinary }, { printWit }] = await Promise.all([import('../src/wit-binary/index.js'), import('../src/wit/printer.js')]);
  // The whole resolve: the component's world and the packages it imports and exports, in full.
  const d = decodeWitFromBinary(bytes);
  return printWit(d.resolve, d.package);
}

function renderWit(el: HTMLElement, c: Loaded): void {
  const pre = h('pre', { class: 'wit' }, '…');
  el.append(pre);
  witText(c.bytes).then((t) => { pre.textContent = t; }, (e: Error) => {
    // Not every component decodes to a WIT package (e.g. hand-written ones); its type is shown instead.
    const lines = [`// ${e.message}`, ...[...c.type!.imports].map(([n, t]) => `import ${n}: ${externTypeToString(t)};`), ...[...c.type!.exports].map(([n, t]) => `export ${n}: ${externTypeToString(t)};`)];
    pre.textContent = lines.join('\n');
  });
}

/** A plan listing, each instruction's name marked. */
function listing(text: string): HTMLElement {
  const pre = h('pre', { class: 'plan' });
  for (const line of text.split('\n')) {
    const m = /^(\s*)(\S+)(.*)$/.exec(line);
    if (!m) { pre.append(`${line}\n`); continue; }
    pre.append(m[1]!, h('span', { class: m[1] === '' ? 'plan-head' : 'instr' }, m[2]!), `${m[3]!}\n`);
  }
  return pre;
}

function renderAdapters(el: HTMLElement, c: Loaded): void {
  el.append(h('p', { class: 'muted' }, 'Each canon lift (export) and canon lower (import) as adapter instructions: the booklet made visible. Fused pairs between instances compose a lift with a lower.'));
  for (const p of c.component!.plans) {
    const card = h('div', { class: 'card' }, listing(printPlan(p)));
    const callable = c.callables.find((x) => x.plan === p);
    if (callable) card.append(h('button', { type: 'button', onclick: () => { stepTarget = callable.id; show('steps'); } }, 'Step through a call'));
    el.append(card);
  }
}

interface FormState { fields: Field[] }

function argsForm(cl: Callable): { el: HTMLElement; state: FormState } {
  const state: FormState = { fields: [] };
  const el = h('div', { class: 'args' });
  for (const p of cl.type.params) {
    const f = field(p.type, `${cl.id}.${p.name}`, { handles: () => held, resourceName });
    state.fields.push(f);
    el.append(h('label', { class: 'param' }, h('span', { class: 'name' }, `${p.name}: `), h('span', { class: 'type' }, typeText(p.type)), f.el));
  }
  return { el, state };
}

function typeText(t: ValType): string {
  return t.kind === 'own' || t.kind === 'borrow' ? `${t.kind}<${resourceName(t.resource)}>` : funcTypeToString({ kind: 'func', params: [], result: t }).replace(/^func\(\) -> /, '');
}

/** A function type as text, resources by their WIT names. */
function sigText(t: FuncType): string {
  return `func(${t.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(', ')})${t.result ? ` -> ${typeText(t.result)}` : ''}`;
}

let instanceExports: Record<string, unknown> | undefined;

function outcome(r: HTMLElement, f: () => unknown, resultType: ValType | undefined): void {
  clear(r);
  try {
    const value = f();
    // A resource the call returned: kept, so that later calls can pass it (own/borrow inputs list it).
    if (resultType?.kind === 'own' && value !== null && typeof value === 'object') {
      held.push({ label: `${pascal(resourceName(resultType.resource))} #${held.length + 1}`, resource: resultType.resource, value });
    }
    r.className = 'result ok';
    r.textContent = `→ ${showValue(value)}`;
  } catch (e) {
    r.className = 'result err';
    const err = e as Error;
    r.textContent = e instanceof ComponentError ? `threw ComponentError, payload ${showValue(e.payload)}` : `threw ${err?.name ?? 'value'}: ${err?.message ?? showValue(e)}`;
    if (err?.name === 'Trap') instanceExports = undefined;
  }
}


function renderCall(el: HTMLElement, c: Loaded): void {
  if (isCommand(c.type!.exports.keys())) el.append(h('p', { class: 'note' }, 'This is a wasi:cli command: run it in the Terminal view.'));
  const exportsNow = (): Record<string, unknown> => (instanceExports ??= c.component!.instantiate(hostImports()).exports as Record<string, unknown>);
  el.append(h('div', { class: 'toolbar' },
    h('button', { type: 'button', onclick: () => { instanceExports = undefined; held.length = 0; hostLog.length = 0; show('call'); } }, 'New instance'),
    h('span', { class: 'muted' }, ` one instance serves every call below (a trap poisons it: then make a new one) · mode: ${c.component!.mode}`)));
  for (const cl of c.callables) {
    if (cl.iface?.startsWith('wasi:')) continue;
    const { el: form, state } = argsForm(cl);
    const result = h('div', { class: 'result', 'data-result': cl.id });
    const card = h('div', { class: 'card call', 'data-func': cl.id },
      h('div', { class: 'sig' }, h('span', { class: 'iface' }, cl.iface ? `${cl.iface} ` : ''), h('b', {}, cl.label), h('span', { class: 'type' }, ` ${sigText(cl.type)}`)),
      form,
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-call': cl.id, onclick: () => outcome(result, () => cl.invoke(exportsNow(), state.fields.map((f) => f.read())), cl.type.result) }, 'Call'),
        cl.plan ? h('button', { type: 'button', class: 'secondary', onclick: () => { stepTarget = cl.id; show('steps'); } }, 'Step') : null),
      result);
    el.append(card);
  }
  el.append(renderImports(c));
}

function renderImports(c: Loaded): HTMLElement {
  const box = h('div', { class: 'card imports' }, h('h3', {}, 'Host imports'));
  const imported = [...c.type!.imports].filter(([, e]) => e.kind === 'instance');
  if (imported.length === 0) box.append(h('p', { class: 'muted' }, 'This component imports nothing.'));
  const evalOk = canEval();
  box.append(h('p', { class: 'muted' }, evalOk
    ? 'Each import logs its call below; give a JS function body to make it do more (the WIT parameter names are its arguments).'
    : 'This page runs under a Content-Security-Policy without eval: imports are logging stubs returning a zero value.'));
  for (const [name, ext] of imported) {
    if (ext.kind !== 'instance') continue;
    for (const [fn, e] of ext.type.exports) {
      if (e.kind !== 'func') continue;
      const key = `${name}#${fn}`;
      const ta = h('textarea', { rows: 2, 'data-import': key, placeholder: `// ${funcTypeToString(e.type)}\nreturn undefined;`, disabled: !evalOk }, snippets.get(key) ?? '');
      ta.addEventListener('change', () => { snippets.set(key, ta.value); instanceExports = undefined; });
      box.append(h('label', { class: 'import' }, h('code', {}, `${key}: ${funcTypeToString(e.type)}`), ta));
    }
  }
  box.append(h('h3', {}, 'Host log'), h('pre', { id: 'host-log', class: 'log' }));
  queueMicrotask(renderHostLog);
  return box;
}

// ─── steps ─────────────────────────────────────────────────────────────────────────────────────────────────

let stepTarget: string | undefined;
let tracer: Tracer | undefined;

function renderSteps(el: HTMLElement, c: Loaded): void {
  const steppable = c.callables.filter((x) => x.plan && !x.iface?.startsWith('wasi:'));
  if (steppable.length === 0) { el.append(h('p', { class: 'muted' }, 'No export with an adapter plan to step through.')); return; }
  const target = steppable.find((x) => x.id === stepTarget) ?? steppable[0]!;
  const sel = h('select', { id: 'step-func' }, ...steppable.map((x) => h('option', { value: x.id, selected: x === target }, x.id)));
  sel.addEventListener('change', () => { stepTarget = sel.value; show('steps'); });
  const { el: form, state } = argsForm(target);
  const handleParams = target.type.params.some((p) => p.type.kind === 'own' || p.type.kind === 'borrow');
  if (handleParams) form.append(h('p', { class: 'note' }, 'A traced call runs on a fresh instance, which does not own the resources made in the Call view: step a constructor or a function without handles.'));
  const out = h('div', { class: 'trace', id: 'trace' });
  const run = async (): Promise<void> => {
    clear(out);
    tracer ??= await (await import('./trace.js')).traced(c.bytes);
    let args: unknown[];
    try { args = state.fields.map((f) => f.read()); } catch (e) { out.append(h('p', { class: 'error' }, String(e))); return; }
    // The traced instance is a fresh one: a resource argument held from the Call view belongs to another instance
    // and is rejected by it (the error is shown); constructors and handle-free functions step as they are.
    const r = tracer.run(hostImports(), (ex) => target.invoke(ex, args));
    out.append(h('p', { class: r.error === undefined ? 'result ok' : 'result err' }, r.error === undefined ? `→ ${showValue(r.value)}` : `threw ${showValue(r.error)}${r.error instanceof ComponentError ? ` (payload ${showValue(r.error.payload)})` : ''}`));
    for (const f of r.frames) out.append(frameTable(f, 0));
  };
  el.append(
    h('p', { class: 'muted' }, 'Runs one call on a fresh, traced instance (interpreted adapters wrapped at every seam; normal instances are not traced) and shows each instruction with the values and bytes it moved. Links between instances run unfused here, so both sides show their instructions.'),
    h('div', { class: 'toolbar' }, sel),
    h('div', { class: 'card' }, listing(printPlan(target.plan!)), form, h('button', { type: 'button', id: 'step-run', onclick: () => { void run(); } }, 'Run one call, traced')),
    out);
}

function instrText(plan: AdapterPlan, i: number): string {
  return printPlan({ ...plan, steps: [plan.steps[i]!] }).split('\n').slice(1).map((l) => l.replace(/^ {2}/, '')).join('\n');
}

function bytesCell(regions: readonly { what: string; ptr: number; bytes: Uint8Array }[]): HTMLElement {
  const td = h('td', { class: 'bytes' });
  for (const r of regions) td.append(h('div', {}, h('span', { class: 'muted' }, `${r.what} @${r.ptr} `), h('code', {}, hexBytes(r.bytes, 32)), h('span', { class: 'ascii' }, ` ${asciiBytes(r.bytes, 32)}`)));
  return td;
}

function frameTable(f: Frame, depth: number): HTMLElement {
  const plan = f.plan;
  const table = h('table', { class: `steps depth${depth}` });
  table.append(h('caption', {}, `${plan.direction === 'lift' ? 'export' : 'import'} ${plan.name}`));
  table.append(h('tr', {}, h('th', {}, '#'), h('th', {}, 'instruction'), h('th', {}, 'values'), h('th', {}, 'bytes')));
  const call = f.events.find((e) => e.e === 'core-call');
  const ret = f.events.find((e) => e.e === 'core-return');
  const reallocs = f.events.filter((e) => e.e === 'realloc');
  const post = f.events.find((e) => e.e === 'post-return');
  const nested = f.events.filter((e) => e.e === 'import');
  let flatAt = 0;
  const coreArgs = call?.e === 'core-call' ? call.args : [];
  plan.steps.forEach((st, i) => {
    let values = '';
    let bytes: HTMLElement = h('td');
    switch (st.i) {
      case 'arg.get': values = showValue(f.args[st.index]); break;
      case 'lower': {
        if (st.into === 'flat' && plan.direction === 'lift') {
          const n = flatCount(st.type);
          values = `core ${coreArgs.slice(flatAt, flatAt + n).map((x) => showValue(x)).join(', ')}`;
          flatAt += n;
          const regions = call?.e === 'core-call' ? call.regions.filter((r) => r.what === plan.params[indexOfLower(plan, i)]?.name) : [];
          const allocs = reallocs.filter((r) => r.e === 'realloc' && regions.some((g) => Number(r.ptr) === g.ptr));
          if (allocs.length) values += `  · realloc(${(allocs[0] as { args: readonly unknown[] }).args.map((x) => showValue(x)).join(', ')}) → ${showValue((allocs[0] as { ptr: unknown }).ptr)}`;
          bytes = bytesCell(regions);
        } else if (st.into === 'memory' && plan.direction === 'lift') {
          values = `stored at +${st.offset} of the args tuple`;
        } else if (plan.direction === 'lower') values = showValue(f.result?.ok ? f.result.value : undefined);
        break;
      }
      case 'alloc-args-tuple': {
        const r = reallocs[0];
        values = r?.e === 'realloc' ? `realloc(${r.args.map((x) => showValue(x)).join(', ')}) → ${showValue(r.ptr)}` : '';
        if (call?.e === 'core-call') bytes = bytesCell(call.regions);
        break;
      }
      case 'call-export': values = call?.e === 'core-call' ? `(${call.args.map((x) => showValue(x)).join(', ')}) → (${ret?.e === 'core-return' ? ret.results.map((x) => showValue(x)).join(', ') : 'trapped'})` : 'not reached'; break;
      case 'lift-result': {
        if (ret?.e === 'core-return') bytes = bytesCell(ret.regions);
        values = f.result?.ok ? showValue(f.result.value) : f.result ? `error: ${showValue(f.result.error)}` : '';
        break;
      }
      case 'result-err-to-throw': values = f.result?.ok === false && f.result.error instanceof ComponentError ? `err → throw ComponentError(${showValue(f.result.error.payload)})` : 'ok → return'; break;
      case 'post-return': values = post?.e === 'post-return' ? `post-return(${post.args.map((x) => showValue(x)).join(', ')})` : 'not called'; break;
      case 'lift': {
        values = showValue(f.args[st.index]);
        if (call?.e === 'core-call') bytes = bytesCell(call.regions.filter((r) => r.what === st.name || r.what === 'args tuple'));
        break;
      }
      case 'lower-result': values = f.result?.ok ? showValue(f.result.value) : ''; break;
      case 'call-import': values = f.result?.ok ? `host returned ${showValue(f.result.value)}` : f.result ? `host threw ${showValue(f.result.error)}` : ''; break;
      case 'check-may-leave': case 'enter': case 'exit': case 'may-leave': case 'check-borrows': case 'journal-commit': values = '✓'; break;
      case 'return': values = f.result?.ok ? showValue(f.result.value) : ''; break;
      case 'return-core': values = call?.e === 'core-call' ? `core args (${call.args.map((x) => showValue(x)).join(', ')})${ret?.e === 'core-return' ? ` → (${ret.results.map((x) => showValue(x)).join(', ')})` : ''}` : ''; break;
      default: break;
    }
    table.append(h('tr', {}, h('td', { class: 'n' }, String(i)), h('td', {}, h('pre', { class: 'instr' }, instrText(plan, i))), h('td', { class: 'values' }, values), bytes));
    if ((st.i === 'call-export' || st.i === 'call-import') && nested.length) {
      const td = h('td', { colspan: 4, class: 'nested' });
      for (const n of nested) if (n.e === 'import') td.append(frameTable(n.frame, depth + 1));
      table.append(h('tr', {}, td));
    }
  });
  return table;
}

function indexOfLower(plan: AdapterPlan, stepIndex: number): number {
  let n = -1;
  for (let i = 0; i <= stepIndex; i++) if (plan.steps[i]!.i === 'lower') n++;
  return n;
}

function flatCount(t: ValType): number {
  switch (t.kind) {
    case 'string': case 'list': return t.kind === 'list' && t.length !== undefined ? t.length * flatCount(t.element) : 2;
    case 'record': return t.fields.reduce((a, f) => a + flatCount(f.type), 0);
    case 'tuple': return t.types.reduce((a, x) => a + flatCount(x), 0);
    case 'flags': return Math.max(1, Math.ceil(t.names.length / 32));
    case 'option': return 1 + flatCount(t.type);
    case 'result': return 1 + Math.max(t.ok ? flatCount(t.ok) : 0, t.err ? flatCount(t.err) : 0);
    case 'variant': return 1 + Math.max(0, ...t.cases.map((x) => (x.type ? flatCount(x.type) : 0)));
    default: return 1;
  }
}

// ─── terminal ──────────────────────────────────────────────────────────────────────────────────────────────

function renderTerminal(el: HTMLElement, c: Loaded): void {
  if (!isCommand(c.type!.exports.keys())) {
    el.append(h('p', { class: 'muted' }, 'This component is not a wasi:cli command (it exports no wasi:cli/run). Pick the C command example.'));
    return;
  }
  const args = h('input', { type: 'text', id: 'term-args', value: 'one two', class: 'wide' });
  const stdinLines: string[] = [];
  const stdinView = h('pre', { class: 'stdin-lines', id: 'stdin-lines' }, '(stdin is empty)');
  const line = h('input', { type: 'text', id: 'term-stdin', placeholder: 'a line of stdin, Enter to add', class: 'wide' });
  line.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    stdinLines.push(line.value);
    line.value = '';
    stdinView.textContent = stdinLines.map((l) => `› ${l}`).join('\n');
  });
  const clearStdin = h('button', { type: 'button', class: 'small', onclick: () => { stdinLines.length = 0; stdinView.textContent = '(stdin is empty)'; } }, 'clear stdin');
  const screen = h('pre', { class: 'terminal', id: 'terminal' }, '$ ');
  const fsBox = h('div', { class: 'files', id: 'files' });
  const renderFiles = (): void => {
    clear(fsBox);
    for (const [name, text] of files) {
      const ta = h('textarea', { rows: 3, 'data-file': name }, text);
      ta.addEventListener('input', () => files.set(name, ta.value));
      fsBox.append(h('div', { class: 'file' }, h('div', { class: 'file-head' }, h('code', {}, `/${name}`),
        h('button', { type: 'button', class: 'small', onclick: () => { files.delete(name); renderFiles(); } }, 'delete')), ta));
    }
    const newName = h('input', { type: 'text', placeholder: 'new-file.txt', id: 'new-file' });
    fsBox.append(h('div', { class: 'file-head' }, newName, h('button', { type: 'button', class: 'small', onclick: () => {
      const n = newName.value.trim().replace(/^\/+/, '');
      if (n && !n.includes('/')) { files.set(n, ''); renderFiles(); }
    } }, 'add file')));
  };
  renderFiles();
  const run = async (): Promise<void> => {
    if (line.value) { stdinLines.push(line.value); line.value = ''; }
    const argv = ['command', ...args.value.split(/\s+/).filter(Boolean)];
    clear(screen);
    screen.append(h('span', { class: 'prompt' }, `$ ${argv.join(' ')}${stdinLines.length ? ` < stdin (${stdinLines.length} line${stdinLines.length === 1 ? '' : 's'})` : ''}\n`));
    const { runCommand } = await import('./wasi.js');
    const r = await runCommand((imports) => c.component!.instantiate(imports).exports as Record<string, unknown>, argv,
      stdinLines.map((l) => `${l}\n`).join(''), files);
    screen.append(h('span', { class: 'out' }, r.stdout));
    if (r.stderr) screen.append(h('span', { class: 'err' }, r.stderr));
    if (r.error !== undefined) screen.append(h('span', { class: 'err' }, `${showValue(r.error)}\n`));
    screen.append(h('span', { class: 'status', id: 'exit-status' }, r.code === undefined ? '[failed]' : `[exit ${r.code}]`));
    files = r.files;
    renderFiles();
  };
  el.append(
    h('div', { class: 'term-grid' },
      h('div', {},
        h('div', { class: 'toolbar' }, h('label', {}, 'arguments ', args), h('button', { type: 'button', id: 'term-run', onclick: () => { void run(); } }, 'Run')),
        screen,
        h('h3', {}, 'stdin'), h('div', { class: 'toolbar' }, line, clearStdin), stdinView),
      h('div', {}, h('h3', {}, 'Files (preopened as /)'), fsBox)));
}

// ─── start ─────────────────────────────────────────────────────────────────────────────────────────────────

async function start(): Promise<void> {
  const nav = $('tabs');
  for (const v of VIEWS) nav.append(h('button', { type: 'button', 'data-view': v, onclick: () => show(v) }, VIEW_TITLES[v]));
  $('mode').textContent = wantInterp || !canEval() ? 'interpreter (no eval)' : 'codegen';
  const picker = $('picker') as HTMLInputElement;
  picker.addEventListener('change', async () => {
    const f = picker.files?.[0];
    if (f) await load(f.name, new Uint8Array(await f.arrayBuffer()));
  });
  const zone = document.body;
  zone.addEventListener('dragover', (e) => { e.preventDefault(); document.body.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  zone.addEventListener('drop', async (e) => {
    e.preventDefault();
    document.body.classList.remove('dragging');
    const f = e.dataTransfer?.files[0];
    if (f) await load(f.name, new Uint8Array(await f.arrayBuffer()));
  });
  renderSummary();
  show('wit');
  const list = (await (await fetch('examples/examples.json')).json()) as { name: string; file: string; about: string }[];
  const box = $('examples');
  for (const ex of list) {
    box.append(h('button', { type: 'button', class: 'example', 'data-example': ex.file, title: ex.about, onclick: async () => {
      const bytes = new Uint8Array(await (await fetch(`examples/${ex.file}`)).arrayBuffer());
      await load(ex.file, bytes);
    } }, ex.name));
  }
  document.body.dataset.ready = 'true';
}

void start();
