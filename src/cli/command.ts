// What each `kumiki` subcommand module exports (as `command`); here, not in main.ts, which loads the commands, so
// that they need not import it back.

export interface Command {
  /** One line for `kumiki --help`. */
  summary: string;
  /** Runs the command; returns the exit code. */
  run(args: string[]): Promise<number>;
}
