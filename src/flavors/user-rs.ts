// The `user-rs` flavor: a Cargo workspace for a kernel's userspace (src/workspace/user-rs.ts
// plans its files), its musl sysroot extracted once the files are written.
import path from 'node:path';
import { oneOf } from '../command/choices.js';
import { assertPackageName, assertRelativeDir } from '../package-names.js';
import { userRsId } from '../flavor-catalog/flavor-ids.js';
import { toolchainRecord, type ProjectRecord } from '../project/record.js';
import { repinToolchainFileAt, editIfPresent, repointVendor, rewriteToolchainBlock } from '../project/repin.js';
import { oneLine } from '../render/quote.js';
import { resolveMuslSource, type MuslKind } from '../sysroot/musl.js';
import { userArchInfo } from '../target-spec/user-arch.js';
import {
  deriveSpecFor,
  executableFiles,
  planUserRs,
  seedPrograms,
  userTargetName,
  type UserRsConfig,
} from '../workspace/user-rs.js';
import { panicModes } from '../workspace/size-flags.js';
import type { BumpFiles, Flavor, FlavorInput, FlavorPlan } from './flavor.js';

const lockFile = 'user-rs/toolchains.lock';

/** A path in the new workspace as the user can type it from where they are. */
function shown(input: FlavorInput, file: string): string {
  const abs = path.join(input.destination, file);
  const rel = path.relative(input.cwd, abs);
  return rel.startsWith('..') ? abs : rel;
}

async function plan(input: FlavorInput): Promise<FlavorPlan> {
  const a = input.answers;
  const os = assertPackageName(String(a.os), 'OS name');
  // Values that end up in generated files must be one line each (quote.ts says why).
  for (const opt of ['deploy-dir', 'toolchain', 'toolchain-path', 'musl-path', 'docker-image'] as const) {
    const value = a[opt];
    if (typeof value === 'string') oneLine(value, `--${opt}`);
  }
  const deployDir = assertRelativeDir(String(a['deploy-dir']), 'deploy directory');
  const arch = userArchInfo(String(a.arch)).arch;

  const toolchain = await input.pickToolchain();
  const musl = resolveMuslSource(
    {
      kind: String(a.musl) as MuslKind | 'auto',
      path: a['musl-path'] as string | undefined,
      image: a['docker-image'] as string | undefined,
    },
    toolchain,
    arch,
  );
  const notes: string[] = [];
  if (musl.kind === 'none' && a.musl === 'none') {
    notes.push('--musl none: no libc, so only the no_std tier (hello-rs) is generated');
  } else if (musl.kind === 'none') {
    notes.push(
      `no musl for ${arch}: only the no_std tier (hello-rs) is generated; for std programs pass --musl-path DIR (a ${arch} musl's lib directory)`,
    );
  }
  const config: UserRsConfig = {
    os,
    arch,
    target: userTargetName(os, arch),
    deployDir,
    toolchain,
    spec: await deriveSpecFor(toolchain, os, arch),
    musl,
    // Without a libc the std tier cannot link, so the workspace starts with no std program.
    // An update renders the programs the record lists (those `ostoo program` added too).
    programs:
      input.record?.programs ?? (musl.kind === 'none' ? seedPrograms.filter((p) => p.tier !== 'std') : seedPrograms),
    panic: oneOf('--panic', a.panic, panicModes),
    optimizeForSize: a['optimize-for-size'] !== false,
  };
  const record: ProjectRecord = {
    flavor: userRsId,
    target: config.target,
    arch: config.arch,
    muslKind: config.musl.kind,
    deployDir: config.deployDir,
    toolchain: toolchainRecord(toolchain),
    // What was derived, so `ostoo toolchain bump` can tell user edits (the overlay) apart.
    derivedSpecs: { [`user-rs/${config.target}.json`]: config.spec },
    programs: config.programs,
  };
  return {
    files: planUserRs(config),
    executables: executableFiles,
    claims: ['user-rs', 'sysroot'],
    record,
    messages: [
      ...notes.map((n) => `Note: ${n}.`),
      `\nuser-rs workspace ready for ${os} (target ${config.target}, ${toolchain.versionLine}).`,
      ...(a['skip-sysroot']
        ? [`Extract the musl sysroot first: ${shown(input, 'scripts/extract-musl-sysroot.sh')}`]
        : []),
      `Build and deploy: ${shown(input, 'scripts/user-rs-build.sh')}`,
    ],
    ...(a['skip-sysroot'] ? {} : { afterWrite: 'scripts/extract-musl-sysroot.sh' }),
  };
}

function bumpFiles(root: string, record: ProjectRecord): BumpFiles {
  const ws = path.join(root, 'user-rs');
  return {
    lockfile: path.join(root, lockFile),
    specs: [
      {
        file: `user-rs/${record.target}.json`,
        derive: (tc) => deriveSpecFor(tc, record.os ?? 'ostoo', userArchInfo(String(record.arch ?? 'x86_64')).arch),
      },
    ],
    pinFiles(tc, name) {
      const out = new Map<string, string>();
      repinToolchainFileAt(out, path.join(ws, 'rust-toolchain.toml'), name);
      // The vendored source is in common.toml (workspaces before the prebuilt std: config.toml).
      for (const f of ['common.toml', 'config.toml'])
        editIfPresent(out, path.join(ws, '.cargo', f), (t) => repointVendor(t, tc.vendorDir));
      editIfPresent(out, path.join(root, 'scripts', 'user-rs-build.sh'), (t) => rewriteToolchainBlock(t, tc));
      return out;
    },
  };
}

export const userRsFlavor: Flavor = { id: userRsId, lockFile, plan, bumpFiles };
