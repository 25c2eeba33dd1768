// `ostoo toolchain bump DATE|latest`: see src/bump/bump.ts.
import type { Command } from 'commander';
import { withOptions } from './toolchain-options.js';
import { print } from '../util/terminal-text.js';

export function registerBumpCommand(toolchain: Command): void {
  withOptions(toolchain.command('bump'), 'bump')
    .argument('<date>', 'nightly date YYYY-MM-DD, or latest')
    .description(
      'Re-pin this workspace: lock, rust-toolchain.toml, provision, re-derive the target spec; all or nothing',
    )
    .action(
      async (
        date: string,
        o: {
          keep?: boolean;
          skipInstall?: boolean;
          distServer?: string;
          cache?: string;
          searchDays: string;
          hosts?: string[];
        },
      ) => {
        const { bumpWorkspace } = await import('../bump/bump.js');
        const res = await bumpWorkspace({
          cwd: process.cwd(),
          date,
          keep: o.keep === true,
          skipInstall: o.skipInstall === true,
          ...(o.distServer ? { distServer: o.distServer } : {}),
          ...(o.cache ? { cacheDir: o.cache } : {}),
          searchDays: Number(o.searchDays),
          ...(o.hosts ? { hosts: o.hosts } : {}),
        });
        const out = [
          `bumped ${res.oldName} -> ${res.newName}`,
          `  rustc: ${res.oldRustc}`,
          `      -> ${res.newRustc}`,
          ...res.report.map((l) => `  ${l}`),
          `  changed: ${res.changedFiles.join(', ')}`,
        ];
        print(process.stdout, `${out.join('\n')}\n`);
      },
    );
}
