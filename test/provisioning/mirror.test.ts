// `ostoo toolchain mirror`: a static dist tree that a plain file server, or the file system
// itself (file://, a directory), serves to ostoo and to rustup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { installToolchain } from '../../src/provisioning/install.js';
import { mirrorToolchains } from '../../src/provisioning/mirror-tree.js';
import { verifyToolchain } from '../../src/provisioning/status.js';
import { readLock } from '../../src/lock/file.js';
import { lockToolchain } from '../../src/provisioning/lock-toolchain.js';
import { COMPRESSIONS } from '../../src/lock/schema.js';
import { fixture, type Fixture } from '../helpers/fixture.js';
import { DATE, NAME, sha256 } from '../helpers/dist-server.js';
import { serveDirectory } from '../helpers/static-server.js';
import { ostooBin } from '../helpers/paths.js';

const run = promisify(execFile);
const bin = ostooBin;
const rustup = path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin', 'rustup');
const noRustup = existsSync(rustup) ? false : `no rustup at ${rustup}`;

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Every locked URL of the host as a path in the tree, with its hash. */
async function lockedFiles(f: Fixture): Promise<Map<string, string>> {
  const lock = await readLock(f.lockfile);
  const out = new Map<string, string>();
  for (const a of lock.toolchains[NAME]!.hosts[f.host]!.artifacts) {
    for (const c of COMPRESSIONS) if (a[c]) out.set(new URL(a[c].url).pathname.slice(1), a[c].sha256);
  }
  return out;
}

async function rustupInstalls(f: Fixture, server: string): Promise<string> {
  const home = path.join(f.root, 'rustup-by-rustup');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RUSTUP_HOME: home,
    RUSTUP_DIST_SERVER: server,
    RUSTUP_UPDATE_ROOT: 'http://127.0.0.1:9/rustup',
  };
  delete env.RUSTUP_TOOLCHAIN;
  await run(
    rustup,
    [
      'toolchain',
      'install',
      NAME,
      '--profile',
      'minimal',
      '-c',
      'rust-src',
      '-c',
      'llvm-tools',
      '-t',
      'x86_64-unknown-linux-musl',
      '--no-self-update',
    ],
    { env },
  );
  return home;
}

test(
  'mirror, serve with a plain static server: ostoo and rustup both install from it, and match the lock',
  { skip: noRustup },
  async () => {
    const f = await fixture({ xz: true });
    const out = path.join(f.root, 'mirror');
    try {
      const res = await run(process.execPath, [
        bin,
        'toolchain',
        'mirror',
        out,
        NAME,
        '--lockfile',
        f.lockfile,
        '--dist-server',
        f.server.url,
        '--hosts',
        f.host,
      ]);
      assert.match(
        res.stdout,
        new RegExp(`^mirrored ${NAME} for ${f.host} into ${out}: \\d+ files, [\\d.]+ MiB fetched, 0 skipped`),
      );
      const locked = await lockedFiles(f);
      const files = await filesUnder(out);
      for (const [rel, sha] of locked) {
        assert.ok(files.includes(rel), `${rel} is mirrored`);
        assert.equal(sha256(await readFile(path.join(out, rel))), sha);
      }
      // The lock knows the manifest's sha256, so the mirror carries upstream's bytes.
      const manifestRel = `dist/${DATE}/channel-rust-nightly.toml`;
      assert.deepEqual(await readFile(path.join(out, manifestRel)), f.server.files.get(`/${manifestRel}`));
      assert.equal(
        (await readFile(path.join(out, `${manifestRel}.sha256`), 'utf8')).split(/\s/)[0],
        sha256(await readFile(path.join(out, manifestRel))),
      );
      assert.ok(!existsSync(path.join(out, '.ostoo-tmp')));

      // A re-run fetches nothing.
      const before = f.server.log.length;
      const again = await mirrorToolchains({
        out,
        names: [NAME],
        lockfile: f.lockfile,
        distServer: f.server.url,
        quiet: true,
      });
      assert.equal(again.skipped, locked.size);
      assert.equal(again.fetchedBytes, 0);
      assert.deepEqual(
        f.server.log.slice(before).filter((l) => !l.includes('channel-rust')),
        [],
      );

      const stat = await serveDirectory(out);
      try {
        await installToolchain(f.opts({ distServer: stat.url }));
        assert.deepEqual((await verifyToolchain(f.opts({ distServer: stat.url }))).problems, []);
        const home = await rustupInstalls(f, stat.url);
        assert.ok(
          stat.log.some((l) => l === `GET /${manifestRel}`),
          'rustup read the mirror',
        );
        // What rustup installed matches ostoo's lock, file by file and by archive hash.
        const v = await verifyToolchain({
          name: NAME,
          lockfile: f.lockfile,
          host: f.host,
          rustupHome: home,
          cacheDir: f.cacheDir,
          distServer: stat.url,
          quiet: true,
        });
        assert.deepEqual(v.problems, []);
        const installed = parseToml(
          await readFile(
            path.join(home, 'toolchains', `${NAME}-${f.host}`, 'lib/rustlib/multirust-channel-manifest.toml'),
            'utf8',
          ),
        ) as { pkg: Record<string, { target: Record<string, { hash?: string; xz_hash?: string }> }> };
        const lock = await readLock(f.lockfile);
        for (const a of lock.toolchains[NAME]!.hosts[f.host]!.artifacts) {
          const t = installed.pkg[a.component]?.target[a.target];
          assert.equal(t?.hash, a.gz?.sha256, `${a.component} gz hash`);
          if (a.xz) assert.equal(t?.xz_hash, a.xz.sha256, `${a.component} xz hash`);
        }
      } finally {
        await stat.close();
      }
    } finally {
      await f.cleanup();
    }
  },
);

test(
  'a lock without the manifest bytes: the mirror writes one listing exactly the locked artifacts, and rustup accepts it',
  { skip: noRustup },
  async () => {
    const f = await fixture();
    const out = path.join(f.root, 'mirror');
    try {
      await writeFile(f.lockfile, (await readFile(f.lockfile, 'utf8')).replace(/^manifest_sha256 = .*$/m, ''));
      const r = await mirrorToolchains({ out, lockfile: f.lockfile, distServer: f.server.url, quiet: true });
      assert.deepEqual(r.synthesized, [NAME]);
      const text = await readFile(path.join(out, `dist/${DATE}/channel-rust-nightly.toml`), 'utf8');
      assert.match(text, /^# Written by ostoo toolchain mirror from toolchains\.lock/);
      const m = parseToml(text) as { pkg: Record<string, { target: Record<string, { hash?: string }> }> };
      const listed = Object.entries(m.pkg)
        .flatMap(([p, v]) => (p === 'rust' ? [] : Object.keys(v.target).map((t) => `${p}@${t}`)))
        .sort();
      const lock = await readLock(f.lockfile);
      assert.deepEqual(
        listed,
        lock.toolchains[NAME]!.hosts[f.host]!.artifacts.map((a) => `${a.component}@${a.target}`).sort(),
      );
      const stat = await serveDirectory(out);
      try {
        const home = await rustupInstalls(f, stat.url);
        const v = await verifyToolchain({
          name: NAME,
          lockfile: f.lockfile,
          host: f.host,
          rustupHome: home,
          cacheDir: f.cacheDir,
          distServer: stat.url,
          quiet: true,
        });
        assert.deepEqual(v.problems, []);
      } finally {
        await stat.close();
      }
    } finally {
      await f.cleanup();
    }
  },
);

test('file:// and a plain directory install with no HTTP server at all; a tampered file is refused by name and hashes', async () => {
  const f = await fixture();
  const out = path.join(f.root, 'mirror');
  try {
    await mirrorToolchains({ out, lockfile: f.lockfile, distServer: f.server.url, quiet: true });
    await f.server.close();
    const url = pathToFileURL(out).href;
    // Locking from the mirror (a lab with no internet) gives the same entry, byte for byte.
    const relock = path.join(f.root, 'relock.toml');
    await lockToolchain({ name: NAME, lockfile: relock, distServer: url, hosts: [f.host] });
    assert.equal(await readFile(relock, 'utf8'), await readFile(f.lockfile, 'utf8'));
    await installToolchain(f.opts({ distServer: url }));
    assert.deepEqual((await verifyToolchain(f.opts({ distServer: url }))).problems, []);
    // A plain directory, through the CLI, with a fresh cache and home.
    const env = { ...process.env, RUSTUP_HOME: path.join(f.root, 'home2') };
    await run(
      process.execPath,
      [
        bin,
        'toolchain',
        'install',
        NAME,
        '--lockfile',
        f.lockfile,
        '--dist-server',
        out,
        '--cache',
        path.join(f.root, 'cache2'),
        '--host',
        f.host,
        '--quiet',
      ],
      { env },
    );
    assert.ok(existsSync(path.join(f.root, 'home2/toolchains', `${NAME}-${f.host}`, 'bin/rustc')));

    const rel = [...(await lockedFiles(f)).keys()].find((p) => p.includes('cargo-nightly')) as string;
    const want = (await lockedFiles(f)).get(rel) as string;
    const data = await readFile(path.join(out, rel));
    data[data.length >> 1] = (data[data.length >> 1] as number) ^ 1;
    await writeFile(path.join(out, rel), data);
    const got = sha256(data);
    await assert.rejects(
      run(
        process.execPath,
        [
          bin,
          'toolchain',
          'install',
          NAME,
          '--lockfile',
          f.lockfile,
          '--dist-server',
          url,
          '--cache',
          path.join(f.root, 'cache3'),
          '--host',
          f.host,
          '--quiet',
        ],
        { env: { ...process.env, RUSTUP_HOME: path.join(f.root, 'home3') } },
      ),
      (err: { stderr: string }) => {
        assert.ok(err.stderr.includes(path.join(out, rel)), err.stderr);
        assert.ok(err.stderr.includes(`expected ${want}`), err.stderr);
        assert.ok(err.stderr.includes(`got ${got}`), err.stderr);
        return true;
      },
    );
    assert.ok(!existsSync(path.join(f.root, 'home3/toolchains', `${NAME}-${f.host}`)));
    // A missing directory is named, not retried.
    await assert.rejects(
      installToolchain(
        f.opts({
          distServer: path.join(f.root, 'nope'),
          cacheDir: path.join(f.root, 'cache4'),
          rustupHome: path.join(f.root, 'home4'),
        }),
      ),
      /nope is not a directory/,
    );
  } finally {
    await f.cleanup();
  }
});

test('a mirror run killed by SIGKILL mid-file, then re-run, completes and leaves no partial file', async () => {
  const f = await fixture();
  const out = path.join(f.root, 'mirror');
  try {
    const child = spawn(
      process.execPath,
      [bin, 'toolchain', 'mirror', out, '--lockfile', f.lockfile, '--dist-server', f.server.url],
      {
        env: { ...process.env, OSTOO_TEST_MIRROR_PAUSE_MS: '60000' },
        stdio: 'ignore',
      },
    );
    // The run's work directory (.ostoo-tmp/mirror-PID-XXXXXX), holding more than its owner record.
    const workFiles = async (): Promise<string[]> => {
      const tmp = path.join(out, '.ostoo-tmp');
      const work = existsSync(tmp) ? (await readdir(tmp)).find((n) => n.startsWith(`mirror-${child.pid}-`)) : undefined;
      return work ? (await readdir(path.join(tmp, work))).filter((n) => n !== '.ostoo-owner') : [];
    };
    const end = Date.now() + 20_000;
    while ((await workFiles()).length === 0) {
      if (Date.now() > end) throw new Error('the mirror never started writing');
      await new Promise((r) => setTimeout(r, 20));
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const locked = await lockedFiles(f);
    // Whatever is in place is complete; the rest sits only in the dead run's temp directory.
    for (const rel of await filesUnder(path.join(out, 'dist')).catch(() => [])) {
      assert.equal(
        sha256(await readFile(path.join(out, 'dist', rel))),
        locked.get(`dist/${rel}`),
        `dist/${rel} is complete`,
      );
    }
    const r = await mirrorToolchains({ out, lockfile: f.lockfile, distServer: f.server.url, quiet: true });
    assert.equal(r.files, locked.size + 2);
    assert.ok(!existsSync(path.join(out, '.ostoo-tmp')), 'no temp directory is left');
    for (const [rel, sha] of locked) assert.equal(sha256(await readFile(path.join(out, rel))), sha);
    await installToolchain(f.opts({ distServer: out }));
  } finally {
    await f.cleanup();
  }
});

test('mirror refuses an unknown host or toolchain, and a failed fetch, without leaving OUT behind', async () => {
  const f = await fixture();
  const out = path.join(f.root, 'mirror');
  try {
    await assert.rejects(
      mirrorToolchains({
        out,
        lockfile: f.lockfile,
        distServer: f.server.url,
        hosts: ['riscv64gc-unknown-linux-gnu'],
        quiet: true,
      }),
      /has no artifacts of nightly-2026-05-20 for riscv64gc-unknown-linux-gnu \(it covers /,
    );
    await assert.rejects(
      mirrorToolchains({
        out,
        names: ['nightly-2026-01-01'],
        lockfile: f.lockfile,
        distServer: f.server.url,
        quiet: true,
      }),
      /nightly-2026-01-01/,
    );
    assert.ok(!existsSync(out));
    for (const p of [...f.server.files.keys()]) if (p.endsWith('.tar.gz')) f.server.files.delete(p);
    await assert.rejects(
      mirrorToolchains({ out, lockfile: f.lockfile, distServer: f.server.url, quiet: true }),
      /HTTP 404/,
    );
    assert.ok(!existsSync(out), 'nothing was placed, so OUT is gone again');
  } finally {
    await f.cleanup();
  }
});
