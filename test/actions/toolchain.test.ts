// The toolchain-actions layer: answers become one resolved action (lock file, dist server,
// cache, limits, default name), and `ostoo toolchain <sub>` and `yo ostoo:toolchain` hand it
// identical actions for the same options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import helpers from 'yeoman-test';
import {
  actionObserver,
  resolveBump,
  resolveGc,
  resolveInstall,
  resolveList,
  resolveLock,
  resolveMirror,
  type ActionContext,
  type ToolchainAction,
} from '../../src/actions/toolchain.js';
import { shippedLockPath } from '../../src/lock/file.js';
import { OstooError } from '../../src/errors.js';
import { main } from '../../src/cli/main.js';
import { generatorPath } from '../helpers/paths.js';

// yeoman-test's cd() leaves the process there: every run here returns to where the test started.
const startCwd = process.cwd();

async function inTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ostoo-actions-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ctxAt = (cwd: string): ActionContext => ({ cwd, help: 'ostoo toolchain install' });

test('install: relative paths resolve against the context, the lock file is resolved once, limits in ms', async () => {
  await inTmp(async (dir) => {
    const { install } = await resolveInstall(
      'nightly-2026-05-20',
      {
        lockfile: 'my.lock',
        'dist-server': 'file:///srv/dist',
        cache: 'c',
        'cache-write': 'w',
        prefix: 'p',
        host: 'x86_64-unknown-linux-gnu',
        'keep-archives': true,
        timeout: '2.5',
        deadline: '60',
        offline: true,
        quiet: true,
      },
      ctxAt(dir),
    );
    assert.deepEqual(install, {
      name: 'nightly-2026-05-20',
      lockfile: path.join(dir, 'my.lock'),
      distServer: 'file:///srv/dist',
      cacheDir: path.join(dir, 'c'),
      cacheWriteDir: path.join(dir, 'w'),
      prefix: path.join(dir, 'p'),
      host: 'x86_64-unknown-linux-gnu',
      keepArchives: true,
      offline: true,
      quiet: true,
      retry: { stallTimeoutMs: 2500, deadlineMs: 60000 },
    });
  });
});

test('install: no lock file given is ./toolchains.lock when present, else the shipped one', async () => {
  await inTmp(async (dir) => {
    assert.equal((await resolveInstall(undefined, {}, ctxAt(dir))).install.lockfile, shippedLockPath);
    await writeFile(path.join(dir, 'toolchains.lock'), '');
    assert.equal((await resolveInstall(undefined, {}, ctxAt(dir))).install.lockfile, path.join(dir, 'toolchains.lock'));
  });
});

test("install: the default name is rust-toolchain.toml's dated channel; an undated one is not a name", async () => {
  await inTmp(async (dir) => {
    assert.equal((await resolveInstall(undefined, {}, ctxAt(dir))).install.name, undefined);
    await writeFile(path.join(dir, 'rust-toolchain.toml'), '[toolchain]\nchannel = "nightly-2026-05-20"\n');
    assert.equal((await resolveInstall(undefined, {}, ctxAt(dir))).install.name, 'nightly-2026-05-20');
    assert.equal((await resolveInstall('nightly-2026-06-01', {}, ctxAt(dir))).install.name, 'nightly-2026-06-01');
    await writeFile(path.join(dir, 'rust-toolchain.toml'), '[toolchain]\nchannel = "nightly"\n');
    assert.equal((await resolveInstall(undefined, {}, ctxAt(dir))).install.name, undefined);
  });
});

test('install: --timeout and --deadline must be seconds above 0, refused with the caller’s help', async () => {
  for (const [k, v] of [
    ['timeout', '0'],
    ['timeout', 'abc'],
    ['deadline', '-1'],
    ['deadline', 'Infinity'],
  ] as const) {
    await assert.rejects(
      resolveInstall(undefined, { [k]: v }, { cwd: '/', help: 'yo ostoo:toolchain' }),
      (e: Error) =>
        e instanceof OstooError &&
        e.message === `--${k}: expected a number of seconds above 0, got '${v}' — see \`yo ostoo:toolchain --help\``,
    );
  }
});

test('the old --server names the dist server when --dist-server is absent', async () => {
  const { install } = await resolveInstall(undefined, { server: 'file:///old' }, ctxAt('/'));
  assert.equal(install.distServer, 'file:///old');
  const both = await resolveInstall(undefined, { server: 'file:///old', 'dist-server': 'file:///new' }, ctxAt('/'));
  assert.equal(both.install.distServer, 'file:///new');
});

test('lock: lists are split at commas whether given repeated or joined; the lock file defaults beside cwd', () => {
  const { lock } = resolveLock(
    'nightly-2026-05-20',
    { hosts: ['a-b-c,d-e-f'], components: ['rustc', 'cargo,rust-src'], add: ['x'], sizes: false, manifest: 'm.toml' },
    ctxAt('/w'),
  );
  assert.deepEqual(lock, {
    name: 'nightly-2026-05-20',
    lockfile: '/w/toolchains.lock',
    hosts: ['a-b-c', 'd-e-f'],
    required: ['rustc', 'cargo', 'rust-src'],
    add: ['x'],
    manifestFile: '/w/m.toml',
    sizes: false,
  });
});

test('bump: --cache is resolved against the context', () => {
  const { bump } = resolveBump('latest', { cache: 'rel/cache', 'search-days': '3', keep: true }, ctxAt('/w'));
  assert.deepEqual(bump, {
    cwd: '/w',
    date: 'latest',
    keep: true,
    skipInstall: false,
    cacheDir: '/w/rel/cache',
    searchDays: 3,
  });
});

test('mirror and list resolve the lock file and --cache; gc never falls back to the shipped lock', async () => {
  await inTmp(async (dir) => {
    const { mirror } = resolveMirror('out', [], { cache: 'c' }, ctxAt(dir));
    assert.deepEqual(mirror, {
      out: path.join(dir, 'out'),
      names: [],
      lockfile: shippedLockPath,
      cacheDir: path.join(dir, 'c'),
      quiet: false,
    });
    assert.deepEqual(resolveList({}, ctxAt(dir)).list, { lockfile: shippedLockPath });
    await assert.rejects(resolveGc({}, ctxAt(dir)), /toolchain gc needs the lock files whose toolchains to keep/);
    assert.deepEqual((await resolveGc({ lockfile: ['a.lock,b.lock'], 'dry-run': true }, ctxAt(dir))).gc, {
      lockfiles: [path.join(dir, 'a.lock'), path.join(dir, 'b.lock')],
      dryRun: true,
    });
  });
});

// Both entry points, driven as users drive them, stopped right after the action is resolved.
class Stop extends Error {}

async function captured(run: () => Promise<unknown>): Promise<ToolchainAction> {
  let got: ToolchainAction | undefined;
  actionObserver.current = (a) => {
    got = a;
    throw new Stop('stopped after resolving');
  };
  try {
    await assert.rejects(run(), (e: Error) => e instanceof Stop || /stopped after resolving/.test(e.message));
  } finally {
    actionObserver.current = undefined;
  }
  assert.ok(got, 'an action was resolved');
  return got;
}

async function viaCli(dir: string, argv: string[]): Promise<ToolchainAction> {
  process.chdir(dir);
  try {
    return await captured(() => main(['node', 'ostoo', 'toolchain', ...argv]));
  } finally {
    process.chdir(startCwd);
  }
}

async function viaGenerator(dir: string, options: Record<string, unknown>): Promise<ToolchainAction> {
  try {
    return await captured(() =>
      helpers
        .run(generatorPath('toolchain'))
        .cd(dir)
        .withOptions(options as Record<string, never>)
        .then(() => undefined),
    );
  } finally {
    process.chdir(startCwd);
  }
}

test('ostoo toolchain and yo ostoo:toolchain hand the layer identical actions for the same options', async () => {
  await inTmp(async (dir) => {
    await writeFile(path.join(dir, 'toolchains.lock'), '');
    await writeFile(path.join(dir, 'rust-toolchain.toml'), '[toolchain]\nchannel = "nightly-2026-05-20"\n');
    const cases: [string, string[], Record<string, unknown>][] = [
      [
        'install (default name from rust-toolchain.toml, limits through seconds())',
        ['install', '--cache', 'c', '--cache-write', 'w', '--timeout', '7', '--deadline', '90', '--offline', '--quiet'],
        { cache: 'c', 'cache-write': 'w', timeout: '7', deadline: '90', offline: true, quiet: true },
      ],
      [
        'install NAME with a prefix, host and dist server',
        [
          'install',
          'nightly-2026-06-01',
          '--prefix',
          'p',
          '--host',
          'aarch64-unknown-linux-gnu',
          '--dist-server',
          'file:///m',
        ],
        { toolchain: 'nightly-2026-06-01', prefix: 'p', host: 'aarch64-unknown-linux-gnu', 'dist-server': 'file:///m' },
      ],
      [
        'lock',
        ['lock', 'nightly-2026-06-01', '--hosts', 'a-b-c,d-e-f', '--add', 'rust-src', '--lockfile', 'x.lock'],
        { lock: true, toolchain: 'nightly-2026-06-01', hosts: 'a-b-c,d-e-f', add: 'rust-src', lockfile: 'x.lock' },
      ],
      [
        'bump (--cache resolved)',
        ['bump', 'latest', '--cache', 'rel', '--search-days', '5'],
        { bump: 'latest', cache: 'rel', 'search-days': '5' },
      ],
      [
        'mirror (--cache kept)',
        ['mirror', 'out', '--cache', 'c', '--quiet'],
        { mirror: 'out', cache: 'c', quiet: true },
      ],
      ['gc', ['gc', '--cache', 'c', '--dry-run'], { gc: true, cache: 'c', 'dry-run': true }],
    ];
    for (const [what, argv, options] of cases) {
      const cli = await viaCli(dir, argv);
      const yo = await viaGenerator(dir, options);
      // bump's search-days has a CLI default (14) the generator leaves to bump: both say 5 here.
      assert.deepEqual(yo, cli, what);
    }
  });
});

test('a bad --timeout is refused by both entry points before anything runs', async () => {
  await inTmp(async (dir) => {
    process.chdir(dir);
    try {
      await assert.rejects(main(['node', 'ostoo', 'toolchain', 'install', '--timeout', '0']), {
        message: "--timeout: expected a number of seconds above 0, got '0' — see `ostoo toolchain install --help`",
      });
      await assert.rejects(
        helpers
          .run(generatorPath('toolchain'))
          .cd(dir)
          .withOptions({ timeout: '0' } as unknown as Record<string, never>),
        /--timeout: expected a number of seconds above 0, got '0' — see `yo ostoo:toolchain --help`/,
      );
    } finally {
      process.chdir(startCwd);
    }
  });
});
