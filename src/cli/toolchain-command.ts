// `ostoo toolchain lock|install|list|verify|mirror|export|gc`: commander's options become the tables'
// answers, src/actions/toolchain.ts resolves and runs them (the same layer as `yo ostoo:toolchain`),
// and the results are printed here. The core is loaded lazily so that `ostoo --help` stays fast.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  resolveExport,
  resolveGc,
  resolveInstall,
  resolveList,
  resolveLock,
  resolveMirror,
  resolveVerify,
  runExport,
  runGc,
  runInstall,
  runLock,
  runMirror,
  type ActionContext,
} from '../actions/toolchain.js';
import { print } from '../util/terminal-text.js';
import { registerBumpCommand } from './bump-command.js';
import { withOptions } from './toolchain-options.js';
import { OstooError } from '../errors.js';

/** commander's camelCased options as the tables' kebab-case answers. */
function answers<T>(o: object): T {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v]),
  ) as T;
}

const ctx = (sub: string): ActionContext => ({ cwd: process.cwd(), help: `ostoo toolchain ${sub}` });

/** The toolchain the user-rs workspace around `cwd` pins in its rust-toolchain.toml, if any. */
async function workspacePin(
  cwd: string,
  rows: { name: string; installed: boolean; byOstoo: boolean }[],
): Promise<{ toolchain: string; file: string; state: string } | undefined> {
  const { findWorkspaceDir } = await import('../workspace/detect.js');
  const { readUserText } = await import('../util/user-text.js');
  const { parse } = await import('smol-toml');
  const dir = findWorkspaceDir(cwd);
  if (!dir) return undefined;
  const file = path.join(dir, 'rust-toolchain.toml');
  let data: { toolchain?: { path?: unknown; channel?: unknown } };
  try {
    data = parse(readUserText(file) ?? '') as typeof data;
  } catch {
    return undefined;
  }
  const shown = path.relative(cwd, file) || file;
  const { path: dirPin, channel } = data.toolchain ?? {};
  if (typeof dirPin === 'string')
    return {
      toolchain: dirPin,
      file: shown,
      state: existsSync(path.join(dirPin, 'bin', 'rustc')) ? 'installed (a directory)' : 'not installed (no bin/rustc)',
    };
  if (typeof channel === 'string') {
    const row = rows.find((r) => r.name === channel);
    const state = row?.installed ? `installed${row.byOstoo ? '' : ' (by rustup)'}` : 'not installed';
    return { toolchain: channel, file: shown, state };
  }
  return undefined;
}

export function registerToolchainCommand(program: Command): void {
  const tc = program
    .command('toolchain')
    .description('Pinned Rust toolchains: lock, install, list, verify, bump, mirror, gc (see toolchains.lock)');
  registerBumpCommand(tc);
  registerMirrorAndGc(tc);

  withOptions(tc.command('lock'), 'lock')
    .argument('<name>', 'dated toolchain, e.g. nightly-2026-05-20')
    .description(
      'Fetch dist/DATE/channel-rust-CHANNEL.toml, check it against its .sha256, and write the entry to the lock',
    )
    .action(async (name: string, o: object) => {
      const { lock } = resolveLock(name, answers(o), ctx('lock'));
      const res = await runLock(lock);
      for (const n of res.notes) print(process.stderr, `note: ${n}\n`);
      const count = Object.values(res.entry.hosts).reduce((n, h) => n + h.artifacts.length, 0);
      print(
        process.stdout,
        `locked ${name} (${res.entry.rustc}): ${count} artifacts for ${Object.keys(res.entry.hosts).join(', ')} in ${(o as { lockfile: string }).lockfile}\n`,
      );
    });

  withOptions(tc.command('install'), 'install')
    .argument('[name]', "toolchain to install (default: rust-toolchain.toml's channel, else the lock's only entry)")
    .description(
      'Download, verify and install a pinned toolchain where rustup finds it ($RUSTUP_HOME/toolchains/NAME-HOST)',
    )
    .action(async (name: string | undefined, o: object) => {
      const { install } = await resolveInstall(name, answers(o), ctx('install'));
      const { res, sysroots } = await runInstall(install);
      if (install.quiet) return;
      print(
        process.stdout,
        res.alreadyInstalled
          ? `${res.name} is already installed in ${res.toolchainDir}\n`
          : `${res.name} installed in ${res.toolchainDir}\n`,
      );
      for (const g of sysroots)
        print(
          process.stdout,
          `std for ${g.target} (${g.key.slice(0, 12)}) ${g.how === 'cached' ? 'present' : 'installed'} in ${g.dir}\n`,
        );
    });

  withOptions(tc.command('list'), 'list')
    .description('List pinned toolchains and whether they are installed, and other toolchains ostoo installed')
    .action(async (o: object) => {
      const { listToolchains } = await import('../provisioning/status.js');
      const rows = await listToolchains(resolveList(answers(o), ctx('list')).list);
      // Inside a user-rs workspace, its own pin comes first (a --toolchain-path pin is in no lock).
      const pin = await workspacePin(process.cwd(), rows);
      if (pin) print(process.stdout, `${pin.toolchain}\tpinned by ${pin.file}\t${pin.state}\n`);
      if (rows.length === 0 && !pin) print(process.stdout, 'no pinned or installed toolchains\n');
      for (const r of rows) {
        const state = r.installed ? `installed${r.byOstoo ? '' : ' (by rustup)'}` : 'not installed';
        print(
          process.stdout,
          `${r.name}\t${r.pinned ? 'pinned' : 'not in the lock'}\t${state}${r.hosts.length ? `\thosts: ${r.hosts.join(' ')}` : ''}\n`,
        );
      }
    });

  withOptions(tc.command('verify'), 'verify')
    .argument('[name]', 'toolchain to verify')
    .description('Re-hash an installed toolchain against the lock')
    .action(async (name: string | undefined, o: { quiet?: boolean }) => {
      const { verifyToolchain } = await import('../provisioning/status.js');
      const res = await verifyToolchain(resolveVerify(name, answers(o), ctx('verify')).verify);
      for (const p of res.problems) print(process.stderr, `${p.component}: ${p.path || '(component)'}: ${p.problem}\n`);
      if (res.problems.length)
        throw new OstooError(
          `${res.name} in ${res.dir} does not match the lock (${res.problems.length} problems)`,
          `remove it and install it again with \`ostoo toolchain install ${res.name}\``,
        );
      if (!o.quiet) print(process.stdout, `${res.name} in ${res.dir} matches the lock\n`);
    });
}

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

function registerMirrorAndGc(tc: Command): void {
  withOptions(tc.command('mirror'), 'mirror')
    .argument('<out>', 'directory to write the dist tree into (created if missing)')
    .argument('[names...]', 'toolchains to mirror (default: every one in the lock)')
    .description(
      'Write a static dist tree of the locked toolchains (manifests, .sha256, archives) that ostoo and rustup install from',
    )
    .action(async (out: string, names: string[], o: object) => {
      const r = await runMirror(resolveMirror(out, names, answers(o), ctx('mirror')).mirror);
      for (const n of r.synthesized) {
        print(
          process.stderr,
          `note: the lock does not record upstream's manifest bytes for ${n}; its manifest in the mirror lists exactly the locked artifacts\n`,
        );
      }
      const what = [
        ...(r.toolchains.length ? [`${r.toolchains.join(', ')} for ${r.hosts.join(', ')}`] : []),
        ...(r.sysroots.length ? [`${r.sysroots.length} sysroot${r.sysroots.length > 1 ? 's' : ''}`] : []),
      ].join(' and ');
      print(
        process.stdout,
        `mirrored ${what} into ${r.out}: ${r.files} files, ${mib(r.fetchedBytes)} fetched, ${r.skipped} skipped (present and verified, ${mib(r.skippedBytes)})\n`,
      );
    });

  withOptions(tc.command('export'), 'export')
    .argument('<out>', 'directory to write the dist tree into (created if missing)')
    .argument(
      '[name]',
      "installed toolchain, e.g. nightly or nightly-2026-05-20 (default: rust-toolchain.toml's channel)",
    )
    .description(
      'Write an installed toolchain as a dist tree (repacked archives, manifest, lock) that ostoo and rustup install from',
    )
    .action(async (out: string, name: string | undefined, o: { quiet?: boolean }) => {
      const r = await runExport((await resolveExport(out, name, answers(o), ctx('export'))).export);
      if (!o.quiet) for (const a of r.archives) print(process.stdout, `${a.file}\tsha256 ${a.sha256}\t(repacked)\n`);
      print(
        process.stdout,
        `exported ${r.name} (${r.archives.length} components for ${r.host}, repacked from ${r.source}) into ${r.out}; install it with \`ostoo toolchain install ${r.name} --lockfile ${r.lockfile} --dist-server ${r.out}\` or RUSTUP_DIST_SERVER=file://${r.out} rustup toolchain install ${r.name}\n`,
      );
    });

  withOptions(tc.command('gc'), 'gc')
    .description('Remove cache entries that no lock in the given lock files references; print the bytes freed')
    .action(async (o: { dryRun?: boolean }) => {
      const { gc } = await resolveGc(answers(o), ctx('gc'));
      const r = await runGc(gc);
      const lockfiles = gc.lockfiles;
      for (const e of r.removed) print(process.stdout, `${o.dryRun ? 'would remove' : 'removed'} ${e}\n`);
      const shared = r.sharedBytes ? ` (${mib(r.sharedBytes)} more stay in use by installed toolchains)` : '';
      print(
        process.stdout,
        `${o.dryRun ? 'would free' : 'freed'} ${mib(r.freedBytes)} (${r.freedBytes} bytes)${shared}; kept ${r.kept} entries referenced by ${lockfiles.join(', ')}\n`,
      );
    });
}
