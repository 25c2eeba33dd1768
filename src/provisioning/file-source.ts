// Reading a dist tree on disk (file:// URLs) with the same contract as the HTTP download:
// bytes handed to the sink in order, the sha256 checked over all of them, and the size the
// lock records enforced while reading. No retries: a local file does not heal.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { errnoCode, errnoReason } from '../util/errno.js';
import { OstooError } from '../errors.js';

/** A missing or unreadable file in a dist tree, named as a path. */
export class DistFileError extends OstooError {
  constructor(url: string, err: unknown) {
    super(`${fileURLToPath(url)}: ${errnoReason(err, { ENOENT: 'no such file in the dist tree' })}`);
  }
}

export async function streamFileUrl(
  url: string,
  expected: { sha256: string; size?: number },
  sink: (chunk: Buffer) => void | Promise<void>,
  onProgress?: (received: number, total: number | undefined) => void,
): Promise<string> {
  const file = fileURLToPath(url);
  let total: number;
  try {
    total = (await stat(file)).size;
  } catch (err) {
    throw new DistFileError(url, err);
  }
  if (expected.size !== undefined && total > expected.size)
    throw new Error(`${file} is larger than the ${expected.size} bytes the lock records`);
  const hash = createHash('sha256');
  let received = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const c = chunk as Buffer;
      received += c.length;
      if (expected.size !== undefined && received > expected.size)
        throw new Error(`${file} is larger than the ${expected.size} bytes the lock records`);
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

export async function readFileUrl(url: string): Promise<string> {
  try {
    return await readFile(fileURLToPath(url), 'utf8');
  } catch (err) {
    throw new DistFileError(url, err);
  }
}

export async function fileUrlSize(url: string): Promise<number | undefined> {
  try {
    return (await stat(fileURLToPath(url))).size;
  } catch (err) {
    throw new DistFileError(url, err);
  }
}
