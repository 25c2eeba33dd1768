// `--musl docker` copies musl out of an image, which needs a Docker daemon that answers. Asked
// before anything is written, so a machine without one gets a refusal, not half a workspace.
import { execa } from 'execa';
import { hasErrno } from '../util/errno.js';

/** Why Docker cannot be used here (no CLI, or no daemon answers), or undefined when it can. */
export async function dockerProblem(docker = 'docker'): Promise<string | undefined> {
  try {
    await execa(docker, ['version', '--format', '{{.Server.Version}}'], { timeout: 20_000 });
    return undefined;
  } catch (err) {
    if (hasErrno(err, 'ENOENT')) return `${docker} is not installed`;
    const stderr = ((err as { stderr?: string }).stderr ?? '').trim().split('\n').pop();
    return `no Docker daemon answers${stderr ? ` (${stderr})` : ''}`;
  }
}
