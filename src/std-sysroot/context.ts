// The request (request.ts) a cargo command line makes, read the way cargo reads it: the
// toolchain rustup would pick in that directory, cargo's merged configuration there (`cargo
// config get`, with the command's own --config values), the workspace root's profiles and
// the rustflags in cargo's order of precedence. Whatever this cannot see exactly (rustflags
// keyed by cfg(), profiles set in the environment) is refused, so that a prebuilt std is
// never used with settings it was not built for.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseToml } from 'smol-toml';
import type { CargoArgs } from './cargo-args.js';
import { NotPrebuildable } from './errors.js';
import { readRegularFile } from '../util/regular-file.js';
import { MAX_USER_FILE_BYTES } from '../util/user-text.js';
import { RECIPE, sha256Hex, stdProfileTable, stdRustflags, type ProfileTable, type SysrootRequest } from './request.js';

/** A file the key is made of, read as a regular file of bounded size (a FIFO or a huge file is no input). */
function readInput(file: string): Buffer {
  try {
    return readRegularFile(file, { maxBytes: MAX_USER_FILE_BYTES });
  } catch (err) {
    throw new NotPrebuildable(`cannot read ${file}: ${(err as Error).message}`);
  }
}
export { NotPrebuildable };

export interface CargoContext {
  request: SysrootRequest;
  cwd: string;
  /** The environment cargo and rustc run in (rustup's +toolchain as RUSTUP_TOOLCHAIN). */
  env: NodeJS.ProcessEnv;
  args: CargoArgs;
  specPath: string;
  /** The target's rustflags in full, as cargo would pass them. */
  rustflags: string[];
  /** The workspace root's manifest. */
  rootManifest: string;
  /** The profile tables to give the crate that builds std (the chain, as merged). */
  profileTables: Record<string, ProfileTable>;
  /** rustc's sysroot (the toolchain root). */
  toolchainSysroot: string;
  /** `<sysroot>/lib/rustlib/src/rust`. */
  rustSrc: string;
  /** rustc -vV's commit-hash, when it has one. */
  commitHash?: string;
  /** The cargo config here sets unstable.build-std itself (which no command line can switch off). */
  configBuildStd: boolean;
}

type Json = Record<string, unknown>;

const ENV_CONFIG = /^CARGO_(PROFILE_|BUILD_RUSTFLAGS$|BUILD_TARGET$|UNSTABLE_BUILD_STD|TARGET_.+_RUSTFLAGS$)/;

function words(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v.split(/\s+/).filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new NotPrebuildable(`${what} is neither a string nor a list of strings`);
}

function table(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Json, v as Json)
        : v;
  }
  return out;
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await execa(cmd, args, { cwd, env, extendEnv: false, stripFinalNewline: true })).stdout;
  } catch (err) {
    const e = err as { stderr?: string; shortMessage?: string };
    const first = (e.stderr ?? '').split('\n').find((l) => l.trim()) ?? e.shortMessage ?? String(err);
    throw new NotPrebuildable(`\`${[cmd, ...args].join(' ')}\` failed: ${first.trim()}`);
  }
}

/** The profile chain: NAME, what it inherits from, … down to dev or release. */
function profileChain(name: string, profiles: Json): string[] {
  const chain: string[] = [];
  for (let p: string | undefined = name; p;) {
    if (chain.includes(p)) throw new NotPrebuildable(`profile ${p} inherits from itself`);
    chain.push(p);
    if (p === 'dev' || p === 'release') break;
    const inherits: unknown =
      table(profiles[p]).inherits ?? (p === 'test' ? 'dev' : p === 'bench' ? 'release' : undefined);
    if (typeof inherits !== 'string') throw new NotPrebuildable(`profile ${p} has no \`inherits\``);
    p = inherits;
  }
  return chain;
}

/** build.target as cargo resolves it: relative to the directory holding the .cargo that set it. */
async function configTarget(cargo: string, configArgs: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const text = await run(
    cargo,
    ['config', 'get', 'build.target', '--show-origin', '-Zunstable-options', ...configArgs],
    cwd,
    env,
  );
  const m = /^build\.target = ("(?:[^"\\]|\\.)*")(?: # (.*))?$/m.exec(text);
  if (!m) throw new NotPrebuildable('build.target is not one JSON spec path');
  const value = JSON.parse(m[1] as string) as string;
  const origin = m[2]?.trim() ?? '';
  if (path.isAbsolute(value)) return value;
  if (/\.toml$/.test(origin) && path.isAbsolute(origin)) return path.resolve(path.dirname(path.dirname(origin)), value);
  return path.resolve(cwd, value);
}

export async function cargoContext(args: CargoArgs, cwd: string, baseEnv: NodeJS.ProcessEnv): Promise<CargoContext> {
  const env: NodeJS.ProcessEnv = { ...baseEnv, ...(args.toolchain ? { RUSTUP_TOOLCHAIN: args.toolchain } : {}) };
  const envConfig = Object.keys(env).filter((k) => ENV_CONFIG.test(k) && env[k] !== undefined);
  if (envConfig.length)
    throw new NotPrebuildable(`${envConfig.join(', ')} set in the environment (put it in a cargo config file)`);
  const cargo = args.program;
  const configArgs = args.configs.flatMap((c) => ['--config', c]);

  const rustcProgram = env.RUSTC || 'rustc';
  const [sysroot, rustcV, cargoV, configText, rootManifest] = await Promise.all([
    run(rustcProgram, ['--print', 'sysroot'], cwd, env),
    run(rustcProgram, ['-vV'], cwd, env),
    run(cargo, ['-V'], cwd, env),
    run(cargo, ['config', 'get', '--format', 'json', '-Zunstable-options', ...configArgs], cwd, env),
    run(
      cargo,
      [
        'locate-project',
        '--workspace',
        '--message-format',
        'plain',
        ...(args.manifestPath ? ['--manifest-path', args.manifestPath] : []),
      ],
      cwd,
      env,
    ),
  ]);
  const config = JSON.parse(configText) as Json;
  const unstable = table(config.unstable);

  const target = args.target ? path.resolve(cwd, args.target) : await configTarget(cargo, configArgs, cwd, env);
  if (!target.endsWith('.json')) throw new NotPrebuildable(`target ${target} is not a JSON target spec`);
  if (!existsSync(target)) throw new NotPrebuildable(`target spec ${target} does not exist`);
  const targetName = path.basename(target, '.json');

  const crates =
    args.buildStd ??
    (unstable['build-std'] === undefined ? undefined : words(unstable['build-std'], 'unstable.build-std'));
  if (crates === undefined) throw new NotPrebuildable('neither the command nor the cargo config asks for build-std');
  const features =
    args.buildStdFeatures ??
    (unstable['build-std-features'] === undefined
      ? null
      : words(unstable['build-std-features'], 'unstable.build-std-features'));

  const rustflags = targetRustflags(env, table(config.target), targetName, table(config.build).rustflags);
  if (rustflags.some((f) => f === '--sysroot' || f.startsWith('--sysroot=')))
    throw new NotPrebuildable('the rustflags already give a --sysroot');

  let manifestProfiles: Json;
  try {
    manifestProfiles = table(table(parseToml(readInput(rootManifest).toString('utf8'))).profile);
  } catch (err) {
    if (err instanceof NotPrebuildable) throw err;
    throw new NotPrebuildable(`cannot read ${rootManifest}: ${(err as Error).message}`);
  }
  const profiles = deepMerge(manifestProfiles, table(config.profile));
  const subcommand = args.subcommand ?? 'build';
  const profileName =
    args.profile ?? (subcommand === 'test' || subcommand === 't' ? 'test' : subcommand === 'bench' ? 'bench' : 'dev');
  const chain = profileChain(profileName, profiles);
  const profileTables = Object.fromEntries(chain.map((p) => [p, table(profiles[p])]));

  const rustSrc = path.join(sysroot, 'lib', 'rustlib', 'src', 'rust');
  const srcLock = path.join(rustSrc, 'library', 'Cargo.lock');
  if (!existsSync(srcLock)) throw new NotPrebuildable(`the toolchain at ${sysroot} has no rust-src (${srcLock})`);
  const commitHash = /^commit-hash: ([0-9a-f]{7,})$/m.exec(rustcV)?.[1];

  const request: SysrootRequest = {
    recipe: RECIPE,
    toolchain: { rustc: rustcV, cargo: cargoV, rustSrc: sha256Hex(readInput(srcLock)) },
    target: { name: targetName, spec: sha256Hex(readInput(target)) },
    crates: [...new Set(crates.length ? crates : ['std'])].sort(),
    features: features === null ? null : [...new Set(features)].sort(),
    profile: {
      name: profileName,
      tables: Object.fromEntries(chain.map((p) => [p, stdProfileTable(table(profiles[p]))])),
    },
    rustflags: stdRustflags(rustflags),
  };
  return {
    request,
    cwd,
    env,
    args,
    specPath: target,
    rustflags,
    rootManifest,
    profileTables,
    toolchainSysroot: sysroot,
    rustSrc,
    ...(commitHash ? { commitHash } : {}),
    configBuildStd: unstable['build-std'] !== undefined,
  };
}

/** cargo's order: CARGO_ENCODED_RUSTFLAGS, RUSTFLAGS, target.<name>.rustflags, build.rustflags. */
function targetRustflags(env: NodeJS.ProcessEnv, targets: Json, name: string, build: unknown): string[] {
  if (env.CARGO_ENCODED_RUSTFLAGS !== undefined)
    return env.CARGO_ENCODED_RUSTFLAGS === '' ? [] : env.CARGO_ENCODED_RUSTFLAGS.split('\x1f');
  if (env.RUSTFLAGS !== undefined) return words(env.RUSTFLAGS, 'RUSTFLAGS');
  const cfgKeyed = Object.keys(targets).filter((k) => k.startsWith('cfg(') && table(targets[k]).rustflags);
  if (cfgKeyed.length)
    throw new NotPrebuildable(`rustflags under target.'${cfgKeyed[0]}' (cfg-keyed rustflags are not read here)`);
  const own = table(targets[name]).rustflags;
  if (own !== undefined) return words(own, `target.${name}.rustflags`);
  return words(build, 'build.rustflags');
}
