// The one rule for users' files that are links: ostoo edits files only inside the project.
// Every file a command creates or edits is checked through util/rooted.ts against the
// project's root: a link inside the project (a Makefile -> ../shared/app.mk) is edited at its
// target and stays a link; a file, or a directory on the way, that is a link leading out of
// the project is refused with one line naming both ends, before anything is written.
import path from 'node:path';
import { Rooted, within } from '../util/rooted.js';
import { findRecord } from './record.js';

export const OUTSIDE_PROJECT_HINT =
  'ostoo edits files only inside the project: replace the link with the file itself, or run ostoo in the project the file belongs to';

/** The project rooted at `root`: every path written there goes through `check`. */
export function projectFiles(root: string): Rooted {
  return new Rooted(root, { what: 'the project', hint: OUTSIDE_PROJECT_HINT });
}

/**
 * The project that edits of `dir` stay inside: the nearest project record at or above it,
 * else the current directory when `dir` is inside it (a checkout ostoo did not make, run from
 * its root, whose apps/ may be links into projects/), else `dir` itself.
 */
export function editRootFor(dir: string, cwd = process.cwd()): string {
  const found = findRecord(dir);
  if (found) return found.root;
  const here = path.resolve(cwd);
  return within(here, path.resolve(dir)) ? here : path.resolve(dir);
}
