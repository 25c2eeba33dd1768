// A team's caches: a shared cache that installs only read (--cache-write, or a cache this
// user cannot write), and many processes installing at once into one writable cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, readdirSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { installToolchain } from '../../src/provisioning/install.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { readLock } from '../../src/lock/file.js';
import { fixture } from '../helpers/fixture.js';
import { NAME } from '../helpers/dist-server.js';
import { installArgs } from '../helpers/cli.js';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Every entry under `dir` with what a write would change (directories' mtimes included). */
function snapshot(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((rel) => {
      const st = lstatSync(path.join(dir, rel));
      return `${rel} ${st.mode.toString(8)} ${st.isDirectory() ? '' : st.size} ${st.mtimeMs}`;
    })
    .concat(`. ${lstatSync(dir).mtimeMs}`);
}

function artifactGets(log: readonly string[]): string[] {
  return log.filter((l) => l.startsWith('GET') && l.includes('.tar.'));
}

test('--cache-write: the given cache is only read, new entries go to the writable one', async () => {
  const f = await fixture();
  try {
    const shared = path.join(f.root, 'shared');
    const mine = path.join(f.root, 'mine');
    await installToolchain(f.opts({ cacheDir: shared }));
    const before = snapshot(shared);
    const served = f.server.log.length;
    const res = await installToolchain(
      f.opts({ cacheDir: shared, cacheWriteDir: mine, rustupHome: path.join(f.root, 'home2') }),
    );
    assert.equal(res.alreadyInstalled, false);
    assert.deepEqual(artifactGets(f.server.log.slice(served)), [], 'everything came from the shared cache');
    assert.deepEqual(snapshot(shared), before, 'nothing under the shared cache changed');
    assert.ok(!existsSync(path.join(mine, 'trees')), 'nothing needed writing');
    assert.deepEqual(
      (await verifyToolchain(f.opts({ rustupHome: path.join(f.root, 'home2'), cacheDir: shared, cacheWriteDir: mine })))
        .problems,
      [],
    );

    // An entry the shared cache lacks is fetched into the writable cache only.
    const lock = await readLock(f.lockfile);
    const cargoSha = lock.toolchains[NAME]!.hosts[f.host]!.artifacts.find((a) => a.component === 'cargo')!.gz!.sha256;
    await rm(path.join(shared, 'trees/sha256', cargoSha), { recursive: true });
    const partial = snapshot(shared);
    await installToolchain(f.opts({ cacheDir: shared, cacheWriteDir: mine, rustupHome: path.join(f.root, 'home3') }));
    assert.deepEqual(snapshot(shared), partial);
    assert.deepEqual(await readdir(path.join(mine, 'trees/sha256')), [cargoSha]);
  } finally {
    await f.cleanup();
  }
});

test('a cache this user cannot write is used read-only; new entries go to the user cache and nothing under it is written', async () => {
  const f = await fixture();
  try {
    const shared = path.join(f.root, 'shared');
    await installToolchain(f.opts({ cacheDir: shared }));
    const lock = await readLock(f.lockfile);
    const cargoSha = lock.toolchains[NAME]!.hosts[f.host]!.artifacts.find((a) => a.component === 'cargo')!.gz!.sha256;
    await rm(path.join(shared, 'trees/sha256', cargoSha), { recursive: true });
    // The user: nobody when we are root (modes do not bind root), else ourselves with the write bits gone.
    const user = path.join(f.root, 'user');
    await mkdir(user);
    chmodSync(f.root, 0o755);
    if (asRoot) chownSync(user, NOBODY, NOBODY);
    else
      for (const d of [shared, ...readdirSync(shared, { recursive: true }).map((r) => path.join(shared, String(r)))])
        if (lstatSync(d).isDirectory()) chmodSync(d, 0o555);
    const before = snapshot(shared);
    const r = await run(process.execPath, [bin, ...installArgs(f, { cache: shared })], {
      env: {
        ...process.env,
        HOME: user,
        XDG_CACHE_HOME: path.join(user, '.cache'),
        RUSTUP_HOME: path.join(user, 'rustup'),
        OSTOO_CACHE_DIR: '',
      },
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    assert.match(
      r.stderr,
      new RegExp(
        `the cache ${shared} is read-only: using it, and writing new entries to ${path.join(user, '.cache', 'ostoo')}`,
      ),
    );
    assert.deepEqual(snapshot(shared), before, 'nothing under the read-only cache changed');
    assert.deepEqual(await readdir(path.join(user, '.cache/ostoo/trees/sha256')), [cargoSha]);
    assert.deepEqual(
      (
        await verifyToolchain(
          f.opts({
            rustupHome: path.join(user, 'rustup'),
            cacheDir: shared,
            cacheWriteDir: path.join(user, '.cache/ostoo'),
          }),
        )
      ).problems,
      [],
    );
  } finally {
    if (!asRoot)
      for (const d of readdirSync(f.root, { recursive: true }).map((r) => path.join(f.root, String(r))))
        if (lstatSync(d).isDirectory()) chmodSync(d, 0o755);
    await f.cleanup();
  }
});

test('8 processes install at once into two homes sharing one writable cache: one installs per home, all verify, nothing is left over', async () => {
  const f = await fixture();
  try {
    const homes = [path.join(f.root, 'home-a'), path.join(f.root, 'home-b')];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const child = spawn(process.execPath, [bin, ...installArgs(f)], {
          env: { ...process.env, RUSTUP_HOME: homes[i % 2] },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += d));
        child.stderr.on('data', (d: Buffer) => (err += d));
        return new Promise<{ home: string; code: number | null; out: string; err: string }>((resolve) =>
          child.on('close', (code) => resolve({ home: homes[i % 2] as string, code, out, err })),
        );
      }),
    );
    for (const r of results) assert.equal(r.code, 0, r.err);
    for (const home of homes) {
      const mine = results.filter((r) => r.home === home);
      assert.equal(
        mine.filter((r) => new RegExp(`^${NAME} installed in `).test(r.out)).length,
        1,
        'exactly one process installed into each home',
      );
      assert.equal(mine.filter((r) => /is already installed/.test(r.out)).length, 3);
      assert.deepEqual((await verifyToolchain(f.opts({ rustupHome: home }))).problems, []);
      assert.deepEqual(
        (await readdir(path.join(home, 'tmp'))).filter((n) => n.startsWith('.ostoo')),
        [],
        'no lock or staging directory is left',
      );
    }
    const lock = await readLock(f.lockfile);
    const shas = lock.toolchains[NAME]!.hosts[f.host]!.artifacts.map((a) => a.gz!.sha256).sort();
    assert.deepEqual((await readdir(path.join(f.cacheDir, 'trees/sha256'))).sort(), shas);
    for (const s of shas) assert.ok(existsSync(path.join(f.cacheDir, 'trees/sha256', s, '.ostoo-tree.json')));
    assert.deepEqual(existsSync(path.join(f.cacheDir, 'tmp')) ? await readdir(path.join(f.cacheDir, 'tmp')) : [], []);
  } finally {
    await f.cleanup();
  }
});
