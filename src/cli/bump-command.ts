// `ostoo toolchain bump DATE|latest`: see src/bump/bump.ts.
import type { Command } from 'commander';

export function registerBumpCommand(toolchain: Command): void {
  toolchain
    .command('bump')
    .argument('<date>', 'nightly date YYYY-MM-DD, or latest')
    .description('Re-pin this workspace: lock, rust-toolchain.toml, provision, re-derive the target spec; all or nothing')
    .option('--keep', 'keep the old entry in toolchains.lock')
    .option('--skip-install', 'do not provision the new toolchain (it must already be installed)')
    .option('--dist-server <url>', 'dist server or mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)')
    .option('--cache <dir>', 'download cache')
    .option('--search-days <n>', 'how far back to look for a date with every component', '14')
    .option('--hosts <triples>', 'host triples the new entry covers (comma-separated; default: the workspace lock entry\'s, else this machine\'s)', (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)])
    .action(async (date: string, o: { keep?: boolean; skipInstall?: boolean; distServer?: string; cache?: string; searchDays: string; hosts?: string[] }) => {
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
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
