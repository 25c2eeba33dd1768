// Which of a locked artifact's archives (gz, xz, zst) to fetch and unpack: decided here,
// for install and verify alike.
import type { ArtifactFile, Compression, LockedArtifact } from '../lock/schema.js';
import { COMPRESSIONS } from '../lock/schema.js';
import { decoderTool } from '../lock/compression.js';
import { which } from '../util/which.js';
import { componentName } from './component.js';
import { OstooError } from '../errors.js';

/** One archive of an artifact, as chosen. */
export interface Chosen {
  label: string;
  compression: Compression;
  file: ArtifactFile;
}

/** The default preference: gz inflates fastest, then zst, then xz. */
export const PREFERRED_FORMATS: readonly Compression[] = ['gz', 'zst', 'xz'];

/** Whether this machine can unpack each kind: gz always, xz and zstd when their tool is on PATH (looked up once). */
export function unpackableHere(): (c: Compression) => boolean {
  const tools = new Map<Compression, boolean>();
  return (c) => {
    if (!tools.has(c)) {
      const tool = decoderTool(c);
      tools.set(c, tool === undefined || which(tool) !== undefined);
    }
    return tools.get(c) as boolean;
  };
}

/** The first of `formats` that `a` offers and that can be unpacked. */
export function chooseArchive(
  a: LockedArtifact,
  formats: readonly Compression[],
  usable: (c: Compression) => boolean,
): Chosen {
  const label = componentName(a.component, a.target);
  for (const c of formats) {
    const f = a[c];
    if (f && usable(c)) return { label, compression: c, file: f };
  }
  const offered = COMPRESSIONS.filter((c) => a[c]);
  const tools = [...new Set(COMPRESSIONS.flatMap((c) => decoderTool(c) ?? []))];
  throw new OstooError(
    `${label}: the lock offers ${offered.join(', ')}, none of which can be unpacked here`,
    `install ${tools.join(' or ')}`,
  );
}
