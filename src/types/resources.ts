// Resource types (Explainer.md "Resource types"): generative, compared by identity.

let nextResourceId = 0;

/**
 * A resource type. Each `(type (resource ...))` definition or `(sub resource)` import creates a fresh one;
 * two resource types are equal only when they are the same object.
 */
export class ResourceType {
  readonly kind = 'resource' as const;
  /** A process-unique number, for printing and map keys. */
  readonly id = nextResourceId++;
  constructor(
    /** The name it was defined or imported under (for messages and generated classes); not part of identity. */
    public name: string,
    /** Representation of a locally defined resource (`rep i32`); undefined for imported (abstract) ones. */
    readonly rep?: 'i32' | 'i64',
    /** True when this is an abstract imported resource `(sub resource)`. */
    readonly imported = false,
  ) {}
}
