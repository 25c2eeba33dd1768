import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';

/** The package root (tests run from lib/test). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ostooBin = path.join(repoRoot, 'bin', 'ostoo.js');
export const generatorPath = (name: string) => path.join(repoRoot, 'lib', 'generators', name, 'index.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `ostoo-${prefix}-`));
}
