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

/**
 * What went wrong, for a message that carries `err` inside its own: an OstooError's `what`
 * (its hint would land mid-line; the outer error gives its own), else the message.
 */
export function whatOf(err: unknown): string {
  if (err instanceof OstooError) return err.what;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Every file is written and only a step after the writes failed (the musl sysroot's script):
 * the project is kept, and the hint names the one command that completes it.
 */
export class PostWriteStepError extends OstooError {}

/** Whether `err` is a {@link PostWriteStepError} (by name: the generator may load its own copy of this module). */
export function isPostWriteStepError(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'PostWriteStepError';
}

/** Ctrl-C at a question (inquirer's ExitPromptError) as a refusal: the questions come before any write. */
export function asCancelled(err: unknown): unknown {
  if ((err as Error | undefined)?.name !== 'ExitPromptError') return err;
  return new OstooError('cancelled at a question (Ctrl-C); nothing was written', 'run the command again to start over');
}
