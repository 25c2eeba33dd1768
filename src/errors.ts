// Errors a user can act on. How they are printed (one line, `ostoo: <what> — <what to do>`)
// is the CLI's business (src/cli/errors.ts); what they say is decided where they happen.

/** An error a user can act on: what went wrong, and what to do about it. */
export class OstooError extends Error {
  constructor(
    readonly what: string,
    readonly hint?: string,
  ) {
    super(hint ? `${what} — ${hint}` : what);
    this.name = 'OstooError';
  }
}
