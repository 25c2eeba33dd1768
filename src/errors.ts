// Errors a user can act on. Each says what went wrong and, where there is one, what to do;
// the domain errors (a bad name, a malformed record, a hostile archive, ...) extend this one.
// How they are printed (one line, `ostoo: <what> — <what to do>`) is the CLI's business
// (src/cli/errors.ts).

export class OstooError extends Error {
  constructor(
    /** What went wrong, naming the file, value or option. */
    readonly what: string,
    /** What to do about it. */
    readonly hint?: string,
    options?: ErrorOptions,
  ) {
    super(hint ? `${what} — ${hint}` : what, options);
    this.name = new.target.name;
  }
}
