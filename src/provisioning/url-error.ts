// A URL that cannot be fetched as it is: invalid, or a file URL no path can be made of.
// Another attempt cannot heal it; the caller adds which artifact it was for.
import { OstooError } from '../errors.js';

export class UrlError extends OstooError {
  constructor(
    readonly url: string,
    why: string,
    hint = 'fix the URL (in the lock, or --dist-server)',
  ) {
    super(`cannot fetch ${url}: ${why}`, hint);
  }
}
