// Runs this package's Yeoman generators through yeoman-environment, so `ostoo` works
// where `yo` refuses (as root, in CI) and without a global yo install.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync, rmSync } from 'node:fs';
import { generatorNames } from '../commands/index.js';
import { asCancelled, isPostWriteStepError, OstooError } from '../errors.js';
import { errnoReason, hasErrno, plainFsError } from '../util/errno.js';
import { escapeGeneratorOutput, type Log } from '../util/escaped-log.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The outermost directory of `dir` that does not exist yet (what a run would create). */
function firstMissing(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing = d;
  return missing;
}

/**
 * A full disk (or quota) names the directory being written and what to do; other file
 * system errors name their path, in words.
 */
function failure(err: unknown, dir: string, removed: string | undefined): unknown {
  if (!hasErrno(err, 'ENOSPC', 'EDQUOT')) return plainFsError(err);
  return new OstooError(
    `cannot write ${dir}: ${errnoReason(err)}`,
    `free some space, then run the command again${removed ? ` (nothing was kept: ${removed} was removed)` : ''}`,
    { cause: err },
  );
}

export async function runGenerator(name: string, args: string[], cwd: string): Promise<void> {
  // Loaded lazily: yeoman-environment costs ~0.5 s to import, which `ostoo verify` need not pay.
  const { createEnv } = await import('yeoman-environment');
  const created = firstMissing(cwd);
  const env = createEnv({ cwd, skipInstall: true });
  escapeGeneratorOutput(env.adapter as unknown as { log: Log });
  for (const gen of generatorNames) {
    const file = path.join(packageRoot, 'lib', 'generators', gen, 'index.js');
    if (existsSync(file)) env.register(file, { namespace: `ostoo:${gen}`, packagePath: packageRoot });
  }
  try {
    await env.run([`ostoo:${name}`, ...args]);
  } catch (err) {
    // A refused or failed run leaves the file system as it was: not even a partial DIR,
    // which would block the rerun. `created` did not exist before this run: all of it is ours.
    // Only a step after every write (the sysroot script) keeps the finished project, whose
    // error names the one command that completes it.
    if (isPostWriteStepError(err)) throw err;
    if (created) rmSync(created, { recursive: true, force: true, maxRetries: 3 });
    // The prompt adapter aborts the whole run with the prompt's own error, before a generator sees it.
    throw failure(asCancelled(err), cwd, created);
  }
}
