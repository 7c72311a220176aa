// A component assembled item by item: each definition goes to the end of its section kind (consecutive items of
// one kind share a section) and gets the next index of its index space (Explainer.md "Index Spaces").
import type {
  Alias, Canon, CoreInstance, CoreTypeDef, Export, ExternDesc, ExternName, Instance, Section, Sort, TypeDef,
} from '../binary/ast.js';
import { buildComponent, sections } from '../binary/build.js';
import { writeComponent } from '../binary/write.js';
import { readComponent } from '../binary/read.js';

type Space = 'type' | 'func' | 'instance' | 'component' | 'value' | 'core-func' | 'core-instance' | 'core-module' |
  'core-memory' | 'core-table' | 'core-global' | 'core-type' | 'core-tag';

export class ComponentBuilder {
  private readonly list: Section[] = [];
  private readonly counts = new Map<Space, number>();

  private next(space: Space): number {
    const n = this.counts.get(space) ?? 0;
    this.counts.set(space, n + 1);
    return n;
  }

  count(space: Space): number { return this.counts.get(space) ?? 0; }

  /** Appends to the last section when it has this kind, else opens a new one. */
  private push<K extends 'core-instance' | 'core-type' | 'instance' | 'alias' | 'type' | 'canon' | 'import' | 'export'>(
    kind: K, item: unknown, make: () => Section,
  ): void {
    const last = this.list[this.list.length - 1];
    if (last && last.kind === kind && 'items' in last) (last.items as unknown[]).push(item);
    else this.list.push(make());
  }

  type(t: TypeDef): number {
    this.push('type', t, () => sections.types([t]));
    return this.next('type');
  }
  coreType(t: CoreTypeDef): number {
    this.push('core-type', t, () => sections.coreTypes([t]));
    return this.next('core-type');
  }
  alias(a: Alias): number {
    this.push('alias', a, () => sections.aliases([a]));
    const sort = a.kind === 'core-instance-export' ? `core-${a.sort === 'func-exact' ? 'func' : a.sort}` : a.sort;
    return this.next(sort as Space);
  }
  addImport(name: ExternName, desc: ExternDesc): number {
    const item = { offset: 0, name, desc };
    this.push('import', item, () => sections.imports([item]));
    return this.next(desc.kind === 'core-module' ? 'core-module' : desc.kind);
  }
  coreModule(bytes: Uint8Array): number {
    this.list.push(sections.coreModule(bytes));
    return this.next('core-module');
  }
  coreInstance(x: CoreInstance): number {
    this.push('core-instance', x, () => sections.coreInstances([x]));
    return this.next('core-instance');
  }
  instance(x: Instance): number {
    this.push('instance', x, () => sections.instances([x]));
    return this.next('instance');
  }
  canon(c: Canon): number {
    this.push('canon', c, () => sections.canons([c]));
    return this.next(c.kind === 'lift' ? 'func' : 'core-func');
  }
  export(e: Export): number {
    this.push('export', e, () => sections.exports([e]));
    return this.next(e.sort as Space);
  }
  /** A nested component definition. */
  component(inner: ComponentBuilder): number {
    this.list.push(sections.component(buildComponent(inner.list)));
    return this.next('component');
  }
  /** A nested component given as its binary (read, so the writer re-emits it). */
  componentBytes(bytes: Uint8Array): number {
    this.list.push(sections.component(readComponent(bytes)));
    return this.next('component');
  }
  custom(name: string, data: Uint8Array): void {
    this.list.push(sections.custom(name, data));
  }

  /** `(alias core export i "name" (core sort))`. */
  coreExport(instance: number, name: string, sort: 'func' | 'memory' | 'table' | 'global'): number {
    return this.alias({ kind: 'core-instance-export', offset: 0, sort, instance, name });
  }
  /** `(alias export i "name" (sort))`. */
  instanceExport(instance: number, name: string, sort: Sort): number {
    return this.alias({ kind: 'instance-export', offset: 0, sort, instance, name });
  }

  finish(): Uint8Array {
    return writeComponent(buildComponent(this.list));
  }
}
