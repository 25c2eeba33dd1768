import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';

/** The package root (tests run from lib/test). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ostooBin = path.join(repoRoot, 'bin', 'ostoo.js');
export const generatorPath = (name: string) => path.join(repoRoot, 'lib', 'generators', name, 'index.js');

// node --test runs each test file in its own process, so the directories a file made are
// removed when that process exits. OSTOO_KEEP_TMP=1 keeps them for a post-mortem.
const made: string[] = [];
process.on('exit', () => {
  if (process.env.OSTOO_KEEP_TMP === '1') return;
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Sealed (read-only) cache directories: make them writable, then try once more.
      spawnSync('chmod', ['-R', 'u+w', dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

/** A fresh directory under the system temp dir, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ostoo-${prefix}-`));
  made.push(dir);
  return dir;
}
