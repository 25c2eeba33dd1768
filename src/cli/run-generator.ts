// Runs this package's Yeoman generators through yeoman-environment, so `ostoo` works
// where `yo` refuses (as root, in CI) and without a global yo install.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, rmdirSync } from 'node:fs';
import { generatorNames } from '../commands/index.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The outermost directory of `dir` that does not exist yet (what a run would create). */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing = d;
  return missing;
}

/** Undo the directories a failed run created, as long as they are still empty. */
function removeCreated(dir: string, upTo: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (something was written) or already gone
    }
    if (d === upTo) return;
  }
}

export async function runGenerator(name: string, args: string[], cwd: string): Promise<void> {
  // Loaded lazily: yeoman-environment costs ~0.5 s to import, which `ostoo verify` need not pay.
  const { createEnv } = await import('yeoman-environment');
  const created = firstMissing(cwd);
  const env = createEnv({ cwd, skipInstall: true });
  for (const gen of generatorNames) {
    const file = path.join(packageRoot, 'lib', 'generators', gen, 'index.js');
    if (existsSync(file)) env.register(file, { namespace: `ostoo:${gen}`, packagePath: packageRoot });
  }
  try {
    await env.run([`ostoo:${name}`, ...args]);
  } catch (err) {
    // A refused run leaves the file system as it was: not even an empty DIR.
    if (created) removeCreated(cwd, created);
    throw err;
  }
}
