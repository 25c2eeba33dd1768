// A directory as data, for "the tree is byte-identical" assertions.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import helpers from 'yeoman-test';

/** Relative path -> file text ('<dir>' for directories), sorted; `skip` leaves paths out. */
export function snapshotTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (skip(rel)) continue;
    const full = path.join(dir, rel);
    out[rel] = statSync(full).isFile() ? readFileSync(full, 'utf8') : '<dir>';
  }
  return out;
}

/**
 * Relative path -> mode and bytes (base64) of every file, and the target of every symlink
 * (not followed): "left byte for byte", modes and links included.
 */
export function snapshotBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isSymbolicLink()) out[path.relative(dir, p)] = `link ${readlinkSync(p)}`;
      else out[path.relative(dir, p)] = `${statSync(p).mode} ${readFileSync(p).toString('base64')}`;
    }
  };
  walk(dir);
  return out;
}

/** Runs a generator in a prepared temp dir; it must fail with `message` and change nothing. */
export async function assertGeneratorRefuses(
  generator: string,
  options: Record<string, unknown>,
  message: RegExp,
  prepare?: (dir: string) => void,
): Promise<void> {
  let dir = '';
  let before: Record<string, string> = {};
  // yeoman-test empties its directory first, so the tree is prepared in its callback.
  const run = helpers
    .run(generator)
    .inTmpDir((d) => {
      dir = d;
      prepare?.(d);
      before = snapshotTree(d);
    })
    .withOptions(options as Record<string, never>);
  await assert.rejects(run, message);
  assert.deepEqual(snapshotTree(dir), before, 'the destination is unchanged');
}
