import type { CommandDef, OptionSpec } from '../command/model.js';

// `ostoo toolchain <sub>` options, one table per subcommand; `yo ostoo:toolchain` takes them all
// (plus --lock, --bump and --toolchain to choose what it does), so the two cannot drift apart.
const lockfile = {
  name: 'lockfile',
  type: 'string',
  description: 'lock file (default ./toolchains.lock, else the one ostoo ships)',
} as const;
const distServer = {
  name: 'dist-server',
  type: 'string',
  description: 'dist server or mirror (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)',
} as const;
const cache = {
  name: 'cache',
  type: 'string',
  description: 'download cache (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo)',
} as const;
const offline = {
  name: 'offline',
  type: 'boolean',
  description: 'use only the cache; fail if anything is missing',
} as const;
const host = { name: 'host', type: 'string', description: 'host triple (default: this machine)' } as const;
const quiet = { name: 'quiet', alias: 'q', type: 'boolean', description: 'print nothing but errors' } as const;
const cacheWrite = {
  name: 'cache-write',
  type: 'string',
  description: 'writable cache for new entries; --cache is then only read (a shared, read-only cache)',
} as const;

export const toolchainOptions = {
  lock: [
    distServer,
    {
      name: 'hosts',
      type: 'array',
      description: "host triples to cover (comma-separated; default: the entry's, else 4 Linux/macOS hosts)",
    },
    { ...lockfile, description: 'lock file to update', default: 'toolchains.lock' },
    { name: 'components', type: 'array', description: 'required components, NAME or NAME@TARGET (replaces the list)' },
    {
      name: 'optional',
      type: 'array',
      description: 'optional components, skipped with a note when unavailable (replaces the list)',
    },
    { name: 'add', type: 'array', description: 'add required components' },
    { name: 'remove', type: 'array', description: 'remove components' },
    {
      name: 'manifest',
      type: 'string',
      description: 'lock from this manifest file instead of fetching (its sha256 stays unknown)',
    },
    { name: 'sizes', type: 'boolean', description: 'ask the server for artifact sizes', default: true },
  ],
  install: [
    lockfile,
    distServer,
    {
      ...cache,
      description:
        'download cache (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo); only read when not writable or with --cache-write',
    },
    cacheWrite,
    offline,
    { name: 'prefix', type: 'string', description: "install a plain toolchain into DIR instead of rustup's layout" },
    host,
    {
      name: 'keep-archives',
      type: 'boolean',
      description: 'also keep the downloaded archives in the cache (for `verify` and re-extraction)',
    },
    {
      name: 'timeout',
      type: 'string',
      description:
        'a download stalls when it waits this long (seconds) for an answer or gets under 1 KiB/s for this long (default 30)',
    },
    {
      name: 'deadline',
      type: 'string',
      description: 'total time in seconds for each download, retries included (default 1800)',
    },
    quiet,
  ],
  list: [lockfile, host],
  verify: [
    lockfile,
    { ...distServer, description: 'where to fetch artifacts missing from the cache' },
    { ...cache, description: 'download cache' },
    { ...cacheWrite, description: 'writable cache for new entries; --cache is then only read' },
    { ...offline, description: 'use only the cache' },
    { name: 'prefix', type: 'string', description: 'verify a toolchain installed with --prefix DIR' },
    host,
    quiet,
  ],
  bump: [
    { name: 'keep', type: 'boolean', description: 'keep the old entry in toolchains.lock' },
    {
      name: 'skip-install',
      type: 'boolean',
      description: 'do not provision the new toolchain (it must already be installed)',
    },
    distServer,
    { ...cache, description: 'download cache' },
    {
      name: 'search-days',
      type: 'string',
      description: 'how far back to look for a date with every component',
      default: '14',
    },
    {
      name: 'hosts',
      type: 'array',
      description:
        "host triples the new entry covers (comma-separated; default: the workspace lock entry's, else this machine's)",
    },
  ],
  mirror: [
    {
      name: 'hosts',
      type: 'array',
      description: 'host triples to carry (comma-separated; default: every host the lock covers)',
    },
    lockfile,
    { ...distServer, description: 'where to fetch from (default $OSTOO_DIST_SERVER, $RUSTUP_DIST_SERVER, upstream)' },
    { ...cache, description: 'cache holding the archives of pinned sysroots (default: as for install)' },
    { ...quiet, description: 'print only the summary' },
  ],
  export: [
    {
      name: 'from',
      type: 'string',
      description: 'the installed toolchain directory to export, instead of NAME',
    },
    {
      name: 'components',
      type: 'array',
      description: 'export only these installed components, NAME or NAME@TARGET (default: all; rustc is needed)',
    },
    { ...quiet, description: 'print only the summary' },
  ],
  gc: [
    {
      name: 'lockfile',
      type: 'array',
      description:
        'locks whose entries to keep (repeat or comma-separate; default ./toolchains.lock, else the one ostoo ships)',
    },
    { ...cache, description: 'cache to clean (default $OSTOO_CACHE_DIR, $XDG_CACHE_HOME/ostoo, ~/.cache/ostoo)' },
    { name: 'dry-run', type: 'boolean', description: 'only say what would be removed' },
  ],
} as const satisfies Record<string, readonly OptionSpec[]>;

/** The generator's own switches; every other option is a subcommand's (first description wins). */
const generatorOnly = [
  {
    name: 'toolchain',
    type: 'string',
    description: "pinned toolchain to install or lock, e.g. nightly-2026-05-20 (default: the lock's only entry)",
  },
  { name: 'lock', type: 'boolean', description: 'write the lock entry (`ostoo toolchain lock`) instead of installing' },
  {
    name: 'bump',
    type: 'string',
    description: 're-pin this workspace to nightly DATE or latest (`ostoo toolchain bump`)',
  },
  {
    name: 'mirror',
    type: 'string',
    description: 'write a static dist tree of the locked toolchains into this directory (`ostoo toolchain mirror`)',
  },
  {
    name: 'gc',
    type: 'boolean',
    description: 'remove cache entries the lock file does not reference (`ostoo toolchain gc`)',
  },
  { name: 'server', type: 'string', description: 'old name of --dist-server' },
] as const satisfies readonly OptionSpec[];

const union = (tables: readonly (readonly OptionSpec[])[]): OptionSpec[] => {
  const seen = new Map<string, OptionSpec>();
  for (const spec of tables.flat())
    if (!seen.has(spec.name))
      seen.set(spec.name, { ...spec, default: spec.type === 'boolean' ? spec.default : undefined }); // the subcommands' own defaults apply
  return [...seen.values()];
};

export const toolchainCommand: readonly OptionSpec[] = [
  ...generatorOnly,
  ...union([
    toolchainOptions.install,
    toolchainOptions.lock,
    toolchainOptions.bump,
    toolchainOptions.mirror,
    toolchainOptions.gc,
  ]),
];

export const toolchainDefinition: CommandDef = {
  cli: 'toolchain',
  generator: 'toolchain',
  summary:
    'Install (default), --lock, --bump, --mirror or --gc pinned toolchains, as `ostoo toolchain install|lock|bump|mirror|gc`',
  args: [],
  options: toolchainCommand,
  cliOnly: { list: 'ostoo toolchain list', verify: 'ostoo toolchain verify' },
  yes: false,
};
