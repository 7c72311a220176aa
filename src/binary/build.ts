// Helpers to build component ASTs by hand for writeComponent (offsets are 0: nothing was read).
import type {
  Alias, AliasSection, Canon, CanonSection, Component, ComponentSection, CoreInstance, CoreInstanceSection,
  CoreModuleSection, CoreTypeDef, CoreTypeSection, CustomSection, Export, ExportSection, ExternName, Import,
  ImportSection, Instance, InstanceSection, Section, Start, StartSection, TypeDef, TypeSection,
} from './ast.js';
import { COMPONENT_LAYER, COMPONENT_VERSION } from './opcodes.js';

/** Section framing fields of a hand-built section (the writer computes sizes). */
const FRAME = { offset: 0, contentOffset: 0, size: 0 } as const;

/** `component ::= preamble section*`. */
export function buildComponent(sections: Section[]): Component {
  return { kind: 'component', offset: 0, version: COMPONENT_VERSION, layer: COMPONENT_LAYER, sections, end: 0 };
}

/** A plain extern name (`0x00 name`), optionally with `implements` / `versionsuffix` attributes. */
export function externName(name: string, attrs: { implements?: string; versionSuffix?: string } = {}): ExternName {
  const withAttrs = attrs.implements !== undefined || attrs.versionSuffix !== undefined;
  return { offset: 0, name, discriminant: withAttrs ? 2 : 0, ...attrs };
}

export const sections = {
  custom: (name: string, data: Uint8Array): CustomSection => ({ ...FRAME, id: 0, kind: 'custom', name, data }),
  coreModule: (bytes: Uint8Array): CoreModuleSection => ({ ...FRAME, id: 1, kind: 'core-module', module: { offset: 0, end: bytes.length, bytes } }),
  coreInstances: (items: CoreInstance[]): CoreInstanceSection => ({ ...FRAME, id: 2, kind: 'core-instance', items }),
  coreTypes: (items: CoreTypeDef[]): CoreTypeSection => ({ ...FRAME, id: 3, kind: 'core-type', items }),
  component: (component: Component): ComponentSection => ({ ...FRAME, id: 4, kind: 'component', component, bytes: new Uint8Array(0) }),
  instances: (items: Instance[]): InstanceSection => ({ ...FRAME, id: 5, kind: 'instance', items }),
  aliases: (items: Alias[]): AliasSection => ({ ...FRAME, id: 6, kind: 'alias', items }),
  types: (items: TypeDef[]): TypeSection => ({ ...FRAME, id: 7, kind: 'type', items }),
  canons: (items: Canon[]): CanonSection => ({ ...FRAME, id: 8, kind: 'canon', items }),
  start: (start: Start): StartSection => ({ ...FRAME, id: 9, kind: 'start', start }),
  imports: (items: Import[]): ImportSection => ({ ...FRAME, id: 10, kind: 'import', items }),
  exports: (items: Export[]): ExportSection => ({ ...FRAME, id: 11, kind: 'export', items }),
};
