// `ostoo toolchain verify`: re-hash an installed toolchain against the lock. Each locked
// artifact is re-obtained as verified bytes (cache or download), and every file it
// installs is hashed both in the archive and on disk.
import { createReadStream } from 'node:fs';
import { lstat, readFile, readlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import type { Compression, LockedArtifact } from '../lock/schema.js';
import type { Chosen } from './archive-choice.js';
import { obtainBlobFile } from './artifact.js';
import type { FetchContext } from './verified-fetch.js';
import { componentName } from './component.js';
import { startDecompressor } from './decompress.js';
import { manifestLines, parsePart, partCovers, type ManifestPart } from './manifest-parts.js';
import { RUSTLIB } from './rustup-meta.js';

export interface RehashProblem {
  component: string;
  path: string;
  problem: string;
}

async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

async function checkArtifact(
  blob: string,
  compression: Compression,
  dir: string,
  name: string,
  pkg: string,
  parts: readonly ManifestPart[],
): Promise<RehashProblem[]> {
  const problems: RehashProblem[] = [];
  const pending: Promise<void>[] = [];
  let seen = 0;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const segs = entry.path.split('/');
      const comp = segs[1];
      const rel = segs.slice(2).join('/');
      if ((comp !== name && comp !== pkg) || !rel || !parts.some((p) => partCovers(p, rel))) {
        entry.resume();
        return;
      }
      const installed = path.join(dir, rel);
      if (entry.type === 'SymbolicLink') {
        pending.push(
          readlink(installed).then(
            (l) =>
              void (
                l !== entry.linkpath &&
                problems.push({
                  component: name,
                  path: rel,
                  problem: `symlink points to ${l}, expected ${entry.linkpath}`,
                })
              ),
            () => void problems.push({ component: name, path: rel, problem: 'missing' }),
          ),
        );
        entry.resume();
        return;
      }
      if (entry.type !== 'File' && entry.type !== 'OldFile' && entry.type !== 'ContiguousFile') {
        entry.resume();
        return;
      }
      seen++;
      const h = createHash('sha256');
      entry.on('data', (c: Buffer) => h.update(c));
      const expected = new Promise<string>((resolve) => entry.on('end', () => resolve(h.digest('hex'))));
      pending.push(
        Promise.all([expected, hashFile(installed)]).then(
          ([want, got]) =>
            void (
              want !== got && problems.push({ component: name, path: rel, problem: `sha256 ${got}, expected ${want}` })
            ),
          () => void problems.push({ component: name, path: rel, problem: 'missing' }),
        ),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('close', () => resolve());
    const { input, output } = startDecompressor(compression, name, reject);
    createReadStream(blob).pipe(input);
    output.pipe(parser as unknown as NodeJS.WritableStream);
  });
  await Promise.all(pending);
  if (seen === 0 && parts.some((p) => p.kind === 'file'))
    problems.push({ component: name, path: '', problem: 'no installed file found in the package' });
  return problems;
}

export async function rehashInstalled(
  ctx: FetchContext,
  dir: string,
  artifacts: readonly { artifact: LockedArtifact; chosen: Chosen }[],
): Promise<RehashProblem[]> {
  const problems: RehashProblem[] = [];
  for (const { artifact, chosen } of artifacts) {
    const name = componentName(artifact.component, artifact.target);
    let lines: string[];
    try {
      lines = manifestLines(await readFile(path.join(dir, RUSTLIB, `manifest-${name}`), 'utf8'));
    } catch {
      problems.push({ component: name, path: '', problem: 'not installed' });
      continue;
    }
    const parts: ManifestPart[] = [];
    for (const line of lines) {
      const part = parsePart(line);
      if (!part) {
        problems.push({ component: name, path: line, problem: `not a file: or dir: line of manifest-${name}` });
        continue;
      }
      parts.push(part);
      await lstat(path.join(dir, part.path)).catch(() =>
        problems.push({ component: name, path: part.path, problem: 'missing' }),
      );
    }
    const blob = await obtainBlobFile(ctx, chosen);
    problems.push(...(await checkArtifact(blob, chosen.compression, dir, name, artifact.component, parts)));
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.component}\0${p.path}\0${p.problem}`;
    return !seen.has(k) && seen.add(k) !== undefined;
  });
}
