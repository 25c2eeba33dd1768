// Reading a dist tree on disk (file:// URLs) with the same contract as the HTTP download:
// bytes handed to the sink in order, the sha256 checked over all of them, and the size the
// lock records enforced while reading. No retries: a local file does not heal.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { errnoCode, errnoReason } from '../util/errno.js';
import { OstooError } from '../errors.js';
import { UrlError } from './url-error.js';
import { fileKind, readRegularFile } from '../util/regular-file.js';

/** A missing or unreadable file in a dist tree, named as a path. */
export class DistFileError extends OstooError {
  constructor(url: string, err: unknown) {
    super(
      `${fileURLToPath(url)}: ${errnoReason(err, { ENOENT: 'no such file in the dist tree' })}`,
      'check --dist-server, or make the mirror again with `ostoo toolchain mirror`',
    );
  }
}

/** What to do about a file in a dist tree that is not what the lock pins. */
const TAMPERED = 'the dist tree holds another file than the lock pins; make the mirror again, or check it';

/** The path a file URL names; a URL no path can be made of (an encoded `/`, a host) is a UrlError. */
function pathOf(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ERR_INVALID_FILE_URL_PATH' && /encoded \//.test((err as Error).message)
        ? "a file URL's path must not contain an encoded /"
        : `it names no file here (${(err as Error).message})`;
    throw new UrlError(url, why, 'fix the URL in the lock, or serve the mirror over http(s)');
  }
}

export async function streamFileUrl(
  url: string,
  expected: { sha256: string; size?: number },
  sink: (chunk: Buffer) => void | Promise<void>,
  onProgress?: (received: number, total: number | undefined) => void,
): Promise<string> {
  const file = pathOf(url);
  let total: number;
  try {
    const st = await stat(file);
    // A FIFO or a device in a dist tree would be read forever.
    if (!st.isFile()) throw new OstooError(`${file} is ${fileKind(st)}, not a regular file`, 'fix the dist tree');
    total = st.size;
  } catch (err) {
    if (err instanceof OstooError) throw err;
    throw new DistFileError(url, err);
  }
  if (expected.size !== undefined && total > expected.size)
    throw new OstooError(`${file} is larger than the ${expected.size} bytes the lock records`, TAMPERED);
  const hash = createHash('sha256');
  let received = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const c = chunk as Buffer;
      received += c.length;
      if (expected.size !== undefined && received > expected.size)
        throw new OstooError(`${file} is larger than the ${expected.size} bytes the lock records`, TAMPERED);
      hash.update(c);
      await sink(c);
      onProgress?.(received, expected.size ?? total);
    }
  } catch (err) {
    if (errnoCode(err)) throw new DistFileError(url, err);
    throw err;
  }
  return hash.digest('hex');
}

/** Channel manifests and their .sha256 are about 1 MiB at most. */
const MAX_TEXT_BYTES = 64 << 20;

export async function readFileUrl(url: string): Promise<string> {
  const file = pathOf(url);
  try {
    return readRegularFile(file, { maxBytes: MAX_TEXT_BYTES, what: 'a channel manifest' }).toString('utf8');
  } catch (err) {
    if (err instanceof OstooError) throw err;
    throw new DistFileError(url, err);
  }
}

export async function fileUrlSize(url: string): Promise<number | undefined> {
  const file = pathOf(url);
  try {
    return (await stat(file)).size;
  } catch (err) {
    throw new DistFileError(url, err);
  }
}
