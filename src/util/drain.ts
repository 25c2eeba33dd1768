// Waiting for a writable stream's buffer to empty after write() returned false.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Resolves once `stream` emits 'drain', or 'close' or 'error' (a stream that ends without
 * draining must not hang the writer; its error reaches the writer through the stream's own
 * error handling, not through this promise).
 */
export async function drained(stream: Writable): Promise<void> {
  if (stream.closed || !stream.writableNeedDrain) return;
  const stop = new AbortController();
  const opts = { signal: stop.signal };
  try {
    await Promise.race([once(stream, 'drain', opts), once(stream, 'close', opts)]);
  } catch {
    // 'error' (or our own abort): the stream is done either way.
  } finally {
    stop.abort();
  }
}
