// Builds std once for a request: an empty crate built by the same cargo, in the same
// directory (so the same config, toolchain and sources), with `-Z build-std` and the same
// profile, features and rustflags, whose std rlibs become the sysroot. Differences from the
// workspace's own build-std, each so that one sysroot serves every build with its key:
//   - `-C embed-bitcode=yes` and no LTO of its own: the rlibs carry machine code and bitcode,
//     so builds with and without LTO can both link them;
//   - `trim-paths = "all"`: std's sources are named /rustc/<commit>/library/… (as in rustup's
//     rust-std) and its dependencies <crate>-<version>/…, not by where this machine keeps them,
//     so the rlibs are the same bytes on every machine (cargo hashes the profile, not the paths).
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { stringify } from 'smol-toml';
import type { Cache } from '../provisioning/cache.js';
import type { CargoContext } from './context.js';
import { SysrootError } from './errors.js';
import { publishSysroot, type Sysroot } from './store.js';

const CRATE = 'ostoo-std-sysroot';

/** Where cargo puts a profile's output: `debug` for dev, else the profile's name. */
function profileDir(name: string): string {
  return name === 'dev' || name === 'test' ? 'debug' : name === 'bench' ? 'release' : name;
}

function builderManifest(ctx: CargoContext): string {
  const profile: Record<string, Record<string, unknown>> = {};
  for (const [name, t] of Object.entries(ctx.profileTables)) profile[name] = { ...t, lto: false, 'trim-paths': 'all' };
  return stringify({
    package: { name: CRATE, version: '0.0.0', edition: '2021', publish: false },
    lib: { path: 'lib.rs' },
    // Its own workspace, whatever surrounds the cache.
    workspace: {},
    profile,
  });
}

/** The environment the builder's cargo runs in: the caller's, with our rustflags and nothing that overrides them. */
function builderEnv(ctx: CargoContext, rustflags: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...ctx.env, CARGO_ENCODED_RUSTFLAGS: rustflags.join('\x1f') };
  for (const k of ['RUSTFLAGS', 'CARGO_TARGET_DIR', 'CARGO_BUILD_TARGET_DIR', 'CC', 'CFLAGS', 'CXX', 'CXXFLAGS'])
    delete env[k];
  return env;
}

export interface BuildOptions {
  /** Where cargo's output goes (its progress); default: inherited stderr. */
  output?: 'inherit' | 'pipe';
  onOutput?: (text: string) => void;
}

export async function buildSysroot(
  ctx: CargoContext,
  cache: Cache,
  key: string,
  toolchainLine: string,
  opts: BuildOptions = {},
): Promise<Sysroot> {
  const { request } = ctx;
  const work = await cache.tempDir('sysroot');
  try {
    const crate = path.join(work, 'crate');
    await mkdir(crate);
    await writeFile(path.join(crate, 'Cargo.toml'), builderManifest(ctx));
    await writeFile(path.join(crate, 'lib.rs'), '#![no_std]\n');
    const targetDir = path.join(work, 'target');
    const args = [
      ...(ctx.args.toolchain ? [`+${ctx.args.toolchain}`] : []),
      'build',
      '--lib',
      '--manifest-path',
      path.join(crate, 'Cargo.toml'),
      '--profile',
      request.profile.name,
      '--target',
      ctx.specPath,
      '--target-dir',
      targetDir,
      `-Zbuild-std=${request.crates.join(',')}`,
      ...(request.features === null ? [] : [`-Zbuild-std-features=${request.features.join(',')}`]),
      '-Zjson-target-spec',
      '-Ztrim-paths',
      // The command's other -Z flags and --config values (they may set profiles, sources…),
      // with this crate's own lock file where the command names one for its crate.
      ...ctx.args.unstable.filter((z) => z !== '-Zjson-target-spec' && z !== '-Ztrim-paths'),
      ...ctx.args.configs.flatMap((c) => ['--config', c]),
      ...(ctx.args.unstable.includes('-Zlockfile-path')
        ? ['--config', `resolver.lockfile-path=${JSON.stringify(path.join(crate, 'Cargo.lock'))}`]
        : []),
      // Last, over any --config of the command (e.g. profile.release.lto=true): no LTO here,
      // so the rlibs hold machine code as well as bitcode.
      ...Object.keys(ctx.profileTables).flatMap((p) => [
        '--config',
        `profile.${p}.lto=false`,
        '--config',
        `profile.${p}.trim-paths="all"`,
      ]),
    ];
    const rustflags = [...request.rustflags, '-Cembed-bitcode=yes'];
    const child = execa(ctx.args.program, args, {
      cwd: ctx.cwd,
      env: builderEnv(ctx, rustflags),
      extendEnv: false,
      stdin: 'ignore',
      stdout: opts.output === 'pipe' ? 'pipe' : ['inherit'],
      stderr: opts.output === 'pipe' ? 'pipe' : ['inherit'],
      all: opts.output === 'pipe',
      reject: false,
    });
    if (opts.onOutput) child.all?.on('data', (d: Buffer) => opts.onOutput?.(d.toString()));
    const res = await child;
    if (res.exitCode !== 0) {
      const tail = typeof res.all === 'string' ? `\n${res.all.split('\n').slice(-15).join('\n')}` : '';
      throw new SysrootError(
        `building std for ${request.target.name} failed (cargo exited with ${res.exitCode})${tail}`,
        'see cargo’s output above; OSTOO_BUILD_STD=1 (user-rs) builds std with -Z build-std instead',
      );
    }
    const deps = path.join(targetDir, request.target.name, profileDir(request.profile.name), 'deps');
    const rlibs = (await readdir(deps)).filter(
      (n) => n.endsWith('.rlib') && !n.startsWith(`lib${CRATE.replace(/-/g, '_')}-`),
    );
    if (!rlibs.some((n) => /^libcore-/.test(n)))
      throw new SysrootError(`building std left no libcore rlib in ${deps}`, 'is core among the -Z build-std crates?');
    const root = path.join(work, 'root');
    const lib = path.join(root, 'lib', 'rustlib', request.target.name, 'lib');
    await mkdir(lib, { recursive: true });
    for (const n of rlibs.sort()) await copyFile(path.join(deps, n), path.join(lib, n));
    return await publishSysroot(cache, root, request, key, toolchainLine);
  } finally {
    await rm(work, { recursive: true, force: true, maxRetries: 2 });
  }
}
