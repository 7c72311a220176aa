// writeComponent: AST → component binary (inverse of read.ts). For an AST from readComponent the output is
// byte-identical to the input: sections read with over-long encodings carry `raw`, the rest re-encode exactly.
// A section with `raw` is emitted verbatim: when editing such a section, build it with `raw: undefined`.
import type {
  Alias, Canon, CanonOpt, Component, ComponentDecl, CoreInstance, CoreTypeDef, DefValType, Export, ExternDesc,
  ExternName, Import, Instance, InstanceDecl, ModuleDecl, Section, Sort, TypeDef, ValTypeRef,
} from './ast.js';
import {
  CANON_CODES, CANON_OPT_CODES, COMPONENT_LAYER, COMPONENT_VERSION, DEFVALTYPE_CODES, MAGIC, PRIMITIVE_CODES,
  SORT_CODES, byName,
} from './opcodes.js';
import {
  writeCoreExternDesc, writeCoreExternKind, writeCoreValType, writeRecGroup,
} from './write-core-types.js';
import { Writer } from './writer.js';

const PRIMITIVE = byName(PRIMITIVE_CODES);
const DEFVALTYPE = byName(DEFVALTYPE_CODES);
const CANON = byName(CANON_CODES);
const CANON_OPT = byName(CANON_OPT_CODES);
const SORT = byName(SORT_CODES);

/** Encodes a component AST (read or hand-built) as a component binary. */
export function writeComponent(c: Component): Uint8Array {
  const w = new Writer(estimateSize(c));
  writeComponentTo(w, c);
  return w.finish();
}

/** Core module bytes dominate; size the buffer once for them. */
function estimateSize(c: Component): number {
  let n = 1024;
  for (const s of c.sections) {
    if (s.kind === 'core-module') n += s.module.bytes.length + 8;
    else if (s.kind === 'component') n += estimateSize(s.component);
    else if (s.kind === 'custom') n += s.data.length + s.name.length + 8;
    else if (s.raw) n += s.raw.length + 8;
  }
  return n;
}

function writeComponentTo(w: Writer, c: Component): void {
  w.bytes(MAGIC);
  const version = c.version ?? COMPONENT_VERSION;
  const layer = c.layer ?? COMPONENT_LAYER;
  w.bytes([version & 0xff, version >> 8, layer & 0xff, layer >> 8]);
  for (const s of c.sections) writeSection(w, s);
}

function writeSection(w: Writer, s: Section): void {
  w.u8(s.id);
  if (s.raw) {
    w.u32(s.raw.length, s.sizeWidth ?? 0);
    w.bytes(s.raw);
    return;
  }
  if (s.kind === 'core-module') {
    // Known size: no need to encode into the buffer and shift.
    w.u32(s.module.bytes.length, s.sizeWidth ?? 0);
    w.bytes(s.module.bytes);
    return;
  }
  w.sized(() => writeSectionBody(w, s), s.sizeWidth ?? 0);
}

function writeSectionBody(w: Writer, s: Section): void {
  switch (s.kind) {
    case 'custom': w.string(s.name); w.bytes(s.data); return;
    case 'core-module': w.bytes(s.module.bytes); return;
    case 'core-instance': w.vec(s.items, (i) => writeCoreInstance(w, i)); return;
    case 'core-type': w.vec(s.items, (t) => writeCoreType(w, t)); return;
    case 'component': writeComponentTo(w, s.component); return;
    case 'instance': w.vec(s.items, (i) => writeInstance(w, i)); return;
    case 'alias': w.vec(s.items, (a) => writeAlias(w, a)); return;
    case 'type': w.vec(s.items, (t) => writeTypeDef(w, t)); return;
    case 'canon': w.vec(s.items, (c) => writeCanon(w, c)); return;
    case 'start':
      w.u32(s.start.func);
      w.vec(s.start.args, (a) => w.u32(a));
      w.u32(s.start.results);
      return;
    case 'import': w.vec(s.items, (i) => writeImport(w, i)); return;
    case 'export': w.vec(s.items, (e) => writeExport(w, e)); return;
    case 'unknown': w.bytes(s.data); return;
  }
}

// ───────────────────────────── instances, sorts, aliases ─────────────────────────────

function writeSort(w: Writer, s: Sort): void {
  w.bytes(SORT.get(s)!.bytes);
}

function writeCoreInstance(w: Writer, i: CoreInstance): void {
  if (i.kind === 'instantiate') {
    w.u8(0x00);
    w.u32(i.module);
    w.vec(i.args, (a) => { w.string(a.name); w.u8(0x12); w.u32(a.instance); });
  } else {
    w.u8(0x01);
    w.vec(i.exports, (e) => { w.string(e.name); writeCoreExternKind(w, e.sort); w.u32(e.index); });
  }
}

function writeInstance(w: Writer, i: Instance): void {
  if (i.kind === 'instantiate') {
    w.u8(0x00);
    w.u32(i.component);
    w.vec(i.args, (a) => { w.string(a.name); writeSort(w, a.sort); w.u32(a.index); });
  } else {
    w.u8(0x01);
    w.vec(i.exports, (e) => { writeExternName(w, e.name); writeSort(w, e.sort); w.u32(e.index); });
  }
}

function writeAlias(w: Writer, a: Alias): void {
  switch (a.kind) {
    case 'instance-export':
      writeSort(w, a.sort); w.u8(0x00); w.u32(a.instance); w.string(a.name);
      return;
    case 'core-instance-export':
      w.u8(0x00); writeCoreExternKind(w, a.sort); w.u8(0x01); w.u32(a.instance); w.string(a.name);
      return;
    case 'outer':
      writeSort(w, a.sort); w.u8(0x02); w.u32(a.count); w.u32(a.index);
      return;
  }
}

// ───────────────────────────── core types ─────────────────────────────

/** `core:type`; a lone implicit non-final `sub` gets the disambiguating 0x00 prefix. */
function writeCoreType(w: Writer, t: CoreTypeDef): void {
  if (t.kind === 'module') {
    w.u8(0x50);
    w.vec(t.decls, (d) => writeModuleDecl(w, d));
    return;
  }
  const g = t.group;
  if (!g.explicit && g.types.length === 1 && !g.types[0]!.final) w.u8(0x00);
  writeRecGroup(w, g);
}

function writeModuleDecl(w: Writer, d: ModuleDecl): void {
  switch (d.kind) {
    case 'import': w.u8(0x00); w.string(d.module); w.string(d.name); writeCoreExternDesc(w, d.desc); return;
    case 'type': w.u8(0x01); writeRecGroup(w, d.group); return;
    case 'outer-alias': w.u8(0x02); w.u8(0x10); w.u8(0x01); w.u32(d.count); w.u32(d.index); return;
    case 'export': w.u8(0x03); w.string(d.name); writeCoreExternDesc(w, d.desc); return;
  }
}

// ───────────────────────────── component types ─────────────────────────────

/** `valtype`: primitive code, or the type index as s33. */
export function writeValTypeRef(w: Writer, t: ValTypeRef): void {
  if (typeof t === 'number') w.s33(t);
  else w.u8(PRIMITIVE.get(t)!.code);
}

function writeOptValType(w: Writer, t: ValTypeRef | undefined): void {
  if (t === undefined) w.u8(0x00);
  else { w.u8(0x01); writeValTypeRef(w, t); }
}

function writeResultList(w: Writer, t: ValTypeRef | undefined): void {
  if (t === undefined) { w.u8(0x01); w.u8(0x00); } else { w.u8(0x00); writeValTypeRef(w, t); }
}

function writeTypeDef(w: Writer, t: TypeDef): void {
  switch (t.kind) {
    case 'resource':
      w.u8(0x3f);
      writeCoreValType(w, t.rep);
      if (t.dtor === undefined) w.u8(0x00);
      else { w.u8(0x01); w.u32(t.dtor); }
      return;
    case 'func':
      w.u8(t.async ? 0x43 : 0x40);
      w.vec(t.params, (p) => { w.string(p.name); writeValTypeRef(w, p.type); });
      writeResultList(w, t.result);
      return;
    case 'component': w.u8(0x41); w.vec(t.decls, (d) => writeComponentDecl(w, d)); return;
    case 'instance': w.u8(0x42); w.vec(t.decls, (d) => writeInstanceDecl(w, d)); return;
    case 'defined': writeDefValType(w, t.type); return;
  }
}

function writeDefValType(w: Writer, t: DefValType): void {
  if (t.kind === 'primitive') {
    w.u8(PRIMITIVE.get(t.type)!.code);
    return;
  }
  w.u8(DEFVALTYPE.get(t.kind)!.code);
  switch (t.kind) {
    case 'record': w.vec(t.fields, (f) => { w.string(f.name); writeValTypeRef(w, f.type); }); return;
    case 'variant': w.vec(t.cases, (c) => { w.string(c.name); writeOptValType(w, c.type); w.u8(0x00); }); return;
    case 'list': writeValTypeRef(w, t.element); return;
    case 'fixed-list': writeValTypeRef(w, t.element); w.u32(t.length); return;
    case 'map': writeValTypeRef(w, t.key); writeValTypeRef(w, t.value); return;
    case 'tuple': w.vec(t.types, (x) => writeValTypeRef(w, x)); return;
    case 'flags': case 'enum': w.vec(t.names, (n) => w.string(n)); return;
    case 'option': writeValTypeRef(w, t.type); return;
    case 'result': writeOptValType(w, t.ok); writeOptValType(w, t.err); return;
    case 'own': case 'borrow': w.u32(t.resource); return;
    case 'future': case 'stream': writeOptValType(w, t.type); return;
  }
}

function writeComponentDecl(w: Writer, d: ComponentDecl): void {
  if (d.kind === 'import') {
    w.u8(0x03);
    writeExternName(w, d.name);
    writeExternDesc(w, d.desc);
  } else {
    writeInstanceDecl(w, d);
  }
}

function writeInstanceDecl(w: Writer, d: InstanceDecl): void {
  switch (d.kind) {
    case 'core-type': w.u8(0x00); writeCoreType(w, d.type); return;
    case 'type': w.u8(0x01); writeTypeDef(w, d.type); return;
    case 'alias': w.u8(0x02); writeAlias(w, d.alias); return;
    case 'export': w.u8(0x04); writeExternName(w, d.name); writeExternDesc(w, d.desc); return;
  }
}

function writeExternDesc(w: Writer, d: ExternDesc): void {
  writeSort(w, d.kind);
  switch (d.kind) {
    case 'value': writeValTypeRef(w, d.type); return;
    case 'type':
      if (d.bounds.kind === 'eq') { w.u8(0x00); w.u32(d.bounds.type); } else w.u8(0x01);
      return;
    default: w.u32(d.type);
  }
}

/** `importname'`/`exportname'` with the discriminant read (0x02 when options are present). */
function writeExternName(w: Writer, n: ExternName): void {
  const opts: [number, string][] = [];
  const order = n.optionOrder ?? ['implements', 'versionsuffix', 'external-id'];
  for (const k of order) {
    if (k === 'implements' && n.implements !== undefined) opts.push([0x00, n.implements]);
    if (k === 'versionsuffix' && n.versionSuffix !== undefined) opts.push([0x01, n.versionSuffix]);
    if (k === 'external-id' && n.externalId !== undefined) opts.push([0x02, n.externalId]);
  }
  const d = opts.length > 0 ? 2 : (n.discriminant ?? 0);
  w.u8(d);
  w.string(n.name);
  if (d === 2) w.vec(opts, ([k, v]) => { w.u8(k); w.string(v); });
}

// ───────────────────────────── canon, imports, exports ─────────────────────────────

function writeCanon(w: Writer, c: Canon): void {
  const e = CANON.get(c.kind)!;
  w.u8(e.code);
  if (e.sub !== undefined) w.u8(e.sub);
  const fields = c as unknown as Record<string, unknown>;
  for (const [field, codec] of e.fields) {
    const v = fields[field];
    switch (codec) {
      case 'u32': w.u32(v as number); break;
      case 'bool': w.bool(v as boolean); break;
      case 'opts': w.vec((v ?? []) as CanonOpt[], (o) => writeCanonOpt(w, o)); break;
      case 'corevaltype': writeCoreValType(w, v as Parameters<typeof writeCoreValType>[1]); break;
      case 'resultlist': writeResultList(w, v as ValTypeRef | undefined); break;
    }
  }
}

function writeCanonOpt(w: Writer, o: CanonOpt): void {
  w.u8(CANON_OPT.get(o.kind)!.code);
  if ('index' in o) w.u32(o.index);
}

function writeImport(w: Writer, i: Import): void {
  writeExternName(w, i.name);
  writeExternDesc(w, i.desc);
}

function writeExport(w: Writer, e: Export): void {
  writeExternName(w, e.name);
  writeSort(w, e.sort);
  w.u32(e.index);
  if (e.desc === undefined) w.u8(0x00);
  else { w.u8(0x01); writeExternDesc(w, e.desc); }
}
