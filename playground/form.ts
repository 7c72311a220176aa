// A form generated from WIT types: one input per value, nested like the type (records, tuples, variants, options,
// results, lists with add/remove, flags as checkboxes, enums as selects, resources from the handles made so far).
// `read()` gives the JS value in kumiki's conventions (DESIGN.md §4); a bad entry is a TypeError naming its path.
import type { ResourceType, ValType } from '../src/types/index.js';
import { clear, h } from './dom.js';

export interface Field { readonly el: HTMLElement; read(): unknown }

/** A live resource object the page holds (returned by a constructor or a call), offered to `own`/`borrow` inputs. */
export interface HeldHandle { readonly label: string; readonly resource: ResourceType; readonly value: object }

export interface FormContext {
  handles(): readonly HeldHandle[];
  /** The WIT name of a resource type (the component type may leave it unnamed). */
  resourceName(r: ResourceType): string;
}

const camel = (n: string): string => n.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

const INT_RANGE: Record<string, [number, number]> = {
  s8: [-128, 127], u8: [0, 255], s16: [-32768, 32767], u16: [0, 65535], s32: [-2147483648, 2147483647], u32: [0, 4294967295],
};

/** The input(s) for a value of type `t` at `path` (a `data-path` attribute the tests and the labels use). */
export function field(t: ValType, path: string, cx: FormContext): Field {
  switch (t.kind) {
    case 'bool': {
      const el = h('input', { type: 'checkbox', 'data-path': path });
      return { el, read: () => el.checked };
    }
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': {
      const el = h('input', { type: 'number', step: '1', value: '0', 'data-path': path, class: 'num' });
      const [lo, hi] = INT_RANGE[t.kind]!;
      return {
        el, read: () => {
          const n = Number(el.value);
          if (!Number.isInteger(n) || n < lo || n > hi) throw new TypeError(`${path}: ${JSON.stringify(el.value)} is not a ${t.kind} (${lo}..${hi})`);
          return n;
        },
      };
    }
    case 's64': case 'u64': {
      const el = h('input', { type: 'text', value: '0', 'data-path': path, class: 'num' });
      return {
        el, read: () => {
          try { return BigInt(el.value.trim()); } catch { throw new TypeError(`${path}: ${JSON.stringify(el.value)} is not a ${t.kind}`); }
        },
      };
    }
    case 'f32': case 'f64': {
      const el = h('input', { type: 'text', value: '0', 'data-path': path, class: 'num' });
      return {
        el, read: () => {
          const n = Number(el.value.trim());
          if (el.value.trim() === '' || (Number.isNaN(n) && el.value.trim() !== 'NaN')) throw new TypeError(`${path}: ${JSON.stringify(el.value)} is not a number`);
          return n;
        },
      };
    }
    case 'char': {
      const el = h('input', { type: 'text', value: 'a', 'data-path': path, class: 'char', maxlength: 2 });
      return { el, read: () => el.value };
    }
    case 'string': {
      const el = h('input', { type: 'text', value: '', 'data-path': path, placeholder: 'string' });
      return { el, read: () => el.value };
    }
    case 'enum': {
      const el = h('select', { 'data-path': path }, ...t.names.map((n) => h('option', { value: n }, n)));
      return { el, read: () => el.value };
    }
    case 'flags': {
      const boxes = t.names.map((n) => [n, h('input', { type: 'checkbox', 'data-path': `${path}.${n}` })] as const);
      const el = h('span', { class: 'flags' }, ...boxes.map(([n, b]) => h('label', {}, b, n)));
      return { el, read: () => Object.fromEntries(boxes.map(([n, b]) => [camel(n), b.checked])) };
    }
    case 'record': {
      const fs = t.fields.map((f) => [f.name, field(f.type, `${path}.${f.name}`, cx)] as const);
      const el = h('span', { class: 'group' }, ...fs.map(([n, f]) => h('label', { class: 'sub' }, h('span', { class: 'name' }, n), f.el)));
      return { el, read: () => Object.fromEntries(fs.map(([n, f]) => [camel(n), f.read()])) };
    }
    case 'tuple': {
      const fs = t.types.map((x, i) => field(x, `${path}.${i}`, cx));
      const el = h('span', { class: 'group' }, ...fs.map((f) => f.el));
      return { el, read: () => fs.map((f) => f.read()) };
    }
    case 'variant': return caseField(path, t.cases.map((c) => ({ name: c.name, type: c.type })), cx, (tag, val, hasPayload) => (hasPayload ? { tag, val } : { tag }));
    case 'result':
      return caseField(path, [{ name: 'ok', type: t.ok }, { name: 'err', type: t.err }], cx, (tag, val) => ({ tag, val }));
    case 'option': {
      const inner = field(t.type, `${path}.some`, cx);
      const box = h('input', { type: 'checkbox', 'data-path': `${path}?` });
      const wrap = h('span', { class: 'payload' }, inner.el);
      const sync = (): void => { wrap.hidden = !box.checked; };
      box.addEventListener('change', sync);
      sync();
      const nested = t.type.kind === 'option';
      return {
        el: h('span', { class: 'group' }, h('label', {}, box, 'some'), wrap),
        read: () => {
          if (nested) return box.checked ? { tag: 'some', val: inner.read() } : { tag: 'none' };
          return box.checked ? inner.read() : undefined;
        },
      };
    }
    case 'list': {
      const rows: Field[] = [];
      const list = h('span', { class: 'list' });
      const add = (): void => {
        const f = field(t.element, `${path}.${rows.length}`, cx);
        rows.push(f);
        list.append(h('span', { class: 'row' }, f.el));
      };
      const addBtn = h('button', { type: 'button', class: 'small', 'data-path': `${path}+`, onclick: add }, '+');
      const delBtn = h('button', { type: 'button', class: 'small', 'data-path': `${path}-`, onclick: () => { rows.pop(); list.lastElementChild?.remove(); } }, '−');
      if (t.length !== undefined) for (let i = 0; i < t.length; i++) add();
      return { el: h('span', { class: 'group' }, list, t.length === undefined ? addBtn : null, t.length === undefined ? delBtn : null), read: () => rows.map((r) => r.read()) };
    }
    case 'own': case 'borrow': {
      const resource = t.resource;
      const rname = cx.resourceName(resource);
      const mine = (): HeldHandle[] => cx.handles().filter((x) => x.resource === resource);
      const el = h('select', { 'data-path': path, class: 'handle' });
      const fill = (): void => {
        const keep = el.value;
        clear(el);
        const held = mine();
        if (held.length === 0) el.append(h('option', { value: '' }, `(no ${rname} yet: call its constructor)`));
        held.forEach((x, i) => el.append(h('option', { value: String(i) }, x.label)));
        if (held.length > 0) el.value = keep === '' ? String(held.length - 1) : keep;
      };
      el.addEventListener('focus', fill);
      fill();
      return {
        el, read: () => {
          fill();
          const v = mine()[Number(el.value || '0')];
          if (v === undefined) throw new TypeError(`${path}: no ${rname} handle held: call a constructor first`);
          return v.value;
        },
      };
    }
    default: {
      const el = h('span', { class: 'note' }, `(${t.kind}: not supported in the form)`);
      return { el, read: () => { throw new TypeError(`${path}: values of kind ${t.kind} cannot be entered here`); } };
    }
  }
}

/** Variant-like: a select of cases and the selected case's payload input. */
function caseField(path: string, cases: readonly { name: string; type?: ValType | undefined }[], cx: FormContext, make: (tag: string, val: unknown, hasPayload: boolean) => unknown): Field {
  const sel = h('select', { 'data-path': path }, ...cases.map((c) => h('option', { value: c.name }, c.name)));
  const payload = h('span', { class: 'payload' });
  let current: Field | undefined;
  const sync = (): void => {
    clear(payload);
    const c = cases.find((x) => x.name === sel.value)!;
    current = c.type === undefined ? undefined : field(c.type, `${path}.${c.name}`, cx);
    if (current) payload.append(current.el);
  };
  sel.addEventListener('change', sync);
  sync();
  return { el: h('span', { class: 'group' }, sel, payload), read: () => make(sel.value, current?.read(), current !== undefined) };
}
