// The user's Microkit SDK (ostoo never downloads one): which boards and configurations it was
// built for, each board's architecture and whether its kernel prints (CONFIG_PRINTING, which
// microkit_dbg_puts needs: release kernels have none). Read from the files Microkit's own
// Makefiles read: board/<board>/<config>/include/kernel/gen_config.{json,h}.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { listInWords } from '../util/words.js';
import { microkitArchInfo, type MicrokitArchInfo } from '../target-spec/microkit-spec.js';
import { MicrokitError } from './errors.js';
import { readUserText } from '../util/user-text.js';

export interface SdkBoard {
  sdk: string;
  board: string;
  config: string;
  /** board/<board>/<config>: include/, lib/libmicrokit.a, lib/microkit.ld. */
  boardDir: string;
  arch: MicrokitArchInfo;
  printing: boolean;
  /** The SDK's VERSION file, when it has one. */
  version?: string;
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
const subdirs = (p: string) =>
  isDir(p)
    ? readdirSync(p)
        .filter((e) => isDir(path.join(p, e)))
        .sort()
    : [];

const genConfigJson = z.looseObject({ SEL4_ARCH: z.string(), PRINTING: z.boolean().optional() });

/** CONFIG_SEL4_ARCH and CONFIG_PRINTING, from gen_config.json or else gen_config.h. */
function kernelConfig(boardDir: string): { arch: string; printing: boolean } | undefined {
  const dir = path.join(boardDir, 'include', 'kernel');
  const json = path.join(dir, 'gen_config.json');
  if (existsSync(json)) {
    let data: unknown;
    try {
      data = JSON.parse(readUserText(json) ?? '');
    } catch {
      data = undefined;
    }
    const parsed = genConfigJson.safeParse(data);
    if (parsed.success) return { arch: parsed.data.SEL4_ARCH, printing: parsed.data.PRINTING === true };
  }
  const header = path.join(dir, 'gen_config.h');
  if (!existsSync(header)) return undefined;
  const text = readUserText(header) ?? '';
  const arch = /^#define CONFIG_SEL4_ARCH\s+(\S+)/m.exec(text)?.[1];
  return arch ? { arch, printing: /^#define CONFIG_PRINTING\s+1\b/m.test(text) } : undefined;
}

export interface SdkRequest {
  sdk: string;
  board: string;
  config: string;
  /** Refuse a configuration whose kernel cannot print (the generated demo prints). */
  needsPrinting: boolean;
}

/** --microkit-sdk/-board/-config as given, else as remembered (the project record), else Microkit's env. */
export interface SdkChoice {
  sdk?: string;
  board?: string;
  config?: string;
}

/** The SDK, board and configuration to use; the board defaults to the SDK's QEMU AArch64 one or its only one. */
export function chooseSdk(
  given: SdkChoice,
  remembered: SdkChoice = {},
  env = process.env,
): Omit<SdkRequest, 'needsPrinting'> {
  // An empty value (`MICROKIT_SDK=`) counts as none.
  const first = (...values: (string | undefined)[]) => values.find((v) => v !== undefined && v !== '');
  const sdk = first(given.sdk, remembered.sdk, env.MICROKIT_SDK);
  if (!sdk)
    throw new MicrokitError(
      'no Microkit SDK given',
      'pass --microkit-sdk DIR (or set MICROKIT_SDK): ostoo uses your SDK and never downloads one',
    );
  assertSdk(path.resolve(sdk));
  let board = first(given.board, remembered.board, env.MICROKIT_BOARD);
  if (!board) {
    const boards = sdkBoards(sdk);
    board = boards.includes('qemu_virt_aarch64') ? 'qemu_virt_aarch64' : boards.length === 1 ? boards[0] : undefined;
    if (!board)
      throw new MicrokitError(
        `the SDK at ${sdk} has ${boards.length ? `several boards (${boards.join(', ')})` : 'no boards'}`,
        'pass --microkit-board NAME',
      );
  }
  return {
    sdk: path.resolve(sdk),
    board,
    config: first(given.config, remembered.config, env.MICROKIT_CONFIG) ?? 'debug',
  };
}

/** The SDK's boards (every directory under board/). */
export function sdkBoards(sdk: string): string[] {
  return subdirs(path.join(sdk, 'board'));
}

function assertSdk(sdk: string): void {
  if (!existsSync(path.join(sdk, 'bin', 'microkit')))
    throw new MicrokitError(
      `no Microkit SDK at ${sdk} (no bin/microkit)`,
      'pass --microkit-sdk DIR: an SDK you built (microkit build_sdk.py) or unpacked',
    );
}

/** Checks that the SDK has the board and configuration, and reads them. */
export function inspectSdk(req: SdkRequest): SdkBoard {
  const sdk = path.resolve(req.sdk);
  assertSdk(sdk);
  const boards = sdkBoards(sdk);
  if (!boards.includes(req.board))
    throw new MicrokitError(
      `board '${req.board}' is not in the SDK at ${sdk}`,
      boards.length ? `use --microkit-board ${listInWords(boards)}` : 'the SDK has no board/ directory: rebuild it',
    );
  const configs = subdirs(path.join(sdk, 'board', req.board));
  if (!configs.includes(req.config))
    throw new MicrokitError(
      `the SDK has no '${req.config}' configuration for ${req.board}`,
      `use --microkit-config ${listInWords(configs)}, or build the SDK with that configuration`,
    );
  const boardDir = path.join(sdk, 'board', req.board, req.config);
  for (const file of ['include/microkit.h', 'lib/libmicrokit.a', 'lib/microkit.ld'])
    if (!existsSync(path.join(boardDir, file)))
      throw new MicrokitError(`the SDK's ${req.board} ${req.config} configuration has no ${file}`, 'rebuild the SDK');
  const kernel = kernelConfig(boardDir);
  if (!kernel)
    throw new MicrokitError(
      `cannot tell ${req.board}'s architecture: no include/kernel/gen_config.json or gen_config.h in ${boardDir}`,
      'rebuild the SDK',
    );
  const arch = microkitArchInfo(kernel.arch);
  if (!arch)
    throw new MicrokitError(`${req.board} is a ${kernel.arch} board`, 'Rust PDs are supported on aarch64 and riscv64');
  if (req.needsPrinting && !kernel.printing)
    throw new MicrokitError(
      `the SDK's '${req.config}' configuration prints nothing (its kernel has no CONFIG_PRINTING), and the demo PDs print`,
      'use --microkit-config debug',
    );
  const versionFile = path.join(sdk, 'VERSION');
  const version = readUserText(versionFile)?.trim();
  return {
    sdk,
    board: req.board,
    config: req.config,
    boardDir,
    arch,
    printing: kernel.printing,
    ...(version ? { version } : {}),
  };
}
