// The archive formats a dist server offers, in one table: per format the channel manifest's
// keys, the file extension, and how its bytes are decoded. The table is a Record over every
// Compression, so adding a format to COMPRESSIONS does not compile until its row exists; and
// code that branches on the decoder does so through an exhaustive switch (see decompress.ts).
import type { Compression } from './schema.js';

/** How a format's bytes become a tar stream. */
export type Decoder =
  /** In process, through node's zlib. */
  | { kind: 'zlib' }
  /** Through an external tool on PATH that reads stdin and writes stdout. */
  | { kind: 'tool'; command: string; args: readonly string[] };

export interface CompressionFormat {
  /** The channel manifest's URL key for this format in a `pkg.NAME.target.TRIPLE` table. */
  urlKey: 'url' | `${string}_url`;
  /** ...and its sha256 key. */
  hashKey: 'hash' | `${string}_hash`;
  /** The file name's ending on the dist server. */
  extension: `.tar.${string}`;
  decoder: Decoder;
}

export const COMPRESSION_FORMATS = {
  gz: { urlKey: 'url', hashKey: 'hash', extension: '.tar.gz', decoder: { kind: 'zlib' } },
  xz: {
    urlKey: 'xz_url',
    hashKey: 'xz_hash',
    extension: '.tar.xz',
    decoder: { kind: 'tool', command: 'xz', args: ['-dc'] },
  },
  zst: {
    urlKey: 'zst_url',
    hashKey: 'zst_hash',
    extension: '.tar.zst',
    decoder: { kind: 'tool', command: 'zstd', args: ['-dc'] },
  },
} as const satisfies Record<Compression, CompressionFormat>;

/** The row of `c`. */
export function formatOf(c: Compression): CompressionFormat {
  return COMPRESSION_FORMATS[c];
}

/** The external tool that decodes `c`, or undefined when it decodes in process. */
export function decoderTool(c: Compression): string | undefined {
  const d: Decoder = COMPRESSION_FORMATS[c].decoder;
  switch (d.kind) {
    case 'zlib':
      return undefined;
    case 'tool':
      return d.command;
    default: {
      const unknown: never = d;
      throw new Error(`unknown decoder ${JSON.stringify(unknown)}`);
    }
  }
}
