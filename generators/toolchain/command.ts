import type { CommandDef, OptionSpec } from '../shared/command.js';

// `ostoo toolchain <sub>` options, one table per subcommand; `yo ostoo:toolchain` takes them all
// (plus --lock, --bump and --toolchain to choose what it does), so the two cannot drift apart.
const lockfile = { name: 'lockfile', type: 'string', description: 'lock file (default ./toolchains.lock, else the one ostoo ships)' } as const;
const distServer = { name: 'dist-server', type: 'string', description: 'dist server or mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)' } as const;
const cache = { name: 'cache', type: 'string', description: 'download cache (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo)' } as const;
const offline = { name: 'offline', type: 'boolean', description: 'use only the cache; fail if anything is missing' } as const;
const host = { name: 'host', type: 'string', description: 'host triple (default: this machine)' } as const;
const quiet = { name: 'quiet', alias: 'q', type: 'boolean', description: 'print nothing but errors' } as const;

export const toolchainOptions = {
  lock: [
    distServer,
    { name: 'hosts', type: 'array', description: 'host triples to cover (comma-separated; default: the entry\'s, else 4 Linux/macOS hosts)' },
    { ...lockfile, description: 'lock file to update', default: 'toolchains.lock' },
    { name: 'components', type: 'array', description: 'required components, NAME or NAME@TARGET (replaces the list)' },
    { name: 'optional', type: 'array', description: 'optional components, skipped with a note when unavailable (replaces the list)' },
    { name: 'add', type: 'array', description: 'add required components' },
    { name: 'remove', type: 'array', description: 'remove components' },
    { name: 'manifest', type: 'string', description: 'lock from this manifest file instead of fetching (its sha256 stays unknown)' },
    { name: 'sizes', type: 'boolean', description: 'ask the server for artifact sizes', default: true },
  ],
  install: [
    lockfile,
    distServer,
    cache,
    offline,
    { name: 'prefix', type: 'string', description: 'install a plain toolchain into DIR instead of rustup\'s layout' },
    host,
    { name: 'keep-archives', type: 'boolean', description: 'also keep the downloaded archives in the cache (for `verify` and re-extraction)' },
    quiet,
  ],
  list: [lockfile, host],
  verify: [
    lockfile,
    { ...distServer, description: 'where to fetch artifacts missing from the cache' },
    { ...cache, description: 'download cache' },
    { ...offline, description: 'use only the cache' },
    { name: 'prefix', type: 'string', description: 'verify a toolchain installed with --prefix DIR' },
    host,
    quiet,
  ],
  bump: [
    { name: 'keep', type: 'boolean', description: 'keep the old entry in toolchains.lock' },
    { name: 'skip-install', type: 'boolean', description: 'do not provision the new toolchain (it must already be installed)' },
    distServer,
    { ...cache, description: 'download cache' },
    { name: 'search-days', type: 'string', description: 'how far back to look for a date with every component', default: '14' },
  ],
} as const satisfies Record<string, readonly OptionSpec[]>;

/** The generator's own switches; every other option is a subcommand's (first description wins). */
const generatorOnly = [
  { name: 'toolchain', type: 'string', description: 'pinned toolchain to install or lock, e.g. nightly-2026-05-20 (default: the lock\'s only entry)' },
  { name: 'lock', type: 'boolean', description: 'write the lock entry (`ostoo toolchain lock`) instead of installing' },
  { name: 'bump', type: 'string', description: 're-pin this workspace to nightly DATE or latest (`ostoo toolchain bump`)' },
  { name: 'server', type: 'string', description: 'old name of --dist-server' },
] as const satisfies readonly OptionSpec[];

const union = (tables: readonly (readonly OptionSpec[])[]): OptionSpec[] => {
  const seen = new Map<string, OptionSpec>();
  for (const spec of tables.flat()) if (!seen.has(spec.name)) seen.set(spec.name, { ...spec, default: spec.type === 'boolean' ? spec.default : undefined }); // the subcommands' own defaults apply
  return [...seen.values()];
};

export const toolchainCommand: readonly OptionSpec[] = [...generatorOnly, ...union([toolchainOptions.install, toolchainOptions.lock, toolchainOptions.bump])];

export const toolchainDefinition: CommandDef = {
  cli: 'toolchain',
  generator: 'toolchain',
  summary: 'Install (default), --lock or --bump a pinned toolchain, as `ostoo toolchain install|lock|bump`',
  args: [],
  options: toolchainCommand,
  yes: false,
};
