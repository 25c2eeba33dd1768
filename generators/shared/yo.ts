// What differs when the generators run under the `yo` binary rather than `ostoo` or yeoman-test:
// yo prints errors its own way ("Error <args>" and the message), so there the generators
// print their one-line error and exit themselves.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Generator from 'yeoman-generator';
import { printError } from '../../src/cli/errors.js';
import { OstooError } from '../../src/errors.js';

export function runningUnderYo(): boolean {
  const script = process.argv[1] ?? '';
  return path.basename(script) === 'yo' || /[/\\]yo[/\\]lib[/\\]cli\.js$/.test(script);
}

/** Under yo: print the one-line error and exit 1. Elsewhere: throw it to the caller. */
export function fail(err: unknown): never {
  if (!runningUnderYo()) throw err;
  printError(err);
  process.exit(1);
}

/**
 * yo started as root switches to another uid (downgrade-root) but keeps root's HOME, where it
 * then cannot read its own config. Stop before that with a pointer to `ostoo`, which runs as root.
 */
export function refuseYoAsRoot(): void {
  if (!runningUnderYo()) return;
  let homeOwner: number | undefined;
  try {
    homeOwner = statSync(os.homedir()).uid;
  } catch {
    return;
  }
  const uid = process.getuid?.();
  if (homeOwner === 0 && uid !== undefined && uid !== 0) {
    // yo's update-notifier, which cannot write its store in root's home either, queued a box
    // ("update check failed … Try running with sudo") for exit, to follow this line. yo has
    // printed everything of its own by now, and ostoo's line goes to stderr directly: drop it.
    console.error = () => {};
    fail(
      new OstooError(
        "yo does not run as root (it switches to another user, who cannot use root's home)",
        'run `ostoo new DIR` (or `ostoo program NAME`), which does the same as root, or run yo as a normal user',
      ),
    );
  }
}

// At import: yo reads root's home between importing a generator and constructing it.
refuseYoAsRoot();

const muted = Symbol('ostoo: task error banner muted');

/**
 * Yeoman logs "✖ An error occured while running ostoo:app#prompting" before it rethrows a task's
 * error; the error itself is printed once, as ostoo's. Under yo, task errors end the process
 * with that one line instead of yo's "Error <args>" block.
 */
export function ownErrors(gen: Generator): void {
  const log = (gen as unknown as { env?: { adapter?: { log?: Record<PropertyKey, unknown> } } }).env?.adapter?.log;
  if (log && !log[muted] && typeof log.error === 'function') {
    const logError = (log.error as (...a: unknown[]) => unknown).bind(log);
    log.error = (...a: unknown[]) => (/^An error occured while running /.test(String(a[0])) ? log : logError(...a));
    log[muted] = true;
  }
  if (!runningUnderYo()) return;
  const task = gen as unknown as { executeTask: (...a: unknown[]) => Promise<unknown> };
  const execute = task.executeTask.bind(gen);
  task.executeTask = async (...a: unknown[]) => {
    try {
      return await execute(...a);
    } catch (err) {
      return fail(err);
    }
  };
}
