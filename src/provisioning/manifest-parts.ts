// The parts of a rust-installer component: the lines of its `manifest.in`, which rustup
// copies to lib/rustlib/manifest-<component>. Each is `file:PATH` or `dir:PATH`, PATH
// relative to the prefix (rustup's component/components.rs, ComponentPart). Parsed here
// once into typed values; nothing else splits these lines.

export interface ManifestPart {
  kind: 'file' | 'dir';
  /** Relative to the prefix, '/'-separated. */
  path: string;
}

/** The part a line names, or undefined when it is not `file:PATH` or `dir:PATH`. */
export function parsePart(line: string): ManifestPart | undefined {
  const m = /^(file|dir):(.*)$/.exec(line);
  return m ? { kind: m[1] as ManifestPart['kind'], path: m[2] as string } : undefined;
}

/** The line for a part, as manifest.in and rustup write it. */
export function formatPart(part: ManifestPart): string {
  return `${part.kind}:${part.path}`;
}

/** The lines of a manifest file that carry something (blank lines are skipped). */
export function manifestLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** Whether the prefix-relative path `rel` belongs to `part`: the file itself, or anything under the directory. */
export function partCovers(part: ManifestPart, rel: string): boolean {
  return part.kind === 'file' ? rel === part.path : rel === part.path || rel.startsWith(`${part.path}/`);
}
