// A lock file (O_EXCL create, holding our pid) so that two installs of the same toolchain
// take turns. A lock whose process is gone is taken over.
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Held {
  release(): Promise<void>;
}

async function ownerOf(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for and takes the lock; `onWait` is called once if someone else holds it. */
export async function acquire(file: string, opts: { timeoutMs?: number; onWait?: (pid: number | undefined) => void } = {}): Promise<Held> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let told = false;
  for (;;) {
    try {
      const fh = await open(file, 'wx');
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return {
        release: async () => {
          if ((await ownerOf(file)) === process.pid) await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = await ownerOf(file);
    // A lock without a pid is one whose writer died between creating and writing it.
    const orphan = pid === undefined && (await stat(file).then((s) => Date.now() - s.mtimeMs > 5_000, () => false));
    if (orphan) {
      await rm(file, { force: true });
      continue;
    }
    if (pid !== undefined && !alive(pid)) {
      // Stale: move it aside and check we moved the one we judged (not a fresh one).
      const aside = `${file}.stale-${process.pid}`;
      try {
        await rename(file, aside);
        const moved = await ownerOf(aside);
        if (moved !== pid) await rename(aside, file);
        else await rm(aside, { force: true });
      } catch {
        // someone else got there first
      }
      continue;
    }
    if (!told) {
      opts.onWait?.(pid);
      told = true;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${file} (held by pid ${pid ?? '?'})`);
    await sleep(100 + Math.random() * 100);
  }
}
