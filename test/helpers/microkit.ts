// The Microkit kit (../shared/microkit: the SDK built into ~/.cache/ostoo-microkit by its
// setup.sh, and run-system.sh, which boots a system in QEMU), and the cargo build directory
// the Microkit tests share: core is built once per toolchain and reused by every case and run.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir } from './paths.js';
import { sharedDir } from './shared.js';

export interface MicrokitKit {
  /** The SDK (debug and release configurations for qemu_virt_aarch64). */
  sdk: string;
  runSystem: string;
  /** The kit's examples (hello-c is Microkit's example/hello). */
  examples: string;
}

/** The kit, or a reason to skip (an error when CI requires it). */
export function microkitOrSkip(): { kit?: MicrokitKit; skip: string | false } {
  const cache = process.env.MICROKIT_CACHE ?? path.join(os.homedir(), '.cache', 'ostoo-microkit');
  const kit: MicrokitKit = {
    sdk: path.join(cache, 'sdk', 'microkit-sdk-2.0.1'),
    runSystem: path.join(sharedDir(), 'microkit', 'run-system.sh'),
    examples: path.join(cache, 'examples'),
  };
  if (existsSync(path.join(kit.sdk, 'bin', 'microkit')) && existsSync(kit.runSystem)) return { kit, skip: false };
  const why = `the Microkit SDK is not set up (run ${path.join(sharedDir(), 'microkit', 'setup.sh')})`;
  if (process.env.OSTOO_REQUIRE_TOOLCHAIN === '1') throw new Error(`OSTOO_REQUIRE_TOOLCHAIN=1 but ${why}`);
  return { skip: why };
}

/** A cargo target directory kept across runs, one per toolchain (cargo tells specs and flags apart). */
export function sharedCargoTarget(rustcVersion: string): string {
  const key = createHash('sha256').update(rustcVersion).digest('hex').slice(0, 16);
  return path.join(os.homedir(), '.cache', 'ostoo-tests', 'microkit-cargo-target', key);
}

/** An SDK's layout, with what its boards' gen_config files say. */
export function fakeSdk(
  boards: Record<string, Record<string, { arch: string; printing: boolean; header?: boolean }>>,
): string {
  const sdk = tempDir('microkit-sdk');
  mkdirSync(path.join(sdk, 'bin'));
  writeFileSync(path.join(sdk, 'bin', 'microkit'), '');
  writeFileSync(path.join(sdk, 'VERSION'), '2.0.1\n');
  for (const [board, configs] of Object.entries(boards))
    for (const [config, k] of Object.entries(configs)) {
      const dir = path.join(sdk, 'board', board, config);
      mkdirSync(path.join(dir, 'include', 'kernel'), { recursive: true });
      mkdirSync(path.join(dir, 'lib'));
      for (const f of ['include/microkit.h', 'lib/libmicrokit.a', 'lib/microkit.ld'])
        writeFileSync(path.join(dir, f), '');
      if (k.header)
        writeFileSync(
          path.join(dir, 'include/kernel/gen_config.h'),
          `#define CONFIG_SEL4_ARCH  ${k.arch}\n${k.printing ? '#define CONFIG_PRINTING  1' : '/* disabled: CONFIG_PRINTING */'}\n`,
        );
      else
        writeFileSync(
          path.join(dir, 'include/kernel/gen_config.json'),
          JSON.stringify({ SEL4_ARCH: k.arch, PRINTING: k.printing }),
        );
    }
  return sdk;
}
