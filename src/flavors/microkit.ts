// The `microkit` flavor: a seL4 Microkit system whose protection domains are Rust crates, for
// the user's Microkit SDK (src/microkit/ plans it), pinned to a toolchain like the others.
import path from 'node:path';
import { microkitId } from '../flavor-catalog/flavor-ids.js';
import { toolchainRecord, type ProjectRecord } from '../project/record.js';
import { oneLine } from '../render/quote.js';
import { deriveMicrokitSpec, microkitArches } from '../target-spec/microkit-spec.js';
import { printBaseSpec } from '../target-spec/spec.js';
import type { Toolchain } from '../toolchain/resolve.js';
import { detectCross } from '../microkit/cross.js';
import { MicrokitError } from '../microkit/errors.js';
import { demoPds, planNewSystem } from '../microkit/new-system.js';
import { chooseSdk, inspectSdk, type SdkBoard } from '../microkit/sdk.js';
import { lockfileName, renderToolchainMk, rustDir, specFile } from '../microkit/support.js';
import type { BumpFiles, Flavor, FlavorInput, FlavorPlan } from './flavor.js';
import { editIfPresent, repinToolchainFileAt, repointVendor } from '../project/repin.js';

export { microkitId };

/** The .system file's name: DIR's name when it is a plain file name, else `system`. */
export function systemFileFor(destination: string): string {
  const base = path.basename(destination);
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(base) ? `${base}.system` : 'system.system';
}

/** The record of a system with Rust support (new systems and microkit-pd alike). */
export function microkitRecord(
  tc: Toolchain,
  sdk: SdkBoard,
  systemFile: string,
  cross: string,
  spec: Record<string, unknown>,
): ProjectRecord {
  return {
    flavor: microkitId,
    systemFile,
    microkitSdk: sdk.sdk,
    microkitBoard: sdk.board,
    microkitConfig: sdk.config,
    crossPrefix: cross,
    target: sdk.arch.target,
    toolchain: toolchainRecord(tc),
    derivedSpecs: { [specFile(sdk.arch)]: spec },
  };
}

async function plan(input: FlavorInput): Promise<FlavorPlan> {
  const a = input.answers;
  const given = {
    sdk: a['microkit-sdk'] as string | undefined,
    board: a['microkit-board'] as string | undefined,
    config: a['microkit-config'] as string | undefined,
  };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) oneLine(v, `--microkit-${k}`);
  // The SDK first: a wrong one is refused before a toolchain is looked at.
  const sdk = inspectSdk({ ...chooseSdk(given), needsPrinting: true });
  const toolchain = await input.pickToolchain();
  const spec = deriveMicrokitSpec(await printBaseSpec(toolchain, sdk.arch.baseTriple), sdk.arch);
  const cross = detectCross(sdk.arch);
  const systemFile = systemFileFor(input.destination);
  const files = planNewSystem({
    toolchain,
    arch: sdk.arch,
    spec,
    systemFile,
    sdk: sdk.sdk,
    board: sdk.board,
    config: sdk.config,
    cross: cross.prefix,
  });
  const rel = path.relative(input.cwd, input.destination) || '.';
  return {
    files,
    executables: [],
    claims: [systemFile, 'Makefile', rustDir],
    record: microkitRecord(toolchain, sdk, systemFile, cross.prefix, spec),
    messages: [
      ...(cross.found
        ? []
        : [
            `Note: no ${sdk.arch.crossPrefixes.map((p) => `${p}gcc`).join(' or ')} on PATH; rust/microkit.mk uses ${cross.prefix} (set MICROKIT_RUST_CROSS or TOOLCHAIN to change it).`,
          ]),
      '',
      `Microkit system ready: ${systemFile} with Rust PDs ${demoPds.join(' and ')} for ${sdk.board} (${sdk.config}, Microkit ${sdk.version ?? 'SDK'}), ${toolchain.versionLine}.`,
      `Build: make -C ${rel}${sdk.board.startsWith('qemu_') ? `   Boot in QEMU: make -C ${rel} run` : ''}`,
    ],
  };
}

function bumpFiles(root: string, record: ProjectRecord): BumpFiles {
  const arch = microkitArches.find((a) => a.target === record.target);
  if (!arch)
    throw new MicrokitError(
      `the project record names no known Microkit target ('${String(record.target)}')`,
      'fix .yo-rc.json or regenerate the system',
    );
  return {
    lockfile: path.join(root, lockfileName),
    specs: [
      {
        file: specFile(arch),
        derive: async (tc) => deriveMicrokitSpec(await printBaseSpec(tc, arch.baseTriple), arch),
      },
    ],
    pinFiles(tc, name) {
      const pinned = { ...tc, kind: 'rustup' as const, id: name };
      const out = new Map<string, string>();
      out.set(path.join(root, rustDir, 'toolchain.mk'), renderToolchainMk(pinned));
      repinToolchainFileAt(out, path.join(root, rustDir, 'rust-toolchain.toml'), name);
      editIfPresent(out, path.join(root, rustDir, '.cargo', 'config.toml'), (t) => repointVendor(t, tc.vendorDir));
      return out;
    },
  };
}

export const microkitFlavor: Flavor = {
  id: microkitId,
  lockFile: lockfileName,
  plan,
  bumpFiles,
};
