// The check of `ostoo new`'s --musl answer, as soon as it is known: the source must be there for
// the architecture and toolchain chosen so far, and Docker must answer for --musl docker (unless
// the sysroot is left for later with --skip-sysroot).
import type { Answer, Answers } from '../../src/command/model.js';
import { OstooError } from '../../src/errors.js';
import { dockerProblem } from '../../src/sysroot/docker.js';
import { resolveMuslSource, type MuslKind } from '../../src/sysroot/musl.js';
import { userArchInfo } from '../../src/target-spec/user-arch.js';
import type { Toolchain } from '../../src/toolchain/resolve.js';

export async function checkMusl(
  value: Answer,
  answers: Answers,
  opts: Record<string, unknown>,
  toolchain: Toolchain | undefined,
): Promise<void> {
  const kind = String(value) as MuslKind | 'auto';
  // A toolchain the lock pins is installed later: its own musl is looked at then.
  if (!toolchain && (kind === 'rust-std' || kind === 'auto')) return;
  resolveMuslSource(
    {
      kind,
      path: opts['musl-path'] as string | undefined,
      image: opts['docker-image'] as string | undefined,
    },
    toolchain ?? { root: '', id: '' },
    userArchInfo(String(answers.arch ?? 'x86_64')).arch,
  );
  if (kind !== 'docker' || opts['skip-sysroot'] === true) return;
  const problem = await dockerProblem();
  if (problem)
    throw new OstooError(
      `--musl docker: ${problem}`,
      'start Docker and run this again, or pass --skip-sysroot to write the workspace now and run scripts/extract-musl-sysroot.sh once Docker runs, or choose --musl system (musl-dev)',
    );
}
