// The parts of a cargo command line that decide which std it builds, and the same command
// without build-std (what runs once a prebuilt std is in place). Everything else passes
// through untouched.

export interface CargoArgs {
  /** The cargo program, as given. */
  program: string;
  /** `+toolchain` (rustup), when given. */
  toolchain?: string;
  manifestPath?: string;
  /** `--profile NAME`, or `release` for `--release`/`-r`; undefined: the subcommand's default. */
  profile?: string;
  /** `--target`: this must be a JSON spec for a prebuilt std. */
  target?: string;
  /** `--config` values (files or KEY=VALUE), in order. */
  configs: string[];
  /** `-Z build-std[=crates]` on the command line; [] for the flag without a list. */
  buildStd?: string[];
  buildStdFeatures?: string[];
  /** The first word that is not an option: build, check, rustc, clippy, … */
  subcommand?: string;
  /** The other `-Z` flags (e.g. lockfile-path), as `-Zflag[=value]`. */
  unstable: string[];
  /** The command line without the build-std flags. */
  withoutBuildStd: string[];
}

const VALUE_OPTIONS = new Set(['--manifest-path', '--profile', '--target', '--config']);

function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseCargoArgs(argv: readonly string[]): CargoArgs {
  const [program, ...rest] = argv;
  if (!program) throw new Error('no cargo command given');
  const out: CargoArgs = { program, configs: [], unstable: [], withoutBuildStd: [program] };
  const keep = out.withoutBuildStd;
  let i = 0;
  const take = (name: string, arg: string): string => {
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
    const v = rest[++i];
    if (v === undefined) throw new Error(`${name} needs a value`);
    keep.push(v);
    return v;
  };
  for (; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (arg === '--') {
      keep.push(...rest.slice(i));
      break;
    }
    if (i === 0 && arg.startsWith('+')) {
      out.toolchain = arg.slice(1);
      keep.push(arg);
      continue;
    }
    // -Z build-std / -Zbuild-std[=list] and the same for build-std-features: dropped.
    const z = arg === '-Z' ? rest[i + 1] : arg.startsWith('-Z') ? arg.slice(2) : undefined;
    const zm = z === undefined ? null : /^(build-std|build-std-features)(?:=(.*))?$/s.exec(z);
    if (zm) {
      if (arg === '-Z') i++;
      const values = zm[2] === undefined ? [] : list(zm[2]);
      if (zm[1] === 'build-std') out.buildStd = values;
      else out.buildStdFeatures = values;
      continue;
    }
    keep.push(arg);
    if (arg === '-C' || arg.startsWith('-C'))
      throw new Error('cargo -C DIR is not supported here; run from DIR instead');
    if (z !== undefined) {
      if (arg === '-Z' && rest[i + 1] !== undefined) keep.push(rest[++i] as string);
      out.unstable.push(`-Z${z}`);
      continue;
    }
    if (arg === '--color') {
      // An option with a separate value that may come before the subcommand.
      if (rest[i + 1] !== undefined) keep.push(rest[++i] as string);
      continue;
    }
    const name = [...VALUE_OPTIONS].find((o) => arg === o || arg.startsWith(`${o}=`));
    if (name === '--manifest-path') out.manifestPath = take(name, arg);
    else if (name === '--profile') out.profile = take(name, arg);
    else if (name === '--config') out.configs.push(take(name, arg));
    else if (name === '--target') {
      if (out.target !== undefined) throw new Error('a prebuilt std serves one --target at a time');
      out.target = take(name, arg);
    } else if (arg === '--release' || arg === '-r') out.profile ??= 'release';
    else if (!arg.startsWith('-') && out.subcommand === undefined) out.subcommand = arg;
  }
  return out;
}
