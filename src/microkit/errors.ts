// The refusals of the Microkit flavor: one line, what is wrong and what to do, nothing written.
import { OstooError } from '../errors.js';

export class MicrokitError extends OstooError {
  override name = 'MicrokitError';
}

/** A .system file ostoo cannot read or model (with its file:line:column). */
export class SystemFileError extends MicrokitError {
  override name = 'SystemFileError';
  constructor(what: string, hint = 'fix the .system file first') {
    super(what, hint);
  }
}
