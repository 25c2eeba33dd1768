// `ostoo toolchain bump DATE|latest`: see src/bump/bump.ts.
import type { Command } from 'commander';
import { withOptions } from './toolchain-options.js';
import { print } from '../util/terminal-text.js';
import { resolveBump, runBump } from '../actions/toolchain.js';

export function registerBumpCommand(toolchain: Command): void {
  withOptions(toolchain.command('bump'), 'bump')
    .argument('<date>', 'nightly date YYYY-MM-DD, or latest')
    .description(
      'Re-pin this workspace: lock, rust-toolchain.toml, provision, re-derive the target spec; all or nothing',
    )
    .action(async (date: string, o: object) => {
      const a = Object.fromEntries(
        Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]),
      );
      const { bump } = resolveBump(date, a, { cwd: process.cwd(), help: 'ostoo toolchain bump' });
      const res = await runBump(bump);
      const out = [
        `bumped ${res.oldName} -> ${res.newName}`,
        `  rustc: ${res.oldRustc}`,
        `      -> ${res.newRustc}`,
        ...res.report.map((l) => `  ${l}`),
        `  changed: ${res.changedFiles.join(', ')}`,
      ];
      print(process.stdout, `${out.join('\n')}\n`);
    });
}
