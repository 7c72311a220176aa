// readComponent: component binary → AST (Binary.md; encodings as wasmparser a7ef4778 reads them).
// Core modules stay opaque views of the input; malformed input throws ValidationError(reason, offset).
import type {
  Alias, Canon, CanonOpt, Component, ComponentDecl, CoreInlineExport, CoreInstance, CoreInstantiateArg, CoreTypeDef,
  InlineExport, InstantiateArg, DefValType, Export, ExternDesc,
  ExternName, ExternNameOptionKind, Import, Instance, InstanceDecl, ModuleDecl, NamedValType, Section, Sort, Start,
  TypeBounds, TypeDef, ValTypeRef, VariantCaseAst,
} from './ast.js';
import {
  CANON_CODES, CANON_OPT_CODES, COMPONENT_LAYER, COMPONENT_VERSION, DEFVALTYPE_CODES, MAGIC, MODULE_LAYER,
  MODULE_VERSION, PRIMITIVE_CODES, byCode,
} from './opcodes.js';
import { Reader, uLebLen } from './reader.js';
import { readCoreExternDesc, readCoreExternKind, readCoreValType, readRecGroup, readU32 } from './read-core-types.js';

const PRIMITIVE = byCode(PRIMITIVE_CODES);
const DEFVALTYPE = byCode(DEFVALTYPE_CODES);
const CANON = byCode(CANON_CODES);
const CANON_OPT = byCode(CANON_OPT_CODES);

/** wasmparser's MAX_WASM_MODULE_SIZE (1 GiB) for module/component sections. */
const MAX_MODULE_SIZE = 1024 * 1024 * 1024;

/** Reads a component binary into its AST. Throws ValidationError on malformed input. */
export function readComponent(bytes: Uint8Array): Component {
  const r = new Reader(bytes);
  return readComponentAt(r, false);
}

/** What a binary's preamble says it is (`component`, `module`), or `unknown`. Never throws. */
export function binaryKind(bytes: Uint8Array): 'component' | 'module' | 'unknown' {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) return 'unknown';
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (version === COMPONENT_VERSION && layer === COMPONENT_LAYER) return 'component';
  if (version === MODULE_VERSION && layer === MODULE_LAYER) return 'module';
  return 'unknown';
}

/** `magic version layer`; returns [version, layer]. */
export function readPreamble(r: Reader): [number, number] {
  const at = r.pos;
  r.need(4);
  for (let i = 0; i < 4; i++) {
    if (r.bytes[at + i] !== MAGIC[i]) {
      const actual = Array.from(r.bytes.subarray(at, at + 4), (b) => `0x${b.toString(16)}`).join(', ');
      r.fail(`magic header not detected: bad magic number - expected=[0x0, 0x61, 0x73, 0x6d] actual=[${actual}]`, at);
    }
  }
  r.pos += 4;
  r.need(4);
  const b = r.bytes;
  const p = r.pos;
  const version = b[p]! | (b[p + 1]! << 8);
  const layer = b[p + 2]! | (b[p + 3]! << 8);
  r.pos += 4;
  return [version, layer];
}

function hexVersion(version: number, layer: number): string {
  return `0x${((layer << 16) | version).toString(16).padStart(8, '0')}`;
}

/** `component ::= preamble section*`, from `r.pos` to `r.end`. */
function readComponentAt(r: Reader, nested: boolean): Component {
  const offset = r.pos;
  const [version, layer] = readPreamble(r);
  if (version !== COMPONENT_VERSION || layer !== COMPONENT_LAYER) {
    if (nested && version === MODULE_VERSION && layer === MODULE_LAYER) r.fail('expected a version header for a component', offset + 4);
    r.fail(`unknown binary version: ${hexVersion(version, layer)}`, offset + 4);
  }
  const sections: Section[] = [];
  const end = r.end;
  let sawStart = false;
  while (r.pos < end) {
    if (end - r.pos >= 4 && MAGIC.every((m, i) => r.bytes[r.pos + i] === m)) {
      r.fail('expected section, got wasm magic number');
    }
    const sectionOffset = r.pos;
    const id = r.u8();
    if (id & 0x80) r.fail('malformed section id', sectionOffset);
    const lenPos = r.pos;
    const size = r.u32();
    const sizeWidth = r.pos - lenPos;
    const contentOffset = r.pos;
    const sectionEnd = contentOffset + size;
    if (sectionEnd > end) {
      if (nested) r.fail(`section too large, ${size} goes past 0x${end.toString(16)}`, lenPos);
      r.fail('unexpected end-of-file', end);
    }
    if (id === 9) {
      if (sawStart) r.fail('component cannot have more than one start function', contentOffset);
      sawStart = true;
    }
    r.end = sectionEnd;
    r.nonCanonical = false;
    const body = readSectionBody(r, id, size, lenPos, sectionEnd);
    const base: Record<string, unknown> = { id, offset: sectionOffset, contentOffset, size };
    if (sizeWidth !== uLebLen(size)) base['sizeWidth'] = sizeWidth;
    // Nested components carry their own per-section `raw`; core modules are kept verbatim anyway.
    if (r.nonCanonical && id !== 1 && id !== 4) base['raw'] = r.bytes.subarray(contentOffset, sectionEnd);
    sections.push({ ...base, ...body } as unknown as Section);
    r.pos = sectionEnd;
    r.end = end;
  }
  return { kind: 'component', offset, version, layer, sections, end };
}

/** The kind-specific fields of section `id`, reading up to `sectionEnd`. */
function readSectionBody(r: Reader, id: number, size: number, lenPos: number, sectionEnd: number): object {
  switch (id) {
    case 0: {
      const name = r.string();
      return { kind: 'custom', name, data: r.bytesView(sectionEnd - r.pos) };
    }
    case 1: {
      if (size > MAX_MODULE_SIZE) r.fail('module section is too large', lenPos);
      const offset = r.pos;
      const [version, layer] = readPreamble(r);
      if (version !== MODULE_VERSION || layer !== MODULE_LAYER) {
        if (version === COMPONENT_VERSION && layer === COMPONENT_LAYER) r.fail('expected a version header for a module', offset + 4);
        r.fail(`unknown binary version: ${hexVersion(version, layer)}`, offset + 4);
      }
      return { kind: 'core-module', module: { offset, end: sectionEnd, bytes: r.bytes.subarray(offset, sectionEnd) } };
    }
    case 2: return { kind: 'core-instance', items: vecSection(r, sectionEnd, readCoreInstance) };
    case 3: return { kind: 'core-type', items: vecSection(r, sectionEnd, readCoreType) };
    case 4: {
      if (size > MAX_MODULE_SIZE) r.fail('component section is too large', lenPos);
      const start = r.pos;
      const component = r.nested(readComponentAt, true);
      return { kind: 'component', component, bytes: r.bytes.subarray(start, sectionEnd) };
    }
    case 5: return { kind: 'instance', items: vecSection(r, sectionEnd, readInstance) };
    case 6: return { kind: 'alias', items: vecSection(r, sectionEnd, readAlias) };
    case 7: return { kind: 'type', items: vecSection(r, sectionEnd, readTypeDef) };
    case 8: return { kind: 'canon', items: vecSection(r, sectionEnd, readCanon) };
    case 9: {
      const start = readStart(r);
      if (r.pos !== sectionEnd) r.fail('unexpected content in the component start section');
      return { kind: 'start', start };
    }
    case 10: return { kind: 'import', items: vecSection(r, sectionEnd, readImport) };
    case 11: return { kind: 'export', items: vecSection(r, sectionEnd, readExport) };
    case 12: return { kind: 'unknown', data: r.bytesView(sectionEnd - r.pos) };
    default: return r.fail(`malformed section id: ${id}`, lenPos - 1);
  }
}

/** `vec(T)` filling the whole section: `section size mismatch` if bytes remain. */
function vecSection<T>(r: Reader, sectionEnd: number, item: (r: Reader) => T): T[] {
  const n = r.u32();
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(item(r));
  if (r.pos !== sectionEnd) r.fail('section size mismatch: unexpected data at the end of the section');
  return out;
}

// ───────────────────────────── instances ─────────────────────────────

/** `core:instance ::= 0x00 m arg* | 0x01 e*`. */
function readCoreInstance(r: Reader): CoreInstance {
  const offset = r.pos;
  const b = r.u8();
  if (b === 0x00) {
    const module = r.u32();
    const args = r.vec(100_000, 'core instantiation arguments', readCoreInstantiateArg);
    return { kind: 'instantiate', offset, module, args };
  }
  if (b === 0x01) {
    const exports = r.vec(100_000, 'core instantiation arguments', readCoreInlineExport);
    return { kind: 'exports', offset, exports };
  }
  return r.badByte(b, 'core instance');
}

/** `core:instantiatearg ::= n:<core:name> 0x12 i:<instanceidx>`. */
function readCoreInstantiateArg(r: Reader): CoreInstantiateArg {
  const offset = r.pos;
  const name = r.string();
  const k = r.u8();
  if (k !== 0x12) r.badByte(k, 'instantiation arg kind');
  return { offset, name, instance: r.u32() };
}

/** `core:inlineexport ::= n:<core:name> si:<core:sortidx>`. */
function readCoreInlineExport(r: Reader): CoreInlineExport {
  const offset = r.pos;
  const name = r.string();
  const sort = readCoreExternKind(r);
  if (sort === 'func-exact') r.fail('Exact type is not allowed in the exports');
  return { offset, name, sort, index: r.u32() };
}

/** `instantiatearg ::= n:<name> si:<sortidx>`. */
function readInstantiateArg(r: Reader): InstantiateArg {
  const offset = r.pos;
  const name = r.string();
  const sort = readExternSort(r);
  return { offset, name, sort, index: r.u32() };
}

/** `inlineexport ::= na:<nameattributes> si:<sortidx>`. */
function readInlineExport(r: Reader): InlineExport {
  const offset = r.pos;
  const name = readExternName(r);
  const sort = readExternSort(r);
  return { offset, name, sort, index: r.u32() };
}

/** `instance ::= 0x00 c arg* | 0x01 e*`. */
function readInstance(r: Reader): Instance {
  const offset = r.pos;
  const b = r.u8();
  if (b === 0x00) {
    const component = r.u32();
    const args = r.vec(100_000, 'instantiation arguments', readInstantiateArg);
    return { kind: 'instantiate', offset, component, args };
  }
  if (b === 0x01) {
    const exports = r.vec(100_000, 'instantiation exports', readInlineExport);
    return { kind: 'exports', offset, exports };
  }
  return r.badByte(b, 'instance');
}

/** `sort` as wasmparser's ComponentExternalKind: core module, func, value, type, component, instance. */
function readExternSort(r: Reader): Sort {
  const at = r.pos;
  const b1 = r.u8();
  return externSortFromBytes(r, b1, b1 === 0 ? r.u8() : -1, at);
}

const EXTERN_SORTS: readonly (Sort | undefined)[] = [undefined, 'func', 'value', 'type', 'component', 'instance'];

function externSortFromBytes(r: Reader, b1: number, b2: number, at: number): Sort {
  if (b1 === 0) {
    if (b2 !== 0x11) r.badByte(b2, 'component external kind', at + 1);
    return 'core-module';
  }
  const s = EXTERN_SORTS[b1];
  if (!s) r.badByte(b1, 'component external kind', at);
  return s;
}

// ───────────────────────────── aliases ─────────────────────────────

/** `alias ::= s:<sort> t:<aliastarget>`. */
function readAlias(r: Reader): Alias {
  const offset = r.pos;
  const b1 = r.u8();
  const b2 = b1 === 0 ? r.u8() : -1;
  const target = r.u8();
  switch (target) {
    case 0x00: {
      const sort = externSortFromBytes(r, b1, b2, offset);
      return { kind: 'instance-export', offset, sort, instance: r.u32(), name: r.string() };
    }
    case 0x01: {
      if (b1 !== 0) r.badByte(b1, 'core instance export kind', offset);
      const save = r.pos;
      r.pos = offset + 1;
      const sort = readCoreExternKind(r);
      r.pos = save;
      return { kind: 'core-instance-export', offset, sort, instance: r.u32(), name: r.string() };
    }
    case 0x02: {
      let sort: Sort;
      if (b1 === 0) {
        if (b2 === 0x10) sort = 'core-type';
        else if (b2 === 0x11) sort = 'core-module';
        else r.badByte(b2, 'component outer alias kind', offset + 1);
      } else if (b1 === 0x03) sort = 'type';
      else if (b1 === 0x04) sort = 'component';
      else r.badByte(b1, 'component outer alias kind', offset);
      return { kind: 'outer', offset, sort, count: r.u32(), index: r.u32() };
    }
    default: return r.badByte(target, 'alias');
  }
}

// ───────────────────────────── core types ─────────────────────────────

/** `core:type`: module type (0x50), disambiguated non-final sub (0x00 0x50 …), or rec group. */
function readCoreType(r: Reader): CoreTypeDef {
  const offset = r.pos;
  const b = r.peek();
  if (b === 0x00) {
    r.u8();
    const x = r.peek();
    if (x !== 0x50) r.badByte(x, 'non-final sub type', r.pos);
    return { kind: 'rec', offset, group: readRecGroup(r) };
  }
  if (b === 0x50) {
    r.u8();
    return r.nested(readModuleType, offset);
  }
  return { kind: 'rec', offset, group: readRecGroup(r) };
}

/** `core:moduletype ::= 0x50 md*:vec(<core:moduledecl>)` after the 0x50. */
function readModuleType(r: Reader, offset: number): CoreTypeDef {
  return { kind: 'module', offset, decls: r.vec(100_000, 'module type declaration', readModuleDecl) };
}

/** `core:moduledecl ::= 0x00 import | 0x01 type | 0x02 alias | 0x03 export`. */
function readModuleDecl(r: Reader): ModuleDecl {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: return { kind: 'import', offset, module: r.string(), name: r.string(), desc: readCoreExternDesc(r) };
    case 0x01: return { kind: 'type', offset, group: readRecGroup(r) };
    case 0x02: {
      const k = r.u8();
      if (k !== 0x10) r.badByte(k, 'outer alias kind');
      const t = r.u8();
      if (t !== 0x01) r.badByte(t, 'outer alias target');
      return { kind: 'outer-alias', offset, count: r.u32(), index: r.u32() };
    }
    case 0x03: return { kind: 'export', offset, name: r.string(), desc: readCoreExternDesc(r) };
    default: return r.badByte(b, 'type definition');
  }
}

// ───────────────────────────── component types ─────────────────────────────

/** `valtype ::= primvaltype | s33 typeidx`. */
export function readValTypeRef(r: Reader): ValTypeRef {
  const p = PRIMITIVE.get(r.peek());
  if (p) {
    r.u8();
    return p.name;
  }
  const v = r.s33();
  if (v < 0) {
    // wasmparser casts the s33 to u32; keep the exact bytes for the writer.
    r.nonCanonical = true;
    return v + 2 ** 32;
  }
  return v;
}

/** `0x00 | 0x01 valtype` optional value type. */
function readOptValType(r: Reader): ValTypeRef | undefined {
  const b = r.u8();
  if (b === 0x00) return undefined;
  if (b === 0x01) return readValTypeRef(r);
  return r.badByte(b, 'optional component value type');
}

/** `resultlist ::= 0x00 t:<valtype> | 0x01 0x00`. */
function readResultList(r: Reader): ValTypeRef | undefined {
  const b = r.u8();
  if (b === 0x00) return readValTypeRef(r);
  if (b === 0x01) {
    const n = r.u8();
    if (n !== 0x00) r.badByte(n, 'number of results');
    return undefined;
  }
  return r.badByte(b, 'component function results');
}

function readString(r: Reader): string {
  return r.string();
}

function readNamedValType(r: Reader): NamedValType {
  return { name: r.string(), type: readValTypeRef(r) };
}

/** `type ::= defvaltype | functype | componenttype | instancetype | resourcetype`. */
function readTypeDef(r: Reader): TypeDef {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x3f: {
      const rep = readCoreValType(r);
      const d = r.u8();
      if (d === 0x00) return { kind: 'resource', offset, rep };
      if (d === 0x01) return { kind: 'resource', offset, rep, dtor: r.u32() };
      return r.badByte(d, 'resource destructor');
    }
    case 0x40:
    case 0x43: {
      const params = r.vec(1000, 'component function parameters', readNamedValType);
      const result = readResultList(r);
      return result === undefined
        ? { kind: 'func', offset, async: b === 0x43, params }
        : { kind: 'func', offset, async: b === 0x43, params, result };
    }
    case 0x41: return r.nested(readComponentType, offset);
    case 0x42: return r.nested(readInstanceType, offset);
    default:
      return { kind: 'defined', offset, type: readDefValType(r, b) };
  }
}

/** `componenttype ::= 0x41 cd*:vec(<componentdecl>)` after the 0x41. */
function readComponentType(r: Reader, offset: number): TypeDef {
  return { kind: 'component', offset, decls: r.vec(1_000_000, 'component type declaration', readComponentDecl) };
}

/** `instancetype ::= 0x42 id*:vec(<instancedecl>)` after the 0x42. */
function readInstanceType(r: Reader, offset: number): TypeDef {
  return { kind: 'instance', offset, decls: r.vec(1_000_000, 'instance type declaration', readInstanceDecl) };
}

/** `defvaltype` after its first byte `b`. */
function readDefValType(r: Reader, b: number): DefValType {
  const p = PRIMITIVE.get(b);
  if (p) return { kind: 'primitive', type: p.name };
  const e = DEFVALTYPE.get(b);
  if (!e) return r.badByte(b, 'component defined type');
  switch (e.name) {
    case 'record': return { kind: 'record', fields: r.vec(10_000, 'record field', readNamedValType) };
    case 'variant': return { kind: 'variant', cases: r.vec(10_000, 'variant cases', readCase) };
    case 'list': return { kind: 'list', element: readValTypeRef(r) };
    case 'map': return { kind: 'map', key: readValTypeRef(r), value: readValTypeRef(r) };
    case 'tuple': return { kind: 'tuple', types: r.vec(10_000, 'tuple types', readValTypeRef) };
    case 'flags': return { kind: 'flags', names: r.vec(1000, 'flag names', readString) };
    case 'enum': return { kind: 'enum', names: r.vec(10_000, 'enum cases', readString) };
    case 'option': return { kind: 'option', type: readValTypeRef(r) };
    case 'result': {
      const ok = readOptValType(r);
      const err = readOptValType(r);
      const t: { kind: 'result'; ok?: ValTypeRef; err?: ValTypeRef } = { kind: 'result' };
      if (ok !== undefined) t.ok = ok;
      if (err !== undefined) t.err = err;
      return t;
    }
    case 'own': return { kind: 'own', resource: r.u32() };
    case 'borrow': return { kind: 'borrow', resource: r.u32() };
    case 'fixed-list': return { kind: 'fixed-list', element: readValTypeRef(r), length: r.u32() };
    case 'stream': {
      const t = readOptValType(r);
      return t === undefined ? { kind: 'stream' } : { kind: 'stream', type: t };
    }
    case 'future': {
      const t = readOptValType(r);
      return t === undefined ? { kind: 'future' } : { kind: 'future', type: t };
    }
  }
}

/** `case ::= l:<label'> t?:<valtype>? 0x00`. */
function readCase(r: Reader): VariantCaseAst {
  const name = r.string();
  const type = readOptValType(r);
  const z = r.u8();
  if (z !== 0x00) r.badByte(z, 'zero byte required');
  return type === undefined ? { name } : { name, type };
}

/** `componentdecl ::= 0x03 importdecl | instancedecl`. */
function readComponentDecl(r: Reader): ComponentDecl {
  if (r.peek() === 0x03) {
    const offset = r.pos;
    r.u8();
    return { kind: 'import', offset, name: readExternName(r), desc: readExternDesc(r) };
  }
  return readInstanceDecl(r);
}

/** `instancedecl ::= 0x00 core:type | 0x01 type | 0x02 alias | 0x04 exportdecl`. */
function readInstanceDecl(r: Reader): InstanceDecl {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: return { kind: 'core-type', offset, type: readCoreType(r) };
    case 0x01: return { kind: 'type', offset, type: readTypeDef(r) };
    case 0x02: return { kind: 'alias', offset, alias: readAlias(r) };
    case 0x04: return { kind: 'export', offset, name: readExternName(r), desc: readExternDesc(r) };
    default: return r.badByte(b, 'component or instance type declaration');
  }
}

/** `externdesc` (wasmparser ComponentTypeRef). */
function readExternDesc(r: Reader): ExternDesc {
  const sort = readExternSort(r);
  switch (sort) {
    case 'core-module': return { kind: 'core-module', type: r.u32() };
    case 'func': return { kind: 'func', type: r.u32() };
    case 'value': return { kind: 'value', type: readValTypeRef(r) };
    case 'type': return { kind: 'type', bounds: readTypeBounds(r) };
    case 'instance': return { kind: 'instance', type: r.u32() };
    default: return { kind: 'component', type: r.u32() };
  }
}

/** `typebound ::= 0x00 i (eq i) | 0x01 (sub resource)`. */
function readTypeBounds(r: Reader): TypeBounds {
  const b = r.u8();
  if (b === 0x00) return { kind: 'eq', type: r.u32() };
  if (b === 0x01) return { kind: 'sub-resource' };
  return r.badByte(b, 'type bound');
}

const NAME_OPTIONS: readonly ExternNameOptionKind[] = ['implements', 'versionsuffix', 'external-id'];
const NAME_OPTION_FIELD = { implements: 'implements', versionsuffix: 'versionSuffix', 'external-id': 'externalId' } as const;

/** `importname'`/`exportname'`: discriminant 0x00/0x01 + name, or 0x02 + name + vec(option). */
export function readExternName(r: Reader): ExternName {
  const offset = r.pos;
  const d = r.u8();
  if (d > 2) r.badByte(d, 'component name');
  const name = r.string();
  const out: { -readonly [K in keyof ExternName]: ExternName[K] } = { offset, name, discriminant: d as 0 | 1 | 2 };
  if (d === 2) {
    const n = r.u32();
    const order: ExternNameOptionKind[] = [];
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      const k = r.u8();
      const kind = NAME_OPTIONS[k];
      if (!kind) r.badByte(k, 'name option');
      const value = r.string();
      const field = NAME_OPTION_FIELD[kind];
      if (out[field] !== undefined) r.fail(`duplicate '${kind}' option in name`, at);
      out[field] = value;
      order.push(kind);
    }
    if (!isDefaultOrder(order)) out.optionOrder = order;
  }
  return out;
}

function isDefaultOrder(order: readonly ExternNameOptionKind[]): boolean {
  let last = -1;
  for (const k of order) {
    const i = NAME_OPTIONS.indexOf(k);
    if (i < last) return false;
    last = i;
  }
  return true;
}

// ───────────────────────────── canon, start, imports, exports ─────────────────────────────

/** `canon`: opcode (+ sub-opcode) then the immediates listed in CANON_CODES. */
function readCanon(r: Reader): Canon {
  const offset = r.pos;
  const b = r.u8();
  const e = CANON.get(b);
  if (!e) return r.badByte(b, 'canonical function');
  if (e.sub !== undefined) {
    const s = r.u8();
    if (s !== e.sub) r.badByte(s, `canonical function ${e.name}`);
  }
  const out: Record<string, unknown> = { kind: e.name, offset };
  for (const [field, codec] of e.fields) {
    switch (codec) {
      case 'u32': out[field] = r.u32(); break;
      case 'bool': out[field] = r.bool(); break;
      case 'opts': out[field] = r.vec(10, 'canonical options', readCanonOpt); break;
      case 'corevaltype': out[field] = readCoreValType(r); break;
      case 'resultlist': {
        const t = readResultList(r);
        if (t !== undefined) out[field] = t;
        break;
      }
    }
  }
  return out as unknown as Canon;
}

/** `canonopt`. */
function readCanonOpt(r: Reader): CanonOpt {
  const b = r.u8();
  const e = CANON_OPT.get(b);
  if (!e) return r.badByte(b, 'canonical option');
  return (e.index ? { kind: e.name, index: r.u32() } : { kind: e.name }) as CanonOpt;
}

/** `start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32>`. */
function readStart(r: Reader): Start {
  const offset = r.pos;
  const func = r.u32();
  const args = r.vec(1000, 'start function arguments', readU32);
  const results = r.size(1000, 'start function results');
  return { offset, func, args, results };
}

/** `import ::= in:<importname'> ed:<externdesc>`. */
function readImport(r: Reader): Import {
  const offset = r.pos;
  return { offset, name: readExternName(r), desc: readExternDesc(r) };
}

/** `export ::= en:<exportname'> si:<sortidx> ed?:<externdesc>?`. */
function readExport(r: Reader): Export {
  const offset = r.pos;
  const name = readExternName(r);
  const sort = readExternSort(r);
  const index = r.u32();
  const b = r.u8();
  if (b === 0x00) return { offset, name, sort, index };
  if (b === 0x01) return { offset, name, sort, index, desc: readExternDesc(r) };
  return r.badByte(b, 'optional component export type');
}
