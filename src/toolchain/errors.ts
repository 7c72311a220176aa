// Errors of the toolchain (`componentNew`, `compose`): what does not fit, naming the core import/export and the
// WIT item involved.

/** A core module and its world do not fit together, or an input is not what the tool needs. */
export class ComponentNewError extends Error {
  override name = 'ComponentNewError';
}
