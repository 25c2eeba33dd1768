// The one place that starts a decompressor for an artifact's bytes and turns its failures
// (a bad stream, a missing xz or zstd, a non-zero exit) into errors that name the archive.
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { Compression } from '../lock/schema.js';
import { COMPRESSION_FORMATS, type Decoder } from '../lock/compression.js';
import { OstooError } from '../errors.js';

export interface Decompressor {
  /** Compressed bytes go in here... */
  input: Writable;
  /** ...and the tar stream comes out here. */
  output: NodeJS.ReadableStream;
  /** Stops the work (the external tool, if any) early. */
  kill(): void;
}

/**
 * Decodes as the format's row in COMPRESSION_FORMATS says: gz through zlib (on the thread pool),
 * xz and zst through the system's xz/zstd tools.
 * `onError` is called with each failure, in words that name `label`.
 */
export function startDecompressor(kind: Compression, label: string, onError: (err: Error) => void): Decompressor {
  const decoder: Decoder = COMPRESSION_FORMATS[kind].decoder;
  switch (decoder.kind) {
    case 'zlib':
      return startZlib(kind, label, onError);
    case 'tool':
      return startTool(decoder.command, decoder.args, kind, label, onError);
    default: {
      const unknown: never = decoder;
      throw new Error(`${label}: no decoder for ${JSON.stringify(unknown)}`);
    }
  }
}

/** What to do about data that does not decompress. */
const DAMAGED =
  'the archive is damaged or not what the lock pins; install again, or use another mirror (--dist-server)';

function startZlib(kind: Compression, label: string, onError: (err: Error) => void): Decompressor {
  // 1 MiB output chunks: four times fewer round trips between the thread pool and the main
  // thread than 256 KiB (measured: cold install about 10% faster).
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
  gunzip.on('error', (err: Error) =>
    onError(new OstooError(`${label}: cannot decompress the ${kind} data (${err.message})`, DAMAGED)),
  );
  return { input: gunzip, output: gunzip, kill: () => {} };
}

function startTool(
  command: string,
  args: readonly string[],
  kind: Compression,
  label: string,
  onError: (err: Error) => void,
): Decompressor {
  const child = spawn(command, [...args], { stdio: ['pipe', 'pipe', 'ignore'] });
  const input = child.stdin as Writable;
  const output = child.stdout as NodeJS.ReadableStream;
  output.on('error', (err: Error) =>
    onError(new OstooError(`${label}: cannot decompress the ${kind} data (${err.message})`, DAMAGED)),
  );
  input.on('error', (err: Error) =>
    onError(
      err instanceof OstooError
        ? new OstooError(`${label}: ${err.what}`, err.hint ?? DAMAGED)
        : new OstooError(`${label}: ${err.message}`, DAMAGED),
    ),
  );
  child.on('error', (err) =>
    onError(
      new OstooError(
        `${label}: cannot run the ${kind} decompressor: ${err.message}`,
        `install ${command} (Debian: apt-get install ${command === 'xz' ? 'xz-utils' : command})`,
      ),
    ),
  );
  child.on('exit', (code) => {
    if (code) onError(new OstooError(`${label}: ${kind} decompression failed (exit ${code})`, DAMAGED));
  });
  return { input, output, kill: () => void child.kill() };
}
