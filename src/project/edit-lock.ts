// One lock per project serialises ostoo's edits of it (the install mutex, mutex.ts: a lock
// file recording pid, start time, boot id and a token; a dead holder's lock is stale). A
// command that edits a project takes it before it reads what it plans from and holds it until
// its writes are on disk, so two runs at once apply one after the other, each planning from
// what the other wrote.
import { statSync } from 'node:fs';
import path from 'node:path';
import { acquire, type Held } from '../provisioning/mutex.js';

export const EDIT_LOCK_FILE = '.ostoo.lock';

const nothingHeld: Held = { release: async () => {}, releaseSync: () => {} };

/** Takes the edit lock of the project at `root`, waiting (and saying so) while another command holds it. */
export async function lockProject(root: string, say: (line: string) => void): Promise<Held> {
  // No project there: nothing to edit (the command refuses for its own reason).
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) return nothingHeld;
  return acquire(path.join(root, EDIT_LOCK_FILE), {
    onWait: (pid) => say(`waiting for another ostoo command editing ${root} (pid ${pid ?? '?'}) to finish`),
  });
}
